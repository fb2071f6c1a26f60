"""Make the Yingtan 2022 Q1 notice in the forms offices publish it, once (the files are
committed; run again only to remake them, on a machine with LibreOffice):

    .venv/bin/python tests/data/yingtan/make.py

notice.docx   the published text (../../../data/raw/yingtan-2022Q1-notice.txt) as a Word
              document: its paragraphs, and its four annexes as Word tables (the cells of
              tests/fixtures/yingtan.py, checked by hand against the text), a header row
              repeated on every page, a running head and a page number (— 3 —); annex 1's
              columns narrow, so the site code and the address wrap (360600002 / 1)
notice.pdf    notice.docx printed to PDF by LibreOffice (a text layer, ruled cells)
unruled.pdf   the same with the tables' lines taken away (columns by alignment only)
scanned.pdf   page 1 of notice.pdf as a picture only (pdftoppm, then Pillow): a scan, no text layer
mixed.pdf     a real case's input.pdf (jinzhong), then scanned.pdf (pdfunite): text, then a scan
locked.pdf    page 1 of notice.docx printed with an open password (LibreOffice's export option)
notice.doc    notice.docx saved as Word 97-2003 by LibreOffice
notice.wps    notice.doc under WPS Writer's name (WPS saves Word binaries)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import Image

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from fixtures import yingtan as y  # noqa: E402

NARROW = [1.4, 3.6, 1.9, 2.6, 3.6]  # cm: annex 1, the code and the address too long for their columns
LOCKED = (
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
    '"DocumentOpenPassword":{"type":"string","value":"govstats"},"PageRange":{"type":"string","value":"1"}}'
)
TEXT = ROOT / "data" / "raw" / "yingtan-2022Q1-notice.txt"
ANNEXES = [
    (y.WEBSITES_TITLE, y.WEBSITES_HEADERS, [("", y.WEBSITES)], y.WEBSITES_REMARK),
    (y.ACCOUNTS_TITLE, y.ACCOUNTS_HEADERS, [("", y.ACCOUNTS)], y.ACCOUNTS_REMARK),
    (y.OGI_TITLE, y.OGI_HEADERS, y.OGI_GROUPS, y.OGI_REMARK),
    (y.MAILBOX_TITLE, y.MAILBOX_HEADERS, y.MAILBOX_GROUPS, y.MAILBOX_REMARK),
]


def _field(run, code: str) -> None:
    for kind, text in (("begin", None), (None, code), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _furniture(doc) -> None:
    section = doc.sections[0]
    head = section.header.paragraphs[0]
    head.text = "鹰潭市人民政府办公室"
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("— ")
    _field(foot.add_run(), "PAGE")
    foot.add_run(" —")


def _repeat_header(row) -> None:
    pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    pr.append(el)


def _table(doc, headers, groups, remark, ruled: bool, widths=None) -> None:
    n = len(headers)
    table = doc.add_table(rows=0, cols=n)
    if ruled:
        table.style = "Table Grid"
    if widths:
        table.autofit = False
        for col, cm in zip(table.columns, widths, strict=True):
            col.width = Cm(cm)
    row = table.add_row()
    _repeat_header(row)
    for cell, text in zip(row.cells, headers, strict=True):
        cell.text = text
    for group, rows in groups:
        if group:
            row = table.add_row()
            row.cells[0].merge(row.cells[-1]).text = group
        for values in rows:
            for cell, v in zip(table.add_row().cells, values, strict=True):
                cell.text = str(v)
    if widths:
        for row in table.rows:
            for cell, cm in zip(row.cells, widths, strict=True):
                cell.width = Cm(cm)
    row = table.add_row()
    row.cells[0].text = "备注"
    row.cells[1].merge(row.cells[-1]).text = remark


def build(ruled: bool) -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(12)
    style.font.name = "Noto Serif CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    _furniture(doc)
    lines = TEXT.read_text(encoding="utf-8").splitlines()
    body = lines[: next(i for i, s in enumerate(lines) if s.startswith("附件1"))]
    for line in body:
        if line.strip():
            p = doc.add_paragraph(line.strip())
            if "通报" in line and len(line) < 60:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for k, (title, headers, groups, remark) in enumerate(ANNEXES, 1):
        doc.add_paragraph(f"附件{k}:")
        doc.add_paragraph(title).alignment = WD_ALIGN_PARAGRAPH.CENTER
        _table(doc, headers, groups, remark, ruled, NARROW if k == 1 else None)
    return doc


def _soffice(path: Path, to: str, out: Path) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", to,
             "--outdir", str(out), str(path)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, ruled in (("notice", True), ("unruled", False)):
            build(ruled).save(work / f"{name}.docx")
            _soffice(work / f"{name}.docx", "pdf", work)
        _soffice(work / "notice.docx", "doc", work)
        _soffice(work / "notice.docx", LOCKED, work / "locked")
        (work / "locked" / "notice.pdf").rename(work / "locked.pdf")
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(work / "notice.pdf"),
                        str(work / "page")], check=True)  # fmt: skip
        Image.open(next(work.glob("page*.png"))).convert("L").save(work / "scanned.pdf")
        real = HERE.parent / "other-publishers" / "jinzhong-shanxi-2016Q2-websites" / "input.pdf"
        subprocess.run(
            ["pdfunite", str(real), str(work / "scanned.pdf"), str(work / "mixed.pdf")], check=True
        )
        names = (
            "notice.docx",
            "notice.pdf",
            "unruled.pdf",
            "notice.doc",
            "locked.pdf",
            "scanned.pdf",
            "mixed.pdf",
        )
        for name in names:
            shutil.copyfile(work / name, HERE / name)
        shutil.copyfile(work / "notice.doc", HERE / "notice.wps")


if __name__ == "__main__":
    main()
