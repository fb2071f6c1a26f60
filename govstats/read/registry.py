"""Which reader reads an input: one registry line per format, the format told by the file's
content (magic bytes, the parts of a zip, the streams of an Office container, the structure
of a text), never by its name, as pandas keeps ``ExcelFile._engines``.

Every reader module in :mod:`govstats.read` exposes ``read(data, name, path) -> Document``.
Adding a format is one module and one line of :data:`FORMATS`; the first line whose test
holds reads the file. Tests look only at bytes already read; they never parse a whole file.
A reader's module is imported when a file of its format is read, not before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cached_property
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from govstats.errors import UnsupportedFormatError
from govstats.read.magic import OLE, PARQUET, PDF, ZIP, looks_like_html

if TYPE_CHECKING:
    from govstats.read.grid import Document
    from govstats.read.safety import CheckedZip

_MIME = re.compile(r"(?:[\w-]+:[^\n]*\n(?:[ \t][^\n]*\n)*){0,40}?content-type:\s*multipart/related", re.I)


class Probe:
    """What the tests look at, each worked out once and only when a test asks."""

    def __init__(self, data: bytes, name: str) -> None:
        self.data, self.name = data, name

    @cached_property
    def zip(self) -> CheckedZip | None:
        """A zip listed, nothing checked yet: the reader's check takes it over (one opening).
        ``None`` for other data and a zip that cannot be listed."""
        if not self.data.startswith(ZIP):
            return None
        from govstats.read.safety import opened_zip

        return opened_zip(self.data, self.name)

    @cached_property
    def members(self) -> Collection[str]:
        """The names of a zip's parts (from its central directory, nothing inflated)."""
        return self.zip if self.zip is not None else ()

    def part_head(self, name: str) -> bytes:
        """The first 64 KB of a zip's part ``name`` (``b""`` when absent or unreadable)."""
        return self.zip.peek(name) if self.zip is not None else b""

    @cached_property
    def streams(self) -> frozenset[str]:
        """The entry names of an Office compound file's directory (a damaged one is refused)."""
        if not self.data.startswith(OLE):
            return frozenset()
        from govstats.read.ole import workbook_stream

        return frozenset(workbook_stream(self.data, self.name)[1])

    @cached_property
    def head(self) -> str:
        """The first 64 KB as text (undecodable bytes replaced), for structural tests."""
        head = self.data[:65536]
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return head.decode("utf-16", "replace")
        text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
        return head.decode("gb18030", "replace") if text.count("\ufffd") * 20 > len(text) else text

    @cached_property
    def kind(self) -> str | None:
        """What a text file is (:func:`text_kind`), worked out once for the text tests;
        ``None`` for a zip, an Office file or a Parquet file."""
        return None if self.data.startswith((ZIP, OLE, PARQUET)) else text_kind(self.head)


Test = Callable[[Probe], bool]


def starts(magic: bytes) -> Test:
    return lambda p: p.data.startswith(magic)


def within(magic: bytes, first: int) -> Test:
    """``magic`` among the first ``first`` bytes (a PDF may have bytes before its header)."""
    return lambda p: magic in p.data[:first]


def zip_has(*parts: str) -> Test:
    """A zip holding any of ``parts`` (a name ending in ``/``: any part under that folder)."""

    def test(p: Probe) -> bool:
        if not p.data.startswith(ZIP):
            return False
        return any(
            any(m.startswith(part) for m in p.members) if part.endswith("/") else part in p.members
            for part in parts
        )

    return test


def ole_has(*streams: str) -> Test:
    """An Office compound file whose directory names any of ``streams``."""
    return lambda p: p.data.startswith(OLE) and any(s in p.streams for s in streams)


def text_is(kind: str) -> Test:
    """A text whose structure is ``kind`` (:func:`text_kind`)."""
    return lambda p: p.kind == kind


def text_kind(head: str) -> str:
    """``mhtml``, ``html`` or ``text``: what the start of a text file is. A CSV table and a
    plain-text notice are both text, read by one reader that tells them apart by their
    structure, once, on the whole text (:func:`govstats.read.text.read`)."""
    if _MIME.match(head.replace("\r\n", "\n")[:8192]):
        return "mhtml"
    if looks_like_html(head[:2048]):
        return "html"
    return "text"


def _own_xlsx(p: Probe) -> bool:
    if "xl/workbook.xml" not in p.members:
        return False
    from govstats.read.own import is_own_workbook

    return is_own_workbook(p.part_head("xl/workbook.xml"))


def _own_csv(p: Probe) -> bool:
    if p.data.startswith((ZIP, OLE, PARQUET)):
        return False
    from govstats.read.own import is_own_csv

    return is_own_csv(p.data)


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    module: str
    """The reader: ``govstats.read.<module>``."""
    zh: str
    test: Test


FORMATS: tuple[Format, ...] = (
    Format("govstats-parquet", "own", "govstats写出的Parquet表格", starts(PARQUET)),
    Format("govstats-xlsx", "own", "govstats导出的Excel工作簿", _own_xlsx),
    Format("govstats-csv", "own", "govstats写出的CSV表格", _own_csv),
    Format("xlsx", "workbook", "Excel工作簿（.xlsx/.xlsm）", zip_has("xl/workbook.xml", "xl/workbook.bin")),
    Format("ods", "workbook", "开放文档电子表格（.ods）", zip_has("content.xml", "mimetype")),
    Format("docx", "word", "Word文档（.docx/.docm）", zip_has("word/document.xml")),
    Format("xls", "workbook", "Excel 97-2003工作簿（.xls）", ole_has("Workbook", "Book", "EncryptionInfo")),
    Format("doc", "legacy", "Word 97-2003文档（.doc/.wps，经LibreOffice转换）", ole_has("WordDocument")),
    Format("pdf", "pdf", "PDF文档（有文字层）", within(PDF, 1024)),
    Format("mhtml", "mhtml", "网页单文件（.mht/.mhtml）", text_is("mhtml")),
    Format("html", "html", "网页（.html）", text_is("html")),
    Format("csv", "text", "CSV表格", text_is("text")),
    Format("text", "text", "文本通报（.txt）", text_is("text")),
)
"""In order: the first format whose test holds reads the file. govstats' own outputs come
before the formats they are written in; a zip that is none of these is read as a workbook,
whose reader says what it holds. CSV tables and text notices share a reader, which says
which of the two a text is."""


def _fallback(p: Probe) -> Format:
    """The reader that says best what an unrecognised file is."""
    if p.data.startswith((ZIP, OLE)):
        return FORMATS_BY_NAME["xlsx" if p.data.startswith(ZIP) else "xls"]
    return FORMATS_BY_NAME["text"]


FORMATS_BY_NAME = {f.name: f for f in FORMATS}


def sniff(data: bytes, name: str) -> Format:
    """The format of ``data`` (the whole file's bytes), by content."""
    probe = Probe(data, name)
    return next((f for f in FORMATS if f.test(probe)), None) or _fallback(probe)


_READERS: dict[str, Callable] = {}  # a reader's read(), looked up once: import_module costs per file


def read(data: bytes, name: str, path: Path | None = None) -> Document:
    """``data`` read by its format's reader; a file none reads is refused saying which are read."""
    fmt = sniff(data, name)
    reader = _READERS.get(fmt.module)
    if reader is None:
        reader = _READERS[fmt.module] = import_module(f"govstats.read.{fmt.module}").read
    try:
        return reader(data, name, path)
    except UnsupportedFormatError as exc:
        raise type(exc)(f"{exc.reason}（govstats读取：{readable()}）", exc.source) from None


def readable() -> str:
    """The formats govstats reads, for a message: ``Excel工作簿（.xlsx/.xlsm）、…``."""
    seen = [f.zh for f in FORMATS if not f.name.startswith("govstats-")]
    return "、".join(dict.fromkeys(re.sub(r"（.*?）$", "", z) for z in seen))


def describe(name: str) -> str:
    """A format's name in Chinese (``docx`` → ``Word文档（.docx/.docm）``)."""
    fmt = FORMATS_BY_NAME.get(name)
    return fmt.zh if fmt is not None else f"{name}文件"
