"""Text from the data or the command line made safe for where it goes: a file name
(:func:`file_name`: every name that becomes part of a path goes through it) and an XML
document (:func:`xml_text`: Word and Excel files hold XML 1.0, which forbids some
characters outright).

What users read elsewhere (CSV, Parquet, the HTML briefing) keeps the text as printed."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from govstats.findings import finding
from govstats.source import Source

_NOT_IN_NAMES = re.compile(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|\ud800-\udfff\ufffe\uffff]+')
"""Path separators, what Windows forbids in a name, control characters, and bytes that
were no UTF-8 (lone surrogates)."""
_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$")
"""Names Windows takes for devices, with any extension."""
NAME_BYTES = 150
"""At most this many bytes (UTF-8) of a name: file systems allow 255, a suffix and the
temporary file's prefix and suffix (``.通报.docx.abc123.tmp``) need the rest."""


def file_name(text: str, max_bytes: int = NAME_BYTES) -> str:
    """``text`` as one safe file name, never a path: separators and characters a file
    system forbids become ``_``, leading and trailing dots and spaces go (``..`` is no
    name), a device name of Windows gets a ``_`` in front, and the name is cut to
    ``max_bytes`` bytes of UTF-8 on a character boundary. ``x/../../e`` is ``x_.._.._e``."""
    name = _NOT_IN_NAMES.sub("_", unicodedata.normalize("NFC", text)).strip(". \u3000")
    if _RESERVED.match(name):
        name = "_" + name
    while len(name.encode("utf-8")) > max_bytes:
        name = name[:-1].rstrip(". ")
    return name or "_"


_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What XML 1.0 cannot hold: C0 controls but tab and line breaks, U+FFFE, U+FFFF, lone
surrogates."""


def xml_text(text: str) -> str:
    """``text`` without the characters an XML document cannot hold (Word and Excel would
    refuse the file): pasted control characters, U+FFFE/U+FFFF, bytes that were no UTF-8."""
    return _XML_ILLEGAL.sub("", text) if _XML_ILLEGAL.search(text) else text


def xml_safe_tables(tables: dict[str, pd.DataFrame], what: str) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """``tables`` with every text made :func:`xml_text`, and a warning finding
    (``xml-illegal-character``) for each such text, at the first row it is on (``what``
    names the document: Word文档, Excel工作簿). Tables without such text are as they were."""
    out = dict(tables)
    said: dict[str, dict] = {}
    for name, table in tables.items():
        for column in table.columns:
            values = table[column]
            if not (pd.api.types.is_string_dtype(values.dtype) or values.dtype == object):
                continue
            hit = values.map(lambda v: isinstance(v, str) and _XML_ILLEGAL.search(v) is not None)
            hit = hit.to_numpy(dtype=bool)
            if not hit.any():
                continue
            for at in hit.nonzero()[0]:
                text = values.iloc[at]
                where = table["source"].iloc[at] if "source" in table and column != "source" else None
                said.setdefault(text, _dropped(text, where, what))
            if out[name] is table:
                out[name] = table = table.copy()
            table[column] = values.where(~hit, values[hit].map(xml_text))
    return out, list(said.values())


def _dropped(text: str, where: object, what: str) -> dict:
    chars = "、".join(dict.fromkeys(f"U+{ord(c):04X}" for c in _XML_ILLEGAL.findall(text)))
    return finding(
        "xml-illegal-character",
        Source.parse(where) if isinstance(where, str) and where else None,
        text=_XML_ILLEGAL.sub("□", text),
        what=what,
        chars=chars,
    )
