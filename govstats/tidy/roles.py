"""Column roles read from the table itself when its header says too little: the column of
distinct names beside the counts is the unit column, whatever it is headed (市州, 旗区,
乡镇); a count column equal on every row to the sum of the other counts is the received
column (成功应答(通)); whether 超期未办结 is part of 未办结 or beside it. Each inference is
said: a finding at the header cell, or a remark of the table."""

from __future__ import annotations

from operator import itemgetter

from govstats import labels
from govstats.findings import finding
from govstats.read.grid import Grid
from govstats.tidy.counts import is_count_text, parse_count
from govstats.tidy.table import ParsedTable
from govstats.vocabulary import tables as vocab

_SCAN = 200  # data rows looked at: enough to see a table's shape, never a whole sheet


def _is_count(text: str) -> bool:
    return bool(text) and is_count_text(text)


def unit_column(texts: list[list[str]], start: int, counts: list[int], taken: set[int]) -> int | None:
    """The column of distinct names in the rows below ``start`` that hold a count in
    ``counts``, or ``None``. Nearest to the counts' left wins a tie (offices print the unit
    before its figures)."""
    rows = [row for row in texts[start : start + _SCAN] if any(_is_count(row[c]) for c in counts)]
    if not rows:
        return None
    best, best_key = None, None
    for c in range(len(rows[0])):
        if c in taken:
            continue
        names = [
            row[c]
            for row in rows
            if row[c]
            and not _is_count(row[c])
            and not vocab.is_total(row[c])
            and not vocab.group_label(row[c])
        ]
        if not names or len(names) < 0.8 * len(rows) or len(set(names)) < 0.8 * len(names):
            continue
        left = min(counts) - c if c < min(counts) else len(rows[0]) + c
        key = (len(names), len(set(names)), -left)
        if best_key is None or key > best_key:
            best, best_key = c, key
    return best


def received_column(records: list[dict], columns: dict[str, int], cells, candidates: list[int]):
    """``(column, parts)``: the candidate column equal on every row to the sum of all the
    table's other counts that partition what was received (按时 + 超期 or 办结, + 未办结,
    with or without 超期未办结 beside them; a column read as received is a part too, 转办
    beside 直接办结 under 成功应答), or ``None``. A sum of fewer than two columns is mere
    equality and proves nothing."""
    if "on_time" in columns and "late_completed" in columns:
        done = ["on_time", "late_completed"]
    else:
        done = [f for f in ("completed", "on_time") if f in columns][:1]
    fields = [*done, *(f for f in ("pending", "received") if f in columns)]
    if len(fields) < 2:
        return None
    for parts in (fields, [*fields, "overdue_pending"]) if "overdue_pending" in columns else (fields,):
        for c in candidates:
            if _sums(records, parts, c, cells):
                return c, parts
    return None


def _sums(records: list[dict], fields: list[str], c: int, cells) -> bool:
    compared = nonzero = 0
    for rec in records:
        value, problem = parse_count(cells(rec["_r"], c))
        parts = [rec[f] for f in fields]
        if problem or value is None or None in parts:
            continue
        if value != sum(parts):
            return False
        compared += 1
        nonzero += value > 0
    return nonzero > 0 and compared >= min(2, len(records)) and compared * 2 >= len(records)


def unit_sentence(header: str) -> str:
    return f"列“{header}”按单位名称列读入：其下各行是互不相同的名称，紧挨着计数列"


def received_sentence(header: str, parts: list[str]) -> str:
    return f"列“{header}”按受理数读入：每行都等于{'+'.join(parts)}之和"


def cell_reader(grid: Grid):
    """``cells(r, c)``: the raw value at 0-based row and column, ``None`` beyond a ragged row."""

    def cells(r: int, c: int):
        row = grid.cells[r]
        return row[c] if c < len(row) else None

    return cells


def infer_received(t: ParsedTable) -> None:
    """A column equal on every row to the sum of the other counts is what was received,
    whatever its header says (成功应答(通)), and is read so; a column the header words made
    received but that is one of its parts (转办) goes to extras. Both are said."""
    if not (t.unknown_columns or t.extra_columns) or not t.records:
        return
    cells = cell_reader(t.grid)
    candidates = [*(c for c, _ in t.unknown_columns), *t.extra_columns]
    found = received_column(t.records, t.columns, cells, candidates)
    if found is None:
        return
    col, parts = found
    header = t.headers.get(col, "")
    names = [t.headers.get(t.columns[f]) or labels.COUNTS[f] for f in parts]  # as printed
    t.findings.append(
        finding("inferred-column", t.grid.source(t.header_row, col), reason=received_sentence(header, names))
    )
    was = t.columns.get("received")
    if was is not None:
        t.extra_columns.append(was)
        t.findings.append(
            finding(
                "inferred-column",
                t.grid.source(t.header_row, was),
                reason=f"列“{t.headers.get(was, '')}”不按受理数读入：它是“{header}”的一部分，其数值存入 extras 表",
            )
        )
    t.columns["received"] = col
    t.unknown_columns = [(c, h) for c, h in t.unknown_columns if c != col]
    t.extra_columns = [c for c in t.extra_columns if c != col]
    for rec in [*t.records, *t.totals]:
        rec["received"] = parse_count(cells(rec["_r"], col))[0]
        extras = rec.get("_extras")
        if extras is not None:
            extras.pop(col, None)
            if was is not None and cells(rec["_r"], was) is not None:
                extras[was] = cells(rec["_r"], was)


_READING = itemgetter("received", "pending", "overdue_pending", "on_time", "late_completed", "completed")


def apply_overdue_reading(t: ParsedTable) -> None:
    """Decide from the rows' arithmetic whether 超期未办结 is part of 未办结 or beside it.

    ``inside``: received = done + pending; ``beside``: received = done + pending +
    overdue. Beside, pending becomes 在办 + 超期 (the convention: pending counts every
    item not completed). Ties (no overdue items) read as inside, the convention's own.
    """
    if "pending" not in t.columns or "overdue_pending" not in t.columns or "received" not in t.columns:
        return
    inside = beside = 0
    # each row's figures taken in C, what was done worked out in the loop: every row is asked
    for received, pending, overdue, on_time, late, completed in map(_READING, t.records):
        if received is None or pending is None or overdue is None:
            continue
        done = on_time + late if on_time is not None and late is not None else completed
        if done is None:
            continue
        inside += received == done + pending
        beside += received == done + pending + overdue
    t.overdue_reading = "beside" if beside > inside else "inside"
    if t.overdue_reading == "beside":
        for rec in [*t.records, *t.totals]:
            if rec["pending"] is not None and rec["overdue_pending"] is not None:
                rec["pending"] += rec["overdue_pending"]
        t.remarks.append(
            "本表超期未办结与未办结并列（受理 = 办结 + 未办结 + 超期未办结），未办结按二者之和读入"
        )
