"""govstats.zh and the places in Chinese: what the notebooks and the briefing show of a table."""

from __future__ import annotations

import pandas as pd
import pytest

import govstats
from govstats.source import Source, location


@pytest.mark.parametrize(
    ("text", "chinese"),
    [
        ("附件.xlsx, sheet 附件4, cell C13", "附件.xlsx 工作表“附件4”第13行C列"),
        ("notice.txt, line 21", "notice.txt 第21行"),
        ("page.html, sheet table 2, row 5", "page.html 第2个表格第5行"),
        ("附件.xlsx, sheet 附件3", "附件.xlsx 工作表“附件3”"),
        ("a, b.xlsx, sheet x, y, cell AB12", "a, b.xlsx 工作表“x, y”第12行AB列"),
        ("m.csv", "m.csv"),
    ],
)
def test_a_source_in_chinese_and_back(text, chinese):
    assert location(text) == chinese
    assert str(Source.parse(text)) == text  # the exact reference survives


def test_zh_on_the_real_tables():
    ds = govstats.load("data/raw")
    rates = govstats.rates(ds.handling)
    shown = govstats.zh(rates)
    first = shown[shown["单位"] == "市教育局"].iloc[0]
    # annex 4 by hand: 26 received, 24 on time → 92.3%; 26 completed → 100.0%
    assert first["按时办结率"] == "92.3%" and first["办结率"] == "100.0%" and first["受理"] == 26
    assert first["统计期"] == "2022年第一季度" and first["渠道"] == "信箱"
    assert set(shown.columns) >= {"发布单位", "类别", "单位", "超期未办结", "办结及时率", "超期率"}
    trend = govstats.zh(govstats.headline_trend(ds.headline))
    disclosed = trend[(trend["类别"] == "区(市)政府") & (trend["统计期"] == "2022年第一季度")].iloc[0]
    assert disclosed["变化"] == "-1102" and disclosed["变化率"] == "-37.8%"  # 2919 → 1817, not -0.3775
    assert disclosed["数值"] == 1817  # not 1817.0
    f = govstats.zh(ds.findings)
    assert "yingtan-2022Q1-annexes.xlsx 工作表“附件4”第13行C列" in set(f["来源"])
    assert set(f["级别"]) == {"错误", "提示"} and "行内数字不平衡" in set(f["类别"])


def test_zh_of_changes_and_missing_values():
    table = pd.DataFrame(
        {
            "unit": ["甲局", "乙局"],
            "status": ["continuing", "new"],
            "received_change": pd.array([3, None], dtype="Int64"),
            "on_time_rate_change_pp": pd.array([-4.26, None], dtype="Float64"),
            "on_time_rate_prev": pd.array([0.5, None], dtype="Float64"),
        }
    )
    shown = govstats.zh(table)
    assert list(shown.columns) == ["单位", "状态", "受理变化", "按时办结率变化", "上期按时办结率"]
    assert shown.iloc[0].tolist() == ["甲局", "连续", "+3", "-4.3个百分点", "50.0%"]
    assert shown.iloc[1].tolist() == ["乙局", "新增", "—", "—", "—"]
