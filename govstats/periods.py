"""The period type of the contract: a quarter (``pd.Period``, freq ``Q``) or a month (freq
``M``), every table's ``period`` column. Here is how one is written — ``2022Q1``,
``2022-08``, ``2022年第一季度``, ``2022年3月份``, a statistics window covering a whole quarter
or month — parsed from a value (:func:`parse_period`) or found in one title, remark or file
name (:func:`find_period`). Which period a notice's running text states as its own is decided
in :mod:`govstats.notice.periods`."""

from __future__ import annotations

import calendar
import re
import unicodedata
from functools import lru_cache

import pandas as pd

from govstats.chinese import plain
from govstats.errors import PeriodError
from govstats.vocabulary.periods import (
    DAY,
    DAY_NAMES,
    FROM_UNTIL,
    HALF_YEAR,
    HALVES,
    MONTH_EDGES,
    MONTH_NAMED,
    NUMERAL_VALUES,
    ORDINAL,
    QUARTER,
    QUARTER_NUMERALS,
    TEN,
    UNTIL,
    WHOLE_YEAR,
)
from govstats.vocabulary.periods import MONTH as _M
from govstats.vocabulary.periods import WEEK as _W
from govstats.vocabulary.periods import YEAR as _Y
from govstats.vocabulary.tables import NUMERALS

# The parts the patterns below are composed of: a quarter's number (一 or 1), a month's
# (3, 十二), the words between a range's ends, what may follow a month in a date.
_QN = rf"[{QUARTER_NUMERALS}1-4]"
_MN = rf"\d{{1,2}}|[{NUMERALS}]{{1,3}}"
_UNTIL = "".join(UNTIL)
_AFTER_DAY = "".join((*DAY_NAMES, *MONTH_EDGES))
# A quarter starts at its year's digit, at 第 or at its number: said first, so a search skips
# every other character in C rather than trying the pattern there.
_QUARTER = re.compile(
    rf"(?=[\d{ORDINAL[0]}{QUARTER_NUMERALS}])(?:(\d{{4}})\s*{_Y}\s*)?(?:{ORDINAL}\s*)?({_QN})\s*{QUARTER}"
)
# How a month, a date and a statistics window are printed (notice/periods finds them in text too).
MONTH = re.compile(rf"(\d{{4}})\s*{_Y}\s*({_MN})\s*{_M}(?:{MONTH_NAMED})?(?!\s*\d{{1,2}}\s*{DAY})")
DATE = rf"(\d{{4}})\s*[{_Y}./-]\s*(\d{{1,2}})\s*[{_M}./-]\s*(\d{{1,2}})\s*{DAY}?"
WINDOW = re.compile(
    DATE + rf"\s*(?:[—–\-~～{_UNTIL}]+|{FROM_UNTIL})\s*(?:(\d{{4}})\s*[{_Y}./-]\s*)?"
    rf"(\d{{1,2}})\s*[{_M}./-]\s*(\d{{1,2}})\s*{DAY}?"
)
# How a period is printed in running text, where a notice states its own among others
# (notice/periods tells which is its own): a quarter or a month with its year or without,
# a year alone (not a date's), a range of months, a week; a day after its month (4月5日,
# 8月1—31日: a date, not a count of days); a period at a title's start.
YEAR_QUARTER = re.compile(rf"(\d{{4}})\s*{_Y}\s*(?:{ORDINAL}\s*)?({_QN})\s*{QUARTER}")
LONE_QUARTER = re.compile(rf"(?<![\d{_Y}])(?:{ORDINAL}\s*)?({_QN})\s*{QUARTER}")
LONE_MONTH = re.compile(rf"(?<![\d{_Y}\-—~{_UNTIL}])({_MN})\s*{_M}{MONTH_NAMED}")
# In a title, 8月 needs no 份: a title names a period, and 8月3日 (a date) is kept out.
TITLE_MONTH = re.compile(rf"(?<![\d{_Y}\-—~{_UNTIL}])({_MN})\s*{_M}(?!\s*[\d{NUMERALS}]|\s*[{_AFTER_DAY}])")
YEAR = re.compile(rf"(?<![\d.])((?:19|20)\d{{2}})\s*{_Y}(?!\s*\d{{1,2}}\s*[{_M}./-]\s*\d{{1,2}})")
MONTH_RANGE = re.compile(rf"(?<!\d)(\d{{1,2}})\s*[-—–~{_UNTIL}]\s*(\d{{1,2}})\s*{_M}{MONTH_NAMED}?")
WEEK = re.compile(rf"{ORDINAL}[{NUMERALS}\d]+{_W}")
DAY_AFTER_MONTH = re.compile(rf"{_M}\s*(?:\d{{1,2}}\s*[—–\-~{_UNTIL}]\s*)?$")
PERIOD_LEAD = re.compile(
    rf"^\d{{4}}{_Y}(?:{WHOLE_YEAR}|{ORDINAL}?{_QN}{QUARTER}|\d{{1,2}}{_M}{MONTH_NAMED}?|[{HALVES}]{HALF_YEAR})?"
    rf"|^(?:{ORDINAL}?[{QUARTER_NUMERALS}]{QUARTER}|\d{{1,2}}{_M}{MONTH_NAMED}?)"
)
_LONE_YEAR = re.compile(rf"(?<!\d)(\d{{4}})\s*{_Y}")
_ISO_Q = re.compile(r"(?<!\d)(\d{4})\s*-?\s*[Qq]([1-4])(?!\d)")
_ISO_M = re.compile(r"(?<!\d)(\d{4})[-_.]?(0[1-9]|1[0-2])(?!\d)")


def cn_number(text: str) -> int:
    """``3`` for ``三`` or ``3``, ``12`` for ``十二``: a quarter's or month's number as printed."""
    if text.isdigit():
        return int(text)
    if len(text) == 1:
        return NUMERAL_VALUES[text]
    if text[0] == TEN:
        return 10 + NUMERAL_VALUES.get(text[1:], 0)
    return NUMERAL_VALUES[text[0]] * 10 + (NUMERAL_VALUES.get(text[2:], 0) if len(text) > 2 else 0)


def parse_period(value: str | pd.Period) -> pd.Period:
    """The period ``value`` names.

    Parameters
    ----------
    value : str or pandas.Period
        ``2022Q1``, ``2022-Q1``, ``2022-08``, ``2022年第一季度``, ``2022年3月份``, or a Period
        (returned as it is).

    Returns
    -------
    pandas.Period
        A quarter (freq ``Q``) or a month (freq ``M``).

    Raises
    ------
    govstats.errors.PeriodError
        For anything else, in Chinese, with how a quarter and a month are written.
    """
    if isinstance(value, pd.Period):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = re.fullmatch(r"(\d{4})\s*-?\s*[Qq]([1-4])", text)
    if m:
        return pd.Period(year=int(m.group(1)), quarter=int(m.group(2)), freq="Q")
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})", text)
    if m and 1 <= int(m.group(2)) <= 12:
        return pd.Period(year=int(m.group(1)), month=int(m.group(2)), freq="M")
    found = find_period(text)
    if found is None:
        raise PeriodError(f"无法识别的统计期“{value}”（季度写作 2022Q1，月份写作 2022-08）")
    return found


def find_period(text: str, *, year: int | None = None) -> pd.Period | None:
    """The period a title, remark or file name names, or ``None``.

    Understands ``2022年第一季度`` / ``一季度`` / ``第1季度`` (quarters), ``2022年3月份``
    (months), statistics windows ``2022年1月1日—2022年3月31日`` (a whole quarter or
    month), and ``2022Q1`` / ``2022-08`` in file names. A quarter or month printed
    without its year takes ``year`` when given, else yields ``None``.
    """
    text = plain(text or "")
    m = WINDOW.search(text)
    if m:
        window = _window_period(m)
        if window is not None:
            return window
    # a pattern is run only on a text holding the word it cannot match without (季度, 月, Q)
    quarters = list(_QUARTER.finditer(text)) if QUARTER in text else None
    if quarters:
        m = next((q for q in quarters if q.group(1)), quarters[0])
        # the year printed apart (一季度…（2023年）) looked for only when the quarter has none
        y = m.group(1) or year or ((lone := _LONE_YEAR.search(text)) and lone.group(1))
        if y:
            return _period(int(y), cn_number(m.group(2)), "Q")
    m = MONTH.search(text) if _M in text else None
    if m:
        month = cn_number(m.group(2))
        if 1 <= month <= 12:
            return _period(int(m.group(1)), month, "M")
    m = _ISO_Q.search(text) if "Q" in text or "q" in text else None
    if m:
        return _period(int(m.group(1)), int(m.group(2)), "Q")
    m = _ISO_M.search(text)
    if m:
        return _period(int(m.group(1)), int(m.group(2)), "M")
    return None


# Titles and windows name the same few periods over and over: each is made once (a Period
# is immutable).
@lru_cache(maxsize=2**10)
def _period(year: int, number: int, freq: str) -> pd.Period:
    """The quarter (freq ``Q``) or month (``M``) ``number`` of ``year``."""
    if freq == "Q":
        return pd.Period(year=year, quarter=number, freq="Q")
    return pd.Period(year=year, month=number, freq="M")


def find_window(text: str) -> pd.Period | None:
    """The quarter or month a statistics window in ``text`` covers exactly, or ``None``."""
    m = WINDOW.search(unicodedata.normalize("NFKC", text or ""))
    return _window_period(m) if m else None


def _window_period(m: re.Match) -> pd.Period | None:
    """A statistics window as the quarter or month it covers exactly, else ``None``."""
    y0, m0, d0 = int(m.group(1)), int(m.group(2)), int(m.group(3))
    y1, m1, d1 = int(m.group(4) or m.group(1)), int(m.group(5)), int(m.group(6))
    if not (1 <= m0 <= 12 and 1 <= m1 <= 12) or d0 != 1 or d1 != calendar.monthrange(y1, m1)[1]:
        return None
    if (y0, m0) == (y1, m1):
        return _period(y0, m0, "M")
    if y0 == y1 and m0 % 3 == 1 and m1 == m0 + 2:
        return _period(y0, (m0 + 2) // 3, "Q")
    return None


__all__ = ["cn_number", "find_period", "find_window", "parse_period"]
