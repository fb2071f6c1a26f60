"""The ``annexes`` table: how each annex table was printed (its label, title, columns in
order under their headers, total row and remark), so that a table can be printed again as
its publisher printed it."""

from __future__ import annotations

import re

from govstats.schema import repeated
from govstats.tidy.table import ParsedTable
from govstats.vocabulary.tables import ANNEX

_LABEL = re.compile(r"^\s*(" + r"\s*".join(ANNEX) + r"\s*\d*)\s*[:：]?\s*")  # 附件4：, 附 件 4
_RATE_FIELDS = {"on_time": "on_time_rate", "completion": "completion_rate"}


def printed(tables: list[ParsedTable]) -> tuple[dict[str, list], int]:
    """Each table's columns as printed, in order (what the contract field of each is), with
    its label (附件4), title, total row's label and remark: how to print it again; as the
    ``annexes`` table's columns and their length (a table's own values repeated down its
    columns, typed once per table)."""
    out: dict[str, list] = {"position": [], "field": [], "header": []}
    once: dict[str, list] = {}
    lengths = []
    for t in tables:
        if not t.records:
            continue
        positions = sorted(t.headers)
        fields = _fields(t)
        out["position"] += positions
        out["field"] += [fields.get(c, "unknown" if t.headers[c] else None) for c in positions]
        out["header"] += [t.headers[c] for c in positions]
        for col, value in _said_once(t).items():
            once.setdefault(col, []).append(value)
        lengths.append(len(positions))
    for col, values in once.items():
        out[col] = repeated("annexes", col, values, lengths)
    return out, len(out["position"])


def _fields(t: ParsedTable) -> dict[int, str]:
    """What each printed column of ``t`` is: its contract field, a rate, seq, extra, unknown."""
    fields = {c: f for f, c in t.columns.items()}
    fields |= {c: _RATE_FIELDS.get(rate, f"{rate}_rate") for c, _, rate in t.rates}
    fields |= {c: "extra" for c in t.extra_columns} | {c: "unknown" for c, _ in t.unknown_columns}
    if t.seq is not None:
        fields[t.seq] = "seq"
    if t.overdue_reading == "beside":  # the printed 未办结 is the tidy pending less 超期未办结
        fields[t.columns["pending"]] = "pending_beside"
    return fields


def _said_once(t: ParsedTable) -> dict[str, object]:
    """What every printed column of ``t`` shares: where the table is, its label and title,
    its total row's label and its remark."""
    label = _LABEL.match(t.title or "")
    # the reading's own note on that (roles.apply_overdue_reading) is no printed remark
    remarks = t.remarks[:-1] if t.overdue_reading == "beside" else t.remarks
    total = next((str(r.get("unit") or "") for r in t.totals), "")
    return {
        "publisher": t.publisher,
        "period": t.period,
        "channel": t.channel if t.kind == "handling" else t.records[0].get("kind"),
        "annex_label": re.sub(r"\s+", "", label.group(1)) if label and label.group(1) else None,
        "title": (t.title or "")[label.end() if label else 0 :].strip() or None,
        "total": total or None,
        "remark": "；".join(remarks) or None,
        "source": str(t.grid.source()),
        "publisher_source": t.publisher_source,
        "period_source": t.period_source,
    }
