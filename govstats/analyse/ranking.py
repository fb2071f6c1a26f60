"""Rankings of units by a rate: the rank within a group, the lowest units the briefing, the
workbook and the draft mark, and the league table in the order offices print it (the rates
themselves are :mod:`.metrics`)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from govstats.analyse.apart import keep_apart
from govstats.analyse.metrics import rates
from govstats.analyse.periods import dated, text_columns, with_periods

LOWEST = 5
"""How many units :func:`lowest` gives per tier (more when several tie at the last place)."""

MIN_RECEIVED = 5
"""The fewest messages a unit must have received to be among the lowest: one late reply
of one message is 0.0%, a figure about chance rather than about how a unit works."""


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
    table = _league_rows(handling, channel, publisher)
    table, scope = keep_apart(table, ["publisher"], "league_table")
    return _in_print_order(_of_period(table, period, channel, scope), scope)


def _league_rows(handling: pd.DataFrame, channel: str, publisher: str | None) -> pd.DataFrame:
    """The rows of one channel (and publisher) that have a period."""
    table = text_columns(with_periods(handling), ("publisher", "channel", "tier", "unit"))
    table = table[table["channel"] == channel]
    if publisher is not None:
        table = table[table["publisher"] == publisher]
    if table.empty:
        raise ValueError(f"league_table：没有{channel}渠道的行" + (f"（{publisher}）" if publisher else ""))
    return dated(table, "league_table")


def _of_period(
    table: pd.DataFrame, period: str | pd.Period | None, channel: str, scope: list[str]
) -> pd.DataFrame:
    """The rows of ``period``, of every period (``"all"``), or of each publisher's latest."""
    from govstats.periods import parse_period

    if isinstance(period, str) and period == "all":
        return table
    if period is None:
        return table[table["period"] == table["period"].groupby(_scope(table, scope)).transform(_latest)]
    wanted = parse_period(period)
    table = table[table["period"] == wanted]
    if table.empty:
        raise ValueError(f"league_table：没有{wanted}的{channel}渠道的行")
    return table


def _in_print_order(table: pd.DataFrame, scope: list[str]) -> pd.DataFrame:
    """Each league's units by tier as the table printed its groups, most received first, a
    ``seq`` per tier and the on-time ``rank`` within the tier."""

    def tier_of(frame: pd.DataFrame) -> pd.Series:
        return _scope(frame, scope) + "\x00" + frame["period"].astype(str) + "\x00" + frame["tier"].fillna("")

    tier_order = {t: i for i, t in enumerate(pd.unique(tier_of(table)))}
    # ranked within the tier: a department and a county are not rivals
    out = rank(rates(table), "on_time_rate", within=[*scope, "period", "channel", "tier"])
    out["_tier"] = tier_of(out).map(tier_order)
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
