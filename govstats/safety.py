"""Guards applied before any library opens an archive: decompression bombs and XML
entity tricks (external entities, billion laughs) never reach a parser."""

from __future__ import annotations

import re
import zipfile

from govstats.errors import CorruptFileError, UnsafeInputError
from govstats.grid import Source

MAX_ENTRIES = 5_000
MAX_TOTAL_BYTES = 300 * 2**20
MAX_RATIO = 200
_RATIO_FLOOR = 2**20  # small parts compress well legitimately
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def check_zip(path, name: str) -> zipfile.ZipFile:
    """Open ``path`` as a zip after checking its size claims and its XML parts.

    Raises :class:`UnsafeInputError` for too many entries, too large a declared size, a
    suspicious compression ratio, or any XML part that declares a DTD or entities.
    """
    src = Source(name)
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise CorruptFileError(f"not a readable workbook (broken or truncated zip: {exc})", src) from None
    if len(infos) > MAX_ENTRIES:
        raise UnsafeInputError(f"the archive has {len(infos)} entries (limit {MAX_ENTRIES})", src)
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise UnsafeInputError(
            f"the archive would expand to {total / 2**20:.0f} MB (limit {MAX_TOTAL_BYTES // 2**20} MB)", src
        )
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeInputError(
                f"part {info.filename} expands {info.file_size // max(info.compress_size, 1)}-fold: "
                "looks like a decompression bomb",
                src,
            )
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            try:
                with zf.open(info) as fh:
                    head = fh.read(4096)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
                raise CorruptFileError(f"part {info.filename} cannot be read ({exc})", src) from None
            if _DTD.search(head):
                raise UnsafeInputError(
                    f"part {info.filename} declares XML entities (a DOCTYPE): refused, "
                    "as entities can read other files or expand without bound",
                    src,
                )
    return zf
