"""The tidy tables' contract: column names, order and dtypes.

Every table carries ``publisher`` and ``period`` first, so notices of several
cities and quarters load into one dataset without mixing. ``source`` names the
file, sheet and row a value came from.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from govstats.source import SOURCE_FILE

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
        "text",
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
    "annexes": (
        "publisher",
        "period",
        "channel",
        "annex_label",
        "title",
        "position",
        "field",
        "header",
        "total",
        "remark",
        "source",
        "publisher_source",
        "period_source",
    ),
    "records": (
        "publisher",
        "period",
        "channel",
        "channel_raw",
        "unit",
        "id",
        "status",
        "received",
        "answered",
        "deadline",
        "deadline_source",
        "extended",
        "days_taken",
        "days_late",
        "class",
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

_INT_COLUMNS = {*COUNT_FIELDS, "row", "position", "days_taken", "days_late"}
_TIME_COLUMNS = {"received", "answered", "deadline"}  # of records; a handling table's received is a count
_FLOAT_COLUMNS = {("headline", "value")}  # extras keeps its values as printed, as text


def of_publisher(table: pd.DataFrame, publisher: str | None, input: str | None = None) -> pd.Series:
    """Which rows of a tidy ``table`` are ``publisher``'s. ``None``: the rows without one,
    of the input file ``input`` only when it is given (see :func:`input_files`)."""
    mine = table["publisher"].fillna("") == (publisher or "")
    if publisher is None and input is not None:
        mine &= input_files(table).fillna("") == input
    return mine


def input_files(table: pd.DataFrame) -> pd.Series:
    """For each row without a publisher, the input file it came from (its ``input`` column
    when it has one, else the file its ``source`` names); ``<NA>`` for rows with a publisher.

    Rows that name no city are kept apart per input file: two files that name none are
    never taken for one city.
    """
    unnamed = table["publisher"].isna()
    out = pd.Series(pd.NA, index=table.index, dtype="string")
    if not unnamed.any():
        return out
    if "input" in table:
        out[unnamed] = table.loc[unnamed, "input"].astype("string")
    elif "source" in table:
        out[unnamed] = table.loc[unnamed, "source"].astype("string").str.extract(SOURCE_FILE, expand=False)
    return out


def frame(name: str, records: list[dict] | None = None) -> pd.DataFrame:
    """A tidy table ``name`` built from ``records`` with the contract's columns and dtypes.

    Counts are nullable integers (a column the source lacks stays ``<NA>``, never 0);
    ``period`` holds :class:`pandas.Period` objects; text columns are strings (a
    :class:`~govstats.read.grid.Source` in ``source`` becomes its text).
    """
    if not records:  # a copy of the one made once: a load has several empty tables
        return _empty(name).copy()
    # Column by column from the records: DataFrame.from_records infers a dtype per column
    # only for each to be converted again, which at a thousand workbooks was most of it.
    return frame_of(name, {col: [r.get(col) for r in records] for col in COLUMNS[name]}, len(records))


@cache
def _empty(name: str) -> pd.DataFrame:
    return frame_of(name, {}, 0)


def frame_of(name: str, columns: dict[str, list], length: int) -> pd.DataFrame:
    """:func:`frame` of ``length`` rows given as columns (a column not given is empty; one
    given as an array is typed already)."""
    data = {}
    for col in COLUMNS[name]:
        values = columns.get(col)
        if isinstance(values, pd.api.extensions.ExtensionArray | np.ndarray):
            data[col] = values
        else:
            data[col] = _typed(name, col, values or [None] * length)
    return pd.DataFrame(data, copy=False)  # each column made here or given new: copied, twice the work


def _typed(name: str, col: str, values: list) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """Column ``col`` of table ``name`` as the contract types it."""
    if name == "records" and col in _TIME_COLUMNS:
        return pd.Series(values, dtype="datetime64[s]").array
    if name == "records" and col == "extended":
        return pd.array(values, dtype="boolean")
    if col in _INT_COLUMNS:
        return _int_array(values)
    if (name, col) in _FLOAT_COLUMNS:
        return pd.array(values, dtype="Float64")
    if col == "period":
        return _period_column(values)
    return _string_array(values)


def repeated(name: str, col: str, values: list, lengths: list[int]) -> pd.api.extensions.ExtensionArray:
    """Column ``col`` of table ``name`` typed as :func:`frame_of` types it, of each of
    ``values`` repeated as many times as ``lengths`` says (a table's publisher or period
    on each of its rows): each value converted once, the rows taken from them by position."""
    return _typed(name, col, values).take(np.repeat(np.arange(len(values)), lengths))


def _int_array(values: list) -> pd.api.extensions.ExtensionArray:
    """``pd.array(values, dtype="Int64")``, by Arrow when it reads every value as a 64-bit
    integer or ``None`` (a table's counts: nearly always), as the general path makes it."""
    if (arr := _arrow(values)) is not None and arr.type in ("int64", "null"):  # null: all None
        return pd.Int64Dtype().__from_arrow__(arr)
    return pd.array(values, dtype="Int64")


def _string_array(values: list) -> pd.api.extensions.ExtensionArray:
    """The values as the ``string`` dtype, each as its ``str``; texts and ``None`` (most
    columns) handed to Arrow whole rather than checked and copied value by value."""
    arr = _arrow(values) if pd.StringDtype().storage == "pyarrow" else None
    if arr is not None and arr.type in ("string", "null"):  # every value a text or None (bytes: binary)
        return pd.arrays.ArrowStringArray(arr.cast("large_string"))
    return pd.array([None if v is None else str(v) for v in values], dtype="string")


def _arrow(values: list):
    """``values`` as an Arrow array of the one type Arrow reads them all as, or ``None``
    (a mix: an int and a bool, a text and a number). One pass in C, where checking each
    value's type in Python first and converting it after were two."""
    import pyarrow as pa

    try:
        return pa.array(values)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return None


def concat(name: str, frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Tidy tables ``name`` stacked, every row as it was, with the contract's columns and
    dtypes (``period`` a Period dtype again when all its periods share one frequency)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return frame(name)
    out = pd.concat([f[list(COLUMNS[name])] for f in frames], ignore_index=True)
    if "period" in out:
        out["period"] = _period_column(list(out["period"]))
    return out


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
