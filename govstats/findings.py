"""Findings: what validation and reading report instead of fixing or dropping data.

A finding is a plain record with a stable kebab-case ``code`` (``row-arithmetic``,
``total-mismatch``, ``unreadable-input`` …), a severity and the exact position, so
that the ``findings`` table can be filtered like any other DataFrame.
"""

from __future__ import annotations

from govstats.source import Source, column_letter


def finding(severity: str, code: str, message: str, source: Source | None) -> dict:
    """One findings record; ``severity`` is ``"error"`` (bad data) or ``"warning"``."""
    if severity not in ("error", "warning"):
        raise ValueError(f"severity must be 'error' or 'warning', not {severity!r}")
    src = source or Source("")
    column = None
    if src.column is not None and not src.line_based:
        column = column_letter(src.column)
    return {
        "severity": severity,
        "code": code,
        "message": message,
        "source": str(src) if src.file else "",
        "file": src.file or None,
        "sheet": src.sheet,
        "row": src.row,
        "column": column,
    }
