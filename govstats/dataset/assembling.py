"""Assemble parsed documents into a Dataset: settle each table's period and publisher (and
where the publisher was read), drop exact duplicate tables (with a finding), check the
narratives against the annexes: the work that needs every file at once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govstats import schema
from govstats.dataset.logs import cross_checks, records
from govstats.dataset.model import Dataset, InputStatus
from govstats.errors import EmptyInputError
from govstats.findings import finding
from govstats.notice.parse import Notice
from govstats.notice.periods import find_period, why_no_period
from govstats.notice.publishers import publisher_of_folder, publisher_of_name
from govstats.read.grid import Document, Grid
from govstats.read.registry import describe
from govstats.source import Source
from govstats.tidy.table import ParsedTable
from govstats.tidy.vocabulary import name_key
from govstats.validate.narrative import check_narrative


def assemble(
    parsed: list[tuple[InputStatus, Document, Notice, list[ParsedTable], list[Grid]]],
    statuses: list[InputStatus],
    *,
    period: pd.Period | None = None,
    publisher: str | None = None,
):
    """A :class:`~govstats.dataset.Dataset` of the parsed documents, each with its input's
    status, the tables tidied from its grids (document grids, then the notice's) and the
    grids that held content but no table. ``publisher`` is the city of inputs that name
    none (see :func:`_settle_publishers`).

    A document in which no notice and no table is recognised marks its input
    unreadable (``EmptyInputError``).
    """
    notices: list[Notice] = []
    tables: list[ParsedTable] = []
    no_table: list[dict] = []
    files: list[_File] = []
    for status, doc, notice, found, untidied in parsed:
        if not found and not notice.found:
            status.error = EmptyInputError(
                f"这个{describe(doc.format)}中未识别出通报、正文数字或表格", Source(doc.file)
            )
            continue
        no_table.extend(
            finding(
                "warning", "no-table", "本工作表未识别出办理情况表或问题名单，其内容未导入", grid.source()
            )
            for grid in untidied
        )
        file_period = find_period(doc.file)
        if notice.found:
            notice.period, notice.period_source = _settled(
                period, (notice.period, notice.period_source), (file_period, "file")
            )
            notices.append(notice)
        for t in found:
            t.period, t.period_source = _settled(
                period, (t.period, t.period_source), (notice.period, "notice"), (file_period, "file")
            )
        # One file's annexes are one notice's: a list whose remark says only 检查时间3月31日
        # takes the period its sibling tables agree on (never a guess among several).
        stated = {t.period for t in found if t.period is not None}
        if len(stated) == 1:
            (only,) = stated
            for t in found:
                if t.period is None:
                    t.period, t.period_source = only, "sibling"
        tables.extend(found)
        files.append(_File(status.path, doc.file, notice if notice.found else None, notice, found))

    _settle_publishers(files, publisher)
    tables, dup_findings = _drop_duplicate_tables(tables)

    figures = [{**rec, **_settled_of(n)} for n in notices for rec in n.headline]
    findings = [
        *no_table,
        *(f for t in tables for f in t.findings),
        *dup_findings,
        *(f for t in tables for f in t.checks),
        *check_narrative(tables, figures),
        *cross_checks(tables),
        *(
            finding(
                "warning",
                "no-period",
                f"本表{len(t.records)}行未注明统计期（标题、备注、文件名和通报均无"
                + (f"；{note}" if (note := why_no_period(" ".join([t.title, *t.remarks]))) else "")
                + "），已导入但不归入任何一期；可用 --period 指定",
                t.grid.source(),
            )
            for t in tables
            if t.period is None and t.records
        ),
        *(
            finding(
                "warning", "no-period", f"通报未注明统计期：{n.period_note}；可用 --period 指定", n.source
            )
            for n in notices
            if n.period is None and n.period_note
        ),
        *_no_publisher(tables, notices),
    ]
    headline = schema.frame("headline", figures)
    return Dataset(
        handling=schema.frame("handling", _records(tables, "handling")),
        problems=schema.frame("problems", _records(tables, "problems")),
        headline=headline,
        notices=schema.frame("notices", [_notice_record(n) for n in notices]),
        mentions=schema.frame(
            "mentions",
            [{**m, **_settled_of(n)} for n in notices for m in n.mentions],
        ),
        extras=schema.frame("extras", _extras(tables)),
        records=records(tables),
        findings=schema.frame("findings", findings),
    )


@dataclass(slots=True)
class _File:
    path: Path
    name: str
    notice: Notice | None  # the file read as a notice, when it is one
    page: Notice  # what its text says (a page's 发布机构 even when it is no notice)
    tables: list[ParsedTable]


def _settle_publishers(files: list[_File], given: str | None) -> None:
    """Each notice's and table's publisher and where it was read (``publisher_source``).

    A notice: its title or metadata (parsing), else its file name, its folder, ``given``.
    A table: its own title, else its own notice (the same file: ``notice``), its file
    name, the notice beside it (the same folder holding one publisher's notice of the
    table's period: an annex workbook beside its notice), its folder, ``given``. Nothing
    else is borrowed: a table of another folder or period never takes a notice's city.
    """
    beside: dict[tuple[Path, pd.Period], set[str]] = {}
    for f in files:
        f.path = f.path.resolve()
        n = f.notice
        if n is not None and n.publisher is None:
            n.publisher, n.publisher_source = _named(f, given)
        if n is not None and n.period is not None and n.publisher_source in ("title", "metadata", "file"):
            beside.setdefault((f.path.parent, n.period), set()).add(n.publisher)
    for f in files:
        for t in f.tables:
            if t.publisher:
                t.publisher_source = "table_title"
            elif f.page.publisher and f.page.publisher_source in ("title", "metadata"):
                t.publisher, t.publisher_source = f.page.publisher, "notice"
            elif (name := publisher_of_name(f.name.rsplit("/", 1)[-1])) is not None:
                t.publisher, t.publisher_source = name, "file"
            elif len(near := beside.get((f.path.parent, t.period), set())) == 1:
                t.publisher, t.publisher_source = next(iter(near)), "notice"
            else:
                t.publisher, t.publisher_source = _named(f, given, file_name=False)


def _named(f: _File, given: str | None, *, file_name: bool = True) -> tuple[str | None, str | None]:
    """The publisher ``f``'s file name or folder names, else ``given``."""
    if file_name and (found := publisher_of_name(f.name.rsplit("/", 1)[-1])):
        return found, "file"
    if found := publisher_of_folder(f.path):
        return found, "folder"
    return (given, "given") if given else (None, None)


def _no_publisher(tables: list[ParsedTable], notices: list[Notice]) -> list[dict]:
    """A warning for each table and notice that names no publisher anywhere."""
    where = "表题、通报、文件名和文件夹均未写明"
    alone = "单独计算，不与其他文件的数据合并；可用 --publisher 指定"
    return [
        *(
            finding(
                "warning",
                "no-publisher",
                f"本表{len(t.records)}行未注明发布单位（{where}），{alone}",
                t.grid.source(),
            )
            for t in tables
            if t.publisher is None and t.records
        ),
        *(
            finding(
                "warning",
                "no-publisher",
                f"通报未注明发布单位（{where}），其数字{alone}",
                n.source or Source(n.file),
            )
            for n in notices
            if n.publisher is None
        ),
    ]


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
                    f"同一张{len(t.records)}行的表（{t.title or '无标题'}）"
                    f"也见于{first.grid.source().zh}，只按该处导入一次",
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
        out.extend({**rec, **_settled_of(t)} for rec in t.records)
    return out


def _settled_of(x: Notice | ParsedTable) -> dict:
    """A notice's or table's publisher and period and where each was read, for its rows."""
    return {
        "publisher": x.publisher,
        "period": x.period,
        "publisher_source": x.publisher_source,
        "period_source": x.period_source,
    }


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


def _notice_record(n: Notice) -> dict:
    return {
        "publisher": n.publisher,
        "period": n.period,
        "title": n.title,
        "issuer": n.issuer,
        "index_no": n.index_no,
        "date": n.date,
        "source": str(n.source or Source(n.file)),
        "publisher_source": n.publisher_source,
        "period_source": n.period_source,
    }
