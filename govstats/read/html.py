"""HTML pages → the text outside tables (for the notice parser) and one Grid per
``<table>``, honouring colspan/rowspan. The standard library's parser fetches nothing
and expands no entity beyond HTML's own character references."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from govstats.read.grid import Grid

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


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._text: list[str] = []
        self.tables: list[dict] = []  # finished tables, in document order
        self._stack: list[dict] = []  # open tables (nested ones are kept apart)
        self._skip = 0
        self._title_seen = False

    # text outside tables -------------------------------------------------
    def _flush_text(self) -> None:
        line = " ".join("".join(self._text).split())
        if line:
            self.lines.append(line)
        self._text = []

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
            elif tag == "br" and t["cell"] is not None:
                t["cell"]["text"].append("\n")
            elif tag == "caption":
                t["cell"] = {"text": [], "caption": True}
            elif tag in ("p", "div") and t["cell"] is not None and "".join(t["cell"]["text"]).strip():
                t["cell"]["text"].append("\n")
            return
        if tag in _BLOCK:
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
                t["cell"] = None
            elif tag == "caption" and t["cell"] is not None:
                t["caption"] = " ".join("".join(t["cell"]["text"]).split())
                t["cell"] = None
            elif tag == "tr":
                t["row"] = None
            return
        if tag in _BLOCK:
            self._flush_text()

    def handle_data(self, data):
        if self._skip:
            return
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


def _layout(rows: list[list[dict]]) -> tuple[list[list[object]], list[tuple[int, int, int, int]]]:
    """Place cells on a grid: each spanned range keeps its value in its top-left cell."""
    grid: list[list[object]] = []
    taken: set[tuple[int, int]] = set()
    merged = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            rs, cs = cell["rowspan"], cell["colspan"]
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            while len(grid[r]) <= c + cs - 1:
                grid[r].append(None)
            grid[r][c] = _cell_text(cell["text"])
            if rs > 1 or cs > 1:
                merged.append((r, c, r + rs - 1, c + cs - 1))
            c += cs
    width = max((c + 1 for _, c in taken), default=0)
    height = max((r + 1 for r, _ in taken), default=0)
    while len(grid) < height:
        grid.append([])
    for row in grid:
        row.extend([None] * (width - len(row)))
    return grid, merged


def read_html(text: str, name: str) -> tuple[list[str], list[Grid]]:
    """The page's text lines outside tables, and one Grid per table (``sheet="table N"``)."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    grids = []
    for i, t in enumerate(parser.tables, 1):
        cells, merged = _layout(t["rows"])
        if not any(v is not None for row in cells for v in row):
            continue
        context = t["caption"] or t["context"]
        grids.append(Grid(name, f"table {i}", cells, merged, context=context))
    return parser.lines, grids


def looks_like_html(head: str) -> bool:
    """True when a decoded file's start is an HTML document or fragment."""
    return (
        re.match(
            r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table|div|p)\b",
            head,
            re.IGNORECASE | re.DOTALL,
        )
        is not None
    )
