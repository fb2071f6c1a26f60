"""The dataset folder under attack (issue 23): a run cut short by SIGKILL or Ctrl-C leaves the
old set or the new set, never rows twice (D04); a hand-edited manifest is refused in Chinese
before anything is written (D06); two files that name no city but share a file name stay
apart in a folder filled in two runs (D11); a damaged file is a typed error on every path."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.dataset as pads
import pytest

import govstats
from govstats.errors import CorruptFileError, UsageError

ROOT = Path(__file__).resolve().parents[1]
HEADER = "序号,受理单位,受理诉求(条),按时办结(条),超期办结(条),未办结(条),超期未办结(条)\n"
CITIES = ("甲市", "乙市", "丙市")
QUARTERS = {"2022Q1": "2022年第一季度", "2022Q2": "2022年第二季度"}


def _inputs(folder: Path, received: int) -> list[Path]:
    """Three cities' mailbox tables for two quarters: 3 rows each, 18 in all; 市教育局
    received ``received`` (24 on time, the rest late)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for city in CITIES:
        for code, words in QUARTERS.items():
            path = folder / f"{city}-{code}.csv"
            path.write_text(
                f"{city}{words}部门信箱受理情况\n{HEADER}1,市教育局,{received},24,{received - 24},0,0\n"
                "2,市政府办,21,20,1,0,0\n3,市统计局,10,10,0,0,0\n",
                encoding="utf-8",
            )
            paths.append(path)
    return paths


def _glob_rows(root: Path) -> int:
    """What a plain reader counts (pyarrow over the folder, as DuckDB and Spark glob it)."""
    return pads.dataset(root / "handling", format="parquet", partitioning="hive").count_rows()


def _stored(root: Path) -> dict[Path, bytes]:
    """The tables' files and the manifest's (a run's staging folder beside them is none of them)."""
    return {
        p: p.read_bytes()
        for p in [*root.glob("*/**/*.parquet"), *root.glob("manifest*"), *root.glob("manifest/*")]
        if not p.relative_to(root).parts[0].startswith(".") and p.is_file()
    }


def _education(root: Path) -> list[int]:
    h = govstats.open_dataset(root).handling
    return sorted(h.loc[h["unit"] == "市教育局", "received"].tolist())


def _interrupted(
    root: Path, inputs: Path, signal_name: str, at: str, nth: int
) -> subprocess.CompletedProcess:
    """Ingest ``inputs`` into ``root`` in a process that sends itself ``signal_name`` at its
    ``nth`` call of ``os.<at>`` (``rename``: the commit point; ``replace``: applying it)."""
    code = textwrap.dedent(
        f"""
        import os, signal, sys
        import govstats
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a background job starts with it ignored
        real, calls = os.{at}, []
        def hurt(*args):
            calls.append(args)
            if len(calls) == {nth}:
                os.kill(os.getpid(), signal.SIG{signal_name})
            return real(*args)
        ds = govstats.load(sys.argv[2])
        os.{at} = hurt
        ds.add_to(sys.argv[1])
        """
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(root), str(inputs)], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def filled(tmp_path):
    root, inputs = tmp_path / "ds", tmp_path / "in"
    govstats.load(_inputs(inputs, 26)).add_to(root)
    _inputs(inputs, 27)  # every annex corrected in place: the next run replaces the first's rows
    return root, inputs


def test_D04_killed_before_the_commit_leaves_the_old_set(filled):
    root, inputs = filled
    before = _stored(root)
    proc = _interrupted(root, inputs, "KILL", "rename", 1)
    assert proc.returncode == -9
    assert _stored(root) == before  # not a byte changed
    assert _glob_rows(root) == 18 and _education(root) == [26] * 6
    govstats.load(inputs).add_to(root)  # the next run cleans up and writes the new set
    assert _glob_rows(root) == 18 and _education(root) == [27] * 6
    assert not [p for p in root.iterdir() if p.name.startswith(".govstats-") and p.is_dir()]


def test_D04_killed_while_applying_never_counts_a_row_twice(filled):
    root, inputs = filled
    proc = _interrupted(root, inputs, "KILL", "replace", 2)  # one period file moved, one not
    assert proc.returncode == -9
    assert _glob_rows(root) == 18  # each period's file is the old or the new one, never both
    assert _education(root) == [27] * 6  # the reader completes the committed run first
    assert _glob_rows(root) == 18
    runs = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["runs"]
    assert [len(r["replaced"]) for r in runs] == [0, 6]


def test_D04_ctrl_c_while_applying_waits_for_the_run_to_be_whole(filled):
    root, inputs = filled
    proc = _interrupted(root, inputs, "INT", "replace", 1)
    assert proc.returncode != 0 and "KeyboardInterrupt" in proc.stderr  # the interrupt still stops it
    assert not [p for p in root.iterdir() if p.name.startswith(".govstats-commit")]  # nothing left to do
    assert _glob_rows(root) == 18 and _education(root) == [27] * 6


# Each edit is of manifest.json (its index and runs: ``m``) or of the part file holding the
# first input's entry (``manifest/period=2022Q1.json``: ``p``); k is that input's key.
@pytest.mark.parametrize(
    ("edit", "said", "named"),
    [
        (lambda m, p, k: m.pop("inputs"), "缺少 inputs", "manifest.json"),
        (lambda m, p, k: m.update(inputs=[]), "inputs 应为对象", "manifest.json"),
        (
            lambda m, p, k: m["inputs"].update({k: None}),
            "应为列表（部分、路径、名称…），实为 null",
            "manifest.json",
        ),
        (lambda m, p, k: m["inputs"][k].append(1), "names 应为文字的列表", "manifest.json"),
        (
            lambda m, p, k: m["inputs"][k].__setitem__(0, "../../etc"),
            "不是清单文件夹中的文件",
            "manifest.json",
        ),
        (lambda m, p, k: m.update(runs={}), "runs 应为对象的列表", "manifest.json"),
        (lambda m, p, k: m["runs"][0].update(columns=["handling"]), "columns 应为对象", "manifest.json"),
        (lambda m, p, k: p["inputs"].update({k: None}), "应为对象，实为 null", "period=2022Q1.json"),
        (lambda m, p, k: p["inputs"][k].update(files=[None]), "files 应为对象", "period=2022Q1.json"),
        (lambda m, p, k: p["inputs"][k].update(files="handling"), "files 应为对象", "period=2022Q1.json"),
        (
            lambda m, p, k: p["inputs"][k].update(files={"../../etc/passwd": 3}),
            "不是数据集内的文件",
            "period=2022Q1.json",
        ),
        (lambda m, p, k: p["inputs"].pop(k), "缺少输入", "period=2022Q1.json"),
        (lambda m, p, k: p.pop("inputs"), "其中 inputs 为对象", "period=2022Q1.json"),
    ],
)
def test_D06_a_manifest_of_the_wrong_shape_is_refused_before_anything_is_written(filled, edit, said, named):
    root, inputs = filled
    path = root / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    key = next(iter(manifest["inputs"]))
    assert manifest["inputs"][key][0] == "period=2022Q1"  # the part its entry is in: its period's
    part_path = root / "manifest" / "period=2022Q1.json"
    part = json.loads(part_path.read_text(encoding="utf-8"))
    edit(manifest, part, key)
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    part_path.write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
    before = _stored(root)
    with pytest.raises(UsageError, match=said) as caught:
        govstats.load(inputs).add_to(root)
    assert named in str(caught.value) and "数据集清单的格式不对" in str(caught.value)
    assert _stored(root) == before
    with pytest.raises(UsageError, match=said):
        govstats.open_dataset(root)
    proc = subprocess.run(
        [sys.executable, "-m", "govstats", "ingest", str(inputs), "--dataset", str(root), "-q"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2 and "数据集清单的格式不对" in proc.stderr
    assert _glob_rows(root) == 18


def _two_offices(tmp_path: Path) -> list[Path]:
    """Two offices' mailbox tables, each naming no city, both saved as 附件.csv."""
    paths = []
    for office, received in (("office-a", 26), ("office-b", 50)):
        (tmp_path / office).mkdir()
        paths.append(tmp_path / office / "附件.csv")
        paths[-1].write_text(
            f"2022年第一季度部门信箱受理情况\n{HEADER}1,市教育局,{received},24,{received - 24},0,0\n"
            "2,市政府办,21,20,1,0,0\n",
            encoding="utf-8",
        )
    return paths


def test_D11_two_unnamed_files_of_one_name_stay_apart_in_concat(tmp_path):
    a, b = _two_offices(tmp_path)
    both = govstats.concat([govstats.load(a), govstats.load(b)])
    assert sorted(s.file for s in both.inputs) == ["office-a/附件.csv", "office-b/附件.csv"]
    with pytest.warns(govstats.MissingPublisherWarning):
        got = govstats.rates(both.handling, by=["publisher", "period", "channel"])
    # by hand: 26 + 21 = 47 and 50 + 21 = 71, as one load of both gives; never 118 in one row
    assert sorted(zip(got["input"], got["received"], strict=True)) == [
        ("office-a/附件.csv", 47),
        ("office-b/附件.csv", 71),
    ]
    assert (govstats.load(a) + govstats.load(a)).inputs[0].file == "附件.csv"  # one file twice: one name


def test_D11_two_unnamed_files_of_one_name_stay_apart_in_the_folder(tmp_path):
    root = tmp_path / "ds"
    for path in _two_offices(tmp_path):
        govstats.load(path).add_to(root)
    with pytest.warns(govstats.MissingPublisherWarning):
        got = govstats.sql.rates(root, by=["publisher", "period", "channel"])
    # by hand: office-a 26 + 21 = 47 received, office-b 50 + 21 = 71; never 118 in one row
    assert sorted(zip(got["input"], got["units"], got["received"], strict=True)) == [
        ("office-b/附件.csv", 2, 71),
        ("附件.csv", 2, 47),
    ]
    back = govstats.open_dataset(root)
    assert sorted(s.file for s in back.inputs) == ["office-b/附件.csv", "附件.csv"]
    with pytest.warns(govstats.MissingPublisherWarning):
        assert sorted(govstats.rates(back.handling, by=["publisher", "period", "channel"])["received"]) == [
            47,
            71,
        ]
    govstats.load(tmp_path / "office-b" / "附件.csv").add_to(root)  # the same file again replaces itself
    assert len(govstats.open_dataset(root).handling) == 4


def test_a_damaged_file_is_a_typed_error_through_duckdb_and_pyarrow(filled):
    root, _ = filled
    (root / "handling" / "period=2022Q2" / "part-0.parquet").write_bytes(b"PAR1 not parquet")
    with pytest.raises(CorruptFileError, match="数据集文件无法读取"):
        govstats.sql.rates(root, by=["publisher", "period", "channel"])
    with pytest.raises(CorruptFileError, match="period=2022Q2"):
        govstats.open_dataset(root)
    assert len(govstats.open_dataset(root, period="2022Q1").handling) == 9
