"""The kinds of variation other publishers print, one test each: headers composed of a
qualifier, an action and a quantity (generated, Simplified and Traditional, with and without
units and glosses), unit columns under any header, received read from the sums, columns
the contract has no field for, periods wherever a notice states them, the measure words
and bounds of narratives. The expected field of a generated header follows from its parts
by the rule written in this file, not from govstats."""

from __future__ import annotations

import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govstats
from fixtures import layouts
from govstats.chinese import plain
from govstats.notice.headline import figures
from govstats.notice.periods import stated_period
from govstats.tidy.headers import count_field, is_unit_header, problem_field
from govstats.vocabulary.tables import normalise

QUALIFIER = {
    "": ["", "已"],
    "on_time": ["按时", "按期", "及时"],
    "late": ["超期", "超时", "逾期"],
    "not": ["未", "待"],
    "ongoing": ["在", "正在"],
    "late_not": ["超期未", "超时未", "逾期未"],
}
INTAKE = ["受理", "收到", "交办", "转办", "承办", "派遣", "来信", "来电", "留言", "诉求", "工单", "案件"]
HANDLE = ["办结", "答复", "回复", "反馈", "办理", "结案", "处理"]
QUANTITY = ["", "数", "量", "总量", "件数", "总数", "件", "宗", "通"]
UNIT = ["", "(件)", "(条)", "(件次)", "(人次)", "(通)", "(宗)", "\n(件)", " (件)"]
# what the parts mean: the domain's six fields (docs/domain.md)
HANDLED_AS = {
    "": "completed",
    "on_time": "on_time",
    "late": "late_completed",
    "not": "pending",
    "ongoing": "pending",
    "late_not": "overdue_pending",
}
_GLOSS = {"數": "(shù)", "結": "(jié)", "長": "(zhǎng)", "區": "(qū)", "處": "(chǔ)"}


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _traditional(text: str, glosses: bool) -> str:
    t = _s2t().convert(text)
    return "".join(c + _GLOSS.get(c, "") for c in t) if glosses else t


@settings(max_examples=150, deadline=None)
@given(
    kind=st.sampled_from(sorted(QUALIFIER)),
    data=st.data(),
    quantity=st.sampled_from(QUANTITY),
    unit=st.sampled_from(UNIT),
    script=st.sampled_from(["simplified", "traditional", "glossed"]),
)
def test_composed_handling_headers_name_their_field(kind, data, quantity, unit, script):
    qualifier = data.draw(st.sampled_from(QUALIFIER[kind]))
    action = data.draw(st.sampled_from(HANDLE))
    header = qualifier + action + quantity + unit
    if script != "simplified":
        header = _traditional(header, script == "glossed")
    assert count_field(normalise(header)) == HANDLED_AS[kind], header


@settings(max_examples=100, deadline=None)
@given(
    action=st.sampled_from(INTAKE),
    total=st.sampled_from(["", "总"]),
    quantity=st.sampled_from(QUANTITY),
    unit=st.sampled_from(UNIT),
    script=st.sampled_from(["simplified", "traditional", "glossed"]),
)
def test_composed_intake_headers_are_received(action, total, quantity, unit, script):
    header = total + action + quantity + unit  # 留言量, 总工单数, 交办总量, 受理案件数
    if script != "simplified":
        header = _traditional(header, script == "glossed")
    assert count_field(normalise(header)) == "received", header


@pytest.mark.parametrize(
    "header",
    [
        "市州",
        "旗区",
        "乡镇",
        "县(市、区)",
        "单位名称",
        "承办单位",
        "具体承办单位",
        "承辦縣區(qū)",
        "所属部门",
        "地市",
    ],
)
def test_unit_column_headers(header):
    assert is_unit_header(normalise(header)) and count_field(normalise(header)) is None


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("问题网站", "name"),
        ("网站问题", "problem"),
        ("網站名稱", "name"),
        ("填报单位名单", "unit"),
        ("问题类型", "problem"),
        ("账号类型", "account_type"),
        ("存在問題", "problem"),
        ("首页网址", "url"),
        ("地区", "region"),
    ],
)
def test_problem_list_heads(header, field):
    assert problem_field(normalise(header)) == field


@pytest.mark.parametrize(
    "header", ["满意率", "不满意数", "得分", "排名", "发回重办率", "受理情况", "超期工单数"]
)
def test_no_field_for_other_measures(header):
    assert count_field(normalise(header)) is None


_csv = layouts.table_csv


def test_unknown_unit_header_is_read_from_the_table_and_said(tmp_path):
    # the unit column third, under a header no vocabulary has; a 片区 column repeats
    path = _csv(
        tmp_path / "t.csv",
        [
            ["2023年第二季度12345热线办理情况"],
            ["序号", "片区", "名录", "受理数", "按时办结", "超期办结", "未办结"],
            [1, "东片", "甲街道", 10, 6, 2, 2],
            [2, "东片", "乙街道", 7, 5, 1, 1],
            [3, "西片", "丙街道", 3, 3, 0, 0],
        ],
    )
    ds = govstats.load(path)
    assert ds.handling["unit"].tolist() == ["甲街道", "乙街道", "丙街道"]
    said = ds.findings[ds.findings["code"] == "inferred-column"]
    assert said["message"].tolist() == ["列“名录”按单位名称列读入：其下各行是互不相同的名称，紧挨着计数列"]
    assert (said["row"].iloc[0], said["column"].iloc[0]) == (2, "C")
    片区 = ds.extras[ds.extras["header"] == "片区"]
    assert 片区["value"].tolist() == ["东片", "东片", "西片"]


def test_received_is_the_column_that_sums_the_others(tmp_path):
    # 10 = 6 + 2 + 2, 7 = 5 + 1 + 1, 3 = 3 + 0 + 0: 成功应答(通) is what was received
    path = _csv(
        tmp_path / "t.csv",
        [
            ["2023年第二季度12345热线办理情况"],
            ["地市", "成功应答(通)", "按时办结", "超期办结", "未办结", "满意率"],
            ["甲市", 10, 6, 2, 2, "90%"],
            ["乙市", 7, 5, 1, 1, "95%"],
            ["丙市", 3, 3, 0, 0, "100%"],
        ],
    )
    ds = govstats.load(path)
    assert ds.handling["received"].tolist() == [10, 7, 3]
    said = ds.findings[ds.findings["code"] == "inferred-column"]
    assert said["message"].tolist() == [
        "列“成功应答(通)”按受理数读入：每行都等于按时办结+超期办结+未办结之和"
    ]
    assert (said["row"].iloc[0], said["column"].iloc[0]) == (2, "B")
    assert ds.extras["value"].tolist() == ["90%", "95%", "100%"]
    assert "row-arithmetic" not in set(ds.findings["code"])


def test_a_column_read_as_received_that_is_a_part_goes_to_extras(tmp_path):
    # a call centre's table: 100 = 60 + 40 answered calls, of which 转办 (transferred) is a part
    path = _csv(
        tmp_path / "t.csv",
        [
            ["全市各乡镇来电办理情况(2023年第二季度)"],
            ["乡镇", "成功应答(通)", "直接办结", "转办"],
            ["甲镇", 100, 60, 40],
            ["乙镇", 50, 30, 20],
        ],
    )
    ds = govstats.load(path, publisher="甲市")  # the title names no city
    assert ds.handling[["unit", "received", "completed"]].values.tolist() == [
        ["甲镇", 100, 60],
        ["乙镇", 50, 30],
    ]
    assert ds.findings["message"].tolist() == [
        "列“成功应答(通)”按受理数读入：每行都等于直接办结+转办之和",
        "列“转办”不按受理数读入：它是“成功应答(通)”的一部分，其数值存入 extras 表",
    ]
    assert ds.extras[["header", "value", "source"]].values.tolist() == [
        ["转办", "40", "t.csv, cell D3"],
        ["转办", "20", "t.csv, cell D4"],
    ]


def test_a_column_that_sums_nothing_is_not_received(tmp_path):
    path = _csv(
        tmp_path / "t.csv",
        [
            ["2023年第二季度12345热线办理情况"],
            ["地市", "成功应答(通)", "按时办结", "超期办结", "未办结"],
            ["甲市", 11, 6, 2, 2],  # 11 ≠ 10
            ["乙市", 7, 5, 1, 1],
        ],
    )
    ds = govstats.load(path)
    assert ds.handling["received"].isna().all()
    assert ds.extras["value"].tolist() == ["11", "7"]


def test_unknown_column_values_reach_extras_with_their_cells(tmp_path):
    path = _csv(
        tmp_path / "t.csv",
        [
            ["部门信箱办理情况(统计时间:2023年4月1日—2023年6月30日)"],
            ["单位", "收到留言", "按时回复", "联系人", "排名"],
            ["市教育局", 26, 26, "张三", 1],
            ["市公安局", 9, 9, "", 2],
        ],
    )
    ds = govstats.load(path)
    extras = ds.extras
    assert extras[["unit", "header", "value", "source"]].values.tolist() == [
        ["市教育局", "联系人", "张三", "t.csv, cell D3"],
        ["市教育局", "排名", "1", "t.csv, cell E3"],
        ["市公安局", "排名", "2", "t.csv, cell E4"],  # an empty cell is no value
    ]
    assert set(extras["channel"]) == {"mailbox"} and set(extras["period"].astype(str)) == {"2023Q2"}
    assert set(extras["period_source"]) == {"title"}  # the window is printed in the title line
    unknown = ds.findings[ds.findings["code"] == "unknown-column"]
    assert unknown["message"].str.contains("联系人").tolist() == [True]  # 排名 is understood
    assert (unknown["row"].iloc[0], unknown["column"].iloc[0]) == (2, "D")


def test_a_mapped_header_is_read_without_touching_code(tmp_path):
    path = _csv(
        tmp_path / "t.csv",
        [
            ["2023年第二季度12345热线办理情况"],
            ["城市", "接听量", "按时办结", "超期办结"],
            ["甲市", 9, 6, 2],  # 9 ≠ 6 + 2 + nothing: no sum tells
        ],
    )
    mapping = tmp_path / "headers.csv"
    mapping.write_text(
        "header,field,note\n接聽量(通),received,Traditional and units do not matter\n", encoding="utf-8"
    )
    assert govstats.load(path).handling["received"].isna().all()
    ds = govstats.load(path, headers=mapping)
    assert ds.handling["received"].tolist() == [9] and ds.extras.empty
    assert "unknown-column" not in set(ds.findings["code"])
    mapping.write_text("header,field\n接听量,recieved\n", encoding="utf-8")
    with pytest.raises(govstats.UsageError, match="row 2"):
        govstats.load(path, headers=mapping)


def test_validate_lists_the_headers_it_did_not_understand(tmp_path):
    path = _csv(
        tmp_path / "t.csv",
        [["2023年第二季度12345热线办理情况"], ["城市", "接听量", "按时办结", "超期办结"], ["甲市", 9, 6, 2]],
    )
    cmd = [sys.executable, "-m", "govstats", "validate", str(path), "--publisher", "乙市"]  # it names none
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and "header,field,note" in p.stdout
    assert "接听量,,1处，如 t.csv 第2行B列" in p.stdout
    mapping = tmp_path / "h.csv"
    mapping.write_text("header,field\n接听量,received\n", encoding="utf-8")
    p = subprocess.run([*cmd, "--headers", str(mapping)], capture_output=True, text=True, timeout=120)
    assert p.stdout == "没有核查发现\n"  # 9 received, 8 completed: the rest may be pending, not printed


def test_two_row_header_with_line_breaks_and_units(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2024年第一季度市长信箱办理情况"])
    ws.append(["县(市、区)", "受理数\n(件次)", "办结情况", None, "未办结"])
    ws.append([None, None, "按时", "超期", None])
    ws.merge_cells("C2:D2")
    ws.merge_cells("A2:A3")
    ws.append(["甲县", 5, 3, 1, 1])
    ws.append(["乙区", 2, 2, 0, 0])
    wb.save(tmp_path / "t.xlsx")
    ds = govstats.load(tmp_path / "t.xlsx", publisher="丙市")  # the title names no city
    h = ds.handling
    assert h[["unit", "received", "on_time", "late_completed", "pending"]].values.tolist() == [
        ["甲县", 5, 3, 1, 1],
        ["乙区", 2, 2, 0, 0],
    ]
    assert ds.findings.empty, ds.findings["message"].tolist()


@pytest.mark.parametrize(
    ("title", "lines", "date", "period", "where"),
    [
        ("关于2022年第一季度全市政府网站检查情况的通报", [], None, "2022Q1", "title"),
        (None, ["2022年04月01日到2022年06月30日,“省长信箱”共收到公众来信7061件"], None, "2022Q2", "window"),
        (None, ["2020年12月,“我有话对省长说”共收到留言1234件"], None, "2020-12", "text"),
        (None, ["2025年第二季度共受理诉求2917件"], None, "2025Q2", "text"),
        (None, ["與2024年第四季度數據相比,2025年第一季度受理減少"], None, "2025Q1", "text"),
        (
            None,
            ["截至2020年2月,全省正在运行的政府网站538家", "2020年第一季度,省政府办公厅组织检查"],
            None,
            "2020Q1",
            "text",
        ),
        ("第四季度政府网站检查情况通报", ["检查时间:2024年1月10日"], None, "2023Q4", "date"),
        ("第三季度政府网站检查情况通报", [], "2023-10-09", "2023Q3", "date"),
        ("9月份热线运行情况", [], "2020-10-09", "2020-09", "date"),
    ],
)
def test_the_period_wherever_the_notice_states_it(title, lines, date, period, where):
    found, source, _ = stated_period(title, lines, date)
    assert (str(found), source) == (period, where)


@pytest.mark.parametrize(
    ("lines", "note"),
    [
        (["1-4月份,全市共受理诉求500件"], "“1-4月份”是几个月的区间，不是一个季度或月份"),
        (["统计时间:2026年1月16日至1月23日"], "统计时间“2026年1月16日至1月23日”不是整季度或整月"),
        (["11月份,12345热线共受理诉求284406件"], "只写了11月份，未写年份，通报也无日期"),
    ],
)
def test_a_range_a_week_or_a_yearless_month_is_no_period(lines, note):
    assert stated_period(None, lines) == (None, None, note)


def _values(text: str) -> list[tuple[float, str, str]]:
    return [(f["value"], f["unit"], f["metric"]) for f in figures([text], "n.txt")]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("书记市长信箱信件41封", [(41, "封", "other")]),
        ("成功应答来电1200通,受理案件35宗", [(1200, "通", "other"), (35, "宗", "received")]),
        ("确定了23家涉企单位的44名业务骨干", [(23, "家", "other"), (44, "名", "other")]),
        ("综合指标值评定为98.3分", [(98.3, "分", "other")]),
        ("接待群众320人次,回访560件次", [(320, "人次", "other"), (560, "件次", "other")]),
        ("全省共有政務(wù)新媒體賬號4935個", [(4935, "个", "other")]),
        (
            "按期办结2794件,超期办结4,返工单6件",
            [(2794, "件", "on_time"), (4, "件", "late_completed"), (6, "件", "other")],
        ),
        ("16个超过2周未更新,合格率不足70%", [(16, "个", "other")]),
        ("虞城县政务新媒体合格率低于70%", []),
        ("合格率要达到90%以上,不少于5个", []),
        ("接近6个月未更新,5分钟内接通", []),
        ("抽查合格率为84.27%,环比下降3.82%", [(84.27, "%", "qualified_rate"), (3.82, "%", "decrease")]),
        ("同比上升1.33个百分点", [(1.33, "百分点", "increase")]),
        ("比上月减少了7家", [(7, "家", "decrease")]),
        ("〔2020〕第9期,排名第3名", []),
    ],
)
def test_narrative_figures(text, want):
    assert _values(text) == want


def test_quotes_are_cut_as_printed_from_a_glossed_mirror():
    (fig,) = figures(["抽查檢查發(fā)現(xiàn)不合格政務(wù)新媒體賬號25個。"], "n.txt")
    assert fig["quote"] == "抽查檢查發(fā)現(xiàn)不合格政務(wù)新媒體賬號25個"


def test_plain_is_simplified_without_glosses():
    assert plain("臨渭區(qū)總件數(shù)(件)") == "临渭区总件数(件)"
    assert plain("网站(app)") == "网站(app)"  # a word in parentheses is no gloss
    assert plain("１２３") == "123"


def test_notice_period_source_is_written(tmp_path):
    ds = govstats.load(Path(__file__).resolve().parents[1] / "data" / "raw" / "yingtan-2022Q1-notice.txt")
    assert ds.notices[["period", "period_source"]].values.tolist() == [[pd.Period("2022Q1", "Q"), "title"]]
    assert set(ds.handling["period_source"]) == {"window"}  # each annex's remark states its window
    assert set(ds.headline["period_source"]) == {"title"}
