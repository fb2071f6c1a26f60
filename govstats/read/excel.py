"""Workbooks (.xlsx/.xlsm and legacy .xls) → one Grid per sheet, with Excel's own row
numbers and merged ranges. python-calamine reads the values (fast, from the bytes the
safety check already read); formulas saved without a cached result are found in the
sheet XML the check inflated, and only when a sheet holds a formula at all."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import TYPE_CHECKING

from govstats.errors import CorruptFileError, EmptyInputError, PasswordProtectedError
from govstats.read.grid import FormulaWithoutValue, Grid
from govstats.source import Source

if TYPE_CHECKING:
    from govstats.read.safety import CheckedZip

_CELL_F = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?>\s*<f\b[^>]*?(?:/>|>(.*?)</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>',
    re.S,
)


def _value(v: object) -> object:
    if v == "" or v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    if isinstance(v, dt.time | dt.timedelta):
        return str(v)
    return v


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


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


def _formulas_without_value(zf: CheckedZip) -> dict[str, list[tuple[int, int, str]]]:
    """Per worksheet part: (row, col, formula) of formula cells that have no cached value."""
    out: dict[str, list[tuple[int, int, str]]] = {}
    for name in zf.namelist():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            data = zf.read(name)
            if b"<f" not in data:
                continue
            hits = [
                (int(m.group(2)) - 1, _col_index(m.group(1)), (m.group(3) or b"").decode("utf-8", "replace"))
                for m in _CELL_F.finditer(data)
            ]
            if hits:
                out[name] = hits
    return out


def _sheet_parts(zf: CheckedZip) -> dict[str, str]:
    """Sheet name → worksheet part, from the workbook and its relationships."""
    try:
        wb = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = dict(re.findall(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
    targets.update(
        {k: v for v, k in re.findall(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
    )
    out = {}
    for m in re.finditer(r"<sheet\b[^>]*>", wb):
        tag = m.group(0)
        name = re.search(r'name="([^"]*)"', tag)
        rid = re.search(r'r:id="([^"]*)"', tag) or re.search(r'\bid="([^"]*)"', tag)
        if name and rid and rid.group(1) in targets:
            target = targets[rid.group(1)].lstrip("/")
            out[_unescape(name.group(1))] = target if target.startswith("xl/") else "xl/" + target
    return out


def _unescape(s: str) -> str:
    return (
        s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def read_workbook(path, name: str, zf: CheckedZip | None = None) -> list[Grid]:
    """Every sheet of the workbook at ``path`` as a Grid (``zf``: the checked zip of an xlsx)."""
    from python_calamine import CalamineWorkbook

    try:
        # The checked zip already holds the file's bytes: calamine reads them from memory.
        wb = (
            CalamineWorkbook.from_path(str(path))
            if zf is None
            else CalamineWorkbook.from_filelike(io.BytesIO(zf.data))
        )
    except Exception as exc:  # calamine raises its own error types and plain ones
        text = str(exc).lower()
        if "password" in text or "encrypt" in text:
            raise PasswordProtectedError(
                "the workbook is password-protected: save it without a password", Source(name)
            ) from None
        raise CorruptFileError(
            f"not a readable workbook ({type(exc).__name__}: {str(exc)[:120]})", Source(name)
        ) from None
    missing = _formulas_without_value(zf) if zf is not None else {}
    parts = _sheet_parts(zf) if missing else {}
    grids = []
    for sheet_name in wb.sheet_names:
        try:
            sheet = wb.get_sheet_by_name(sheet_name)
            rows = sheet.to_python(skip_empty_area=False)
        except Exception as exc:
            raise CorruptFileError(
                f"sheet cannot be read ({type(exc).__name__}: {str(exc)[:120]})", Source(name, sheet_name)
            ) from None
        # skip_empty_area=False keeps leading empty rows and columns: row r is Excel's r + 1
        cells = _cells(rows)
        for r, c, formula in missing.get(parts.get(sheet_name, ""), []):
            while len(cells) <= r:
                cells.append([])
            row = cells[r]
            if len(row) <= c:
                row.extend([None] * (c + 1 - len(row)))
            if row[c] is None:
                row[c] = FormulaWithoutValue(formula)
        merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
        grids.append(Grid(name, sheet_name, cells, merged))
    if all(row.count(None) == len(row) for g in grids for row in g.cells):
        raise EmptyInputError("every sheet of the workbook is empty", Source(name))
    return grids
