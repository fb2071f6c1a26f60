"""A web page saved as one file (.mht/.mhtml: a browser's "single file" save, or Word's and
WPS's "single-file web page"): a MIME message, taken apart by the standard library's email
parser; its HTML part is read as a page is (:mod:`.html`). Nothing it links is fetched."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

from govstats.errors import EmptyInputError
from govstats.read.grid import Document
from govstats.read.html import read_html
from govstats.source import Source


def read(data: bytes, name: str, path: Path | None = None) -> Document:
    """The text and tables of the saved page's first HTML part."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            text = _html_text(part)
            lines, grids = read_html(text, name)
            return Document(name, "mhtml", text_lines=lines, grids=grids)
    raise EmptyInputError("保存的网页中没有HTML内容", Source(name))


def _html_text(part) -> str:
    """The part's HTML as text: its transfer encoding undone, its charset (else
    UTF-8, else GB18030) applied."""
    raw = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    for encoding in (charset, "utf-8", "gb18030"):
        if not encoding:
            continue
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", "replace")
