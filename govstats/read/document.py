"""Read one input file into a :class:`~govstats.read.grid.Document`, recognising its format
by content (magic bytes), never by its name: .xlsx/.xlsm, legacy .xls, HTML pages,
CSV (UTF-8, UTF-8 with BOM, GB18030/GBK) and plain-text notices."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import BinaryIO

from govstats.errors import (
    EmptyInputError,
    GovstatsError,
    PasswordProtectedError,
    UnreadableInputError,
    UnsupportedFormatError,
)
from govstats.read.grid import Document, Grid
from govstats.source import Source

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_TEXT_BYTES = 50 * 2**20


def read_document(path: Path, name: str) -> Document:
    """Recognise ``path``'s format by content and read its text and table grids.

    Raises a subclass of :class:`~govstats.errors.UnreadableInputError` naming the file
    when it cannot be read; no library exception escapes.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            if head.startswith(_ZIP):
                return _read_xlsx(fh, name)
        if not head:
            raise EmptyInputError("the file is empty", Source(name))
        if head.startswith(_OLE):
            return _read_ole(path, name)
        return _read_text_file(path, name)
    except GovstatsError:
        raise
    except (OSError, ValueError, UnicodeError, csv.Error, MemoryError) as exc:
        raise UnreadableInputError(
            f"cannot be read ({type(exc).__name__}: {str(exc)[:160]})", Source(name)
        ) from None


def _read_xlsx(fh: BinaryIO, name: str) -> Document:
    from govstats.read.excel import read_workbook
    from govstats.read.safety import check_zip

    # The worksheets are read whole anyway (formulas saved without a value): inflate them once.
    with check_zip(fh, name, whole=("xl/worksheets/",)) as zf:
        if "xl/workbook.xml" not in zf:
            kind = "a Word document" if "word/document.xml" in zf else "a zip archive"
            raise UnsupportedFormatError(f"this is {kind}, not an Excel workbook", Source(name))
        grids = read_workbook(fh.name, name, zf)
    return Document(name, "xlsx", grids=grids)


def _read_ole(path: Path, name: str) -> Document:
    with open(path, "rb") as fh:
        blob = fh.read(2**20)
    # An encrypted .xlsx is an OLE container holding EncryptionInfo/EncryptedPackage streams.
    if "EncryptionInfo".encode("utf-16-le") in blob or "EncryptedPackage".encode("utf-16-le") in blob:
        raise PasswordProtectedError(
            "the workbook is password-protected: save it without a password", Source(name)
        )
    from govstats.read.excel import read_workbook

    if "Workbook".encode("utf-16-le") not in blob and "Book".encode("utf-16-le") not in blob:
        raise UnsupportedFormatError("an Office file that is not an Excel workbook", Source(name))
    return Document(name, "xls", grids=read_workbook(path, name))


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else GB18030 (what Excel on Chinese Windows writes)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise UnsupportedFormatError(
            "binary content: neither a workbook, a page nor text", Source(name)
        ) from None


def _read_text_file(path: Path, name: str) -> Document:
    from govstats.read.html import looks_like_html, read_html

    size = path.stat().st_size
    if size > _MAX_TEXT_BYTES:
        raise UnreadableInputError(
            f"the file is {size // 2**20} MB; text inputs are limited to 50 MB", Source(name)
        )
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormatError("binary content: neither a workbook, a page nor text", Source(name))
    text = decode_text(data, name)
    if not text.strip():
        raise EmptyInputError("the file holds only whitespace", Source(name))
    if looks_like_html(text[:2048]):
        lines, grids = read_html(text, name)
        return Document(name, "html", text_lines=lines, grids=grids)
    lines = text.splitlines()
    grid = _csv_grid(text, lines, name)
    if grid is not None:
        return Document(name, "csv", grids=[grid])
    return Document(name, "text", text_lines=lines)


def _csv_grid(text: str, lines: list[str], name: str) -> Grid | None:
    """The text as one CSV grid when a delimiter splits most lines alike, else None."""
    sample = "\n".join(line for line in lines[:200] if line.strip())
    for delim in (",", "\t", ";", "|"):
        widths = [
            len(r) for r in csv.reader(io.StringIO(sample), delimiter=delim) if any(v.strip() for v in r)
        ]
        wide = [w for w in widths if w > 1]
        if len(wide) < 2:
            continue
        most = max(set(wide), key=wide.count)
        # Rows may be ragged (titles and group rows written short), never wider than the table.
        if wide.count(most) >= 2 and wide.count(most) >= 0.4 * len(widths) and max(widths) == most:
            break
    else:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    cells, row_numbers = [], []
    for record in reader:
        row_numbers.append(reader.line_num - record_lines(record) + 1)
        cells.append([v if v.strip() else None for v in record])
    return Grid(name, None, cells, row_numbers=row_numbers)


def record_lines(record: list[str]) -> int:
    """How many physical lines a CSV record spanned (quoted line breaks)."""
    return 1 + sum(v.count("\n") for v in record)
