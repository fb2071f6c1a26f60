"""New wordings of a fresh batch of real notices, read by composition: 立案 is intake, a
123xx number is a hotline, 份 and 日 are measure words, 零 is zero, a title's month takes the
dateline's year, and a year the text states wins over the year it was signed in."""

from __future__ import annotations

import pandas as pd

from govstats.notice.headline import figures
from govstats.notice.periods import stated_period
from govstats.tidy.headers import count_field
from govstats.vocabulary.channels import channel_of


def _values(line: str) -> list[tuple[float, str]]:
    return [(f["value"], f["unit"]) for f in figures([line], "通报.txt")]


def test_measure_words_and_zero():
    assert _values("本季度共收到依申请公开申请12份，均已按时答复。") == [(12.0, "份")]
    assert _values("平均办理用时3日，超期办结零件。") == [(3.0, "日"), (0.0, "件")]
    # a date's day is no figure, nor a day range after a month, nor 零 inside a numeral
    assert _values("2024年4月5日起，8月1—31日共受理留言120条。") == [(120.0, "条")]
    assert _values("一百零五条意见") == []


def test_a_title_month_takes_the_datelines_year():
    period, where, _ = stated_period("某市领导留言板各区8月数据出炉", ["2024年09月03日09:29 | 来源：人民网"])
    assert (period, where) == (pd.Period("2024-08", "M"), "date")
    # 9月3日 in a title is a date, not a month of its own
    assert stated_period("9月3日起开展检查", ["2024年09月03日"])[0] is None


def test_a_year_the_text_states_wins_over_the_signature_date():
    lines = ["2022年，全市共检查政府网站35个。", "2023年8月5日"]
    assert stated_period("关于第三季度政府网站检查情况的通报", lines)[:2] == (
        pd.Period("2022Q3", "Q"),
        "text",
    )
    # a year the text starts from is not the period's
    since = ["2022年以来，全市共检查政府网站35个。", "2023年8月5日"]
    assert stated_period("关于第三季度政府网站检查情况的通报", since)[0] == pd.Period("2023Q3", "Q")


def test_a_service_number_names_a_hotline():
    assert channel_of("12319平台六月份工作情况") == "hotline"
    assert channel_of("12345政务服务便民热线") == "hotline"
    assert channel_of("网站标识码3612340001") is None  # 12340 inside a longer number is no hotline


def test_cases_filed_are_received():
    assert count_field("立案数(件)") == "received"  # 立案 is intake, as 受理 is
    assert count_field("立案数") == count_field("受理数") == "received"
