"""PDF notices and annexes (govstats.read.pdf) read as the same notice as text: the Yingtan
2022 Q1 notice printed by LibreOffice (tests/data/yingtan, its README says how it was
made) against the figures copied by hand from the published text (fixtures/yingtan.py),
and what cannot be read (a scan, a password, a damaged or oversized file) said per file."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import govstats
from fixtures import yingtan as y
from govstats import errors
from govstats.read import pdf, pdf_layout, pdf_tables
from govstats.read.document import read_document

DATA = Path(__file__).resolve().parent / "data" / "yingtan"
NOTICE = DATA / "notice.pdf"
# Hand-counted in data/raw/yingtan-2022Q1-notice.txt: annex 3's one row and annex 4's 25.
HANDLING_ROWS = 1 + 25
PROBLEM_ROWS = len(y.WEBSITES) + len(y.ACCOUNTS)  # 1 + 6
# The narrative's figures, read off its paragraph 一、总体情况 and 三(三) by hand.
FIGURES = sorted([35, 144, 1297, 1817, 1, 192, 161, 1, 30, 4])


def _doc(path: Path = NOTICE):
    return read_document(path, path.name)


@pytest.fixture(scope="module")
def notice():
    return govstats.load(NOTICE)


def test_the_yingtan_notice_as_pdf_gives_what_its_text_gives(notice):
    assert notice.inputs[0].ok
    assert len(notice.handling) == HANDLING_ROWS and len(notice.problems) == PROBLEM_ROWS
    mailbox = notice.handling[notice.handling["channel"] == "mailbox"]
    got = {(r.tier, r.unit): [r.received, r.on_time, r.late_completed, r.pending, r.overdue_pending]
           for r in mailbox.itertuples()}  # fmt: skip
    assert got == {(tier, unit): values for tier, unit, values in y.mailbox_rows()}
    assert sorted(notice.headline["value"].astype(int)) == FIGURES
    assert str(notice.notices["period"].iloc[0]) == "2022Q1"
    assert notice.notices["title"].iloc[0].endswith("检查情况的通报")  # its two printed lines, one title
    codes = sorted(notice.findings.loc[notice.findings["severity"] == "error", "code"])
    assert codes == ["narrative-mismatch", "row-arithmetic"]  # 192 stated, 191 in the rows; 市司法局's row


def test_wrapped_cells_are_joined_by_the_cells_width():
    # Annex 1's columns are narrow: printed 360600 / 0021 and http:// / tyj.yingta / n.gov.cn/.
    site = _doc().grids[0].cells[1]
    assert site[2:4] == ["3606000021", "http://tyj.yingtan.gov.cn/"]


def test_a_table_over_a_page_break_is_one_table_its_repeated_header_dropped():
    doc = _doc()
    mailbox = [g for g in doc.grids if "部门信箱" in g.context]
    assert len(mailbox) == 1 and len(doc.grids) == 4
    rows = mailbox[0].cells
    assert len(rows) == 1 + 2 + 25 + 1  # header, two groups, the units, the remark
    assert [r[0] for r in rows].count("序号") == 1
    assert rows[-1][:2] == ["备注", y.MAILBOX_REMARK]


def test_titles_are_the_paragraphs_above_their_tables_and_page_furniture_is_gone():
    doc = _doc()
    assert [g.context for g in doc.grids] == [
        f"附件{k}: {title}"
        for k, title in enumerate([y.WEBSITES_TITLE, y.ACCOUNTS_TITLE, y.OGI_TITLE, y.MAILBOX_TITLE], 1)
    ]
    assert not [s for s in doc.text_lines if re.fullmatch(r"—\s*\d+\s*—", s) or s == "鹰潭市人民政府办公室"]
    # a paragraph over two pages is one line: 四(二) is printed on pages 2 and 3
    assert any(s.startswith("(二)持续优化") and s.endswith("注册登录不顺畅等问题。") for s in doc.text_lines)


def test_other_readers_cells_as_a_pdf_prints_them():
    # A real case: wrapped names and problems in a ruled table (jinzhong's names wrap before 局”网).
    doc = _doc(Path(__file__).parent / "data/other-publishers/jinzhong-shanxi-2016Q2-websites/input.pdf")
    assert [r[2] for r in doc.grids[0].cells[1:3]] == ["“寿阳县环境保护局”网", "“闻喜县公安局交通警察大队”网"]


def test_a_scan_needs_ocr_and_says_so_naming_the_file(tmp_path):
    ds = govstats.load([DATA / "scanned.pdf", DATA / "notice.pdf"])
    bad, good = ds.inputs
    assert isinstance(bad.error, govstats.errors.ScannedDocumentError)
    assert "scanned.pdf" in bad.error.zh and "OCR" in bad.error.zh
    assert good.ok and len(ds.handling) == HANDLING_ROWS  # the file beside it is still read


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ((DATA / "locked.pdf").read_bytes(), errors.PasswordProtectedError),
        (NOTICE.read_bytes()[:20000], govstats.errors.CorruptFileError),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>>", govstats.errors.CorruptFileError),
    ],
    ids=["password", "cut-short", "no-document"],
)
def test_a_pdf_that_cannot_be_read_is_a_typed_error_naming_it(tmp_path, data, error):
    bad = tmp_path / "附件.pdf"
    bad.write_bytes(data)
    ds = govstats.load([bad, NOTICE])
    assert isinstance(ds.inputs[0].error, error) and "附件.pdf" in ds.inputs[0].error.zh
    assert ds.inputs[1].ok and len(ds.handling) == HANDLING_ROWS


def test_limits_stop_a_pdf_before_the_work(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    with pytest.raises(govstats.errors.InputTooLargeError, match="共5页"):
        _doc()
    monkeypatch.setattr(pdf, "MAX_PAGES", 500)
    monkeypatch.setattr(pdf, "MAX_SECONDS", 1e-6)  # the alarm goes off inside pdfplumber's parsing
    with pytest.raises(govstats.errors.InputTooLargeError, match="时限"):
        _doc()


def test_the_command_line_reports_a_scan_and_writes_the_good_file(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "govstats", "ingest", str(DATA / "scanned.pdf"), str(NOTICE), "-o", str(tmp_path / "o")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "Traceback" not in run.stderr and "scanned.pdf" in run.stderr and "OCR" in run.stderr
    assert (
        len((tmp_path / "o" / "handling.csv").read_text(encoding="utf-8-sig").splitlines())
        == 1 + HANDLING_ROWS
    )


def test_a_table_without_ruling_lines_reads_by_its_columns():
    # unruled.pdf: the same notice, its tables printed without a line; cells wrap (鹰潭市行政审 / 批局).
    ds = govstats.load(DATA / "unruled.pdf")
    assert len(ds.handling) == HANDLING_ROWS and len(ds.problems) == PROBLEM_ROWS
    accounts = ds.problems[ds.problems["kind"] == "new_media"]
    assert accounts[["unit", "name"]].values.tolist() == [[r[1], r[3]] for r in y.ACCOUNTS]
    mailbox = ds.handling[ds.handling["channel"] == "mailbox"]
    assert [(r.tier, r.unit) for r in mailbox.itertuples()] == [(t, u) for t, u, _ in y.mailbox_rows()]
    assert sorted(ds.headline["value"].astype(int)) == FIGURES  # the table's numbers are no narrative figures


def _line(text: str, x0: float, top: float, size: float = 10.0) -> pdf_layout.Line:
    """``text`` as a PDF prints it: a wide character a full size across, a narrow one half."""
    chars, x = [], x0
    for ch in text:
        w = size if pdf_layout._wide(ch) else size / 2
        if ch != " ":
            chars.append({"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + size, "size": size})
        x += w
    return pdf_layout.lines_of(chars)[0]


@pytest.mark.parametrize(
    ("printed", "room", "typed"),
    [
        (["360600002", "1"], 45, "3606000021"),  # a number longer than its cell, broken inside
        (["http://tyj.yingta", "n.gov.cn/"], 85, "http://tyj.yingtan.gov.cn/"),
        (["Visit the", "website"], 60, "Visit the website"),  # moved whole: a space stood there
        (["市政府办公室", "（市外事办）"], 100, "市政府办公室\n（市外事办）"),  # room to spare: a break typed
        (["“寿阳县环境保护", "局”网"], 82, "“寿阳县环境保护局”网"),  # 局 went with the ” no line starts with
    ],
)
def test_a_cells_lines_join_where_the_next_word_did_not_fit(printed, room, typed):
    lines = [_line(text, 0, 12 * k) for k, text in enumerate(printed)]
    assert pdf_layout.cell_text(lines, room) == typed


@pytest.mark.parametrize("text", ["— 3 —", "- 12 -", "第3页", "第 3 页 共 12 页", "3/12", "7"])
def test_page_numbers_as_offices_print_them(text):
    assert pdf_layout.is_folio(text)


@pytest.mark.parametrize("text", ["附件3", "2022年第一季度", "一、市直单位", "— 附件 —"])
def test_text_is_no_page_number(text):
    assert not pdf_layout.is_folio(text)


def test_a_row_a_page_broke_is_one_row_again():
    # unruled.pdf prints annex 3's remark over pages 4 and 5: “…2022年3” / header again / “月31日”.
    remark = _doc(DATA / "unruled.pdf").grids[2].cells[-1]
    assert remark[:2] == ["备注", y.OGI_REMARK]
    header = ["序号", "受理单位", "受理诉求(条)"]
    page1 = pdf_tables.Table(1, (0, 0, 1, 1), [header, ["1", "市教育局", "26"]], columns=[0, 40, 120, 160])
    # the next page repeats the header; its first row, counts on both sides, is a row of its own
    page2 = pdf_tables.Table(2, (0, 0, 1, 1), [header, [None, "市政府办", "21"]], columns=[0, 40, 120, 160])
    pdf_tables.append(page1, page2)
    assert page1.cells == [header, ["1", "市教育局", "26"], [None, "市政府办", "21"]]
    broken = pdf_tables.Table(3, (0, 0, 1, 1), [header, [None, "管理中心", None]], columns=[0, 40, 120, 160])
    page1.cells[-1] = ["20", "市住房公积金", "1"]
    pdf_tables.append(page1, broken)
    assert page1.cells[-1] == ["20", "市住房公积金管理中心", "1"]


def test_a_scanned_page_among_text_pages_is_said_and_the_rest_read():
    ds = govstats.load(DATA / "mixed.pdf")  # jinzhong's real table, then a scanned page
    assert ds.inputs[0].ok and len(ds.problems) == 4
    said = ds.findings[ds.findings["code"] == "scanned-page"]
    assert len(said) == 1 and "第2页" in said["message"].iloc[0] and "OCR" in said["message"].iloc[0]
    assert said["file"].iloc[0] == "mixed.pdf"
