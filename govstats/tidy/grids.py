"""Grids → parsed tables, peeled from the edge inwards: blocks of columns side by side
(:mod:`.partition`), title lines, the header band (:mod:`.band`), then data rows, with group
rows (一、市直单位), total rows (合计, 市直单位小计) and remarks (备注 … 统计时间) moved out of
the data. Several tables stacked in one block are split where a new header band starts."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

import pandas as pd

from govstats.findings import finding
from govstats.notice.publishers import find_publisher
from govstats.periods import find_period, find_window
from govstats.read.grid import Grid
from govstats.tidy import groups, records, roles
from govstats.tidy.band import Bands, Header
from govstats.tidy.byvalue import EXACT, ROWS, ByValue
from govstats.tidy.partition import partition
from govstats.tidy.rows import read_rows
from govstats.tidy.table import ParsedTable
from govstats.vocabulary import channels


def _text(value: str | int | None) -> str:
    return "" if value is None else value.strip() if type(value) is str else str(value)


_TEXT = ByValue(_text).__getitem__


def _text_rows(grid: Grid) -> list[list[str]]:
    """Every cell's text, each row padded to the grid's width: tidying asks of most
    cells several times (is it a header, a group, a total, empty?), so it is made once."""
    cells, width = grid.cells, grid.n_cols
    if grid.n_rows <= ROWS and EXACT.issuperset(map(type, chain.from_iterable(cells))):
        out = [list(map(_TEXT, row)) for row in cells]  # texts, whole numbers, blanks: nearly every grid
    else:
        out = [
            [v.strip() if type(v) is str else "" if v is None else str(v).strip() for v in row]
            for row in cells
        ]
    if cells and min(map(len, cells)) < width:  # a ragged row (a CSV's, a page's)
        for line in out:
            line += [""] * (width - len(line))
    return out


def tidy_grid(grid: Grid, headers: dict[str, str] | None = None) -> list[ParsedTable]:
    """Every handling table or problem list recognised in ``grid``; ``headers`` maps
    normalised headers to fields (:func:`~govstats.tidy.headers.read_header_map`)."""
    bands = Bands(grid, _text_rows(grid), headers or {})
    return [t for block in partition(bands) for t in _tidy_block(block)]


def _tidy_block(bands: Bands) -> list[ParsedTable]:
    """The tables of one block of columns, top to bottom: the lines above a band are its
    table's title; lines after the last table are said."""
    grid, texts = bands.grid, bands.texts
    tables: list[ParsedTable] = []
    preamble: list[str] = [grid.context] if grid.context else []
    lines: list[tuple[int, str]] = []  # the grid's own lines of the preamble, with their rows
    r = 0
    while r < grid.n_rows:
        header = bands.at(r)
        if header is None:
            line = " ".join(filter(None, texts[r]))
            if line:
                lines.append((r, line))
            r += 1
            continue
        title = " ".join([*preamble, *(line for _, line in lines)])
        table, r = _read_table(bands, header, title)
        tables.append(table)
        preamble, lines = [], []
    if tables:  # lines after the last table (a title with no table under it): said, not dropped
        tables[-1].findings.extend(
            finding("text-after-table", grid.source(row), text=line) for row, line in lines
        )
    return tables


def _read_table(bands: Bands, h: Header, title: str) -> tuple[ParsedTable, int]:
    """The table under header band ``h``, and the row after its last: the table its band
    and title make, its rows by what each is, those rows read column by column, then what
    the rows together say."""
    t = _start_table(bands.grid, h, title)
    rows = read_rows(bands, h)
    t.remarks = rows.remarks
    records.read(t, bands.texts, rows)
    _finish_table(t, h)
    return t, rows.end


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
        t.channel, t.channel_raw = _channel(title, " ".join(h.headers.values()))
    return t


@lru_cache(maxsize=2**12)
def _channel(title: str, header_text: str) -> tuple[str | None, str | None]:
    """The channel a table's title names, else its headers: its family and as printed."""
    return (
        channels.channel_of(title) or channels.channel_of(header_text),
        channels.channel_name(title) or channels.channel_name(header_text),
    )


def _finish_table(t: ParsedTable, h: Header) -> None:
    """What the rows together say: the table's period and city, the roles its arithmetic
    reads, what its totals total, and the findings of its header and its cells."""
    _settle_period(t)
    if h.kind == "handling":
        roles.infer_received(t)
        roles.apply_overdue_reading(t)
        t.findings.extend(groups.settle_totals(t))
        t.findings.extend(records.merged_counts(t))
    elif h.kind == "problems":
        t.channel = None
        kind = channels.kind_of(" ".join(h.headers.values())) or channels.kind_of(t.title)
        for rec in t.records:
            rec["kind"] = kind
    t.findings.extend(records.said_marks(t))
    t.findings[:0] = _said_columns(t, h)


def _said_columns(t: ParsedTable, h: Header) -> list[dict]:
    """A column read from the table's content, then each column kept unread in ``extras``."""
    said = [finding("inferred-column", t.grid.source(h.start, c), reason=s) for c, s in h.inferred]
    for c, header in t.unknown_columns:
        at = t.grid.source(h.start, c)
        if h.kind == "measures":  # no count column at all: every unit's figures go to extras
            said.append(
                finding(
                    "unknown-column",
                    at,
                    header=header,
                    where="本表没有可识别的计数列（受理、办结等），各单位及其数值",
                )
            )
        else:
            said.append(finding("unknown-column", at, header=header, where="其数值"))
    return said


def _settle_period(t: ParsedTable) -> None:
    """The table's period (its remark's statistics window, else its title's) and city."""
    for remark in t.remarks:
        found = _window(remark)
        if found is not None:
            t.period, t.period_source = found, "window"
            break
    period, t.publisher = _title_says(t.title)
    if t.period is None:
        t.period = period
        t.period_source = "title" if t.period is not None else None


# A series' tables print the same titles and remarks, sheet after sheet, file after file:
# what one says is read once.
_window = lru_cache(maxsize=2**12)(find_window)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=2**12)
def _title_says(title: str) -> tuple[pd.Period | None, str | None]:
    """The period and the city a table's title names (the city line by line: find_publisher
    peels an annex label, 附件3：)."""
    lines = _SPACES.split(title or "")
    city = next((found for line in lines if line and (found := find_publisher(line))), None)
    return find_period(title), city
