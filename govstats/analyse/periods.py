"""Periods as the contract holds them (:class:`pandas.Period`), whoever read the table: a
handling table read back with ``pd.read_csv`` or ``pd.read_parquet`` holds them as text
(``2022Q1``), and a comparison that matched Periods only would drop every row."""

from __future__ import annotations

import warnings

import pandas as pd


def with_periods(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with its ``period`` column as Periods (text such as ``2022Q1`` or
    ``2022-08`` parsed; a :class:`~govstats.errors.PeriodError` names text that is none);
    the same frame when they are Periods already."""
    if "period" not in table or isinstance(table["period"].dtype, pd.PeriodDtype):
        return table
    values = table["period"]
    if all(isinstance(p, pd.Period) for p in pd.unique(values.dropna())):
        return table
    from govstats.dataset.opening import periods_from_text

    return table.assign(period=periods_from_text(values.astype(object).where(values.notna(), None)))


def text_columns(table: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """``table`` with ``columns`` (those it has) as strings: an empty column read back by
    ``pd.read_csv`` is float NaN, which no text operation takes."""
    have = {c: "string" for c in columns if c in table and table[c].dtype != "string"}
    return table.astype(have) if have else table


def dated(table: pd.DataFrame, what: str) -> pd.DataFrame:
    """The rows of ``table`` that have a period, for a computation ``what`` of one period (a
    league, a ranking): rows of unknown period (findings ``no-period``) may be of any. Those
    left out are said in a warning; a ``ValueError`` when no row has one."""
    undated = table["period"].isna()
    if undated.all():
        raise ValueError(f"{what}：{len(table)}行没有统计期（见核查明细no-period），无法排名")
    if undated.any():
        warnings.warn(
            f"{what}：{int(undated.sum())}行没有统计期，不参加排名（见核查明细no-period）", stacklevel=3
        )
    return table[~undated]
