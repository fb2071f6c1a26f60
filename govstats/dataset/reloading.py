"""govstats' own outputs read back as they were written: a tidy table's CSV or Parquet file
(``Dataset.write``, ``govstats ingest -o``) and the tidy sheets of the Excel export. Their
rows come back with the same publisher, period and source; nothing is tidied again (the
export's annex-style summary sheets are views of the same rows, and are not read)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from govstats import labels, schema
from govstats.errors import UnreadableInputError
from govstats.source import Source

_PARQUET = b"PAR1"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")  # what writing neutralises with a '


@dataclass(slots=True)
class OwnOutput:
    """Tidy tables read back from one of govstats' own output files."""

    file: str
    format: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def _table_of(header: list[object], chinese: bool = False) -> str | None:
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


_SHEET_TABLES = {name: table for table, name in labels.TIDY_SHEETS.items()}
_WORDS = {column: {w: code for code, w in words.items()} for column, words in labels.CODES.items()}


def read_own(path: Path, name: str, head: bytes) -> OwnOutput | None:
    """The tidy table in ``path`` when it is govstats' own CSV or Parquet output, else
    ``None``; ``head`` is the file's first bytes (4 KB), as the loader has read them."""
    if head.startswith(_PARQUET):
        import pyarrow.parquet as pq

        from govstats.dataset.opening import to_contract

        try:
            table = _table_of(pq.read_schema(path).names)
            if table is None:
                return None
            # written with the contract's types: converted as the dataset folder's files are
            return OwnOutput(name, "govstats-parquet", {table: to_contract(pq.read_table(path), table)})
        except (OSError, ValueError) as exc:
            raise UnreadableInputError(f"Parquet文件已损坏（{exc}）", Source(name)) from None
    first = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].rstrip(b"\r")
    if not first.startswith(b"publisher,") and not first.startswith(b"severity,"):
        return None  # every tidy table's CSV starts so: anything else is read as an input
    table = _table_of(first.decode("utf-8", "replace").split(","))
    if table is None:
        return None
    try:
        data = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, UnicodeError, csv.Error) as exc:
        raise UnreadableInputError(f"govstats写出的CSV表格已损坏（{exc}）", Source(name)) from None
    return OwnOutput(name, "govstats-csv", {table: typed(table, data)})


def own_sheets(doc) -> OwnOutput | None:
    """The tidy sheets of govstats' Excel export (``doc`` read as a workbook), else ``None``."""
    if doc.format != "xlsx":
        return None
    tables = {}
    for grid in doc.grids:
        if not grid.cells:
            continue
        if grid.sheet in schema.COLUMNS and _table_of(grid.cells[0]) == grid.sheet:  # before issue 14
            table, chinese = grid.sheet, False
        elif (table := _SHEET_TABLES.get(grid.sheet)) and _table_of(grid.cells[0], True) == table:
            chinese = True
        else:
            continue
        header = [str(h) for h in grid.cells[0] if h is not None]
        rows = [list(r[: len(header)]) + [None] * (len(header) - len(r)) for r in grid.cells[1:]]
        data = pd.DataFrame(rows, columns=header, dtype=object)
        if chinese:
            data.columns = [c for c in schema.COLUMNS[table] if labels.column(c) in header]
            for column, words in _WORDS.items():
                if column in data:
                    data[column] = data[column].map(
                        lambda v, w=words: w.get(v, v) if isinstance(v, str) else v
                    )
        tables[table] = typed(table, data)
    return OwnOutput(doc.file, "govstats-xlsx", tables) if tables else None


def typed(table: str, data: pd.DataFrame) -> pd.DataFrame:
    """``data`` (text or cell values as written) as the tidy table ``table``: the contract's
    columns and dtypes, periods parsed, the ``'`` writing put before formula-like text
    taken off, empty text as missing."""
    from govstats.notice.periods import parse_period

    periods: dict[str, pd.Period] = {}

    def period(v: object) -> pd.Period | None:
        text = _text(v)
        if text is not None and text not in periods:
            periods[text] = parse_period(text)
        return periods.get(text)

    by_dtype = {"Int64": _whole, "Float64": _number, "boolean": _flag}
    convert = {col: by_dtype.get(str(dtype), _text) for col, dtype in schema.frame(table).dtypes.items()}
    convert["period"] = period
    if table == "headline":  # a figure of no channel or tier has "" there (notice/headline.py)
        convert |= dict.fromkeys(("channel", "tier"), lambda v: _text(v) or "")
    columns = {
        col: [convert.get(col, _text)(v) for v in data[col]] if col in data else [None] * len(data)
        for col in schema.COLUMNS[table]
    }
    return schema.frame(
        table, [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    )


def _missing(v: object) -> bool:
    return v is None or v is pd.NA or v == "" or (isinstance(v, float) and v != v)


def _number(v: object) -> float | None:
    return None if _missing(v) else float(v)


def _flag(v: object) -> bool | None:
    return None if _missing(v) else str(v).strip().lower() in ("true", "1", "是")


def _whole(v: object) -> int | None:
    return None if _missing(v) else int(float(v))


def _text(v: object) -> str | None:
    if _missing(v):
        return None
    text = str(v)
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text


def reloaded(dataset, own: list[tuple]) -> object:
    """``dataset`` with the tables of govstats' own outputs (``(status, OwnOutput)`` pairs)
    after its rows. A table written both as CSV and Parquet in one folder (``Dataset.write``
    writes both) is taken once: from the Parquet file when the two hold the same rows,
    else from the newer file, with a ``duplicate-table`` warning naming the other."""
    from govstats.dataset.model import Dataset, concat
    from govstats.findings import finding

    kept: dict[tuple[Path, str, str], tuple] = {}
    notes = []
    for status, out in own:
        for table, frame in out.tables.items():
            key = (status.path.resolve().parent, Path(status.file).stem, table)
            if key not in kept or out.format == "govstats-xlsx":
                kept[key if out.format != "govstats-xlsx" else (*key, status.file)] = (status, table, frame)
                continue
            first_status, _, first = kept[key]
            if frame.equals(first):
                if out.format == "govstats-parquet":
                    kept[key] = (status, table, frame)
                continue
            newer = max((first_status, status), key=lambda s: s.path.stat().st_mtime)
            older = status if newer is first_status else first_status
            kept[key] = (newer, table, frame if newer is status else first)
            notes.append(
                finding(
                    "warning",
                    "duplicate-table",
                    f"{older.file}与{newer.file}是同一张表（{table}）的两份副本，内容不同：按较新的{newer.file}导入",
                    Source(older.file),
                )
            )
    parts = [dataset]
    for _, table, frame in kept.values():
        parts.append(Dataset(**{table: frame}))
    if notes:
        parts.append(Dataset(findings=schema.frame("findings", notes)))
    out = concat(parts)
    out.inputs = dataset.inputs
    return out
