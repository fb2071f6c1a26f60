"""A sheet holding tables side by side is cut into them where an empty column separates
two blocks that each hold a table's header of their own (unpivotr's ``partition``), or
where a band holds a second 序号 or unit header right of its counts (two tables printed
edge to edge); blank rows already separate stacked tables as the grid is walked. An empty
column inside one table (a spacer, a column nobody filled) separates nothing: one side of it
holds no header."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from govstats.read.grid import Grid
from govstats.tidy import headers as hd
from govstats.tidy.band import Bands, Header, header_at
from govstats.vocabulary import tables as vocab

_SCAN = 100  # rows looked at for a block's band: tables start near their block's top
_HEAD = 300  # rows a band is read from (its unit column may be read from the rows below it)
_MAX_BLOCKS = 8  # more blocks than tables are ever printed side by side: no layout of tables


def partition(bands: Bands) -> list[Bands]:
    """The bands of each block of columns, left to right (a grid of its own, the sheet's
    cells outside it empty); ``bands`` itself when the sheet is one block."""
    grid, texts = bands.grid, bands.texts
    blocks = _blocks(texts, grid.n_cols)
    if not blocks or len(blocks) > _MAX_BLOCKS:
        return [bands]
    band = _FirstBand(bands, _whole(grid, blocks))
    blocks = [piece for block in blocks for piece in _run_together(band, texts, *block)]
    parts: list[tuple[int, int]] = []
    for block in blocks:
        if parts and band(*parts[-1]) and band(*block):
            parts.append(block)
        elif parts:
            parts[-1] = (parts[-1][0], block[1])
        else:
            parts.append(block)
    if len(parts) < 2:
        return [bands]
    return [Bands(*_masked(grid, texts, c0, c1), bands.user) for c0, c1 in parts]


class _FirstBand:
    """``band(c0, c1)``: the first header band of the block of columns ``c0``…``c1 - 1``
    (the sheet's cells beside it empty), each block looked at once."""

    def __init__(self, bands: Bands, whole: tuple[int, int] | None) -> None:
        self.bands, self.whole = bands, whole
        self.found: dict[tuple[int, int], Header | None] = {}

    def __call__(self, c0: int, c1: int) -> Header | None:
        if (c0, c1) not in self.found:
            self.found[c0, c1] = self._first(c0, c1)
        return self.found[c0, c1]

    def _first(self, c0: int, c1: int) -> Header | None:
        bands, grid = self.bands, self.bands.grid
        if (c0, c1) == self.whole:  # most sheets: one block, nothing beside it to mask
            return next((b for r in range(min(grid.n_rows, _SCAN)) if (b := bands.at(r))), None)
        part, texts = _masked(grid, bands.texts, c0, c1, _HEAD)
        return next(
            (b for r in range(min(part.n_rows, _SCAN)) if (b := header_at(part, texts, r, bands.user))), None
        )


def _whole(grid: Grid, blocks: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The one block, when masking the columns beside it would change nothing: every
    other column is empty and no merged range starts in one."""
    if len(blocks) != 1:
        return None
    ((c0, c1),) = blocks
    return (c0, c1) if all(c0 <= m[1] < c1 for m in grid.merged) else None


def _blocks(texts: list[list[str]], width: int) -> list[tuple[int, int]]:
    """``(first, past last)`` column of each run of columns holding something."""
    if width and any(map(all, texts)):  # a row filled edge to edge (a band, a unit's figures): one block
        return [(0, width)]
    filled = list(map(any, zip(*texts, strict=True))) if texts else []  # column by column: rows are padded
    filled += [False] * (width - len(filled))
    blocks, start = [], None
    for c in range(width + 1):
        if c < width and filled[c]:
            start = c if start is None else start
        elif start is not None:
            blocks.append((start, c))
            start = None
    return blocks


def _run_together(band, texts: list[list[str]], c0: int, c1: int) -> list[tuple[int, int]]:
    """A block cut where its band holds a second 序号 or unit header right of its counts,
    when each side holds a table of its own."""
    found = band(c0, c1)
    if found is None or found.kind != "handling":
        return [(c0, c1)]
    again = [c for row in texts[found.start : found.end] for c in _second_start(row[c0:c1], c0)]
    cut = min(again, default=None)
    if cut is None or not (band(c0, cut) and band(cut, c1)):
        return [(c0, c1)]
    return [(c0, cut), *_run_together(band, texts, cut, c1)]


def _second_start(row: list[str], offset: int) -> list[int]:
    """Columns of a band row where a 序号 or unit header stands right of a count header."""
    return [offset + c for c in _second_starts(tuple(row))]


@lru_cache(maxsize=2**12)
def _second_starts(row: tuple[str, ...]) -> tuple[int, ...]:
    # asked of every band's rows, and offices print the same bands sheet after sheet
    norm = [vocab.normalise(v) for v in row]
    first = next((c for c, h in enumerate(norm) if h and hd.count_field(h)), None)
    if first is None:
        return ()
    return tuple(
        c
        for c in range(first + 1, len(norm))
        if norm[c] and (hd.is_seq(norm[c]) or hd.is_unit_header(norm[c]))
    )


def _masked(
    grid: Grid, texts: list[list[str]], c0: int, c1: int, rows: int | None = None
) -> tuple[Grid, list[list[str]]]:
    """The grid (its first ``rows``) with every cell outside columns ``c0``…``c1 - 1`` empty:
    cells keep their own columns, so every finding still names the sheet's cell."""
    cells = [[v if c0 <= c < c1 else None for c, v in enumerate(row)] for row in grid.cells[:rows]]
    merged = [m for m in grid.merged if c0 <= m[1] < c1 and (rows is None or m[0] < rows)]
    row_numbers = grid.row_numbers[:rows] if grid.row_numbers is not None else None
    cell_lines = grid.cell_lines[:rows] if grid.cell_lines is not None else None
    part = replace(grid, cells=cells, merged=merged, row_numbers=row_numbers, cell_lines=cell_lines)
    return part, [[v if c0 <= c < c1 else "" for c, v in enumerate(row)] for row in texts[:rows]]
