"""Any tidy table or analysis result as a Chinese reader reads it (:func:`zh`): Chinese
column names and codes, periods written out, rates as percentages, changes with their
signs, sources as places. The notebooks and the briefing show tables through it."""

from __future__ import annotations

import pandas as pd

from govstats import labels
from govstats.analyse.metrics import RATES
from govstats.chinese import plain
from govstats.source import location

_NAMES = ("unit", "name", "tier", "problem")  # shown Simplified, without a mirror's glosses


def _kind(column: str) -> str:
    """How a column's values are shown, from its name."""
    base = column.removesuffix("_prev").removesuffix("_first").removesuffix("_last")
    if column.endswith("_change_pp"):
        return "points"
    if column.endswith("_change_pct") or column == "change_pct":
        return "relative"
    if base in RATES:
        return "rate"
    if column.endswith("_change") or column in ("change", "difference"):
        return "change"
    if column in ("period", "prev_period", "latest", "first_period", "last_period"):
        return "period"
    if column in ("periods", "in_annex", "in_narrative"):  # repeat_offenders: "2021Q4, 2022Q1"
        return "periods"
    if column == "source":
        return "source"
    if column == "published":  # panel: what a city published that period, codes
        return "published"
    if column in labels.CODES:
        return "code"
    return ""


def cell(column: str, value: object) -> object:
    """One value of ``column`` as shown: ``on_time_rate`` 0.923 → ``92.3%``,
    ``received_change`` 43 → ``+43``, ``on_time_rate_change_pp`` -4.25 → ``-4.3个百分点``,
    ``channel`` ogi_request → 依申请公开, a missing value → ``—``."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return "—"
    kind = _kind(column)
    if kind == "rate":
        return labels.percent(float(value))
    if kind == "relative":
        return labels.percent(float(value), signed=True)
    if kind == "points":
        return labels.points(float(value))
    if kind == "change":
        return labels.signed(float(value))
    if kind == "period":
        return labels.period_text(value)
    if kind == "periods" and isinstance(value, str):
        return "、".join(labels.period_text(_period(p)) for p in value.split(", ") if p) or "—"
    if kind == "source":
        return location(value)
    if kind == "published":
        words = {**labels.FAMILIES, **labels.KINDS}
        return "、".join(words.get(w, w) for w in str(value).split(",") if w) or "未发布"
    if kind == "code":
        return labels.CODES[column].get(value, value) if isinstance(value, str) else value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if column in _NAMES and isinstance(value, str):
        return plain(value)
    if isinstance(value, list | tuple):
        return "、".join(labels.period_text(v) for v in value)
    return value


def _period(text: str) -> object:
    from govstats.periods import parse_period

    try:
        return parse_period(text)
    except ValueError:
        return text


def zh(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` for reading: for display only, compute on ``table`` itself.

    Parameters
    ----------
    table : pandas.DataFrame
        A tidy table or a result of ``rates``, ``league_table``, ``qoq``,
        ``compare_totals``, ``headline_trend``, ``repeat_offenders``.

    Returns
    -------
    pandas.DataFrame
        Text: Chinese column names and codes, periods as 2022年第一季度, rates as 92.3%,
        changes signed (+43, -4.3个百分点), sources as places (工作表“附件4”第13行C列),
        missing values as —.
    """
    names = [labels.column(c) for c in table.columns]
    names = [n if names.count(n) == 1 else f"{n}({c})" for n, c in zip(names, table.columns, strict=True)]
    return pd.DataFrame(
        {n: [cell(c, v) for v in table[c]] for n, c in zip(names, table.columns, strict=True)},
        dtype=object,
    )


__all__ = ["cell", "zh"]
