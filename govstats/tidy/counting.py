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

from govstats.notice.periods import find_period, find_window
from govstats.schema import COUNT_FIELDS
from govstats.tidy import vocabulary as v
from govstats.tidy.deadlines import DeadlineRules
from govstats.tidy.logs import RecordLog, parse_datetimes
from govstats.tidy.table import ParsedTable
from govstats.tidy.workdays import WorkCalendar, state_council

CLASSES = ("on_time", "late_completed", "pending", "overdue_pending", "not_received", "outside_window")
_NO = ("否", "无", "0", "未延期", "不延期")


def _has(texts: pd.Series, words: tuple[str, ...]) -> np.ndarray:
    return texts.fillna("").str.contains("|".join(words), regex=True).to_numpy(dtype=bool)


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


def extended(m: pd.DataFrame) -> np.ndarray:
    """Whether the log says a message's deadline was extended: its status (延期) or an
    extension column holding anything but a no."""
    said = m["extension"].notna() & ~m["extension"].fillna("").isin(_NO)
    return _has(m["status"], v.LOG_EXTENSION) | said.to_numpy(dtype=bool)


def deadlines(log: RecordLog, rules: DeadlineRules, cal: WorkCalendar) -> tuple[np.ndarray, pd.Series, str]:
    """Each message's deadline (days), where it came from (``rule`` / ``column``), and the
    rule as outputs state it."""
    m = log.messages
    rule = rules.of(log.channel, log.channel_raw)
    days = np.where(extended(m), rule.days + rule.extension, rule.days)
    raw = m["deadline_raw"]
    given = parse_datetimes(raw).to_numpy().astype("datetime64[D]")
    count = pd.to_numeric(raw.astype("string").str.extract(r"^\s*(\d{1,3})", expand=False), errors="coerce")
    by_count = np.isnat(given) & count.notna().to_numpy()
    days = np.where(by_count, count.fillna(0).to_numpy(dtype=np.int64), days)
    received = m["received"].to_numpy().astype("datetime64[D]")
    due = cal.deadline(received, days)
    from_column = ~np.isnat(given)
    due = np.where(from_column, given, due)
    where = np.where(from_column | by_count, "column", "rule")
    column = log.headers.get("deadline")
    said = rule.text + (f"；日志“{column}”列写明期限的，按该列" if column else "")
    return due, pd.Series(where, dtype="string"), said


def count_log(log: RecordLog, rules: DeadlineRules, given: pd.Period | None = None) -> ParsedTable:
    """The handling table of ``log`` for its window, its messages classed (``messages``:
    deadline, working days taken and late, class) and the rule stated (``rule``)."""
    cal = state_council()
    window, window_source = window_of(log, given)
    m = log.messages.copy()
    due, due_source, said = deadlines(log, rules, cal)
    start, end = (np.datetime64(p.date(), "D") for p in (window.start_time, window.end_time))
    received = m["received"].to_numpy().astype("datetime64[D]")
    answered = m["answered"].to_numpy().astype("datetime64[D]")
    done = ~np.isnat(answered)
    within = done & (answered <= end)
    counted = ~_has(m["status"], v.STATUS_NOT_RECEIVED)
    inside = (received >= start) & (received <= end)
    m["deadline"] = due
    m["deadline_source"] = due_source
    m["extended"] = pd.array(extended(m), dtype="boolean")
    taken = cal.between(received, np.where(done, answered, received), "答复日期")
    m["days_taken"] = _ints(taken, done)
    stop = np.where(within, answered, end)
    late_by = cal.between(due, np.maximum(stop, due), "期限")
    cls = np.select(
        [~counted, ~inside, within & (answered <= due), within, due < end],
        ["not_received", "outside_window", "on_time", "late_completed", "overdue_pending"],
        "pending",
    )
    m["class"] = pd.Series(cls, dtype="string")
    m["days_late"] = _ints(late_by, (late_by > 0) & counted & inside)
    t = _table(log, m, window, window_source)
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


def _ints(values: np.ndarray, keep: np.ndarray) -> pd.arrays.IntegerArray:
    """Whole numbers where ``keep``, ``<NA>`` elsewhere."""
    return pd.arrays.IntegerArray(values.astype(np.int64), ~keep)


def _table(log: RecordLog, m: pd.DataFrame, window: pd.Period, window_source: str) -> ParsedTable:
    """One row per unit, in the order units first appear in the log."""
    grid = log.grid
    t = ParsedTable(grid=grid, kind="handling", title=log.title, channel=log.channel)
    t.channel_raw, t.period, t.period_source = log.channel_raw, window, window_source
    t.columns = dict(log.columns)
    t.header_row = log.header_row
    counted = m[m["class"].isin(CLASSES[:4])]
    flags = pd.DataFrame({c: (counted["class"] == c).astype(int) for c in CLASSES[:4]})
    flags["unit"] = counted["unit"]
    flags["received"] = 1
    sums = flags.groupby("unit", sort=False).sum()
    sums["completed"] = sums["on_time"] + sums["late_completed"]
    sums["pending"] = sums["pending"] + sums["overdue_pending"]
    src = str(grid.source())
    for unit, row in sums.iterrows():
        rec = {f: int(row[f]) for f in COUNT_FIELDS}
        t.records.append(
            {"unit": unit, "channel": log.channel, "channel_raw": log.channel_raw, **rec, "source": src}
        )
    for rec in t.records:
        rec["_r"] = log.header_row
    return t
