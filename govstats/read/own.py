"""govstats' own outputs, read back as they were written: a tidy table's CSV or Parquet file
(``Dataset.write``, ``govstats ingest -o``) and the tidy sheets of the Excel export. Told by
content (the Parquet magic and schema, the CSV's header line, the workbook's sheet names);
their rows go to :attr:`Document.tables` by column code, to be typed, never tidied. The
export's annex-style summary sheets are views of the same rows and are not read."""

from __future__ import annotations

import io
import re
from pathlib import Path

from govstats import labels, schema
from govstats.errors import CorruptFileError, UnsupportedFormatError
from govstats.read.grid import Document
from govstats.read.magic import PARQUET
from govstats.source import Source, from_cited

_SHEET_TABLES = {name: table for table, name in labels.TIDY_SHEETS.items()}
_WORDS = {column: {w: code for code, w in words.items()} for column, words in labels.CODES.items()}
_TIDY_SHEETS = frozenset(_SHEET_TABLES) | frozenset(
    schema.COLUMNS
)  # as the export names them, now and before
_SHEET_NAME = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"')
# name="…" of a tidy sheet anywhere in the workbook's XML: what a tidy sheet's tag must hold.
# One search, where nearly every workbook (none of the export's) fails, before the sheets are parsed.
_TIDY_NAMED = re.compile(
    b'name="(?:' + b"|".join(re.escape(n.encode()) for n in sorted(_TIDY_SHEETS)) + b')"'
)


def table_of(header: list[object], chinese: bool = False) -> str | None:
    """The tidy table whose columns ``header`` is (as written now, or before the two
    ``*_source`` columns were added; ``chinese``: under their names in the workbook)."""
    names = [str(h).strip() if h is not None else "" for h in header]
    while names and not names[-1]:
        names.pop()
    for table, columns in schema.COLUMNS.items():
        older = [c for c in columns if c not in ("publisher_source", "period_source")]
        if chinese:
            columns, older = [labels.column(c) for c in columns], [labels.column(c) for c in older]
        if names in (list(columns), older):
            return table
    return None


def _first_line(data: bytes) -> bytes:
    return data[:4096].removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].rstrip(b"\r")


def is_own_csv(data: bytes) -> bool:
    """Whether ``data`` starts as every tidy table's CSV does (its header line)."""
    first = _first_line(data)
    if not first.startswith((b"publisher,", b"severity,")):
        return False
    return table_of(first.decode("utf-8", "replace").split(",")) is not None


def is_own_workbook(workbook_xml: bytes) -> bool:
    """Whether a workbook (its ``xl/workbook.xml``) names a sheet as the export names its
    tidy sheets."""
    if _TIDY_NAMED.search(workbook_xml) is None:
        return False
    names = {n.decode("utf-8", "replace") for n in _SHEET_NAME.findall(workbook_xml)}
    return not names.isdisjoint(_TIDY_SHEETS)


def read(data: bytes, name: str, path: Path | None = None) -> Document:
    """The tidy tables of one of govstats' own outputs."""
    import pandas as pd

    if data.startswith(PARQUET):
        return _parquet(data, name)
    if is_own_csv(data):
        try:
            frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (ValueError, UnicodeError) as exc:
            raise CorruptFileError(f"govstats写出的CSV表格已损坏（{exc}）", Source(name)) from None
        table = table_of(_first_line(data).decode("utf-8", "replace").split(","))
        return Document(name, "govstats-csv", tables={table: frame})
    return _workbook(data, name, path)


def _parquet(data: bytes, name: str) -> Document:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        source = pa.BufferReader(data)
        table = table_of(pq.read_schema(source).names)
        if table is None:
            raise UnsupportedFormatError("这个Parquet文件不是govstats写出的表格", Source(name))
        return Document(name, "govstats-parquet", tables={table: pq.read_table(pa.BufferReader(data))})
    except (OSError, ValueError, pa.ArrowException) as exc:
        raise CorruptFileError(f"Parquet文件已损坏（{exc}）", Source(name)) from None


def _workbook(data: bytes, name: str, path: Path | None) -> Document:
    """The export's tidy sheets; a workbook holding none (a sheet of the same name, other
    columns) is read as any workbook."""
    import pandas as pd

    from govstats.read import workbook

    doc = workbook.read(data, name, path)
    tables = {}
    for grid in doc.grids:
        if not grid.cells:
            continue
        if grid.sheet in schema.COLUMNS and table_of(grid.cells[0]) == grid.sheet:  # before issue 14
            table, chinese = grid.sheet, False
        elif (table := _SHEET_TABLES.get(grid.sheet)) and table_of(grid.cells[0], True) == table:
            chinese = True
        else:
            continue
        header = [str(h) for h in grid.cells[0] if h is not None]
        rows = [list(r[: len(header)]) + [None] * (len(header) - len(r)) for r in grid.cells[1:]]
        frame = pd.DataFrame(rows, columns=header, dtype=object)
        if chinese:
            frame.columns = [c for c in schema.COLUMNS[table] if labels.column(c) in header]
            if "source" in frame:  # 工作表“附件4”第5行 as the workbook cites it
                frame["source"] = frame["source"].map(lambda v: from_cited(v) if isinstance(v, str) else v)
            for column, words in _WORDS.items():
                if column in frame:
                    frame[column] = frame[column].map(
                        lambda v, w=words: w.get(v, v) if isinstance(v, str) else v
                    )
        tables[table] = frame
    if not tables:
        return doc
    return Document(name, "govstats-xlsx", tables=tables)
