"""What tidying works out of a cell's value, kept by the value: a series' sheets print the
same names and figures, file after file, so each distinct value is worked out once."""

from __future__ import annotations

from collections.abc import Callable

EXACT = frozenset((str, int, type(None)))
"""The types a value is kept by: no two values of them are equal (1, 1.0 and True are, and
would share an answer); a row or column of other types is worked out cell by cell."""

ROWS = 1000
"""A table longer than this is worked out cell by cell: its values are mostly its own (a
long list's names and addresses), and a value not kept yet costs three times its work."""
_KEPT = 2**16  # values kept before all are let go: the lookup stays small
_LONG = 64  # a longer text (a remark, a problem's wording) is seldom printed twice: not kept


class ByValue(dict):
    """``lookup[value]``: ``work(value)`` of a value of an :data:`EXACT` type, worked out the
    first time it is asked (``map(lookup.__getitem__, row)`` runs in C for the rest)."""

    __slots__ = ("_work",)

    def __init__(self, work: Callable[[str | int | None], object]) -> None:
        super().__init__()
        self._work = work

    def __missing__(self, value: str | int | None) -> object:
        out = self._work(value)
        if type(value) is str and len(value) > _LONG:
            return out
        if len(self) >= _KEPT:
            self.clear()
        self[value] = out
        return out
