"""The annexes as offices print them, computed once for every rendering of them (the Excel
workbook's sheets and the drafted notice's tables): a handling annex (序号, 受理单位, the
counts the table gives, the rates they allow; group rows 一、市直单位 / 二、区(市); 合计; the
statistics window) and a problem list (附件1 websites, 附件2 accounts: 序号, the columns
the data has, 主要存在问题)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from govstats.analyse.metrics import rates
from govstats.analyse.ranking import league_table

_CN_ORDINAL = "一二三四五六七八九十"
MEASURE = {"mailbox": "条", "ogi_request": "条", "hotline": "件"}
RECEIVED = {"mailbox": "受理诉求", "ogi_request": "受理申请", "hotline": "受理诉求"}
# (field, header stem) of the count columns, in the order annexes print them
COUNT_HEADERS = (
    ("on_time", "按时办结"),
    ("late_completed", "超期办结"),
    ("completed", "办结"),
    ("pending", "未办结"),
    ("overdue_pending", "超期未办结"),
)
RATE_HEADERS = (("on_time_rate", "按时办结率"), ("completion_rate", "办结率"))
ORDER = ("ogi_request", "mailbox", "hotline")
"""The channels in the order notices print their annexes (依申请公开 before the mailbox)."""
PROBLEM_TITLES = {"website": "存在突出问题的政府网站名单", "new_media": "存在突出问题的政务新媒体名单"}
PROBLEM_COLUMNS = {
    "website": (("name", "网站名称"), ("unit", "主办单位"), ("site_code", "网站标识码"), ("url", "首页网址")),
    "new_media": (("unit", "填报单位"), ("account_type", "账号类型"), ("name", "账号名称")),
}


@dataclass(frozen=True)
class ProblemAnnex:
    """A problem list as 附件1/附件2 print it: ``headers`` (序号 first), ``rows`` of text
    (序号 included), ``sources`` of the rows."""

    headers: list[str]
    rows: list[list[str]]
    sources: list[str]


def problem_annex(problems: pd.DataFrame, kind: str) -> ProblemAnnex:
    """The ``kind`` rows of ``problems`` (one publisher's period) in print order, under the
    columns the data has and 主要存在问题."""
    rows = problems[problems["kind"] == kind]
    columns = [(f, head) for f, head in PROBLEM_COLUMNS[kind] if f in rows and rows[f].notna().any()]
    columns.append(("problem", "主要存在问题"))
    body = [
        [str(i), *("" if pd.isna(rec[f]) else str(rec[f]) for f, _ in columns)]
        for i, rec in enumerate(rows.to_dict("records"), start=1)
    ]
    return ProblemAnnex(["序号", *(head for _, head in columns)], body, rows["source"].astype(str).tolist())


@dataclass(frozen=True)
class HandlingAnnex:
    """One channel's annex: ``headers`` of every column, ``fields`` of the columns after
    序号 and 受理单位 (counts, then rates: ``rates`` of them), ``rows`` as ``("group",
    label)``, ``("unit", record)`` and a last ``("total", record)``; ``window`` the
    statistics window (2022年1月1日—2022年3月31日)."""

    headers: list[str]
    fields: list[str]
    rates: list[str]
    rows: list[tuple[str, object]]
    window: str


def _present(handling: pd.DataFrame, field: str) -> bool:
    return field in handling and handling[field].notna().any()


def window(period: pd.Period) -> str:
    """The statistics window of ``period``: ``2022年1月1日—2022年3月31日``."""
    start, end = period.start_time, period.end_time
    return f"{start.year}年{start.month}月{start.day}日—{end.year}年{end.month}月{end.day}日"


def handling_annex(handling: pd.DataFrame, period: pd.Period, channel: str) -> HandlingAnnex:
    """The annex of ``handling`` (one publisher's rows of ``period`` and ``channel``): units
    in the league table's order under their group rows, the 合计 of the unit rows (a count
    missing from any unit stays missing), a column only for a count the table prints (a
    printed 办结 only when the table does not split it into on time + late)."""
    measure = MEASURE.get(channel, "件")
    counts = [("received", RECEIVED.get(channel, "受理"))]
    split = _present(handling, "on_time") or _present(handling, "late_completed")
    counts += [
        (f, stem) for f, stem in COUNT_HEADERS if _present(handling, f) and not (split and f == "completed")
    ]
    present = {f for f, _ in counts}
    derivable = {
        "on_time_rate": "on_time" in present,
        "completion_rate": {"on_time", "late_completed"} <= present or "completed" in present,
    }
    rate_cols = [(r, h) for r, h in RATE_HEADERS if derivable[r]]
    headers = ["序号", "受理单位", *(f"{s}({measure})" for _, s in counts), *(h for _, h in rate_cols)]

    league = league_table(handling, period=period, channel=channel)
    tier_raw = (
        handling.dropna(subset=["tier"])
        .groupby("tier", sort=False)["tier_raw"]
        .agg(lambda s: s.dropna().iloc[0] if s.notna().any() else None)
    )
    rows: list[tuple[str, object]] = []
    last_tier, groups = object(), 0
    for rec in league.to_dict("records"):
        tier = None if pd.isna(rec["tier"]) or rec["tier"] == "" else rec["tier"]
        if tier != last_tier and tier is not None:
            raw = tier_raw.get(tier)
            rows.append(
                ("group", raw if isinstance(raw, str) and raw else f"{_CN_ORDINAL[groups % 10]}、{tier}")
            )
            groups += 1
        last_tier = tier
        rows.append(("unit", rec))
    rows.append(("total", rates(handling, by=["channel"]).iloc[0].to_dict()))
    return HandlingAnnex(
        headers,
        [f for f, _ in counts] + [r for r, _ in rate_cols],
        [r for r, _ in rate_cols],
        rows,
        window(period),
    )
