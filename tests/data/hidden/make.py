"""Made once: ``annex.xlsx``, a mailbox annex as an office keeps it (a title, the header, three
units; under them last quarter's row, hidden, and a column 上季度受理, hidden), written with
openpyxl, and from it ``annex.xls`` and ``annex.ods`` by LibreOffice (``soffice --headless
--convert-to``), which keep the rows and columns hidden as Excel and WPS do. Committed so a
machine without LibreOffice tests the hidden lines of every workbook format.

    cd tests/data/hidden && python make.py
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from office import annex, save_as  # noqa: E402  (tests/data/office.py, beside this folder)

TITLE = "鹰潭市2022年第一季度部门信箱受理情况"
HEADERS = ["序号", "单位", "受理数", "按时办结数", "超期办结数", "超期未办结数", "正在办理数", "上季度受理"]
ROWS = [
    [1, "市教育局", 26, 26, 0, 0, 0, 30],
    [2, "市政府办", 21, 20, 1, 0, 0, 30],
    [3, "市统计局", 10, 10, 0, 0, 0, 30],
    [4, "市教育局", 99, 90, 9, 0, 0, 0],  # last quarter's row: hidden, not printed
]


def main() -> None:
    wb = annex(TITLE, HEADERS, ROWS)
    ws = wb.active
    ws.row_dimensions[6].hidden = True
    ws.column_dimensions["H"].hidden = True
    wb.save(HERE / "annex.xlsx")
    save_as(HERE / "annex.xlsx", HERE, ("xls", "ods"))


if __name__ == "__main__":
    main()
