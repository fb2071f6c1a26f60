"""``report`` and ``draft`` take their inputs as ``ingest`` and ``validate`` do (positional,
``-i`` kept, ``--demo``); every command says a bad period with exit 2 before reading
anything; an input that cannot be read is exit 1, the rest still written."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from govstats.cli import main

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


@pytest.mark.parametrize(
    "command",
    [
        ["ingest", str(RAW), "-o", "out"],
        ["validate", str(RAW)],
        ["report", str(RAW), "-o", "b.html"],
        ["draft", str(RAW), "-o", "d.docx"],
        ["report", str(RAW), "--period", "2022Q1", "-o", "b.html"],  # --previous is a period too
    ],
)
@pytest.mark.parametrize("period", ["2022Q9", "spring"])
def test_a_bad_period_exits_2_in_every_command(tmp_path, monkeypatch, capsys, command, period):
    monkeypatch.chdir(tmp_path)
    option = "--previous" if "--period" in command else "--period"
    assert main([*command, option, period]) == 2
    err = capsys.readouterr().err
    assert f"无法识别的统计期“{period}”" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "通报"
    folder.mkdir()
    for f in RAW.glob("yingtan-*"):
        shutil.copy(f, folder / f.name)
    (folder / "坏的附件.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    return folder


def test_report_and_draft_take_positional_inputs_and_say_an_unreadable_one(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    folder = _inputs(tmp_path)
    # the workbook alone: the same inputs as the briefing, without running its notebook
    assert main(["report", str(folder), "--format", "xlsx", "-o", "b.html"]) == 1
    err = capsys.readouterr().err
    assert "无法读取" in err and "坏的附件.xlsx" in err
    book = openpyxl.load_workbook(tmp_path / "b.xlsx")
    assert "部门信箱" in book.sheetnames  # the good files beside it are all there
    assert main(["draft", str(folder), "--period", "2022Q1", "-o", "d.docx"]) == 1
    assert (tmp_path / "d.docx").stat().st_size > 10_000
    # -i still names inputs, and both ways may be given together
    good = [str(f) for f in sorted(folder.glob("yingtan-*"))]
    assert main(["report", good[0], "-i", *good[1:], "--format", "xlsx", "-o", "c.html"]) == 0
    assert openpyxl.load_workbook(tmp_path / "c.xlsx").sheetnames == book.sheetnames


def test_without_inputs_or_data_raw_the_command_says_what_to_do(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for command in ("report", "draft"):
        assert main([command]) == 2
        err = capsys.readouterr().err
        assert "没有给出输入，当前文件夹下也没有 data/raw" in err and f"govstats {command} --demo" in err
    assert main(["report", "--demo", str(RAW)]) == 2  # the demo is its own input
    assert main(["draft", "--demo", "--period", "2022Q1", "-o", "d.docx"]) == 0
    assert (tmp_path / "d.docx").exists()
