"""Office compound files (legacy .xls, .doc): the container read far enough to find the
workbook stream and to list its entries, walked once per file (telling the format and
reading it share the walk); the stream's records are measured by :mod:`.biff`.

calamine aborts the process on a cell at row 65535, column 65535 (a dense grid of four
billion cells) and panics on a container cut short, so both are checked here first:
every sector a stream needs must be inside the file, every chain must end.
"""

from __future__ import annotations

import struct
from array import array
from dataclasses import dataclass

from govstats.errors import CorruptFileError
from govstats.source import Source

_END_OF_CHAIN = 0xFFFFFFFE
_RESERVED, _DIFSECT = 0xFFFFFFFA, 0xFFFFFFFC
_RESERVE = 2**28  # bytes calamine may reserve from a header count: more is no real file
_HEADER = struct.Struct("<8s16x5H6x9L")


def _u32() -> array:
    a = array("I")
    assert a.itemsize == 4  # little-endian 32-bit, as on every platform Python runs on
    return a


def _corrupt(name: str, why: str) -> CorruptFileError:
    return CorruptFileError(f"旧版Excel文件（.xls）的容器结构已损坏：{why}", Source(name))


@dataclass(slots=True)
class _Container:
    """A compound file as calamine walks it: its bytes, sector size and sector count, every
    sector read checked to lie inside the file and every chain checked to end."""

    data: bytes
    name: str
    size: int
    n_sectors: int

    def corrupt(self, why: str) -> CorruptFileError:
        return _corrupt(self.name, why)

    def sector(self, i: int) -> bytes:
        if i >= self.n_sectors:
            raise self.corrupt(f"扇区{i}超出文件末尾（文件不完整）")
        return self.data[(i + 1) * self.size : (i + 2) * self.size]

    def chain(self, start: int, table, within: int) -> list[int]:
        """The sectors of the chain from ``start`` through ``table`` (each below ``within``)."""
        out, s, seen = [], start, set()
        while s != _END_OF_CHAIN:
            if s >= within or s >= len(table) or s in seen:
                raise self.corrupt("扇区链断裂或成环")
            seen.add(s)
            out.append(s)
            s = table[s]
        return out

    def read(self, start: int, table) -> bytes:
        """The chain from ``start`` through the FAT ``table``, joined."""
        return b"".join(self.sector(s) for s in self.chain(start, table, self.n_sectors))


def _words(chunk: bytes) -> bytes:
    return chunk[: len(chunk) // 4 * 4]


_WALKED: dict[int, tuple[bytes, tuple[bytes, list[str]]]] = {}


def workbook_stream(data: bytes, name: str) -> tuple[bytes, list[str]]:
    """The Workbook (or Book) stream of the compound file ``data``, and the names of its
    directory entries, walked as calamine walks them. calamine reserves memory by the
    header's and the directory's counts and follows every chain without looking, so a
    count past the file, a sector outside it or a chain that loops is refused here.

    The walk is kept for the next call on the same bytes (the format told, then read):
    one file at a time, never more than the file being read."""
    kept = _WALKED.pop(id(data), None)
    if kept is not None and kept[0] is data:
        return kept[1]
    _WALKED.clear()
    walked = _walk(data, name)
    if walked[0]:  # a workbook: its reader walks it next (a .doc's converter does not)
        _WALKED[id(data)] = (data, walked)
    return walked


def _walk(data: bytes, name: str) -> tuple[bytes, list[str]]:
    c, header = _container(data, name)
    first_dir, first_mini, n_mini, first_difat = header
    fat = _fat(c, first_difat)
    entries = _directory(c, c.read(first_dir, fat))
    names = [e[0] for e in entries]
    root, minifat = _mini_stream(c, fat, entries[0], first_mini, n_mini)
    stream = next((e for e in entries if e[0] == "Workbook"), None) or next(
        (e for e in entries if e[0] == "Book"), None
    )
    if stream is None:
        if len(data) % c.size:  # no whole number of sectors: the directory's end is cut off
            raise c.corrupt("文件不完整，目录被截断")
        return b"", names
    _, start, length = stream
    if length > len(data):
        raise c.corrupt("工作簿数据流声明的长度超出文件大小")
    if length >= 4096:  # calamine's own cut-off, whatever the header says
        body = c.read(start, fat)
    else:  # a small stream lives in 64-byte sectors of the root's mini stream
        minis = c.chain(start, minifat, len(root) // 64)
        body = b"".join(root[s * 64 : (s + 1) * 64] for s in minis)
    if len(body) < length:
        raise c.corrupt("工作簿数据流短于其声明的长度（文件不完整）")
    return body[:length], names


def _container(data: bytes, name: str) -> tuple[_Container, tuple[int, int, int, int]]:
    """The container's geometry from its header, and where its directory, mini FAT and
    DIFAT start and how many mini FAT sectors it has; counts past the file are refused."""
    if len(data) < 512:
        raise _corrupt(name, "文件不足512字节")
    fields = _HEADER.unpack_from(data)
    shift, mini_shift = fields[4], fields[5]
    dir_len, fat_len, first_dir, _, _, first_mini, n_mini, first_difat, _ = fields[6:]
    if shift not in (9, 12) or mini_shift != 6:
        raise _corrupt(name, f"扇区大小 2^{shift} 无效")
    size = 1 << shift
    if len(data) < size:
        raise _corrupt(name, "文件短于其文件头")
    calamine_difat_len = struct.unpack_from("<L", data, 62)[0]  # calamine reads these bytes as one
    if max(fat_len, calamine_difat_len) * 4 > _RESERVE or max(dir_len, n_mini) * size > _RESERVE:
        raise _corrupt(name, "文件头声明的扇区数大得不可能")
    c = _Container(data, name, size, -(-(len(data) - size) // size))
    return c, (first_dir, first_mini, n_mini, first_difat)


def _fat(c: _Container, first_difat: int) -> array:
    """The FAT: every sector the DIFAT (the header's 109 entries, then its own chain) names."""
    difat = list(struct.unpack_from("<109L", c.data, 76))
    nxt, seen = first_difat, set()
    while nxt < _RESERVED:
        if nxt in seen:
            raise c.corrupt("DIFAT扇区链成环")
        seen.add(nxt)
        chunk = c.sector(nxt)
        difat.extend(struct.unpack(f"<{len(chunk) // 4}L", _words(chunk)))
        nxt = difat.pop()
    fat = _u32()
    for s in difat:
        if s < _DIFSECT:  # calamine loads every such sector, not only the first fat_len
            fat.frombytes(_words(c.sector(s)))
    return fat


def _directory(c: _Container, directory: bytes) -> list[tuple[str, int, int]]:
    """The directory's entries: name, first sector, length; the root entry first."""
    entries = []
    for off in range(0, len(directory), 128):
        raw = directory[off : off + 128]
        if len(raw) < 128:
            break
        start, length = (
            struct.unpack_from("<L", raw, 116)[0],
            struct.unpack_from("<Q" if c.size == 4096 else "<L", raw, 120)[0],
        )
        entries.append((raw[:64].decode("utf-16-le", "replace").split("\x00")[0], start, length))
    if not entries:
        raise c.corrupt("缺少根目录项")
    return entries


def _mini_stream(
    c: _Container, fat: array, root_entry: tuple[str, int, int], first_mini: int, n_mini: int
) -> tuple[bytes, array]:
    """The root entry's mini stream and the mini FAT (both empty when there is none)."""
    minifat = _u32()
    if n_mini <= 0:
        return b"", minifat
    _, start, length = root_entry
    if length > len(c.data):
        raise c.corrupt("根目录项声明的长度超出文件大小")
    root = c.read(start, fat)[:length]
    for s in c.chain(first_mini, fat, c.n_sectors):
        minifat.frombytes(_words(c.sector(s)))
    return root, minifat
