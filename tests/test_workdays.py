"""The calendar's arithmetic at its edges: a place it does not know counts as none and is
never a deadline, a deadline past its last year is LATER (a day no one knows: NaT). The
dates were counted by hand on the State Council's 2023 calendar (清明 4月5日 off)."""

from __future__ import annotations

import numpy as np

from govstats.tidy.workdays import LATER, state_council


def _places(*days: str) -> np.ndarray:
    return state_council().place(np.array(days, dtype="datetime64[s]"))


def test_only_the_calendars_own_days_are_known():
    cal = state_council()
    first, last = _places(f"{cal.first}-01-01", f"{cal.last}-12-31")
    places = np.array([first - 1, first, last, last + 1, LATER, -LATER])
    assert cal.known(places).tolist() == [False, True, True, False, False, False]


def test_deadlines_inside_and_past_the_calendar():
    cal = state_council()
    received = np.concatenate([_places("2023-04-04T10:00", f"{cal.last}-12-31"), [-7]])
    due = cal.deadline(received, np.array([5, 5, 5]))
    assert due[1:].tolist() == [LATER, LATER]  # past the last year; received before the first
    days = cal.day(due)
    assert days.dtype == np.dtype("datetime64[s]")
    assert str(days[0]) == "2023-04-12T00:00:00" and np.isnat(days[1:]).all()
    # 4月4日 to 4月12日: 4月6日, 7日, 10日, 11日, 12日 worked, 4月5日 not
    assert cal.between(received[:1], due[:1]).tolist() == [5]
    # before the first day none (its 1 January is 元旦), after the last all it knows
    assert cal.count(np.array([-LATER, LATER])).tolist() == [0, cal.cum[-1]]
