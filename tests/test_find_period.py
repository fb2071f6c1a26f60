"""find_period on the ways titles, remarks and file names print a period: each pattern is run
only on a text holding the word it needs (季度, 月, Q), so each such word is tried here in the
forms NFKC makes it (ｑ, Ｑ, a full-width digit), and the texts that hold it but name none."""

import pandas as pd
import pytest

from govstats.periods import find_period, find_window


def q(year: int, quarter: int) -> pd.Period:
    return pd.Period(year=year, quarter=quarter, freq="Q")


def m(year: int, month: int) -> pd.Period:
    return pd.Period(year=year, month=month, freq="M")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("鹰潭市2022年第一季度政府网站“部门信箱”受理情况", q(2022, 1)),
        ("附件3 2019年第2季度依申请公开处理情况统计表", q(2019, 2)),
        ("一季度信箱受理情况（2023年）", q(2023, 1)),  # the year printed apart
        ("2022年8月份12345热线工单办理情况", m(2022, 8)),
        ("2022年十二月份信箱受理情况", m(2022, 12)),
        ("2022年13月份", None),  # no month 13; the Q and ISO patterns find nothing either
        ("2022Q3-鹰潭市-部门信箱.xlsx", q(2022, 3)),
        ("2022q4 信箱", q(2022, 4)),
        ("２０２２Ｑ１ 信箱", q(2022, 1)),  # full width: NFKC makes it 2022Q1
        ("2022-08 信箱统计", m(2022, 8)),
        ("统计时间：2022年1月1日至2022年3月31日", q(2022, 1)),
        ("统计时间：2022年8月1日—8月31日", m(2022, 8)),
        ("2022年8月3日印发", None),  # a date, no period
        ("季度考核", None),
        ("QQ群留言", None),
        ("", None),
    ],
)
def test_find_period(text, expected):
    found = find_period(text)
    assert found == expected
    if expected is not None:
        assert found.freqstr == expected.freqstr


def test_a_quarter_without_its_year_takes_the_year_given():
    assert find_period("第三季度部门信箱受理情况") is None
    assert find_period("第三季度部门信箱受理情况", year=2021) == q(2021, 3)


def test_a_window_not_a_whole_quarter_or_month_names_none():
    assert find_window("2022年1月1日至2022年3月30日") is None
    assert find_window("2022年1月1日至2022年3月31日") == q(2022, 1)
