"""A sheet holding tables side by side is cut into them where an empty column separates
two blocks that each hold a table's header of their own (unpivotr's ``partition``); blank
rows already separate stacked tables as the grid is walked. An empty column inside one table
(a spacer, a column nobody filled) separates nothing: one side of it holds no header."""

from __future__ import annotations

from dataclasses import replace

from govstats.read.grid import Grid
from govstats.tidy import headers as hd
from govstats.tidy import vocabulary as vocab
from govstats.tidy.band import header_at

_SCAN = 200  # rows looked at for a block's header: tables start near their block's top


def partition(grid: Grid, texts: list[list[str]], user: dict[str, str]) -> list[tuple[Grid, list[list[str]]]]:
    """``(grid, texts)`` of each block of columns, left to right; the grid itself when it is one."""
    width = grid.n_cols
    filled = [False] * width
    for row in texts:
        for c, v in enumerate(row):
            if v:
                filled[c] = True
    blocks, start = [], None
    for c in range(width + 1):
        if c < width and filled[c]:
            start = c if start is None else start
        elif start is not None:
            blocks.append((start, c))
            start = None
    blocks = [piece for block in blocks for piece in _run_together(grid, texts, *block, user)]
    if len(blocks) < 2:
        return [(grid, texts)]
    parts: list[tuple[int, int]] = []
    for block in blocks:
        if parts and _has_table(grid, texts, *parts[-1], user) and _has_table(grid, texts, *block, user):
            parts.append(block)
        elif parts:
            parts[-1] = (parts[-1][0], block[1])
        else:
            parts.append(block)
    if len(parts) < 2:
        return [(grid, texts)]
    return [_masked(grid, texts, c0, c1) for c0, c1 in parts]


def _run_together(grid: Grid, texts: list[list[str]], c0: int, c1: int, user) -> list[tuple[int, int]]:
    """A block cut where its band holds a second 序号 or unit header right of its counts: two
    tables printed with no empty column between, when each side holds a table of its own."""
    part, part_texts = _masked(grid, texts, c0, c1)
    band = next(
        (b for r in range(min(part.n_rows, _SCAN)) if (b := header_at(part, part_texts, r, user))), None
    )
    if band is None or band.kind != "handling":
        return [(c0, c1)]
    again = [c for row in part_texts[band.start : band.end] for c in _second_start(row)]
    cut = min(again, default=None)
    if cut is None or not (_has_table(grid, texts, c0, cut, user) and _has_table(grid, texts, cut, c1, user)):
        return [(c0, c1)]
    return [(c0, cut), *_run_together(grid, texts, cut, c1, user)]


def _second_start(row: list[str]) -> list[int]:
    """Columns of a band row where a 序号 or unit header stands right of a count header."""
    norm = [vocab.normalise(v) for v in row]
    first = next((c for c, h in enumerate(norm) if h and hd.count_field(h)), None)
    if first is None:
        return []
    return [
        c
        for c in range(first + 1, len(norm))
        if norm[c] and (hd.is_seq(norm[c]) or hd.is_unit_header(norm[c]))
    ]


def _masked(grid: Grid, texts: list[list[str]], c0: int, c1: int) -> tuple[Grid, list[list[str]]]:
    """The grid with every cell outside columns ``c0``…``c1 - 1`` empty: cells keep their own
    columns, so every finding still names the sheet's cell."""
    cells = [[v if c0 <= c < c1 else None for c, v in enumerate(row)] for row in grid.cells]
    merged = [m for m in grid.merged if c0 <= m[1] < c1]
    part = replace(grid, cells=cells, merged=merged)
    return part, [[v if c0 <= c < c1 else "" for c, v in enumerate(row)] for row in texts]


def _has_table(grid: Grid, texts: list[list[str]], c0: int, c1: int, user: dict[str, str]) -> bool:
    part, part_texts = _masked(grid, texts, c0, c1)
    return any(header_at(part, part_texts, r, user) is not None for r in range(min(part.n_rows, _SCAN)))
