"""The dataset folder's layout (issue 26): one file per period, sorted by publisher, channel
and unit, in row groups whose statistics let a city filter skip the other cities; runs into
one period keep one file; replacing one city-quarter rewrites only its period; a folder of
the earlier ``publisher=/period=`` layout is refused and migrated by one command."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

import govstats
from fixtures import dataset
from govstats import schema
from govstats.analyse import sql
from govstats.dataset import layout, migrating, store
from govstats.errors import UsageError

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
CITY = ["publisher", "period", "channel"]


@pytest.fixture(scope="module")
def rows():
    table = dataset.ragged(12, seed=3)
    return table[table["publisher"].notna()].reset_index(drop=True)


@pytest.fixture
def small_groups(monkeypatch):
    monkeypatch.setattr(layout, "ROW_GROUP", 16)  # a few cities per row group, as 64k rows are at scale


def test_one_file_per_period_sorted_in_row_groups_a_city_filter_skips(tmp_path, rows, small_groups):
    root = tmp_path / "ds"
    third = len(rows) // 3
    for part in (rows.iloc[:third], rows.iloc[third : 2 * third], rows.iloc[2 * third :]):
        govstats.Dataset(handling=part).add_to(root)  # three runs into the same periods
    files = sorted((root / "handling").rglob("*.parquet"))
    periods = {str(p) for p in rows["period"].dropna().unique()}
    assert [f.parent.name for f in files] == sorted(f"period={p}" for p in periods | {store.NONE})
    assert all(f.name == "part-0.parquet" for f in files)  # runs into one period keep one file
    for f in files:
        stored = pq.read_table(f).to_pandas()
        keys = stored[["publisher", "channel", "unit"]]
        expected = keys.sort_values(list(keys.columns), na_position="last", kind="stable")
        pd.testing.assert_frame_equal(keys, expected.reset_index(drop=True))  # sorted, missing last
        meta = pq.ParquetFile(f).metadata
        ranges = [meta.row_group(i).column(0).statistics for i in range(meta.num_row_groups)]
        assert all(a.max <= b.min for a, b in itertools.pairwise(ranges))  # cities in order
    city = sorted(rows["publisher"].unique())[5]
    biggest = max(files, key=lambda f: pq.ParquetFile(f).metadata.num_row_groups)
    fragment = next(pads.dataset(biggest, format="parquet").get_fragments())
    read = fragment.split_by_row_group(filter=pads.field("publisher") == city)
    assert 0 < len(read) < pq.ParquetFile(biggest).metadata.num_row_groups // 2  # the rest skipped
    mine = govstats.open_dataset(root, publisher=city).handling
    expected = rows[rows["publisher"] == city]
    assert len(mine) == len(expected) and set(mine["publisher"]) == {city}
    got = sql.rates(root, CITY, publisher=city)
    want = govstats.rates(expected, CITY)
    pd.testing.assert_frame_equal(got, want.sort_values(CITY, kind="stable").reset_index(drop=True))


def test_replacing_one_city_quarter_rewrites_only_its_period(tmp_path, rows):
    root, inputs = tmp_path / "ds", tmp_path / "in"
    _quarters(inputs)
    govstats.load(inputs).add_to(root)
    q2 = root / "handling" / "period=2022Q2" / "part-0.parquet"
    before = q2.stat().st_mtime_ns, q2.read_bytes()
    edited = inputs / "乙市2022Q1.csv"
    edited.write_text(edited.read_text(encoding="utf-8").replace("26,24", "30,24"), encoding="utf-8")
    run = govstats.load(edited).add_to(root)
    assert len(run["replaced"]) == 1
    (key,) = run["inputs"]
    written = dataset.manifest_inputs(root)[key]["files"]
    assert [f for f in written if f.startswith("handling/")] == ["handling/period=2022Q1/part-0.parquet"]
    assert (q2.stat().st_mtime_ns, q2.read_bytes()) == before  # the other period is not touched
    h = govstats.open_dataset(root).handling
    education = h[h["unit"] == "市教育局"]
    got = education.set_index(["publisher", education["period"].astype(str)])["received"]
    assert got.to_dict() == {
        ("甲市", "2022Q1"): 26,
        ("乙市", "2022Q1"): 30,
        ("甲市", "2022Q2"): 26,
        ("乙市", "2022Q2"): 26,
    }
    assert (
        sum(
            e["files"].get("handling/period=2022Q1/part-0.parquet", 0)
            for e in dataset.manifest_inputs(root).values()
        )
        == 4
    )


def _quarters(inputs: Path) -> None:
    """Two cities' mailbox tables of 2022Q1 and 2022Q2 (two rows each)."""
    inputs.mkdir()
    for q, words in (("2022Q1", "第一季度"), ("2022Q2", "第二季度")):
        for city in ("甲市", "乙市"):
            (inputs / f"{city}{q}.csv").write_text(
                f"{city}2022年{words}部门信箱受理情况\n序号,受理单位,受理诉求(条),按时办结(条)\n"
                "1,市教育局,26,24\n2,市政府办,21,20\n",
                encoding="utf-8",
            )


def test_a_replace_rewrites_only_its_periods_part_of_the_manifest(tmp_path):
    root, inputs = tmp_path / "ds", tmp_path / "in"
    _quarters(inputs)
    govstats.load(inputs).add_to(root)
    index = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    assert sorted(e[0] for e in index.values()) == ["period=2022Q1"] * 2 + ["period=2022Q2"] * 2
    q2 = root / "manifest" / "period=2022Q2.json"
    before = q2.read_bytes()
    edited = inputs / "乙市2022Q1.csv"
    edited.write_text(edited.read_text(encoding="utf-8").replace("26,24", "30,24"), encoding="utf-8")
    govstats.load(edited).add_to(root)
    assert q2.read_bytes() == before  # the other period's part is not rewritten
    q1 = json.loads((root / "manifest" / "period=2022Q1.json").read_text(encoding="utf-8"))["inputs"]
    assert sorted(e["run"] for e in q1.values()) == [1, 2]  # 甲市 from the first run, 乙市 again
    entries = dataset.manifest_inputs(root)
    assert sorted(n for e in entries.values() for n in e["names"]) == sorted(p.name for p in inputs.iterdir())
    handling = [n for e in entries.values() for f, n in e["files"].items() if f.startswith("handling/")]
    assert handling == [2, 2, 2, 2]  # two rows each, by hand


def test_a_folder_of_manifest_format_2_is_read_and_split_by_its_next_run(tmp_path):
    """The release before wrote every input's entry into manifest.json."""
    root, inputs = tmp_path / "ds", tmp_path / "in"
    _quarters(inputs)
    govstats.load(inputs).add_to(root)
    entries = dataset.manifest_inputs(root)
    runs = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["runs"]
    whole = {"format": "govstats-dataset/2", "inputs": entries, "runs": runs}
    (root / "manifest.json").write_text(json.dumps(whole, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(root / "manifest")
    back = govstats.open_dataset(root)
    assert len(back.handling) == 8 and sorted(s.file for s in back.inputs) == sorted(
        p.name for p in inputs.iterdir()
    )
    edited = inputs / "甲市2022Q2.csv"
    edited.write_text(edited.read_text(encoding="utf-8").replace("26,24", "31,24"), encoding="utf-8")
    run = govstats.load(edited).add_to(root)
    assert len(run["replaced"]) == 1  # the input found by its path in the format-2 entries
    assert json.loads((root / "manifest.json").read_text(encoding="utf-8"))["format"] == "govstats-dataset/3"
    assert sorted(p.name for p in (root / "manifest").iterdir()) == [
        "period=2022Q1.json",
        "period=2022Q2.json",
    ]
    after = dataset.manifest_inputs(root)
    handling = [n for e in after.values() for f, n in e["files"].items() if f.startswith("handling/")]
    assert len(after) == 4 and handling == [2, 2, 2, 2]
    h = govstats.open_dataset(root).handling
    assert sorted(h.loc[h["unit"] == "市教育局", "received"]) == [26, 26, 26, 31]


def _old_layout(root: Path, ds: govstats.Dataset) -> None:
    """The folder the earlier release wrote: a file per publisher, period and input (named
    by the input's content hash), the two partition columns in the paths only, manifest
    format 1 listing each input's files."""
    import hashlib

    inputs = {}
    for status in ds.inputs:
        sha = hashlib.sha256(status.path.read_bytes()).hexdigest()
        inputs[sha[:16]] = {
            "names": [status.file],
            "path": str(status.path.resolve()),
            "sha256": sha,
            "files": [],
        }
    key_of = {e["names"][0]: k for k, e in inputs.items()}
    for name, table in ds.tables().items():
        if table.empty:
            continue
        files = table["source" if name != "findings" else "file"].str.extract(r"^([^,]+)", expand=False)
        for input_name, part in table.groupby(files):
            key = key_of[input_name]
            cells = (
                [("", "", part)]
                if name == "findings"
                else part.groupby(["publisher", part["period"].astype(str)])
            )
            for (pub, per), cell in [((None, None), part)] if name == "findings" else cells:
                rel = (
                    f"{name}/part-{key}.parquet"
                    if pub is None
                    else f"{name}/publisher={pub}/period={per}/part-{key}.parquet"
                )
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                cell = cell if pub is None else cell.drop(columns=["publisher", "period"])
                cell.to_parquet(root / rel, index=False)
                inputs[key]["files"].append(rel)
    manifest = {"format": "govstats-dataset/1", "inputs": inputs, "runs": [{"run": 1, "columns": {}}]}
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def test_the_earlier_layout_is_refused_then_migrated_by_one_command(tmp_path):
    loaded = govstats.load(RAW)
    root = tmp_path / "ds"
    _old_layout(root, loaded)
    for attempt in (
        lambda: govstats.open_dataset(root),
        lambda: loaded.add_to(root),
        lambda: govstats.sql.rates(root),
    ):
        with pytest.raises(UsageError, match=r"旧版布局.*govstats migrate") as caught:
            attempt()
        assert "不能混用" in str(caught.value)
    record = migrating.migrate(root)
    assert record["migrated"] is True and record["rows"]["handling"] == 26
    assert not list(root.rglob("publisher=*"))  # the old files are gone, none read beside the new
    back = govstats.open_dataset(root)
    for name in schema.TABLES:
        a, b = loaded.tables()[name], back.tables()[name]
        key = list(a.columns)
        pd.testing.assert_frame_equal(
            a.sort_values(key, key=lambda s: s.astype(str)).reset_index(drop=True),
            b.sort_values(key, key=lambda s: s.astype(str)).reset_index(drop=True),
            obj=name,
        )
    assert migrating.migrate(root) == {"migrated": False}  # once is enough
    loaded.add_to(root)  # and the folder grows as any other: the same inputs replace themselves
    assert len(govstats.open_dataset(root).handling) == 26


def test_govstats_migrate_is_the_one_command(tmp_path):
    import subprocess
    import sys

    root = tmp_path / "ds"
    _old_layout(root, govstats.load(RAW))

    def govstats_(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "govstats", *args], capture_output=True, text=True, timeout=120
        )

    refused = govstats_("ingest", str(RAW), "--dataset", str(root))
    assert refused.returncode == 2 and "旧版布局" in refused.stderr and "govstats migrate" in refused.stderr
    done = govstats_("migrate", str(root))
    assert done.returncode == 0 and "已迁移为新版布局" in done.stderr and "办理情况26行" in done.stderr
    again = govstats_("migrate", str(root))
    assert again.returncode == 0 and "已是新版布局" in again.stderr
    assert govstats_("ingest", str(RAW), "--dataset", str(root)).returncode == 0
    assert len(govstats.open_dataset(root).handling) == 26
