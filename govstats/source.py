"""Where a value came from: file, sheet, row and column in Excel's own 1-based numbering.

Every tidy row and every finding carries one, so a user can open the input at the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The text of a Source: the file, then ", sheet …" and ", line N" / ", cell C3" / ", row N".
SOURCE_FILE = re.compile(r"^(.*?)(?:, sheet .*?)?(?:, (?:line|cell|row) [^,]+)?$")
"""Its first group is the file of a :class:`Source`'s text."""


def column_letter(col: int) -> str:
    """Excel's letters for the 1-based column ``col`` (1 -> A, 27 -> AA)."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value came from: file, sheet (or HTML table), 1-based row and column.

    For a plain-text notice ``row`` is the line number and ``sheet`` is ``None``.
    """

    file: str
    sheet: str | None = None
    row: int | None = None
    column: int | None = None
    line_based: bool = False

    @property
    def ref(self) -> str:
        """``C12`` for a cell, ``12`` for a row, ``""`` for a whole file or sheet."""
        if self.row is None:
            return ""
        if self.column is None or self.line_based:
            return str(self.row)
        return f"{column_letter(self.column)}{self.row}"

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            if self.line_based:
                parts.append(f"line {self.row}")
            elif self.column is not None:
                parts.append(f"cell {self.ref}")
            else:
                parts.append(f"row {self.row}")
        return ", ".join(parts)

    def at(self, row: int | None = None, column: int | None = None) -> Source:
        """The same file and sheet at another row / column."""
        return Source(self.file, self.sheet, row, column, self.line_based)
