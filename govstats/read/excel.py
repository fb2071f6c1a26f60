"""Workbooks (.xlsx/.xlsm, legacy .xls, OpenDocument .ods) → one Grid per sheet, with
Excel's own row numbers and merged ranges. python-calamine reads the values (fast, from
the bytes the safety check already read).

Before calamine builds a sheet, the sheet's real extent is measured from its XML or
records (:mod:`.measure`, :mod:`.biff`) and the whole file refused past
:data:`~govstats.read.safety.MAX_CELLS`: calamine lays every sheet out as a dense grid, and
one value in XFD1048576 asks it for 512 GB. Whatever calamine still raises or panics is
an error naming the file (a sheet's own failure, a finding naming the sheet); cells it
reads as empty although they are not (a formula saved without its value, a cached error
value) are found in the sheet's XML or records."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

from govstats.errors import CorruptFileError, EmptyInputError, PasswordProtectedError
from govstats.findings import finding
from govstats.read import hiding, measure, odsxml, sheetxml, workbookxml
from govstats.read.calamine import contained, native_stderr_kept_out
from govstats.read.grid import Grid
from govstats.read.safety import check_extent
from govstats.source import Source

if TYPE_CHECKING:
    from govstats.read.safety import CheckedZip


def _value(v: object) -> object:
    if v == "" or v is None:
        return None
    if isinstance(v, bool):  # Excel shows TRUE/FALSE; a count cell holding one is reported
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    if isinstance(v, dt.time | dt.timedelta):
        return str(v)
    return v


def _cells(rows: list[list]) -> list[list]:
    """:func:`_value` of every cell; text and numbers, nearly all cells, are converted inline."""
    return [
        [
            (v or None)
            if (t := type(v)) is str
            else ((int(v) if v.is_integer() else v) if t is float else _value(v))
            for v in row
        ]
        for row in rows
    ]


def read_workbook(
    path, name: str, zf: CheckedZip | None = None, *, data: bytes | None = None, stream=None, notes=None
):
    """Every sheet of the workbook as a Grid: an .xlsx from its checked zip ``zf``, a
    legacy .xls from its bytes ``data`` (or ``path``; ``stream``: its Workbook stream, when
    already taken out). What went wrong with one sheet is appended to ``notes`` (findings)
    and the other sheets are read."""
    notes = [] if notes is None else notes
    if zf is None and data is None:
        with open(path, "rb") as fh:
            data = fh.read()
    with native_stderr_kept_out():
        return _read_xlsx(zf, name, notes) if zf is not None else _read_xls(data, name, notes, stream)


def _read_xlsx(zf: CheckedZip, name: str, notes: list) -> list[Grid]:
    from python_calamine import CalamineWorkbook

    rels = workbookxml.Relationships(zf)
    parts = workbookxml.sheet_parts(zf, rels)
    scans = measure.sheets(zf, parts)
    scripted = measure.scripted_strings(zf, name, rels)
    measure.check(name, {s: scans[p] for s, p in parts.items() if p in scans})
    with contained(name):
        wb = CalamineWorkbook.from_filelike(io.BytesIO(zf.for_reader()))
        names = wb.sheet_names
    if any(parts.get(s) not in scans for s in names):
        measure.check_unresolved(zf, name, names, parts, scans)
    grids = []
    hidden = hiding.hidden_sheets(wb, name, notes)
    for sheet_name in names:
        if sheet_name not in hidden:
            grid = _read_sheet(wb, name, sheet_name, parts.get(sheet_name), scans, scripted, notes)
            if grid is not None:
                grids.append(grid)
    return _nonempty(grids, name, notes)


def _read_sheet(wb, name: str, sheet_name: str, part: str | None, scans: dict, scripted: dict, notes: list):
    """One sheet's grid with what its XML says that calamine does not (values the file does
    not hold, rich text, hidden rows and columns); ``None`` for a sheet with no cells to read."""
    scan = scans.get(part) if part else None
    if part is not None and scan is None:
        notes.append(_unreadable(name, sheet_name, f"工作表指向的部件{part}在文件中不存在"))
        return None
    if scan is not None and scan.kind is None:
        notes.append(_unreadable(name, sheet_name, f"工作表的关系指向{part}，它不是工作表"))
        return None
    if scan is not None and scan.kind in ("chartsheet", "dialogsheet"):
        return None  # a chart or a dialog: no cells to read
    grid = _sheet_grid(wb, name, sheet_name, notes)
    if grid is not None and scan is not None:
        _mark_unknown(grid, sheetxml.unknown_values(scan.xml))
        _mark_scripted(grid, scan.xml, scripted)
        hiding.blank_hidden_lines(grid, *sheetxml.hidden_lines(scan.xml), notes)
    return grid


def _sheet_grid(wb, name: str, sheet_name: str, notes: list) -> Grid | None:
    try:
        with contained(name, sheet_name):
            sheet = wb.get_sheet_by_name(sheet_name)
            rows = sheet.to_python(skip_empty_area=False)
            ranges = sheet.merged_cell_ranges or []
    except CorruptFileError as exc:
        notes.append(_unreadable(name, sheet_name, exc.reason))
        return None
    # skip_empty_area=False keeps leading empty rows and columns: row r is Excel's r + 1
    merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]
    return Grid(name, sheet_name, _cells(rows), merged)


def _unreadable(name: str, sheet: str, why: str) -> dict:
    return finding("unreadable-sheet", Source(name, sheet), why=why)


def _mark_unknown(grid: Grid, hits: list) -> None:
    cells = grid.cells
    for r, c, marker in hits:
        while len(cells) <= r:
            cells.append([])
        row = cells[r]
        if len(row) <= c:
            row.extend([None] * (c + 1 - len(row)))
        if row[c] is None:
            row[c] = marker


def _mark_scripted(grid: Grid, xml: bytes, shared: dict[int, str]) -> None:
    """Cells of rich text with raised or lowered digits as their marks (26¹), not the figure
    calamine runs them into (261)."""
    hits = [(r, c, shared[i]) for r, c, i in sheetxml.shared_cells(xml, shared)] if shared else []
    hits += [(r, c, text) for (r, c), text in sheetxml.scripted_text(xml)[1].items()]
    for r, c, text in hits:
        if r < len(grid.cells) and c < len(grid.cells[r]):
            grid.cells[r][c] = text


def _mark_texts(grid: Grid, texts: dict[tuple[int, int], tuple[str, str]]) -> None:
    """Cells of rich text as :func:`_mark_scripted` gives them (26¹), where calamine read the
    text they were found with (261): a cell that reads otherwise was not placed as found."""
    cells = grid.cells
    for (r, c), (plain, marked) in texts.items():
        if r < len(cells) and c < len(cells[r]) and cells[r][c] == plain:
            cells[r][c] = marked


def _nonempty(grids: list[Grid], name: str, notes: list) -> list[Grid]:
    unreadable = [n for n in notes if n["code"] == "unreadable-sheet"]
    if not grids and unreadable:
        raise CorruptFileError(f"没有一个工作表能读取（{unreadable[0]['message']}）", Source(name))
    if any(n["code"] == "hidden-sheet" for n in notes):  # the hidden sheets are said one by one
        return grids
    if all(row.count(None) == len(row) for g in grids for row in g.cells):
        raise EmptyInputError("工作簿的每个工作表都是空的", Source(name))
    return grids


def _read_xls(data: bytes, name: str, notes: list, stream: bytes | None = None) -> list[Grid]:
    from python_calamine import CalamineWorkbook

    from govstats.read.biff import scan_sheets
    from govstats.read.ole import workbook_stream

    if stream is None:
        stream, _ = workbook_stream(data, name)
    try:
        scans, encrypted = scan_sheets(stream)
    except CorruptFileError as exc:
        raise CorruptFileError(exc.reason, Source(name)) from None
    if encrypted:
        raise PasswordProtectedError(source=Source(name))
    measure.check(name, {s.name: (s.rows, s.cols, s.merges) for s in scans})
    reserve = max(scans, key=lambda s: s.reserve, default=None)
    if reserve is not None:
        check_extent(sum(s.reserve for s in scans), name, f"工作表“{reserve.name}”的DIMENSIONS记录声明的范围")
    with contained(name):
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = wb.sheet_names
    by_name = {s.name: s for s in scans}
    grids = []
    hidden = hiding.hidden_sheets(wb, name, notes)
    for i, sheet_name in enumerate(names):
        if sheet_name in hidden:
            continue
        grid = _sheet_grid(wb, name, sheet_name, notes)
        if grid is None:
            continue
        scan = by_name.get(sheet_name) or (scans[i] if len(scans) == len(names) else None)
        if scan is not None:
            _mark_unknown(grid, scan.errors)
            _mark_texts(grid, scan.scripted)
            hiding.blank_hidden_lines(grid, scan.hidden_rows, scan.hidden_cols, notes)
        grids.append(grid)
    return _nonempty(grids, name, notes)


def read_ods(zf: CheckedZip, name: str, notes: list) -> list[Grid]:
    """Every table of an OpenDocument spreadsheet as a Grid, its extent checked first:
    calamine reads every sheet of an .ods when it opens it."""
    from python_calamine import CalamineWorkbook

    try:
        content = zf.read("content.xml")
    except KeyError:
        raise CorruptFileError("OpenDocument文件中没有content.xml", Source(name)) from None
    if odsxml.unended_table(content):
        raise CorruptFileError(
            "OpenDocument文件的content.xml中工作表没有结束标记（文件不完整或已损坏）", Source(name)
        )
    cells, largest = odsxml.ods_extent(content)
    check_extent(cells, name, f"工作表“{largest}”")
    with native_stderr_kept_out():
        with contained(name):
            wb = CalamineWorkbook.from_filelike(io.BytesIO(zf.for_reader()))
            names = wb.sheet_names
        hidden = hiding.hidden_sheets(wb, name, notes)
        grids = [g for s in names if s not in hidden and (g := _sheet_grid(wb, name, s, notes)) is not None]
    lines, scripted = odsxml.ods_hidden_lines(content), odsxml.scripted_cells(content)
    for grid in grids:
        _mark_texts(grid, scripted.get(grid.sheet, {}))
        if grid.sheet in lines:
            hiding.blank_hidden_lines(grid, *lines[grid.sheet], notes)
    return _nonempty(grids, name, notes)
