"""What a file's first bytes say, looked at before any reader opens the file
(:mod:`.registry` tells formats apart by them and by a zip's parts): nothing is parsed."""

from __future__ import annotations

import re

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PARQUET = b"PAR1"
PDF = b"%PDF-"
"""The first bytes of a zip (.xlsx, .docx, .ods), an Office compound file (.xls, .doc, an
encrypted .xlsx/.docx), a Parquet file and a PDF."""


_HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p)\b", re.IGNORECASE | re.DOTALL
)


def looks_like_html(head: str) -> bool:
    """True when a decoded file's start is an HTML document or fragment."""
    return _HTML_START.match(head) is not None
