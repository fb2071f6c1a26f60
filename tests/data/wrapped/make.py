"""Make the wrapped-paragraph fixture once (committed; run again only to remake it, on a
machine with LibreOffice):

    .venv/bin/python tests/data/wrapped/make.py

notice.txt   the title and the 总体情况 paragraph of the Yingtan 2022 Q1 notice
             (../../../data/raw/yingtan-2022Q1-notice.txt), each paragraph one line
notice.pdf   the same typed in Word's way with python-docx (GB/T 9704's page: A4, 16 pt
             type, 28 pt lines, justified, first lines indented two characters; the text
             block 150 mm, a little narrower than the standard's 156, so that lines end
             inside figures) and printed to PDF by LibreOffice 7.4: the paragraph wraps over
             eight lines, two figures split from their measure words (公开信息1 / 件,
             按时办结161 / 条)
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parents[2] / "data" / "raw" / "yingtan-2022Q1-notice.txt"
TITLE = "鹰潭市人民政府办公室关于2022年第一季度全市政府网站及政务新媒体检查情况的通报"
SIZE = 16


def _paragraph() -> str:
    return next(
        s for s in SOURCE.read_text(encoding="utf-8").splitlines() if s.startswith("2022年第一季度对全市")
    )


def _typed(doc, text: str, *, title: bool = False) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.font.size = Pt(22 if title else SIZE)
    run.font.name = "Noto Serif CJK SC"
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Serif CJK SC")
    fmt = p.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if title else WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = None if title else Pt(2 * SIZE)
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(32)
    _typed(doc, TITLE, title=True)
    _typed(doc, "一、总体情况")
    _typed(doc, _paragraph())
    (HERE / "notice.txt").write_text(f"{TITLE}\n\n一、总体情况\n\n{_paragraph()}\n", encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / "notice.docx"
        doc.save(docx)
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        subprocess.run(
            [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(docx)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        shutil.copy(Path(tmp) / "notice.pdf", HERE / "notice.pdf")


if __name__ == "__main__":
    main()
