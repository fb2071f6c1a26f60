"""The messages behind a log's figures (``Dataset.records``, docs/metrics.md): the late and
overdue ones per unit (the office's 超期明细), and the working days each unit took."""

from __future__ import annotations

import pandas as pd

from govstats.schema import input_files

LATE = ("late_completed", "overdue_pending")


def _of(records: pd.DataFrame, publisher: str | None, period: pd.Period | None) -> pd.DataFrame:
    rows = records
    if publisher is not None:
        rows = rows[rows["publisher"] == publisher]
    if period is not None:
        rows = rows[rows["period"].map(lambda p: p == period).astype(bool)]
    return rows


def overdue_messages(
    records: pd.DataFrame, publisher: str | None = None, period: pd.Period | None = None
) -> pd.DataFrame:
    """The late and overdue-pending messages, unit by unit (the unit with most first), each
    with the working days past its deadline (most first)."""
    rows = _of(records, publisher, period)
    rows = rows[rows["class"].isin(LATE)]
    if rows.empty:
        return rows.copy()
    order = rows["unit"].map(rows["unit"].value_counts())
    return (
        rows.assign(_n=order, _late=rows["days_late"].fillna(0))
        .sort_values(["_n", "unit", "_late"], ascending=[False, True, False], kind="stable")
        .drop(columns=["_n", "_late"])
        .reset_index(drop=True)
    )


def days_taken(
    records: pd.DataFrame, publisher: str | None = None, period: pd.Period | None = None
) -> pd.DataFrame:
    """Per unit: messages answered in the window, and the working days they took (median,
    90th percentile, most), fastest unit first; one row per publisher, period and unit (logs
    naming no publisher kept apart by ``input``, their file)."""
    rows = _of(records, publisher, period)
    rows = rows[rows["class"].isin(("on_time", "late_completed")) & rows["days_taken"].notna()]
    rows = rows.assign(input=input_files(rows))
    keys = ["publisher", "input", "period", "channel", "unit"]
    if rows.empty:
        return pd.DataFrame(columns=[*keys, "answered", "median", "p90", "max"])
    days = rows["days_taken"].astype("float64")
    grouped = days.groupby([rows[k] for k in keys], dropna=False, sort=False)
    out = pd.DataFrame(
        {
            "answered": grouped.size(),
            "median": grouped.median(),
            "p90": grouped.quantile(0.9),
            "max": grouped.max(),
        }
    ).reset_index()
    return out.sort_values(["median", "max", "unit"], kind="stable").reset_index(drop=True)


def rules_stated(findings: pd.DataFrame, records: pd.DataFrame) -> list[str]:
    """The rules ``records`` were counted by, as the logs' ``log-counted`` findings state
    them (N and where it came from, the calendar, the window), one per log."""
    from govstats.source import SOURCE_FILE

    files = set(records["source"].astype("string").str.extract(SOURCE_FILE, expand=False).dropna())
    said = findings[(findings["code"] == "log-counted") & findings["file"].isin(files)]["message"]
    return list(dict.fromkeys(m.split("：", 1)[-1] for m in said))


def deadline_days(records: pd.DataFrame) -> int | None:
    """The working days the rule gave every message of ``records`` (``None`` when they differ:
    extended ones, a deadline column, several channels)."""
    import numpy as np

    from govstats.tidy.workdays import state_council

    rows = records[records["class"].isin(("on_time", "late_completed", "pending", "overdue_pending"))]
    rows = rows[rows["deadline"].notna()]  # a deadline past the calendar's years has no count
    if rows.empty:
        return None
    cal = state_council()
    day = "datetime64[D]"
    n = cal.between(
        cal.place(rows["received"].to_numpy().astype(day)), cal.place(rows["deadline"].to_numpy().astype(day))
    )
    found = np.unique(n)
    return int(found[0]) if len(found) == 1 else None
