"""A table's rows as records: each printed cell read for its field (a name, a count), the
cells no field takes kept for ``extras``, and what could not be read said at its cell."""

from __future__ import annotations

from govstats.findings import finding
from govstats.read.grid import UNKNOWN_VALUES, Grid
from govstats.schema import COUNT_FIELDS
from govstats.tidy import headers as hd
from govstats.tidy.counts import parse_count, split_mark
from govstats.tidy.table import ParsedTable
from govstats.vocabulary import tables as vocab

COUNT_PROBLEM = {
    "negative": ("negative-count", "为负数"),
    "non-integer": ("non-integer-count", "不是整数"),
    "not-a-number": ("not-a-count", "不是数字"),
    "boolean": ("not-a-count", "是逻辑值（TRUE/FALSE），不是数字"),
    "separator": ("not-a-count", "的数字之间有逗号或空格，但不是千位分隔（如1,234），无法确定数值"),
    "too-large": ("count-too-large", "超过1000万亿，不可能是件数"),
    "formula-without-value": ("formula-without-value", "是未保存计算结果的公式（请在Excel中打开并保存后再导入）"),
    "error-value": ("error-value", "是Excel错误值（公式计算出错）"),
}


def row(grid: Grid, r: int) -> list:
    cells = grid.cells[r]
    return cells + [None] * (grid.n_cols - len(cells))


def record(t: ParsedTable, r: int, texts: list[str], tier, tier_raw, *, total: bool = False) -> dict:
    """Row ``r`` of ``t`` as a record (a total row too, in the same shape); a ``measures``
    table's rows are handling's in shape, with no count."""
    grid = t.grid
    src = str(grid.source(r))
    cells = row(grid, r)
    used = {*t.columns.values(), t.seq}
    extras = {c: cells[c] for c, text in enumerate(texts) if text and c not in used}
    if t.kind == "problems":
        rec = {f: name(t, r, cells, t.columns[f]) if f in t.columns else None for f in hd.PROBLEM_FIELDS}
        if rec.get("site_code") is not None:
            rec["site_code"] = rec["site_code"].removesuffix(".0")
        return {**rec, "source": src, "_r": r, "_extras": extras}
    unit_col = t.columns["unit"]
    unit = name(t, r, cells, unit_col)
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
        "_rates": {c: cells[c] for c, _, _ in t.rates if texts[c]},
        "_extras": extras,
    }
    for field in COUNT_FIELDS:
        col = t.columns.get(field)
        rec[field] = None if col is None else _count(t, r, cells[col], texts[col], col, field, unit)
    if not unit and not total and not isinstance(cells[unit_col], UNKNOWN_VALUES):
        t.findings.append(
            finding("missing-unit", grid.source(r, unit_col))
        )
    return rec


def _count(t: ParsedTable, r: int, value: object, text: str, col: int, field: str, unit) -> int | None:
    count, problem = parse_count(value)
    if problem == "footnote-mark":
        t.marks.append((r, col, text, unit))
    elif problem:
        code, why = COUNT_PROBLEM[problem]
        t.findings.append(
            finding(
                code,
                t.grid.source(r, col),
                where=f"{unit or '（无单位名称）'}：{t.headers.get(col, field)}",
                text=text,
                why=why,
            )
        )
    return count


def name(t: ParsedTable, r: int, cells: list, col: int) -> str | None:
    """A name cell as printed; a cell whose value the file does not hold is no name: it is
    loaded as empty and said at its cell."""
    value = cells[col]
    if not isinstance(value, UNKNOWN_VALUES):
        return vocab.clean_name(value)
    code, why = COUNT_PROBLEM[parse_count(value)[1]]
    t.findings.append(
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
