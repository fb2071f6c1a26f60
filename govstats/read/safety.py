"""Guards applied before any library opens an archive: decompression bombs and XML
entity tricks (external entities, billion laughs) never reach a parser, and the work an
input asks for (cells, merged ranges) is bounded before it is done (:data:`MAX_CELLS`).

A workbook is small next to the memory it is read into, so the file is read once and
its parts are inflated straight from those bytes (whole by libdeflate, a head by zlib), each
at most once and never past its declared size, and handed to the reader stored
(:meth:`CheckedZip.for_reader`); :mod:`zipfile` is only used for archives out of the
ordinary (zip64, data before the archive, other compression methods)."""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from deflate import crc32  # libdeflate's: several times zlib's speed

from govstats.errors import CorruptFileError, InputTooLargeError, UnsafeInputError
from govstats.read.zipdir import (  # noqa: F401 - tests reach _entries and _zipfile_entries here
    _UTF16_STARTS,
    Entry,
    _entries,
    _zipfile_entries,
    as_utf8_xml,
    inflated,
    known,
    rebuilt,
    utf16_encoding,
)
from govstats.source import Source

MAX_CELLS = 2_000_000
"""Cells one input may span, summed over its sheets and tables (rows × columns of each,
as readers lay them out): far above any notice's annexes, far below what exhausts memory."""
MAX_MERGES = 20_000
"""Merged ranges (or HTML spans) one input may declare."""
MAX_ENTRIES = 5_000
MAX_TOTAL_BYTES = 300 * 2**20
MAX_RATIO = 200
_RATIO_FLOOR = 2**20  # small parts compress well legitimately
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_HEAD = 4096  # a DTD can only come before the root element, at the start of a part
_XML_PARTS = (".xml", ".rels", ".vml")
_LOCAL_SIZE = 30  # local file header: signature, 5 shorts, 3 longs, name and extra lengths
_NAME_EXTRA = struct.Struct("<HH")
_LISTING_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, struct.error, NotImplementedError)


def check_extent(cells: int, name: str, where: str, merges: int = 0) -> None:
    """Refuse an input whose sheets or tables span more than :data:`MAX_CELLS` cells
    (``where`` says which, e.g. the largest sheet and its range), or declare more than
    :data:`MAX_MERGES` merged ranges, before anything is laid out."""
    if cells > MAX_CELLS:
        raise InputTooLargeError(
            f"{where}；全部表格合计{cells:,}个单元格，超过每个文件{MAX_CELLS:,}个的上限", Source(name)
        )
    if merges > MAX_MERGES:
        raise InputTooLargeError(
            f"{where}；全部表格合计{merges:,}个合并区域，超过每个文件{MAX_MERGES:,}个的上限", Source(name)
        )


class CheckedZip:
    """A zip read into memory whose size claims and XML parts passed the guards.

    ``data`` holds the file's bytes; :meth:`read` gives a part's content, inflated once."""

    def __init__(self, data: bytes, entries: list[Entry], file: str) -> None:
        self.data = data
        self._view = memoryview(data)  # parts' bytes sliced out without a copy, one view per file
        self.entries = entries  # as listed, twins and all
        self._entries = {e.name: e for e in entries}
        self._file = file
        self._parts: dict[str, bytes] = {}
        self._zip: zipfile.ZipFile | None = None
        self.utf16: dict[str, str] = {}  # XML parts stored as UTF-16, with their encoding
        self._heads: dict[str, bytes] = {}  # what the check read of the parts it did not inflate
        self._peeked: dict[Entry, bytes] = {}  # what telling the format read, before the check

    def namelist(self) -> list[str]:
        return list(self._entries)

    def __contains__(self, name: str) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def read(self, name: str) -> bytes:
        """The whole content of part ``name`` (KeyError when absent).

        Raises :class:`CorruptFileError` when the part is truncated, damaged or does not
        match its checksum.
        """
        part = self._parts.get(name)
        if part is None:
            part = self._inflate(self._entries[name], None)
            if name in self.utf16:
                part = as_utf8_xml(part, self.utf16[name])
            self._parts[name] = part
        return part

    def head(self, name: str) -> bytes:
        """The first bytes of part ``name`` (at least the 4 KB the check read)."""
        part = self._parts.get(name, self._heads.get(name))
        return self._inflate(self._entries[name], _HEAD) if part is None else part

    def peek(self, name: str, limit: int = 65536) -> bytes:
        """The first ``limit`` bytes of part ``name`` before the archive is checked, kept for
        the check (``b""`` when absent or unreadable: the check says why)."""
        e = self._entries.get(name)
        if e is None:
            return b""
        try:
            out = self._peeked[e] = self._inflate(e, limit)
        except CorruptFileError:
            return b""
        return out

    def _check_part(self, e: Entry, whole: tuple[str, ...]) -> None:
        """Refuse an XML part that declares a DTD or entities, found in its first 4 KB; a
        part read whole anyway (``whole``: name prefixes) is inflated whole now, once."""
        size = e.file_size
        part = self._peeked.pop(e, None) if self._peeked else None
        if part is not None and len(part) == size:
            self._parts[e.name] = part  # inflated whole when the format was told
        elif size <= _HEAD or (whole and e.name.startswith(whole)):
            part = self._parts[e.name] = self._inflate(e, None)  # a later twin wins, as in read()
        else:
            part = self._heads[e.name] = self._inflate(e, _HEAD)
        if part.startswith(_UTF16_STARTS):  # searched as text: in UTF-16 a DTD's bytes are not b"<!"
            encoding = self.utf16[e.name] = utf16_encoding(part)
            self._parts.pop(e.name, None)  # read() gives it as UTF-8
            part = part[: _HEAD * 2].decode(encoding, "replace").encode("utf-8")
        # Only the head is searched; "!" (one byte: memchr) is rare in XML, so the regex seldom runs.
        if part.find(b"!", 0, _HEAD) >= 0 and _DTD.search(part, 0, _HEAD):
            raise UnsafeInputError(
                f"部件{e.name}声明了XML实体（DOCTYPE）：实体可读取其他文件或无限展开，已拒绝",
                Source(self._file),
            )

    def for_reader(self) -> bytes:
        """The archive as a reader should see it: the parts already inflated stored, so the
        reader does not inflate them again (the others as they were); rebuilt with UTF-16
        XML parts in UTF-8 (mirrors and some tools write them; calamine reads UTF-8 only); as
        stored when out of the ordinary (twin names, encryption, other methods) or large."""
        if self.utf16:
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
                for name in self._entries:
                    z.writestr(name, self.read(name))
            return out.getvalue()
        return rebuilt(self.entries, self._parts, self._payload) or self.data

    def _inflate(self, e: Entry, limit: int | None) -> bytes:
        """Part ``e``'s content, or only its first ``limit`` bytes; never more than declared."""
        whole = limit is None or e.file_size <= limit
        n = e.file_size if whole else limit
        key = None
        try:
            if e.method not in (0, 8) or e.flags & 1:
                out = self._zip_read(e, limit)
            elif e.method == 0:
                out = bytes(self._payload(e)[:n])
            elif n == 0:  # zlib reads a max_length of 0 as "no limit"
                out = b""
            else:
                key = known.key(e, n, raw := self._payload(e))  # None for a large part
                if key is not None and (out := known.parts.get(key)) is not None:
                    return out  # the same bytes inflated and checked before, in this file or another
                out = inflated(raw, n, whole)
        except Exception as exc:  # zipfile, zlib, lzma and struct each raise their own
            raise CorruptFileError(f"部件{e.name}无法读取（{exc}）", Source(self._file)) from None
        if len(out) != n or (whole and crc32(out) != e.crc):
            raise CorruptFileError(f"部件{e.name}无法读取（被截断或已损坏）", Source(self._file))
        if key is not None:
            known.remember(key, out)
        return out

    def _payload(self, e: Entry) -> memoryview:
        """The compressed bytes of ``e``, after checking its local header as zipfile does."""
        data, offset = self.data, e.offset
        if not data.startswith(b"PK\x03\x04", offset) or len(data) < offset + _LOCAL_SIZE:
            raise zipfile.BadZipFile("bad magic number for file header")
        name_len, extra_len = _NAME_EXTRA.unpack_from(data, offset + 26)
        start = offset + _LOCAL_SIZE
        if name_len != len(e.raw_name) or not data.startswith(e.raw_name, start):
            raise zipfile.BadZipFile(f"file name in directory {e.name!r} and header differ")
        start += name_len + extra_len
        raw = self._view[start : start + e.compress_size]
        if len(raw) < e.compress_size:
            raise EOFError("the part ends before its declared size")
        return raw

    def _zip_read(self, e: Entry, limit: int | None) -> bytes:
        if self._zip is None:
            self._zip = zipfile.ZipFile(io.BytesIO(self.data))
        with self._zip.open(e.name) as fh:
            return fh.read() if limit is None else fh.read(limit)

    def close(self) -> None:
        self._parts.clear()
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> CheckedZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_OPENED: dict[int, CheckedZip] = {}


def opened_zip(data: bytes, name: str) -> CheckedZip | None:
    """The zip in ``data`` listed, nothing checked yet, to tell its format by its parts;
    kept for the :func:`check_zip` of the same bytes that follows, which checks it (one
    listing, and a part peeked at is not inflated again). ``None`` when it cannot be listed:
    the check says why."""
    _OPENED.clear()  # one file at a time: never more than the file being read is kept
    try:
        zf = CheckedZip(data, _entries(data), name)
    except _LISTING_ERRORS:
        return None
    _OPENED[id(data)] = zf
    return zf


def check_zip(
    file: str | os.PathLike | BinaryIO | bytes, name: str, whole: tuple[str, ...] = ()
) -> CheckedZip:
    """Read ``file`` (a path, an open binary file or the file's bytes) as a zip after
    checking its size claims and its XML parts.

    XML parts whose names start with one of ``whole`` are inflated whole during the
    check (the caller will read them anyway), the others only as far as a DTD can be.

    Raises :class:`UnsafeInputError` for too large a file, too many entries, too large a
    declared size, a suspicious compression ratio, or any XML part that declares a DTD or
    entities; :class:`CorruptFileError` for a broken archive or part.
    """
    data = _bytes_of(file, name)
    checked = _OPENED.pop(id(data), None)
    if checked is None or checked.data is not data:
        checked = CheckedZip(data, _listing(data, name), name)
    checked._file = name
    _check_claims(checked.entries, name)
    for e in checked.entries:
        if e.name.endswith(_XML_PARTS):
            checked._check_part(e, whole)
    return checked


def _bytes_of(file: str | os.PathLike | BinaryIO | bytes, name: str) -> bytes:
    """The whole file, refused before reading when it is larger than any archive allowed."""
    if isinstance(file, (str, os.PathLike)):
        with open(file, "rb") as fh:
            return _bytes_of(fh, name)
    size = len(file) if isinstance(file, bytes) else os.fstat(file.fileno()).st_size
    if size > MAX_TOTAL_BYTES:
        raise UnsafeInputError(
            f"文件大小为{size / 2**20:.0f} MB，超过{MAX_TOTAL_BYTES // 2**20} MB的上限", Source(name)
        )
    if isinstance(file, bytes):
        return file
    file.seek(0)
    return file.read()


def _listing(data: bytes, name: str) -> list[Entry]:
    try:
        return _entries(data)
    except _LISTING_ERRORS as exc:
        raise CorruptFileError(f"zip结构损坏或被截断（{exc}）", Source(name)) from None


def _check_claims(entries: list[Entry], name: str) -> None:
    """Refuse an archive whose directory claims too many parts, too many bytes in all, or a
    part inflating past :data:`MAX_RATIO` times its compressed size."""
    if len(entries) > MAX_ENTRIES:
        raise UnsafeInputError(f"压缩包有{len(entries)}个部件，超过{MAX_ENTRIES}个的上限", Source(name))
    total = sum(e.file_size for e in entries)
    if total > MAX_TOTAL_BYTES:
        raise UnsafeInputError(
            f"压缩包解压后将达{total / 2**20:.0f} MB，超过{MAX_TOTAL_BYTES // 2**20} MB的上限",
            Source(name),
        )
    for e in entries:
        if e.file_size > _RATIO_FLOOR and e.file_size > MAX_RATIO * max(e.compress_size, 1):
            raise UnsafeInputError(
                f"部件{e.name}解压后膨胀{e.file_size // max(e.compress_size, 1)}倍，疑为压缩炸弹",
                Source(name),
            )
