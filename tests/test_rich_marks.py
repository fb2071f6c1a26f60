"""Footnote marks typed as raised or lowered digits (Excel's and WPS's 上标/下标: 26 and a raised
1) in every workbook format. calamine runs the runs of rich text together (26 and 1 read 261);
the mark must read as the mark it is (26¹), so the tidy stage counts 26 and says the mark.

The fixture (tests/data/rich/make.py) is one annex saved by LibreOffice as .xlsx (shared
strings with vertAlign runs), .xls (SST strings with formatting runs on a FONT that escapes
up or down) and .ods (text:span with a text-position style). Its figures, checked by hand:
市教育局 26 received (a raised 1 after it), 市统计局 10 received and 10 on time (one shared
string, a raised 1, used by both cells), 市公安局 7 on time (a lowered 2); the remark's raised
1 and lowered 2 follow no figure and stay in its text."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

import govstats
from govstats.read import biff, odsxml
from govstats.read.document import read_document
from govstats.read.ole import workbook_stream

RICH = Path(__file__).parent / "data" / "rich"
REMARK = "备注：¹含转办件；₂含来电。"


def _cells(path: Path) -> list[list]:
    (grid,) = read_document(path, path.name).grids
    return grid.cells


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_a_raised_digit_is_a_mark_not_a_digit_of_the_count_in_every_workbook_format(fmt):
    ds = govstats.load(RICH / f"annex.{fmt}")
    h = ds.handling.set_index("unit")
    assert h["received"].to_dict() == {"市教育局": 26, "市政府办": 21, "市统计局": 10, "市公安局": 9}
    assert h["on_time"].to_dict() == {"市教育局": 26, "市政府办": 20, "市统计局": 10, "市公安局": 7}
    assert list(ds.findings["code"]) == ["footnote-mark"] * 4  # no row-arithmetic: 261 is not read
    marks = ds.findings
    assert list(zip(marks["row"], marks["column"], strict=True)) == [(3, "C"), (5, "C"), (5, "D"), (6, "D")]
    assert "“26¹”" in marks["message"].iloc[0] and REMARK in marks["message"].iloc[0]
    assert "“7₂”" in marks["message"].iloc[3]


def test_the_three_formats_give_the_same_cells():
    xlsx, xls, ods = (_cells(RICH / f"annex.{fmt}") for fmt in ("xlsx", "xls", "ods"))
    assert xls == xlsx and ods == xlsx
    assert xls[2][2] == "26¹"
    assert xls[4][2] == xls[4][3] == "10¹"  # one shared string, two cells
    assert xls[5][3] == "7₂"
    assert xls[6][0] == REMARK  # marks after no figure: kept in the text as marks
    assert xls[2][3] == 26 and xls[3][2] == 21  # numbers untouched


def _records(stream: bytes) -> list[int]:
    kinds, pos = [], 0
    while pos + 4 <= len(stream):
        kind, n = struct.unpack_from("<HH", stream, pos)
        kinds.append(kind)
        pos += 4 + n
    return kinds


def test_shared_strings_running_on_in_continue_records_keep_their_marks(tmp_path):
    # Past 8,224 bytes the SST runs on in CONTINUE records; a string's characters split there
    # start again with their storage byte, its formatting runs move whole to the next one.
    import xlwt

    up, down = xlwt.Font(), xlwt.Font()
    up.escapement, down.escapement = xlwt.Font.ESCAPEMENT_SUPERSCRIPT, xlwt.Font.ESCAPEMENT_SUBSCRIPT
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("附件4")
    expected = {}
    for r in range(1500):
        if r % 7 == 3:  # stored in one byte a character
            ws.write_rich_text(r, 0, [f"unit {r}: {r}", (f"{r % 10}", up)])
            expected[r] = f"unit {r}: {r}" + "⁰¹²³⁴⁵⁶⁷⁸⁹"[r % 10]
        elif r % 7 == 5:  # in two, with the mark in the middle of the text
            ws.write_rich_text(r, 0, [f"市第{r}单位受理", (f"{r % 10}", down), "条（含转办件）"])
            expected[r] = f"市第{r}单位受理" + "₀₁₂₃₄₅₆₇₈₉"[r % 10] + "条（含转办件）"
        else:
            ws.write(r, 0, f"第{r}行的普通文字，不带任何标记" if r % 2 else f"plain text of row {r}")
            expected[r] = f"第{r}行的普通文字，不带任何标记" if r % 2 else f"plain text of row {r}"
    ws.write_rich_text(1500, 0, ["长" * 9000 + "12", ("3", up)])  # straddles records whatever the offsets
    expected[1500] = "长" * 9000 + "12³"
    wb.save(str(tmp_path / "many.xls"))
    stream, _ = workbook_stream((tmp_path / "many.xls").read_bytes(), "many.xls")
    assert _records(stream).count(0x003C) >= 5
    cells = _cells(tmp_path / "many.xls")
    assert {r: row[0] for r, row in enumerate(cells)} == expected


def _sst(*strings: bytes) -> bytes:
    return struct.pack("<LL", len(strings), len(strings)) + b"".join(strings)


def test_an_sst_string_is_marked_by_its_runs_fonts_counting_utf16_units():
    fonts = [0, 0, 0, 0, 1, 2]  # records 0-3 are fonts 0-3; font 4 is never written: 5 is raised, 6 lowered
    compressed = struct.pack("<HBH", 3, 0x08, 1) + b"261" + struct.pack("<HH", 2, 5)
    # a character outside the BMP takes two UTF-16 units: the run at unit 4 starts at the 1
    wide = "𠀋26" + "1"
    units = wide.encode("utf-16-le")
    astral = struct.pack("<HBH", len(units) // 2, 0x09, 2) + units + struct.pack("<HHHH", 0, 0, 4, 6)
    phonetic = struct.pack("<HBl", 2, 0x04, 3) + b"ab" + b"xyz"  # phonetic text skipped
    not_a_digit = struct.pack("<HBH", 3, 0x08, 1) + b"abc" + struct.pack("<HH", 1, 5)
    four = struct.pack("<HBH", 2, 0x08, 1) + b"21" + struct.pack("<HH", 1, 4)  # font 4: none
    got = biff._scripted_strings([_sst(compressed, astral, phonetic, not_a_digit, four)], 5, fonts)
    assert got == {0: ("261", "26¹"), 1: ("𠀋261", "𠀋26₁")}


def test_a_damaged_sst_keeps_the_marks_read_before_the_damage():
    fonts = [0, 0, 0, 0, 1]
    good = struct.pack("<HBH", 3, 0x08, 1) + b"102" + struct.pack("<HH", 2, 5)
    cut = struct.pack("<HBH", 3, 0x08, 9) + b"261"  # nine runs promised, none there
    assert biff._scripted_strings([_sst(good, cut)], 2, fonts) == {0: ("102", "10²")}
    backwards = struct.pack("<HBHl", 2, 0x0C, 1, -40) + b"26" + struct.pack("<HH", 1, 5)
    assert biff._scripted_strings([_sst(backwards, good)], 2, fonts) == {}


def test_an_sst_string_split_between_records_may_change_storage_and_its_phonetic_text_run_on():
    fonts = [0, 0, 0, 0, 1]
    # "ab" stored one byte a character, then in the next record (its first byte: 1) "市1" in two
    head = struct.pack("<LL", 2, 2) + struct.pack("<HBH", 4, 0x08, 1) + b"ab"
    rest = b"\x01" + "市1".encode("utf-16-le") + struct.pack("<HH", 3, 5)
    # a string whose 6 bytes of phonetic text run on into a third record, then "26" and a raised 1
    rest += struct.pack("<HBl", 1, 0x04, 6) + b"x" + b"\x00\x00"
    third = b"\x00" * 4 + struct.pack("<HBH", 3, 0x08, 1) + b"261" + struct.pack("<HH", 2, 5)
    strings = biff._scripted_strings([head, rest, third], 3, fonts)
    assert strings == {0: ("ab市1", "ab市¹"), 2: ("261", "26¹")}


def test_opendocument_spans_raise_and_lower_by_their_styles_position():
    # T6's position is no number and T0 closes itself: neither raises, nor runs on into T1
    content = (
        '<office:document-content><office:automatic-styles><style:style style:name="T6" style:family="text">'
        '<style:text-properties style:text-position="1.2.3%"/></style:style>'
        '<style:style style:name="T0" style:family="text"/><style:style style:family="text" '
        'style:parent-style-name="x" style:name="T1"><style:text-properties style:text-position="33% 58%"/>'
        '</style:style><style:style style:name="T2" style:family="text"><style:text-properties '
        'style:text-position="sub 58%"/></style:style><style:style style:name="T3" style:family="text">'
        '<style:text-properties style:text-position="0% 100%"/></style:style><style:style '
        'style:name="T4" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>'
        '<style:style style:name="T5" style:family="text"><style:text-properties style:text-position="-33%"/>'
        "</style:style></office:automatic-styles><office:body><office:spreadsheet>"
        '<table:table table:style-name="ta1" table:name="R&amp;D"><table:table-row table:number-rows-repeated="2">'
        "<table:table-cell/></table:table-row><table:table-row>"
        '<table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>26'
        '<text:span text:style-name="T1">1</text:span></text:p></table:table-cell>'
        '<table:covered-table-cell/><table:table-cell office:value-type="string"><text:p>1<text:s text:c="2"/>'
        '<text:span text:style-name="T3">2</text:span></text:p><text:p>3<text:span text:style-name="T2">4'
        '<text:span text:style-name="T4">5</text:span></text:span><text:span text:style-name="T5">6</text:span>'
        '</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string">'
        '<text:p>第<text:span text:style-name="T1">1</text:span>页</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    ).encode()
    assert odsxml.scripted_cells(content) == {
        "R&D": {
            (2, 0): ("261", "26¹"),
            (2, 1): ("261", "26¹"),  # a repeated cell is each of the cells it stands for
            (2, 3): ("1  2\n3456", "1  2\n3₄₅₆"),  # 0%: not raised; a bold span in a lowered one stays low
            (3, 0): ("第1页", "第¹页"),
        }
    }
    assert odsxml.scripted_cells(content.replace(b"text-position", b"text-rotation")) == {}


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def test_the_fonts_mark_the_strings_wherever_the_globals_write_them_and_never_when_encrypted():
    font = [_record(0x0031, struct.pack("<HHHHH", 220, 0, 8, 400, sss)) for sss in (0, 0, 0, 0, 1)]
    sst = _record(0x00FC, _sst(struct.pack("<HBH", 3, 0x08, 1) + b"261" + struct.pack("<HH", 2, 5)))
    eof = _record(0x000A, b"")
    _, _, strings = biff._globals(sst + b"".join(font) + eof)  # the fonts after the strings
    assert strings == {0: ("261", "26¹")}
    _, encrypted, strings = biff._globals(_record(0x002F, b"\x00" * 6) + b"".join(font) + sst + eof)
    assert encrypted and strings == {}


def test_a_mark_is_put_in_only_where_calamine_read_the_text_it_was_found_with():
    from govstats.read.excel import _mark_texts
    from govstats.read.grid import Grid

    grid = Grid("a.xls", "附件4", [["261", "10"], [None]], [])
    found = {(0, 0): ("261", "26¹"), (0, 1): ("101", "10¹"), (1, 3): ("71", "7¹"), (9, 0): ("1", "¹")}
    _mark_texts(grid, found)
    assert grid.cells == [["26¹", "10"], [None]]  # placed otherwise than found: left as read
