"""The period a notice states as its own in its title and running text (not one it compares
with or starts from), and, when it states none, what it states instead. How a single
period is written and parsed is the contract's (:mod:`govstats.periods`)."""

from __future__ import annotations

import re

import pandas as pd

from govstats.chinese import plain
from govstats.periods import (
    DATE,
    LONE_MONTH,
    LONE_QUARTER,
    MONTH,
    MONTH_RANGE,
    TITLE_MONTH,
    WEEK,
    WINDOW,
    YEAR,
    YEAR_QUARTER,
    cn_number,
    find_period,
    find_window,
)
from govstats.vocabulary.notices import INSPECTED, INSPECTED_AT, NOT_OWN_AFTER, NOT_OWN_BEFORE, STATED_AS
from govstats.vocabulary.tables import NUMERALS

_YEAR_MONTH = MONTH  # a month is always printed with its year there
_DATED = re.compile(DATE)
DATELINE = re.compile(r"\s*" + DATE)
"""A line that starts with a date: a news page's dateline under its headline."""
_INSPECTED = re.compile(
    rf"(?:{'|'.join(INSPECTED)})(?:{'|'.join(INSPECTED_AT)})?[::{''.join(STATED_AS)}]?\s*" + DATE
)


def _own(text: str, m: re.Match) -> bool:
    before, after = text[max(0, m.start() - 3) : m.start()], text[m.end() : m.end() + 4]
    return not before.endswith(NOT_OWN_BEFORE) and not after.lstrip().startswith(NOT_OWN_AFTER)


def _in_text(text: str) -> pd.Period | None:
    """The first quarter or month with its year that ``text`` states as its own."""
    found = [
        (m.start(), pd.Period(year=int(m.group(1)), quarter=cn_number(m.group(2)), freq="Q"))
        for m in YEAR_QUARTER.finditer(text)
        if _own(text, m)
    ]
    for m in _YEAR_MONTH.finditer(text):
        month = cn_number(m.group(2))
        if 1 <= month <= 12 and _own(text, m):
            found.append((m.start(), pd.Period(year=int(m.group(1)), month=month, freq="M")))
    return min(found, key=lambda f: f[0])[1] if found else None


def _yearless(text: str, month: re.Pattern = LONE_MONTH) -> tuple[str, int] | None:
    """``("Q", 4)`` for 第四季度, ``("M", 11)`` for 11月份 printed without a year (``month``:
    how a month is printed there)."""
    m = LONE_QUARTER.search(text)
    if m:
        return "Q", cn_number(m.group(1))
    m = month.search(text)
    if m and 1 <= cn_number(m.group(1)) <= 12:
        return "M", cn_number(m.group(1))
    return None


def _stated_year(lines: list[str]) -> int | None:
    """A year the text states as its own (2023年，全市…), not a date's and not a start
    (2023年以来)."""
    for line in lines:
        for m in YEAR.finditer(line):
            if _own(line, m):
                return int(m.group(1))
    return None


def _with_year(which: tuple[str, int], on: pd.Timestamp) -> pd.Period:
    """The quarter or month of that number that began last on or before the date ``on``."""
    freq, n = which
    p = (
        pd.Period(year=on.year, freq="Q", quarter=n)
        if freq == "Q"
        else pd.Period(year=on.year, month=n, freq="M")
    )
    return p - (12 if freq == "M" else 4) if p.start_time > on else p


def stated_period(
    title: str | None, lines: list[str], date: str | None = None
) -> tuple[pd.Period | None, str | None, str | None]:
    """``(period, where, note)``: the period a notice states, looked for in this order:
    its title (``title``), a statistics window (``window``), its sentences (``text``:
    2020年12月…, 2025年第二季度共受理…), a 第N季度 or N月份 without its year dated by an
    inspection date or the notice's own date (``date``). ``note`` says, when none is
    found, what the notice does state instead (a range of months, a week, a month
    without its year)."""
    head = plain(title or "")
    found = find_period(head)
    if found is not None:
        return found, "title", None
    text = [plain(line) for line in lines]
    for line in text:
        found = find_window(line)
        if found is not None:
            return found, "window", None
    for line in text:
        found = _in_text(line)
        if found is not None:
            return found, "text", None
    whole = "\n".join([head, *text])
    yearless = _yearless(head, TITLE_MONTH) or next((y for line in text if (y := _yearless(line))), None)
    if yearless is not None:
        year = _stated_year([head, *text])  # the text's own year wins over the date it was signed
        if year is not None:
            freq, n = yearless
            period = (
                pd.Period(year=year, quarter=n, freq="Q")
                if freq == "Q"
                else pd.Period(year=year, month=n, freq="M")
            )
            return period, "text", None
        dated = _INSPECTED.search(whole) or _DATED.search(whole)
        on = _timestamp(dated.groups()[-3:]) if dated else None
        on = on or (pd.Timestamp(date) if date else None)
        if on is not None:
            return _with_year(yearless, on), "date", None
    return None, None, why_no_period(whole, yearless)


def _timestamp(parts) -> pd.Timestamp | None:
    try:
        return pd.Timestamp(year=int(parts[0]), month=int(parts[1]), day=int(parts[2]))
    except ValueError:
        return None


def why_no_period(text: str, yearless: tuple[str, int] | None = None) -> str | None:
    """What ``text`` states instead of a quarter or month, in words for a finding, or ``None``."""
    text = plain(text)
    m = WINDOW.search(text)
    if m:
        return f"统计时间“{m.group(0)}”不是整季度或整月"
    m = MONTH_RANGE.search(text)
    if m:
        return f"“{m.group(0)}”是几个月的区间，不是一个季度或月份"
    yearless = yearless or _yearless(text)
    if yearless is not None:
        freq, n = yearless
        return f"只写了{f'第{NUMERALS[n - 1]}季度' if freq == 'Q' else f'{n}月份'}，未写年份，通报也无日期"
    m = WEEK.search(text)
    if m:
        return f"“{m.group(0)}”是一周，不是季度或月份"
    return None
