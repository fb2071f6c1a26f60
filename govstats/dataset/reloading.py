"""govstats' own outputs read back (found and read by :mod:`govstats.read.own`): their rows
typed as the contract says and added to the dataset, with the same publisher, period and
source; nothing is tidied again."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from govstats import schema
from govstats.source import Source

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")  # what writing neutralises with a '


@dataclass(slots=True)
class OwnOutput:
    """Tidy tables read back from one of govstats' own output files."""

    file: str
    format: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def own_output(doc) -> OwnOutput | None:
    """The tidy tables of ``doc`` when it is one of govstats' own outputs read back
    (:mod:`govstats.read.own`), typed as the contract says; else ``None``."""
    if not doc.tables:
        return None
    from govstats.dataset.opening import to_contract

    tables = {
        table: typed(table, rows) if isinstance(rows, pd.DataFrame) else to_contract(rows, table)
        for table, rows in doc.tables.items()
    }
    return OwnOutput(doc.file, doc.format, tables)


def typed(table: str, data: pd.DataFrame) -> pd.DataFrame:
    """``data`` (text or cell values as written) as the tidy table ``table``: the contract's
    columns and dtypes, periods parsed, the ``'`` writing put before formula-like text
    taken off, empty text as missing."""
    from govstats.periods import parse_period

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
                    "duplicate-table",
                    Source(older.file),
                    detail=f"{older.file}与{newer.file}是同一张表（{table}）的两份副本，内容不同：按较新的{newer.file}导入",
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
