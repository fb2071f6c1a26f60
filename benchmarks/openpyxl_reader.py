"""A second reader for the ingest benchmark's "identical tidy output whichever reader is
used": the same :class:`~govstats.read.grid.Grid` per sheet as ``govstats.read.excel``, built
with openpyxl instead of python-calamine, patched in for one load of the corpus."""

from __future__ import annotations

from contextlib import contextmanager


def read_workbook(path, name: str, zf=None, **_) -> list:
    """Every sheet of the .xlsx at ``path`` as a Grid, cells from openpyxl (cached values)."""
    from openpyxl import load_workbook

    from govstats.read.excel import _value
    from govstats.read.grid import Grid

    wb = load_workbook(path, data_only=True)  # merged ranges need the full (not read-only) mode
    grids = []
    for ws in wb.worksheets:
        cells = [[_value(v) for v in row] for row in ws.iter_rows(min_row=1, min_col=1, values_only=True)]
        merged = [
            (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges
        ]
        grids.append(Grid(name, ws.title, cells, merged))
    wb.close()
    return grids


@contextmanager
def patched():
    """``govstats.load`` reads .xlsx files with openpyxl inside the block."""
    from unittest import mock

    with mock.patch("govstats.read.excel.read_workbook", read_workbook):
        yield
