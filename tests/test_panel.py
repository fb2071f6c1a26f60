"""The researchers' panel (issue 26): one row per publisher, period and channel of the generated
corpus (42 publishers × 6 quarters) and of the real tables, equal to a hand count of what the
generator wrote and the offices printed; no row mixes two cities, periods or channel families;
coverage tells a report that is missing from a perfect one; comparisons rank within one
period, one level and one family, ties 并列; the DuckDB SQL equals pandas; D17."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import govstats
from fixtures.corpus import QUARTERS, build
from govstats import schema
from govstats.analyse.panel import FAMILIES
from govstats.notice.publishers import level_of
from govstats.vocabulary.channels import family_of

pytestmark = pytest.mark.filterwarnings("ignore::govstats.errors.MissingPublisherWarning")

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "other-publishers"
Q = {str(q): q for q in QUARTERS}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def loaded(corpus):
    return govstats.load(corpus.root)


@pytest.fixture(scope="module")
def panel(loaded):
    return govstats.panel(loaded)


def test_rows_equal_a_hand_count_of_the_corpus(corpus, panel):
    rows = panel.set_index(["publisher", "period", "family"])
    for (city, period), pair in corpus.pairs.items():
        row = rows.loc[(city, period, "mailbox")]
        assert row["channel_name"] == "部门信箱" and row["has_annex"]
        # the generator's truth: five units, each (unit, received, on time, late, pending)
        assert row["units"] == len(pair.units) == 5
        assert row["received"] == sum(u[1] for u in pair.units) == pair.received
        assert row["on_time"] == sum(u[2] for u in pair.units)
        assert row["late_completed"] == sum(u[3] for u in pair.units)
        assert row["pending"] == sum(u[4] for u in pair.units)
        assert row["on_time_rate"] == pytest.approx(sum(u[2] for u in pair.units) / pair.received)
        # the notice beside an annex states one more than the annex sums
        assert (row["stated_received"] if row["has_narrative"] else None) == pair.stated
        assert row["has_notice"] == (corpus.layouts[city] == "notice")
        assert row["level"] == {"市": "city", "州": "city", "盟": "city"}.get(city[-1], "county")


def test_no_row_mixes_two_cities_periods_or_families(corpus, panel):
    shown = panel[panel["has_annex"]]
    assert len(shown) == len(corpus.pairs) + len(corpus.unnamed) + 3  # + the real 铜川, 渭南, 汉中 tables
    for row in shown.itertuples():
        assert row.family in FAMILIES and family_of(row.channel_name) in (row.family, None)
        for file in row.source.split("；"):
            city, period = corpus.truth[file]
            assert (city, period) == (None if pd.isna(row.publisher) else row.publisher, row.period), file
        if pd.isna(row.publisher):  # a file naming no city is a row of its own
            assert row.input == row.source
    keys = ["publisher", "input", "period", "family", "channel_name", "channel"]
    assert not panel.duplicated(keys).any()


def test_coverage_says_what_is_missing(loaded):
    city, gone = "青川市", Q["2022Q3"]  # one city's one quarter not published
    tables = {
        name: t[~((t["publisher"] == city) & (t["period"] == gone)).fillna(False)]
        for name, t in loaded.tables().items()
        if name != "findings"
    }
    table = govstats.panel(govstats.Dataset(**tables))
    mine = table[table["publisher"] == city].set_index("period")
    assert not mine.loc[gone, "has_annex"] and mine.loc[gone, "published"] == ""
    assert mine.loc[gone, ["units", "received", "on_time_rate"]].isna().all()  # missing, not zero
    assert mine.loc[Q["2022Q2"], "has_annex"] and mine.loc[Q["2022Q2"], "published"] == "mailbox"
    # the collection spans 2021Q4 (渭南) to 2025Q1 (铜川): the quarters outside the city's own are missing too
    assert len(mine) == len(pd.period_range("2021Q4", "2025Q1", freq="Q"))


def test_a_narrative_without_its_annex_is_not_a_perfect_quarter():
    table = govstats.panel(govstats.load(ROOT / "data" / "raw")).set_index(["period", "family"])
    q4, q1 = pd.Period("2021Q4", "Q"), pd.Period("2022Q1", "Q")
    # the 2021 Q4 notice states 149 messages and 19 requests and prints no annex
    assert table.loc[(q4, "mailbox"), "stated_received"] == 149
    assert table.loc[(q4, "mailbox"), "channel_name"] == "部门信箱"  # the name its annex gives next quarter
    assert not table.loc[(q4, "mailbox"), "has_annex"] and table.loc[(q4, "mailbox"), "has_notice"]
    assert pd.isna(table.loc[(q4, "mailbox"), "on_time_rate"])
    assert table.loc[(q4, "information_request"), "stated_received"] == 19
    # 2022 Q1: the annex sums 191 (25 units), its narrative says 192
    row = table.loc[(q1, "mailbox")]
    assert (row["received"], row["units"], row["stated_received"], row["on_time"]) == (191, 25, 192, 161)
    assert row["published"] == "mailbox,information_request,website,new_media"
    assert row["source"] == "yingtan-2022Q1-annexes.xlsx" and row["family_source"] == "printed"


def test_a_narrative_stating_a_breakdown_gives_no_total_it_cannot_know():
    case = REAL / "hengdong-2023-09-hotline-depts"
    table = govstats.panel(govstats.load([case / "source.txt", case / "input.xlsx"])).set_index("family")
    # the page states 工单 by where they came from (1472, 45, 33, 1 …), none of them the 700 the annex sums
    hotline = table.loc["hotline"]
    assert (hotline["received"], hotline["units"], hotline["has_narrative"]) == (700, 5, True)
    assert pd.isna(hotline["stated_received"]) and hotline["channel_name"] == "12345政务服务便民热线"
    mailbox = table.loc[
        "mailbox"
    ]  # letters forwarded from the 县长, 市长 and 省长 mailboxes: one row, no total
    assert not mailbox["has_annex"] and mailbox["has_narrative"] and pd.isna(mailbox["stated_received"])


@pytest.mark.parametrize(
    ("case", "family", "name"),
    [
        ("tongchuan-2025Q1-mailbox", "mailbox", "市长信箱"),
        ("weinan-2021Q4-mailbox-counties-trad", "mailbox", "市长信箱"),
        ("hanzhong-2022-08-mailbox", "mailbox", "信箱"),  # 信件办理情况: no name printed, the generic word
        ("hengdong-2023-09-hotline-depts", "hotline", "12345政务服务便民热线"),
        ("hengdong-2020-09-hotline-overdue", "hotline", "12345"),
    ],
)
def test_real_tables_equal_their_hand_checked_sums(case, family, name):
    expected = pd.read_csv(REAL / case / "expected.csv")
    (row,) = govstats.panel(govstats.load(REAL / case / "input.xlsx")).itertuples()
    assert (row.family, row.channel_name, row.units) == (family, name, len(expected))
    for field in ("received", "late_completed", "overdue_pending"):
        column = expected[field]
        want = int(column.sum()) if column.notna().all() else None  # a unit lacking it: no sum
        assert (None if pd.isna(getattr(row, field)) else getattr(row, field)) == want, field


def test_families_are_read_from_the_printed_name():
    assert family_of("部门信箱") == family_of("市长信箱") == family_of("书记信箱") == "mailbox"
    assert family_of("12345政务服务便民热线") == family_of("12319平台") == "hotline"
    assert family_of("依申请公开") == "information_request"
    assert family_of("网上问政留言板") == family_of("网民留言") == "message_board"
    assert family_of("信箱留言") == "mailbox" and family_of("统计表") is None
    assert [level_of(n) for n in ("江西省", "鹰潭市", "余江区", "恩施土家族苗族自治州", "北京市", "问政四川")] == [
        "province", "city", "county", "city", "province", None,
    ]  # fmt: skip


def _handling(rows) -> pd.DataFrame:
    """Handling rows from (publisher, period, channel, channel_raw, unit, received, on_time)."""
    records = [
        {
            "publisher": p, "period": pd.Period(q, "Q"), "channel": c, "channel_raw": raw, "unit": u,
            "received": r, "on_time": o, "late_completed": r - o, "pending": 0, "overdue_pending": 0,
            "source": f"{p}-{q}.xlsx, 工作表“附件”第{i + 3}行",
        }
        for i, (p, q, c, raw, u, r, o) in enumerate(rows)
    ]  # fmt: skip
    return schema.frame("handling", records)


@pytest.fixture(scope="module")
def small():
    """Four cities and a county over three quarters, hand-made: 甲市 and 乙市 both 9 of 10 on
    time in 2022Q2 (tied), 丙市 8 of 10, 丁县 1 of 2; 丙市 publishes nothing in 2022Q2; 甲市's
    hotline beside its mailbox; 戊市 names its mailbox 市长信箱."""
    rows = [
        ("甲市", "2022Q1", "mailbox", "部门信箱", "教育局", 10, 10),
        ("甲市", "2022Q2", "mailbox", "部门信箱", "教育局", 6, 5),
        ("甲市", "2022Q2", "mailbox", "部门信箱", "公安局", 4, 4),
        ("甲市", "2022Q2", "hotline", "12345热线", "教育局", 50, 10),
        ("甲市", "2022Q3", "mailbox", "部门信箱", "教育局", 10, 7),
        ("乙市", "2022Q2", "mailbox", "部门信箱", "民政局", 10, 9),
        ("丙市", "2022Q1", "mailbox", "部门信箱", "财政局", 10, 8),
        ("丙市", "2022Q3", "mailbox", "部门信箱", "财政局", 10, 8),
        ("丁县", "2022Q2", "mailbox", "部门信箱", "教育局", 2, 1),
        ("戊市", "2022Q2", "mailbox", "市长信箱", "教育局", 4, 1),
    ]
    return govstats.Dataset(handling=_handling(rows))


def test_city_ranking_within_one_period_level_and_family_with_ties(small):
    table = govstats.panel(small)
    ranked = govstats.city_ranking(table, "2022Q2")
    assert ranked["family"].unique().tolist() == ["mailbox"]  # the hotline is another family: left out
    got = {r.publisher: (r.rank_text, r.level) for r in ranked.itertuples()}
    assert got == {
        "甲市": ("并列第1", "city"), "乙市": ("并列第1", "city"), "戊市": ("第3", "city"),
        "丙市": (pd.NA, "city"),  # nothing published in 2022Q2: listed, not ranked, not 0%
        "丁县": ("第1", "county"),  # ranked among counties only
    }  # fmt: skip
    assert ranked["publisher"].tolist()[-2:] == ["丙市", "丁县"]  # cities before counties, the unranked last
    assert ranked.attrs["label"] == "信箱（市长信箱、部门信箱）"  # one family, two names: said
    with pytest.raises(ValueError, match="渠道类别"):
        govstats.city_ranking(table, "2022Q2", family="信箱和热线")
    assert govstats.city_ranking(table, "2022Q2", family="hotline")["publisher"].tolist() == ["甲市"]


def test_a_table_naming_no_channel_stays_in_the_panel_in_no_family():
    rows = _handling([("甲市", "2022Q1", "mailbox", "部门信箱", "教育局", 10, 9)])
    rows = schema.concat("handling", [rows, rows.assign(channel=pd.NA, channel_raw=pd.NA, received=5)])
    table = govstats.panel(govstats.Dataset(handling=rows))
    assert table[["family", "received"]].astype(object).fillna("—").values.tolist() == [
        ["mailbox", 10],
        ["—", 5],
    ]
    assert govstats.city_ranking(table, "2022Q1")["received"].tolist() == [10]  # never ranked as a mailbox


def test_change_over_periods_per_city(small):
    changes = govstats.change_over_periods(govstats.panel(small), family="mailbox").set_index("publisher")
    jia = changes.loc["甲市"]  # 100% → 90% → 70%
    assert (str(jia["first_period"]), str(jia["last_period"])) == ("2022Q1", "2022Q3")
    assert jia["on_time_rate_change_pp"] == pytest.approx(-30.0)
    assert (jia["n_published"], jia["n_missing"], jia["falls"]) == (3, 0, 2)
    bing = changes.loc["丙市"]  # 80% in 2022Q1 and 2022Q3, nothing in 2022Q2: not chained through a gap
    assert (bing["n_published"], bing["n_missing"], bing["on_time_rate_change_pp"]) == (2, 1, 0.0)
    assert set(changes.index) == {"甲市", "乙市", "丙市", "丁县", "戊市"}


def test_repeat_laggards_are_judged_within_their_own_city():
    rows = [
        ("甲市", q, "mailbox", "部门信箱", u, 10, r)
        for q in ("2022Q1", "2022Q2", "2022Q3")
        for u, r in (("教育局", 10), ("公安局", 10), ("民政局", 2 if q != "2022Q2" else 10))
    ] + [("乙市", "2022Q1", "mailbox", "部门信箱", "民政局", 10, 5)]
    laggards = govstats.repeat_laggards(_handling(rows))
    assert laggards[["publisher", "unit", "periods", "n_periods"]].values.tolist() == [
        ["甲市", "民政局", "2022Q1, 2022Q3", 2]
    ]  # 乙市's 民政局 lagged once, in its own city: never joined to 甲市's


def test_panel_sql_equals_pandas_on_a_folder_with_gaps_renames_and_duplicates(tmp_path):
    from fixtures import dataset
    from govstats.analyse.metrics import RATES
    from govstats.analyse.panel_sql import KEYS, panel_counts

    root = tmp_path / "ds"
    dataset.build(root, tmp_path / "scratch")
    expected = govstats.panel(govstats.open_dataset(root))
    expected = expected[expected["has_annex"]][[*KEYS, "units", *schema.COUNT_FIELDS, *RATES]]
    expected = expected.sort_values(KEYS, na_position="last", kind="stable").reset_index(drop=True)
    got = panel_counts(root)
    assert len(got) > 50 and got["publisher"].isna().any() and (got["family"] == "hotline").any()
    pd.testing.assert_frame_equal(got, expected)


def test_D17_league_table_of_govstats_own_output_read_back_with_pandas(tmp_path):
    """D17: pd.read_csv / read_parquet of govstats' own output hold periods as text: the league
    table was empty (no word said), or a TypeError; rows without city or period: KeyError."""
    folder = ROOT / "tests" / "data" / "reliability" / "D17"
    ds = govstats.load(folder / "good.csv")
    ds.write(tmp_path)
    expected = govstats.league_table(ds.handling)
    assert expected["unit"].tolist() == ["市教育局", "市政府办", "市统计局"]  # 26, 21, 10 received
    assert expected["rank"].tolist() == [3, 2, 1]  # 24/26, 20/21, 10/10 on time
    for back in (pd.read_csv(tmp_path / "handling.csv"), pd.read_parquet(tmp_path / "handling.parquet")):
        for league in (govstats.league_table(back), govstats.league_table(back, period="2022Q1")):
            assert league["unit"].tolist() == expected["unit"].tolist()
            assert (
                league["rank"].tolist() == [3, 2, 1]
                and league["period"].tolist() == [pd.Period("2022Q1")] * 3
            )
        assert len(govstats.qoq(back)) == 3
    with pytest.raises(ValueError, match="没有统计期"):
        govstats.league_table(govstats.load(folder / "no-city-no-period.csv").handling)


def test_league_table_over_every_period_ranks_each_alone(small):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every row has a period: nothing left out, nothing said
        league = govstats.league_table(small.handling, period="all", publisher="甲市")
    assert [str(p) for p in pd.unique(league["period"])] == ["2022Q1", "2022Q2", "2022Q3"]
    q2 = league[league["period"] == pd.Period("2022Q2")]
    assert q2[["unit", "rank", "seq"]].values.tolist() == [["教育局", 2, 1], ["公安局", 1, 2]]
    assert league.groupby("period")["rank"].min().tolist() == [1, 1, 1]
