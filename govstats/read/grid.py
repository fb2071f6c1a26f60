"""The cell-level intermediate every reader produces and every later step consumes.

A :class:`Grid` is one table-like region (an Excel sheet, an HTML ``<table>``, a CSV
file, an annex flattened in a text notice) as rows of raw cell values, with the
information needed to point back at any cell in Excel's own 1-based numbering.
Readers never interpret values; tidying does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govstats.source import Source


class FormulaWithoutValue:
    """A formula cell saved without its cached result (the value is unknown).

    Its text is the formula as Excel shows it in the formula bar (``=C5-2``), so that a
    message quoting the cell quotes what the user sees.
    """

    __slots__ = ("formula",)

    def __init__(self, formula: str = "") -> None:
        self.formula = formula

    def __repr__(self) -> str:
        return f"FormulaWithoutValue({self.formula!r})"

    def __str__(self) -> str:
        return "=" + self.formula


class ErrorValue:
    """A cell whose cached value is an Excel error (``#DIV/0!``, ``#REF!``, ``#N/A``)."""

    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code

    def __repr__(self) -> str:
        return f"ErrorValue({self.code!r})"

    def __str__(self) -> str:
        return self.code


CellValue = str | int | float | FormulaWithoutValue | ErrorValue | None
UNKNOWN_VALUES = (FormulaWithoutValue, ErrorValue)
"""Cells whose value the file does not hold: never a count, never a name."""


@dataclass(slots=True)
class Grid:
    """Raw cells of one table-like region.

    ``cells[r][c]`` is the value at 0-based row ``r`` and column ``c``; rows may be
    ragged. ``merged`` holds 0-based inclusive ``(r0, c0, r1, c1)`` ranges; only the
    top-left cell of a range carries its value. ``row_numbers[r]`` is the 1-based row
    (or text line) the row came from; when ``cell_lines`` is given, it holds each
    cell's own line (text notices print one cell per line). ``context`` is text
    printed just before the table (an annex title, an HTML caption or heading) that
    helps tell what the table is.
    """

    file: str
    sheet: str | None
    cells: list[list[CellValue]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    row_numbers: list[int] | None = None
    cell_lines: list[list[int]] | None = None
    context: str = ""
    line_based: bool = False
    _width: int = field(default=-1, init=False, repr=False, compare=False)
    _by_row: dict | None = field(default=None, init=False, repr=False, compare=False)

    def source(self, r: int | None = None, c: int | None = None) -> Source:
        """The :class:`Source` of row ``r`` (and column ``c``), both 0-based."""
        if r is None:
            return Source(self.file, self.sheet, line_based=self.line_based)
        if self.cell_lines is not None and c is not None and c < len(self.cell_lines[r]):
            return Source(self.file, self.sheet, self.cell_lines[r][c], None, True)
        row = self.row_numbers[r] if self.row_numbers is not None else r + 1
        col = None if c is None else c + 1
        return Source(self.file, self.sheet, row, col, self.line_based)

    @property
    def n_rows(self) -> int:
        return len(self.cells)

    @property
    def n_cols(self) -> int:
        # Tidying asks on every row; scanning every row each time made a sheet quadratic.
        # Readers build the cells once and never change them, so the width is kept.
        if self._width < 0:
            self._width = max((len(row) for row in self.cells), default=0)
        return self._width

    def merged_from(self, r: int) -> list[tuple[int, int, int, int]]:
        """The merged ranges whose top row is ``r``: tidying asks of every row, and a sheet
        may hold thousands of ranges."""
        if self._by_row is None:
            self._by_row = {}
            for m in self.merged:
                self._by_row.setdefault(m[0], []).append(m)
        return self._by_row.get(r, [])

    def has_content(self) -> bool:
        """Whether any cell holds more than whitespace."""
        return any(v is not None and str(v).strip() for row in self.cells for v in row)


@dataclass(slots=True)
class Document:
    """What a reader found in one input file: narrative text and table grids.

    ``text_lines`` is the narrative as lines (a plain-text notice, or the text of an
    HTML page outside its tables), numbered from ``1`` in the file's own lines where
    that is meaningful. ``grids`` are its tables; ``findings`` what reading reported.
    """

    file: str
    format: str
    text_lines: list[str] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    """What reading noticed without losing the file: bytes that would not decode, an
    unclosed quote, a sheet that could not be read (findings records)."""
    file_lines: bool = False
    """``text_lines`` are the file's own lines (a plain-text notice): a line number points
    into the file. A page's or a Word document's lines are its paragraphs."""
    sheets: bool = False
    """Every grid is a whole sheet meant as a table (a workbook's, a CSV file): one with
    content that holds no table is worth a finding."""
    tables: dict[str, object] = field(default_factory=dict)
    """govstats' own output read back: tidy table name to its rows as written (a pandas
    DataFrame of the columns' codes, or an Arrow table), to be typed, never tidied."""
