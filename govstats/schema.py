"""The tidy tables' contract: column names, order and dtypes.

Every table carries ``publisher`` and ``period`` first, so notices of several
cities and quarters load into one dataset without mixing. ``source`` names the
file, sheet and row a value came from.
"""

from __future__ import annotations

import pandas as pd

COUNT_FIELDS: tuple[str, ...] = (
    "received",
    "on_time",
    "late_completed",
    "completed",
    "pending",
    "overdue_pending",
)
"""Canonical count fields of a handling table (see domain.md)."""

CHANNELS: tuple[str, ...] = ("mailbox", "ogi_request", "hotline")
PROBLEM_KINDS: tuple[str, ...] = ("website", "new_media")
SEVERITIES: tuple[str, ...] = ("error", "warning")

COLUMNS: dict[str, tuple[str, ...]] = {
    "handling": (
        "publisher",
        "period",
        "channel",
        "tier",
        "tier_raw",
        "unit",
        *COUNT_FIELDS,
        "source",
    ),
    "problems": (
        "publisher",
        "period",
        "kind",
        "unit",
        "account_type",
        "name",
        "site_code",
        "url",
        "problem",
        "source",
    ),
    "headline": (
        "publisher",
        "period",
        "channel",
        "metric",
        "tier",
        "label",
        "value",
        "unit",
        "quote",
        "source",
    ),
    "notices": (
        "publisher",
        "period",
        "title",
        "issuer",
        "index_no",
        "date",
        "source",
    ),
    "mentions": (
        "publisher",
        "period",
        "kind",
        "name",
        "quote",
        "source",
    ),
    "findings": (
        "severity",
        "code",
        "message",
        "source",
        "file",
        "sheet",
        "row",
        "column",
    ),
}
TABLES: tuple[str, ...] = tuple(COLUMNS)

_INT_COLUMNS = {*COUNT_FIELDS, "row"}
_FLOAT_COLUMNS = {"value"}


def frame(name: str, records: list[dict] | None = None) -> pd.DataFrame:
    """A tidy table ``name`` built from ``records`` with the contract's columns and dtypes.

    Counts are nullable integers (a column the source lacks stays ``<NA>``, never 0);
    ``period`` holds :class:`pandas.Period` objects; text columns are strings (a
    :class:`~govstats.grid.Source` in ``source`` becomes its text).
    """
    columns = COLUMNS[name]
    df = pd.DataFrame.from_records(records or [], columns=list(columns))
    for col in columns:
        if col in _INT_COLUMNS:
            df[col] = pd.array(df[col].tolist(), dtype="Int64")
        elif col in _FLOAT_COLUMNS:
            df[col] = pd.array(df[col].tolist(), dtype="Float64")
        elif col == "period":
            df[col] = _period_column(df[col])
        else:
            df[col] = df[col].astype("string")
    return df


def _period_column(values: pd.Series) -> pd.Series:
    """One Period dtype when every period has the same frequency, else objects."""
    periods = [v if isinstance(v, pd.Period) else None for v in values]
    freqs = {p.freqstr for p in periods if p is not None}
    if len(freqs) == 1:
        return pd.Series(pd.PeriodIndex(periods, freq=freqs.pop()), index=values.index)
    return pd.Series(periods, index=values.index, dtype=object)
