"""Grids → parsed tables, peeled from the edge inwards: blocks of columns side by side
(:mod:`.partition`), title lines, the header band (:mod:`.band`), then data rows, with group
rows (一、市直单位), total rows (合计, 市直单位小计) and remarks (备注 … 统计时间) moved out of
the data. Several tables stacked in one block are split where a new header band starts."""

from __future__ import annotations

import re

from govstats.findings import finding
from govstats.notice.publishers import find_publisher
from govstats.periods import find_period, find_window
from govstats.read.grid import Grid
from govstats.tidy import groups, records, roles
from govstats.tidy.band import Header, header_at, text, value_columns
from govstats.tidy.partition import partition
from govstats.tidy.table import ParsedTable
from govstats.vocabulary import channels
from govstats.vocabulary import tables as vocab


def _text_rows(grid: Grid) -> list[list[str]]:
    """Every cell's text, each row padded to the grid's width: tidying asks of most
    cells several times (is it a header, a group, a total, empty?), so it is made once."""
    width = grid.n_cols
    return [[text(v) for v in row] + [""] * (width - len(row)) for row in grid.cells]


def tidy_grid(grid: Grid, headers: dict[str, str] | None = None) -> list[ParsedTable]:
    """Every handling table or problem list recognised in ``grid``; ``headers`` maps
    normalised headers to fields (:func:`~govstats.tidy.headers.read_header_map`)."""
    user = headers or {}
    tables: list[ParsedTable] = []
    for part, texts in partition(grid, _text_rows(grid), user):
        tables.extend(_tidy_block(part, texts, user))
    return tables


def _tidy_block(grid: Grid, texts: list[list[str]], user: dict[str, str]) -> list[ParsedTable]:
    tables: list[ParsedTable] = []
    preamble: list[str] = [grid.context] if grid.context else []
    lines: list[tuple[int, str]] = []  # the grid's own lines of the preamble, with their rows
    r = 0
    while r < grid.n_rows:
        header = header_at(grid, texts, r, user)
        if header is None:
            line = " ".join(v for v in texts[r] if v)
            if line:
                lines.append((r, line))
            r += 1
            continue
        title = " ".join([*preamble, *(line for _, line in lines)])
        table, r = _read_table(grid, texts, header, title, user)
        tables.append(table)
        preamble, lines = [], []
    if tables:  # lines after the last table (a title with no table under it): said, not dropped
        tables[-1].findings.extend(
            finding("text-after-table", grid.source(row), text=line)
            for row, line in lines
        )
    return tables


def _read_table(
    grid: Grid, texts: list[list[str]], h: Header, title: str, user: dict[str, str]
) -> tuple[ParsedTable, int]:
    """The table under header band ``h``, and the row after its last."""
    t = _start_table(grid, h, title)
    end = _read_rows(t, texts, h, user)
    _finish_table(t, h)
    return t, end


def _start_table(grid: Grid, h: Header, title: str) -> ParsedTable:
    t = ParsedTable(
        grid=grid,
        kind=h.kind,
        title=title,
        columns=dict(h.fields),
        headers=h.headers,
        rates=h.rates,
        unknown_columns=h.unknown,
        header_row=h.start,
        seq=h.seq,
        extra_columns=h.extra,
    )
    if h.kind != "problems":
        header_text = " ".join(h.headers.values())
        t.channel = channels.channel_of(title) or channels.channel_of(header_text)
        t.channel_raw = channels.channel_name(title) or channels.channel_name(header_text)
    return t


def _read_rows(t: ParsedTable, texts: list[list[str]], h: Header, user: dict[str, str]) -> int:
    """Each row below the band by what it is, until the table ends; the row it ends at."""
    tier = tier_raw = None
    values = value_columns(h)
    in_rows = True  # below the band or a data row (blank rows between): the table runs on
    r = h.end
    while r < t.grid.n_rows:
        kind, said = _row_kind(t.grid, texts, r, h, values, user, in_rows)
        if kind == "end":
            break
        if kind == "remark":
            t.remarks.append(said)
        elif kind == "group":
            tier, tier_raw = said
        elif kind == "group-total":  # 一、市直单位 printed with its group's figures
            (tier, tier_raw), label = said, said[1]
            rec = records.record(t, r, texts[r], tier, tier_raw, total=True)
            t.totals.append({**rec, "unit": vocab.clean_name(label), "_scope": ("group", tier)})
        elif kind in ("total", "data"):
            rec = records.record(t, r, texts[r], tier, tier_raw, total=kind == "total")
            (t.totals if kind == "total" else t.records).append(rec)
        if kind != "blank":
            in_rows = kind in ("data", "repeat")
        r = said if kind == "repeat" else r + 1
    return r


def _row_kind(grid, texts, r: int, h: Header, values: list[int], user, in_rows: bool):
    """``(kind, what)``: ``blank``, ``remark`` (its text), ``end`` (the next table starts),
    ``repeat`` (the band again, as a table printed over pages repeats it), ``total``,
    ``group`` or ``group-total`` ((label, as printed)), or ``data``.

    Among the rows, a band-like row reading the same fields from the same columns is the
    band repeated (same words) or, in a problem list, a row (县林业局网站 / …没有文字说明):
    losing a row to a band would lose it without a word. After a title or a group line, a
    band starts the next table."""
    row = texts[r]
    cells = [(c, v) for c, v in enumerate(row) if v]
    if not cells:
        return "blank", None
    first = cells[0][1]
    said = " ".join(v for _, v in cells)
    # 说明 or 统计时间 inside a problem's text (…没有文字说明, 未标注统计时间) is the row's, not a remark
    # the cheap test first: a row with figures in its value columns is no remark, whatever it says
    if vocab.is_remark(first) or (
        (len(cells) == 1 or not any(row[c] for c in values)) and vocab.states_period(said)
    ):
        return "remark", said
    band = header_at(grid, texts, r, user)
    if band is not None and in_rows and band.kind == h.kind and band.fields == h.fields:
        if band.headers == h.headers:
            return "repeat", band.end
        if h.kind == "problems":
            band = None
    if band is not None:
        return "end", None
    if any(vocab.is_total(v) for _, v in cells[:2]):
        return "total", None
    heading = next((v for _, v in cells[:2] if vocab.group_heading(v)), None)
    if h.kind != "problems" and heading and any(row[c] for c in values):
        return "group-total", (vocab.group_heading(heading), heading)
    if len(cells) == 1 and all(row[c] == "" for c in values):
        label = vocab.group_label(first)
        if label or (h.kind != "problems" and _spans(grid, r, cells[0][0])):
            return "group", (label or first, first)
        if h.kind != "problems" and vocab.is_next_title(first):
            return "end", None
    return "data", None


def _spans(grid: Grid, r: int, c: int) -> bool:
    return any(c0 == c and c1 > c0 for _, c0, _, c1 in grid.merged_from(r))


def _finish_table(t: ParsedTable, h: Header) -> None:
    """What the rows together say: the table's period and city, the roles its arithmetic
    reads, what its totals total, and the findings of its header and its cells."""
    _settle_period(t)
    header_text = " ".join(h.headers.values())
    if h.kind == "handling":
        roles.infer_received(t)
        roles.apply_overdue_reading(t)
        t.findings.extend(groups.settle_totals(t))
        t.findings.extend(records.merged_counts(t))
    elif h.kind == "problems":
        t.channel = None
        kind = channels.kind_of(header_text) or channels.kind_of(t.title)
        for rec in t.records:
            rec["kind"] = kind
    t.findings.extend(records.said_marks(t))
    where = "本表没有可识别的计数列（受理、办结等），各单位及其数值" if h.kind == "measures" else "其数值"
    inferred = [finding("inferred-column", t.grid.source(h.start, c), reason=s) for c, s in h.inferred]
    unknown = [
        finding("unknown-column", t.grid.source(h.start, c), header=header, where=where)
        for c, header in t.unknown_columns
    ]
    t.findings[:0] = [*inferred, *unknown]


def _settle_period(t: ParsedTable) -> None:
    for remark in t.remarks:
        found = find_window(remark)
        if found is not None:
            t.period, t.period_source = found, "window"
            break
    if t.period is None:
        t.period = find_period(t.title)
        t.period_source = "title" if t.period is not None else None
    t.publisher = _publisher_of(t.title)


def _publisher_of(title: str) -> str | None:
    """The city a table's title lines name (find_publisher peels an annex label, 附件3：)."""
    lines = re.split(r"\s+", title or "")
    return next((found for line in lines if line and (found := find_publisher(line))), None)
