"""What the annexes printed beyond their tidy rows: the ``annexes`` table, how each annex
table was printed (its label, title, columns in order under their headers, total row and
remark), so that a table can be printed again as its publisher printed it; and the
``extras`` table, every printed cell of a column with no contract field."""

from __future__ import annotations

import re
from itertools import compress, repeat

from govstats.schema import repeated
from govstats.tidy.table import ParsedTable
from govstats.vocabulary.tables import ANNEX

_LABEL = re.compile(r"^\s*(" + r"\s*".join(ANNEX) + r"\s*\d*)\s*[:：]?\s*")  # 附件4：, 附 件 4
_SPACE = re.compile(r"\s+")
_RATE_FIELDS = {"on_time": "on_time_rate", "completion": "completion_rate"}


def printed(tables: list[ParsedTable]) -> tuple[dict[str, list], int]:
    """Each table's columns as printed, in order (what the contract field of each is), with
    its label (附件4), title, total row's label and remark: how to print it again; as the
    ``annexes`` table's columns and their length (a table's own values repeated down its
    columns, typed once per table)."""
    positions: list[int] = []
    fields: list[str | None] = []
    headers: list[str] = []
    once, lengths = [], []
    for t in tables:
        if not t.records:
            continue
        at = sorted(t.headers)
        of, said = _fields(t), t.headers
        positions += at
        fields += [of.get(c, "unknown" if said[c] else None) for c in at]
        headers += [said[c] for c in at]
        once.append(_said_once(t))
        lengths.append(len(at))
    out: dict[str, list] = {"position": positions, "field": fields, "header": headers}
    # each table's shared values a tuple, turned into columns at once (a dict per table was
    # a third of this table's time at a thousand workbooks)
    for col, values in zip(_ONCE, zip(*once, strict=True), strict=True) if once else ():
        out[col] = repeated("annexes", col, list(values), lengths)
    return out, len(positions)


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


_ONCE = (
    "publisher",
    "period",
    "channel",
    "annex_label",
    "title",
    "total",
    "remark",
    "source",
    "publisher_source",
    "period_source",
)


def _said_once(t: ParsedTable) -> tuple:
    """What every printed column of ``t`` shares (:data:`_ONCE`): where the table is, its
    label and title, its total row's label and its remark."""
    title = t.title or ""
    label = _LABEL.match(title)
    # the reading's own note on that (roles.apply_overdue_reading) is no printed remark
    remarks = t.remarks[:-1] if t.overdue_reading == "beside" else t.remarks
    total = next((str(r.get("unit") or "") for r in t.totals), "")
    return (
        t.publisher,
        t.period,
        t.channel if t.kind == "handling" else t.records[0].get("kind"),
        _SPACE.sub("", label.group(1)) if label and label.group(1) else None,
        title[label.end() if label else 0 :].strip() or None,
        total or None,
        "；".join(remarks) or None,
        str(t.grid.source()),
        t.publisher_source,
        t.period_source,
    )


def extras(tables: list[ParsedTable]) -> list[dict]:
    """Every printed cell of a column with no contract field, one row each."""
    out = []
    for t in tables:
        # only the rows with extras visited (few): the others skipped in C
        for rec in compress(t.records, map(dict.get, t.records, repeat("_extras"))):
            for c, value in rec["_extras"].items():
                out.append(
                    {
                        "publisher": t.publisher,
                        "period": t.period,
                        "channel": rec.get("kind") if t.kind == "problems" else t.channel,
                        "unit": rec.get("unit"),
                        "name": rec.get("name"),
                        "header": t.headers.get(c, ""),
                        "value": _as_printed(value),
                        "source": t.grid.source(rec["_r"], c),
                        "publisher_source": t.publisher_source,
                        "period_source": t.period_source,
                    }
                )
    return out


def _as_printed(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value.strip()
    return getattr(value, "formula", None) or str(value)
