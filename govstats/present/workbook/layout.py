"""The workbook's sheets as an office prints them: A4 (landscape where the table is wide),
one page wide, title and header rows on every page, margins, page numbers in the footer,
宋体 throughout, long text wrapped. :mod:`govstats.present.workbook.export` decides what goes in
which sheet; this module lays each one out (openpyxl is imported inside the functions)."""

from __future__ import annotations

import pandas as pd

from govstats.outputs import neutralise_formula
from govstats.present.annex import HandlingAnnex, ProblemAnnex
from govstats.safe import xml_text
from govstats.terminal import width

FONT = "宋体"
"""The face of every cell: Chinese Office's own default for printed tables."""
PERCENT = "0.0%"
WRAP_AT = 40
"""Columns wider than this many character widths wrap instead of widening."""
_PORTRAIT = 95
"""How many character widths fit across portrait A4 within the margins (at 11 pt)."""
FOOTER = "第 &P 页，共 &N 页"


def _font(bold: bool = False, size: float = 11):
    from openpyxl.styles import Font

    return Font(name=FONT, bold=bold, size=size)


def _border(cell) -> None:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="808080")
    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)


def value(v: object) -> object:
    """A value openpyxl stores as data: NA → empty, periods as text, text neutralised."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, pd.Period):
        return str(v)
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, str):
        # what XML cannot hold goes first: "\x01=…" must not become a formula once stripped
        return neutralise_formula(xml_text(v))
    if isinstance(v, float) and v != v:  # NaN
        return None
    if hasattr(v, "item"):  # numpy scalars
        return value(v.item())
    return v


def write(ws, row: int, col: int, v: object, *, bold: bool = False, size: float = 11, border: bool = True):
    """One cell in the workbook's face, bordered (a table cell) unless ``border`` is false."""
    cell = ws.cell(row=row, column=col, value=value(v))
    cell.font = _font(bold, size)
    if border:
        _border(cell)
    return cell


def merged_row(ws, row: int, text: str, width: int, *, bold=False, size=11, align="center", border=True):
    from openpyxl.styles import Alignment

    cell = write(ws, row, 1, text, bold=bold, size=size, border=border)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    for col in range(2, width + 1):
        if border:
            _border(ws.cell(row=row, column=col))
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def header_row(ws, row: int, headers: list[str]) -> None:
    from openpyxl.styles import Alignment, PatternFill

    for col, text in enumerate(headers, start=1):
        cell = write(ws, row, col, text, bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


UNBALANCED = "※"
"""The mark of a row whose figures contradict each other, and of the 合计 that sums it."""


def handling_sheet(
    ws, annex: HandlingAnnex, title: str, unbalanced: dict[str, list[str]] | None = None
) -> None:
    """One channel's annex: title, header, group rows, units in print order, 合计, 备注.
    ``unbalanced``: unit → what the checks found wrong in its row (受理4 but 5 handled); the
    row and the 合计 are marked, and the 备注 says why (its 办结率 of 100.0% beside 未办结 1
    is the printed figures' own)."""
    unbalanced = unbalanced or {}
    width = len(annex.headers)
    merged_row(ws, 1, title, width, bold=True, size=14, border=False)
    ws.row_dimensions[1].height = 30
    header_row(ws, 2, annex.headers)
    row, skip = 3, {1}
    for kind, v in annex.rows:
        if kind == "group":
            merged_row(ws, row, v, width, bold=True, align="left")
            skip.add(row)
        else:
            if kind == "total":
                lead = ["合计" + (UNBALANCED if unbalanced else ""), None]
            else:
                unit = v["unit"]  # None where the printed name was no name (a formula without value)
                lead = [v["seq"], unit + UNBALANCED if unit in unbalanced else unit]
            for col, x in enumerate([*lead, *(v.get(f) for f in annex.fields)], start=1):
                cell = write(ws, row, col, x, bold=kind == "total")
                if col > width - len(annex.rates):
                    cell.number_format = PERCENT
            if kind == "total":
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        row += 1
    merged_row(ws, row, f"备注：统计时间：{annex.window}", width, align="left", border=False)
    notes = {row}
    for said in unbalanced.values():
        row += 1
        text = f"{UNBALANCED}{'；'.join(said)}。该行及合计的比率按原表数字计算，仅供参考。"
        merged_row(ws, row, text, width, align="left", border=False)
        ws.row_dimensions[row].height = 15 * (1 + text_width(text) // 90) + 2
        notes.add(row)
    ws.freeze_panes = "A3"
    widths(ws, width, skip_rows={*skip, *notes})
    page_setup(ws, title_rows="1:2")


def problem_sheet(ws, annex: ProblemAnnex, title: str, remark: str | None = None) -> None:
    """A problem list as 附件1/附件2: title, header, one row per website or account, and
    the ``remark`` the publisher printed under it (备注：检查时间3月31日)."""
    from openpyxl.styles import Alignment

    width = len(annex.headers)
    merged_row(ws, 1, title, width, bold=True, size=14, border=False)
    ws.row_dimensions[1].height = 30
    header_row(ws, 2, annex.headers)
    for r, values in enumerate(annex.rows, start=3):
        for col, x in enumerate(values, start=1):
            cell = write(ws, r, col, int(x) if col == 1 else x)
            cell.alignment = Alignment(
                vertical="center", wrap_text=True, horizontal="center" if col == 1 else None
            )
    ws.freeze_panes = "A3"
    widths(ws, width, skip_rows={1})
    heights(ws, 3)
    if remark:  # after the heights: it spans the table's width, not its first column's
        merged_row(ws, 3 + len(annex.rows), remark, width, align="left", border=False)
    page_setup(ws, title_rows="1:2")


def list_sheet(ws, frame: pd.DataFrame, *, title: str | None = None) -> None:
    """``frame`` under its (Chinese) column names, header frozen and repeated on every page,
    long text wrapped; ``title`` a row above the header (the tidy sheets have none: they
    read back as tables)."""
    from openpyxl.styles import Alignment

    top = 1
    if title:
        merged_row(ws, 1, title, len(frame.columns), bold=True, size=14, border=False)
        ws.row_dimensions[1].height = 28
        top = 2
    header_row(ws, top, [str(c) for c in frame.columns])
    for r, rec in enumerate(frame.itertuples(index=False), start=top + 1):
        for col, x in enumerate(rec, start=1):
            cell = write(ws, r, col, x)
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str))
    ws.freeze_panes = f"A{top + 1}"
    widths(ws, len(frame.columns), skip_rows={1} if title else frozenset())
    heights(ws, top + 1)
    page_setup(ws, title_rows=f"1:{top}")


def text_width(v: object) -> int:
    if v is None:
        return 0
    text = f"{v:.1%}" if isinstance(v, float) else str(v)
    return max(width(line) for line in text.splitlines() or [""])


def widths(ws, ncols: int, skip_rows: set[int] = frozenset()) -> None:
    """Columns as wide as their longest cell up to :data:`WRAP_AT` (longer text wraps);
    titles and remarks span merged cells and do not count."""
    from openpyxl.utils import get_column_letter

    widest = [4] * ncols
    for row in ws.iter_rows(min_row=1, max_col=ncols):
        for cell in row:
            if cell.row not in skip_rows:
                widest[cell.column - 1] = max(widest[cell.column - 1], text_width(cell.value))
    for i, w in enumerate(widest, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(w + 2, WRAP_AT + 2)


def heights(ws, first: int) -> None:
    """Rows from ``first`` on as tall as their wrapped text: neither Excel nor LibreOffice
    sizes a row to wrapped text written by openpyxl, so the lines are counted here."""
    import math

    from openpyxl.utils import get_column_letter

    width = {
        c: (ws.column_dimensions[get_column_letter(c)].width or 10) - 1 for c in range(1, ws.max_column + 1)
    }
    for row in ws.iter_rows(min_row=first):
        lines = 1
        for cell in row:
            if isinstance(cell.value, str):
                parts = cell.value.splitlines() or [""]
                lines = max(lines, sum(math.ceil(text_width(p) / width[cell.column]) or 1 for p in parts))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 15 * lines + 2


def page_setup(ws, *, title_rows: str) -> None:
    """A4, landscape when the columns are wider than portrait allows, one page wide (as many
    pages tall as it takes), ``title_rows`` repeated on every page, centred, page numbers
    in the footer."""
    from openpyxl.worksheet.page import PageMargins

    total = sum(d.width or 8.43 for d in ws.column_dimensions.values())
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if total > _PORTRAIT else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.7, bottom=0.7, header=0.3, footer=0.3)
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.font = FONT
    ws.oddFooter.center.size = 9


__all__ = ["FONT", "handling_sheet", "list_sheet", "page_setup", "problem_sheet", "value", "widths", "write"]
