"""Excel, CSV and Parquet export, read back with openpyxl / pandas. Expected figures are
worked out by hand from annex 4 of data/raw/yingtan-2022Q1-notice.txt (部门信箱受理情况)."""

from __future__ import annotations

import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

import govstats
from fixtures.printing import libreoffice_pdf, page_size, pages
from govstats import labels, schema
from govstats.dataset import Dataset
from govstats.errors import UsageError
from govstats.present.workbook.export import to_csv, to_excel, to_parquet

RAW = "data/raw"
HEADERS = ["序号", "受理单位", "受理诉求(条)", "按时办结(条)", "超期办结(条)", "未办结(条)", "超期未办结(条)",
           "按时办结率", "办结率"]  # fmt: skip
FORMULA_UNIT = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "yingtan.xlsx"
    assert to_excel(govstats.load(RAW), path) == path
    return openpyxl.load_workbook(path)


def _rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _find(ws, text: str, column: int = 1) -> int:
    """Row number of the first row whose ``column`` reads ``text``."""
    for row in ws.iter_rows(min_col=column, max_col=column):
        if row[0].value == text:
            return row[0].row
    raise AssertionError(f"{text!r} not in column {column} of {ws.title}")


def _unit_row(ws, unit: str) -> int:
    return _find(ws, unit, column=2)


def test_sheet_names(book):
    # in the notice's order: 附件1 websites, 附件2 accounts, 附件3 依申请公开, 附件4 部门信箱; then the
    # findings and the tidy tables, all in Chinese (附件格式: how each annex was printed);
    # extras is empty on data/raw, so left out
    assert book.sheetnames == ["问题政府网站", "问题政务新媒体", "依申请公开", "部门信箱", "数据核查",
                               "办理情况明细", "问题网站和新媒体明细", "正文数字", "通报", "正文点名",
                               "附件格式", "核查明细"]  # fmt: skip


def test_mailbox_title_header_groups_and_print_order(book):
    ws = book["部门信箱"]
    assert ws["A1"].value == "鹰潭市2022年第一季度部门信箱受理情况"
    assert "A1:I1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == HEADERS
    assert ws.freeze_panes == "A3"
    # group rows as printed: 一、市直单位 first, then its 20 units, then 二、区(市)
    assert ws["A3"].value == "一、市直单位" and "A3:I3" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A24"].value == "二、区(市)"
    assert [ws.cell(4, c).value for c in range(1, 8)] == [1, "市教育局", 26, 24, 2, 0, 0]
    assert [ws.cell(25, c).value for c in range(1, 8)] == [1, "贵溪市", 47, 38, 9, 0, 0]  # 序号 restarts
    assert ws.cell(23, 2).value == "市住房公积金管理中心" and ws.cell(23, 1).value == 20
    # printed 4 received, 0 on time, 4 late, 1 pending, 1 overdue: marked, its sum is off by one
    justice = _unit_row(ws, "市司法局※")
    assert [ws.cell(justice, c).value for c in range(3, 8)] == [4, 0, 4, 1, 1]


def test_mailbox_total_row_by_hand(book):
    ws = book["部门信箱"]
    row = _find(ws, "合计※")  # it sums 市司法局's unbalanced row
    assert row == 30  # title, header, 2 group rows, 25 units
    # annex 4 summed by hand: received 26+21+10+9+9+9+9+8+4+4+3+3+2+1+1+1+1+1+1+1 (124)
    # + 47+10+6+2+2 (67) = 191; on time 107+54 = 161; late 30; pending 1; overdue 1
    assert [ws.cell(row, c).value for c in range(3, 8)] == [191, 161, 30, 1, 1]
    assert ws.cell(row, 8).value == pytest.approx(161 / 191)
    assert f"A{row}:B{row}" in {str(r) for r in ws.merged_cells.ranges}
    remark = ws.cell(row + 1, 1).value
    assert remark == "备注：统计时间：2022年1月1日—2022年3月31日"


def test_rate_cells_are_floats_with_percent_format(book):
    ws = book["部门信箱"]
    cell = ws.cell(_unit_row(ws, "市教育局"), 8)
    assert isinstance(cell.value, float) and cell.value == pytest.approx(24 / 26)
    assert cell.number_format == "0.0%"
    assert ws.cell(_unit_row(ws, "贵溪市"), 8).value == pytest.approx(38 / 47)
    assert ws.cell(_unit_row(ws, "贵溪市"), 9).number_format == "0.0%"
    assert isinstance(ws.cell(4, 3).value, int)  # counts are numbers, not text


def test_ogi_sheet_and_widths(book):
    ws = book["依申请公开"]
    assert ws["A1"].value == "鹰潭市2022年第一季度依申请公开受理情况"
    assert ws["C2"].value == "受理申请(条)"
    assert [ws.cell(4, c).value for c in range(1, 8)] == [1, "市生态环境局", 1, 1, 0, 0, 0]
    mailbox = book["部门信箱"]
    # the unit column fits 高新技术产业开发区管委会 (12 CJK characters = 24 columns)
    assert mailbox.column_dimensions["B"].width >= 24
    assert mailbox.column_dimensions["A"].width < 12  # not stretched by the group rows


def test_problem_sheets_are_laid_out_as_annexes_1_and_2(book):
    # data/raw/yingtan-2022Q1-notice.txt, 附件1 (one website) and 附件2 (six accounts), as printed
    sites = _rows(book["问题政府网站"])
    assert sites[0][0] == "鹰潭市2022年第一季度存在突出问题的政府网站名单"
    assert sites[1] == ["序号", "网站名称", "网站标识码", "首页网址", "主要存在问题"]
    assert sites[2:-1] == [[1, "鹰潭市体育局", "3606000021", "http://tyj.yingtan.gov.cn/", "栏目不更新"]]
    assert sites[-1][0] == "备注：检查时间3月31日"  # the row under the list, as the publisher printed it
    accounts = _rows(book["问题政务新媒体"])
    assert accounts[1] == ["序号", "填报单位", "账号类型", "账号名称", "主要存在问题"]
    assert accounts[-1][0] == "备注：检查时间2022年3月31日"
    assert len(accounts) == 2 + 6 + 1 and accounts[2] == [
        1,
        "鹰潭市行政审批局",
        "微信订阅号",
        "江西省鹰潭市行政审批局",
        "未提供有效互动渠道",
    ]
    assert accounts[7][3] == "龙虎山魅力之镇" and accounts[7][4] == "互动回应差"
    assert book["问题政务新媒体"].print_title_rows == "$1:$2"


def test_findings_sheet_in_chinese_with_places_and_wrapped_text(book):
    ws = book["数据核查"]
    title, *findings = _rows(ws)
    assert title[0] == "数据核查结果" and ws.print_title_rows == "$1:$2"  # every period loaded
    assert findings[0] == ["序号", "级别", "类别", "说明", "位置"]
    justice = next(r for r in findings[1:] if r[2] == "行内数字不平衡")
    assert justice[1] == "错误" and justice[4] == "yingtan-2022Q1-annexes.xlsx 工作表“附件4”第13行C列"
    assert any(
        r[1] == "错误" and "192" in r[3] and r[4] == "yingtan-2022Q1-notice.txt 第21行" for r in findings[1:]
    )
    message = ws.cell(_find(ws, "正文数字与附件合计不符", column=3), 4)
    assert message.alignment.wrap_text and ws.column_dimensions["D"].width <= 42
    assert ws.row_dimensions[message.row].height > 30  # a long message gets the lines it needs


def test_tidy_sheets_hold_every_row_in_chinese(book):
    rows = _rows(book["办理情况明细"])
    assert rows[0] == [labels.column(c) for c in schema.COLUMNS["handling"]]
    assert rows[0][:7] == ["发布单位", "统计期", "渠道", "渠道名称", "类别", "类别(原文)", "单位"]
    assert len(rows) == 1 + 26  # 25 mailbox units + 1 依申请公开 unit
    completed = rows[0].index("办结")
    assert all(r[completed] is None for r in rows[1:])  # the annexes print no 办结 column
    assert {r[2] for r in rows[1:]} == {"信箱", "依申请公开"} and {r[1] for r in rows[1:]} == {
        "2022年第一季度"
    }
    assert book["办理情况明细"].freeze_panes == "A2"
    kinds = {r[2] for r in _rows(book["问题网站和新媒体明细"])[1:]}
    assert kinds == {"政府网站", "政务新媒体"}  # not website, new_media


def test_every_sheet_prints_on_a4_one_page_wide_in_a_chinese_face(book):
    for ws in book.worksheets:
        assert ws.page_setup.paperSize == 9, ws.title  # A4 in Excel's numbering
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.page_setup.fitToHeight == 0, ws.title  # as many pages tall as needed
        assert ws.print_title_rows in ("$1:$1", "$1:$2"), ws.title
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {"宋体"}, (ws.title, fonts)
    assert book["部门信箱"].page_setup.orientation == "landscape"  # nine columns
    assert book["问题政府网站"].page_setup.orientation == "portrait"
    assert book["部门信箱"].print_title_rows == "$1:$2"  # title and header on every page


def _handling(records: list[dict]) -> pd.DataFrame:
    base = {"publisher": "甲市", "period": pd.Period("2023Q2", "Q"), "channel": "mailbox",
            "channel_raw": "部门信箱", "tier": "市直单位", "tier_raw": "一、市直单位"}  # fmt: skip
    return schema.frame("handling", [{**base, **r} for r in records])


def test_formula_unit_stays_text(tmp_path):
    ds = Dataset(handling=_handling([{"unit": FORMULA_UNIT, "received": 3, "on_time": 3, "late_completed": 0},
                                     {"unit": "+市乙局", "received": 2, "on_time": 1, "late_completed": 1},
                                     {"unit": "\x07=1+1", "received": 1, "on_time": 1, "late_completed": 0}]))  # fmt: skip
    wb = openpyxl.load_workbook(to_excel(ds, tmp_path / "f.xlsx"))
    for ws in (wb["部门信箱"], wb["办理情况明细"]):
        cells = [
            c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value
        ]
        assert cells and all(c.data_type == "s" and c.value == "'" + FORMULA_UNIT for c in cells)
        assert any(c.value == "'+市乙局" for row in ws.iter_rows() for c in row)
        assert any(c.value == "'=1+1" and c.data_type == "s" for row in ws.iter_rows() for c in row)
    csv = (tmp_path / "csv").as_posix()
    to_csv(ds, csv)
    assert "'" + FORMULA_UNIT in pd.read_csv(f"{csv}/handling.csv", encoding="utf-8-sig")["unit"].tolist()


def test_missing_counts_stay_empty_never_zero(tmp_path):
    # a table without 超期未办结; one unit lacks 未办结; one received nothing (no rate)
    ds = Dataset(handling=_handling([
        {"unit": "市甲局", "received": 5, "on_time": 4, "late_completed": 1, "pending": 0},
        {"unit": "市乙局", "received": 3, "on_time": 2, "late_completed": 0},
        {"unit": "市丙局", "received": 0, "on_time": 0, "late_completed": 0, "pending": 0},
    ]))  # fmt: skip
    wb = openpyxl.load_workbook(to_excel(ds, tmp_path / "m.xlsx"))
    ws = wb["部门信箱"]
    headers = [c.value for c in ws[2]]
    assert "超期未办结(条)" not in headers and "未办结(条)" in headers
    pending = headers.index("未办结(条)") + 1
    assert ws.cell(_unit_row(ws, "市乙局"), pending).value is None
    assert ws.cell(_find(ws, "合计"), pending).value is None  # a partial sum would understate
    assert ws.cell(_find(ws, "合计"), 3).value == 8
    assert ws.cell(_unit_row(ws, "市丙局"), headers.index("按时办结率") + 1).value is None
    tidy = _rows(wb["办理情况明细"])
    for rec, row in zip(ds.handling.to_dict("records"), tidy[1:], strict=True):
        for col, value in zip(schema.COLUMNS["handling"], row, strict=True):
            if col in schema.COUNT_FIELDS and pd.isna(rec[col]):
                assert value is None, (rec["unit"], col)


def test_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    from openpyxl.workbook.workbook import Workbook

    ds = Dataset(handling=_handling([{"unit": "市甲局", "received": 1, "on_time": 1, "late_completed": 0}]))
    target = tmp_path / "out.xlsx"

    def broken_save(self, filename):
        with open(filename, "wb") as fh:
            fh.write(b"PK\x03\x04 half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        to_excel(ds, target)
    assert list(tmp_path.iterdir()) == []
    target.write_bytes(b"the previous export")
    with pytest.raises(OSError):
        to_excel(ds, target)
    assert target.read_bytes() == b"the previous export" and list(tmp_path.iterdir()) == [target]


def test_period_and_publisher_selection(tmp_path):
    q1, q2 = pd.Period("2023Q1", "Q"), pd.Period("2023Q2", "Q")
    ds = Dataset(handling=pd.concat([
        _handling([{"period": q1, "unit": "市甲局", "received": 4, "on_time": 4, "late_completed": 0}]),
        _handling([{"period": q2, "unit": "市甲局", "received": 6, "on_time": 3, "late_completed": 3}]),
        _handling([{"publisher": "乙市", "period": pd.Period("2023-05", "M"), "channel": "ogi_request",
                    "channel_raw": None, "tier": None, "tier_raw": None, "unit": "乙市某局", "received": 2, "on_time": 2,
                    "late_completed": 0}]),
    ], ignore_index=True))  # fmt: skip
    wb = openpyxl.load_workbook(to_excel(ds, tmp_path / "all.xlsx"))
    # one summary per publisher, each at its own latest period
    assert wb.sheetnames[:2] == ["甲市部门信箱", "乙市依申请公开"]
    assert wb["甲市部门信箱"]["A1"].value == "甲市2023年第二季度部门信箱受理情况"
    assert wb["乙市依申请公开"]["A1"].value == "乙市2023年5月依申请公开受理情况"
    assert wb["乙市依申请公开"]["A3"].value == 1  # no tier: no group row
    assert wb["乙市依申请公开"]["A5"].value == "备注：统计时间：2023年5月1日—2023年5月31日"
    wb = openpyxl.load_workbook(to_excel(ds, tmp_path / "q1.xlsx", period="2023Q1", publisher="甲市"))
    assert wb.sheetnames[0] == "部门信箱"
    ws = wb["部门信箱"]
    assert ws["A1"].value == "甲市2023年第一季度部门信箱受理情况"
    assert ws.cell(_find(ws, "合计"), 3).value == 4
    # a publisher's period chosen: every sheet holds that publisher's period only
    assert [r[:2] for r in _rows(wb["办理情况明细"])[1:]] == [["甲市", "2023年第一季度"]]
    with pytest.raises(UsageError):
        to_excel(ds, tmp_path / "none.xlsx", period="2019Q1")


def test_csv_and_parquet_every_table(tmp_path):
    ds = govstats.load(RAW)
    csvs, parquets = to_csv(ds, tmp_path), to_parquet(ds, tmp_path)
    assert sorted(p.name for p in csvs) == sorted(f"{t}.csv" for t in schema.TABLES)
    handling = pd.read_parquet(tmp_path / "handling.parquet")
    assert handling.loc[handling["channel"] == "mailbox", "received"].sum() == 191
    assert set(handling["period"]) == {"2022Q1"}
    assert (tmp_path / "handling.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    assert len(parquets) == len(schema.TABLES)


def test_importing_export_does_not_load_openpyxl():
    code = "import sys, govstats, govstats.present.workbook.export; print('openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_other_publisher_without_on_time_split(tmp_path):
    # 汉中 prints 承办件数/办结数/在办数/超时未办数, no tiers: no 按时办结 column, no rate of it
    case = "tests/data/other-publishers/hanzhong-2022-08-mailbox"
    wb = openpyxl.load_workbook(to_excel(govstats.load(f"{case}/input.html"), tmp_path / "hz.xlsx"))
    ws = wb["信箱"]  # its title says 信件 only: whose mailbox it is goes unsaid, never guessed
    assert ws["A1"].value == "汉中市2022年8月信箱受理情况"
    assert [c.value for c in ws[2]] == ["序号", "受理单位", "受理诉求(条)", "办结(条)", "未办结(条)",
                                        "超期未办结(条)", "办结率"]  # fmt: skip
    assert [ws.cell(3, c).value for c in range(1, 7)] == [
        1,
        "汉台区人民政府",
        96,
        91,
        5,
        0,
    ]  # first printed row
    # the case's hand-made expected.csv (37 rows as printed) summed: 396 received, 357 done, 39 pending
    expected = pd.read_csv(f"{case}/expected.csv")
    total = _find(ws, "合计")
    assert total == 3 + len(expected)
    got = [ws.cell(total, c).value for c in range(3, 7)]
    assert got == expected[["received", "completed", "pending", "overdue_pending"]].sum().tolist()
    assert got[:3] == [396, 357, 39]
    assert ws.cell(total, 7).value == pytest.approx(357 / 396)
    assert ws.cell(total + 1, 1).value == "备注：统计时间：2022年8月1日—2022年8月31日"


def test_period_known_only_from_a_narrative(tmp_path):
    # the 2021Q4 notice head has narrative figures but no annex: no annex sheets, no error, and
    # no empty sheet for the problems and findings it does not have (2022Q1's are not its own)
    ds = govstats.load(RAW)
    wb = openpyxl.load_workbook(to_excel(ds, tmp_path / "q4.xlsx", period="2021Q4"))
    assert wb.sheetnames == ["正文数字", "通报", "正文点名"]  # 2021Q4 names 鹰潭市体育局
    q4 = _rows(wb["正文数字"])[1:]
    assert len(q4) == (ds.headline["period"] == pd.Period("2021Q4", "Q")).sum() == 8
    assert {r[1] for r in q4} == {"2021年第四季度"}
    back = govstats.load(tmp_path / "q4.xlsx")  # read back as govstats' own, not as an annex
    assert len(back.headline) == 8 and set(back.headline["period"]) == {pd.Period("2021Q4", "Q")}


@pytest.mark.parametrize(
    ("case", "title"),
    [
        ("tongchuan-2025Q1-mailbox/input.html", "铜川市2025年第一季度市长信箱受理情况"),
        # traditional characters with pinyin glosses: 市長(zhǎng)信箱
        ("weinan-2021Q4-mailbox-counties-trad/input.html", "渭南市2021年第四季度市长信箱受理情况"),
    ],
)
def test_a_mailbox_keeps_the_name_its_table_prints(tmp_path, case, title):
    ds = govstats.load(f"tests/data/other-publishers/{case}")
    assert set(ds.handling["channel_raw"]) == {"市长信箱"}
    wb = openpyxl.load_workbook(to_excel(ds, tmp_path / "m.xlsx"))
    assert wb.sheetnames[0] == "市长信箱"
    assert wb["市长信箱"]["A1"].value == title


def test_libreoffice_prints_each_yingtan_annex_on_one_a4_page(tmp_path):
    # as an office checks a workbook before sending it: printed by LibreOffice to PDF
    book = to_excel(govstats.load(RAW), tmp_path / "鹰潭.xlsx")
    pdf = libreoffice_pdf(book, tmp_path)
    assert page_size(pdf).startswith("595.3") and "841.8" in page_size(pdf)  # A4 in points
    printed = pages(pdf)
    annexes = {
        "鹰潭市2022年第一季度存在突出问题的政府网站名单": ["鹰潭市体育局"],
        "鹰潭市2022年第一季度存在突出问题的政务新媒体名单": ["鹰潭市行政审批局", "龙虎山魅力之镇"],
        "鹰潭市2022年第一季度依申请公开受理情况": ["市生态环境局", "合计"],
        "鹰潭市2022年第一季度部门信箱受理情况": ["市教育局", "高新技术产业开发区管委会", "合计", "备注"],
    }
    for title, words in annexes.items():
        on = [p for p in printed if title in p]  # the title row is repeated on every printed page
        assert len(on) == 1, (title, len(on))
        assert all(w in on[0] for w in words), title  # first and last rows on that one page
        assert "第" in on[0] and "页，共" in on[0]  # the footer's page number
    assert all("办结率" in p for p in printed if "部门信箱受理情况" in p)  # the widest column is not cut off


def test_the_workbook_marks_the_total_of_an_unbalanced_row_and_cites_sources_in_chinese(tmp_path):
    ds = govstats.load(RAW)
    wb = openpyxl.load_workbook(to_excel(ds, tmp_path / "q1.xlsx"))
    mail = wb["部门信箱"]
    rows = _rows(mail)
    # annex 4 by hand: 191 received, 161 + 30 handled, 1 pending, all of it 市司法局's row
    # (受理4, 超期办结4, 未办结1): 办结率 191/191 = 100.0% beside 未办结 1 is the printed figures'
    total = next(r for r in rows if isinstance(r[0], str) and r[0].startswith("合计"))
    assert total[0] == "合计※" and total[2:7] == [191, 161, 30, 1, 1] and total[-1] == 1  # 办结率 100%
    assert any(r[1] == "市司法局※" for r in rows) and not any(r[1] == "市教育局※" for r in rows)
    notes = [r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("※")]
    assert notes == [
        "※市司法局：按时办结0 + 超期办结4 + 未办结1 = 5，但受理4（超期未办结按含于未办结计）。"
        "该行及合计的比率按原表数字计算，仅供参考。"
    ]
    assert not any(isinstance(r[0], str) and r[0].startswith("※") for r in _rows(wb["依申请公开"]))
    # the 来源 column in Chinese, as 数据核查 says places; read back as the very same sources
    sheet = _rows(wb[labels.TIDY_SHEETS["handling"]])
    at = sheet[0].index(labels.column("source"))
    assert sheet[1][at] == "yingtan-2022Q1-annexes.xlsx 工作表“附件3”第5行"
    assert not any("sheet " in str(r[at]) for r in sheet[1:])
    lines = _rows(wb[labels.TIDY_SHEETS["headline"]])
    assert "yingtan-2022Q1-notice.txt 第21行" in {r[lines[0].index(labels.column("source"))] for r in lines}
    back = govstats.load(tmp_path / "q1.xlsx")  # the tidy sheets hold every period loaded
    for name in ("handling", "headline", "problems", "mentions"):
        assert sorted(getattr(back, name)["source"]) == sorted(getattr(ds, name)["source"]), name


def test_a_csv_row_is_cited_as_a_table_row_and_read_back_as_one():
    from govstats.source import cited, from_cited

    for exact, said in [
        ("信箱.csv, row 2", "信箱.csv 表格第2行"),
        ("通报.txt, line 14", "通报.txt 第14行"),
        ("页面.html, sheet table 2, cell C5", "页面.html 第2个表格第5行C列"),
        ("附件.xlsx, sheet 附件4, cell AB13", "附件.xlsx 工作表“附件4”第13行AB列"),
        ("附件.xlsx", "附件.xlsx"),
    ]:
        assert cited(exact) == said and from_cited(said) == exact
    assert from_cited("附件.xlsx, sheet 附件4, row 5") == "附件.xlsx, sheet 附件4, row 5"  # earlier workbooks
