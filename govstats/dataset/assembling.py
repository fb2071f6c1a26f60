"""Assemble parsed documents into a Dataset: settle each table's period and publisher,
drop exact duplicate tables (with a finding), check the narratives against the annexes:
the work that needs every file at once."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from govstats import schema
from govstats.dataset.model import Dataset
from govstats.errors import EmptyInputError
from govstats.findings import finding
from govstats.notice.parse import Notice
from govstats.notice.periods import find_period, why_no_period
from govstats.read.grid import Document, Grid
from govstats.source import Source
from govstats.tidy.table import ParsedTable
from govstats.tidy.vocabulary import name_key
from govstats.validate.narrative import check_narrative


def assemble(
    parsed: list[tuple[Document, Notice, list[ParsedTable], list[Grid]]],
    statuses: list,
    *,
    period: pd.Period | None = None,
    publisher: str | None = None,
):
    """A :class:`~govstats.dataset.Dataset` of the parsed documents, each with the tables
    tidied from its grids (document grids, then the notice's) and the grids that held
    content but no table.

    A document in which no notice and no table is recognised marks its input
    unreadable (``EmptyInputError``).
    """
    status_of = {s.file: s for s in statuses}
    notices: list[Notice] = []
    tables: list[ParsedTable] = []
    no_table: list[dict] = []
    for doc, notice, found, untidied in parsed:
        if not found and not notice.found:
            status_of[doc.file].error = EmptyInputError(
                f"no notice, narrative figure or table recognised in this {doc.format} file", Source(doc.file)
            )
            continue
        no_table.extend(
            finding("warning", "no-table", "本工作表未识别出办理情况表或问题名单,其内容未导入", grid.source())
            for grid in untidied
        )
        file_period = find_period(doc.file)
        if notice.found:
            notice.period, notice.period_source = _settled(
                period, (notice.period, notice.period_source), (file_period, "file")
            )
            notice.publisher = publisher or notice.publisher
            notices.append(notice)
        for t in found:
            t.period, t.period_source = _settled(
                period, (t.period, t.period_source), (notice.period, "notice"), (file_period, "file")
            )
            t.publisher = publisher or t.publisher or notice.publisher
        # One file's annexes are one notice's: a list whose remark says only 检查时间3月31日
        # takes the period its sibling tables agree on (never a guess among several).
        stated = {t.period for t in found if t.period is not None}
        if len(stated) == 1:
            (only,) = stated
            for t in found:
                if t.period is None:
                    t.period, t.period_source = only, "sibling"
        tables.extend(found)

    _inherit_publisher(tables, notices)
    tables, dup_findings = _drop_duplicate_tables(tables)

    figures = [
        {**rec, "publisher": n.publisher, "period": n.period, "period_source": n.period_source}
        for n in notices
        for rec in n.headline
    ]
    findings = [
        *no_table,
        *(f for t in tables for f in t.findings),
        *dup_findings,
        *(f for t in tables for f in t.checks),
        *check_narrative(tables, figures),
        *(
            finding(
                "warning",
                "no-period",
                f"本表{len(t.records)}行未注明统计期(标题、备注、文件名和通报均无"
                + (f";{note}" if (note := why_no_period(" ".join([t.title, *t.remarks]))) else "")
                + "),已导入但不归入任何一期;可用 --period 指定",
                t.grid.source(),
            )
            for t in tables
            if t.period is None and t.records
        ),
        *(
            finding("warning", "no-period", f"通报未注明统计期:{n.period_note};可用 --period 指定", n.source)
            for n in notices
            if n.period is None and n.period_note
        ),
    ]
    headline = schema.frame("headline", figures)
    return Dataset(
        handling=schema.frame("handling", _records(tables, "handling")),
        problems=schema.frame("problems", _records(tables, "problems")),
        headline=headline,
        notices=schema.frame("notices", [_notice_record(n) for n in notices]),
        mentions=schema.frame(
            "mentions",
            [
                {**m, "publisher": n.publisher, "period": n.period, "period_source": n.period_source}
                for n in notices
                for m in n.mentions
            ],
        ),
        extras=schema.frame("extras", _extras(tables)),
        findings=schema.frame("findings", findings),
    )


def _inherit_publisher(tables: list[ParsedTable], notices: list[Notice]) -> None:
    """An annex without a publisher of its own takes that of the one notice of its period.

    Offices attach annex workbooks that never name the city; loaded beside their
    notice, they belong to it. With several candidate publishers nothing is guessed.
    """
    by_period: dict[pd.Period, set[str]] = {}
    for n in notices:
        if n.period is not None and n.publisher:
            by_period.setdefault(n.period, set()).add(n.publisher)
    for t in tables:
        if not t.publisher and t.period is not None and len(by_period.get(t.period, ())) == 1:
            t.publisher = next(iter(by_period[t.period]))


def _content_key(t: ParsedTable) -> tuple:
    def norm(v: object) -> object:
        return name_key(v) if isinstance(v, str) else v

    fields = (
        schema.COUNT_FIELDS
        if t.kind == "handling"
        else ("account_type", "name", "site_code", "url", "problem")
    )
    rows = sorted(tuple(norm(r.get(k)) for k in ("unit", *fields)) for r in t.records)
    return (t.kind, t.channel, str(t.period), t.publisher, tuple(rows))


def _drop_duplicate_tables(tables: list[ParsedTable]) -> tuple[list[ParsedTable], list[dict]]:
    """Keep the first of tables with identical content; report the others.

    The same annex is often loaded twice, once from the notice's text and once from
    the attached workbook. Nothing is lost: the finding names both sources.
    """

    # Only tables alike in kind, channel, period, publisher and length can be duplicates;
    # comparing the content of the others would normalise every name of every table.
    def shape(t: ParsedTable) -> tuple:
        return t.kind, t.channel, str(t.period), t.publisher, len(t.records)

    alike = Counter(map(shape, tables))
    kept: dict[tuple, ParsedTable] = {}
    out, findings = [], []
    for t in tables:
        if alike[shape(t)] == 1:
            out.append(t)
            continue
        key = _content_key(t)
        if key in kept and t.records:
            first = kept[key]
            findings.append(
                finding(
                    "warning",
                    "duplicate-table",
                    f"同一张{len(t.records)}行的表({t.title or t.kind})也见于{first.grid.source()},"
                    "只按该处导入一次",
                    t.grid.source(),
                )
            )
            continue
        kept[key] = t
        out.append(t)
    return out, findings


def _records(tables: list[ParsedTable], kind: str) -> list[dict]:
    out = []
    for t in tables:
        if t.kind != kind:
            continue
        # the internal "_" keys ride along: schema.frame takes only the contract's columns
        out.extend(
            {**rec, "publisher": t.publisher, "period": t.period, "period_source": t.period_source}
            for rec in t.records
        )
    return out


def _settled(given: pd.Period | None, *found: tuple[pd.Period | None, str | None]):
    """``(period, period_source)``: the one given, else the first found."""
    if given is not None:
        return given, "given"
    return next(((p, where) for p, where in found if p is not None), (None, None))


def _extras(tables: list[ParsedTable]) -> list[dict]:
    """Every printed cell of a column with no contract field, one row each."""
    out = []
    for t in tables:
        for rec in t.records:
            for c, value in rec.get("_extras", {}).items():
                out.append(
                    {
                        "publisher": t.publisher,
                        "period": t.period,
                        "channel": t.channel if t.kind == "handling" else rec.get("kind"),
                        "unit": rec.get("unit"),
                        "name": rec.get("name"),
                        "header": t.headers.get(c, ""),
                        "value": _as_printed(value),
                        "source": t.grid.source(rec["_r"], c),
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


def _notice_record(n: Notice) -> dict:
    return {
        "publisher": n.publisher,
        "period": n.period,
        "title": n.title,
        "issuer": n.issuer,
        "index_no": n.index_no,
        "date": n.date,
        "source": str(n.source or Source(n.file)),
        "period_source": n.period_source,
    }
