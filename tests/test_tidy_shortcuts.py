"""The shortcuts tidying and assembling take for speed give what the long way gives: a
printed text's count, a table's rows compared whatever their order, a path resolved folder
first, and a batch of inputs where one fails."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import govstats
from fixtures import layouts
from govstats.dataset.assembling import _Folders
from govstats.read.grid import Grid
from govstats.tidy.byvalue import ROWS
from govstats.tidy.counts import is_count_text, parse_count
from govstats.tidy.grids import _text_rows
from govstats.tidy.table import ParsedTable
from govstats.validate.duplicates import duplicate_tables
from govstats.validate.tables import check_across, check_table


@pytest.mark.parametrize(
    "text",
    ["12", " 12 ", "１２", "1,234", "1,0", "1 0", "26①", "8*", "", "合计", "-3", "2.0", "2.5", "TRUE", "1e3"],
)
def test_a_text_is_a_count_exactly_when_parse_count_reads_one(text):
    assert is_count_text(text) == (parse_count(text)[0] is not None)


def _mailbox(rows: list[tuple[str, int, int]], sheet: str) -> ParsedTable:
    t = ParsedTable(Grid(file="a.xlsx", sheet=sheet, cells=[]), "handling", channel="mailbox")
    t.records = [
        {
            "unit": unit,
            "received": received,
            "completed": done,
            "on_time": None,
            "late_completed": None,
            "pending": None,
            "overdue_pending": None,
        }
        for unit, received, done in rows
    ]
    return t


def test_a_table_printed_again_in_another_order_is_the_same_table():
    rows = [("市教育局", 12, 10), ("市 公安局", 3, 3), ("市民政局", 3, 3)]
    first = _mailbox(rows, "附件1")
    again = _mailbox([rows[2], ("市公安局", 3, 3), rows[0]], "附件2")  # 市 公安局 is 市公安局
    other = _mailbox([rows[0], rows[1], ("市民政局", 3, 2)], "附件3")
    repeats, findings = duplicate_tables([first, again, other])
    assert repeats == {id(again)}
    assert [f["code"] for f in findings] == ["duplicate-table"]


def test_a_row_counted_twice_is_not_the_table_with_it_once():
    rows = [("市教育局", 12, 10), ("市民政局", 3, 3)]
    twice = _mailbox([rows[0], rows[0], rows[1]], "附件1")
    once = _mailbox([rows[0], rows[1], rows[1]], "附件2")
    assert duplicate_tables([twice, once])[0] == set()


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_path_resolved_folder_first_is_the_path_resolved(tmp_path):
    real = tmp_path / "数据" / "鹰潭市"
    real.mkdir(parents=True)
    (real / "附件.xlsx").write_bytes(b"x")
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    (real / "link.xlsx").symlink_to(real / "附件.xlsx")
    folders = _Folders()
    for path in (tmp_path / "link" / "附件.xlsx", real / "link.xlsx", tmp_path / "link" / "link.xlsx"):
        assert folders.resolved(path) == path.resolve()
    assert folders.publisher(folders.resolved(tmp_path / "link" / "附件.xlsx")) == "鹰潭市"


def test_a_file_that_fails_in_a_batch_takes_down_itself_only(tmp_path):
    for i in range(3):
        layouts.annex_workbook(tmp_path / f"{i}-good.xlsx")
    (tmp_path / "1-bad.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    ds = govstats.load(tmp_path, workers=1)
    assert {Path(s.file).name: s.ok for s in ds.inputs} == {
        "0-good.xlsx": True,
        "1-bad.xlsx": False,
        "1-good.xlsx": True,
        "2-good.xlsx": True,
    }
    assert len(ds.handling) == 26  # the annexes once: the copies are said as duplicates
    assert (ds.findings["code"] == "unreadable-input").sum() == 1


def test_a_cells_text_is_made_by_its_type_not_only_its_value():
    # 1, True and 1.0 are equal as values; each cell's text is its own type's (by hand)
    long = "某某" * 40 + " "
    grid = Grid(
        file="a.xlsx",
        sheet="表1",
        cells=[[1, " 市教育局 ", None], [True, 1.0, 1], [long, 2.5], [" 市教育局 ", 0, False]],
    )
    assert _text_rows(grid) == [
        ["1", "市教育局", ""],
        ["True", "1.0", "1"],
        [long.strip(), "2.5", ""],
        ["市教育局", "0", "False"],
    ]


def test_a_long_grids_texts_are_made_cell_by_cell_alike():
    rows = [[1, " 市教育局 ", None, "０"], [True, 2.5, 3, ""]] * (ROWS // 2 + 1)  # past ROWS: cell by cell
    texts = _text_rows(Grid(file="a.xlsx", sheet="表1", cells=rows))
    assert texts == [["1", "市教育局", "", "０"], ["True", "2.5", "3", ""]] * (ROWS // 2 + 1)


def test_a_row_whose_figures_add_up_is_not_said():
    rec = {"unit": "市教育局", "_r": 3, "received": 5, "on_time": 3, "late_completed": 1, "completed": 4}
    rec |= {"pending": 1, "overdue_pending": 1}
    wrong = dict(rec, unit="市公安局", completed=5)  # 办结5, but 按时3 + 超期1 = 4
    t = ParsedTable(Grid(file="a.xlsx", sheet="表1", cells=[]), "handling", records=[rec, wrong])
    assert [(f["code"], f["message"]) for f in check_table(t)] == [
        ("row-arithmetic", "市公安局：办结5，但按时办结3 + 超期办结1 = 4")
    ]


def _listing(sheet: str, units: list[str], channel: str = "mailbox") -> ParsedTable:
    records = [
        {"unit": u, "_r": r, "source": f"a.xlsx, {sheet}, row {r + 1}"} for r, u in enumerate(units, 1)
    ]
    t = ParsedTable(Grid(file="a.xlsx", sheet=sheet, cells=[]), "handling", channel=channel, records=records)
    t.publisher, t.period = "鹰潭市", pd.Period("2023Q2", freq="Q")
    return t


def test_a_unit_listed_before_is_said_at_each_later_table_of_its_key():
    # the first table's units are read only when a second shares its key: the third is still
    # said against both earlier ones, and a table of another channel against none
    first, second = _listing("表1", ["市教育局", "市公安局"]), _listing("表2", ["市公安局", "市 统计局"])
    third, other = _listing("表3", ["市统计局", "市教育局"]), _listing("表4", ["市教育局"], "ogi_request")
    said = [(f["sheet"], f["row"], f["message"]) for f in check_across([first, other, second, third])]
    assert [(sheet, row) for sheet, row, _ in said] == [("表2", 2), ("表3", 2), ("表3", 3)]  # rows 1-based
    assert "a.xlsx, 表1, row 3" in said[0][2]  # 市公安局: 表1's
    assert "a.xlsx, 表2, row 3" in said[1][2]  # 市统计局: 表2's 市 统计局, the same name
    assert "a.xlsx, 表1, row 2" in said[2][2]  # 市教育局: 表1's
