"""Rates, rankings, league table and totals on the real 2022 Q1 figures, each expected
value worked out by hand from annex 4 of the notice (tests/fixtures/yingtan.py)."""

from __future__ import annotations

import pandas as pd
import pytest

import govstats
from govstats import schema
from govstats.analyse.metrics import RATES, add_rates

RAW = "data/raw"


@pytest.fixture(scope="module")
def ds():
    return govstats.load(RAW)


def test_unit_rates_by_hand(ds):
    r = govstats.rates(ds.handling).set_index(["channel", "unit"])
    edu = r.loc[("mailbox", "市教育局")]
    assert edu["on_time_rate"] == pytest.approx(24 / 26)
    assert edu["completion_rate"] == pytest.approx(26 / 26)
    assert edu["timeliness"] == pytest.approx(24 / 26)
    assert edu["overdue_rate"] == pytest.approx(2 / 26)
    justice = r.loc[("mailbox", "市司法局")]  # printed as 4 received, 0 + 4 done, 1 pending
    assert justice["on_time_rate"] == 0 and justice["overdue_rate"] == pytest.approx((4 + 1) / 4)


def test_totals_per_tier_and_channel_by_hand(ds):
    tiers = govstats.rates(ds.handling[ds.handling["channel"] == "mailbox"], by=["tier"]).set_index("tier")
    # 市直单位: 26+21+10+9+9+9+9+8+4+4+3+3+2+1+1+1+1+1+1+1 = 124; on time 107
    assert tiers.loc["市直单位", ["units", "received", "on_time"]].tolist() == [20, 124, 107]
    # 区(市): 47+10+6+2+2 = 67; on time 38+10+6 = 54
    assert tiers.loc["区(市)", ["units", "received", "on_time"]].tolist() == [5, 67, 54]
    city = govstats.rates(ds.handling, by=["publisher", "period", "channel"]).set_index("channel")
    assert city.loc["mailbox", "on_time_rate"] == pytest.approx(161 / 191)
    assert city.loc["ogi_request", "received"] == 1


def test_no_receipts_no_rate_and_missing_counts_stay_missing():
    table = schema.frame(
        "handling",
        [
            {
                "publisher": "甲市",
                "period": pd.Period("2023Q1", "Q"),
                "channel": "mailbox",
                "unit": "市甲局",
                "received": 0,
                "on_time": 0,
            },
            {
                "publisher": "甲市",
                "period": pd.Period("2023Q1", "Q"),
                "channel": "mailbox",
                "unit": "市乙局",
                "received": 5,
                "on_time": 4,
            },
        ],
    )
    r = govstats.rates(table).set_index("unit")
    assert pd.isna(r.loc["市甲局", "on_time_rate"])  # not 0%, not 100%
    assert r.loc["市乙局", "on_time_rate"] == pytest.approx(0.8)
    assert pd.isna(r.loc["市乙局", "late_completed"]) and pd.isna(r.loc["市乙局", "completion_rate"])
    total = govstats.rates(table, by=["publisher"]).iloc[0]
    assert total["received"] == 5 and total["units"] == 2 and pd.isna(total["pending"])


def test_add_rates_computes_only_the_rates_asked_for():
    # 8 received, 6 on time, 1 late, 1 pending of which 1 overdue: by hand 6/8, 7/8, 6/7, 2/8
    counts = pd.DataFrame(
        {
            "received": [8],
            "on_time": [6],
            "late_completed": [1],
            "completed": [7],
            "pending": [1],
            "overdue_pending": [1],
        }
    ).astype("Int64")
    every = add_rates(counts)
    assert [every.loc[0, r] for r in RATES] == pytest.approx([6 / 8, 7 / 8, 6 / 7, 2 / 8])
    one = add_rates(counts, ["timeliness"])
    assert list(one.columns) == [*counts.columns, "timeliness"]
    assert one.loc[0, "timeliness"] == pytest.approx(6 / 7)


def test_rank_shares_ties_and_skips_missing():
    r = pd.DataFrame({"unit": list("abcde"), "on_time_rate": pd.array([0.9, 1.0, 0.9, None, 0.5], "Float64")})
    ranked = govstats.rank(r, within=())
    assert ranked["rank"].tolist() == [2, 1, 2, pd.NA, 4]


def test_league_table_in_printed_order(ds):
    league = govstats.league_table(ds.handling)
    assert league["unit"].iloc[0] == "市教育局" and league["unit"].iloc[20] == "贵溪市"
    assert league["seq"].tolist()[:3] == [1, 2, 3] and league["seq"].iloc[20] == 1
    # eleven units handled every message on time: 市统计局, 市人社局, 市住建局, 市生态环境局,
    # 市自然资源局, 市交通运输局, 市乡村振兴局, 市林业局, 市住房公积金管理中心, 余江区, 月湖区
    assert (league["rank"] == 1).sum() == 11
    # ranked within the tier (a department and a county are not rivals): the five 市直单位 at
    # 0% (市司法局, 市民政局, 市财政局, 市文广新旅局, 市金融办) share rank 20 - 5 + 1 = 16; the
    # two 区(市) at 0% (信江新区管委会, 高新技术产业开发区管委会) rank 5 - 2 + 1 = 4
    assert league.loc[league["on_time_rate"] == 0, "rank"].tolist() == [16] * 5 + [4] * 2
    assert league.loc[league["unit"] == "贵溪市", "rank"].tolist() == [3]  # after 余江区, 月湖区 at 100%
    with pytest.raises(ValueError, match="2030Q1"):
        govstats.league_table(ds.handling, period="2030Q1")


def test_annex_totals_beside_the_narrative(ds):
    t = govstats.compare_totals(ds.handling, ds.headline).set_index(["period", "channel", "metric"])
    row = t.loc[(pd.Period("2022Q1", "Q"), "mailbox", "received")]
    assert (row["annex"], row["narrative"], row["difference"]) == (191, 192, -1)
    assert t.loc[(pd.Period("2022Q1", "Q"), "mailbox", "on_time"), "difference"] == 0
    assert pd.isna(t.loc[(pd.Period("2021Q4", "Q"), "mailbox", "received"), "annex"])  # no annex that quarter


def test_cities_side_by_side():
    cases = "tests/data/other-publishers/"
    ds = govstats.load(cases + "weinan-2021Q4-mailbox-counties-trad/input.xlsx", publisher="渭南市")
    ds2 = govstats.load(cases + "tongchuan-2025Q1-mailbox/input.xlsx", publisher="铜川市")
    both = pd.concat([ds.handling, ds2.handling], ignore_index=True)
    by_city = govstats.rates(both, by=["publisher"]).set_index("publisher")
    assert (
        by_city.loc["铜川市", "received"] == 139 and by_city.loc["铜川市", "on_time_rate"] == 1.0
    )  # meta.json: 139/139
    assert set(by_city.index) == {"渭南市", "铜川市"}


def test_one_row_per_unit_and_summed_rows_give_the_same_shape(ds):
    h = ds.handling[ds.handling["channel"] == "mailbox"]
    direct = govstats.rates(h)  # one row per unit: no grouping needed
    doubled = govstats.rates(pd.concat([h, h]))  # every unit twice: summed
    assert list(direct.columns) == list(doubled.columns)
    assert direct.dtypes.astype(str).tolist() == doubled.dtypes.astype(str).tolist()
    assert (doubled["received"] == 2 * direct["received"]).all() and (doubled["units"] == 2).all()
    pd.testing.assert_series_equal(direct["on_time_rate"], doubled["on_time_rate"])
