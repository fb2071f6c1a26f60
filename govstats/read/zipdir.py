"""A zip's central directory read straight from the file's bytes, as entries: one parse per
file, shared by telling the format and reading it (:func:`~.safety.opened_zip`);
:mod:`zipfile` reads the directories out of the ordinary (zip64, data before the archive,
spanned). And a zip written back from parts already inflated (:func:`rebuilt`), so that
the reader after the checks does not inflate them again; a part inflated (:func:`inflated`),
each distinct small part once per process (:data:`known`); and a UTF-16 XML part as the UTF-8
calamine reads."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from typing import NamedTuple

from deflate import DeflateError, deflate_decompress

_END = struct.Struct("<4s4H2LH")  # end of central directory record
_CENTRAL = struct.Struct("<4s6H3L5H2L")  # central directory file header
# The fields of a central record the listing keeps (flags, method, crc, sizes, name, extra and
# comment lengths, offset), the others skipped: thousands of records are unpacked per second.
_CENTRAL_KEPT = struct.Struct("<8x2H4x3L3H8xL")
_LOCAL = struct.Struct("<4s5H3L2H")  # local file header


class Entry(NamedTuple):  # a tuple: thousands are made per second of reading
    name: str
    raw_name: bytes  # as stored, to compare with the local header's
    method: int
    flags: int
    crc: int
    compress_size: int
    file_size: int
    offset: int  # of the local header


def _decode_name(raw: bytes, flags: int) -> str:
    if raw.isascii():  # the usual case, and the same text in both encodings
        return raw.decode("ascii")
    return raw.decode("utf-8" if flags & 0x800 else "cp437")


def _entries(data: bytes) -> list[Entry]:
    """The central directory of the zip in ``data``; zipfile's reading when out of the ordinary."""
    end = len(data) - _END.size
    if end < 0 or data[end : end + 4] != b"PK\x05\x06":
        end = data.rfind(b"PK\x05\x06", max(0, len(data) - _END.size - 65535))
    # absent or cut short (zipfile says why), or zip64
    if end < 20 or end + _END.size > len(data) or data[end - 20 : end - 16] == b"PK\x06\x07":
        return _zipfile_entries(data)
    _, disk, cd_disk, _, count, cd_size, cd_offset, _ = _END.unpack_from(data, end)
    if disk or cd_disk or cd_offset + cd_size != end or count == 0xFFFF:
        return _zipfile_entries(data)  # spanned, preceded by other data, or zip64
    out = []
    pos, header, unpack, size = cd_offset, b"PK\x01\x02", _CENTRAL_KEPT.unpack_from, _CENTRAL.size
    new = tuple.__new__  # Entry(...) less its Python-level __new__
    for _ in range(count):
        if pos + size > end or not data.startswith(header, pos):
            return _zipfile_entries(data)
        flags, method, crc, csize, usize, n, m, k, offset = unpack(data, pos)
        if 0xFFFFFFFF in (csize, usize, offset):
            return _zipfile_entries(data)
        start = pos + size
        raw = data[start : start + n]
        name = raw.decode("ascii") if raw.isascii() else _decode_name(raw, flags)
        if "\x00" in name:
            name = name.split("\x00", 1)[0]
        out.append(new(Entry, (name, raw, method, flags, crc, csize, usize, offset)))
        pos = start + n + m + k
    if pos != end:
        return _zipfile_entries(data)
    return out


def _zipfile_entries(data: bytes) -> list[Entry]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [
            Entry(
                i.filename,
                i.orig_filename.encode("utf-8" if i.flag_bits & 0x800 else "cp437"),
                i.compress_type,
                i.flag_bits,
                i.CRC,
                i.compress_size,
                i.file_size,
                i.header_offset,
            )
            for i in zf.infolist()
        ]


_REBUILT_MAX = 16 * 2**20  # inflated bytes written stored; past it a reader inflates the parts itself
_NO_COMMENT = bytes(10)  # a central record's comment length, disk, internal and external attributes


def rebuilt(entries: list[Entry], parts: dict[str, bytes], payload: Callable[[Entry], bytes]) -> bytes | None:
    """A zip of ``entries`` in their order, the ones inflated already (``parts``, by name)
    stored, the others as the archive held them (``payload``: their compressed bytes);
    ``None`` for an archive out of the ordinary (twin names, encryption, other methods, a
    part that cannot be taken out) or one whose inflated parts are large."""
    if sum(map(len, parts.values())) > _REBUILT_MAX or len({e.name for e in entries}) != len(entries):
        return None
    out: list = []
    central: list = []
    local, pos = _LOCAL.pack, 0
    for e in entries:
        if e.flags & 1 or e.method not in (0, 8):
            return None
        data = parts.get(e.name)
        if data is not None:
            method, size = 0, len(data)
        else:
            method, size = e.method, e.file_size
            try:
                data = payload(e)  # a view: joined below without a copy of its own
            except (zipfile.BadZipFile, EOFError, ValueError):
                return None
        name, n = e.raw_name, len(e.raw_name)  # sizes written here, not after
        head = local(b"PK\x03\x04", 20, e.flags & 0x800, method, 0, 0x21, e.crc, len(data), size, n, 0)
        out += (head, name, data)
        # The central record repeats the local header's fields (from its version needed on),
        # then no comment, disk 0, no attributes, and the local header's offset.
        central += (b"PK\x01\x02\x14\x00", head[4:], _NO_COMMENT, pos.to_bytes(4, "little"), name)
        pos += 30 + n + len(data)
    listing = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(listing), pos, 0)
    out += (listing, end)
    return b"".join(out)


_WHOLE_MAX = 16 * 2**20  # libdeflate writes into a buffer of the declared size: larger parts stream


def inflated(raw: memoryview | bytes, n: int, whole: bool) -> bytes:
    """The first ``n`` bytes a deflated part holds (``whole``: all of them, ``n`` declared):
    whole by libdeflate (much faster than zlib on the small parts of a workbook); by zlib past
    :data:`_WHOLE_MAX` bytes, for a head, and for a stream libdeflate refuses, whose outcome
    (and message) is then zlib's."""
    if whole and n <= _WHOLE_MAX:
        try:
            return bytes(deflate_decompress(raw, n))  # a bytearray: parts are immutable, as zlib gives them
        except DeflateError:
            pass
    return zlib.decompressobj(-15).decompress(raw, n)


class _Known:
    """Parts inflated and checked already, by their compressed bytes, declared size and
    checksum: the same bytes inflate to the same part. Generators write many parts byte for
    byte alike in every workbook (the theme, the document properties, the relationships, the
    styles: 9 of 12 parts of a workbook alike over 1,000 varied ones), inflated once per
    process. Small parts only, at most :attr:`_HELD` of them: a few MB at most. Not the parts
    holding the cells (:attr:`DATA`): alike only in copies of one file, they would fill it."""

    LARGEST = 2**16
    DATA = ("xl/worksheets/", "xl/sharedStrings")
    _HELD = 128

    def __init__(self) -> None:
        self.parts: dict[tuple[int, int, int, bytes], bytes] = {}

    def key(self, e: Entry, n: int, raw: memoryview) -> tuple[int, int, int, bytes] | None:
        """What ``n`` bytes of part ``e`` inflated are known by; ``None`` for a part of
        :attr:`DATA` and one past :attr:`LARGEST`, inflated or not (a large part whose head
        only is inflated: its compressed bytes would be kept whole)."""
        if n > self.LARGEST or e.compress_size > self.LARGEST or e.name.startswith(self.DATA):
            return None
        return (e.crc, e.file_size, n, bytes(raw))

    def remember(self, key: tuple[int, int, int, bytes], part: bytes) -> None:
        if len(self.parts) >= self._HELD:  # seldom: a few dozen distinct over 1,000 workbooks
            self.parts.clear()  # not one by one: another thread reading may be adding to them
        self.parts[key] = part


known = _Known()


_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00?\x00", b"\x00<\x00?")


def utf16_encoding(part: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when an XML part is stored as UTF-16, else None."""
    if not part.startswith(_UTF16_STARTS):
        return None
    return "utf-16-le" if part[:1] in (b"\xff", b"<") else "utf-16-be"


def as_utf8_xml(part: bytes, encoding: str) -> bytes:
    """A UTF-16 XML part as UTF-8, its declaration saying so (calamine reads UTF-8 only)."""
    text = part.decode(encoding, "replace").lstrip("\ufeff")
    return re.sub(r'^(<\?xml[^>]*?encoding=)["\'][^"\']*["\']', r'\1"UTF-8"', text, count=1).encode("utf-8")
