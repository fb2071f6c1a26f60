"""Assemble parsed documents into a Dataset: settle each table's period and publisher (and
where each was read), keep the first of tables loaded twice, and run the checks that need
every file at once (``validate/``: duplicates, narratives against annexes, rows with no
period or publisher)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import pandas as pd

from govstats import schema
from govstats.dataset.logs import cross_checks, records
from govstats.dataset.model import Dataset, InputStatus
from govstats.dataset.printed import extras, printed
from govstats.errors import EmptyInputError
from govstats.findings import finding
from govstats.notice.parse import Notice
from govstats.notice.publishers import publisher_of_folder, publisher_of_name
from govstats.periods import find_period
from govstats.read.grid import Document, Grid
from govstats.read.registry import describe
from govstats.source import Source
from govstats.tidy.table import ParsedTable
from govstats.validate.duplicates import duplicate_tables
from govstats.validate.narrative import check_narrative
from govstats.validate.provenance import no_period, no_publisher
from govstats.validate.tables import check_across


def assemble(
    parsed: list[tuple[InputStatus, Document, Notice, list[ParsedTable], list[Grid]]],
    statuses: list[InputStatus],
    *,
    period: pd.Period | None = None,
    publisher: str | None = None,
) -> Dataset:
    """A :class:`~govstats.dataset.Dataset` of the parsed documents, each with its input's
    status, the tables tidied from its grids (document grids, then the notice's) and the
    grids that held content but no table. ``period`` and ``publisher`` are those of inputs
    that state none (see :func:`_settle_periods` and :func:`_settle_publishers`).

    A document in which no notice and no table is recognised marks its input
    unreadable (``EmptyInputError``).
    """
    files, no_table = _files(parsed)
    for f in files:
        _settle_periods(f, period)
    _settle_publishers(files, publisher)
    notices = [f.notice for f in files if f.notice is not None]
    tables = [t for f in files for t in f.tables]
    repeats, duplicates = duplicate_tables(tables)
    tables = [t for t in tables if id(t) not in repeats]
    figures = [{**rec, **_settled_of(n)} for n in notices for rec in n.headline]
    findings = [
        *no_table,
        *(f for n in notices for f in n.findings),
        *(f for t in tables for f in t.findings),
        *duplicates,
        *(f for t in tables for f in t.checks),
        *check_narrative(tables, figures),
        *cross_checks(tables),
        *check_across(tables),
        *no_period(tables, notices),
        *no_publisher(tables, notices),
    ]
    return _dataset(tables, notices, figures, findings)


def _files(parsed: list) -> tuple[list[_File], list[dict]]:
    """Each parsed document holding a notice or a table, and a ``no-table`` warning for
    each grid with content but no table; a document with neither marks its input unreadable."""
    files, no_table = [], []
    for status, doc, notice, found, untidied in parsed:
        if not found and not notice.found:
            status.error = EmptyInputError(
                f"这个{describe(doc.format)}中未识别出通报、正文数字或表格", Source(doc.file)
            )
            continue
        no_table.extend(finding("no-table", grid.source()) for grid in untidied)
        files.append(_File(status.path, doc.file, notice if notice.found else None, notice, found))
    return files, no_table


def _settle_periods(f: _File, given: pd.Period | None) -> None:
    """The period of ``f``'s notice and tables and where it was read: ``given``, else their
    own, else (a table) its notice's, else the file name's; a table stating none takes the
    one period its sibling tables agree on."""
    # the file name read only when it may be needed (most annexes state their period)
    stating = [*f.tables, *([f.notice] if f.notice is not None else [])]
    file_period = find_period(f.name) if given is None and any(x.period is None for x in stating) else None
    if f.notice is not None:
        f.notice.period, f.notice.period_source = _settled(
            given, (f.notice.period, f.notice.period_source), (file_period, "file")
        )
    for t in f.tables:
        t.period, t.period_source = _settled(
            given, (t.period, t.period_source), (f.page.period, "notice"), (file_period, "file")
        )
    # One file's annexes are one notice's: a list whose remark says only 检查时间3月31日
    # takes the period its sibling tables agree on (never a guess among several).
    stated = {t.period for t in f.tables if t.period is not None}
    if len(stated) == 1:
        (only,) = stated
        for t in f.tables:
            if t.period is None:
                t.period, t.period_source = only, "sibling"


def _dataset(tables: list[ParsedTable], notices: list[Notice], figures: list[dict], findings) -> Dataset:
    """The Dataset's tables, typed as the contract says."""
    return Dataset(
        handling=_table_rows(tables, "handling"),
        problems=_table_rows(tables, "problems"),
        headline=schema.frame("headline", figures),
        notices=schema.frame("notices", [_notice_record(n) for n in notices]),
        mentions=schema.frame(
            "mentions",
            [{**m, **_settled_of(n)} for n in notices for m in n.mentions],
        ),
        extras=schema.frame("extras", extras(tables)),
        annexes=schema.frame_of("annexes", *printed(tables)),
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
    folders = _Folders()
    for f in files:
        f.path = folders.resolved(f.path)
        n = f.notice
        if n is not None and n.publisher is None:
            n.publisher, n.publisher_source = _named(f, given, folders)
        if n is not None and n.period is not None and n.publisher_source in ("title", "metadata", "file"):
            beside.setdefault((f.path.parent, n.period), set()).add(n.publisher)
    for f in files:
        _settle_tables(f, beside, given, folders)


def _settle_tables(f: _File, beside: dict, given: str | None, folders: _Folders) -> None:
    """Each table's publisher in ``f`` (:func:`_settle_publishers`), what the file says read once."""
    page = f.page.publisher if f.page.publisher_source in ("title", "metadata") else None
    name = publisher_of_name(f.name.rsplit("/", 1)[-1])
    parent, folder = f.path.parent, None
    for t in f.tables:
        if t.publisher:
            t.publisher_source = "table_title"
        elif page:
            t.publisher, t.publisher_source = page, "notice"
        elif name is not None:
            t.publisher, t.publisher_source = name, "file"
        elif beside and len(near := beside.get((parent, t.period), ())) == 1:  # no Path hashed when no notice
            t.publisher, t.publisher_source = next(iter(near)), "notice"
        else:
            folder = folder or _named(f, given, folders, file_name=False)
            t.publisher, t.publisher_source = folder


def _named(
    f: _File, given: str | None, folders: _Folders, *, file_name: bool = True
) -> tuple[str | None, str | None]:
    """The publisher ``f``'s file name or folder names, else ``given``."""
    if file_name and (found := publisher_of_name(f.name.rsplit("/", 1)[-1])):
        return found, "file"
    if found := folders.publisher(f.path):
        return found, "folder"
    return (given, "given") if given else (None, None)


class _Folders:
    """Each input folder resolved and read for its publisher once, not once per file or
    table: a thousand workbooks in one folder resolved each of its parents a thousand times."""

    def __init__(self) -> None:
        self._resolved: dict[str, Path | None] = {}
        self._publishers: dict[Path, str | None] = {}

    def resolved(self, path: Path) -> Path:
        """``path.resolve()``: its folder resolved once, then the file itself only when it
        is a link (as ``realpath`` resolves a path part by part)."""
        # by the path's text, and the path itself kept when its folder is already resolved:
        # a Path made and parsed per file was most of this at a thousand workbooks
        folder = os.path.dirname(os.fspath(path))
        if folder not in self._resolved:
            parent = path.parent
            real = parent.resolve()
            self._resolved[folder] = None if os.fspath(real) == os.fspath(parent) else real
        if (real := self._resolved[folder]) is not None:
            path = real / path.name
        return path.resolve() if os.path.islink(path) else path

    def publisher(self, path: Path) -> str | None:
        """:func:`publisher_of_folder` of a resolved path, once per folder."""
        folder = path.parent
        if folder not in self._publishers:
            self._publishers[folder] = publisher_of_folder(path)
        return self._publishers[folder]


_SETTLED = ("publisher", "period", "publisher_source", "period_source")
_PER_TABLE = {"handling": {*_SETTLED, "channel", "channel_raw"}}  # a table's channel: its records'


def _table_rows(tables: list[ParsedTable], kind: str) -> pd.DataFrame:
    """The records of every table of ``kind`` as the contract's table, by columns: a table's
    publisher, period, where each was read (and a handling table's channel) typed once."""
    chosen = [t for t in tables if t.kind == kind]
    rows = [rec for t in chosen for rec in t.records]
    lengths = [len(t.records) for t in chosen]
    columns: dict[str, list] = {}
    for col in schema.COLUMNS[kind]:
        if col in _PER_TABLE.get(kind, _SETTLED):
            columns[col] = schema.repeated(kind, col, [getattr(t, col) for t in chosen], lengths)
        else:
            columns[col] = _column(rows, col)
    return schema.frame_of(kind, columns, len(rows))


def _column(rows: list[dict], col: str) -> list:
    """Each row's ``col`` (``None`` where a row has none), in one pass in C when all have it."""
    try:
        return list(map(itemgetter(col), rows))
    except KeyError:
        return [rec.get(col) for rec in rows]


def _settled_of(x: Notice | ParsedTable) -> dict:
    """A notice's or table's publisher and period and where each was read, for its rows."""
    return {col: getattr(x, col) for col in _SETTLED}


def _settled(given: pd.Period | None, *found: tuple[pd.Period | None, str | None]):
    """``(period, period_source)``: the one given, else the first found."""
    if given is not None:
        return given, "given"
    return next(((p, where) for p, where in found if p is not None), (None, None))


def _notice_record(n: Notice) -> dict:
    return {
        "publisher": n.publisher,
        "period": n.period,
        "title": n.title,
        "issuer": n.issuer,
        "index_no": n.index_no,
        "date": n.date,
        "text": n.text,
        "source": str(n.source or Source(n.file)),
        "publisher_source": n.publisher_source,
        "period_source": n.period_source,
    }
