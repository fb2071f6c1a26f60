"""A PDF page's tables as cells: by their ruling lines (pdfplumber finds the cells),
or, where a table is printed without lines, by the columns its words line up in; and a
table that runs on over a page break, its header printed again or not, as one table.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from govstats.read.pdf_layout import Line, cell_text, lines_of

_NUMBER = re.compile(r"^\s*[\d.,%]+\s*$")
_SNAP = 2.0  # points: ruling lines this close are one line (a border drawn twice, rounding)
_MAX_PAD = 10.0  # points: more than this between a border and its text is alignment, not padding


@dataclass(slots=True)
class Table:
    """One table of a page: its box, cells (``None`` under a merge), merges, and the
    column edges a continuation on the next page is matched by."""

    page: int
    bbox: tuple[float, float, float, float]
    cells: list[list[str | None]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    columns: list[float] = field(default_factory=list)


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _SNAP:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return max(0, bisect_right(edges, v + _SNAP) - 1)


def ruled_table(page: int, boxes: list[tuple[float, float, float, float]], chars: list[dict]) -> Table | None:
    """The table whose cell boxes pdfplumber found from the ruling lines, its text read
    from ``chars`` (the page's characters inside it); None for a lone box (a frame)."""
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < 1 or n_cols < 1 or n_rows * n_cols < 2:
        return None
    spans = []
    for b in boxes:
        r0, c0 = _index(ys, b[1]), _index(xs, b[0])
        r1, c1 = max(r0, _index(ys, b[3]) - 1), max(c0, _index(xs, b[2]) - 1)
        spans.append((r0, c0, min(r1, n_rows - 1), min(c1, n_cols - 1), b))
    owner = [[-1] * n_cols for _ in range(n_rows)]  # which cell covers each place of the grid
    for k, (r0, c0, r1, c1, _) in enumerate(spans):
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if owner[r][c] < 0:
                    owner[r][c] = k
    inside: dict[int, list[dict]] = {}
    for ch in chars:  # each character to its cell by its centre: a lookup, not a scan of the cells
        r = bisect_right(ys, (ch["top"] + ch["bottom"]) / 2) - 1
        c = bisect_right(xs, (ch["x0"] + ch["x1"]) / 2) - 1
        if 0 <= r < n_rows and 0 <= c < n_cols and owner[r][c] >= 0:
            inside.setdefault(owner[r][c], []).append(ch)
    lines = {k: lines_of(v, page) for k, v in inside.items()}
    pad = _padding(spans, lines)
    cells: list[list[str | None]] = [[None] * n_cols for _ in range(n_rows)]
    merged = []
    for k, (r0, c0, r1, c1, b) in enumerate(spans):
        cells[r0][c0] = cell_text(lines.get(k, []), b[2] - b[0] - 2 * pad)
        if r1 > r0 or c1 > c0:
            merged.append((r0, c0, r1, c1))
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    return Table(page, bbox, cells, merged, xs)


def _padding(spans: list, lines: dict[int, list[Line]]) -> float:
    """The space between a cell's border and its text: the least seen beside any line
    (a left-aligned or full line shows it), at most :data:`_MAX_PAD`."""
    seen = [min(ln.x0 - b[0], b[2] - ln.x1) for k, (*_, b) in enumerate(spans) for ln in lines.get(k, [])]
    return max(0.0, min([_MAX_PAD, *seen]))


def continues(prev: Table, nxt: Table) -> bool:
    """Whether ``nxt`` (first on its page) carries on ``prev`` (last on the page before):
    the same columns at the same places."""
    return (
        nxt.page == prev.page + 1
        and len(nxt.columns) == len(prev.columns)
        and all(abs(a - b) <= 2 * _SNAP for a, b in zip(nxt.columns, prev.columns, strict=True))
    )


def append(prev: Table, nxt: Table) -> None:
    """``nxt``'s rows under ``prev``'s, without the header rows it printed again."""
    repeated = 0
    while (
        repeated < len(nxt.cells)
        and repeated < len(prev.cells) - 1
        and nxt.cells[repeated] == prev.cells[repeated]
    ):
        repeated += 1
    if repeated < len(nxt.cells) and _split(prev.cells[-1], nxt.cells[repeated]):
        last, more = prev.cells[-1], nxt.cells[repeated]
        prev.cells[-1] = [a + b if a and b else a or b for a, b in zip(last, more, strict=True)]
        repeated += 1
    offset = len(prev.cells) - repeated
    prev.cells.extend(nxt.cells[repeated:])
    prev.merged.extend((r0 + offset, c0, r1 + offset, c1) for r0, c0, r1, c1 in nxt.merged if r0 >= repeated)


def _split(last: list[str | None], first: list[str | None]) -> bool:
    """Whether ``first`` (the first row under the header on a page) is the rest of ``last``
    (the last row of the page before), broken by the page: its first cell empty below a
    filled one, and no column with a number on both sides (two rows of counts are two rows)."""
    if first[0] or not last[0] or len(first) != len(last):
        return False
    return not any(
        a and b and (_NUMBER.match(a) or _NUMBER.match(b)) for a, b in zip(last, first, strict=True)
    )
