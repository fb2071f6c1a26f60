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
LATER = np.iinfo(np.int64).max // 4
"""The place of a deadline past the years the calendar knows: later than any day it knows,
which is all a window inside those years needs to know of it."""


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

    def place(self, days: np.ndarray) -> np.ndarray:
        """Each day (``datetime64``) as its place: days since the calendar's first day, for
        any day (one it does not know compares, but counts no working days)."""
        places = days.astype(_DAY).view(np.int64)  # a copy (astype's): the places are worked in it
        places -= self.start.astype(np.int64)
        return places

    def known(self, places: np.ndarray) -> np.ndarray:
        """Whether the calendar knows the days at ``places``."""
        # one comparison: a negative place, read unsigned, is past any calendar's end
        return np.asarray(places, dtype=np.int64).view(np.uint64) < len(self.cum)

    def index(self, days: np.ndarray, what: str = "日期") -> np.ndarray:
        """The places of days the calendar must know; one it does not is a
        :class:`CalendarError`, never a guess."""
        places = self.place(days)
        if not self.known(places).all():
            day = np.datetime_as_string(days.astype(_DAY)[~self.known(places)][0])
            raise CalendarError(
                f"{what}{day}不在工作日历已知的{self.first}—{self.last}年内（{self.name}），"
                "无法按工作日计算，不作推测；请升级 chinesecalendar 后再算"
            )
        return places

    def day(self, places: np.ndarray) -> np.ndarray:
        """The days at ``places``, as ``datetime64[s]`` (midnight: the unit pandas keeps a
        day in, so a column of them is not converted again); ``NaT`` at :data:`LATER`."""
        later = places == LATER
        seconds = places + self.start.astype(np.int64)
        seconds *= 86400  # wraps at LATER: replaced
        seconds[later] = np.datetime64("NaT", "s").astype(np.int64)
        return seconds.view("datetime64[s]")

    def deadline(self, received: np.ndarray, n: np.ndarray) -> np.ndarray:
        """The place of the ``n``-th working day after each place ``received`` (that day
        itself not counted); :data:`LATER` where it falls past the years the calendar knows
        (or the day received is one it does not know)."""
        at = self.count(received)  # a new array: worked in place (a new one costs more than the sums)
        at += np.asarray(n, dtype=np.int64)
        at -= 1
        unknown = ~self.known(received) | (at >= len(self.workdays))
        # wrap: as indexing takes -1 (n of 0 before the first working day); one past the end is unknown
        due = self.workdays.take(at, mode="wrap")
        due[unknown] = LATER
        return due

    def between(self, start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Working days in ``(start, end]`` for each pair of places (negative when ``end``
        is earlier); meaningless where the calendar does not know both (see :meth:`known`)."""
        return self.count(end) - self.count(start)

    def count(self, places: np.ndarray) -> np.ndarray:
        """Working days on or before each place: none before the calendar's first day, all
        it knows after its last. Never decreasing, so a later place never counts fewer."""
        return self.cum.take(places, mode="clip")


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
