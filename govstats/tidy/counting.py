"""A message log counted into a handling table by the working-day rule (docs/metrics.md):

the deadline is the N-th working day after the day received (that day not counted), unless
the log's own deadline column gives one for the row; received = received in the window;
on time = answered by the deadline; late = answered after it, within the window; pending =
not answered by the window's end; overdue pending = pending with its deadline passed by then.
A status of 不予受理/无效/重复 is not received. All of it on arrays: no Python per message.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from govstats import labels
from govstats.periods import find_period, find_window
from govstats.tidy.deadlines import DeadlineRules
from govstats.tidy.logs import RecordLog, parse_datetimes
from govstats.tidy.table import ParsedTable
from govstats.tidy.workdays import LATER, WorkCalendar, state_council
from govstats.vocabulary import logs as log_words

DEADLINE_SOURCES = tuple(labels.DEADLINE_SOURCES)  # rule, column: the codes, each named once in labels
CLASSES = tuple(labels.CLASSES)  # on_time, late_completed, pending, overdue_pending, not_received, …


def _has(texts: tuple[np.ndarray, object], words: tuple[str, ...]) -> np.ndarray:
    """Whether each text (``pandas.factorize``'d) holds one of ``words``: asked of its few
    distinct values only."""
    codes, uniques = texts  # a missing text is code -1
    hit = np.array([any(w in u for w in words) for u in uniques] + [False], dtype=bool)
    return hit[codes]


def window_of(log: RecordLog, given: pd.Period | None) -> tuple[pd.Period, str]:
    """The statistics window: given, else the log's title states it, else the quarter most
    received dates fall in (a month when they all fall in one)."""
    if given is not None:
        return given, "given"
    for found, where in ((find_window(log.title), "window"), (find_period(log.title), "title")):
        if found is not None:
            return found, where
    received = log.messages["received"]
    months = received.dt.to_period("M")
    if months.nunique() == 1:
        return months.iloc[0], "records"
    return received.dt.to_period("Q").mode().iloc[0], "records"


def extended(m: pd.DataFrame, status: tuple | None = None) -> np.ndarray:
    """Whether the log says a message's deadline was extended: its status (延期) or an
    extension column holding anything but a no. ``status``: its statuses factorized."""
    by_status = _has(status or pd.factorize(m["status"]), log_words.LOG_EXTENSION)
    if not m["extension"].notna().any():  # no extension column: the status alone says
        return by_status
    codes, uniques = pd.factorize(m["extension"])
    return (
        by_status
        | np.array([u.strip() not in log_words.EXTENSION_NO for u in uniques] + [False], dtype=bool)[codes]
    )


def deadlines(
    log: RecordLog, rules: DeadlineRules, cal: WorkCalendar, received: np.ndarray, longer: np.ndarray
) -> tuple[np.ndarray, pd.Categorical, str]:
    """Each message's deadline (a calendar place) from the places ``received`` and whether it
    was extended (``longer``), where each came from (``rule`` / ``column``), and the rule
    as outputs state it."""
    m = log.messages
    rule = rules.of(log.channel, log.channel_raw)
    days = rule.days + rule.extension * longer if rule.extension else rule.days  # per message, or one for all
    from_column = by_count = np.zeros(len(m), dtype=bool)
    column = log.headers.get("deadline")
    if column:  # a date, or a number of working days (5个工作日)
        raw = m["deadline_raw"]
        given = parse_datetimes(raw).to_numpy().astype("datetime64[D]")
        text = raw.astype("string").str.extract(r"^\s*(\d{1,3})(?!\d|\s*[-/年.])", expand=False)
        count = pd.to_numeric(text, errors="coerce")
        from_column = ~np.isnat(given)
        by_count = ~from_column & count.notna().to_numpy()
        days = np.where(by_count, count.fillna(0).to_numpy(dtype=np.int64), days)
    due = cal.deadline(received, days)
    if from_column.any():
        due[from_column] = cal.place(given[from_column])
    where = pd.Categorical.from_codes((from_column | by_count).astype(np.int8), DEADLINE_SOURCES)
    said = rule.text + (f"；日志“{column}”列写明期限的，按该列" if column else "")
    if longer.any() and not rule.extension:
        said += f"；{int(longer.sum())}条写明延期，但该渠道未设延期可加的工作日数（可用 --deadline 渠道=N+M），仍按{rule.days}个工作日计"
    return due, where, said


def count_log(log: RecordLog, rules: DeadlineRules, given: pd.Period | None = None) -> ParsedTable:
    """The handling table of ``log`` for its window, its messages classed (``messages``:
    deadline, working days taken and late, class) and the rule stated (``rule``)."""
    cal = state_council()
    window, window_source = window_of(log, given)
    m = log.messages
    # the window must lie in years the calendar knows; a message outside it need not
    start, end = (
        cal.index(np.array([p.date()], dtype="datetime64[D]"), "统计期")[0]
        for p in (window.start_time, window.end_time)
    )
    received = cal.place(m["received"].to_numpy())
    answered = m["answered"].to_numpy()
    done = ~np.isnat(answered)
    answered = cal.place(answered)
    np.copyto(answered, received, where=~done)  # not answered: taken as the day received
    within = done & (answered <= end)
    status = pd.factorize(m["status"])
    longer = extended(m, status)
    due, due_source, said = deadlines(log, rules, cal, received, longer)
    counted = ~_has(status, log_words.STATUS_NOT_RECEIVED)
    inside = (received >= start) & (received <= end)
    out = {
        "deadline": cal.day(due),
        "deadline_source": due_source,
        "extended": pd.array(longer, dtype="boolean"),
    }
    on_received, on_answered, on_due = (cal.count(p) for p in (received, answered, due))
    out["days_taken"] = _ints(on_answered - on_received, done & cal.known(received) & cal.known(answered))
    late_by = _late_by(on_answered, cal.count(end), within, on_due)
    beyond = inside & counted & (due == LATER)
    if beyond.any():  # past the calendar's years, so past the window's end: on time or not yet due
        said += f"；其中{int(beyond.sum())}条的期限在{cal.last}年之后（日历尚未公布），均晚于统计期末"
    code = _classes(counted, inside, within, answered <= due, due < end)
    out["class"] = pd.Categorical.from_codes(code, CLASSES)
    out["days_late"] = _ints(late_by, (late_by > 0) & counted & inside & cal.known(due))
    # the log's columns and these side by side, none copied (setting a column copies it)
    m = pd.concat([m, pd.DataFrame(out, index=m.index, copy=False)], axis=1)
    t = _table(log, m, code, window, window_source)
    where = {
        "given": "--period 指定",
        "window": "表题所载统计时间",
        "title": "表题",
        "records": "多数来信日期所在",
    }
    t.rule = (
        f"期限：{said}；工作日：{cal.label}；统计期：{window}（{window.start_time:%Y-%m-%d}至"
        f"{window.end_time:%Y-%m-%d}，取自{where[window_source]}）"
    )
    t.messages = m
    return t


def _classes(
    counted: np.ndarray, inside: np.ndarray, within: np.ndarray, by_due: np.ndarray, overdue: np.ndarray
) -> np.ndarray:
    """Each message's class code: not received, else outside the window, else answered
    within it (on time when ``by_due``, else late), else pending (overdue when ``overdue``)."""
    c = {k: np.int8(CLASSES.index(k)) for k in CLASSES}
    code = _choose(
        within,
        _choose(by_due, c["on_time"], c["late_completed"]),
        _choose(overdue, c["overdue_pending"], c["pending"]),
    )
    return _choose(counted, _choose(inside, code, c["outside_window"]), c["not_received"])


def _choose(mask: np.ndarray, yes: np.ndarray | np.int8, no: np.ndarray | np.int8) -> np.ndarray:
    """``np.where(mask, yes, no)`` of one-byte codes, by arithmetic: a where over a mask
    of mixed trues and falses mispredicts its branches (3.4 ms a million; this 0.1 ms)."""
    return no + mask * (yes - no)


def _late_by(on_answered: np.ndarray, on_end: int, within: np.ndarray, on_due: np.ndarray) -> np.ndarray:
    """Working days late: from the deadline (count ``on_due``) to the answer, or to the
    window's end while unanswered; none before the deadline. The count never decreases, so
    the larger place's count is the larger count. Worked in ``on_answered``'s own memory (a
    new million-number array costs more than the arithmetic on it)."""
    late = on_answered
    late -= on_end
    late *= within  # np.where(within, on_answered, on_end) by arithmetic: see _choose
    late += on_end
    np.maximum(late, on_due, out=late)
    late -= on_due
    return late


def _ints(values: np.ndarray, keep: np.ndarray) -> pd.arrays.IntegerArray:
    """Whole numbers where ``keep``, ``<NA>`` elsewhere (``values`` kept, not copied)."""
    return pd.arrays.IntegerArray(values.astype(np.int64, copy=False), ~keep)


def _table(
    log: RecordLog, m: pd.DataFrame, code: np.ndarray, window: pd.Period, window_source: str
) -> ParsedTable:
    """One row per unit with a message counted in the window, in the order units first
    appear in the log; ``code``: each message's class."""
    grid = log.grid
    t = ParsedTable(grid=grid, kind="handling", title=log.title, channel=log.channel)
    t.channel_raw, t.period, t.period_source = log.channel_raw, window, window_source
    t.columns = dict(log.columns)
    t.header_row = log.header_row
    src = str(grid.source())
    for unit, (on_time, late, pending, overdue) in zip(*_by_unit(m["unit"], code), strict=True):
        rec = {
            "received": on_time + late + pending + overdue,
            "on_time": on_time,
            "late_completed": late,
            "completed": on_time + late,
            "pending": pending + overdue,
            "overdue_pending": overdue,
        }
        t.records.append(
            {"unit": unit, "channel": log.channel, "channel_raw": log.channel_raw, **rec, "source": src}
        )
    for rec in t.records:
        rec["_r"] = log.header_row
    return t


def _by_unit(units: pd.Series, code: np.ndarray) -> tuple[list, list[list[int]]]:
    """The units with a message counted in the window (the first four classes), in the
    order units first appear in the log, and each one's messages of those classes. Only
    the units of counted messages are hashed, and of the others those before the first
    counted message of the unit found last: no unit can first appear after it (a log of a
    year counted for a quarter hashes about a quarter of its units)."""
    values = units.array
    counted = np.flatnonzero(code < 4)
    unit_code, found = pd.factorize(values if len(counted) == len(values) else values.take(counted))
    n = np.bincount(unit_code * 4 + code[counted], minlength=4 * len(found)).reshape(-1, 4)
    first = dict(zip(found, counted[_firsts(unit_code)], strict=True))  # each unit's first counted row
    if first:
        before = np.flatnonzero(code[: max(first.values())] >= 4)  # the rows before it not counted
        other_code, other = pd.factorize(values.take(before))
        for unit, row in zip(other, before[_firsts(other_code)], strict=True):
            if unit in first:
                first[unit] = min(first[unit], row)
    order = sorted(range(len(found)), key=lambda j: first[found[j]])
    return [found[j] for j in order], n[order].tolist()


def _firsts(codes: np.ndarray) -> np.ndarray:
    """Where each code of ``pandas.factorize`` first appears, in the codes' order (each
    first appears after the one before it; a missing value, -1, is none)."""
    seen = np.maximum.accumulate(codes)
    return np.flatnonzero(np.concatenate([codes[:1] >= 0, codes[1:] > seen[:-1]]))
