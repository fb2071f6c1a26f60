"""What each row below a header band is, read top to bottom until the table ends: a data
row, a total (合计, 市直单位小计), a group line (一、市直单位) or a group printed with its
figures, a remark (备注 … 统计时间), a blank, the band printed again over a page, or the
start of the next table. A row's first two cells say most of it; what a text says is worked
out once per text (:func:`_marks`), since the same names and markers fill every sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from govstats.read.grid import Grid
from govstats.tidy.band import NUMBER_TYPES, Bands, Header
from govstats.tidy.counts import is_count_text
from govstats.vocabulary import tables as vocab


@dataclass(slots=True)
class Rows:
    """A table's rows by what they are, each in reading order. ``read`` lists the rows that
    become records, ``(row, tier, tier_raw, total, scope)``: ``scope`` is a group printed
    with its figures (``("group", tier)``) or ``None``."""

    read: list[tuple[int, str | None, str | None, bool, tuple | None]] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    end: int = 0  # the row the table ends at


_PLAIN = (False, False, None)  # a text that is no remark, total or group heading: most


@lru_cache(maxsize=2**16)
def _marks(text: str) -> tuple[bool, bool, str | None]:
    """``(remark, total, group heading)`` of a printed text (:data:`_PLAIN` itself when none)."""
    marks = vocab.is_remark(text), vocab.is_total(text), vocab.group_heading(text)
    return _PLAIN if marks == _PLAIN else marks


def read_rows(bands: Bands, h: Header) -> Rows:
    """The rows under band ``h`` by what each is, until the table ends: most are a unit's
    figures (:func:`_unit_row`), told at once; any other is asked the whole way
    (:func:`_row_kind`)."""
    texts, cells = bands.texts, bands.grid.cells
    out = Rows()
    values = value_columns(h)
    tier = tier_raw = None
    in_rows = True  # below the band or a data row (blank rows between): the table runs on
    r, end = h.end, len(texts)
    read = out.read
    while r < end:
        # a run of units' figures is taken in one go: most rows of a table
        run = r
        while run < end and _unit_row(texts[run], cells[run], values):
            run += 1
        if run > r:
            read.extend([(i, tier, tier_raw, False, None) for i in range(r, run)])
            in_rows, r = True, run
            if r == end:
                break
        kind, said = _row_kind(bands, r, h, values, in_rows)
        if kind == "end":
            break
        if kind == "remark":
            out.remarks.append(said)
        elif kind == "group":
            tier, tier_raw = said
        elif kind == "group-total":  # 一、市直单位 printed with its group's figures
            tier, tier_raw = said
            out.read.append((r, tier, tier_raw, True, ("group", tier)))
        elif kind in ("total", "data"):
            out.read.append((r, tier, tier_raw, kind == "total", None))
        if kind != "blank":
            in_rows = kind in ("data", "repeat")
        r = said if kind == "repeat" else r + 1
    out.end = r
    return out


def _unit_row(row: list[str], cells: list, values: list[int]) -> bool:
    """Whether a row is a unit's figures: figures in its value columns, a number among its
    cells or a count printed as text (so no band: :func:`~govstats.tidy.band.header_at`),
    and first two cells that mark nothing (no remark, total or group); a lone cell may
    state the period (统计时间…) and is asked the whole way."""
    for c in values:  # a loop, not any(map(...)): a table's few value columns, every row
        if row[c]:
            break
    else:
        return False
    filled = filter(None, row)
    first, second = next(filled), next(filled, None)
    return (
        second is not None
        and _marks(first) is _PLAIN
        and _marks(second) is _PLAIN
        and (not NUMBER_TYPES.isdisjoint(map(type, cells)) or _counted(row, values))
    )


def _row_kind(bands: Bands, r: int, h: Header, values: list[int], in_rows: bool):
    """``(kind, what)``: ``blank``, ``remark`` (its text), ``end`` (the next table starts),
    ``repeat`` (the band again, as a table printed over pages repeats it), ``total``,
    ``group`` or ``group-total`` ((label, as printed)), or ``data``.

    Among the rows, a band-like row reading the same fields from the same columns is the
    band repeated (same words) or, in a problem list, a row (县林业局网站 / …没有文字说明):
    losing a row to a band would lose it without a word. After a title or a group line, a
    band starts the next table."""
    row = bands.texts[r]
    cells = [(c, v) for c, v in enumerate(row) if v]
    if not cells:
        return "blank", None
    figures = any(map(row.__getitem__, values))
    marks = [_marks(v) for _, v in cells[:2]]
    first = cells[0][1]
    # 说明 or 统计时间 inside a problem's text (…没有文字说明, 未标注统计时间) is the row's, not a remark
    # the cheap test first: a row with figures in its value columns is no remark, whatever it says
    if marks[0][0] or ((len(cells) == 1 or not figures) and vocab.states_period(_said(cells))):
        return "remark", _said(cells)
    band = bands.at(r)
    if band is not None and in_rows and band.kind == h.kind and band.fields == h.fields:
        if band.headers == h.headers:
            return "repeat", band.end
        if h.kind == "problems":
            band = None
    if band is not None:
        return "end", None
    if any(total for _, total, _ in marks):
        return "total", None
    heading = next((v for (_, v), (_, _, g) in zip(cells, marks, strict=False) if g), None)
    if h.kind != "problems" and heading and figures:
        return "group-total", (vocab.group_heading(heading), heading)
    if len(cells) == 1 and not figures:
        label = vocab.group_label(first)
        if label or (h.kind != "problems" and _spans(bands.grid, r, cells[0][0])):
            return "group", (label or first, first)
        if h.kind != "problems" and vocab.is_next_title(first):
            return "end", None
    return "data", None


def _counted(row: list[str], values: list[int]) -> bool:
    """Whether a value column prints a count (a CSV's or a page's figures are text): a row
    holding one is no header band."""
    return any(is_count_text(row[c]) for c in values if row[c])


def _said(cells: list[tuple[int, str]]) -> str:
    return " ".join(v for _, v in cells)


def _spans(grid: Grid, r: int, c: int) -> bool:
    return any(c0 == c and c1 > c0 for _, c0, _, c1 in grid.merged_from(r))


def value_columns(h: Header) -> list[int]:
    """The columns a row's figures stand in (its counts and printed rates)."""
    skip = {h.seq} if h.kind == "problems" else {h.fields.get("unit"), h.seq}
    cols = [c for c in h.fields.values() if c not in skip]
    return cols + [c for c, _, _ in h.rates]
