"""Quarter-over-quarter on the real headline figures (2021 Q4 → 2022 Q1) and on a
three-quarter series with a gap, a rename, a unit gone and a unit new
(tests/fixtures/series.py; every change below worked out by hand)."""

from __future__ import annotations

import pandas as pd
import pytest

import govstats
from fixtures.series import write_series
from govstats.analyse.aliases import alias_report
from govstats.analyse.trends import movers

Q = lambda s: pd.Period(s, "Q")  # noqa: E731


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    return govstats.load(write_series(tmp_path_factory.mktemp("series")))


def test_headline_trend_of_the_real_notices():
    trend = govstats.headline_trend(govstats.load("data/raw").headline)
    t = trend[trend["period"] == Q("2022Q1")].set_index(["channel", "metric", "tier"])
    # 2021 Q4 → 2022 Q1 as the two narratives state them
    assert t.loc[("website", "monitored", ""), ["value_prev", "value", "change"]].tolist() == [35, 35, 0]
    assert t.loc[("new_media", "monitored", ""), ["value_prev", "value", "change"]].tolist() == [93, 144, 51]
    # 主动公开信息 is disclosed 通过政府网站 ("through the government websites"), as both notices say
    assert t.loc[("website", "disclosed", "市直部门"), ["value_prev", "value"]].tolist() == [1335, 1297]
    assert t.loc[("website", "disclosed", "区(市)政府"), "change"] == 1817 - 2919
    assert t.loc[("ogi_request", "received", ""), ["value_prev", "value"]].tolist() == [19, 1]
    mail = t.loc[("mailbox", "received", "")]
    assert (mail["value_prev"], mail["value"], mail["change"]) == (149, 192, 43)
    assert mail["change_pct"] == pytest.approx(43 / 149)


def test_qoq_with_aliases_gap_new_and_gone(series):
    q = govstats.qoq(govstats.apply_aliases(series.handling)).set_index(["period", "unit"])
    office = q.loc[(Q("2022Q1"), "鹰潭市人民政府办公室")]  # 市政府办 in 2021Q3, renamed in 2022Q1
    assert office["prev_period"] == Q("2021Q3") and office["periods_apart"] == 2  # 2021Q4 missing
    assert (office["received_prev"], office["received"], office["received_change"]) == (10, 12, 2)
    assert office["received_change_pct"] == pytest.approx(0.2)
    assert office["on_time_rate_change_pp"] == pytest.approx((12 / 12 - 9 / 10) * 100)
    assert q.loc[(Q("2022Q1"), "市体育局"), "status"] == "gone"
    assert q.loc[(Q("2022Q1"), "市体育局"), "received_prev"] == 5
    assert q.loc[(Q("2022Q1"), "市城管局"), "status"] == "new"
    ur = q.loc[(Q("2022Q2"), "市城管局")]
    assert ur["periods_apart"] == 1 and ur["on_time_rate_change_pp"] == pytest.approx((4 / 4 - 1 / 3) * 100)
    assert q.loc[(Q("2022Q2"), "鹰潭市人民政府办公室"), "received_change"] == 8 - 12
    top = movers(govstats.qoq(govstats.apply_aliases(series.handling)), n=1)
    assert top["unit"].tolist() == ["市城管局"]  # +66.7 pp beats −25 pp and the rest


def test_without_aliases_the_rename_is_reported_not_guessed(series):
    q = govstats.qoq(series.handling).set_index(["period", "unit"])
    assert q.loc[(Q("2022Q1"), "市政府办"), "status"] == "gone"
    assert q.loc[(Q("2022Q1"), "鹰潭市人民政府办公室"), "status"] == "new"
    report = alias_report(series.handling).set_index("unit")
    assert report.loc["市政府办", "candidates"] == "鹰潭市人民政府办公室"
    assert report.loc["市体育局", "candidates"] == ""
    assert alias_report(govstats.apply_aliases(series.handling)).set_index("unit").index.tolist() == [
        "市体育局",
        "市城管局",
    ]


def test_cities_never_mix(series):
    other = series.handling.copy()
    other["publisher"] = "乙市"
    other = other[other["period"] != Q("2022Q1")]
    q = govstats.qoq(pd.concat([series.handling, other]))
    b = q[q["publisher"] == "乙市"].set_index(["period", "unit"])
    assert b.loc[(Q("2022Q2"), "市教育局"), "prev_period"] == Q("2021Q3")  # its own previous period
    assert b.loc[(Q("2022Q2"), "市教育局"), "received_change"] == 30 - 20


def test_months_roll_up_to_quarters():
    rows = [
        {
            "publisher": "甲市",
            "period": pd.Period(p, "M"),
            "channel": "hotline",
            "unit": "市甲局",
            "received": r,
            "on_time": o,
        }
        for p, r, o in [
            ("2023-01", 10, 9),
            ("2023-02", 5, 5),
            ("2023-03", 5, 4),
            ("2023-04", 8, 8),
            ("2023-06", 2, 1),
        ]
    ]
    monthly = pd.DataFrame(rows)
    for c in ("late_completed", "completed", "pending", "overdue_pending"):
        monthly[c] = pd.array([None] * len(monthly), "Int64")
    by_month = govstats.qoq(monthly)
    assert by_month.set_index("period").loc[pd.Period("2023-06", "M"), "periods_apart"] == 2  # May missing
    by_quarter = govstats.qoq(monthly, freq="Q").set_index("period")
    q2 = by_quarter.loc[Q("2023Q2")]
    assert (q2["received_prev"], q2["received"]) == (20, 10)  # 10+5+5, 8+2
    assert q2["on_time_rate_change_pp"] == pytest.approx((9 / 10 - 18 / 20) * 100)


def test_qoq_of_chosen_measures_only(series):
    q = govstats.qoq(series.handling, measures=["received", "on_time_rate"])
    assert [c for c in q.columns if c.startswith(("received", "on_time"))] == [
        "received",
        "received_prev",
        "received_change",
        "received_change_pct",
        "on_time_rate",
        "on_time_rate_prev",
        "on_time_rate_change_pp",
    ]
    assert "pending" not in q.columns
    with pytest.raises(ValueError, match="unknown measures"):
        govstats.qoq(series.handling, measures=["satisfaction"])
