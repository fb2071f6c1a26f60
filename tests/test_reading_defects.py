"""Issue 23, reading: the round-3 defects that read a table wrong with exit 0. Each test
builds the table as offices print it (the Yingtan 2022 Q1 mailbox figures of
fixtures.yingtan, checked by hand against the notice) and asserts what was printed comes
out, or is said in a finding."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

import govstats
from fixtures import layouts
from fixtures import yingtan as y
from govstats.notice.headline import figures
from govstats.notice.mentions import narrative_mentions
from govstats.read import odsxml, sheetxml
from govstats.tidy.counts import parse_count

TITLE = "鹰潭市2022年第一季度部门信箱受理情况"
DATA = Path(__file__).parent / "data"
CITY_UNITS = y.MAILBOX_GROUPS[0][1][:3]  # 市教育局 26, 市政府办 21, 市统计局 10
DISTRICTS = [[1, "贵溪市", 47, 38, 9, 0, 0], [2, "余江区", 10, 10, 0, 0, 0]]


def handling(path) -> tuple[pd.DataFrame, pd.DataFrame]:
    ds = govstats.load(path)
    return ds.handling, ds.findings


def by_unit(h: pd.DataFrame, field: str = "received") -> dict:
    return {u: (None if pd.isna(v) else int(v)) for u, v in zip(h["unit"], h[field], strict=True)}


def test_d02_formula_scan_stays_in_its_cell():
    # Excel saves every =SUM with its value; the one formula without a value is C4's. The scan
    # once ran from C3's formula on to C4's </f> and blamed C3 (and took the sheet's length
    # per formula, 35-61 s for 10,000 of them).
    xml = (
        b'<worksheet><sheetData><row r="3"><c r="C3"><f>SUM(D3:E3)</f><v>26</v></c></row>'
        b'<row r="4"><c r="C4"><f>SUM(D4:E4)</f></c></row></sheetData></worksheet>'
    )
    hits = sheetxml.unknown_values(xml)
    assert [(r, c, str(v)) for r, c, v in hits] == [(3, 2, "=SUM(D4:E4)")]
    many = b"".join(b'<c r="C%d"><f>D%d+E%d</f><v>1</v></c>' % (i, i, i) for i in range(1, 3000))
    assert sheetxml.unknown_values(b"<sheetData>" + many + b"</sheetData>") == []


def test_d03_long_paragraph_reads_as_its_lines():
    # A page with no line breaks gives one paragraph; it must say what its sentences say.
    sentences = [
        "本季度共监测政府网站35个，",
        "“鹰潭市司法局”网站存在栏目长期未更新问题；",
        "部门信箱共收到留言126条，按时办结112条。",
    ] * 200
    one = ["".join(sentences)]
    assert len(narrative_mentions(one, "n.txt")) == len(narrative_mentions(sentences[:3], "n.txt")) == 1
    assert narrative_mentions(one, "n.txt")[0]["name"] == "鹰潭市司法局"
    values = [f["value"] for f in figures(one, "n.txt")]
    assert values == [35.0, 126.0, 112.0] * 200


def test_d10_footnote_mark_is_not_a_digit(tmp_path):
    path = layouts.table_csv(
        tmp_path / "mailbox.csv",
        [
            [TITLE],
            ["序号", "受理单位", "受理诉求(条)", "按时办结(条)"],
            [1, "市教育局", "26①", 24],
            [2, "市政府办", 21, 20],
            [3, "市统计局", "10¹", 10],
            [4, "市公安局", "9*", 7],
            ["备注：①含转办件；¹含重复件；*含来电"],
        ],
    )
    h, f = handling(path)
    assert by_unit(h) == {"市教育局": 26, "市政府办": 21, "市统计局": 10, "市公安局": 9}
    marks = f[f["code"] == "footnote-mark"]
    assert len(marks) == 3
    assert "“26①”" in marks["message"].iloc[0] and "①含转办件" in marks["message"].iloc[0]
    assert list(marks["column"]) == ["C", "C", "C"] and list(marks["row"]) == [3, 5, 6]


def test_d10_a_superscript_in_a_page_is_a_mark(tmp_path):
    page = tmp_path / "annex.html"
    page.write_text(
        f"<html><body><p>{TITLE}</p><table><tr><td>序号</td><td>受理单位</td><td>受理诉求(条)</td></tr>"
        "<tr><td>1</td><td>市教育局</td><td>26<sup>1</sup></td></tr>"
        "<tr><td>2</td><td>市政府办</td><td>2<sub>3</sub></td></tr></table></body></html>",
        encoding="utf-8",
    )
    h, f = handling(page)
    assert by_unit(h) == {"市教育局": 26, "市政府办": 2}
    assert list(f["code"]) == ["footnote-mark", "footnote-mark"] and "26¹" in f["message"].iloc[0]


def test_d10_a_superscript_run_in_a_workbook_is_a_mark(tmp_path):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    wb = Workbook()
    raised = CellRichText("26", TextBlock(InlineFont(vertAlign="superscript"), "1"))
    _annex(wb.active, [[TITLE], y.MAILBOX_HEADERS[:3], [1, "市教育局", raised], [2, "市政府办", 21]])
    wb.save(tmp_path / "rich.xlsx")
    h, f = handling(tmp_path / "rich.xlsx")  # calamine gives the runs run together: 261
    assert by_unit(h) == {"市教育局": 26, "市政府办": 21}
    assert list(f["code"]) == ["footnote-mark"] and "26¹" in f["message"].iloc[0]
    # Excel keeps such text among the shared strings, a cell naming it by index
    strings = (
        b'<sst><si><t>x</t></si><si><r><t>10</t></r><r><rPr><vertAlign val="superscript"/></rPr>'
        b"<t>2</t></r><rPh><t>ignored</t></rPh></si></sst>"
    )
    assert sheetxml.scripted_text(strings)[0] == {1: "10²"}
    cells = (
        b'<sheetData><row r="5"><c r="D5" t="s"><v>1</v></c><c r="E5" t="s"><v>0</v></c></row></sheetData>'
    )
    assert sheetxml.shared_cells(cells, {1: "10²"}) == [(4, 3, 1)]


@pytest.mark.parametrize("printed", ["⑫", "٣", "१२", "𝟏𝟐", "12条", "②3"])
def test_d10_only_digits_and_their_full_width_forms_are_digits(printed):
    assert parse_count(printed)[0] is None
    assert parse_count("１２") == (12, None)
    assert parse_count("１，２３４") == (1234, None)


def _grouped(subtotal: str, second: str, *, wrong: int = 0) -> list[list]:
    city = [[i, u, *c] for i, u, *c in (r[0:2] + r[2:] for r in CITY_UNITS)]
    sums = [sum(r[k] for r in CITY_UNITS) for k in range(2, 7)]
    district_sums = [sum(r[k] for r in DISTRICTS) for k in range(2, 7)]
    district_sums[0] += wrong
    return [
        [TITLE],
        y.MAILBOX_HEADERS,
        ["一、市直单位"],
        *city,
        ["", subtotal, *sums],
        ["二、区（市）"],
        *DISTRICTS,
        ["", second, *district_sums],
    ]


@pytest.mark.parametrize(
    ("subtotal", "second"),
    [
        ("市直单位小计", "区（市）小计"),
        ("市直小计", "区县合计"),
        ("市直单位共计", "区（市）合计"),
        ("小计（市直单位）", "小 计"),
    ],
)
def test_d13_group_subtotals_are_totals_not_units(tmp_path, subtotal, second):
    h, f = handling(layouts.table_csv(tmp_path / "a.csv", _grouped(subtotal, second)))
    assert by_unit(h) == {"市教育局": 26, "市政府办": 21, "市统计局": 10, "贵溪市": 47, "余江区": 10}
    assert f.empty, f["message"].tolist()
    r = govstats.rates(h, by=["publisher", "period", "channel"])
    assert (int(r["units"].iloc[0]), int(r["received"].iloc[0])) == (5, 114)


def test_d13_each_group_is_checked_against_its_subtotal(tmp_path):
    h, f = handling(layouts.table_csv(tmp_path / "a.csv", _grouped("市直单位小计", "区（市）小计", wrong=5)))
    assert len(h) == 5
    wrong = f[f["code"] == "total-mismatch"]
    assert len(wrong) == 1
    assert "区(市)小计行受理为62，2个单位合计为57" in wrong["message"].iloc[0]


def test_d13_a_part_row_naming_no_group_of_the_table_is_said(tmp_path):
    rows = [
        [TITLE],
        y.MAILBOX_HEADERS,
        *CITY_UNITS,
        ["", "合计", 57, 54, 3, 0, 0],
        ["", "其中：县区", 0, 0, 0, 0, 0],
    ]
    h, f = handling(layouts.table_csv(tmp_path / "a.csv", rows))
    assert list(h["unit"]) == ["市教育局", "市政府办", "市统计局"]
    assert list(f["code"]) == ["subtotal-row"] and "其中:县区" in f["message"].iloc[0]


def test_d13_a_group_heading_printed_with_figures_is_its_subtotal(tmp_path):
    # 一、市直单位 carrying its group's sums, and 全市合计 below the groups: two totals, no unit
    city = [sum(r[k] for r in CITY_UNITS) for k in range(2, 7)]
    districts = [sum(r[k] for r in DISTRICTS) for k in range(2, 7)]
    rows = [[TITLE], y.MAILBOX_HEADERS, ["一、市直单位", "", *city], *CITY_UNITS]
    rows += [
        ["二、区（市）", "", *districts],
        *DISTRICTS,
        ["", "全市合计", *(a + b for a, b in zip(city, districts, strict=True))],
    ]
    h, f = handling(layouts.table_csv(tmp_path / "a.csv", rows))
    assert by_unit(h) == {"市教育局": 26, "市政府办": 21, "市统计局": 10, "贵溪市": 47, "余江区": 10}
    assert set(h["tier"]) == {"市直单位", "区(市)"}
    assert f.empty, f["message"].tolist()
    rows[2][2] += 1  # the heading's sum no longer its group's: said at its cell
    h, f = handling(layouts.table_csv(tmp_path / "b.csv", rows))
    assert list(f["code"]) == ["total-mismatch"] and (f["row"].iloc[0], f["column"].iloc[0]) == (3, "C")


def test_d13_a_subtotal_above_its_block_totals_the_rows_below(tmp_path):
    city = [sum(r[k] for r in CITY_UNITS) for k in range(2, 7)]
    districts = [sum(r[k] for r in DISTRICTS) for k in range(2, 7)]
    rows = [[TITLE], y.MAILBOX_HEADERS, ["", "市直单位小计", *city], *CITY_UNITS]
    rows += [["", "县区小计", *districts], *DISTRICTS]
    h, f = handling(layouts.table_csv(tmp_path / "a.csv", rows))
    assert len(h) == 5 and f.empty, f["message"].tolist()


def _annex(ws, rows: list[list]) -> None:
    for row in rows:
        ws.append(row)


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_d19_hidden_sheet_is_said_not_summed(tmp_path, state):
    wb = Workbook()
    ws = wb.active
    ws.title = "附件4"
    _annex(ws, [[TITLE], y.MAILBOX_HEADERS, *CITY_UNITS])
    draft = wb.create_sheet("初稿")
    _annex(draft, [[TITLE], y.MAILBOX_HEADERS, [1, "市教育局", 99, 90, 9, 0, 0]])
    draft.sheet_state = state
    wb.save(tmp_path / "annex.xlsx")
    h, f = handling(tmp_path / "annex.xlsx")
    assert by_unit(h) == {"市教育局": 26, "市政府办": 21, "市统计局": 10}
    assert list(f["code"]) == ["hidden-sheet"]
    assert f["sheet"].iloc[0] == "初稿" and "隐藏" in f["message"].iloc[0]


@pytest.mark.parametrize("written", [b"state = 'hidden'", b'state="hidden"'])
def test_d19_a_hidden_state_however_written_beside_visible_ones_is_said(tmp_path, written):
    wb = Workbook()
    _annex(wb.active, [[TITLE], y.MAILBOX_HEADERS, *CITY_UNITS])
    wb.active.title = "附件4"
    _annex(wb.create_sheet("初稿"), [[TITLE], y.MAILBOX_HEADERS, [1, "市教育局", 99, 90, 9, 0, 0]])
    wb["初稿"].sheet_state = "hidden"
    wb.save(tmp_path / "openpyxl.xlsx")
    with (
        zipfile.ZipFile(tmp_path / "openpyxl.xlsx") as zin,
        zipfile.ZipFile(tmp_path / "annex.xlsx", "w") as zout,
    ):
        for item in zin.infolist():
            data = zin.read(item)
            if (
                item.filename == "xl/workbook.xml"
            ):  # the shown sheet says so, the draft its state spaced or quoted
                assert data.count(b'state="visible"') == 1 and data.count(b'state="hidden"') == 1
                data = data.replace(b'state="hidden"', written)
            zout.writestr(item, data)
    h, f = handling(tmp_path / "annex.xlsx")
    assert by_unit(h) == {"市教育局": 26, "市政府办": 21, "市统计局": 10}
    assert list(f["code"]) == ["hidden-sheet"] and f["sheet"].iloc[0] == "初稿"


def _merge_in_xml(src, dst, ranges: list[str]) -> None:
    """``src`` with ``ranges`` merged in its sheet's XML, the cells under them kept."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<mergeCells.*?</mergeCells>", b"", data, flags=re.S)
                cells = b"".join(b'<mergeCell ref="%s"/>' % r.encode() for r in ranges)
                data = data.replace(
                    b"</sheetData>",
                    b'</sheetData><mergeCells count="%d">%s</mergeCells>' % (len(ranges), cells),
                )
            zout.writestr(item, data)


def test_d19_a_unit_in_two_shown_tables_of_one_period_is_said(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "附件4"
    _annex(ws, [[TITLE], y.MAILBOX_HEADERS, *CITY_UNITS])
    _annex(wb.create_sheet("修改稿"), [[TITLE], y.MAILBOX_HEADERS, [1, "市教育局", 99, 90, 9, 0, 0]])
    wb.save(tmp_path / "annex.xlsx")
    h, f = handling(tmp_path / "annex.xlsx")
    assert len(h) == 4  # both printed, both kept
    said = f[f["code"] == "duplicate-unit"]
    assert len(said) == 1 and said["sheet"].iloc[0] == "修改稿" and "附件4" in said["message"].iloc[0]


def test_d19_hidden_rows_and_columns_are_said_not_summed(tmp_path):
    wb = Workbook()
    ws = wb.active
    _annex(ws, [[TITLE], [*y.MAILBOX_HEADERS, "上季度受理"], *([*r, 30] for r in CITY_UNITS)])
    ws.append([4, "市教育局", 99, 90, 9, 0, 0, 0])  # last quarter's row, hidden, not printed
    ws.row_dimensions[6].hidden = True
    ws.column_dimensions["H"].hidden = True
    wb.save(tmp_path / "annex.xlsx")
    ds = govstats.load(tmp_path / "annex.xlsx")
    assert by_unit(ds.handling) == {"市教育局": 26, "市政府办": 21, "市统计局": 10}
    assert ds.extras.empty
    said = ds.findings[ds.findings["code"] == "hidden-lines"]["message"].tolist()
    assert len(said) == 2 and "第6行" in said[0] and "第H列" in said[1]


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_d19_hidden_rows_and_columns_are_said_not_summed_in_every_workbook_format(fmt):
    # The same annex saved by LibreOffice as .xls and .ods (tests/data/hidden/make.py): a
    # BIFF ROW record's fDyZero, an OpenDocument table:visibility="collapse" hide as Excel's do.
    ds = govstats.load(DATA / "hidden" / f"annex.{fmt}")
    assert by_unit(ds.handling) == {"市教育局": 26, "市政府办": 21, "市统计局": 10}
    assert ds.extras.empty
    said = ds.findings[ds.findings["code"] == "hidden-lines"]
    assert len(said) == 2 and set(said["sheet"]) == {"附件4"}
    assert "第6行" in said["message"].iloc[0] and "第H列" in said["message"].iloc[1]


def test_d20_merged_count_cell_is_one_value_and_a_finding(tmp_path):
    wb = Workbook()
    ws = wb.active
    _annex(
        ws,
        [
            [TITLE],
            y.MAILBOX_HEADERS[:4],
            [1, "市教育局", 0, 0],
            [2, "市政府办", None, None],
            [3, "市统计局", 10, 10],
        ],
    )
    ws.merge_cells("C3:C4")
    ws.merge_cells("D3:D4")
    wb.save(tmp_path / "merged.xlsx")
    page = tmp_path / "merged.html"
    page.write_text(
        f"<html><body><p>{TITLE}</p><table><tr><td>序号</td><td>受理单位</td><td>受理诉求(条)</td>"
        "<td>按时办结(条)</td></tr><tr><td>1</td><td>市统计局</td><td rowspan='2'>30</td><td>10</td></tr>"
        "<tr><td>2</td><td>市公安局</td><td>20</td></tr></table></body></html>",
        encoding="utf-8",
    )
    h, f = handling(tmp_path / "merged.xlsx")
    assert by_unit(h) == {"市教育局": 0, "市政府办": None, "市统计局": 10}
    merged = f[f["code"] == "merged-count"]
    assert list(merged["column"]) == ["C", "D"] and list(merged["row"]) == [3, 3]
    assert all("市政府办" in m for m in merged["message"])
    # A value a file keeps under the merge (Excel shows and prints only C3's) is not read either.
    ws.unmerge_cells("C3:C4")
    ws["C4"] = 7
    wb.save(tmp_path / "plain.xlsx")
    _merge_in_xml(tmp_path / "plain.xlsx", tmp_path / "hidden-under-merge.xlsx", ["C3:C4", "D3:D4"])
    h, f = handling(tmp_path / "hidden-under-merge.xlsx")
    assert by_unit(h) == {"市教育局": 0, "市政府办": None, "市统计局": 10}
    h, f = handling(page)
    assert by_unit(h) == {"市统计局": 30, "市公安局": None}
    assert by_unit(h, "on_time") == {"市统计局": 10, "市公安局": 20}
    assert "市公安局" in f[f["code"] == "merged-count"]["message"].iloc[0]


def test_d20_a_cell_merged_over_count_columns_is_said(tmp_path):
    wb = Workbook()
    ws = wb.active
    _annex(ws, [[TITLE], y.MAILBOX_HEADERS[:4], [1, "市教育局", 26, 24], [2, "市政府办", "未报送", None]])
    ws.merge_cells("C4:D4")
    wb.save(tmp_path / "across.xlsx")
    h, f = handling(tmp_path / "across.xlsx")
    assert by_unit(h, "on_time") == {"市教育局": 24, "市政府办": None}
    said = f[f["code"] == "merged-count"]
    assert len(said) == 1 and "市政府办的按时办结(条)" in said["message"].iloc[0]
    assert (said["row"].iloc[0], said["column"].iloc[0]) == (4, "C")


def _side_by_side(path, gap: int) -> None:
    wb = Workbook()
    ws = wb.active
    left = [[TITLE], y.MAILBOX_HEADERS, *CITY_UNITS[:2]]
    right = [["鹰潭市2022年第一季度依申请公开办理情况"], ["序号", "受理单位", "受理件数", "按时办结"]]
    right += [[1, "市公安局", 5, 5], [2, "市财政局", 3, 2]]
    for a, b in zip(left, right, strict=True):
        ws.append([*a, *[None] * (len(y.MAILBOX_HEADERS) - len(a) + gap), *b])
    wb.save(path)


@pytest.mark.parametrize("gap", [1, 2, 0])  # 0: printed with no empty column between
def test_d21_side_by_side_tables_are_two_tables(tmp_path, gap):
    _side_by_side(tmp_path / "two.xlsx", gap=gap)
    h, f = handling(tmp_path / "two.xlsx")
    assert f.empty, f["message"].tolist()
    got = {
        (u, c, r, p) for u, c, r, p in h[["unit", "channel", "received", "publisher"]].itertuples(index=False)
    }
    assert got == {
        ("市教育局", "mailbox", 26, "鹰潭市"),
        ("市政府办", "mailbox", 21, "鹰潭市"),
        ("市公安局", "ogi_request", 5, "鹰潭市"),
        ("市财政局", "ogi_request", 3, "鹰潭市"),
    }
    assert set(h["period"].astype(str)) == {"2022Q1"}


def test_d21_an_empty_column_inside_one_table_separates_nothing(tmp_path):
    rows = [[TITLE], ["序号", "受理单位", "", "受理诉求(条)", "按时办结(条)"]]
    rows += [[i, u, "", rc, ot] for i, u, rc, ot, *_ in CITY_UNITS]
    h, f = handling(layouts.table_csv(tmp_path / "a.csv", rows))
    assert by_unit(h) == {"市教育局": 26, "市政府办": 21, "市统计局": 10}
    assert by_unit(h, "on_time") == {"市教育局": 24, "市政府办": 20, "市统计局": 10}
    assert f.empty, f["message"].tolist()


def test_d22_problem_row_with_a_header_word_is_data(tmp_path):
    wb = Workbook()
    _annex(
        wb.active,
        [
            ["某市人民政府办公室2023年第二季度政府网站检查问题清单"],
            ["网站名称", "存在问题"],
            ["县教育局网站", "首页栏目长期未更新"],
            ["县林业局网站", "存在错别字"],
            ["县林业局网站", "政务咨询类无信件没有文字说明"],
            ["县水利局网站", "栏目两年未更新"],
            ["县档案局网站", "未标注统计时间"],
        ],
    )
    wb.save(tmp_path / "problems.xlsx")
    ds = govstats.load(tmp_path / "problems.xlsx")
    p = ds.problems
    assert list(p["problem"]) == [
        "首页栏目长期未更新",
        "存在错别字",
        "政务咨询类无信件没有文字说明",
        "栏目两年未更新",
        "未标注统计时间",
    ]
    assert set(p["publisher"]) == {"某市"} and set(p["period"].astype(str)) == {"2023Q2"}


def test_d22_a_first_row_like_the_band_and_a_band_repeated_over_pages_are_not_new_tables(tmp_path):
    rows = [
        ["某市人民政府办公室2023年第二季度政府网站检查问题清单"],
        ["网站名称", "存在问题"],
        ["县林业局网站", "政务咨询类无信件没有文字说明"],
        ["县水利局网站", "栏目两年未更新"],
        ["网站名称", "存在问题"],  # the next page repeats the band
        ["县教育局网站", "首页栏目长期未更新"],
    ]
    p = govstats.load(layouts.table_csv(tmp_path / "p.csv", rows)).problems
    assert list(p["name"]) == ["县林业局网站", "县水利局网站", "县教育局网站"]
    assert set(p["publisher"]) == {"某市"}


def test_a_table_whose_only_count_header_is_unknown_reaches_extras(tmp_path):
    path = layouts.table_csv(
        tmp_path / "hotline.csv",
        [
            ["鄂尔多斯市2023年第二季度12345热线旗区接通情况"],
            ["旗区", "成功应答(通)"],
            ["东胜区", 1200],
            ["康巴什区", 800],
        ],
    )
    ds = govstats.load(path)
    assert ds.handling.empty  # no unit with its counts unknown, which would leave the city's sums unknown
    extras = ds.extras
    assert set(extras["channel"]) == {"hotline"} and set(extras["publisher"]) == {"鄂尔多斯市"}
    assert list(zip(extras["unit"], extras["value"].astype(str), strict=True)) == [
        ("东胜区", "1200"),
        ("康巴什区", "800"),
    ]
    assert list(ds.findings["code"]) == ["unknown-column"]
    assert ds.findings["row"].iloc[0] == 2 and ds.findings["column"].iloc[0] == "B"


def test_d19_an_opendocument_table_hides_rows_by_repeat_and_filter_and_is_named_unescaped():
    content = (
        b'<table:table table:name="R&amp;D"><table:table-column table:number-columns-repeated="2"/>'
        b'<table:table-column table:visibility="collapse"/><table:table-row><table:table-cell/>'
        b'</table:table-row><table:table-row table:number-rows-repeated="2" table:visibility="filter">'
        b"<table:table-cell/></table:table-row><table:table-row/></table:table>"
        b'<table:table table:name="shown"><table:table-row table:visibility="visible"/></table:table>'
    )
    assert odsxml.ods_hidden_lines(content) == {"R&D": ({1, 2}, {2})}


def test_d19_an_opendocument_table_is_named_by_its_name_not_its_style_name():
    # Attributes come in any order: table:style-name written first once named the table "ta1"
    # (its hidden rows then matched no sheet and were read).
    content = (
        b'<table:table table:style-name="ta1" table:name="T"><table:table-row table:visibility="collapse">'
        b'<table:table-cell office:value-type="float"/></table:table-row></table:table>'
    )
    assert odsxml.ods_hidden_lines(content) == {"T": ({0}, set())}
    assert odsxml.ods_extent(content) == (1, "T")
