"""``govstats.sql.rates`` and ``govstats.sql.qoq`` of a dataset folder run govstats' SQL on
DuckDB; the tables equal the pandas results exactly (values, dtypes, row order of ``qoq``)
on a folder with gaps, renames, new and gone units, duplicates, missing counts and rows
without a publisher, a period or a unit (``fixtures/dataset.py``). The same SQL on Spark is
checked by ``benchmarks/spark_check.py`` (``make bench``)."""

from __future__ import annotations

import pandas as pd
import pytest

import govstats
from fixtures import dataset
from govstats.analyse import sql
from govstats.analyse.metrics import RATES, UNIT_KEYS
from govstats.errors import MissingPublisherWarning

# The test folder holds rows that name no city on purpose: both paths say so each time.
pytestmark = pytest.mark.filterwarnings("ignore::govstats.errors.MissingPublisherWarning")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("dataset")
    return root / "ds", dataset.build(root / "ds", root / "scratch")


def _by_keys(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return table.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)


def test_the_folder_holds_what_makes_qoq_hard(folder):
    root, rows = folder
    assert rows["publisher"].isna().any() and rows["period"].isna().any() and rows["unit"].isna().any()
    assert rows.duplicated(["publisher", "period", "channel", "unit"]).any()
    changes = govstats.qoq(rows)
    assert {"new", "gone", "continuing"} <= set(changes["status"].dropna())
    assert (changes["periods_apart"] > 1).any()
    stored = govstats.open_dataset(root).handling  # the folder holds these rows and no others

    def every_column(t):
        return t.sort_values(list(t.columns), key=lambda c: c.astype(str)).reset_index(drop=True)

    pd.testing.assert_frame_equal(every_column(stored), every_column(rows))


@pytest.mark.parametrize(
    "by",
    [
        None,
        ["publisher", "period", "channel"],
        ["publisher", "period", "channel", "tier"],
        ["period", "unit"],
    ],
)
def test_rates_equal_pandas(folder, by):
    root, rows = folder
    keys = sql.rates_keys(list(UNIT_KEYS if by is None else by), apart=True)  # publisher, input, period …
    with pytest.warns(MissingPublisherWarning):  # some rows name no city: each file kept apart, said
        got = govstats.sql.rates(root, by)
    pd.testing.assert_frame_equal(got, _by_keys(govstats.rates(rows, by), keys))


@pytest.mark.parametrize(
    "by", [None, ["publisher", "channel"], ["publisher", "channel", "tier"], ["channel", "tier"], ["unit"]]
)
@pytest.mark.parametrize("measures", [None, ["received", "on_time_rate", "pending"]])
def test_qoq_equals_pandas(folder, by, measures):
    root, rows = folder
    expected = govstats.qoq(rows, by, measures=measures).reset_index(drop=True)
    pd.testing.assert_frame_equal(govstats.sql.qoq(root, by, measures=measures), expected)


def test_qoq_after_aliases_and_months_rolled_up(tmp_path):
    rows = dataset.ragged(4, seed=3)
    known = rows["period"].notna().to_numpy()
    quarter = rows["period"].array.asi8
    months = pd.PeriodIndex.from_ordinals(quarter - quarter[known].min() + 12 * 53, freq="M")  # 2023-01 on
    rows["period"] = months.where(known, pd.NaT)
    rows.loc[5, "period"] = pd.NaT
    root = tmp_path / "ds"
    govstats.Dataset(handling=rows).add_to(root)
    pd.testing.assert_frame_equal(govstats.sql.qoq(root), govstats.qoq(rows))
    pd.testing.assert_frame_equal(govstats.sql.qoq(root, freq="Q"), govstats.qoq(rows, freq="Q"))
    mixed = tmp_path / "mixed"
    govstats.Dataset(handling=rows).add_to(mixed)
    govstats.load(dataset.ROOT / "data" / "raw").add_to(mixed)  # quarters beside the months
    with pytest.raises(ValueError, match="one frequency"):
        govstats.sql.qoq(mixed)


def test_output_file_and_empty_folder(folder, tmp_path):
    root, rows = folder
    out = govstats.sql.qoq(root, ["publisher", "channel"], output=tmp_path / "qoq.parquet")
    import pyarrow.parquet as pq

    keys = ["publisher", "channel", "period"]  # one row each: the file is written unordered
    written = _by_keys(sql.to_frame(pq.read_table(out), keys, "Q-DEC"), keys)
    pd.testing.assert_frame_equal(written, _by_keys(govstats.qoq(rows, ["publisher", "channel"]), keys))
    empty = tmp_path / "empty"
    govstats.load(dataset.ROOT / "data" / "raw" / "yingtan-2021Q4-notice-head.txt").add_to(empty)  # no annex
    nothing = govstats.sql.qoq(
        empty
    )  # pandas' qoq needs a period dtype even for no rows: compare the columns
    assert nothing.empty and list(nothing.columns) == list(govstats.qoq(rows.iloc[:0]).columns)
    pd.testing.assert_frame_equal(
        govstats.sql.rates(empty), govstats.rates(govstats.open_dataset(empty).handling)
    )
    with pytest.raises(TypeError, match="output"):  # a frame's table is returned, never written
        govstats.qoq(rows, output=tmp_path / "x.parquet")


def test_frame_functions_take_frames_and_name_the_folder_one(folder):
    """``rates``/``qoq`` are frame functions: a folder path, as earlier releases took it, is
    passed on to the folder function with a FutureWarning naming it (the same table), and
    the frame functions themselves refuse a path in Chinese, naming the folder function."""
    from govstats.analyse import metrics, trends

    root, _ = folder
    for name, frame_function in (("rates", metrics.rates), ("qoq", trends.qoq)):
        for given in (root, str(root)):
            with pytest.warns(FutureWarning, match=f"govstats\\.sql\\.{name}"):
                got = getattr(govstats, name)(given)
            pd.testing.assert_frame_equal(got, getattr(govstats.sql, name)(root))
        with pytest.raises(govstats.UsageError, match=f"govstats\\.sql\\.{name}"):
            frame_function(root)


def test_the_sql_keeps_the_metrics_formulas():
    assert sql.RATES == RATES
    with pytest.raises(KeyError, match="received"):
        sql.rates_sql(["publisher", "received"])
    text = sql.qoq_sql(["publisher", "channel"])
    assert "IS NOT DISTINCT FROM" in text and "LAG(period)" in text and "'gone'" in text


def test_files_of_an_older_contract_are_reconciled(tmp_path):
    """A run written before the contract gained a column: its files lack it, the manifest
    says so, and DuckDB then matches the files' columns by name (union_by_name)."""
    import json

    import pyarrow.parquet as pq

    from govstats.dataset.opening import uniform

    rows = dataset.ragged(3, seed=5)
    root = tmp_path / "ds"
    govstats.Dataset(handling=rows).add_to(root)
    assert uniform(root, "handling")
    old = next((root / "handling").glob("*/*.parquet"))
    pq.write_table(pq.read_table(old).drop_columns(["period_source", "tier_raw"]), old)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    manifest["runs"][0]["columns"]["handling"].remove("tier_raw")
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assert not uniform(root, "handling")
    pd.testing.assert_frame_equal(govstats.sql.qoq(root), govstats.qoq(rows))


def test_the_readme_shows_the_sql_that_runs():
    readme = (dataset.ROOT / "README.md").read_text(encoding="utf-8")
    (shown,) = [b for b in readme.split("```sql\n")[1:] if b.startswith("WITH counted AS")]
    generated = " ".join(sql.rates_sql(["publisher", "period", "channel"]).split())
    lines = [line.split("--")[0].strip() for line in shown.split("```")[0].splitlines()]
    lines = [" ".join(line.split()) for line in lines if line and "…" not in line]
    assert len(lines) >= 10
    assert [line for line in lines if line not in generated] == []


def test_a_period_added_after_the_folder_was_listed_is_read(folder):
    """The folder's periods are an ENUM in DuckDB's relation: a run that adds a period
    between the listing and the query makes govstats list them again, not report a
    damaged file."""
    from govstats.dataset.opening import partitions

    root, _ = folder
    text = sql.rates_sql(["publisher", "period", "channel"], apart=True)
    listed = partitions(root)
    assert len(listed) > 2
    stale = sql.run(text, root, parts=listed[:1])  # as listed before the other periods were added
    assert stale.equals(sql.run(text, root))
    assert set(stale.column("period").to_pylist()) == set(listed)
