"""Tables printed without ruling lines, found by the columns their words line up in.

A printed line whose words stand apart in two or more groups (a gap of at least
:data:`COLUMN_GAP` type sizes, which prose never leaves) is a table row or part of one.
Consecutive such lines, with the lines that continue their cells (a wrapped cell's next
line under its column, close below) and one-cell rows between them (一、市直单位), are one
table. Its columns are the runs of the page's width the groups of its fullest lines cover;
its rows start where the space between lines widens (a wrapped cell's lines stand closer
than rows), or, where the spacing never varies, at a line that fills the first column."""

from __future__ import annotations

import itertools

from govstats.read.pdf_layout import Line, cell_text
from govstats.read.pdf_tables import Table

COLUMN_GAP = 0.6
"""A gap this many type sizes wide between two characters of a line parts table cells."""
_CLOSE = 1.0  # type sizes: a wrapped cell's lines stand at most this far apart
_ROW = 2.5  # type sizes: rows of one table stand at most this far apart


def segments(line: Line) -> list[Line]:
    """``line`` cut at the gaps that part cells."""
    out: list[list[dict]] = [[line.chars[0]]]
    for prev, ch in zip(line.chars, line.chars[1:], strict=False):
        if ch["x0"] - prev["x1"] >= COLUMN_GAP * line.size:
            out.append([])
        out[-1].append(ch)
    return [
        Line(chars, chars[0]["x0"], max(c["x1"] for c in chars), line.top, line.bottom, line.size, line.page)
        for chars in out
        if "".join(c["text"] for c in chars).strip()
    ]


def aligned_tables(lines: list[Line]) -> tuple[list[Line], list[Table]]:
    """The tables among one page's ``lines`` (top to bottom, none of a ruled table), and
    the lines that are not in any."""
    left = min((ln.x0 for ln in lines), default=0.0)
    parts = [segments(ln) for ln in lines]
    rest: list[Line] = []
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        end = _block_end(lines, parts, i, left) if len(parts[i]) >= 2 else i + 1
        table = _table(lines[i:end], parts[i:end]) if end - i >= 2 else None
        if table is None:
            rest.append(lines[i])
            i += 1
            continue
        tables.append(table)
        i = end
    return rest, tables


def _block_end(lines: list[Line], parts: list[list[Line]], i: int, left: float) -> int:
    """Where the block of table lines starting at ``i`` ends (exclusive)."""
    k = i + 1
    while k < len(lines):
        gap = lines[k].top - lines[k - 1].bottom
        size = lines[k].size
        if gap > _ROW * size:
            break
        if len(parts[k]) >= 2:
            k += 1
        elif lines[k].x0 > left + size and gap <= _CLOSE * size:
            k += 1  # a wrapped cell's next line, under a later column
        elif lines[k].x0 > left + size and _under_a_column(lines[k], parts[i:k]):
            k += 1  # a row of one cell, under a later column (the rest of a row a page broke)
        elif (
            k + 1 < len(lines)
            and len(parts[k + 1]) >= 2
            and lines[k + 1].top - lines[k].bottom <= _ROW * size
        ):
            k += 1  # a one-cell row (a group) between rows
        else:
            break
    return k


def _under_a_column(line: Line, parts: list[list[Line]]) -> bool:
    """Whether ``line`` starts where a cell of the block's rows of several cells starts."""
    return any(abs(s.x0 - line.x0) <= 0.5 * line.size for p in parts if len(p) >= 2 for s in p)


def _columns(parts: list[list[Line]]) -> list[tuple[float, float]]:
    """The runs of width covered by the groups of the block's fullest lines."""
    most = max(len(p) for p in parts)
    spans = sorted((s.x0, s.x1) for p in parts if len(p) >= max(2, most - 1) for s in p)
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 < cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    return [(a, b) for a, b in cols]


def _column_of(cols: list[tuple[float, float]], x: float, size: float) -> int:
    k = 0
    for j, (x0, _) in enumerate(cols):
        if x >= x0 - 0.5 * size:
            k = j
    return k


def _table(lines: list[Line], parts: list[list[Line]]) -> Table | None:
    if sum(len(p) >= 2 for p in parts) < 2:
        return None
    cols = _columns(parts)
    if len(cols) < 2:
        return None
    rows = _rows(lines, parts, cols)
    size = max(ln.size for ln in lines)
    rooms = [
        (cols[j + 1][0] if j + 1 < len(cols) else cols[j][1] + size) - cols[j][0] - COLUMN_GAP * size
        for j in range(len(cols))
    ]
    cells: list[list[str | None]] = []
    merged = []
    for r, row in enumerate(rows):
        by_col: dict[int, list[Line]] = {}
        for seg in row:
            c = _column_of(cols, seg.x0, seg.size)
            by_col.setdefault(c, []).append(seg)
            last = _column_of(cols, seg.x1 - 0.5 * seg.size, seg.size)
            if last > c:
                merged.append((r, c, r, last))
        cells.append([cell_text(by_col.get(c, []), rooms[c]) for c in range(len(cols))])
    bbox = (min(ln.x0 for ln in lines), lines[0].top, max(ln.x1 for ln in lines), lines[-1].bottom)
    return Table(lines[0].page, bbox, cells, merged, [a for a, _ in cols])


def _rows(lines: list[Line], parts: list[list[Line]], cols: list[tuple[float, float]]) -> list[list[Line]]:
    """The block's segments grouped into table rows."""
    gaps = [b.top - a.bottom for a, b in itertools.pairwise(lines)]
    size = lines[0].size
    varied = any(g <= _CLOSE * size for g in gaps) and any(g > _CLOSE * size for g in gaps)
    rows: list[list[Line]] = [list(parts[0])]
    for k in range(1, len(lines)):
        first = any(_column_of(cols, s.x0, s.size) == 0 for s in parts[k])
        new = gaps[k - 1] > _CLOSE * size if varied else first
        if new:
            rows.append([])
        rows[-1].extend(parts[k])
    return rows
