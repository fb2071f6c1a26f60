"""HTML pages → the text outside tables (for the notice parser) and one Grid per
``<table>``, honouring colspan/rowspan. The standard library's parser fetches nothing
and expands no entity beyond HTML's own character references.

Spans are bounded as browsers bound them (a rowspan ends with its table, a colspan at
1000) and counted: the cells a page's tables span, once laid out, are refused past
:data:`~govstats.read.safety.MAX_CELLS` before the grids are built."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from govstats.chinese import LOWERED, RAISED
from govstats.errors import EmptyInputError, UnsafeInputError
from govstats.read.grid import Document, Grid
from govstats.read.safety import MAX_CELLS, check_extent
from govstats.source import Source

_BLOCK = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "section",
    "article",
    "header",
    "footer",
    "title",
    "caption",
    "tr",
    "ul",
    "ol",
    "dt",
    "dd",
    "pre",
    "blockquote",
}
_SKIP = {"script", "style", "noscript", "template", "head"}
_MAX_SPAN = 1000
# Digits in <sup>/<sub> are footnote marks (26<sup>1</sup>, in a cell or in the prose): kept as
# the marks they are (26¹), never run into the figure (261).
_SCRIPT = {"sup": RAISED, "sub": LOWERED}
_AMPLIFIED, _RATIO = 100_000, 200  # laid-out cells past both: spans amplifying, not a table


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._text: list[str] = []
        self.tables: list[dict] = []  # finished tables, in document order
        self._stack: list[dict] = []  # open tables (nested ones are kept apart)
        self._skip = 0
        self._title_seen = False
        self._cells = 0
        self._name = ""
        self._script: list[str] = []  # open <sup>/<sub> inside a cell or the prose

    # text outside tables -------------------------------------------------
    def _flush_text(self) -> None:
        line = " ".join("".join(self._text).split())
        if line:
            self.lines.append(line)
        self._text = []
        self._script = []  # a <sup> left open ends with its line: never raises a whole page

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP and tag != "head":
            self._skip += 1
            return
        if self._skip:
            return
        if tag == "table":
            self._flush_text()
            context = self.lines[-1] if self.lines else ""
            self._stack.append({"rows": [], "row": None, "cell": None, "context": context, "caption": ""})
            return
        if self._stack:
            t = self._stack[-1]
            a = dict(attrs)
            if tag == "tr":
                t["row"] = []
                t["rows"].append(t["row"])
            elif tag in ("td", "th"):
                if t["row"] is None:
                    t["row"] = []
                    t["rows"].append(t["row"])
                t["cell"] = {
                    "text": [],
                    "colspan": _span(a.get("colspan")),
                    "rowspan": _span(a.get("rowspan")),
                }
                t["row"].append(t["cell"])
                self._cells += 1
                if self._cells > MAX_CELLS:  # each costs a record: refused before memory runs out
                    check_extent(self._cells, self._name, "网页表格的<td>单元格")
            elif tag in _SCRIPT and t["cell"] is not None:
                self._script.append(tag)
            elif tag == "br" and t["cell"] is not None:
                t["cell"]["text"].append("\n")
            elif tag == "caption":
                t["cell"] = {"text": [], "caption": True}
            elif tag in ("p", "div") and t["cell"] is not None and "".join(t["cell"]["text"]).strip():
                t["cell"]["text"].append("\n")
            return
        if tag in _SCRIPT:
            self._script.append(tag)
        elif tag in _BLOCK:
            self._flush_text()

    def handle_endtag(self, tag):
        if tag in _SKIP and tag != "head":
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if self._stack:
            t = self._stack[-1]
            if tag == "table":
                self.tables.append(self._stack.pop())
            elif tag in ("td", "th"):
                t["cell"], self._script = None, []
            elif tag in _SCRIPT and self._script:
                self._script.pop()
            elif tag == "caption" and t["cell"] is not None:
                t["caption"] = " ".join("".join(t["cell"]["text"]).split())
                t["cell"] = None
            elif tag == "tr":
                t["row"] = None
            return
        if tag in _SCRIPT and self._script:
            self._script.pop()
        elif tag in _BLOCK:
            self._flush_text()

    def handle_data(self, data):
        if self._skip:
            return
        if self._script:
            data = data.translate(_SCRIPT[self._script[-1]])
        if self._stack:
            cell = self._stack[-1]["cell"]
            if cell is not None:
                cell["text"].append(data)
            return
        self._text.append(data)

    def close(self):
        super().close()
        self._flush_text()
        while self._stack:
            self.tables.append(self._stack.pop())


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), _MAX_SPAN))
    except (TypeError, ValueError):
        return 1


def _cell_text(parts: list[str]) -> str | None:
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    text = "\n".join(line for line in lines if line)
    return text or None


def _place(rows: list[list[dict]]) -> tuple[list[list[tuple[int, dict]]], int]:
    """Each cell's column (cells shift right past spans from rows above), and the width.

    ``free[c]`` is the first row column ``c`` is free again, so a span costs its columns,
    not its area; a rowspan past the table's last row ends with the table, as in a browser.
    """
    free: list[int] = []
    placed = []
    for r, row in enumerate(rows):
        out, c = [], 0
        for cell in row:
            while c < len(free) and free[c] > r:
                c += 1
            rs = cell["rowspan"] = min(cell["rowspan"], len(rows) - r)
            cs = cell["colspan"]
            if len(free) < c + cs:
                free.extend([0] * (c + cs - len(free)))
            for k in range(c, c + cs):
                free[k] = max(free[k], r + rs)
            out.append((c, cell))
            c += cs
        placed.append(out)
    return placed, len(free)


def _layout(placed: list[list[tuple[int, dict]]], width: int):
    """The grid of placed cells: each spanned range keeps its value in its top-left cell."""
    grid: list[list[object]] = []
    merged = []
    for r, row in enumerate(placed):
        cells: list[object] = [None] * width
        for c, cell in row:
            cells[c] = _cell_text(cell["text"])
            rs, cs = cell["rowspan"], cell["colspan"]
            if rs > 1 or cs > 1:
                merged.append((r, c, r + rs - 1, c + cs - 1))
        grid.append(cells)
    return grid, merged


def read(data: bytes, name: str, path: Path | None = None) -> Document:
    """A page's text lines and tables (its encoding as a text file's: UTF-8, GB18030)."""
    from govstats.read.text import decode_text

    text, notes = decode_text(data, name)
    if not text.strip():
        raise EmptyInputError("文件只有空白字符", Source(name))
    lines, grids = read_html(text, name)
    return Document(name, "html", text_lines=lines, grids=grids, findings=notes)


def read_html(text: str, name: str) -> tuple[list[str], list[Grid]]:
    """The page's text lines outside tables, and one Grid per table (``sheet="table N"``)."""
    parser = _PageParser()
    parser._name = name
    parser.feed(text)
    parser.close()
    layouts = [_place(t["rows"]) for t in parser.tables]
    if layouts:
        (i, (placed, width)) = max(enumerate(layouts, 1), key=lambda x: len(x[1][0]) * x[1][1])
        where = f"网页第{i}个表格（合并单元格展开后{len(placed)}行×{width}列）"
        spans = sum(
            1
            for rows in parser.tables
            for row in rows["rows"]
            for cell in row
            if cell["rowspan"] > 1 or cell["colspan"] > 1
        )
        area = sum(len(p) * w for p, w in layouts)
        check_extent(area, name, where, merges=spans)
        if area > _AMPLIFIED and area > _RATIO * parser._cells:
            raise UnsafeInputError(
                f"网页表格的合并单元格把{parser._cells}个单元格展开为{area:,}个，"
                f"像是恶意放大（超过{_RATIO}倍），已拒绝",
                Source(name),
            )
    grids = []
    for i, (t, (placed, width)) in enumerate(zip(parser.tables, layouts, strict=True), 1):
        cells, merged = _layout(placed, width)
        if not any(v is not None for row in cells for v in row):
            continue
        context = t["caption"] or t["context"]
        grids.append(Grid(name, f"table {i}", cells, merged, context=context))
    return parser.lines, grids
