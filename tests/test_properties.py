"""Property tests: whatever the units, counts and header wording, a handling table
written the way offices write it loads back to exactly its rows."""

from __future__ import annotations

import csv

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govstats
from govstats.periods import find_period
from govstats.tidy.counts import parse_count

_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_CN = "一二三四"
HEADER_WORDINGS = [
    ("受理单位", "受理诉求(条)", "按时办结(条)", "超期办结(条)", "未办结(条)", "超期未办结(条)"),
    ("办理单位", "收到来信(件)", "按期回复", "超期回复", "待办理", "超期未办"),
    ("承办部门", "受理申请\n(条)", "按时答复", "逾期答复", "处理中", "逾期未办"),
]
unit_names = st.text(
    alphabet="市县区局委办中心管理服务发展改革教育公安民政财政", min_size=2, max_size=10
).map(lambda s: "市" + s)


@st.composite
def rows(draw):
    units = draw(st.lists(unit_names, min_size=1, max_size=15, unique=True))
    out = []
    for unit in units:
        on_time, late, pending = (draw(st.integers(0, 500)) for _ in range(3))
        overdue = draw(st.integers(0, pending))
        out.append((unit, on_time + late + pending, on_time, late, pending, overdue))
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=rows(),
    wording=st.sampled_from(HEADER_WORDINGS),
    split=st.integers(0, 15),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
    as_text=st.booleans(),
)
def test_handling_table_round_trips(tmp_path_factory, rows, wording, split, encoding, as_text):
    path = tmp_path_factory.mktemp("p") / "annex.csv"
    body = [["部门信箱办理情况统计表"], ["序号", *wording]]
    split = min(split, len(rows))
    for group, part in (("一、市直单位", rows[:split]), ("二、县(区)", rows[split:])):
        if part:
            body.append([group])
        for i, r in enumerate(part, 1):
            counts = [str(v).translate(_FULL) if as_text else v for v in r[1:]]
            body.append([i, f" {r[0]} ", *counts])
    body.append(["备注:统计时间:2023年4月1日—2023年6月30日"])
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(body)
    ds = govstats.load(path, publisher="甲市")  # the title names no city
    h = ds.handling
    got = [
        (u, rc, ot, lt, p, o)
        for u, rc, ot, lt, p, o in h[
            ["unit", "received", "on_time", "late_completed", "pending", "overdue_pending"]
        ].itertuples(index=False)
    ]
    assert got == rows
    assert set(h["channel"]) == {"mailbox"}
    assert (h["period"] == pd.Period("2023Q2", "Q")).all()
    assert ds.findings.empty, ds.findings["message"].tolist()


@given(st.integers(0, 10**9), st.sampled_from(["{}", " {} ", "{:,}", "FULL"]))
def test_counts_read_in_every_printed_form(n, form):
    text = str(n).translate(_FULL) if form == "FULL" else form.format(n)
    assert parse_count(text) == (n, None)
    assert parse_count(float(n)) == (n, None)


@given(st.integers(1990, 2100), st.integers(1, 4), st.booleans())
def test_quarters_as_titles_write_them(year, quarter, chinese):
    q = _CN[quarter - 1] if chinese else str(quarter)
    title = f"关于{year}年第{q}季度全市政府网站检查情况的通报"
    assert find_period(title) == pd.Period(year=year, quarter=quarter, freq="Q")
