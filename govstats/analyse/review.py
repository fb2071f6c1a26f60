"""The findings behind one publisher's period: what a reviewer of a notice drafted from it
must see. Findings name a file and sheet, not a city or a quarter; a finding belongs to a
publisher's period when the place it names holds rows of that period and of no other."""

from __future__ import annotations

import pandas as pd

from govstats.dataset.scoping import findings_of as placed_findings
from govstats.dataset.scoping import positions, unnamed_input


def findings_of(dataset, publisher: str | None, period: pd.Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(mine, unplaced)``: the findings of ``publisher``'s ``period`` (printed where only
    its rows of that period are: :func:`govstats.dataset.scoping.findings_of`), and those
    whose file holds no row of any period at all (an unreadable input, a sheet with no
    table: it may have been this period's)."""

    f = dataset.findings
    if f.empty:
        return f, f
    rows = positions(dataset)
    input = unnamed_input(dataset, period) if publisher is None else None
    mine = placed_findings(dataset, publisher, period, input, rows=rows)
    files = set(rows["file"].dropna())
    return mine, f[f["file"].notna() & ~f["file"].isin(files)]
