"""Issue 22: a PDF's paragraph wrapped over lines reads as the one paragraph it was typed as,
joined by the page's geometry (a line that fills the text block continues on the next; an
indented first line starts a paragraph), so a figure split from its measure word or from the
words that say what it counts is read as in the text. Fixtures: ``data/wrapped/`` (its
make.py), the Yingtan notice's opening paragraph typed as GB/T 9704 sets a notice."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import govstats
from govstats.read import legacy, pdf

DATA = Path(__file__).parent / "data" / "wrapped"
SAID = ["channel", "metric", "tier", "value", "unit"]


def _figures(ds) -> list[tuple]:
    return [tuple(r) for r in ds.headline[SAID].astype(object).itertuples(index=False)]


def test_a_justified_paragraph_wrapped_mid_figure_reads_as_its_text():
    text = _figures(govstats.load(DATA / "notice.txt"))
    printed = _figures(govstats.load(DATA / "notice.pdf"))
    assert printed == text
    # read off the paragraph by hand: the figures the line ends split, with what they count
    assert ("ogi_request", "received", "", 1.0, "件") in printed
    assert ("mailbox", "on_time", "", 161.0, "条") in printed
    assert ("website", "monitored", "", 35.0, "个") in printed


def test_the_wrapped_paragraph_is_one_line_and_the_title_stays_apart():
    doc = pdf.read((DATA / "notice.pdf").read_bytes(), "notice.pdf")
    paragraph = (DATA / "notice.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert doc.text_lines[-1].replace(" ", "") == paragraph.replace(" ", "")
    assert "一、总体情况" in doc.text_lines  # a heading's short line ends before the indented paragraph


@pytest.mark.skipif(
    legacy.soffice() is None, reason="LibreOffice (soffice) is not installed: `make setup` installs it"
)
def test_the_drafts_pdf_gives_the_drafts_figures(tmp_path):
    from govstats.cli import main

    raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    docx = tmp_path / "d.docx"
    assert main(["draft", "-i", str(raw), "--period", "2022Q1", "-o", str(docx)]) == 0
    subprocess.run(
        [legacy.soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    drafted = _figures(govstats.load(docx))
    assert _figures(govstats.load(tmp_path / "d.pdf")) == drafted
    # what the draft says of the mailbox, read off data/raw's notice by hand (its annex's sums)
    assert ("mailbox", "on_time", "", 161.0, "条") in drafted
    assert ("mailbox", "late_completed", "", 30.0, "条") in drafted
    assert ("website", "monitored", "", 35.0, "个") in drafted
