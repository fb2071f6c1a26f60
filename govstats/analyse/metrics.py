"""On-time, completion, timeliness and overdue rates (docs/metrics.md), rankings, the league
table in the order offices print it, and annex totals beside the narrative's."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pandas as pd

from govstats.analyse.apart import keep_apart, say_unnamed
from govstats.analyse.periods import dated, text_columns, with_periods
from govstats.errors import CountError
from govstats.schema import COUNT_FIELDS, input_files
from govstats.source import Source
from govstats.tidy.counts import MAX_COUNT

UNIT_KEYS: tuple[str, ...] = ("publisher", "period", "channel", "tier", "unit")
"""The default grouping of :func:`rates`: one row per unit, as in the handling table."""

RATES: tuple[str, ...] = ("on_time_rate", "completion_rate", "timeliness", "overdue_rate")
"""Rate columns :func:`rates` adds, as fractions (0.923, not 92.3)."""

LOWEST = 5
"""How many units :func:`lowest` gives (more when several tie at the last place)."""


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


def rates(
    table: pd.DataFrame | str | os.PathLike,
    by: Sequence[str] | None = None,
    *,
    output: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """Counts summed per group of ``by`` and the four rates beside them.

    ``table`` is a handling table (``Dataset.handling``). ``by`` defaults to
    :data:`UNIT_KEYS` (one row per unit); ``by=["publisher", "period", "channel"]``
    gives each city's totals, ``by=["publisher", "period", "channel", "tier"]`` its
    tiers. ``publisher`` and ``period`` are keys always (added first when ``by`` leaves
    them out): rows of two cities or two periods are never summed. Rows that name no
    publisher are kept apart per input file (column ``input``, with a
    :class:`~govstats.errors.MissingPublisherWarning`). A count is missing for a group
    when any of its rows lacks it (a partial sum would understate); ``units`` counts the
    rows summed.

    ``table`` may be a dataset folder (``govstats ingest --dataset``): DuckDB computes the
    same table there, out of core, rows ordered by the keys; ``output`` then writes it to
    that Parquet file (unordered) instead of returning it. A count that is not a whole number
    (``inf``, ``1e300``, 2.5, text) raises :class:`~govstats.errors.CountError`.
    """
    if not isinstance(table, pd.DataFrame):
        from govstats.analyse import sql

        return sql.rates(table, list(UNIT_KEYS if by is None else by), output=output)
    if output is not None:
        raise ValueError("rates: output= is for a dataset folder; write a DataFrame with .to_parquet")
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
    """``table`` (from :func:`rates`) with a ``rank`` column: 1 is best, ties share the
    better rank (1, 2, 2, 4), units without a rate are not ranked. ``ascending=True``
    ranks low values first (for the overdue rate)."""
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


def lowest(table: pd.DataFrame, n: int = LOWEST, rate: str = "on_time_rate") -> pd.DataFrame:
    """The units with the lowest ``rate``: the rows of ``table`` (from :func:`rates`) with
    the ``n`` lowest rates, every unit tied with the last of them included, lowest first
    (most received first among equals); a unit at 100% or without a rate is never among
    them. The one definition the briefing's table, chart and list, the workbook and the
    draft all mark."""
    if rate not in table.columns:
        return table.iloc[:0]
    below = table[table[rate].astype("float64") < 1]
    picked = below.nsmallest(n, rate, keep="all")
    by = [rate, "received"] if "received" in table.columns else [rate]
    return picked.sort_values(by, ascending=[True, False][: len(by)], kind="stable")


def league_table(
    handling: pd.DataFrame,
    period: str | pd.Period | None = None,
    channel: str = "mailbox",
    publisher: str | None = None,
) -> pd.DataFrame:
    """Each publisher's units of a period in the order offices print them: by tier as the
    table printed its groups, most received first, with a 序号 per tier, the counts, rates
    and the on-time rank across the publisher's table of that period (1 is best, ties share
    the better rank). ``period``: one period; ``"all"``: every period given, each its own
    league; ``None`` (default): each publisher's latest. ``publisher`` keeps one. Rows that
    name no publisher make one league per input file (column ``input``). Periods read
    back as text (``pd.read_csv`` of govstats' output) are parsed; rows without a period
    are left out with a warning (a ``ValueError`` when no row has one)."""
    from govstats.notice.periods import parse_period

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
    out = rank(rates(table), "on_time_rate", within=[*scope, "period", "channel"])
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


def _freq(p: object) -> str | None:
    return p.freqstr if isinstance(p, pd.Period) else None


def _of_freq(table: pd.DataFrame, freq: str | None) -> pd.DataFrame:
    return table[table["period"].map(_freq).fillna("").eq(freq or "").to_numpy()]


def compare_totals(handling: pd.DataFrame, headline: pd.DataFrame) -> pd.DataFrame:
    """The annex's unit rows summed per publisher, period and channel, beside the totals
    the narrative states, and their difference (annex − narrative). Rows that name no
    publisher meet only those of their own input file (column ``input``)."""
    freqs = {_freq(p) for t in (handling, headline) for p in pd.unique(t["period"])}
    if len(freqs) > 1:  # months beside quarters: each frequency on its own (periods of two never compare)
        return pd.concat(
            [
                compare_totals(_of_freq(handling, f), _of_freq(headline, f))
                for f in sorted(freqs, key=lambda f: f or "")
            ],
            ignore_index=True,
        )
    keys = ["publisher", "period", "channel"]
    unnamed = [input_files(t)[t["publisher"].isna()] for t in (handling, headline)]
    if any(len(u) for u in unnamed) and say_unnamed("compare_totals", pd.concat(unnamed)):  # said once
        keys = ["publisher", "input", "period", "channel"]
        handling = handling.assign(input=input_files(handling))
        headline = headline.assign(input=input_files(headline))
    annex = rates(handling, by=keys)[[*keys, *COUNT_FIELDS]].melt(
        id_vars=keys, var_name="metric", value_name="annex"
    )
    stated = headline[
        headline["metric"].isin(COUNT_FIELDS)
        & headline["tier"].fillna("").eq("")
        & headline["channel"].fillna("").ne("")
    ]
    stated = (
        stated.groupby([*keys, "metric"], dropna=False, observed=True)["value"].first().rename("narrative")
    )
    stated = stated.reset_index()
    if annex["period"].dtype != stated["period"].dtype:  # a Period dtype beside objects
        annex["period"], stated["period"] = annex["period"].astype(object), stated["period"].astype(object)
    out = annex.merge(stated, on=[*keys, "metric"], how="outer")
    out["annex"] = out["annex"].astype("Int64")
    out["narrative"] = out["narrative"].astype("Float64").round().astype("Int64")
    out = out.dropna(subset=["annex", "narrative"], how="all")
    out["difference"] = out["annex"] - out["narrative"]
    order = {m: i for i, m in enumerate(COUNT_FIELDS)}
    out = out.sort_values([*keys, "metric"], key=lambda s: s.map(order) if s.name == "metric" else s)
    return out.reset_index(drop=True)
