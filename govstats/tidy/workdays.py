"""Working days by the State Council's calendar (国务院办公厅 holiday notices, with 调休:
Spring Festival off, the Saturday before it on), from the maintained ``chinese-calendar``.

Every computation is on arrays of days, each as its place in the calendar (days since its
first 1 January): a day's count of working days up to it (``cum``) turns "the N-th working
day after" and "working days between" into indexing, so a million messages take a few
array operations, not a Python loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from govstats.errors import CalendarError

_DAY = "datetime64[D]"


@dataclass(frozen=True)
class WorkCalendar:
    """The working days of the years ``first``..``last`` (every day of them known)."""

    first: int
    last: int
    name: str
    start: np.datetime64
    cum: np.ndarray  # cum[i]: working days on or before day start + i
    workdays: np.ndarray  # the places of the working days, in order

    @property
    def label(self) -> str:
        """The calendar as outputs state it."""
        return f"{self.name}（国务院办公厅节假日安排，含调休；已知{self.first}—{self.last}年）"

    def index(self, days: np.ndarray, what: str = "日期") -> np.ndarray:
        """Each day (``datetime64``) as its place in the calendar; a day it does not know is a
        :class:`CalendarError`."""
        idx = days.astype(_DAY).astype(np.int64) - self.start.astype(np.int64)
        bad = (idx < 0) | (idx >= len(self.cum))
        if bad.any():
            day = np.datetime_as_string(days.astype(_DAY)[bad][0])
            raise CalendarError(
                f"{what}{day}不在工作日历已知的{self.first}—{self.last}年内（{self.name}），"
                "无法按工作日计算，不作推测；请升级 chinesecalendar 后再算"
            )
        return idx

    def day(self, index: np.ndarray) -> np.ndarray:
        """The days (``datetime64[D]``) at calendar places ``index``."""
        return self.start + index.astype("timedelta64[D]")

    def deadline(self, received: np.ndarray, n: np.ndarray) -> np.ndarray:
        """The place of the ``n``-th working day after each place ``received`` (that day
        itself not counted)."""
        at = self.cum[received] + np.asarray(n, dtype=np.int64) - 1
        if (at >= len(self.workdays)).any():
            raise CalendarError(
                f"期限落在{self.last}年之后，工作日历（{self.name}）尚不知道那一年的节假日，"
                "不作推测；请升级 chinesecalendar 后再算"
            )
        return self.workdays[at]

    def between(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Working days in ``(start, end]`` for each pair of places (negative when ``end``
        is earlier)."""
        return self.cum[end] - self.cum[start]


@lru_cache(maxsize=1)
def state_council() -> WorkCalendar:
    """The State Council's calendar as ``chinese-calendar`` holds it."""
    import chinese_calendar
    from chinese_calendar import constants

    first = min(d.year for d in constants.holidays)
    last = max(d.year for d in constants.holidays)
    start = np.datetime64(f"{first}-01-01", "D")
    days = np.arange(start, np.datetime64(f"{last + 1}-01-01", "D"))
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    off = np.array(sorted(constants.holidays), dtype=_DAY)
    on = np.array(sorted(constants.workdays), dtype=_DAY)  # 调休: a weekend day worked
    work = ((weekday < 5) & ~np.isin(days, off)) | np.isin(days, on)
    version = getattr(chinese_calendar, "__version__", "")
    return WorkCalendar(
        first, last, f"chinesecalendar {version}".strip(), start, np.cumsum(work), np.flatnonzero(work)
    )
