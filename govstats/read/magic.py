"""What a file's first bytes and a zip's directory say, looked at before any reader opens
the file (:mod:`.registry` tells formats apart by them): nothing is inflated past a small
limit and nothing is parsed."""

from __future__ import annotations

import re
import struct
import zipfile

from govstats.errors import CorruptFileError
from govstats.read.safety import CheckedZip
from govstats.read.zipdir import listed_entries

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PARQUET = b"PAR1"
PDF = b"%PDF-"
"""The first bytes of a zip (.xlsx, .docx, .ods), an Office compound file (.xls, .doc, an
encrypted .xlsx/.docx), a Parquet file and a PDF."""


def zip_parts(data: bytes) -> dict:
    """The parts a zip's central directory lists, by name, nothing inflated (empty when it
    cannot be listed: the reader that opens it says why)."""
    try:
        return {e.name: e for e in listed_entries(data)}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, struct.error, NotImplementedError):
        return {}


def zip_head(data: bytes, parts: dict, part: str, limit: int = 65536) -> bytes:
    """The first ``limit`` bytes of ``part`` (``b""`` when absent or unreadable): a look at a
    small part, never more inflated than asked, before the archive is checked whole."""
    entry = parts.get(part)
    if entry is None:
        return b""
    try:
        return CheckedZip(data, [], "")._inflate(entry, limit)
    except CorruptFileError:
        return b""


_HTML_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p)\b", re.IGNORECASE | re.DOTALL
)


def looks_like_html(head: str) -> bool:
    """True when a decoded file's start is an HTML document or fragment."""
    return _HTML_START.match(head) is not None
