"""Checks on a message log counted into a handling table (:mod:`govstats.tidy.counting`):
what each message's row says against itself, and what the log says against other tables
(a published annex of the same period, the units of the previous period)."""

from __future__ import annotations

from difflib import SequenceMatcher

import numpy as np
import pandas as pd

from govstats.findings import finding
from govstats.schema import COUNT_FIELDS
from govstats.tidy.table import ParsedTable
from govstats.vocabulary import logs as log_words
from govstats.vocabulary import tables as v

_FIELD_WORDS = {
    "received": "收到",
    "on_time": "按时办结",
    "late_completed": "超期办结",
    "completed": "办结",
    "pending": "未办结",
    "overdue_pending": "超期未办结",
}


def rows_text(rows: pd.Series, limit: int = 20) -> str:
    """``第3、5—9行`` for Excel rows, runs joined, the first ``limit`` runs named."""
    rows = sorted(int(r) for r in rows)
    runs: list[list[int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    parts = [f"{a}" if a == b else f"{a}—{b}" for a, b in runs[:limit]]
    more = f"等{len(rows)}行" if len(runs) > limit else "行"
    return "第" + "、".join(parts) + more


def check_log(t: ParsedTable) -> list[dict]:
    """The rule a log was counted by, and each message's own problems, naming rows."""
    m, grid, cols = t.messages, t.grid, t.columns
    at = grid.source()

    def src(row: object, role: str | None = None):
        c = cols.get(role) if role else None
        return at.at(int(row), None if c is None else c + 1)

    out = [finding("log-counted", at, count=len(m), rule=t.rule)]
    if t.channel is None:
        out.append(finding("log-no-channel", at))
    for _, r in m[m["class"] == "not_received"].iterrows():
        out.append(finding("log-not-received", src(r["row"], "status"), status=r["status"]))
    early = (m["answered"] < m["received"]).fillna(False)
    for _, r in m[early].iterrows():
        out.append(
            finding(
                "log-answer-before-receipt",
                src(r["row"], "answered"),
                answered=r["answered"],
                received=r["received"],
            )
        )
    out.extend(_status_against_dates(m, src))
    if "id" in cols:
        first = m.drop_duplicates("id").set_index("id")["row"]
        for _, r in m[m["id"].notna() & m["id"].duplicated()].iterrows():
            out.append(finding("log-duplicate-id", src(r["row"], "id"), id=r["id"], first=first[r["id"]]))
    outside = m[m["class"] == "outside_window"]
    if len(outside):
        out.append(
            finding(
                "log-outside-window",
                src(outside["row"].iloc[0], "received"),
                count=len(outside),
                period=t.period,
                rows=rows_text(outside["row"]),
            )
        )
    return out


def _status_against_dates(m: pd.DataFrame, src) -> list[dict]:
    status = m["status"].fillna("")
    done = status.str.contains("|".join(log_words.STATUS_DONE)).to_numpy(dtype=bool)
    open_ = status.str.contains("|".join(log_words.STATUS_OPEN)).to_numpy(dtype=bool) & ~done
    answered = m["answered"].notna().to_numpy()
    out = []
    for i in np.flatnonzero(done & ~answered):
        out.append(
            finding(
                "log-status-dates",
                src(m["row"].iat[i], "answered"),
                status=status.iat[i],
                detail="但没有答复时间，按未办结计",
            )
        )
    for i in np.flatnonzero(open_ & answered):
        out.append(
            finding(
                "log-status-dates",
                src(m["row"].iat[i], "status"),
                status=status.iat[i],
                detail=f"但有答复时间{m['answered'].iat[i]}，按答复时间计",
            )
        )
    return out


def compare_with_annex(log: ParsedTable, annex: ParsedTable) -> list[dict]:
    """Every cell of a published annex against the counts of its log, each difference named."""
    counted = {v.name_key(r["unit"]): r for r in log.records}
    out = []
    for rec in annex.records:
        mine = counted.pop(v.name_key(rec["unit"] or ""), None)
        if mine is None:
            out.append(
                finding(
                    "log-annex-mismatch",
                    annex.grid.source(rec["_r"]),
                    detail=f"附件列出“{rec['unit']}”，但留言日志中没有该单位的留言",
                )
            )
            continue
        for f in COUNT_FIELDS:
            printed = rec.get(f)
            if printed is not None and printed != mine[f]:
                col = annex.columns.get(f)
                out.append(
                    finding(
                        "log-annex-mismatch",
                        annex.grid.source(rec["_r"], None if col is None else col + 1),
                        detail=f"“{rec['unit']}”{_FIELD_WORDS[f]}：附件印{printed}，按留言日志计为{mine[f]}"
                        f"（{log.grid.source().zh}）",
                    )
                )
    for rec in counted.values():
        out.append(
            finding(
                "log-annex-mismatch",
                annex.grid.source(),
                detail=f"留言日志中“{rec['unit']}”有{rec['received']}条留言，附件未列出该单位",
            )
        )
    return out


def unknown_units(log: ParsedTable, previous: set[str]) -> list[dict]:
    """Units of ``log`` absent from the previous period's but close to one of them: a
    spelling to check (县发改委 beside 县发改局), naming the rows."""
    known = {v.name_key(u): u for u in previous}
    out = []
    for rec in log.records:
        unit = rec["unit"]
        key = v.name_key(unit)
        if key in known:
            continue
        close = max(known, key=lambda k: SequenceMatcher(None, key, k).ratio(), default=None)
        if close is None or SequenceMatcher(None, key, close).ratio() < 0.6:
            continue
        rows = log.messages.loc[log.messages["unit"] == unit, "row"]
        out.append(
            finding(
                "log-unit-spelling",
                log.grid.source().at(int(rows.iloc[0]), log.columns["unit"] + 1),
                unit=unit,
                known=known[close],
                rows=rows_text(rows),
            )
        )
    return out
