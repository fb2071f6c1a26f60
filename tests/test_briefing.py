"""The briefing's parts on other publishers' real tables, where they differ from Yingtan's:
no narrative figures, no 按时办结 column, every unit on time."""

from __future__ import annotations

import re
from pathlib import Path

from govstats.present.briefing import sections as briefing

CASES = Path(__file__).resolve().parent / "data" / "other-publishers"


def _briefing(case: str) -> briefing.Briefing:
    return briefing.prepare([str(CASES / case / "input.html")])


def test_every_unit_on_time_marks_none_as_worst_and_draws_no_chart_of_equal_bars():
    b = _briefing("tongchuan-2025Q1-mailbox")  # 139 received, 139 on time, 22 units
    assert b.channel_name("mailbox") == "市长信箱"
    assert b.title == "铜川市2025年第一季度市长信箱办理情况简报"  # no websites in the data
    assert b.lowest().empty and b.worst_html() == ""
    league = str(b.league_html())
    assert "gs-worst" not in league and "标红" not in league
    handling = "".join(b.section("handling"))
    assert "各单位按时办结率均为100.0%。" in handling and "<img" not in handling  # not 22 equal bars
    assert b.totals_html() == ""  # the page states no figure to set against the annex
    # a mailbox-only city without an earlier period: no problems, no lowest units, no changes
    assert b.sections() == ["summary", "handling", "checks"]  # the data check is the appendix
    assert b.section("problems") == [] and b.section("changes") == []
    assert b.section("handling")[0].startswith("<section class='gs-section'><h2>二、办理情况</h2>")
    assert "<h2>附录　数据核查</h2>" in b.section("checks")[0]


def test_without_an_on_time_column_the_completion_rate_stands_in():
    b = _briefing("hanzhong-2022-08-mailbox")  # 承办件数, 办结数, 在办数, 超时未办数
    assert b.channel_name("mailbox") == "信箱"  # its title says 信件, not whose mailbox
    assert b.rate_shown() == "completion_rate"
    # completed / received from expected.csv by hand, among the units that received 5 or more
    # (no tiers printed): 2/8, 4/6, 5/7, 34/43, 10/12; 市公安局 12/14 (85.7%) is sixth, and
    # 市住房公积金管理中心 0/2, 市体育局 0/1, 市自然资源局 2/3 received too few to be ranked
    items = re.findall(r"<li>(.*?)</li>", b.worst_html())
    assert items == [
        "兴汉新区管委会：受理8条，办结2条，办结率25.0%",
        "市卫生健康委员会：受理6条，办结4条，办结率66.7%",
        "宁强县人民政府：受理7条，办结5条，办结率71.4%",
        "南郑区人民政府：受理43条，办结34条，办结率79.1%",
        "洋县人民政府：受理12条，办结10条，办结率83.3%",
    ]
    assert "受理不少于5条的单位中办结率最低的5个" in "".join(b.section("lowest"))
    league = str(b.league_html())
    assert "办结率最低的单位标红" in league and league.count("class='gs-worst'") == 5
    assert "<th>办结</th>" in league and "<th>按时办结</th>" not in league
    assert "<h2>三、办结率较低的单位</h2>" in "".join(b.section("lowest"))


def test_lowest_rates_skip_units_at_full_marks():
    import pandas as pd

    table = pd.DataFrame(
        {"unit": list("abcd"), "on_time_rate": pd.array([1.0, 0.5, None, 0.8], dtype="Float64")}
    )
    from govstats.analyse.ranking import lowest  # the briefing's and the draft's rule

    assert lowest(table, 3)["unit"].tolist() == ["b", "d"]


def test_narrative_figures_are_named_in_chinese():
    b = briefing.prepare([str(CASES / "narratives" / "jiangxi-2020Q1-websites" / "notice.txt")])
    table = str(b.headline_changes())
    for word in ("合格率", "发现问题", "按时办结率", "主动公开信息"):
        assert f"<td>{word}</td>" in table
    assert not re.search(r"<td>[a-z_]+</td>", table)  # no code left untranslated


def _yingtan() -> briefing.Briefing:
    return briefing.prepare([str(Path(__file__).resolve().parent.parent / "data" / "raw")])


def test_one_lowest_set_for_table_chart_and_list():
    # annex 4 by hand, units that received 5 or more, per tier: 市直单位 市卫健委 6/8, 市公安局
    # 7/9, 市市场监管局 8/9, 市教育局 24/26, 市政府办 20/21 (the five lowest below 100%); 区(市)
    # 贵溪市 38/47 alone below 100%. The seven at 0.0% received 1 to 4 each: not ranked.
    from govstats.present.charts import plot
    from govstats.present.charts.style import WARN

    b = _yingtan()
    expected = {"市卫健委", "市公安局", "市市场监管局", "市教育局", "市政府办", "贵溪市"}
    assert set(b.lowest()["unit"]) == expected
    assert b.lowest()["tier"].tolist() == ["市直单位"] * 5 + ["区(市)"]
    assert b.lowest()["unit"].tolist()[:2] == ["市卫健委", "市公安局"]  # lowest first
    assert b.lowest() is b.lowest("mailbox")  # computed once for the table, the chart and the list
    league = str(b.league_html())
    marked = set(
        re.findall(r"<tr class='gs-worst'><td class='num'>\d+</td><td>[^<]*</td><td>([^<※]*)", league)
    )
    assert marked == expected
    listed = {item.split("：")[0] for item in re.findall(r"<li>(.*?)</li>", b.worst_html())}
    assert listed == expected  # none of the tied units dropped
    fig = plot.on_time_by_unit(b.unit_rates(), channel="mailbox")
    red = {t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_color() == WARN}
    assert red == expected
    bars = [p for p in fig.axes[0].patches if p.get_width() > 0]
    colours = [p.get_facecolor()[:3] for p in bars]
    assert colours.count(matplotlib_rgb(WARN)) == 6
    assert set(colours) == {matplotlib_rgb(WARN), matplotlib_rgb("#2f6690")}
    # the minimum is the user's: with none, the seven units at 0.0% lead each tier's list
    b0 = briefing.prepare([str(Path(__file__).resolve().parent.parent / "data" / "raw")], min_received=0)
    assert b0.lowest()["unit"].tolist()[:5] == [
        "市司法局",
        "市民政局",
        "市财政局",
        "市文广新旅局",
        "市金融办",
    ]
    assert "受理不少于0条" in "".join(b0.section("lowest"))


def matplotlib_rgb(colour: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(colour)


def test_rates_with_their_signs_and_the_unbalanced_row_said():
    b = _yingtan()
    table = str(b.headline_changes())
    # the narratives: 149 → 192 messages (+43, +28.9%), 区(市)政府 disclosed 2919 → 1817 (-1102, -37.8%)
    assert (
        "<td class='num'>149条</td><td class='num'>192条</td><td class='num'>+43条</td><td class='num'>+28.9%</td>"
        in table
    )
    assert "<td class='num'>-1102条</td><td class='num'>-37.8%</td>" in table
    assert (
        "<td class='num'>35个</td><td class='num'>35个</td><td class='num'>0个</td><td class='num'>+0.0%</td>"
        in table
    )
    league = str(b.league_html())
    assert "市司法局※" in league and "仅供参考" in league  # 4 received, 4 late + 1 pending: said
    assert "市司法局" not in b.worst_html()  # 4 received: too few to be among the lowest
    b0 = briefing.prepare([str(Path(__file__).resolve().parent.parent / "data" / "raw")], min_received=4)
    assert "市司法局：受理4条，按时办结0条，按时办结率0.0%（该行数字不平衡，见数据核查）" in b0.worst_html()
    checks = "".join(b.section("checks"))
    assert (
        "yingtan-2022Q1-annexes.xlsx 工作表“附件4”第13行C列" in checks and "sheet 附件4, cell" not in checks
    )
    assert "yingtan-2022Q1-notice.txt 第21行" in checks
    lead = str(b.title_html())
    assert "比较期：2021年第四季度" in lead and "数据来源:" not in lead


def test_a_figure_stated_in_two_units_is_no_line_and_no_failure():
    # 依申请公开 alone, its 2022Q1 figure printed in 条 where 2021Q4's is in 件: two figures
    # of one period each, so the summary has its table and no chart (it raised before)
    import govstats

    ds = govstats.load(Path(__file__).resolve().parent.parent / "data" / "raw")
    h = ds.headline[ds.headline["channel"] == "ogi_request"]
    assert set(h["period"].astype(str)) == {"2021Q4", "2022Q1"} and set(h["unit"]) == {"件"}
    ds.headline = h.assign(unit=h["unit"].where(h["period"].astype(str) != "2022Q1", "条"))
    summary = "".join(map(str, briefing.prepare(dataset=ds, period="2022Q1").section("summary")))
    assert "data:image/png" not in summary and "依申请公开" in summary


def test_a_problem_stated_after_the_names_is_the_problem_of_each():
    # yingtan-2022Q1-notice.txt line 33, read by hand: "…如鹰潭市商务局、鹰潭市人社局等网站发布的
    # 稿件内容存在表述错误。" The problem follows the names, in the same clause; line 31 states
    # 信江新区管理委员会's before its name ("出现多个栏目长期未更新，如…").
    p = _yingtan().problems().set_index("name")
    assert p.loc["鹰潭市商务局", "problem"] == "内容表述错误"
    assert p.loc["鹰潭市人社局", "problem"] == "内容表述错误"
    assert p.loc["信江新区管理委员会", "problem"] == "内容更新不及时"
