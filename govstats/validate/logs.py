"""Checks on a message log counted into a handling table (:mod:`govstats.tidy.counting`):
the rule it was counted by and what each message's row says against itself. What the log
says against other tables is :mod:`.log_against`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from govstats.findings import finding
from govstats.tidy.table import ParsedTable
from govstats.vocabulary import either
from govstats.vocabulary import logs as log_words


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
    done = status.str.contains(either(log_words.STATUS_DONE)).to_numpy(dtype=bool)
    open_ = status.str.contains(either(log_words.STATUS_OPEN)).to_numpy(dtype=bool) & ~done
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
