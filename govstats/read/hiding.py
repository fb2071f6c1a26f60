"""What a workbook hides is not what it prints: a hidden or very hidden sheet (an earlier
draft of the annex, a lookup list) and hidden rows and columns of a shown sheet are not
read, and each is said. Summed in, a draft sheet counted a city's messages twice."""

from __future__ import annotations

import re

from govstats.findings import finding
from govstats.read.grid import Grid
from govstats.source import Source, column_letter

_LISTED = 10  # rows or columns named in a finding; more are counted


def hidden_sheets(wb, name: str, notes: list) -> set[str]:
    """The sheets calamine's metadata marks hidden or very hidden, each said in ``notes``."""
    try:
        sheets = wb.sheets_metadata
    except Exception:  # an old calamine or a damaged record: every sheet is read
        return set()
    hidden = {str(m.name) for m in sheets if not str(m.visible).endswith("Visible")}
    notes.extend(finding("hidden-sheet", Source(name, sheet), sheet=sheet) for sheet in sorted(hidden))
    return hidden


def blank_hidden_lines(grid: Grid, rows: set[int], cols: set[int], notes: list) -> None:
    """Empty the cells of hidden rows and columns (0-based) that hold something, and say which."""
    cells = grid.cells
    said_rows = sorted(r for r in rows if r < len(cells) and any(_filled(v) for v in cells[r]))
    said_cols = sorted(c for c in cols if any(c < len(row) and _filled(row[c]) for row in cells))
    for r in said_rows:
        cells[r] = [None] * len(cells[r])
    for row in cells:
        for c in said_cols:
            if c < len(row):
                row[c] = None
    for kind, lines in (
        ("行", [str(r + 1) for r in said_rows]),
        ("列", [column_letter(c + 1) for c in said_cols]),
    ):
        if lines:
            more = f"等{len(lines)}{kind}" if len(lines) > _LISTED else kind
            notes.append(
                finding(
                    "hidden-lines",
                    Source(grid.file, grid.sheet),
                    lines=f"{'、'.join(lines[:_LISTED])}{more}",
                    kind=kind,
                )
            )


_ODS_LINE = re.compile(rb"<(/?)(?:\w+:)?(table-row|table-column|table)(?=[\s/>])([^>]*?)(/?)>")
_ODS_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated="(\d{1,9})"')
_ODS_HIDDEN = re.compile(rb'visibility="(?:collapse|filter)"')
_ODS_NAME = re.compile(rb'\bname="([^"]*)"')
_ODS_LIMIT = 1 << 20  # Excel's rows; a repeat past them is the empty tail every file ends with


def ods_hidden_lines(content: bytes) -> dict[str, tuple[set[int], set[int]]]:
    """The rows and columns (0-based) each table of an OpenDocument ``content.xml`` hides
    (``table:visibility`` collapse or filter), by the table's name as calamine names it."""
    hidden: dict[str, tuple[set[int], set[int]]] = {}
    if b'visibility="' not in content:
        return hidden
    lines, at = (set(), set()), [0, 0]  # the current table's hidden rows and columns, next of each
    for m in _ODS_LINE.finditer(content):
        closing, tag, attrs, _ = m.groups()
        if tag == b"table":
            if not closing:
                name = _ODS_NAME.search(attrs)
                lines, at = (set(), set()), [0, 0]
                hidden[_unescaped(name.group(1)) if name else ""] = lines
            continue
        if closing:
            continue
        kind = tag == b"table-column"
        repeat = _ODS_REPEAT.search(attrs)
        n = int(repeat.group(1)) if repeat else 1
        if _ODS_HIDDEN.search(attrs):
            lines[kind].update(range(at[kind], min(at[kind] + n, _ODS_LIMIT)))
        at[kind] += n
    return {name: found for name, found in hidden.items() if found[0] or found[1]}


def _unescaped(raw: bytes) -> str:
    from html import unescape

    return unescape(raw.decode("utf-8", "replace"))


def _filled(v: object) -> bool:
    return v is not None and str(v).strip() != ""
