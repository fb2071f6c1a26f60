"""The dataset folder's layout: where each table's rows of a period go, how a period is
written in a path, and the columns a stored file holds (:mod:`.store` writes runs into it,
:mod:`.opening` reads it back)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pandas as pd

from govstats import schema
from govstats.errors import CorruptFileError
from govstats.source import Source

MANIFEST = "manifest.json"
PathLike = str | os.PathLike
PARTITIONS: tuple[str, ...] = ("period",)
INPUT_KEY = "input_key"
FILE = "part-0.parquet"
ROW_GROUP = 64 * 1024
NONE = "__HIVE_DEFAULT_PARTITION__"
"""The partition value of a missing period: Hive's, read back as null by pyarrow, DuckDB
and Spark alike."""
# Hive escapes these (Spark's escapePathName); Windows forbids <>| as well. A trailing dot
# or space would be dropped by Windows, so those are escaped too.
_ESCAPE = set("\"#%'*/:=?\\{[]^<>|") | {chr(c) for c in range(32)} | {"\x7f"}


def partitioned(table: str) -> bool:
    """Whether ``table`` is split by period (every tidy table but findings)."""
    return set(PARTITIONS) <= set(schema.COLUMNS[table])


def partition_value(value: object) -> str:
    """The path segment of a period: percent-escaped where a file system or Hive would
    misread it, :data:`NONE` when missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return NONE
    text = str(value)
    if not text:
        return NONE
    out = "".join(f"%{ord(ch):02X}" if ch in _ESCAPE else ch for ch in text)
    if out[-1] in ". ":
        out = out[:-1] + f"%{ord(out[-1]):02X}"
    return out


def value_of(segment: str) -> str | None:
    """The period a path segment stands for (:func:`partition_value` undone)."""
    return None if segment == NONE else unquote(segment)


def file_of(table: str, segment: str | None = None) -> str:
    """The folder-relative path of ``table``'s file of the period segment ``segment``."""
    return f"{table}/{FILE}" if segment is None else f"{table}/period={segment}/{FILE}"


@cache  # asked for every partition file; a pyarrow schema is immutable
def arrow_schema(table: str, partitions: bool = False):
    """The Parquet schema of a stored table: the contract's columns (without ``period``
    unless ``partitions``) and ``input_key``, text as strings, counts as int64."""
    import pyarrow as pa

    # records' date-times and flags (a message log's, docs/contract.md) as Arrow's own types
    types = {
        "Int64": pa.int64(),
        "Float64": pa.float64(),
        "datetime64[s]": pa.timestamp("s"),
        "boolean": pa.bool_(),
    }
    dtypes = schema.frame(table).dtypes
    columns = [
        (col, types.get(str(dtypes[col]), pa.string()))
        for col in schema.COLUMNS[table]
        if partitions or not (partitioned(table) and col in PARTITIONS)
    ]
    return pa.schema([*columns, (INPUT_KEY, pa.string())])


def sort_keys(table: str) -> list[str]:
    return [k for k in ("publisher", "channel", "unit") if k in schema.COLUMNS[table]]


def damaged(path: Path, exc: BaseException) -> CorruptFileError:
    """A stored file that cannot be read (damaged, or not Parquet), named."""
    where = f"{path.parent.name}/{path.name}" if path.suffix == ".parquet" else path.name
    return CorruptFileError(f"数据集文件无法读取（{where}：{exc}）", Source(str(path)))
