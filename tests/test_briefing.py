"""The briefing's parts on other publishers' real tables, where they differ from Yingtan's:
no narrative figures, no 按时办结 column, every unit on time."""

from __future__ import annotations

import re
from pathlib import Path

from govstats.present import briefing

CASES = Path(__file__).resolve().parent / "data" / "other-publishers"


def _briefing(case: str) -> briefing.Briefing:
    return briefing.prepare([str(CASES / case / "input.html")])


def test_every_unit_on_time_marks_none_as_worst():
    b = _briefing("tongchuan-2025Q1-mailbox")  # 139 received, 139 on time, 22 units
    assert b.channel_name("mailbox") == "市长信箱"
    assert "各单位按时办结率均为100%" in b.worst_html()
    league = str(b.league_html())
    assert "gs-worst" not in league and "标红" not in league
    assert b.totals_html() == ""  # the page states no figure to set against the annex
    assert "没有更早一期" in b.changes_html()


def test_without_an_on_time_column_the_completion_rate_stands_in():
    b = _briefing("hanzhong-2022-08-mailbox")  # 承办件数, 办结数, 在办数, 超时未办数
    assert b.channel_name("mailbox") == "信箱"  # its title says 信件, not whose mailbox
    assert b.rate_shown() == "completion_rate"
    # completed / received from expected.csv by hand: 0/2, 0/1, 2/8, 4/6, 2/3
    items = re.findall(r"<li>(.*?)</li>", b.worst_html())
    assert items[:3] == [
        "市住房公积金管理中心:受理2条,办结0条,办结率0.0%",
        "市体育局:受理1条,办结0条,办结率0.0%",
        "兴汉新区管委会:受理8条,办结2条,办结率25.0%",
    ]
    league = str(b.league_html())
    assert "办结率最低的单位标红" in league and league.count("class='gs-worst'") == 3
    assert "<th>办结</th>" in league and "<th>按时办结</th>" not in league


def test_lowest_rates_skip_units_at_full_marks():
    import pandas as pd

    table = pd.DataFrame(
        {"unit": list("abcd"), "on_time_rate": pd.array([1.0, 0.5, None, 0.8], dtype="Float64")}
    )
    from govstats.analyse.metrics import lowest  # the briefing's and the draft's rule

    assert lowest(table, 3)["unit"].tolist() == ["b", "d"]


def test_narrative_figures_are_named_in_chinese():
    b = briefing.prepare([str(CASES / "narratives" / "jiangxi-2020Q1-websites" / "notice.txt")])
    table = str(b.headline_changes())
    for word in ("合格率", "发现问题", "按时办结率", "主动公开信息"):
        assert f"<td>{word}</td>" in table
    assert not re.search(r"<td>[a-z_]+</td>", table)  # no code left untranslated
