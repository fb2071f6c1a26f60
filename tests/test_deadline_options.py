"""Issue 25: ``--deadline`` counts the message logs among the inputs of ``report`` and ``draft``
as it does for ``ingest`` (one definition of the option). The deadlines below were counted by
hand on the 2023 calendar: LY202300061 was received on Saturday 5月13日, so its 3rd working day
is Wednesday 5月17日 and its 5th (the default) Friday 5月19日."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from docx import Document
from openpyxl import load_workbook

import govstats
from govstats.cli import main

SAMPLE = Path(__file__).parent / "data" / "records-sample"
LOG = str(SAMPLE / "log.xlsx")


def _deadline_of(workbook: Path, message: str) -> str:
    wb = load_workbook(workbook, read_only=True)  # read-only keeps the file open until closed
    try:
        sheet = next(ws for ws in wb if ws.title.endswith("超期明细"))
        rows = list(sheet.iter_rows(values_only=True))
    finally:
        wb.close()
    header = list(rows[1])
    row = next(r for r in rows[2:] if message in r)
    return row[header.index("办理期限")]


def test_report_takes_the_deadline(tmp_path):
    assert main(["report", "-i", LOG, "--format", "xlsx", "-o", str(tmp_path / "five.html")]) == 0
    assert (
        main(["report", "-i", LOG, "--format", "xlsx", "--deadline", "3", "-o", str(tmp_path / "three.html")])
        == 0
    )
    assert _deadline_of(tmp_path / "five.xlsx", "LY202300061") == "2023-05-19"
    assert _deadline_of(tmp_path / "three.xlsx", "LY202300061") == "2023-05-17"


def _said(docx: Path) -> str:
    return next(p.text for p in Document(str(docx)).paragraphs if "共收到留言" in p.text)


def test_draft_takes_the_deadline(tmp_path, capsys):
    expected = pd.read_csv(SAMPLE / "expected_handling.csv")  # counted by hand with N = 5
    assert main(["draft", "-i", LOG, "-o", str(tmp_path / "five.docx")]) == 0
    assert f"按时办结{expected['on_time'].sum()}条" in _said(tmp_path / "five.docx")
    assert main(["draft", "-i", LOG, "--deadline", "3", "-o", str(tmp_path / "three.docx")]) == 0
    three = govstats.load(SAMPLE / "log.xlsx", deadline="3").handling["on_time"].sum()
    assert three < expected["on_time"].sum()  # fewer on time by a shorter deadline: the draft says so
    assert f"按时办结{three}条" in _said(tmp_path / "three.docx")
    assert main(["draft", "-i", LOG, "--deadline", "信箱=五", "-o", str(tmp_path / "bad.docx")]) == 2
    assert "期限规则“信箱=五”无法识别" in capsys.readouterr().err
