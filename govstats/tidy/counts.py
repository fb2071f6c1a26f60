"""Printed cells → counts. A count is a non-negative whole number no larger than
:data:`MAX_COUNT`; anything else is kept as printed for the finding that reports it."""

from __future__ import annotations

import re
from functools import lru_cache

from govstats.chinese import is_mark
from govstats.read.grid import UNKNOWN_VALUES, ErrorValue

# Digits are 0-9 only (re.ASCII): a count is printed in them or in their full-width forms,
# which _WIDTH alone turns into them. NFKC would also make ① and ¹ digits, so 26① read as 261.
_INT = re.compile(r"[+-]?\d+", re.ASCII)
_DEC = re.compile(r"[+-]?\d+\.\d+", re.ASCII)
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", re.ASCII)  # 1,234 and 12,345,678.0
_WIDTH = {0x3000: " ", **{c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}}  # full width → ASCII
_PERCENT = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*%", re.ASCII)
MAX_COUNT = 10**15
"""Larger is no count of items an office handled, and summing thousands of such rows
would overflow the tables' 64-bit integers."""
_BOOLEANS = frozenset({"TRUE", "FALSE"})


def _checked(n: int) -> tuple[int | None, str | None]:
    if n < 0:
        return None, "negative"
    return (n, None) if n <= MAX_COUNT else (None, "too-large")


def parse_count(value: object) -> tuple[int | None, str | None]:
    """``(count, problem)``: the count, or ``None`` with why it is not one.

    ``problem`` is ``None`` for a clean count or an empty cell, else one of
    ``"negative"``, ``"non-integer"``, ``"not-a-number"``, ``"too-large"``, ``"boolean"``
    (TRUE/FALSE), ``"separator"`` (digits split where no thousands separator goes:
    ``1,0``, ``1 0``), ``"formula-without-value"``, ``"error-value"`` (``#DIV/0!``).
    ``"footnote-mark"`` comes *with* the count: the figure printed before a mark (26①).
    """
    if value is None:
        return None, None
    if type(value) is int:  # most cells, asked first
        return (value, None) if 0 <= value <= MAX_COUNT else _checked(value)
    if isinstance(value, UNKNOWN_VALUES):
        return None, "error-value" if isinstance(value, ErrorValue) else "formula-without-value"
    if isinstance(value, bool):
        return None, "boolean"
    if isinstance(value, int):
        return _checked(value)
    if isinstance(value, float):
        if value != value:  # NaN
            return None, None
        if value in (float("inf"), float("-inf")):
            return None, "too-large" if value > 0 else "negative"
        if not value.is_integer():
            return None, "non-integer"
        return _checked(int(value))
    return _parse_text(str(value))


def is_count_text(text: str) -> bool:
    """Whether a cell's text reads as a count: ``parse_count(text)`` gives one (tidying asks
    it of the texts of every band-like row)."""
    return _parse_text(text)[0] is not None


# A sheet's cells repeat (0, 1, 合计, the same names down a column, in every file of a
# series): a printed text's reading is worked out once.
@lru_cache(maxsize=2**16)
def _parse_text(text: str) -> tuple[int | None, str | None]:
    if text.isascii():  # most cells: no mark but *, no full-width form
        text = text.strip()
        if text.isdigit():
            return _checked(int(text))
    if not text.isascii() or text.endswith("*"):
        text, mark = split_mark(text)
        if mark:
            count, problem = parse_count(text) if text else (None, "not-a-number")
            return (count, "footnote-mark") if count is not None else (None, problem or "not-a-number")
        text = text.translate(_WIDTH).strip()
    if not text:
        return None, None
    if text.upper() in _BOOLEANS:
        return None, "boolean"
    if "," in text or " " in text:
        if not _GROUPED.fullmatch(text):
            return None, "separator" if re.fullmatch(r"[+-]?[\d, ]+(?:\.\d+)?", text) else "not-a-number"
        text = text.replace(",", "")
    if _INT.fullmatch(text):
        return _checked(int(text))
    if _DEC.fullmatch(text):
        f = float(text)
        if f.is_integer():
            return _checked(int(f))
        return None, "non-integer"
    return None, "not-a-number"


def split_mark(text: str) -> tuple[str, str]:
    """``(text, mark)``: a footnote mark printed after a figure (26①, 10¹, 12⑴, 8*) split off;
    ``mark`` is empty when there is none; what a mark is: :func:`govstats.chinese.is_mark`."""
    end = len(text.rstrip())
    i = end
    while i > 0 and is_mark(text[i - 1]):
        i -= 1
    return (text[:i].rstrip(), text[i:end]) if i < end else (text, "")


def parse_rate(value: object) -> float | None:
    """A printed rate as a fraction: ``'98.11%'`` → 0.9811, ``0.98`` → 0.98; else ``None``."""
    if value is None or isinstance(value, UNKNOWN_VALUES):
        return None
    if isinstance(value, int | float):
        return float(value) if value <= 1 else float(value) / 100
    text = split_mark(str(value))[0].translate(_WIDTH).strip()  # 92.3%① is 92.3%, never 92.3%1
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
    text = split_mark(str(value))[0].translate(_WIDTH).strip()
    percent = text.endswith("%")
    digits = text.rstrip("%").strip()
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    unit = 10.0**-decimals
    if percent or (not isinstance(value, int | float)):
        unit /= 100
    return unit / 2 + 1e-9
