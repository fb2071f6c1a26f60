"""Validation on small tables written as offices write them: the reading of 超期未办结
inferred from the rows, printed rates checked within their rounding, duplicate units,
subtotals. Every expected figure is worked out by hand in the comments."""

from __future__ import annotations

from pathlib import Path

import govstats
from fixtures import layouts

CITY = "甲市"  # the tables below name no city; an office loads them with theirs


def _csv(path: Path, rows: list[list]) -> Path:
    return layouts.table_csv(path, rows, "gb18030")


def test_overdue_beside_pending_is_inferred_and_summed(tmp_path):
    # 收件 = 办结 + 在办 + 超时未办 on every row: 超时未办 stands beside 在办
    path = _csv(
        tmp_path / "hotline.csv",
        [
            ["2023年第二季度12345热线工单办理情况"],
            ["承办单位", "收件数", "办结数", "在办数", "超时未办数", "办结率"],
            ["市住建局", 40, 30, 6, 4, "75.0%"],  # 30/40 = 75.0%
            ["市城管局", 25, 20, 3, 2, "80%"],  # 20/25 = 80%
            ["市交通局", 10, 10, 0, 0, "100.00%"],
        ],
    )
    ds = govstats.load(path, publisher=CITY)
    h = ds.handling.set_index("unit")
    assert set(h["channel"]) == {"hotline"}
    assert h.loc["市住建局", ["received", "completed", "pending", "overdue_pending"]].tolist() == [
        40,
        30,
        10,
        4,
    ]
    assert ds.findings.empty, ds.findings["message"].tolist()


def test_printed_rate_and_duplicate_unit_are_reported(tmp_path):
    path = _csv(
        tmp_path / "mailbox.csv",
        [
            ["部门信箱办理情况(统计时间:2023年4月1日—2023年6月30日)"],
            ["单位", "收到留言", "按时回复", "超期回复", "未回复", "按时回复率"],
            ["市教育局", 26, 24, 2, 0, "92.3%"],  # 24/26 = 92.31%: within the printed rounding
            ["市公安局", 9, 7, 2, 0, "87.5%"],  # 7/9 = 77.8%: wrong
            ["市教育局", 3, 3, 0, 0, "100%"],
        ],
    )
    ds = govstats.load(path, publisher=CITY)
    codes = ds.findings.set_index("code")
    assert sorted(ds.findings["code"]) == ["duplicate-unit", "rate-mismatch"]
    assert (
        "87.5%" in codes.loc["rate-mismatch", "message"] and "77.78%" in codes.loc["rate-mismatch", "message"]
    )
    assert (codes.loc["rate-mismatch", "row"], codes.loc["rate-mismatch", "column"]) == (4, "F")
    assert codes.loc["duplicate-unit", "severity"] == "warning"
    assert len(ds.handling) == 3  # both 市教育局 rows kept


def test_subtotals_check_their_group(tmp_path):
    path = _csv(
        tmp_path / "ogi.csv",
        [
            ["2023年第二季度依申请公开办理情况"],
            ["序号", "受理单位", "受理申请", "按时办结", "超期办结", "待办理", "超期未办结"],
            ["一、市直单位"],
            [1, "市自然资源局", 5, 5, 0, 0, 0],
            [2, "市住建局", 3, 2, 1, 0, 0],
            ["小计", "", 8, 7, 1, 0, 0],  # 5+3, 5+2, 0+1: right
            ["二、县(区)"],
            [1, "甲县", 4, 4, 0, 0, 0],
            ["小计", "", 5, 4, 0, 0, 0],  # received 4, printed 5: wrong
            ["合计", "", 12, 11, 1, 0, 0],  # 8+4 = 12, 7+4 = 11: right
        ],
    )
    ds = govstats.load(path)
    bad = ds.findings[ds.findings["code"] == "total-mismatch"]
    assert len(bad) == 1 and "5" in bad["message"].iloc[0] and bad["row"].iloc[0] == 9
    assert ds.handling["unit"].tolist() == ["市自然资源局", "市住建局", "甲县"]
    assert ds.handling["tier"].tolist() == ["市直单位", "市直单位", "县(区)"]
