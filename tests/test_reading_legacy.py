"""Word 97-2003 binaries (.doc) and WPS Writer's .wps (the same binary) read through
LibreOffice as the Yingtan notice's text reads (tests/data/yingtan: its README says how
they were made); without LibreOffice, a message saying how to get it. WPS Spreadsheets'
.et holds an Excel workbook stream and reads as .xls, whatever its name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import xlwt

import govstats
from fixtures import yingtan as y
from govstats.read import legacy

DATA = Path(__file__).resolve().parent / "data" / "yingtan"
NEEDS_SOFFICE = pytest.mark.skipif(
    legacy.soffice() is None,
    reason="LibreOffice (soffice) is not installed: `make setup` installs it (CI does); without it .doc/.wps are refused",
)
HANDLING_ROWS = 1 + 25  # hand-counted in data/raw/yingtan-2022Q1-notice.txt: annex 3 and annex 4
PROBLEM_ROWS = len(y.WEBSITES) + len(y.ACCOUNTS)


@NEEDS_SOFFICE
@pytest.mark.parametrize("name", ["notice.doc", "notice.wps"])
def test_a_word_binary_reads_as_the_notice_text_does(name):
    ds = govstats.load(DATA / name)
    assert ds.inputs[0].ok, ds.inputs[0].error
    assert len(ds.handling) == HANDLING_ROWS and len(ds.problems) == PROBLEM_ROWS
    mailbox = ds.handling[ds.handling["channel"] == "mailbox"]
    got = [(r.tier, r.unit, [r.received, r.on_time, r.late_completed, r.pending, r.overdue_pending])
           for r in mailbox.itertuples()]  # fmt: skip
    assert got == y.mailbox_rows()
    assert str(ds.notices["period"].iloc[0]) == "2022Q1" and len(ds.headline) == 10
    assert sorted(ds.findings.loc[ds.findings["severity"] == "error", "code"]) == [
        "narrative-mismatch",
        "row-arithmetic",
    ]


def test_without_libreoffice_the_message_says_how_to_get_it(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    ds = govstats.load([DATA / "notice.wps", DATA / "notice.pdf"])
    bad, good = ds.inputs
    assert isinstance(bad.error, govstats.errors.UnsupportedFormatError)
    message = bad.error.zh
    assert "notice.wps" in message and "LibreOffice" in message and "make setup" in message
    assert "另存为.docx" in message
    assert good.ok and len(ds.handling) == HANDLING_ROWS  # the PDF beside it is still read


@NEEDS_SOFFICE
def test_a_conversion_past_its_time_is_stopped_and_said(monkeypatch):
    monkeypatch.setattr(legacy, "MAX_SECONDS", 0.01)
    ds = govstats.load(DATA / "notice.doc")
    assert isinstance(ds.inputs[0].error, govstats.errors.InputTooLargeError)
    assert "时限" in ds.inputs[0].error.zh and "notice.doc" in ds.inputs[0].error.zh


def test_a_wps_spreadsheet_is_an_excel_workbook_inside(tmp_path):
    book = xlwt.Workbook()
    sheet = book.add_sheet("附件4")
    for c, text in enumerate(y.MAILBOX_HEADERS):
        sheet.write(0, c, text)
    rows = [row for _, group in y.MAILBOX_GROUPS for row in group]
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    path = tmp_path / "附件4.et"  # as WPS Spreadsheets names it
    book.save(str(path))
    ds = govstats.load(path)
    assert ds.inputs[0].ok and len(ds.handling) == 25
    assert ds.handling["received"].sum() == y.MAILBOX_TOTALS["received"]
