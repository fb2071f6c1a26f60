"""Made once: ``annex.xlsx``, ``annex.xls`` and ``annex.ods``, a mailbox annex whose counts
carry footnote marks as offices type them (26 and a raised 1, from Excel's or WPS's 上标; a
lowered 1 from 下标), saved by LibreOffice (``soffice --headless --convert-to``) from a
workbook written with openpyxl, so each format holds them as an office's does: the .xlsx's
shared strings with ``vertAlign`` runs, the .xls's SST strings with formatting runs on a
FONT whose escapement raises or lowers, the .ods's ``text:span`` with a ``text-position``
style. 市统计局's 10 and a raised 1 is one shared string used by two cells; the remark's
raised 1 follows no figure and stays text. Committed so a machine without LibreOffice tests
the marks of every workbook format.

    cd tests/data/rich && python make.py
"""

import sys
import tempfile
from pathlib import Path

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from office import annex, save_as  # noqa: E402  (tests/data/office.py, beside this folder)

TITLE = "鹰潭市2022年第一季度部门信箱受理情况"
HEADERS = ["序号", "单位", "受理数", "按时办结数", "超期办结数", "超期未办结数", "正在办理数"]
RAISED, LOWERED = InlineFont(vertAlign="superscript"), InlineFont(vertAlign="subscript")


def marked(text: str, mark: str, font: InlineFont = RAISED) -> CellRichText:
    return CellRichText(text, TextBlock(font, mark))


ROWS = [
    [1, "市教育局", marked("26", "1"), 26, 0, 0, 0],
    [2, "市政府办", 21, 20, 1, 0, 0],
    [3, "市统计局", marked("10", "1"), marked("10", "1"), 0, 0, 0],
    [4, "市公安局", 9, marked("7", "2", LOWERED), 2, 0, 0],
    [CellRichText("备注：", TextBlock(RAISED, "1"), "含转办件；", TextBlock(LOWERED, "2"), "含来电。")],
]


def main() -> None:
    wb = annex(TITLE, HEADERS, ROWS)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "annex.xlsx"
        wb.save(source)
        save_as(source, HERE, ("xlsx", "xls", "ods"))


if __name__ == "__main__":
    main()
