"""A table's header band: the row (or two, merged parents forward-filled) whose cells
compose into the fields of a handling table or a problem list. Every row of a grid is
asked whether a band starts there."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from govstats.read.grid import Grid
from govstats.schema import COUNT_FIELDS
from govstats.tidy import headers as hd
from govstats.tidy import roles
from govstats.tidy.counts import is_count_text
from govstats.vocabulary import tables as vocab

HANDLING_FIELDS = ("unit", *COUNT_FIELDS)
NUMBER_TYPES = frozenset((int, float))  # exact types, as readers give them: a bool is no number
_LOOK = 3  # rows below a band of names and unknown measures that must hold their counts


@dataclass(slots=True)
class Header:
    start: int
    end: int  # first row after the band
    kind: str
    headers: dict[int, str]  # column -> header as printed (both rows joined)
    fields: dict[str, int]
    seq: int | None
    rates: list[tuple[int, str, str]]
    unknown: list[tuple[int, str]]
    extra: list[int]  # understood, but no contract field: kept in extras
    inferred: list[tuple[int, str]]  # (column, the sentence stating the inference)


def text(v: object) -> str:
    return "" if v is None else str(v).strip()


def merged_parent(grid: Grid, r: int, c: int) -> object:
    for r0, c0, r1, c1 in grid.merged:
        if r0 <= r <= r1 and c0 <= c <= c1:
            return grid.cells[r0][c0] if c0 < len(grid.cells[r0]) else None
    return None


def _field(norm: str, user: dict[str, str], kind: str) -> str | None:
    """What a normalised header names in a table of ``kind``: the user's mapping first,
    then the header's composition. ``extra`` is a column kept in ``extras`` only."""
    if norm in user:
        return user[norm]
    if kind == "handling":
        if hd.is_unit_header(norm):
            return "unit"
        field = hd.count_field(norm)
        if field:
            return field
        if hd.is_rate(norm):
            return "rate"
        return "extra" if any(w in norm for w in vocab.OTHER_MEASURES) else None
    field = hd.problem_field(norm)
    return "extra" if field == "region" else field


def _classify(headers: dict[int, str], user: dict[str, str]):
    """Fields of a candidate header row: (kind, fields, seq, rates, unknown, extra) or None. A
    handling table may lack its unit column here: :func:`header_at` then reads it from
    the rows below."""
    if user:
        return _composed(headers, user)
    # Offices print the same bands sheet after sheet: without a user's mapping, what one
    # band's words compose is worked out once (and handed out as copies: tables change theirs)
    found = _composed_once(tuple(headers.items()))
    if found is None:
        return None
    kind, fields, seq, rates, unknown, extra = found
    return kind, dict(fields), seq, list(rates), list(unknown), list(extra)


@lru_cache(maxsize=2**12)
def _composed_once(headers: tuple[tuple[int, str], ...]):
    return _composed(dict(headers), {})


def _composed(headers: dict[int, str], user: dict[str, str]):
    norm = {c: vocab.normalise(h) for c, h in headers.items()}
    seq = next((c for c, h in norm.items() if hd.is_seq(h) and h not in user), None)
    for kind in ("handling", "problems"):
        fields: dict[str, int] = {}
        rates, unknown, extra = [], [], []
        for c, h in norm.items():
            if c == seq or not h:
                continue
            field = _field(h, user, kind)
            if field == "rate":
                rate = hd.rate_kind(h)
                if rate != "other":
                    rates.append((c, headers[c], rate))
            elif field == "extra":
                extra.append(c)
            elif field not in fields and field in (
                HANDLING_FIELDS if kind == "handling" else hd.PROBLEM_FIELDS
            ):
                fields[field] = c
            else:  # not understood, a second column of one field, or a field of the other kind
                unknown.append((c, headers[c]))
        if kind == "handling" and any(f in COUNT_FIELDS for f in fields):
            return "handling", fields, seq, rates, unknown, extra
        if kind == "problems" and ("name" in fields or "problem" in fields) and len(fields) >= 2:
            return "problems", fields, seq, [], unknown, extra
    return None


def _names_and_measures(texts: list[list[str]], r: int, headers: dict[int, str], user: dict[str, str]):
    """A band of units and measures no count field takes (旗区 / 成功应答(通)): a unit header
    and, in the rows below, counts under every other header. Its kind is ``measures``: its
    cells reach ``extras`` and each header is said, instead of the file being unreadable, and
    no unit comes into ``handling`` with counts unknown (which would leave its city's sums
    unknown too)."""
    below = [row for row in texts[r + 1 : r + 1 + _LOOK] if any(row)]
    if not below or not any(is_count_text(below[0][c]) for c in headers):
        return None  # asked of every row of a sheet: most have no counts below, said at once
    norm = {c: vocab.normalise(h) for c, h in headers.items()}
    seq = next((c for c, h in norm.items() if hd.is_seq(h) and h not in user), None)
    unit = next((c for c, h in norm.items() if c != seq and _field(h, user, "handling") == "unit"), None)
    others = [c for c in headers if c not in (seq, unit)]
    if unit is None or not others:
        return None
    if not all(row[unit] and not is_count_text(row[unit]) for row in below):
        return None
    if not all(is_count_text(row[c]) for row in below for c in others):
        return None
    return "measures", {"unit": unit}, seq, [], [(c, headers[c]) for c in others], []


def header_at(grid: Grid, texts: list[list[str]], r: int, user: dict[str, str]) -> Header | None:
    """The header band starting at row ``r``, or ``None``."""
    # Every row of a table is asked whether a new header starts there: numbers say no at once.
    if not NUMBER_TYPES.isdisjoint(map(type, grid.cells[r])):
        return None
    row = texts[r]
    filled = {c: v for c, v in enumerate(row) if v}
    if len(filled) < 2:
        return None
    if any(map(is_count_text, filled.values())):
        return None
    found = _classify(filled, user)
    end = r + 1
    if r + 1 < grid.n_rows:
        sub = {c: v for c, v in enumerate(texts[r + 1]) if v}
        if sub and _is_sub_header(grid, r, row, sub):
            combined = dict(filled)
            for c, cell in sub.items():
                parent = filled.get(c) or text(merged_parent(grid, r, c)) or _left_parent(row, c, sub)
                combined[c] = (
                    f"{parent}{cell}" if parent and hd.count_field(vocab.normalise(cell)) is None else cell
                )
            two = _classify(combined, user)
            if two is not None and (found is None or len(two[1]) >= len(found[1])):
                found, filled, end = two, combined, r + 2
    found = found or _names_and_measures(texts, r, filled, user)
    if found is None:
        return None
    kind, fields, seq, rates, unknown, extra = found
    inferred: list[tuple[int, str]] = []
    if kind == "handling" and "unit" not in fields:
        taken = {seq, *fields.values(), *(c for c, _, _ in rates)}
        col = roles.unit_column(texts, end, [c for f, c in fields.items() if f in COUNT_FIELDS], taken)
        if col is None:
            return None
        fields = {"unit": col, **fields}
        unknown = [(c, h) for c, h in unknown if c != col]
        extra = [c for c in extra if c != col]
        inferred.append((col, roles.unit_sentence(filled.get(col, "（无列名）"))))
    return Header(r, end, kind, filled, fields, seq, rates, unknown, extra, inferred)


def _is_sub_header(grid: Grid, r: int, row: list[str], sub: dict[int, str]) -> bool:
    """Row ``r + 1`` continues the header: it has no numbers, it is no group row, and it
    stands under a parent (a merged cell, or a blank top cell beside a filled one)."""
    if any(map(is_count_text, sub.values())) or vocab.group_label(next(iter(sub.values()))):
        return False
    merged_over = any(c1 > c0 for _, c0, _, c1 in grid.merged_from(r))
    gap_over = any(not row[c] for c in sub)
    return merged_over or gap_over


def _left_parent(row: list[str], c: int, sub: dict[int, str]) -> str:
    """Without merge information, a parent cell stands over the empty cells to its right."""
    for k in range(c - 1, -1, -1):
        if row[k]:
            return row[k] if k in sub else ""
    return ""


class Bands:
    """:func:`header_at` of one grid's rows, each row asked once: a sheet's top rows are
    asked while it is cut into blocks and again while its tables are read."""

    __slots__ = ("_found", "grid", "texts", "user")

    def __init__(self, grid: Grid, texts: list[list[str]], user: dict[str, str]) -> None:
        self.grid, self.texts, self.user = grid, texts, user
        self._found: dict[int, Header | None] = {}

    def at(self, r: int) -> Header | None:
        found = self._found
        if r not in found:
            found[r] = header_at(self.grid, self.texts, r, self.user)
        return found[r]
