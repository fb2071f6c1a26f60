"""Tables loaded twice: the same annex pasted in a notice's text and attached as a workbook
(``duplicate-table``). The check says which tables repeat an earlier one; the dataset keeps
the first, and the finding names both places, so nothing is lost."""

from __future__ import annotations

from collections import Counter
from operator import itemgetter

from govstats import schema
from govstats.findings import finding
from govstats.tidy.table import ParsedTable
from govstats.vocabulary.tables import name_key


def _shape(t: ParsedTable) -> tuple:
    return t.kind, t.channel, str(t.period), t.publisher, len(t.records)


_FIELDS = {
    "handling": ("unit", *schema.COUNT_FIELDS),
    "problems": ("unit", "account_type", "name", "site_code", "url", "problem"),
}
_GETTERS = {kind: itemgetter(*fields) for kind, fields in _FIELDS.items()}


def _rows(t: ParsedTable) -> tuple[tuple, ...]:
    """Each record's fields compared (``None`` where it has none), read in C when all have them."""
    try:
        return tuple(map(_GETTERS.get(t.kind, _GETTERS["problems"]), t.records))
    except KeyError:
        fields = _FIELDS.get(t.kind, _FIELDS["problems"])
        return tuple([tuple(map(r.get, fields)) for r in t.records])


def _content_key(t: ParsedTable, shape: tuple, known: dict[tuple, tuple]) -> tuple:
    """What a table of ``shape`` (:func:`_shape`) holds, compared as a whole: its rows as a
    multiset (the order they are printed in is not the table's), each row's names as names.
    Equal rows count alike in any order, so counting them is the comparison a sort made,
    with one hash per row. A table printed exactly as one seen before (a workbook loaded
    twice) has that one's key: ``known`` keeps the keys by the rows as printed, so no name
    is normalised twice."""
    printed = (shape, _rows(t))
    if (found := known.get(printed)) is not None:
        return found
    rows = Counter(tuple([name_key(v) if isinstance(v, str) else v for v in row]) for row in printed[1])
    known[printed] = key = (*shape[:4], frozenset(rows.items()))
    return key


def duplicate_tables(tables: list[ParsedTable]) -> tuple[set[int], list[dict]]:
    """``(repeats, findings)``: the ``id`` of each table with rows whose content (kind,
    channel, period, publisher and rows, names compared as names) equals an earlier one's,
    and a ``duplicate-table`` warning for each, naming where the first was read."""
    # Only tables alike in kind, channel, period, publisher and length can be duplicates;
    # comparing the content of the others would normalise every name of every table.
    shapes = list(map(_shape, tables))  # once per table: a period's text is slow to make
    alike = Counter(shapes)
    first: dict[tuple, tuple[ParsedTable, str]] = {}
    known: dict[tuple, tuple] = {}
    repeats, findings = set(), []
    for t, shape in zip(tables, shapes, strict=True):
        if alike[shape] == 1:
            continue
        key = _content_key(t, shape, known)
        if key not in first or not t.records:
            if key not in first:  # where it was read, said once however often it repeats
                first[key] = t, t.grid.source().zh
            continue
        repeats.add(id(t))
        findings.append(
            finding(
                "duplicate-table",
                t.grid.source(),
                detail=f"同一张{len(t.records)}行的表（{t.title or '无标题'}）"
                f"也见于{first[key][1]}，只按该处导入一次",
            )
        )
    return repeats, findings
