"""Where a value came from: file, sheet, row and column in Excel's own 1-based numbering.

Every tidy row and every finding carries one, so a user can open the input at the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The text of a Source: the file, then ", sheet …" and ", line N" / ", cell C3" / ", row N".
SOURCE_FILE = re.compile(r"(?s)^(.*?)(?:, sheet .*?)?(?:, (?:line|cell|row) [^,]+)?$")
"""Its first group is the file of a :class:`Source`'s text (no named groups: Spark's regular
expressions take none); :data:`SOURCE_PARTS` names every part."""
SOURCE_PARTS = re.compile(  # re.S: a file name may hold a line break (shown escaped, never lost)
    r"^(?P<file>.*?)(?:, sheet (?P<sheet>.*?))?(?:, (?P<kind>line|cell|row) (?P<at>[A-Z]*\d+))?\Z", re.S
)
_SURROGATE = re.compile("[\ud800-\udfff]+")
_CELL = re.compile(r"^([A-Z]+)(\d+)$")
_HTML_TABLE = re.compile(r"^table (\d+)$")  # what read/html names a page's n-th table


def file_name_text(name: str) -> str:
    """A file name as text that can be written anywhere: the bytes of a name that is not
    UTF-8 (GBK, as ``unzip`` leaves a Chinese Windows zip's names), which Python holds as
    lone surrogates, shown as ``\\xb8\\xbd``; any other name as it is."""
    if name.isascii() or not _SURROGATE.search(name):
        return name
    return _SURROGATE.sub(
        lambda m: "".join(
            f"\\x{ord(c) - 0xDC00:02x}" if c >= "\udc80" else f"\\u{ord(c):04x}" for c in m.group()
        ),
        name,
    )


def column_letter(col: int) -> str:
    """Excel's letters for the 1-based column ``col`` (1 -> A, 27 -> AA)."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_number(letters: str) -> int:
    """The 1-based column Excel's ``letters`` name (A -> 1, AA -> 27)."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value came from: file, sheet (or HTML table), 1-based row and column.

    For a plain-text notice ``row`` is the line number and ``sheet`` is ``None``.
    """

    file: str
    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    line_based: bool = False

    @property
    def ref(self) -> str:
        """``C12`` for a cell, ``12`` for a row, ``""`` for a whole file or sheet."""
        if self.row is None:
            return ""
        if self.column is None or self.line_based:
            return str(self.row)
        return f"{column_letter(self.column)}{self.row}"

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            if self.line_based:
                parts.append(f"line {self.row}")
            elif self.column is not None:
                parts.append(f"cell {self.ref}")
            else:
                parts.append(f"row {self.row}")
        return ", ".join(parts)

    def at(self, row: int | None = None, column: int | None = None) -> Source:
        """The same file and sheet at another row / column."""
        return Source(self.file, self.sheet, row, column, self.line_based)

    @classmethod
    def parse(cls, text: str) -> Source:
        """The Source whose ``str()`` is ``text`` (the ``source`` column of a tidy table)."""
        m = SOURCE_PARTS.match(text)
        kind, at = m["kind"], m["at"]
        if kind == "cell" and (cell := _CELL.match(at)):
            return cls(m["file"], m["sheet"], int(cell[2]), _column_number(cell[1]))
        row = int(at) if kind in ("line", "row") and at.isdigit() else None
        return cls(m["file"], m["sheet"], row, None, kind == "line")

    @property
    def zh(self) -> str:
        """Where, as a Chinese reader says it: ``附件.xlsx 工作表“附件4”第13行C列``,
        ``通报.txt 第21行``, ``页面.html 第1个表格第5行``."""
        place = ""
        if self.sheet:
            m = _HTML_TABLE.match(self.sheet)
            place = f"第{m[1]}个表格" if m else f"工作表“{self.sheet}”"
        if self.row is not None:
            place += f"第{self.row}行"
            if self.column is not None and not self.line_based:
                place += f"{column_letter(self.column)}列"
        return f"{self.file} {place}".strip() if self.file else place


_ZH_PARTS = re.compile(
    r"^(?P<file>.*?)(?:^| )(?:工作表“(?P<sheet>.*)”|第(?P<table>\d+)个表格)?(?P<rows>表格)?"
    r"(?:第(?P<row>\d+)行(?:(?P<col>[A-Z]+)列)?)?\Z",
    re.S,
)


def cited(text: object) -> str:
    """A ``source`` text in Chinese as :attr:`Source.zh` says it, and exact: a row of a
    table without sheets (a CSV's) is ``表格第2行``, a line of a text ``第14行``, so that
    :func:`from_cited` gives back the very same source (the workbook's 来源 column)."""
    if not isinstance(text, str) or not text:
        return ""
    src = Source.parse(text)
    if src.sheet is None and src.row is not None and src.column is None and not src.line_based:
        return f"{src.file} 表格第{src.row}行".strip()
    return src.zh


def from_cited(text: str) -> str:
    """The ``source`` text whose :func:`cited` form is ``text`` (read back from the workbook);
    ``text`` itself when it is the English form of earlier workbooks."""
    if not text or SOURCE_PARTS.match(text)["kind"] or ", sheet " in text:
        return text
    m = _ZH_PARTS.match(text)
    if m is None or not any(m[k] for k in ("sheet", "table", "row")):
        return text.strip()  # a whole file
    sheet = m["sheet"] if m["sheet"] is not None else (f"table {m['table']}" if m["table"] else None)
    row = int(m["row"]) if m["row"] else None
    column = _column_number(m["col"]) if m["col"] else None
    line_based = row is not None and sheet is None and column is None and not m["rows"]
    return str(Source(m["file"], sheet, row, column, line_based))


def location(text: object) -> str:
    """A ``source`` text (``附件.xlsx, sheet 附件4, cell C13``) in Chinese
    (``附件.xlsx 工作表“附件4”第13行C列``); empty for a missing one."""
    if not isinstance(text, str) or not text:
        return ""
    return Source.parse(text).zh
