"""Changes proposed to modules benchmarks/ does not own, as drop-in replacements that the
scale benchmark can patch in (``--proposed``) to measure what they would gain and to
check that the output is unchanged. Nothing here is used by govstats itself.
"""

from __future__ import annotations

from contextlib import contextmanager

import pandas as pd


def previous_periods(table: pd.DataFrame, series: list[str]) -> pd.DataFrame:
    """Vectorised ``govstats.trends._previous_periods``: the same rows, without building a
    Python ``set`` of Period objects per series (the profile's top line at scale).

    Falls back to the original when periods are of mixed frequency (an object column).
    """
    from govstats import trends

    if not isinstance(table["period"].dtype, pd.PeriodDtype):
        return _original(trends)(table, series)
    p = table[[*series, "period"]].dropna(subset=["period"]).drop_duplicates()
    p = p.sort_values([*series, "period"], kind="stable")
    prev = p.groupby(series, dropna=False, sort=False)["period"].shift(1)
    p = p.assign(prev_period=prev)
    p = p[p["prev_period"].notna()]
    apart = p["period"].array.asi8 - p["prev_period"].array.asi8  # ordinals: one frequency here
    p = p.assign(periods_apart=apart).reset_index(drop=True)
    # the original builds the frame from records: plain ``str`` key columns
    p = p.astype({k: "str" for k in series if pd.api.types.is_string_dtype(p[k].dtype)})
    return p[[*series, "period", "prev_period", "periods_apart"]]


def _original(trends):
    return getattr(trends, "_original_previous_periods", trends._previous_periods)


@contextmanager
def patched():
    """Use the proposed trends function inside the block."""
    from govstats import trends

    trends._original_previous_periods = trends._previous_periods
    trends._previous_periods = previous_periods
    try:
        yield
    finally:
        trends._previous_periods = trends._original_previous_periods
        del trends._original_previous_periods


@contextmanager
def tidying_width_once():
    """``govstats.tidying``: the grid's width computed once per grid, not on every
    ``_row`` call (``Grid.n_cols`` scans every row: quadratic in the rows of a sheet,
    ~10% of ``load`` in the ingest profile). A real fix would store the width on the Grid
    (or pad the rows once) in grid.py."""
    from govstats import tidying

    original_tidy, original_row = tidying.tidy_grid, tidying._row
    widths: dict[int, int] = {}

    def tidy_grid(grid):
        widths[id(grid)] = grid.n_cols  # the grid is alive for the whole call: its id is its own
        try:
            return original_tidy(grid)
        finally:
            del widths[id(grid)]

    def _row(grid, r):
        row = grid.cells[r]
        width = widths.get(id(grid))
        return row + [None] * ((grid.n_cols if width is None else width) - len(row))

    tidying.tidy_grid, tidying._row = tidy_grid, _row
    try:
        yield
    finally:
        tidying.tidy_grid, tidying._row = original_tidy, original_row
