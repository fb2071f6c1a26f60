"""Grids → parsed tables, peeled from the edge inwards: title lines, the header band
(one or two rows, merged parents forward-filled), then data rows, with group rows
(一、市直单位), total rows (合计) and remarks (备注 … 统计时间) moved out of the data.
Several tables on one grid are split where a new header band starts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from govstats.findings import finding
from govstats.notice.periods import find_period, find_window
from govstats.notice.publishers import find_publisher
from govstats.read.grid import UNKNOWN_VALUES, Grid
from govstats.schema import COUNT_FIELDS
from govstats.tidy import headers as hd
from govstats.tidy import roles
from govstats.tidy import vocabulary as vocab
from govstats.tidy.counts import parse_count
from govstats.tidy.table import ParsedTable

_PROBLEM_FIELDS = hd.PROBLEM_FIELDS
_HANDLING_FIELDS = ("unit", *COUNT_FIELDS)
_COUNT_PROBLEM = {
    "negative": ("error", "negative-count", "为负数"),
    "non-integer": ("error", "non-integer-count", "不是整数"),
    "not-a-number": ("error", "not-a-count", "不是数字"),
    "boolean": ("error", "not-a-count", "是逻辑值（TRUE/FALSE），不是数字"),
    "separator": ("error", "not-a-count", "的数字之间有逗号或空格，但不是千位分隔（如1,234），无法确定数值"),
    "too-large": ("error", "count-too-large", "超过1000万亿，不可能是件数"),
    "formula-without-value": (
        "error",
        "formula-without-value",
        "是未保存计算结果的公式（请在Excel中打开并保存后再导入）",
    ),
    "error-value": ("error", "error-value", "是Excel错误值（公式计算出错）"),
}


@dataclass(slots=True)
class _Header:
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


_NUMBERS = (int, float)  # exact types, as readers give them: a bool is no number


def _text(v: object) -> str:
    return "" if v is None else str(v).strip()


def _row(grid: Grid, r: int) -> list:
    row = grid.cells[r]
    return row + [None] * (grid.n_cols - len(row))


def _text_rows(grid: Grid) -> list[list[str]]:
    """Every cell's text, each row padded to the grid's width: tidying asks of most
    cells several times (is it a header, a group, a total, empty?), so it is made once."""
    width = grid.n_cols
    return [[_text(v) for v in row] + [""] * (width - len(row)) for row in grid.cells]


def _merged_parent(grid: Grid, r: int, c: int) -> object:
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
    handling table may lack its unit column here: :func:`_header_at` then reads it from
    the rows below."""
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
                _HANDLING_FIELDS if kind == "handling" else _PROBLEM_FIELDS
            ):
                fields[field] = c
            else:  # not understood, a second column of one field, or a field of the other kind
                unknown.append((c, headers[c]))
        if kind == "handling" and any(f in COUNT_FIELDS for f in fields):
            return "handling", fields, seq, rates, unknown, extra
        if kind == "problems" and ("name" in fields or "problem" in fields) and len(fields) >= 2:
            return "problems", fields, seq, [], unknown, extra
    return None


def _header_at(grid: Grid, texts: list[list[str]], r: int, user: dict[str, str]) -> _Header | None:
    # Every row of a table is asked whether a new header starts there: numbers say no at once.
    if any(type(v) in _NUMBERS for v in grid.cells[r]):
        return None
    row = texts[r]
    filled = {c: v for c, v in enumerate(row) if v}
    if len(filled) < 2:
        return None
    if any(parse_count(v)[0] is not None for v in filled.values()):
        return None
    found = _classify(filled, user)
    end = r + 1
    if r + 1 < grid.n_rows:
        sub = {c: v for c, v in enumerate(texts[r + 1]) if v}
        if sub and _is_sub_header(grid, r, row, sub):
            combined = dict(filled)
            for c, text in sub.items():
                parent = filled.get(c) or _text(_merged_parent(grid, r, c)) or _left_parent(row, c, sub)
                combined[c] = (
                    f"{parent}{text}" if parent and hd.count_field(vocab.normalise(text)) is None else text
                )
            two = _classify(combined, user)
            if two is not None and (found is None or len(two[1]) >= len(found[1])):
                found, filled, end = two, combined, r + 2
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
    return _Header(r, end, kind, filled, fields, seq, rates, unknown, extra, inferred)


def _is_sub_header(grid: Grid, r: int, row: list[str], sub: dict[int, str]) -> bool:
    """Row ``r + 1`` continues the header: it has no numbers, it is no group row, and it
    stands under a parent (a merged cell, or a blank top cell beside a filled one)."""
    if any(parse_count(v)[0] is not None for v in sub.values()) or vocab.group_label(
        next(iter(sub.values()))
    ):
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


def tidy_grid(grid: Grid, headers: dict[str, str] | None = None) -> list[ParsedTable]:
    """Every handling table or problem list recognised in ``grid``; ``headers`` maps
    normalised headers to fields (:func:`~govstats.tidy.headers.read_header_map`)."""
    user = headers or {}
    tables: list[ParsedTable] = []
    preamble: list[str] = [grid.context] if grid.context else []
    texts = _text_rows(grid)
    lines: list[tuple[int, str]] = []  # the grid's own lines of the preamble, with their rows
    r = 0
    while r < grid.n_rows:
        header = _header_at(grid, texts, r, user)
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
            finding(
                "warning",
                "text-after-table",
                f"表格之后的文字“{line}”不属于任何表格，未导入",
                grid.source(row),
            )
            for row, line in lines
        )
    return tables


def _read_table(
    grid: Grid, texts: list[list[str]], h: _Header, title: str, user: dict[str, str]
) -> tuple[ParsedTable, int]:
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
    t.findings.extend(
        finding("warning", "inferred-column", sentence, grid.source(h.start, c)) for c, sentence in h.inferred
    )
    header_text = " ".join(h.headers.values())
    if h.kind == "handling":
        t.channel = vocab.channel_of(title) or vocab.channel_of(header_text)
        t.channel_raw = vocab.channel_name(title) or vocab.channel_name(header_text)
    tier = tier_raw = None
    value_columns = _value_columns(h)
    r = h.end
    while r < grid.n_rows:
        trow = texts[r]
        cells = [(c, v) for c, v in enumerate(trow) if v]
        if not cells:
            r += 1
            continue
        first = cells[0][1]
        joined = " ".join(text for _, text in cells)
        if vocab.is_remark(first) or (len(cells) <= 2 and "统计时间" in vocab.normalise(joined)):
            t.remarks.append(joined)
            r += 1
            continue
        if _header_at(grid, texts, r, user) is not None:
            break
        if any(vocab.is_total(text) for _, text in cells[:2]):
            t.totals.append(_record(t, grid, r, trow, tier, tier_raw, total=True))
            r += 1
            continue
        values_empty = all(trow[c] == "" for c in value_columns)
        if values_empty and len(cells) == 1 and h.kind == "handling":
            label = vocab.group_label(first)
            if label or _spans(grid, r, cells[0][0]):
                tier, tier_raw = label or first, first
                r += 1
                continue
            if len(first) > 12 and any(w in first for w in ("附件", "表", "名单", "情况")):
                break  # the title of the next table on this grid
        if values_empty and len(cells) == 1 and h.kind == "problems" and vocab.group_label(first):
            tier, tier_raw = vocab.group_label(first), first
            r += 1
            continue
        t.records.append(_record(t, grid, r, trow, tier, tier_raw))
        r += 1
    _settle_period(t)
    if h.kind == "handling":
        roles.infer_received(t)
        roles.apply_overdue_reading(t)
    else:
        t.channel = None
        kind = vocab.kind_of(header_text) or vocab.kind_of(title)
        for rec in t.records:
            rec["kind"] = kind
    t.findings[len(h.inferred) : len(h.inferred)] = [
        finding(
            "warning",
            "unknown-column",
            f"未识别的列“{text}”：其数值存入 extras 表；可用 --headers 把它映射到字段",
            grid.source(h.start, c),
        )
        for c, text in t.unknown_columns
    ]
    return t, r


def _value_columns(h: _Header) -> list[int]:
    skip = {h.fields.get("unit"), h.seq} if h.kind == "handling" else {h.seq}
    cols = [c for c in h.fields.values() if c not in skip]
    return cols + [c for c, _, _ in h.rates]


def _spans(grid: Grid, r: int, c: int) -> bool:
    return any(c0 == c and c1 > c0 for _, c0, _, c1 in grid.merged_from(r))


def _record(
    t: ParsedTable, grid: Grid, r: int, texts: list[str], tier, tier_raw, *, total: bool = False
) -> dict:
    src = str(grid.source(r))
    row = _row(grid, r)
    used = {*t.columns.values(), t.seq}
    extras = {c: row[c] for c, text in enumerate(texts) if text and c not in used}
    if t.kind == "problems":
        rec = {f: _name(t, grid, r, row, t.columns[f]) if f in t.columns else None for f in _PROBLEM_FIELDS}
        if rec.get("site_code") is not None:
            rec["site_code"] = rec["site_code"].removesuffix(".0")
        return {**rec, "source": src, "_r": r, "_extras": extras}
    unit_col = t.columns["unit"]
    unit = _name(t, grid, r, row, unit_col)
    if total and not (unit and vocab.is_total(unit)):
        unit = next((vocab.clean_name(v) for v in texts if v and vocab.is_total(v)), unit)
    rec: dict = {
        "channel": t.channel,
        "channel_raw": t.channel_raw,
        "tier": tier,
        "tier_raw": tier_raw,
        "unit": unit,
        "source": src,
        "_r": r,
        "_rates": {c: row[c] for c, _, _ in t.rates if texts[c]},
        "_extras": extras,
    }
    for field in COUNT_FIELDS:
        col = t.columns.get(field)
        if col is None:
            rec[field] = None
            continue
        count, problem = parse_count(row[col])
        rec[field] = count
        if problem:
            severity, code, why = _COUNT_PROBLEM[problem]
            t.findings.append(
                finding(
                    severity,
                    code,
                    f"{unit or '（无单位名称）'}：{t.headers.get(col, field)}“{texts[col]}”{why}，按空值导入",
                    grid.source(r, col),
                )
            )
    if not unit and not total and not isinstance(row[unit_col], UNKNOWN_VALUES):
        t.findings.append(
            finding("error", "missing-unit", "数据行缺少单位名称，其数字已保留", grid.source(r, unit_col))
        )
    return rec


def _name(t: ParsedTable, grid: Grid, r: int, row: list, col: int) -> str | None:
    """A name cell as printed; a cell whose value the file does not hold is no name: it is
    loaded as empty and said at its cell."""
    value = row[col]
    if not isinstance(value, UNKNOWN_VALUES):
        return vocab.clean_name(value)
    return _unknown(t, grid, r, col, value)


def _unknown(t: ParsedTable, grid: Grid, r: int, col: int, value: object) -> None:
    severity, code, why = _COUNT_PROBLEM[parse_count(value)[1]]
    t.findings.append(
        finding(severity, code, f"{t.headers.get(col, '')}“{value}”{why}，按空值导入", grid.source(r, col))
    )
    return None


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
