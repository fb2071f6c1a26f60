"""The findings behind one publisher's period: what a reviewer of a notice drafted from it
must see. Findings name a file and sheet, not a city or a quarter; a finding belongs to a
publisher's period when the place it names holds rows of that period and of no other."""

from __future__ import annotations

import pandas as pd

from govstats.dataset.scoping import placed_findings, positions, unnamed_input
from govstats.source import Source

ROW_CODES = frozenset(
    {"row-arithmetic", "rate-mismatch", "not-a-count", "negative-count", "non-integer-count"}
    | {"formula-without-value", "duplicate-unit", "missing-unit"}
)
"""Codes of the findings about one row of a handling table."""


def review_findings(dataset, publisher: str | None, period: pd.Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(mine, unplaced)``: the findings of ``publisher``'s ``period`` (printed where only
    its rows of that period are: :func:`govstats.dataset.scoping.placed_findings`), and those
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


def row_findings(handling: pd.DataFrame, findings: pd.DataFrame) -> dict[str, list[str]]:
    """Unit → the messages of the row-level findings (:data:`ROW_CODES`) printed on its
    row of ``handling`` (one publisher's period of one channel): the rows whose figures a
    reader must not take at face value."""
    at = {}
    for unit, text in zip(handling["unit"], handling["source"], strict=True):
        src = Source.parse(str(text))
        if src.row is not None:
            at[(src.file, src.sheet or "", src.row)] = unit
    out: dict[str, list[str]] = {}
    if findings.empty:
        return out
    for e in findings[findings["code"].isin(ROW_CODES)].to_dict("records"):
        sheet = e["sheet"] if isinstance(e["sheet"], str) else ""
        unit = at.get((e["file"], sheet, e["row"])) if not pd.isna(e["row"]) else None
        if unit is not None:
            out.setdefault(unit, []).append(e["message"])
    return out
