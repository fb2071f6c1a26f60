"""Many cities, many quarters (issue 12): a generated corpus of 42 publishers × 6 quarters
laid out the ways offices and researchers keep them, plus the real tables of other
publishers, loads with every row's city and period as generated; rows of files that name no
city stay apart; no rate, total or trend ever combines two cities, on the corpus and on
random mixes; datasets combine and round-trip through govstats' own outputs."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govstats
from fixtures.corpus import QUARTERS, build
from govstats import labels, schema
from govstats.source import SOURCE_FILE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def loaded(corpus):
    return govstats.load(corpus.root)


def _file(source: str) -> str:
    return SOURCE_FILE.match(source).group(1)


def test_corpus_is_many_cities_over_many_quarters(corpus):
    assert len(corpus.cities) >= 40 and len(QUARTERS) >= 6 and len(corpus.pairs) >= 240
    levels = {c[-1] for c in corpus.cities} | {c[-3:] for c in corpus.cities}
    assert {"市", "县", "区", "盟", "旗", "自治州", "自治县"} <= levels
    for a in corpus.cities:  # a page that names a city shows its data: no name inside another
        assert not any(a != b and a in b for b in corpus.cities)


def test_every_row_has_the_city_and_period_of_its_file(corpus, loaded):
    assert not loaded.unreadable
    checked = set()
    for name in ("handling", "problems", "headline", "notices"):
        t = loaded.tables()[name]
        for publisher, period, source in zip(t["publisher"], t["period"], t["source"], strict=True):
            f = _file(source)
            assert f in corpus.truth, f
            got = (
                None if pd.isna(publisher) else publisher,
                period if isinstance(period, pd.Period) else None,
            )
            assert got == corpus.truth[f], (name, f)
            checked.add(f)
    assert checked == set(corpus.truth)  # every file gave rows
    sources = set(loaded.handling["publisher_source"].dropna())
    assert {"title", "table_title", "notice", "folder", "file"} <= sources | set(
        loaded.notices["publisher_source"]
    )


def test_files_that_name_no_city_stay_apart(corpus, loaded):
    missing = loaded.findings[loaded.findings["code"] == "no-publisher"]
    assert sorted(missing["file"]) == sorted([*corpus.unnamed, "real/national/jinzhong.xlsx"])
    with pytest.warns(govstats.MissingPublisherWarning, match="每个文件单独计算"):
        per_unit = govstats.rates(loaded.handling)
    unnamed = per_unit[per_unit["publisher"].isna()]
    assert sorted(set(unnamed["input"])) == sorted(corpus.unnamed)
    # the four files hold the same unit names: never summed into one row per name
    assert (unnamed.groupby("unit").size() == len(corpus.unnamed)).all()
    assert per_unit.loc[per_unit["publisher"].notna(), "input"].isna().all()


def test_two_files_of_one_name_given_apart_keep_apart(tmp_path):
    # two offices' annex workbooks, both saved as 附件.xlsx and naming no city, named one by one
    from openpyxl import load_workbook

    real = ROOT / "data" / "raw" / "yingtan-2022Q1-annexes.xlsx"
    for office, received in (("甲", None), ("乙", 30)):  # 乙's 市教育局 received 30, not 26
        (tmp_path / office).mkdir()
        wb = load_workbook(real)
        wb.remove(wb["附件3"])  # identical in both, it is taken for one table read twice (said)
        if received is not None:
            wb["附件4"]["C5"] = received
        wb.save(tmp_path / office / "附件.xlsx")
    ds = govstats.load([tmp_path / "甲" / "附件.xlsx", tmp_path / "乙"])
    assert [s.file for s in ds.inputs] == ["甲/附件.xlsx", "乙/附件.xlsx"]
    with pytest.warns(govstats.MissingPublisherWarning):
        totals = govstats.rates(ds.handling, by=["channel"])
    assert dict(zip(totals["input"], totals["received"], strict=True)) == {
        "甲/附件.xlsx": 191,
        "乙/附件.xlsx": 195,
    }
    assert govstats.load(real).inputs[0].file == real.name  # one file keeps its own name


def test_no_rate_total_or_trend_combines_two_cities(corpus, loaded):
    h = loaded.handling
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", govstats.MissingPublisherWarning)
        city = govstats.rates(h, by=["publisher", "period", "channel"]).set_index(["publisher", "period"])
        totals = govstats.compare_totals(h, loaded.headline)
        q = govstats.qoq(h[h["publisher"].isin(corpus.cities)])
    for (c, p), pair in corpus.pairs.items():
        row = city.loc[(c, p)]
        assert (row["received"], row["units"]) == (pair.received, len(pair.units))
    stated = totals[totals["narrative"].notna()]
    assert len(stated) == sum(1 for p in corpus.pairs.values() if p.stated)
    assert (stated["difference"] == -1).all()  # each notice says one more than its own annex
    # quarter over quarter: each unit against its own city's previous quarter
    before = {(c, p + 1, u[0]): u[1] for (c, p), pair in corpus.pairs.items() for u in pair.units}
    going = q[q["status"] == "continuing"]
    assert len(going) == sum(len(pair.units) for (c, p), pair in corpus.pairs.items() if p != QUARTERS[0])
    for r in going.itertuples():
        assert r.received_prev == before[r.publisher, r.period, r.unit]
        assert r.unit.startswith(r.publisher)


# -- random mixes -------------------------------------------------------------------------

FILES = ["a.csv", "b.xlsx", "c.html", "d.txt"]
_rows = st.lists(
    st.tuples(
        st.sampled_from(["甲市", "乙县", None]),
        st.sampled_from(FILES),
        st.sampled_from(QUARTERS[:3]),
        st.sampled_from(["市教育局", "市公安局", "贵溪市"]),
        st.integers(0, 40),
        st.integers(0, 40),
    ),
    min_size=1,
    max_size=40,
)


def _table(rows) -> pd.DataFrame:
    return schema.frame(
        "handling",
        [
            {
                "publisher": pub,
                "period": period,
                "channel": "mailbox",
                "unit": unit,
                "received": received,
                "on_time": min(on_time, received),
                "source": f"{file}, row {i + 2}",
            }
            for i, (pub, file, period, unit, received, on_time) in enumerate(rows)
        ],
    )


def _who(pub, file) -> tuple:
    """The publisher a row belongs to: its city, or its file when it names none."""
    return (pub, None) if pub is not None else (None, file)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=_rows)
def test_no_rate_total_or_qoq_combines_two_cities_in_random_mixes(rows):
    table = _table(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", govstats.MissingPublisherWarning)
        per_unit = govstats.rates(table)
        totals = govstats.rates(table, by=["channel"])  # publisher and period are keys always
        q = govstats.qoq(table)
        league = govstats.league_table(table)

    def expected(keep) -> tuple[int, int]:
        mine = [r for r in rows if keep(r)]
        return sum(r[4] for r in mine), len(mine)

    def who(r) -> tuple:
        return _who(r.publisher if isinstance(r.publisher, str) else None, getattr(r, "input", None))

    for r in per_unit.itertuples():
        w = who(r)
        want = expected(lambda x, r=r, w=w: _who(x[0], x[1]) == w and x[2] == r.period and x[3] == r.unit)
        assert (r.received, r.units) == want
    for r in totals.itertuples():
        w = who(r)
        assert (r.received, r.units) == expected(
            lambda x, r=r, w=w: _who(x[0], x[1]) == w and x[2] == r.period
        )
    for r in q[q["status"] == "continuing"].itertuples():
        w = who(r)
        prev, _ = expected(
            lambda x, r=r, w=w: _who(x[0], x[1]) == w and x[2] == r.prev_period and x[3] == r.unit
        )
        assert r.received_prev == prev
    for r in league.itertuples():  # each publisher's (or file's) own league at its own latest period
        w = who(r)
        latest = max(x[2] for x in rows if _who(x[0], x[1]) == w)
        assert r.period == latest
    unnamed = {f for p, f, *_ in rows if p is None}
    assert set(per_unit["input"].dropna()) == unnamed if "input" in per_unit else not unnamed


@settings(max_examples=30, deadline=None)
@given(rows=_rows, stated=st.integers(0, 200))
def test_annex_totals_meet_only_their_own_notice(rows, stated):
    table = _table(rows)
    pub, file, period = rows[0][:3]
    figure = schema.frame(
        "headline",
        [
            {
                "publisher": pub,
                "period": period,
                "channel": "mailbox",
                "metric": "received",
                "tier": "",
                "value": stated,
                "source": f"{file}, line 3",
            }
        ],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", govstats.MissingPublisherWarning)
        t = govstats.compare_totals(table, figure)
    row = t[t["narrative"].notna()].iloc[0]
    mine = [r for r in rows if _who(r[0], r[1]) == _who(pub, file) and r[2] == period]
    assert (row["annex"], row["narrative"]) == (sum(r[4] for r in mine), stated)


# -- combining datasets and reading govstats' own outputs back -----------------------------


def _mix(corpus) -> list[Path]:
    """data/raw, the real tables, the unnamed annexes, the notices and one city's folder."""
    root = corpus.root
    folder = next(c for c, layout in corpus.layouts.items() if layout == "folder")
    return [ROOT / "data" / "raw", root / "real", root / "unsorted", root / "notices", root / folder]


def _same(a: govstats.Dataset, b: govstats.Dataset) -> None:
    for name in schema.TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)


def test_concat_keeps_every_rows_city_period_and_source(corpus):
    parts = [govstats.load(p) for p in _mix(corpus)]
    whole = govstats.concat(parts)
    assert len(whole.handling) == sum(len(p.handling) for p in parts)
    _same(whole, parts[0] + parts[1] + parts[2] + parts[3] + parts[4])
    for name in ("handling", "headline"):
        got = getattr(whole, name)[["publisher", "period", "source"]].astype(str)
        want = pd.concat([getattr(p, name)[["publisher", "period", "source"]] for p in parts]).astype(str)
        assert got.to_numpy().tolist() == want.to_numpy().tolist()
    assert [s.file for s in whole.inputs] == [s.file for p in parts for s in p.inputs]


def test_writing_and_the_excel_export_load_back_identical(corpus, tmp_path):
    ds = govstats.load(_mix(corpus))
    ds.write(tmp_path / "out")
    back = govstats.load(tmp_path / "out")
    _same(ds, back)
    assert not back.unreadable and {s.format for s in back.inputs} == {"govstats-csv", "govstats-parquet"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", govstats.MissingPublisherWarning)
        book = govstats.export.to_excel(ds, tmp_path / "all.xlsx")  # cities and files naming none
    _same(ds, govstats.load(book))


def test_to_excel_writes_a_sheet_set_per_city(corpus, tmp_path):
    import openpyxl

    ds = govstats.load(_mix(corpus))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", govstats.MissingPublisherWarning)
        wb = openpyxl.load_workbook(govstats.export.to_excel(ds, tmp_path / "mix.xlsx"))
    summaries = [n for n in wb.sheetnames if n not in (*labels.TIDY_SHEETS.values(), "数据核查")]
    folder = next(c for c, layout in corpus.layouts.items() if layout == "folder")
    assert {f"{folder}部门信箱", "铜川市市长信箱", "渭南市市长信箱", "鹰潭市部门信箱"} <= set(summaries)
    assert sum(n.startswith("未注明mailbox") for n in summaries) == len(corpus.unnamed)
    assert wb[f"{folder}部门信箱"]["A1"].value == f"{folder}2023年第二季度部门信箱受理情况"  # its own latest
