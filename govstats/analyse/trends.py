"""Period-over-period change within each publisher (cities never mix): per unit, tier or
channel, every count's absolute and relative change and every rate's change in
percentage points; units new this period and units gone; the headline figures' trend."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

import pandas as pd

from govstats.analyse.apart import keep_apart
from govstats.analyse.metrics import RATES, add_rates, frame_only, rates, row_counts
from govstats.analyse.pairs import Codes, coded, one_row_each, qoq_frame
from govstats.analyse.periods import with_periods
from govstats.schema import COUNT_FIELDS

QOQ_KEYS: tuple[str, ...] = ("publisher", "channel", "unit")


def to_quarters(table: pd.DataFrame) -> pd.DataFrame:
    """Monthly rows relabelled with their quarter (sum them with :func:`rates`)."""
    out = table.copy()
    out["period"] = pd.PeriodIndex(
        [pd.Period(p, "Q") if pd.notna(p) else None for p in out["period"]], freq="Q"
    )
    return out


def _previous_periods(table: pd.DataFrame, series: list[str]) -> pd.DataFrame:
    """Per series (a publisher, or a publisher's channel): each period present and the
    one before it in that series, and how many periods apart they are."""
    columns = [*series, "period", "prev_period", "periods_apart"]
    p = table[[*series, "period"]].dropna(subset=["period"]).drop_duplicates()
    if not isinstance(p["period"].dtype, pd.PeriodDtype):  # mixed frequencies: compare within each
        rows = []
        for key, group in p.groupby(series, dropna=False, sort=False):
            ordered = sorted(group["period"], key=lambda x: (x.start_time, x.end_time))
            for prev, cur in pairwise(ordered):
                steps = (cur - prev).n if cur.freqstr == prev.freqstr else None
                rows.append(
                    {
                        **dict(zip(series, key, strict=True)),
                        "period": cur,
                        "prev_period": prev,
                        "periods_apart": steps,
                    }
                )
        return pd.DataFrame(rows, columns=columns)
    p = p.sort_values([*series, "period"], kind="stable")
    p["prev_period"] = p.groupby(series, dropna=False, sort=False)["period"].shift(1)
    p = p[p["prev_period"].notna()].copy()
    p["periods_apart"] = p["period"].array.asi8 - p["prev_period"].array.asi8  # ordinals of one frequency
    return p[columns].reset_index(drop=True)


def qoq(
    table: pd.DataFrame,
    by: Sequence[str] | None = None,
    *,
    freq: str | None = None,
    measures: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The period-over-period table of ``table``.

    ``publisher`` is always a key, so cities never mix, and rows that name no publisher are
    a series per input file (column ``input``). Each period is compared with the previous
    one present in that publisher's series: ``periods_apart`` is 1 for consecutive quarters
    (or months) and more across a gap. ``status`` says ``continuing``, ``new`` (no row last
    period) or ``gone`` (a row last period, none now; the period columns say when it went).
    For every count ``c``: ``c``, ``c_prev``, ``c_change``, ``c_change_pct`` (relative, as a
    fraction); for every rate ``r``: ``r``, ``r_prev``, ``r_change_pp`` (percentage points).
    Two threads build the columns. A dataset folder's, out of core, is :func:`govstats.sql.qoq`.

    Parameters
    ----------
    table : pandas.DataFrame
        A handling table, or :func:`~govstats.analyse.metrics.rates` output. Periods must
        share one frequency.
    by : sequence of str, optional
        The keys of a series; :data:`QOQ_KEYS` (per unit) by default.
    freq : {"Q"}, optional
        ``"Q"`` rolls monthly rows up to quarters first.
    measures : sequence of str, optional
        Only those counts and rates (e.g. ``["received", "on_time_rate"]``): at national
        scale per unit every measure's four columns are most of the memory.

    Returns
    -------
    pandas.DataFrame
        The keys, ``period``, ``prev_period``, ``periods_apart``, ``status`` and each
        measure's columns, sorted by publisher, period and the keys.

    Raises
    ------
    govstats.errors.UsageError
        When ``table`` is no DataFrame (a folder path: use :func:`govstats.sql.qoq`).
    ValueError
        For an unknown ``freq`` or measure, or periods of several frequencies.
    """
    frame_only(table, "qoq")
    keys = list(QOQ_KEYS if by is None else by)
    if "publisher" not in keys:
        keys.insert(0, "publisher")
    table, keys = keep_apart(with_periods(table), keys, "qoq")
    if freq == "Q":
        table = to_quarters(table)
    elif freq is not None:
        raise ValueError(f"freq must be 'Q' or None, not {freq!r}")
    counts, rate_cols = measures_asked(measures)
    # A channel's series stands alone: a city that starts publishing its hotline table has
    # no "new" units in it, it has a first period.
    series = [k for k in ("publisher", "input", "channel") if k in keys]
    current, codes = _with_rates(table, keys, series, rate_cols, rolled=freq is not None)
    held = [current[[*keys, "period", *counts, *rate_cols]]]
    del current
    return qoq_frame(held, codes, keys, counts, rate_cols)


def measures_asked(measures: Sequence[str] | None) -> tuple[list[str], list[str]]:
    """The counts and the rates ``measures`` asks for (all by default)."""
    counts = [c for c in COUNT_FIELDS if measures is None or c in measures]
    rate_cols = [r for r in RATES if measures is None or r in measures]
    unknown = set(measures or ()) - set(COUNT_FIELDS) - set(RATES)
    if unknown:
        raise ValueError(f"qoq: unknown measures {sorted(unknown)} (counts {COUNT_FIELDS}, rates {RATES})")
    return counts, rate_cols


def _with_rates(
    table: pd.DataFrame, keys: list[str], series: list[str], rate_cols: list[str], *, rolled: bool
) -> tuple[pd.DataFrame, Codes]:
    """``table`` with one row per group and period and its rates, and its codes: the table
    itself when it is :func:`rates` output already, else its rows summed when a group has
    two rows in a period, else its own rows with the rates added."""
    if set(RATES) <= set(table.columns) and not rolled:
        return table, coded(table, keys, series)
    by = [*keys, "period"]
    if len(table) > 65536 and not one_row_each(coded(table.iloc[:65536], keys, series)):
        # Two rows of a group in one period among the first rows (a city's units, when the
        # groups are cities) settle it without coding the whole table.
        current = rates(table, by=by)
        return current, coded(current, keys, series)
    with ThreadPoolExecutor(max_workers=1) as pool:  # the rates while the keys are coded
        own = pool.submit(lambda: add_rates(row_counts(table, by), rate_cols))
        codes = coded(table, keys, series)
        current = own.result()
    if not one_row_each(codes):
        current = rates(table, by=by)
        codes = coded(current, keys, series)
    return current, codes


def movers(changes: pd.DataFrame, column: str = "on_time_rate_change_pp", n: int = 5) -> pd.DataFrame:
    """The ``n`` rows of a :func:`qoq` table with the largest absolute change of ``column``
    (continuing units only), largest first."""
    rows = changes[(changes["status"] == "continuing") & changes[column].notna()]
    order = rows[column].astype("float64").abs().sort_values(ascending=False, kind="stable").index
    return rows.loc[order[:n]].reset_index(drop=True)


def headline_trend(headline: pd.DataFrame, metrics: Sequence[str] | None = None) -> pd.DataFrame:
    """The narrative's figures across periods, each with its previous value and the change.

    Figures of notices that name no publisher are a series per input file (column
    ``input``).

    Parameters
    ----------
    headline : pandas.DataFrame
        ``Dataset.headline``.
    metrics : sequence of str, optional
        The figures followed; every one the notices classify (monitored, disclosed,
        received, on_time, …; not ``other``) by default.

    Returns
    -------
    pandas.DataFrame
        Per publisher, channel, metric, tier and period: ``value``, ``prev_period``,
        ``value_prev``, ``change`` and ``change_pct`` (relative, as a fraction).
    """
    figures = (
        headline[headline["metric"] != "other"]
        if metrics is None
        else headline[headline["metric"].isin(metrics)]
    )
    figures, keys = keep_apart(figures, ["publisher", "channel", "metric", "tier"], "headline_trend")
    data = figures[[*keys, "period", "value", "unit"]].copy()
    for k in keys:
        data[k] = data[k].fillna("")
    data = data.groupby([*keys, "period"], sort=True, observed=True, as_index=False).first()
    series = keys[: keys.index("channel")]  # the publisher (and input file)
    links = _previous_periods(data, series)
    out = data.merge(links, on=[*series, "period"], how="left")
    prev = data.rename(columns={"period": "prev_period", "value": "value_prev"}).drop(columns="unit")
    out = out.merge(prev, on=[*keys, "prev_period"], how="left")
    out["change"] = (out["value"] - out["value_prev"]).astype("Float64")
    out["change_pct"] = (out["change"] / out["value_prev"].where(out["value_prev"] > 0)).astype("Float64")
    return out[[*keys, "unit", "period", "value", "prev_period", "value_prev", "change", "change_pct"]]


__all__ = ["QOQ_KEYS", "add_rates", "headline_trend", "movers", "qoq", "to_quarters"]
