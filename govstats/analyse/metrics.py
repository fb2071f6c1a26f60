"""On-time, completion, timeliness and overdue rates (docs/metrics.md) per unit or summed
over any grouping; units ranked by them are :mod:`.ranking`, annex totals beside the
narrative's :mod:`.totals`."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pandas as pd

from govstats.analyse.apart import keep_apart
from govstats.errors import CountError, UsageError
from govstats.schema import COUNT_FIELDS
from govstats.source import Source
from govstats.tidy.counts import MAX_COUNT

UNIT_KEYS: tuple[str, ...] = ("publisher", "period", "channel", "tier", "unit")
"""The default grouping of :func:`rates`: one row per unit, as in the handling table."""

RATES: tuple[str, ...] = ("on_time_rate", "completion_rate", "timeliness", "overdue_rate")
"""Rate columns :func:`rates` adds, as fractions (0.923, not 92.3)."""


def _completed(table: pd.DataFrame) -> pd.Series:
    """completed = on time + late where both are known, else the printed 办结 column."""
    both = table["on_time"] + table["late_completed"]
    return both.fillna(table["completed"]) if "completed" in table else both


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    """num / den, missing where den is 0 or missing (a unit that received nothing has no rate)."""
    num, den = num.astype("Float64"), den.astype("Float64")
    return (num / den.where(den > 0)).astype("Float64")


def add_rates(counts: pd.DataFrame, which: Sequence[str] = RATES) -> pd.DataFrame:
    """``counts`` with the rate columns ``which`` (default all four) computed from its
    count columns."""
    out = counts.copy(deep=False)  # copy-on-write: only the new columns take memory
    formulas = {
        "on_time_rate": lambda: _ratio(out["on_time"], out["received"]),
        "completion_rate": lambda: _ratio(out["completed"], out["received"]),
        "timeliness": lambda: _ratio(out["on_time"], out["completed"]),
        "overdue_rate": lambda: _ratio(out["late_completed"] + out["overdue_pending"], out["received"]),
    }
    for rate in which:
        out[rate] = formulas[rate]()
    return out


def row_counts(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The ``keys`` columns of ``table`` (shared, copy-on-write) and its counts as ``Int64``,
    ``completed`` settled as :func:`rates` sums it; add the rates of rows that stand alone
    with :func:`add_rates`."""
    data = table[keys]
    for field in COUNT_FIELDS:
        data[field] = as_counts(table, field)
    data["completed"] = _completed(data)
    return data


def as_counts(table: pd.DataFrame, field: str) -> pd.Series:
    """Column ``field`` of ``table`` as ``Int64`` counts. Integers are taken as they are;
    floats (a frame read with ``dtype_backend="numpy_nullable"``, a spreadsheet's export) and
    text only when every value is a whole number within :data:`MAX_COUNT`: pandas would wrap
    ``inf`` or ``1e300`` to -9223372036854775808. Raises :class:`CountError` naming the
    column and the first row that is no count."""
    values = table[field]
    if pd.api.types.is_integer_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("Int64")
    numbers = pd.to_numeric(values, errors="coerce").astype("Float64")
    floats = numbers.to_numpy("float64", na_value=np.nan)
    present = ~np.isnan(floats)
    with np.errstate(invalid="ignore"):
        outside = present & ~(np.abs(floats) <= MAX_COUNT)  # inf, 1e300
        bad = (values.notna().to_numpy() & ~present) | outside  # text that is no number, too
        bad |= present & ~outside & (np.floor(floats) != floats)
    if bad.any():
        at = int(np.flatnonzero(bad)[0])
        where = table["source"].iloc[at] if "source" in table else None
        row = "" if isinstance(where, str) and where else f"第{at + 1}行（索引{table.index[at]}）"
        raise CountError(
            f"{field}列{row}的值“{values.iloc[at]}”不是件数（须为不超过{MAX_COUNT:,}的整数）；"
            f"共{int(bad.sum())}个这样的值",
            Source.parse(where) if isinstance(where, str) and where else None,
        )
    return numbers.astype("Int64")


def frame_only(table: object, what: str) -> None:
    """Refuse anything but a DataFrame, naming the folder function when ``table`` is a path."""
    if isinstance(table, pd.DataFrame):
        return
    folder = f"；数据集文件夹请用 govstats.sql.{what}(文件夹)" if isinstance(table, str | os.PathLike) else ""
    raise UsageError(f"{what} 只接受表格（pandas DataFrame），而不是 {type(table).__name__}{folder}")


def rates(table: pd.DataFrame, by: Sequence[str] | None = None) -> pd.DataFrame:
    """Counts summed per group of ``by`` and the four rates beside them.

    ``publisher`` and ``period`` are keys always (added first when ``by`` leaves them out):
    rows of two cities or two periods are never summed. Rows that name no publisher are
    kept apart per input file (column ``input``, with a
    :class:`~govstats.errors.MissingPublisherWarning`). A count is missing for a group when
    any of its rows lacks it (a partial sum would understate). A dataset folder's rates,
    out of core, are :func:`govstats.sql.rates`.

    Parameters
    ----------
    table : pandas.DataFrame
        A handling table (``Dataset.handling``).
    by : sequence of str, optional
        The grouping; :data:`UNIT_KEYS` (one row per unit) by default.
        ``["publisher", "period", "channel"]`` gives each city's totals, with ``"tier"``
        its tiers.

    Returns
    -------
    pandas.DataFrame
        One row per group: the keys, ``units`` (the rows summed), every count, and
        :data:`RATES` as fractions.

    Raises
    ------
    govstats.errors.CountError
        A count that is no whole number (``inf``, ``1e300``, 2.5, text), naming the column
        and the first such row.
    govstats.errors.UsageError
        When ``table`` is no DataFrame (a folder path: use :func:`govstats.sql.rates`).
    KeyError
        When a key of ``by`` is no column of ``table``.
    """
    frame_only(table, "rates")
    keys = list(UNIT_KEYS if by is None else by)
    keys = [k for k in ("publisher", "period") if k not in keys and k in table.columns] + keys
    missing = [k for k in keys if k not in table.columns]
    if missing:
        raise KeyError(f"rates: no column {missing} in the table (columns: {list(table.columns)})")
    table, keys = keep_apart(table, keys, "rates")
    data = row_counts(table, keys)
    grouped = data.groupby(keys, sort=False, dropna=False, observed=True)
    if grouped.ngroups == len(data):
        # One row per group (a handling table per unit): the rows are their own sums, and
        # copy-on-write shares the key columns instead of rebuilding them from a groupby.
        data.insert(len(keys), "units", pd.array(np.ones(len(data), dtype="int64"), dtype="Int64"))
        return add_rates(data.reset_index(drop=True))
    sums = grouped[list(COUNT_FIELDS)].sum(min_count=1)
    known = grouped[list(COUNT_FIELDS)].count()
    size = grouped.size()
    incomplete = known.lt(size, axis=0)
    if incomplete.to_numpy().any():
        sums = sums.mask(incomplete)
    sums = sums.astype("Int64")
    sums.insert(0, "units", size.astype("Int64"))
    return add_rates(sums.reset_index())
