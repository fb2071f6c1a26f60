"""The tidy tables' contract: column names, order and dtypes.

Every table carries ``publisher`` and ``period`` first, so notices of several
cities and quarters load into one dataset without mixing. ``source`` names the
file, sheet and row a value came from.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

COUNT_FIELDS: tuple[str, ...] = (
    "received",
    "on_time",
    "late_completed",
    "completed",
    "pending",
    "overdue_pending",
)
"""Canonical count fields of a handling table (docs/domain.md)."""

CHANNELS: tuple[str, ...] = ("mailbox", "ogi_request", "hotline")
PROBLEM_KINDS: tuple[str, ...] = ("website", "new_media")
SEVERITIES: tuple[str, ...] = ("error", "warning")

COLUMNS: dict[str, tuple[str, ...]] = {
    "handling": (
        "publisher",
        "period",
        "channel",
        "channel_raw",
        "tier",
        "tier_raw",
        "unit",
        *COUNT_FIELDS,
        "source",
        "publisher_source",
        "period_source",
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
        "publisher_source",
        "period_source",
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
        "publisher_source",
        "period_source",
    ),
    "notices": (
        "publisher",
        "period",
        "title",
        "issuer",
        "index_no",
        "date",
        "source",
        "publisher_source",
        "period_source",
    ),
    "mentions": (
        "publisher",
        "period",
        "kind",
        "name",
        "quote",
        "source",
        "publisher_source",
        "period_source",
    ),
    "extras": (
        "publisher",
        "period",
        "channel",
        "unit",
        "name",
        "header",
        "value",
        "source",
        "publisher_source",
        "period_source",
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
_FLOAT_COLUMNS = {("headline", "value")}  # extras keeps its values as printed, as text


def of_publisher(table: pd.DataFrame, publisher: str | None) -> pd.Series:
    """Which rows of a tidy ``table`` are ``publisher``'s (``None``: the rows without one)."""
    return table["publisher"].fillna("") == (publisher or "")


def frame(name: str, records: list[dict] | None = None) -> pd.DataFrame:
    """A tidy table ``name`` built from ``records`` with the contract's columns and dtypes.

    Counts are nullable integers (a column the source lacks stays ``<NA>``, never 0);
    ``period`` holds :class:`pandas.Period` objects; text columns are strings (a
    :class:`~govstats.read.grid.Source` in ``source`` becomes its text).
    """
    records = records or []
    # Column by column from the records: DataFrame.from_records infers a dtype per column
    # only for each to be converted again, which at a thousand workbooks was most of it.
    data = {}
    for col in COLUMNS[name]:
        values = [r.get(col) for r in records]
        if col in _INT_COLUMNS:
            data[col] = pd.array(values, dtype="Int64")
        elif (name, col) in _FLOAT_COLUMNS:
            data[col] = pd.array(values, dtype="Float64")
        elif col == "period":
            data[col] = _period_column(values)
        else:
            data[col] = pd.array([None if v is None else str(v) for v in values], dtype="string")
    return pd.DataFrame(data)


def _period_column(values: list) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """One Period dtype when every period has the same frequency, else objects."""
    periods = [v if isinstance(v, pd.Period) else None for v in values]
    freqs = {p.freqstr for p in periods if p is not None}
    if len(freqs) == 1:
        dtype = pd.PeriodDtype(freqs.pop())
        ordinals = np.array([pd.NaT.value if p is None else p.ordinal for p in periods], dtype=np.int64)
        return pd.arrays.PeriodArray(ordinals, dtype=dtype)
    out = np.empty(len(periods), dtype=object)
    out[:] = periods
    return out
