"""Legacy .xls: the workbook stream's BIFF records walked to measure every sheet's real
extent, its merges and the memory calamine would reserve for it, and to find its cached
error values, the rows and columns it hides and its rich text's raised or lowered digits,
before calamine builds its dense grids (the stream taken out of its container by :mod:`.ole`)."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from govstats.chinese import LOWERED, RAISED
from govstats.errors import CorruptFileError
from govstats.read.grid import ErrorValue

_CELLS = {0x0006, 0x00BD, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E}  # blanks hold nothing
_MULRK, _BOOLERR, _FORMULA = 0x00BD, 0x0205, 0x0006
_BOUNDSHEET, _EOF, _FILEPASS = 0x0085, 0x000A, 0x002F
_SST, _CONTINUE, _DIMENSIONS, _MERGECELLS = 0x00FC, 0x003C, 0x0200, 0x00E5
_ROW, _COLINFO = 0x0208, 0x007D
_FONT, _LABELSST = 0x0031, 0x00FD
_SCRIPTS = {1: RAISED, 2: LOWERED}  # a FONT's escapement (sss): superscript, subscript
_ROW_HIDDEN, _COL_HIDDEN = 0x20, 0x01  # ROW's fDyZero, COLINFO's fHidden
_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!"}
_ERRORS[0x2A] = "#N/A"
_MAX_RECORDS = 20_000_000
_BOF = 0x0809


@dataclass(slots=True)
class SheetScan:
    """One sheet's records: its name, the extent its cells span from A1, the cells whose
    cached value is an Excel error (0-based row, column, value), and the rows and columns it
    hides (0-based)."""

    name: str
    rows: int = 0
    cols: int = 0
    errors: list[tuple[int, int, ErrorValue]] = field(default_factory=list)
    merges: int = 0
    reserve: int = 0  # the cells calamine reserves memory for, from the DIMENSIONS record
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    # (row, column) -> (the text as calamine reads it, 261; with its raised digits as marks, 26¹)
    scripted: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)


def scan_sheets(stream: bytes) -> tuple[list[SheetScan], bool]:
    """Every sheet the workbook's BOUNDSHEET records point at, walked from there (where
    calamine reads it) to its EOF; and whether the stream is encrypted (FILEPASS)."""
    sheets, encrypted, strings = _globals(stream)
    if encrypted:
        return [s for _, s in sheets], True
    walked = 0
    for offset, sheet in sheets:
        walked = _walk_sheet(stream, offset, sheet, walked, strings)
        if walked >= _MAX_RECORDS:  # no real workbook has this many; count it as too large
            sheet.rows = sheet.cols = 1 << 16
    return [s for _, s in sheets], False


def _globals(stream: bytes) -> tuple[list[tuple[int, SheetScan]], bool, dict[int, tuple[str, str]]]:
    """The globals substream, up to its EOF: each sheet's offset and name, whether the stream
    is encrypted, the shared strings that raise or lower digits (:func:`_scripted_strings`);
    a shared-string count calamine would reserve past the strings is refused."""
    sheets, encrypted, pos, fonts, sst = [], False, 0, [], None
    while pos + 4 <= len(stream):
        kind, n = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4 : pos + 4 + n]
        if kind == _FILEPASS:
            encrypted = True
        elif kind == _FONT and len(body) >= 10:
            fonts.append(struct.unpack_from("<H", body, 8)[0])
        elif kind == _SST and len(body) >= 8:
            unique = struct.unpack_from("<l", body, 4)[0]
            sst = _check_strings(stream, pos, n, unique), unique
        elif kind == _BOUNDSHEET and len(body) >= 8:
            offset, chars = struct.unpack_from("<L", body)[0], body[6]
            raw = body[8:]
            if body[7] & 1:
                sheet_name = raw[: chars * 2].decode("utf-16-le", "replace")
            else:
                sheet_name = raw[:chars].decode("latin-1")
            sheets.append((offset, SheetScan(sheet_name)))
        elif kind == _EOF:
            break
        pos += 4 + n
    strings = {}
    if sst is not None and not encrypted and any(sss in _SCRIPTS for sss in fonts):
        strings = _scripted_strings([stream[a:b] for a, b in sst[0]], sst[1], fonts)
    return sheets, encrypted, strings


def _check_strings(stream: bytes, pos: int, n: int, unique: int) -> list[tuple[int, int]]:
    """Where in ``stream`` the SST record's body lies, and the bodies of the CONTINUE records its
    strings run on in."""
    spans, size, k = [(pos + 4, pos + 4 + n)], n, pos + 4 + n
    while k + 4 <= len(stream) and struct.unpack_from("<H", stream, k)[0] == _CONTINUE:
        more = struct.unpack_from("<H", stream, k + 2)[0]
        spans.append((k + 4, k + 4 + more))
        size, k = size + more, k + 4 + more
    if unique > size // 3 + 1:  # calamine reserves a string for each before reading one
        raise CorruptFileError(
            f"旧版Excel文件（.xls）的共享字符串表声明{unique:,}个字符串，超出其{size:,}字节所能容纳",
            None,
        )
    return spans


def _walk_sheet(stream: bytes, pos: int, sheet: SheetScan, walked: int, strings: dict) -> int:
    """``sheet``'s records from ``pos`` to its own EOF: its extent, merges, reserve, error
    cells and cells of the shared ``strings`` that raise or lower digits; the records walked
    so far (``walked``, across sheets) returned."""
    depth = 0
    while pos + 4 <= len(stream) and walked < _MAX_RECORDS:
        walked += 1
        kind, n = struct.unpack_from("<HH", stream, pos)
        if pos + 4 + n > len(stream):  # a record cut short: calamine stops with an error there
            break
        depth += kind == _BOF
        if kind == _EOF:
            depth -= 1
            if depth <= 0:  # the sheet's own EOF, past any chart substream inside it
                break
        if kind == _DIMENSIONS:
            sheet.reserve = max(sheet.reserve, _reserved(stream[pos + 4 : pos + 4 + n]))
        elif kind == _MERGECELLS and n >= 2:
            sheet.merges += struct.unpack_from("<H", stream, pos + 4)[0]
        elif kind in (_ROW, _COLINFO):
            _hidden(kind, stream[pos + 4 : pos + 4 + n], sheet)
        if kind in _CELLS and n >= 4:
            row, col = struct.unpack_from("<HH", stream, pos + 4)
            last = col
            if kind == _MULRK and n >= 6:
                last = struct.unpack_from("<H", stream, pos + 4 + n - 2)[0]
            sheet.rows, sheet.cols = max(sheet.rows, row + 1), max(sheet.cols, col + 1, last + 1)
            code = _error_code(kind, stream[pos + 4 : pos + 4 + n])
            if code is not None:
                sheet.errors.append((row, col, ErrorValue(code)))
            elif kind == _LABELSST and strings and n >= 10:
                text = strings.get(struct.unpack_from("<L", stream, pos + 10)[0])
                if text is not None:
                    sheet.scripted[row, col] = text
        pos += 4 + n
    return walked


def _hidden(kind: int, body: bytes, sheet: SheetScan) -> None:
    """A ROW record's row, or a COLINFO record's columns (at most BIFF8's 256), when hidden."""
    if kind == _ROW and len(body) >= 16 and struct.unpack_from("<H", body, 12)[0] & _ROW_HIDDEN:
        sheet.hidden_rows.add(struct.unpack_from("<H", body)[0])
    elif kind == _COLINFO and len(body) >= 10 and struct.unpack_from("<H", body, 8)[0] & _COL_HIDDEN:
        first, last = struct.unpack_from("<HH", body)
        sheet.hidden_cols.update(range(first, min(last, 255) + 1))


def _reserved(body: bytes) -> int:
    """The cells calamine reserves for a DIMENSIONS record: (last - first + 1) rows by
    columns in 32-bit unsigned arithmetic, so a first row past the last wraps to billions."""
    if len(body) == 14:
        rf, rl, cf, cl = struct.unpack_from("<LLHH", body)
    elif len(body) == 10:
        rf, rl, cf, cl = struct.unpack_from("<HHHH", body)
    else:
        return 0
    if rl < 1 or cl < 1:
        return 1
    rows = (rl - 1 - rf + 1) % 2**32
    cols = (cl - 1 - cf + 1) % 2**32
    return rows * cols


def _error_code(kind: int, body: bytes) -> str | None:
    if kind == _BOOLERR and len(body) >= 8 and body[7] == 1:
        return _ERRORS.get(body[6], "#VALUE!")
    if kind == _FORMULA and len(body) >= 14 and body[6] == 2 and body[12:14] == b"\xff\xff":
        return _ERRORS.get(body[8], "#VALUE!")
    return None


class _Strings:
    """The SST's body and its CONTINUE records' read on as one: what a string stores
    (characters, formatting runs, phonetic text) may run on from one record into the next."""

    def __init__(self, records: list[bytes]) -> None:
        self.records, self.at, self.data, self.pos = records, 0, records[0], 8

    def next_record(self, pos: int) -> None:
        self.at += 1
        self.data, self.pos = self.records[self.at], pos

    def unpack(self, fmt: str, size: int) -> tuple:
        if self.pos + size > len(self.data):  # runs and sizes move on whole to the next record
            self.next_record(0)
        found = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return found

    def text(self, chars: int, wide: int) -> str:
        """``chars`` characters; split between records, they start again in the next with a
        byte saying whether they are stored in one byte or two."""
        pieces = []
        while True:
            take = min(chars, (len(self.data) - self.pos) >> wide)
            end = self.pos + (take << wide)
            pieces.append(self.data[self.pos : end].decode("utf-16-le" if wide else "latin-1", "replace"))
            self.pos, chars = end, chars - take
            if not chars:
                return "".join(pieces)
            self.next_record(1)
            wide = self.data[0] & 0x01

    def skip(self, size: int) -> None:
        self.pos += size
        while self.pos >= len(self.data) and self.at + 1 < len(self.records):
            self.next_record(self.pos - len(self.data))


def _scripted_strings(records: list[bytes], unique: int, fonts: list[int]) -> dict[int, tuple[str, str]]:
    """The shared strings (by index) whose formatting runs raise or lower digits (a run's
    FONT escapes up or down: 26 and a superscript 1, a footnote mark): each as calamine reads
    it (261) and with those digits as marks (26¹). ``records``: the SST's body, then its
    CONTINUE records'. A damaged table ends the reading where it breaks: the strings read
    before it are kept, as calamine reads them alike."""
    out: dict[int, tuple[str, str]] = {}
    strings = _Strings(records)
    try:
        for index in range(unique):
            chars, flags = strings.unpack("<HB", 3)
            runs = strings.unpack("<H", 2)[0] if flags & 0x08 else 0
            phonetic = strings.unpack("<l", 4)[0] if flags & 0x04 else 0
            if phonetic < 0:  # would read back over what was read: damaged
                break
            text = strings.text(chars, flags & 0x01)
            formats = [strings.unpack("<HH", 4) for _ in range(runs)]
            strings.skip(phonetic)
            marked = _marked(text, formats, fonts) if formats else None
            if marked is not None and marked != text:
                out[index] = (text, marked)
    except (struct.error, IndexError):
        pass
    return out


def _marked(text: str, formats: list[tuple[int, int]], fonts: list[int]) -> str | None:
    """``text`` with the digits of its runs in a raised or lowered font as marks; ``None`` when
    its runs do not cut it where characters begin (they count UTF-16 units)."""
    units = text.encode("utf-16-le", "surrogatepass")
    starts = [2 * first for first, _ in formats]
    if starts != sorted(starts) or starts[-1] > len(units):
        return None
    pieces = [units[: starts[0]]]
    pieces += [units[a:b] for a, b in zip(starts, [*starts[1:], len(units)], strict=True)]
    try:
        decoded = [p.decode("utf-16-le") for p in pieces]
    except UnicodeDecodeError:  # a run begins inside a character outside the BMP
        return None
    marked = [decoded[0]]
    for piece, (_, font) in zip(decoded[1:], formats, strict=True):
        i = font if font < 4 else font - 1  # FONT index 4 is never written: the 5th record is 5
        table = _SCRIPTS.get(fonts[i]) if font != 4 and i < len(fonts) else None
        marked.append(piece.translate(table) if table else piece)
    return "".join(marked)
