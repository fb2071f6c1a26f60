"""Tables loaded twice: the same annex pasted in a notice's text and attached as a workbook
(``duplicate-table``). The check says which tables repeat an earlier one; the dataset keeps
the first, and the finding names both places, so nothing is lost."""

from __future__ import annotations

from collections import Counter

from govstats import schema
from govstats.findings import finding
from govstats.tidy.table import ParsedTable
from govstats.vocabulary.tables import name_key


def _shape(t: ParsedTable) -> tuple:
    return t.kind, t.channel, str(t.period), t.publisher, len(t.records)


def _content_key(t: ParsedTable) -> tuple:
    def norm(v: object) -> object:
        return name_key(v) if isinstance(v, str) else v

    fields = (
        schema.COUNT_FIELDS
        if t.kind == "handling"
        else ("account_type", "name", "site_code", "url", "problem")
    )
    # A canonical order, whatever a row lacks: an empty unit (a formula without value)
    # beside named ones could not be compared.
    rows = sorted(
        (tuple(norm(r.get(k)) for k in ("unit", *fields)) for r in t.records),
        key=lambda row: tuple((v is not None, v) for v in row),
    )
    return (t.kind, t.channel, str(t.period), t.publisher, tuple(rows))


def duplicate_tables(tables: list[ParsedTable]) -> tuple[set[int], list[dict]]:
    """``(repeats, findings)``: the ``id`` of each table with rows whose content (kind,
    channel, period, publisher and rows, names compared as names) equals an earlier one's,
    and a ``duplicate-table`` warning for each, naming where the first was read."""
    # Only tables alike in kind, channel, period, publisher and length can be duplicates;
    # comparing the content of the others would normalise every name of every table.
    alike = Counter(map(_shape, tables))
    first: dict[tuple, ParsedTable] = {}
    repeats, findings = set(), []
    for t in tables:
        if alike[_shape(t)] == 1:
            continue
        key = _content_key(t)
        if key not in first or not t.records:
            first.setdefault(key, t)
            continue
        repeats.add(id(t))
        findings.append(
            finding(
                "duplicate-table",
                t.grid.source(),
                detail=f"同一张{len(t.records)}行的表（{t.title or '无标题'}）"
                f"也见于{first[key].grid.source().zh}，只按该处导入一次",
            )
        )
    return repeats, findings
