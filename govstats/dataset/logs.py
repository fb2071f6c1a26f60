"""Message logs in a load: how they are counted (:class:`LogOptions`), each counted and
checked where its file is read, and the checks that need every file at once (a published
annex against its log, unit spellings against the previous period), then ``records``."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class LogOptions:
    """The deadline rules (``--deadline``) and the window (``--period``) logs are counted by."""

    rules: object = None  # a tidy.deadlines.DeadlineRules; None: the defaults
    window: pd.Period | None = None


def log_options(deadline: str | os.PathLike | None, window: pd.Period | None) -> LogOptions:
    """Options from ``deadline`` (``5``, ``部门信箱=5,依申请公开=20+20``, or a rules file of
    such lines) and the window given."""
    from govstats.read.document import read_user_text
    from govstats.tidy.deadlines import parse_deadlines

    text = None if deadline is None else os.fspath(deadline)
    if text is not None and not text.strip().replace("+", "").isdigit() and _names_a_file(text):
        text = read_user_text(text, "期限规则文件")  # the input guards: no FIFO waited on, no device read
    return LogOptions(parse_deadlines(text), window)


def _names_a_file(text: str) -> bool:
    try:
        return os.path.lexists(text)
    except (OSError, ValueError):  # a rule too long for a path, or holding NUL: no file
        return False


def counted(log, options: LogOptions):
    """The handling table counted from ``log`` with the findings of its own checks."""
    from govstats.tidy.counting import count_log
    from govstats.tidy.deadlines import DeadlineRules
    from govstats.validate.logs import check_log

    t = count_log(log, options.rules or DeadlineRules(), options.window)
    t.findings.extend(log.findings)
    t.checks = check_log(t)
    return t


_TEXT = (
    "publisher",
    "channel",
    "channel_raw",
    "publisher_source",
    "period_source",
    "class",
    "deadline_source",
)


def records(tables: list) -> pd.DataFrame:
    """``records``: one row per message of every counted log, with its table's publisher,
    period and where each was found."""
    from govstats import schema

    frames = []
    for t in tables:
        m = t.messages
        if m is None:
            continue
        where = t.grid.source()
        frame = m.assign(
            publisher=t.publisher,
            period=pd.Series([t.period] * len(m), dtype=object),
            channel=t.channel,
            channel_raw=t.channel_raw,
            deadline=m["deadline"].astype("datetime64[s]"),
            source=str(where) + ", row " + m["row"].astype("string"),
            publisher_source=t.publisher_source,
            period_source=t.period_source,
        )
        frames.append(frame.astype(dict.fromkeys(_TEXT, "string")))
    return schema.concat("records", frames)


def cross_checks(tables: list) -> list[dict]:
    """Each counted log against a published annex of the same publisher, period and channel
    (every cell), and its units against the previous period's."""
    if all(t.messages is None for t in tables):
        return []
    from govstats.validate.log_against import compare_with_annex, unknown_units

    out: list[dict] = []
    handling = [t for t in tables if t.kind == "handling" and t.period is not None]
    for log in (t for t in handling if t.messages is not None):

        def same(t, period, log=log) -> bool:
            return (
                t.publisher == log.publisher
                and t.period == period
                and (t.channel == log.channel or None in (t.channel, log.channel))
            )

        for annex in (t for t in handling if t.messages is None and same(t, log.period)):
            out.extend(compare_with_annex(log, annex))
        before = {r["unit"] for t in handling if same(t, log.period - 1) for r in t.records if r["unit"]}
        if before:
            out.extend(unknown_units(log, before))
    return out
