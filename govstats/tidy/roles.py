"""Column roles read from the table itself when its header says too little: the column of
distinct names beside the counts is the unit column, whatever it is headed (市州, 旗区,
乡镇); a count column equal on every row to the sum of the other counts is the received
column (成功应答(通)). Each inference is returned with the sentence that states it, for the
finding at the header cell."""

from __future__ import annotations

from govstats.read.grid import Grid
from govstats.tidy import vocabulary as vocab
from govstats.tidy.counts import parse_count

_SCAN = 200  # data rows looked at: enough to see a table's shape, never a whole sheet


def _is_count(text: str) -> bool:
    return bool(text) and parse_count(text)[0] is not None


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
    return f"列“{header}”按单位名称列读入:其下各行是互不相同的名称,紧挨着计数列"


def received_sentence(header: str, parts: list[str]) -> str:
    return f"列“{header}”按受理数读入:每行都等于{'+'.join(parts)}之和"


def cell_reader(grid: Grid):
    """``cells(r, c)``: the raw value at 0-based row and column, ``None`` beyond a ragged row."""

    def cells(r: int, c: int):
        row = grid.cells[r]
        return row[c] if c < len(row) else None

    return cells
