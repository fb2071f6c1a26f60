"""The findings behind one publisher's period: what a reviewer of a notice drafted from it
must see. Findings name a file and sheet, not a city or a quarter; a finding belongs to a
publisher's period when the place it names holds rows of that period."""

from __future__ import annotations

import pandas as pd

from govstats.schema import of_publisher

_TABLES = ("handling", "problems", "headline", "notices", "mentions")


def _place(file: object, sheet: object) -> str:
    return str(file) + (f", sheet {sheet}" if isinstance(sheet, str) and sheet else "")


def _holds(sources: pd.Series, place: str) -> bool:
    return bool((sources.eq(place) | sources.str.startswith(place + ", ")).any())


def findings_of(dataset, publisher: str | None, period: pd.Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(mine, unplaced)``: the findings whose file (and sheet) holds rows of
    ``publisher``'s ``period``, and those whose file holds no row of any period at all (an
    unreadable input, a sheet with no table: it may have been this period's)."""
    mine, anywhere = [], []
    for name in _TABLES:
        t = getattr(dataset, name)
        src = t["source"].dropna().astype(str)
        anywhere.append(src)
        in_scope = (t["period"] == period) & of_publisher(t, publisher)
        mine.append(t.loc[in_scope, "source"].dropna().astype(str))
    mine_src = pd.concat(mine, ignore_index=True)
    all_src = pd.concat(anywhere, ignore_index=True)
    f = dataset.findings
    if f.empty:
        return f, f
    places = [_place(file, sheet) for file, sheet in zip(f["file"], f["sheet"], strict=True)]
    own = pd.Series([_holds(mine_src, p) for p in places], index=f.index, dtype=bool)
    # a sheet of no table holds no rows: its file decides
    files = [str(file) for file in f["file"]]
    file_own = pd.Series([_holds(mine_src, p) for p in files], index=f.index, dtype=bool)
    placed = pd.Series([_holds(all_src, p) for p in files], index=f.index, dtype=bool)
    own |= file_own & ~pd.Series([_holds(all_src, p) for p in places], index=f.index, dtype=bool)
    return f[own], f[~placed & f["file"].notna()]
