"""Printed cells → counts. A count is a non-negative whole number; anything else is
kept as printed for the finding that reports it."""

from __future__ import annotations

import re
import unicodedata

from govstats.read.grid import FormulaWithoutValue

_INT = re.compile(r"[+-]?\d+")
_DEC = re.compile(r"[+-]?\d+\.\d+")
_PERCENT = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*%")


def parse_count(value: object) -> tuple[int | None, str | None]:
    """``(count, problem)``: the count, or ``None`` with why it is not one.

    ``problem`` is ``None`` for a clean count or an empty cell, else one of
    ``"negative"``, ``"non-integer"``, ``"not-a-number"``, ``"formula-without-value"``.
    """
    if value is None:
        return None, None
    if type(value) is int:  # most cells, asked first
        return (value, None) if value >= 0 else (None, "negative")
    if isinstance(value, FormulaWithoutValue):
        return None, "formula-without-value"
    if isinstance(value, bool):
        return None, "not-a-number"
    if isinstance(value, int):
        return (value, None) if value >= 0 else (None, "negative")
    if isinstance(value, float):
        if value != value:  # NaN
            return None, None
        if not value.is_integer():
            return None, "non-integer"
        return (int(value), None) if value >= 0 else (None, "negative")
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace(" ", "")
    if not text:
        return None, None
    if _INT.fullmatch(text):
        n = int(text)
        return (n, None) if n >= 0 else (None, "negative")
    if _DEC.fullmatch(text):
        f = float(text)
        if f.is_integer():
            return (int(f), None) if f >= 0 else (None, "negative")
        return None, "non-integer"
    return None, "not-a-number"


def parse_rate(value: object) -> float | None:
    """A printed rate as a fraction: ``'98.11%'`` → 0.9811, ``0.98`` → 0.98; else ``None``."""
    if value is None or isinstance(value, FormulaWithoutValue):
        return None
    if isinstance(value, int | float):
        return float(value) if value <= 1 else float(value) / 100
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = _PERCENT.fullmatch(text)
    if m:
        return float(m.group(1)) / 100
    try:
        f = float(text)
    except ValueError:
        return None
    return f if f <= 1 else f / 100


def rate_precision(value: object) -> float:
    """Half a unit of the last printed digit of a rate, as a fraction (rounding tolerance)."""
    text = unicodedata.normalize("NFKC", str(value)).strip()
    percent = text.endswith("%")
    digits = text.rstrip("%").strip()
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    unit = 10.0**-decimals
    if percent or (not isinstance(value, int | float)):
        unit /= 100
    return unit / 2 + 1e-9
