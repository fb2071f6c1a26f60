"""What a workbook hides is not what it prints: a hidden or very hidden sheet (an earlier
draft of the annex, a lookup list) and hidden rows and columns of a shown sheet are not
read, and each is said. Summed in, a draft sheet counted a city's messages twice."""

from __future__ import annotations

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
    if not rows and not cols:  # nearly every sheet hides nothing
        return
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


def _filled(v: object) -> bool:
    return v is not None and str(v).strip() != ""
