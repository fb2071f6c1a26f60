"""On-time, completion, timeliness and overdue rates (docs/metrics.md), rankings and the league
table in the order offices print it (annex totals beside the narrative's: :mod:`.totals`)."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pandas as pd

from govstats.analyse.apart import keep_apart
from govstats.analyse.periods import dated, text_columns, with_periods
from govstats.errors import CountError, UsageError
from govstats.schema import COUNT_FIELDS
from govstats.source import Source
from govstats.tidy.counts import MAX_COUNT

UNIT_KEYS: tuple[str, ...] = ("publisher", "period", "channel", "tier", "unit")
"""The default grouping of :func:`rates`: one row per unit, as in the handling table."""

RATES: tuple[str, ...] = ("on_time_rate", "completion_rate", "timeliness", "overdue_rate")
"""Rate columns :func:`rates` adds, as fractions (0.923, not 92.3)."""

LOWEST = 5
"""How many units :func:`lowest` gives per tier (more when several tie at the last place)."""

MIN_RECEIVED = 5
"""The fewest messages a unit must have received to be among the lowest: one late reply
of one message is 0.0%, a figure about chance rather than about how a unit works."""


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


def rank(
    table: pd.DataFrame,
    rate: str = "on_time_rate",
    *,
    within: Sequence[str] = ("publisher", "period", "channel"),
    ascending: bool = False,
) -> pd.DataFrame:
    """``table`` with each row's rank by ``rate`` within its group.

    Ties share the better rank (1, 2, 2, 4); rows without a rate are not ranked.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`rates` output.
    rate : str, default "on_time_rate"
        The rate column to rank by.
    within : sequence of str, default ("publisher", "period", "channel")
        The groups ranked apart (those that are columns of ``table``).
    ascending : bool, default False
        Low values first (for the overdue rate).

    Returns
    -------
    pandas.DataFrame
        A copy with a ``rank`` column (1 is best; Int64, missing when unranked).
    """
    out = table.copy()
    keys = [k for k in within if k in out.columns]
    values = out[rate].astype("float64")
    ranks = (
        values.groupby([out[k] for k in keys], dropna=False).rank(method="min", ascending=ascending)
        if keys
        else values.rank(method="min", ascending=ascending)
    )
    out["rank"] = ranks.astype("Int64")
    return out


def lowest(
    table: pd.DataFrame,
    n: int = LOWEST,
    rate: str = "on_time_rate",
    *,
    min_received: int = MIN_RECEIVED,
) -> pd.DataFrame:
    """The units with the lowest ``rate``: the one definition the briefing's table, chart and
    list, the workbook and the draft all mark.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`rates` output.
    n : int, default 5
        How many per tier (more when several tie at the last place).
    rate : str, default "on_time_rate"
        The rate compared.
    min_received : int, default 5
        The fewest a unit must have received to be among them (:data:`MIN_RECEIVED`).

    Returns
    -------
    pandas.DataFrame
        Per tier (市直单位 apart from 区(市), the tiers in the order the table prints them),
        the rows of ``table`` with the ``n`` lowest rates among the units that received at
        least ``min_received``, every unit tied with the last of them included, lowest first
        (most received first among equals); a unit at 100% or without a rate is never among
        them.
    """
    if rate not in table.columns:
        return table.iloc[:0]
    below = table[table[rate].astype("float64") < 1]
    if "received" in below.columns:
        below = below[below["received"].astype("Float64").fillna(0).ge(min_received).to_numpy(dtype=bool)]
    by = [rate, "received"] if "received" in table.columns else [rate]
    tiers = below["tier"].fillna("") if "tier" in below.columns else pd.Series("", index=below.index)
    picked = [
        part.nsmallest(n, rate, keep="all").sort_values(by, ascending=[True, False][: len(by)], kind="stable")
        for _, part in below.groupby(tiers, sort=False)
    ]
    return pd.concat(picked) if picked else below.iloc[:0]


def league_table(
    handling: pd.DataFrame,
    period: str | pd.Period | None = None,
    channel: str = "mailbox",
    publisher: str | None = None,
) -> pd.DataFrame:
    """Each publisher's units of a period in the order offices print them.

    Rows that name no publisher make one league per input file (column ``input``). Periods
    read back as text (``pd.read_csv`` of govstats' output) are parsed; rows without a
    period are left out with a warning.

    Parameters
    ----------
    handling : pandas.DataFrame
        A handling table (``Dataset.handling``).
    period : str or pandas.Period, optional
        One period; ``"all"``: every period given, each its own league; each publisher's
        latest by default.
    channel : str, default "mailbox"
        The channel ranked.
    publisher : str, optional
        Keep one publisher.

    Returns
    -------
    pandas.DataFrame
        By tier as the table printed its groups, most received first: a ``seq`` (序号) per
        tier, the counts, the rates and ``rank``, the on-time rank within the tier of that
        period (1 is best, ties share the better rank: a department and a county are not
        rivals).

    Raises
    ------
    ValueError
        When no row of that channel (publisher, period) is there, or no row has a period.
    """
    from govstats.periods import parse_period

    table = text_columns(with_periods(handling), ("publisher", "channel", "tier", "unit"))
    table = table[table["channel"] == channel]
    if publisher is not None:
        table = table[table["publisher"] == publisher]
    if table.empty:
        raise ValueError(f"league_table：没有{channel}渠道的行" + (f"（{publisher}）" if publisher else ""))
    table = dated(table, "league_table")
    table, scope = keep_apart(table, ["publisher"], "league_table")
    if isinstance(period, str) and period == "all":
        pass
    elif period is not None:
        wanted = parse_period(period)
        table = table[table["period"] == wanted]
        if table.empty:
            raise ValueError(f"league_table：没有{wanted}的{channel}渠道的行")
    else:
        table = table[table["period"] == table["period"].groupby(_scope(table, scope)).transform(_latest)]
    tiers = _scope(table, scope) + "\x00" + table["period"].astype(str) + "\x00" + table["tier"].fillna("")
    tier_order = {t: i for i, t in enumerate(pd.unique(tiers))}
    # ranked within the tier: a department and a county are not rivals
    out = rank(rates(table), "on_time_rate", within=[*scope, "period", "channel", "tier"])
    out["_tier"] = (
        _scope(out, scope) + "\x00" + out["period"].astype(str) + "\x00" + out["tier"].fillna("")
    ).map(tier_order)
    out = out.sort_values(["_tier", "received"], ascending=[True, False], kind="stable")
    out.insert(0, "seq", out.groupby("_tier").cumcount() + 1)
    return out.drop(columns="_tier").reset_index(drop=True)


def _scope(table: pd.DataFrame, keys: list[str]) -> pd.Series:
    """One text per publisher (and input file, for rows that name none)."""
    out = table[keys[0]].astype("string").fillna("")
    for k in keys[1:]:
        out = out + "\x00" + table[k].astype("string").fillna("")
    return out


def _latest(periods: pd.Series) -> object:
    known = [p for p in periods if isinstance(p, pd.Period)]
    return max(known, key=lambda p: (p.end_time, p.start_time)) if known else None
