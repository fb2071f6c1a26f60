"""Periods (quarters or months), as notices and file names write them."""

from __future__ import annotations

import calendar
import re
import unicodedata

import pandas as pd

from govstats.chinese import plain
from govstats.errors import PeriodError

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_QUARTER = re.compile(r"(?:(\d{4})\s*年\s*)?(?:第\s*)?([一二三四1-4])\s*季度")
_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份)?(?!\s*\d{1,2}\s*日)")
_DATE = r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?"
_WINDOW = re.compile(
    _DATE + r"\s*(?:[—–\-~～至到]+|起至)\s*(?:(\d{4})\s*[年./-]\s*)?(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?"
)
_ISO_Q = re.compile(r"(?<!\d)(\d{4})\s*-?\s*[Qq]([1-4])(?!\d)")
_ISO_M = re.compile(r"(?<!\d)(\d{4})[-_.]?(0[1-9]|1[0-2])(?!\d)")


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 1:
        return _CN_DIGITS[text]
    if text[0] == "十":
        return 10 + _CN_DIGITS.get(text[1:], 0)
    return _CN_DIGITS[text[0]] * 10 + (_CN_DIGITS.get(text[2:], 0) if len(text) > 2 else 0)


def parse_period(value: str | pd.Period) -> pd.Period:
    """A period from ``2022Q1``, ``2022-Q1``, ``2022-08``, ``2022年第一季度`` or a Period.

    Raises :class:`~govstats.errors.PeriodError` for anything else.
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
    m = _WINDOW.search(text)
    if m:
        window = _window_period(m)
        if window is not None:
            return window
    quarters = list(_QUARTER.finditer(text))
    if quarters:
        m = next((q for q in quarters if q.group(1)), quarters[0])
        lone_year = re.search(r"(?<!\d)(\d{4})\s*年", text)
        y = m.group(1) or year or (lone_year.group(1) if lone_year else None)
        if y:
            return pd.Period(year=int(y), quarter=_cn_number(m.group(2)), freq="Q")
    m = _MONTH.search(text)
    if m:
        month = _cn_number(m.group(2))
        if 1 <= month <= 12:
            return pd.Period(year=int(m.group(1)), month=month, freq="M")
    m = _ISO_Q.search(text)
    if m:
        return pd.Period(year=int(m.group(1)), quarter=int(m.group(2)), freq="Q")
    m = _ISO_M.search(text)
    if m:
        return pd.Period(year=int(m.group(1)), month=int(m.group(2)), freq="M")
    return None


def find_window(text: str) -> pd.Period | None:
    """The quarter or month a statistics window in ``text`` covers exactly, or ``None``."""
    m = _WINDOW.search(unicodedata.normalize("NFKC", text or ""))
    return _window_period(m) if m else None


def _window_period(m: re.Match) -> pd.Period | None:
    """A statistics window as the quarter or month it covers exactly, else ``None``."""
    y0, m0, d0 = int(m.group(1)), int(m.group(2)), int(m.group(3))
    y1, m1, d1 = int(m.group(4) or m.group(1)), int(m.group(5)), int(m.group(6))
    if not (1 <= m0 <= 12 and 1 <= m1 <= 12) or d0 != 1 or d1 != calendar.monthrange(y1, m1)[1]:
        return None
    if (y0, m0) == (y1, m1):
        return pd.Period(year=y0, month=m0, freq="M")
    if y0 == y1 and m0 % 3 == 1 and m1 == m0 + 2:
        return pd.Period(year=y0, quarter=(m0 + 2) // 3, freq="Q")
    return None


# A period mentioned as a comparison or a starting point is not the notice's own.
_NOT_OWN_BEFORE = ("从", "自", "截至", "截止", "与", "较", "比", "同")
_NOT_OWN_AFTER = ("以来", "开始", "起", "以前", "之前", "相比", "比较", "同期", "底", "末")
_YEAR_QUARTER = re.compile(r"(\d{4})\s*年\s*(?:第\s*)?([一二三四1-4])\s*季度")
_YEAR_MONTH = _MONTH  # a month is always printed with its year there
_LONE_QUARTER = re.compile(r"(?<![\d年])(?:第\s*)?([一二三四1-4])\s*季度")
_LONE_MONTH = re.compile(r"(?<![\d年\-—~至到])(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月份")
_DATED = re.compile(_DATE)
DATELINE = re.compile(r"\s*" + _DATE)
"""A line that starts with a date: a news page's dateline under its headline."""
# In a title, 8月 needs no 份: a title names a period, and 8月3日 (a date) is kept out.
_TITLE_MONTH = re.compile(
    r"(?<![\d年\-—~至到])(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?!\s*[\d一二三四五六七八九十]|\s*[日号底末初])"
)
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*[月./-]\s*\d{1,2})")
_INSPECTED = re.compile(r"(?:检查|抽查|监测|巡查|统计)(?:时间|日期)?[::为于]?\s*" + _DATE)
_RANGE = re.compile(r"(?<!\d)(\d{1,2})\s*[-—–~至到]\s*(\d{1,2})\s*月份?")
_WEEK = re.compile(r"第[一二三四五六七八九十\d]+周")


def _own(text: str, m: re.Match) -> bool:
    before, after = text[max(0, m.start() - 3) : m.start()], text[m.end() : m.end() + 4]
    return not before.endswith(_NOT_OWN_BEFORE) and not after.lstrip().startswith(_NOT_OWN_AFTER)


def _in_text(text: str) -> pd.Period | None:
    """The first quarter or month with its year that ``text`` states as its own."""
    found = [
        (m.start(), pd.Period(year=int(m.group(1)), quarter=_cn_number(m.group(2)), freq="Q"))
        for m in _YEAR_QUARTER.finditer(text)
        if _own(text, m)
    ]
    for m in _YEAR_MONTH.finditer(text):
        month = _cn_number(m.group(2))
        if 1 <= month <= 12 and _own(text, m):
            found.append((m.start(), pd.Period(year=int(m.group(1)), month=month, freq="M")))
    return min(found, key=lambda f: f[0])[1] if found else None


def _yearless(text: str, month: re.Pattern = _LONE_MONTH) -> tuple[str, int] | None:
    """``("Q", 4)`` for 第四季度, ``("M", 11)`` for 11月份 printed without a year (``month``:
    how a month is printed there)."""
    m = _LONE_QUARTER.search(text)
    if m:
        return "Q", _cn_number(m.group(1))
    m = month.search(text)
    if m and 1 <= _cn_number(m.group(1)) <= 12:
        return "M", _cn_number(m.group(1))
    return None


def _stated_year(lines: list[str]) -> int | None:
    """A year the text states as its own (2023年，全市…), not a date's and not a start
    (2023年以来)."""
    for line in lines:
        for m in _YEAR.finditer(line):
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
    yearless = _yearless(head, _TITLE_MONTH) or next((y for line in text if (y := _yearless(line))), None)
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
    m = _WINDOW.search(text)
    if m:
        return f"统计时间“{m.group(0)}”不是整季度或整月"
    m = _RANGE.search(text)
    if m:
        return f"“{m.group(0)}”是几个月的区间，不是一个季度或月份"
    yearless = yearless or _yearless(text)
    if yearless is not None:
        freq, n = yearless
        return f"只写了{f'第{_CN_QUARTER[n - 1]}季度' if freq == 'Q' else f'{n}月份'}，未写年份，通报也无日期"
    m = _WEEK.search(text)
    if m:
        return f"“{m.group(0)}”是一周，不是季度或月份"
    return None


_CN_QUARTER = "一二三四"
