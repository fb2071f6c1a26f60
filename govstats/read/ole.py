"""Legacy .xls: the compound-file container read far enough to find the workbook stream,
and that stream's records walked to measure every sheet's real extent and find its cached
error values, before calamine builds its dense grids.

calamine aborts the process on a cell at row 65535, column 65535 (a dense grid of four
billion cells) and panics on a container cut short, so both are checked here first:
every sector a stream needs must be inside the file, every chain must end.
"""

from __future__ import annotations

import struct
from array import array
from dataclasses import dataclass, field

from govstats.errors import CorruptFileError
from govstats.read.grid import ErrorValue
from govstats.source import Source

_END_OF_CHAIN = 0xFFFFFFFE
_HEADER = struct.Struct("<8s16x5H6x9L")
_CELLS = {0x0006, 0x00BD, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E}  # blanks hold nothing
_MULRK, _BOOLERR, _FORMULA = 0x00BD, 0x0205, 0x0006
_BOUNDSHEET, _EOF, _FILEPASS = 0x0085, 0x000A, 0x002F
_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!"}
_ERRORS[0x2A] = "#N/A"
_MAX_RECORDS = 20_000_000
_BOF = 0x0809


def _u32() -> array:
    a = array("I")
    assert a.itemsize == 4  # little-endian 32-bit, as on every platform Python runs on
    return a


def _corrupt(name: str, why: str) -> CorruptFileError:
    return CorruptFileError(f"旧版Excel文件(.xls)的容器结构已损坏:{why}", Source(name))


def workbook_stream(data: bytes, name: str) -> tuple[bytes, list[str]]:
    """The Workbook (or Book) stream of the compound file ``data``, and the names of
    every stream in it."""
    if len(data) < 512:
        raise _corrupt(name, "文件不足512字节")
    fields = _HEADER.unpack_from(data)
    shift, (n_fat, first_dir, _, cutoff, first_mini, n_mini, first_difat, n_difat) = fields[4], fields[7:]
    if shift not in (9, 12):
        raise _corrupt(name, f"扇区大小 2^{shift} 无效")
    size = 1 << shift
    n_sectors = (len(data) - size) // size  # only whole sectors: a file cut short ends early

    def sector(i: int) -> bytes:
        if i >= n_sectors:
            raise _corrupt(name, f"扇区{i}超出文件末尾(文件不完整)")
        return data[(i + 1) * size : (i + 2) * size]

    per = size // 4
    difat = list(struct.unpack_from("<109L", data, 76))
    nxt, seen = first_difat, set()
    for _ in range(n_difat):
        if nxt >= n_sectors or nxt in seen:
            break
        seen.add(nxt)
        entries = struct.unpack(f"<{per}L", sector(nxt))
        difat.extend(entries[:-1])
        nxt = entries[-1]
    fat = _u32()
    for s in difat[:n_fat]:
        fat.frombytes(sector(s))

    def chain(start: int, table, limit: int) -> list[int]:
        out, s = [], start
        while s != _END_OF_CHAIN:
            if s >= len(table) or len(out) > limit:
                raise _corrupt(name, "扇区链断裂或成环")
            out.append(s)
            s = table[s]
        return out

    directory = b"".join(sector(s) for s in chain(first_dir, fat, n_sectors))
    entries = []
    for off in range(0, len(directory) - 127, 128):
        n = min(struct.unpack_from("<H", directory, off + 64)[0], 64)
        kind = directory[off + 66]
        start, length = struct.unpack_from("<LL", directory, off + 116)
        entries.append(
            (directory[off : off + max(n - 2, 0)].decode("utf-16-le", "replace"), kind, start, length)
        )
    if not entries or entries[0][1] != 5:
        raise _corrupt(name, "缺少根目录项")
    names = [e[0] for e in entries if e[1] == 2]
    stream = next((e for e in entries if e[1] == 2 and e[0] == "Workbook"), None) or next(
        (e for e in entries if e[1] == 2 and e[0] == "Book"), None
    )
    if stream is None:
        return b"", names
    _, _, start, length = stream
    if length >= cutoff:
        body = b"".join(sector(s) for s in chain(start, fat, n_sectors))
    else:  # a small stream lives in 64-byte sectors of the root's mini stream
        root = b"".join(sector(s) for s in chain(entries[0][2], fat, n_sectors))
        minifat = _u32()
        for s in chain(first_mini, fat, n_sectors)[:n_mini] if n_mini else []:
            minifat.frombytes(sector(s))
        minis = chain(start, minifat, len(root) // 64)
        if any((s + 1) * 64 > len(root) for s in minis):
            raise _corrupt(name, "小扇区超出根存储(文件不完整)")
        body = b"".join(root[s * 64 : (s + 1) * 64] for s in minis)
    if len(body) < length:
        raise _corrupt(name, "工作簿数据流短于其声明的长度(文件不完整)")
    return body[:length], names


@dataclass(slots=True)
class SheetScan:
    """One sheet's records: its name, the extent its cells span from A1, and the cells
    whose cached value is an Excel error (0-based row, column, value)."""

    name: str
    rows: int = 0
    cols: int = 0
    errors: list[tuple[int, int, ErrorValue]] = field(default_factory=list)


def scan_sheets(stream: bytes) -> tuple[list[SheetScan], bool]:
    """Every sheet the workbook's BOUNDSHEET records point at, walked from there (where
    calamine reads it) to its EOF; and whether the stream is encrypted (FILEPASS)."""
    sheets, encrypted, pos, walked = [], False, 0, 0
    while pos + 4 <= len(stream):  # the globals substream, up to its EOF
        kind, n = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4 : pos + 4 + n]
        if kind == _FILEPASS:
            encrypted = True
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
    if encrypted:
        return [s for _, s in sheets], True
    for offset, sheet in sheets:
        pos, depth = offset, 0
        while pos + 4 <= len(stream) and walked < _MAX_RECORDS:
            walked += 1
            kind, n = struct.unpack_from("<HH", stream, pos)
            depth += kind == _BOF
            if kind == _EOF:
                depth -= 1
                if depth <= 0:  # the sheet's own EOF, past any chart substream inside it
                    break
            if kind in _CELLS and n >= 4:
                row, col = struct.unpack_from("<HH", stream, pos + 4)
                last = col
                if kind == _MULRK and n >= 6:
                    last = struct.unpack_from("<H", stream, pos + 4 + n - 2)[0]
                sheet.rows, sheet.cols = max(sheet.rows, row + 1), max(sheet.cols, col + 1, last + 1)
                code = _error_code(kind, stream[pos + 4 : pos + 4 + n])
                if code is not None:
                    sheet.errors.append((row, col, ErrorValue(code)))
            pos += 4 + n
        if walked >= _MAX_RECORDS:  # no real workbook has this many; count it as too large
            sheet.rows = sheet.cols = 1 << 16
    return [s for _, s in sheets], False


def _error_code(kind: int, body: bytes) -> str | None:
    if kind == _BOOLERR and len(body) >= 8 and body[7] == 1:
        return _ERRORS.get(body[6], "#VALUE!")
    if kind == _FORMULA and len(body) >= 14 and body[6] == 2 and body[12:14] == b"\xff\xff":
        return _ERRORS.get(body[8], "#VALUE!")
    return None
