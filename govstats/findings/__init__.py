"""Findings: what validation and reading report instead of fixing or dropping data.

A finding is a plain record with a stable kebab-case ``code`` (``row-arithmetic``,
``total-mismatch``, ``unreadable-input`` …), a severity and the exact position, so
that the ``findings`` table can be filtered like any other DataFrame. Every code, its
severity and its Chinese message are defined once, in :mod:`.catalogue`.
"""

from __future__ import annotations

from govstats.findings.catalogue import CODES
from govstats.source import Source, column_letter

_SEVERITIES = ("error", "warning")


def finding(code: str, source: Source | None, *args: str, severity: str | None = None, **fields) -> dict:
    """One findings record: ``code``'s catalogue template filled with ``fields``, at
    ``source``; ``severity`` only where a code's check says something milder than its
    usual one (``log-row-unread`` of a line that is no message).

    The earlier form ``finding(severity, code, message, source)`` is still read, for
    producers not yet moved to the catalogue's templates."""
    if code in _SEVERITIES:  # the earlier form: (severity, code, message, source)
        severity, code, message, source = code, source, *args
    else:
        message = CODES[code].template.format(**fields)
    severity = severity or CODES[code].severity
    if severity not in _SEVERITIES:
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
