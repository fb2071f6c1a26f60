"""The dataset folder (``govstats ingest --dataset``): Parquet partitioned by period, one
file per period sorted by publisher, read back by ``govstats.open_dataset`` exactly as
loaded; a run rewrites only the periods it touches, the same inputs ingested again replace
what they wrote, rows without a publisher or period and awkward names round-trip, and
filters read only their periods and skip other cities' row groups."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

import govstats
from fixtures.dataset import manifest_inputs
from fixtures.series import write_series
from govstats import schema
from govstats.dataset.store import NONE, partition_value, value_of
from govstats.errors import UsageError

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def _ingest(*args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "govstats", "ingest", *args], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return proc


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    return table.sort_values(list(table.columns), key=lambda s: s.astype(str), kind="stable").reset_index(
        drop=True
    )


def _same_tables(a: govstats.Dataset, b: govstats.Dataset) -> None:
    for name, table in a.tables().items():
        pd.testing.assert_frame_equal(_sorted(table), _sorted(b.tables()[name]), obj=name)


def _files(root: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
        for p in root.rglob("*.parquet")
    }


def test_round_trip_layout_and_manifest(tmp_path):
    root = tmp_path / "ds"
    _ingest(str(RAW), "--dataset", str(root))
    back = govstats.open_dataset(root)
    _same_tables(govstats.load(RAW), back)  # every row and dtype as loaded, periods as Periods
    assert back.handling["period"].dtype == "period[Q-DEC]"
    files = sorted(_files(root))
    assert "handling/period=2022Q1/part-0.parquet" in files
    assert (
        "headline/period=2021Q4/part-0.parquet" in files and "headline/period=2022Q1/part-0.parquet" in files
    )
    assert "findings/part-0.parquet" in files
    assert not any("publisher=" in f for f in files)  # the city is a column, sorted, not a folder
    inside = pq.read_schema(root / "handling/period=2022Q1/part-0.parquet")
    assert inside.names == [c for c in schema.COLUMNS["handling"] if c != "period"] + ["input_key"]
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    (run,) = manifest["runs"]
    assert run["rows"]["handling"] == 26 and run["replaced"] == []
    assert manifest["inputs"]["f4cc5f992ce26329"][0] == "period=2022Q1"  # its entry's part: its period's
    xlsx = manifest_inputs(root)["f4cc5f992ce26329"]
    assert xlsx["names"] == ["yingtan-2022Q1-annexes.xlsx"] and len(xlsx["sha256"]) == 64
    assert xlsx["files"]["handling/period=2022Q1/part-0.parquet"] == 26  # which input gave which rows
    keys = pq.read_table(root / "handling/period=2022Q1/part-0.parquet").column("input_key").to_pylist()
    assert keys == ["f4cc5f992ce26329"] * 26


def test_a_quarter_added_leaves_the_others_untouched(tmp_path):
    """The ingest that used to empty handling.parquet: 2022Q1 first, then the 2021Q4 notice."""
    root = tmp_path / "ds"
    _ingest(
        str(RAW / "yingtan-2022Q1-annexes.xlsx"),
        str(RAW / "yingtan-2022Q1-notice.txt"),
        "--dataset",
        str(root),
    )
    before = _files(root)
    _ingest(str(RAW / "yingtan-2021Q4-notice-head.txt"), "--dataset", str(root))
    after = _files(root)
    assert {f: after[f] for f in before} == before  # not rewritten, not touched
    assert all("2021Q4" in f for f in set(after) - set(before))
    back = govstats.open_dataset(root)
    assert len(back.handling) == 26 and sorted(map(str, back.notices["period"])) == ["2021Q4", "2022Q1"]
    _same_tables(govstats.load(RAW), back)
    assert [r["run"] for r in json.loads((root / "manifest.json").read_text())["runs"]] == [1, 2]


def test_the_same_inputs_again_replace_their_partitions(tmp_path):
    root = tmp_path / "ds"
    _ingest(str(RAW), "--dataset", str(root))
    first = _files(root)
    proc = _ingest(str(RAW), "--dataset", str(root))
    assert "替换" in proc.stderr
    assert sorted(_files(root)) == sorted(first)  # same files, rewritten in place
    _same_tables(govstats.load(RAW), govstats.open_dataset(root))  # no row twice
    copy = tmp_path / "copy"  # the same bytes under another folder count as the same inputs
    shutil.copytree(RAW, copy)
    _ingest(str(copy), "--dataset", str(root))
    assert len(govstats.open_dataset(root).handling) == 26


def test_an_edited_file_replaces_what_it_wrote(tmp_path):
    root, series = tmp_path / "ds", write_series(tmp_path / "in")
    govstats.load(series).add_to(root)
    q2 = series[-1]
    q2.write_text(
        q2.read_text(encoding="utf-8-sig").replace("市教育局,30,30", "市教育局,31,31"), encoding="utf-8-sig"
    )
    run = govstats.load(q2).add_to(root)
    assert len(run["replaced"]) == 1
    handling = govstats.open_dataset(root).handling
    education = handling[(handling["unit"] == "市教育局") & (handling["period"] == pd.Period("2022Q2"))]
    assert education["received"].tolist() == [31]  # the old 30 is gone, not beside it
    assert len(handling) == 9


def test_rows_without_publisher_or_period_and_awkward_names_round_trip(tmp_path):
    root = tmp_path / "ds"
    table = govstats.load(RAW).handling.iloc[:6].copy()
    table["publisher"] = pd.array(
        [pd.NA, pd.NA, '某市/区:"一"?', "两江新区.", "鹰潭市", "50%<>|*"], dtype="string"
    )
    table.loc[[0, 2], "period"] = pd.NaT
    govstats.Dataset(handling=table).add_to(root)
    folders = {p.name for p in (root / "handling").iterdir()}
    assert folders == {f"period={NONE}", "period=2022Q1"}
    back = govstats.open_dataset(root).handling
    pd.testing.assert_frame_equal(_sorted(back), _sorted(table))
    for value in ('某市/区:"一"?', "两江新区.", "50%<>|*", "2022Q1"):  # as a period's path segment
        assert value_of(partition_value(value)) == value
    assert value_of(partition_value(None)) is None
    import duckdb  # DuckDB reads the same folder with the same values, null included

    got = duckdb.sql(
        f"SELECT DISTINCT publisher FROM read_parquet('{(root / 'handling').as_posix()}/*/*.parquet', "
        "hive_partitioning = true, hive_types = {'period': VARCHAR})"
    ).fetchall()
    assert sorted(got, key=str) == sorted(
        [(v,) for v in set(table["publisher"].dropna())] + [(None,)], key=str
    )


def test_filters_read_only_their_partitions(tmp_path):
    root = tmp_path / "ds"
    _ingest(str(RAW), "--dataset", str(root))
    govstats.load(write_series(tmp_path / "in")).add_to(root)
    # Break every 2021 file: a filter that opened them would fail.
    for path in root.rglob("period=2021Q*/*.parquet"):
        path.write_bytes(b"not parquet")
    one = govstats.open_dataset(root, publisher="鹰潭市", period=["2022Q1", "2022年第二季度"])
    assert sorted(map(str, one.handling["period"].unique())) == ["2022Q1", "2022Q2"]
    assert len(one.handling) == 26 + 3 + 3
    assert {s.file for s in one.inputs} >= {"yingtan-2022Q1-annexes.xlsx", "mailbox-2022Q2.csv"}
    assert "mailbox-2021Q3.csv" not in {s.file for s in one.inputs}
    assert one.findings["code"].tolist().count("row-arithmetic") >= 1  # the annex's findings come along
    assert govstats.open_dataset(root, publisher="某市", period="2022Q1").handling.empty
    with pytest.raises(govstats.errors.CorruptFileError, match=r"period=2021Q"):  # unfiltered: named, typed
        govstats.open_dataset(root)


def test_bad_folders_and_a_second_writer_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="数据集"):
        govstats.open_dataset(tmp_path)
    root = tmp_path / "ds"
    root.mkdir()
    from govstats.outputs import lock

    fd = os.open(root / ".govstats-lock", os.O_RDWR | os.O_CREAT)  # another ingest holds it
    try:
        assert lock(fd, wait=False)
        with pytest.raises(UsageError, match="锁文件"):
            govstats.load(RAW).add_to(root)
    finally:
        os.close(fd)
    assert (root / ".govstats-lock").exists()  # as a killed ingest leaves it: no longer held
    assert govstats.load(RAW).add_to(root)["files"] > 0
    proc = subprocess.run(
        [sys.executable, "-m", "govstats", "ingest", str(RAW)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2 and "--dataset" in proc.stderr


def test_tables_built_by_hand_replace_themselves(tmp_path):
    """Rows no input file accounts for are keyed by their content: the same rows again
    replace themselves, other rows are added beside them."""
    root = tmp_path / "ds"
    table = govstats.load(RAW).handling
    first, second = table.iloc[:10], table.iloc[10:]
    for part in (first, first, second):
        govstats.Dataset(handling=part).add_to(root)
    pd.testing.assert_frame_equal(_sorted(govstats.open_dataset(root).handling), _sorted(table))
