"""What the fixture generators in the folders beside it share: an annex sheet written with
openpyxl as an office types it (a title, the header, the rows), and LibreOffice saving a
workbook in the formats offices send (``soffice --headless --convert-to``)."""

import subprocess
from pathlib import Path

from openpyxl import Workbook


def annex(title: str, headers: list, rows: list) -> Workbook:
    """A workbook of one sheet, 附件4: the title, the header and the rows under it."""
    wb = Workbook()
    ws = wb.active
    ws.title = "附件4"
    for row in [[title], headers, *rows]:
        ws.append(row)
    return wb


def save_as(source: Path, folder: Path, formats: tuple[str, ...]) -> None:
    """``source`` saved by LibreOffice as each of ``formats`` into ``folder``."""
    for fmt in formats:
        subprocess.run(
            ["soffice", "--headless", "--convert-to", fmt, "--outdir", str(folder), str(source)], check=True
        )
