"""A table's rows as records: each printed cell read for its field (a name, a count), the
cells no field takes kept for ``extras``, and what could not be read said at its cell."""

from __future__ import annotations

from operator import itemgetter

from govstats.findings import finding
from govstats.read.grid import UNKNOWN_VALUES, Grid
from govstats.schema import COUNT_FIELDS
from govstats.tidy import headers as hd
from govstats.tidy.byvalue import EXACT, ROWS, ByValue
from govstats.tidy.counts import MAX_COUNT, parse_count, split_mark
from govstats.tidy.rows import Rows
from govstats.tidy.table import ParsedTable
from govstats.vocabulary import tables as vocab

_UNKNOWN = frozenset(UNKNOWN_VALUES)
_READING = ByValue(parse_count).__getitem__
_NAME = ByValue(vocab.clean_name).__getitem__
_WHOLE = frozenset((int,))  # exact: a bool is no count
COUNT_PROBLEM = {
    "negative": ("negative-count", "为负数"),
    "non-integer": ("non-integer-count", "不是整数"),
    "not-a-number": ("not-a-count", "不是数字"),
    "boolean": ("not-a-count", "是逻辑值（TRUE/FALSE），不是数字"),
    "separator": ("not-a-count", "的数字之间有逗号或空格，但不是千位分隔（如1,234），无法确定数值"),
    "too-large": ("count-too-large", "超过1000万亿，不可能是件数"),
    "formula-without-value": (
        "formula-without-value",
        "是未保存计算结果的公式（请在Excel中打开并保存后再导入）",
    ),
    "error-value": ("error-value", "是Excel错误值（公式计算出错）"),
}


def read(t: ParsedTable, texts: list[list[str]], rows: Rows) -> None:
    """The rows ``rows`` reads of ``t`` as records and totals (a total in a record's shape;
    a ``measures`` table's rows are handling's in shape, with no count), read column by
    column; what a cell could not give is said at it, in reading order."""
    if not rows.read:
        return
    at, tiers, tier_raws, totals, scopes = zip(*rows.read, strict=True)
    width = t.grid.n_cols
    cells = list(map(t.grid.cells.__getitem__, at))
    if min(map(len, cells)) < width:  # a ragged row (a CSV's, a page's): padded
        cells = [row + [None] * (width - len(row)) if len(row) < width else row for row in cells]
    lines = list(map(texts.__getitem__, at))
    said: list[tuple[int, dict]] = []  # (position in ``at``, finding), and marks alike:
    marks: list[tuple[int, tuple]] = []  # sorted back into reading order at the end
    around = (_row_sources(t.grid, at), at, _extras(t, cells, lines))
    if t.kind == "problems":
        records = _problem_records(t, at, cells, said, around)
    else:
        columns = _handling_columns(t, at, cells, lines, totals, said, marks)
        records = _handling_records(t, (tiers, tier_raws, columns[0], *around, columns[1]), columns[2])
    if any(totals):
        _place(t, records, totals, scopes)
    else:  # no total row: most tables
        t.records.extend(records)
    if said:  # most tables: no cell to say
        said.sort(key=itemgetter(0))  # stable: within a row, the order its cells were read in
        t.findings.extend(f for _, f in said)
    if marks:
        marks.sort(key=itemgetter(0))
        t.marks.extend(m for _, m in marks)


def _place(t: ParsedTable, records: list[dict], totals, scopes) -> None:
    """Each row among the table's records or its totals (a group printed with its figures
    is its group's total, named as the group)."""
    for rec, total, scope in zip(records, totals, scopes, strict=True):
        if scope is not None:  # 一、市直单位 printed with its group's figures
            rec |= {"unit": vocab.clean_name(rec["tier_raw"]), "_scope": scope}
        (t.totals if total else t.records).append(rec)


def _handling_columns(t: ParsedTable, at, cells, lines, totals, said: list, marks: list) -> tuple:
    """``(units, printed rates, counts)`` of a handling table's rows ``at``, each a column;
    its cells said in the order a row is read: unit, counts, a unit missing."""
    units = _units(t, at, cells, lines, totals, said)
    counts = [
        _counts(t, at, cells, lines, t.columns[f], f, units, said, marks)
        if f in t.columns
        else [None] * len(at)
        for f in COUNT_FIELDS
    ]
    _missing_units(t, at, cells, units, totals, said)
    rates = [c for c, _, _ in t.rates]
    if rates:
        printed = [{c: row[c] for c in rates if line[c]} for row, line in zip(cells, lines, strict=True)]
    else:
        printed = [{} for _ in cells]
    return units, printed, counts


def _handling_records(t: ParsedTable, columns: tuple, counts: list[list]) -> list[dict]:
    """Rows of a handling table from its columns (tier, tier as printed, unit, source, row,
    extras, printed rates) and its counts (in :data:`COUNT_FIELDS`' order)."""
    channel, raw = t.channel, t.channel_raw
    return [
        {
            "channel": channel,
            "channel_raw": raw,
            "tier": tier,
            "tier_raw": tier_raw,
            "unit": unit,
            "source": source,
            "_r": r,
            "_rates": printed,
            "_extras": extras,
            # COUNT_FIELDS, by name: a dict written out is built at twice the speed of one zipped
            "received": received,
            "on_time": on_time,
            "late_completed": late_completed,
            "completed": completed,
            "pending": pending,
            "overdue_pending": overdue_pending,
        }
        for (tier, tier_raw, unit, source, r, extras, printed), (
            received,
            on_time,
            late_completed,
            completed,
            pending,
            overdue_pending,
        ) in zip(zip(*columns, strict=True), zip(*counts, strict=True), strict=True)
    ]


def _problem_records(t: ParsedTable, at, cells, said: list, around: tuple) -> list[dict]:
    """Rows of a problem list: each field's column as names (a site code without a
    spreadsheet's ``.0``), with the rows' sources, positions and extras."""
    nothing = [None] * len(at)
    unit, account_type, name, site_code, url, problem = (
        _names(t, at, cells, t.columns[f], said) if f in t.columns else nothing for f in hd.PROBLEM_FIELDS
    )
    site_code = [v if v is None else v.removesuffix(".0") for v in site_code]
    return [
        # hd.PROBLEM_FIELDS, by name
        {
            "unit": a,
            "account_type": b,
            "name": c,
            "site_code": d,
            "url": e,
            "problem": f,
            "source": source,
            "_r": r,
            "_extras": extras,
        }
        for a, b, c, d, e, f, source, r, extras in zip(
            unit, account_type, name, site_code, url, problem, *around, strict=True
        )
    ]


def _missing_units(t: ParsedTable, at, cells, units, totals, said: list) -> None:
    """A row of figures with no unit, said after its counts (a cell with no value is said as such)."""
    unit_col = t.columns["unit"]
    for i in [i for i, unit in enumerate(units) if not unit]:
        if not totals[i] and not isinstance(cells[i][unit_col], UNKNOWN_VALUES):
            said.append((i, finding("missing-unit", t.grid.source(at[i], unit_col))))


def _units(t: ParsedTable, at, cells, lines, totals, said: list) -> list[str | None]:
    """The unit column as names; a total row's the total word it prints (小计 in the unit
    column or beside it)."""
    unit_col = t.columns["unit"]
    units = _names(t, at, cells, unit_col, said)
    for i in [i for i, total in enumerate(totals) if total]:
        if not (units[i] and vocab.is_total(units[i])):
            units[i] = next((vocab.clean_name(v) for v in lines[i] if v and vocab.is_total(v)), units[i])
    return units


def _counts(t, at, cells, lines, col: int, field: str, units, said: list, marks: list) -> list:
    """Column ``col`` of the rows ``at`` as counts: a whole number as it is (most cells),
    any other cell read by :func:`parse_count` (once per value) and said when it is no count."""
    column = list(map(itemgetter(col), cells))
    if _WHOLE.issuperset(map(type, column)) and min(column) >= 0 and max(column) <= MAX_COUNT:
        return column  # every cell a count: most columns
    # figures printed as text (0, ０, 26①) read once per text, in C after the first
    by_value = len(column) <= ROWS and EXACT.issuperset(map(type, column))
    readings = list(map(_READING if by_value else parse_count, column))
    out = list(map(itemgetter(0), readings))
    for i, (_, problem) in enumerate(readings):
        if problem == "footnote-mark":
            marks.append((i, (at[i], col, lines[i][col], units[i])))
        elif problem:
            code, why = COUNT_PROBLEM[problem]
            where = f"{units[i] or '（无单位名称）'}：{t.headers.get(col, field)}"
            said.append(
                (i, finding(code, t.grid.source(at[i], col), where=where, text=lines[i][col], why=why))
            )
    return out


def _names(t: ParsedTable, at: list[int], cells: list[list], col: int, said: list) -> list[str | None]:
    """Column ``col`` of the rows ``at`` as names (:func:`name`)."""
    column = list(map(itemgetter(col), cells))
    if len(column) <= ROWS and EXACT.issuperset(map(type, column)):  # most columns: a name once per value
        return list(map(_NAME, column))
    if _UNKNOWN.isdisjoint(map(type, column)):  # every cell holds its value
        return list(map(vocab.clean_name, column))
    return [name(t, at[i], row, col, said=lambda f, i=i: said.append((i, f))) for i, row in enumerate(cells)]


def _extras(t: ParsedTable, cells: list[list], lines: list[list[str]]) -> list[dict]:
    """Each row's printed cells in columns no field takes (kept in ``extras``)."""
    used = {*t.columns.values(), t.seq}
    rest = [c for c in range(t.grid.n_cols) if c not in used]
    if not rest:  # every column a field's: most tables
        return [{} for _ in cells]
    return [{c: row[c] for c in rest if line[c]} for row, line in zip(cells, lines, strict=True)]


def _row_sources(grid: Grid, at: list[int]) -> list[str]:
    """The text of each row's :class:`~govstats.source.Source` (``grid.source(r)``),
    the sheet's part written once."""
    start = f"{grid.source()}, {'line' if grid.line_based else 'row'} "
    numbers = map(grid.row_numbers.__getitem__, at) if grid.row_numbers is not None else (r + 1 for r in at)
    return list(map(start.__add__, map(str, numbers)))


def name(t: ParsedTable, r: int, cells: list, col: int, said=None) -> str | None:
    """A name cell as printed; a cell whose value the file does not hold is no name: it is
    loaded as empty and said at its cell (through ``said``, else into ``t.findings``)."""
    value = cells[col]
    if not isinstance(value, UNKNOWN_VALUES):
        return vocab.clean_name(value)
    code, why = COUNT_PROBLEM[parse_count(value)[1]]
    (said or t.findings.append)(
        finding(code, t.grid.source(r, col), where=t.headers.get(col, ""), text=value, why=why)
    )
    return None


def said_marks(t: ParsedTable) -> list[dict]:
    """Each count printed with a footnote mark, read as the figure before it: said with the
    remark that explains the mark, when the table prints one."""
    out = []
    for r, col, text, unit in t.marks:
        figure, mark = split_mark(text)
        note = next((remark for remark in t.remarks if mark.strip() in remark), None)
        explained = f"（{note}）" if note else ""
        out.append(
            finding(
                "footnote-mark",
                t.grid.source(r, col),
                where=f"{unit or '（无单位名称）'}：{t.headers.get(col, '')}",
                text=text,
                mark=mark,
                explained=explained,
                figure=figure,
            )
        )
    return out


def merged_counts(t: ParsedTable) -> list[dict]:
    """A count cell merged over several units' rows (or over several count columns) is one
    printed figure: it stays where it is printed, its top-left cell, and the counts it covers,
    which load as empty, are named (a shared figure cannot be split, and a merged 0 is not
    known to be each unit's). A value a file keeps under the merge is not printed: not read."""
    counts = {c: f for f, c in t.columns.items() if f in COUNT_FIELDS}
    by_row = {rec["_r"]: rec for rec in t.records}
    out = []
    for r0, c0, r1, c1 in sorted(t.grid.merged):  # in reading order, whatever order the file lists them
        rows = [by_row[r] for r in range(r0, r1 + 1) if r in by_row]
        covered = [
            (rec, c) for rec in rows for c in range(c0, c1 + 1) if c in counts and (rec["_r"], c) != (r0, c0)
        ]
        if not covered:
            continue
        for rec, c in covered:
            rec[counts[c]] = None
        value = t.grid.cells[r0][c0] if c0 < len(t.grid.cells[r0]) else None
        first = by_row.get(r0)
        kept = f"按{first['unit'] or '第一行'}的{_header(t, c0)}导入；" if first and c0 in counts else ""
        named = "、".join(f"{rec['unit'] or '（无单位名称）'}的{_header(t, c)}" for rec, c in covered)
        out.append(
            finding(
                "merged-count",
                t.grid.source(r0, c0),
                value="" if value is None else value,
                rows=r1 - r0 + 1,
                columns=c1 - c0 + 1,
                kept=kept,
                named=named,
            )
        )
    return out


def _header(t: ParsedTable, c: int) -> str:
    return t.headers.get(c) or next((f for f, col in t.columns.items() if col == c), "")
