"""Checks of a message log against the tables beside it: a published annex of the same
publisher, period and channel (every cell), and the units of the previous period (a name
close to a known one is a spelling to check). A log's own rows are :mod:`.logs`."""

from __future__ import annotations

from difflib import SequenceMatcher

from govstats.findings import finding
from govstats.labels import COUNTS
from govstats.schema import COUNT_FIELDS
from govstats.tidy.table import ParsedTable
from govstats.validate.logs import rows_text
from govstats.vocabulary import tables as v


def compare_with_annex(log: ParsedTable, annex: ParsedTable) -> list[dict]:
    """Every cell of a published annex against the counts of its log, each difference named."""
    counted = {v.name_key(r["unit"]): r for r in log.records}
    out = []
    for rec in annex.records:
        mine = counted.pop(v.name_key(rec["unit"] or ""), None)
        if mine is None:
            out.append(
                finding(
                    "log-annex-mismatch",
                    annex.grid.source(rec["_r"]),
                    detail=f"附件列出“{rec['unit']}”，但留言日志中没有该单位的留言",
                )
            )
            continue
        for f in COUNT_FIELDS:
            printed = rec.get(f)
            if printed is not None and printed != mine[f]:
                col = annex.columns.get(f)
                out.append(
                    finding(
                        "log-annex-mismatch",
                        annex.grid.source(rec["_r"], None if col is None else col + 1),
                        detail=f"“{rec['unit']}”{COUNTS[f]}：附件印{printed}，按留言日志计为{mine[f]}"
                        f"（{log.grid.source().zh}）",
                    )
                )
    for rec in counted.values():
        out.append(
            finding(
                "log-annex-mismatch",
                annex.grid.source(),
                detail=f"留言日志中“{rec['unit']}”有{rec['received']}条留言，附件未列出该单位",
            )
        )
    return out


def unknown_units(log: ParsedTable, previous: set[str]) -> list[dict]:
    """Units of ``log`` absent from the previous period's but close to one of them: a
    spelling to check (县发改委 beside 县发改局), naming the rows."""
    known = {v.name_key(u): u for u in previous}
    out = []
    for rec in log.records:
        unit = rec["unit"]
        key = v.name_key(unit)
        if key in known:
            continue
        close = max(known, key=lambda k: SequenceMatcher(None, key, k).ratio(), default=None)
        if close is None or SequenceMatcher(None, key, close).ratio() < 0.6:
            continue
        rows = log.messages.loc[log.messages["unit"] == unit, "row"]
        out.append(
            finding(
                "log-unit-spelling",
                log.grid.source().at(int(rows.iloc[0]), log.columns["unit"] + 1),
                unit=unit,
                known=known[close],
                rows=rows_text(rows),
            )
        )
    return out
