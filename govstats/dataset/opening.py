"""Reading a dataset folder back (:mod:`.store` lays it out and writes it): the periods
present, a Dataset of some or all of them with the contract's dtypes, and whether its files
share one schema."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from govstats import schema
from govstats.dataset.committing import settled
from govstats.dataset.layout import (
    FILE,
    INPUT_KEY,
    MANIFEST,
    PARTITIONS,
    arrow_schema,
    damaged,
    partition_value,
    partitioned,
    value_of,
)
from govstats.dataset.manifest import read as read_manifest
from govstats.dataset.migrating import refuse_old
from govstats.dataset.model import Dataset, InputStatus
from govstats.errors import UnreadableInputError, UsageError
from govstats.source import Source

PathLike = str | os.PathLike


def periods_from_text(values: Iterable) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """Period text (``2022Q1``, ``2022-08``, missing) as the contract holds periods: one
    Period dtype when every period has the same frequency, else objects."""
    from govstats.periods import parse_period

    codes, uniques = pd.factorize(
        values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
    )
    periods = [parse_period(u) for u in uniques]
    freqs = {p.freqstr for p in periods}
    if len(freqs) == 1:
        ordinals = np.array([p.ordinal for p in periods] + [pd.NaT.value], dtype=np.int64)
        return pd.arrays.PeriodArray(ordinals[codes], dtype=pd.PeriodDtype(freqs.pop()))
    out = np.empty(len(codes), dtype=object)
    out[:] = [periods[c] if c >= 0 else None for c in codes]
    return out


def from_arrow(table) -> pd.DataFrame:
    """An Arrow table as pandas with nullable dtypes (Int64, Float64, string), so a missing
    count stays missing rather than turning the column into floats."""
    import pyarrow as pa

    mapped = {pa.int64(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype(), pa.string(): pd.StringDtype()}
    return table.to_pandas(types_mapper=mapped.get)


def to_contract(frame, table: str) -> pd.DataFrame:
    """An Arrow table (or a frame read from one) with the contract's columns, order and
    dtypes."""
    if not isinstance(frame, pd.DataFrame):
        frame = from_arrow(frame)
    empty = schema.frame(table)
    out = {}
    for col in schema.COLUMNS[table]:
        values = frame[col] if col in frame else pd.Series([None] * len(frame), dtype=object)
        out[col] = periods_from_text(values) if col == "period" else values.astype(empty[col].dtype).array
    return pd.DataFrame(out)


def uniform(root: PathLike, table: str) -> bool:
    """Whether every file of ``table`` holds the columns the contract has now (their
    footers say so), so engines need not reconcile file schemas."""
    now = arrow_schema(table).names
    return all(meta.schema.names == now for meta in _footers(Path(root), table))


_FOOTERS: dict[str, tuple[tuple, object]] = {}


def _footers(root: Path, table: str) -> list:
    """The Parquet footers of ``table``'s files, each read once per version of its file."""
    import pyarrow.parquet as pq

    out = []
    for path in sorted((root / table).glob(f"period=*/{FILE}")) or [
        p for p in [root / table / FILE] if p.exists()
    ]:
        st = path.stat()
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        cached = _FOOTERS.get(str(path))
        if cached is None or cached[0] != stamp:
            try:
                cached = (stamp, pq.read_metadata(path))
            except (OSError, ValueError) as exc:
                raise damaged(path, exc) from None
            _FOOTERS[str(path)] = cached
        out.append(cached[1])
    return out


def partitions(root: PathLike, table: str = "handling") -> list[str | None]:
    """The periods of ``table`` in the folder, from the paths alone."""
    base = Path(root) / table
    if not base.is_dir():
        return []
    return [
        value_of(p.name[7:]) for p in sorted(base.iterdir()) if p.is_dir() and p.name.startswith("period=")
    ]


def ready(root: PathLike) -> None:
    """Before reading the folder ``root`` another way (DuckDB, Spark): a commit a kill cut
    short completed, and a folder of the earlier layout refused."""
    settled(Path(root))
    refuse_old(Path(root))


def unnamed_rows(root: PathLike, table: str = "handling") -> bool:
    """Whether some rows of ``table`` name no publisher, from the files' statistics."""
    for meta in _footers(Path(root), table):
        at = meta.schema.names.index("publisher")
        for i in range(meta.num_row_groups):
            stats = meta.row_group(i).column(at).statistics
            if stats is None or not stats.has_null_count or stats.null_count > 0:
                return True
    return False


def _segments(values, parse=None) -> set[str] | None:
    """The path segments of the periods asked for (None: all)."""
    if values is None:
        return None
    if isinstance(values, (str, pd.Period)):
        values = [values]
    return {partition_value(parse(v) if parse else v) for v in values}


def _names(values: str | Sequence[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [values] if isinstance(values, str) else list(values)


def _read(root: Path, name: str, periods: set[str] | None, publishers: list[str] | None):
    """``name``'s stored rows of ``periods`` (folders chosen by name) and ``publishers``
    (the filter pushed down to the row groups' statistics), as one Arrow table."""
    import pyarrow as pa
    import pyarrow.dataset as pads

    full = arrow_schema(name, partitions=True)
    if not partitioned(name):
        files = [p for p in [root / name / FILE] if p.exists()]
        partitioning = None
    else:
        files = [
            p
            for p in sorted((root / name).glob(f"period=*/{FILE}"))
            if periods is None or p.parent.name[7:] in periods
        ]
        partitioning = pads.partitioning(pa.schema([full.field(c) for c in PARTITIONS]), flavor="hive")
    if not files:
        return full.empty_table()
    data = pads.dataset(
        [str(p) for p in files], schema=full, partitioning=partitioning, partition_base_dir=str(root / name)
    )
    where = None
    if publishers is not None and "publisher" in full.names:
        where = pads.field("publisher").isin(publishers)
    try:
        return data.to_table(filter=where)
    except (pa.ArrowInvalid, OSError) as exc:  # a file damaged or not Parquet: name it
        raise damaged(root / name, exc) from None


def open_dataset(
    root: PathLike,
    *,
    publisher: str | Sequence[str] | None = None,
    period: str | pd.Period | Sequence[str | pd.Period] | None = None,
) -> Dataset:
    """A dataset folder as a :class:`Dataset`, optionally only some publishers' and periods' rows.

    The periods select partition folders by name, so no other period's file is opened; the
    publishers are a filter the row groups' statistics answer, so other cities' row groups
    are skipped. Findings and inputs are those of the inputs whose rows were read. To
    compute on the folder out of core instead, see :mod:`govstats.sql`.

    Parameters
    ----------
    root : str or os.PathLike
        The folder ``govstats ingest --dataset`` writes.
    publisher : str or sequence of str, optional
        Only these publishers' rows.
    period : str, pandas.Period or a sequence of them, optional
        Only these periods' files.

    Returns
    -------
    Dataset
        The tables read, typed as the contract says.

    Raises
    ------
    govstats.errors.UsageError
        When ``root`` is no dataset folder, one of the earlier layout (``govstats migrate``)
        or its manifest is of the wrong shape.
    govstats.errors.CorruptFileError
        When a file it reads is damaged, naming it.
    """
    from govstats.periods import parse_period

    root = Path(root)
    if not (root / MANIFEST).exists() and not any((root / t).is_dir() for t in schema.TABLES):
        raise UsageError(f"不是 govstats 数据集文件夹（其中没有 {MANIFEST}）：{root}")
    ready(root)
    manifest = read_manifest(root)
    periods, publishers = _segments(period, parse_period), _names(publisher)
    tables: dict[str, pd.DataFrame] = {}
    keys: set[str] = set()
    for name in filter(partitioned, schema.TABLES):
        rows = _read(root, name, periods, publishers)
        keys.update(rows.column(INPUT_KEY).unique().to_pylist())
        tables[name] = to_contract(rows, name)
    filtered = (periods, publishers) != (None, None)  # then the inputs (and findings) of the rows read
    for name in schema.TABLES:  # the others (findings)
        if not partitioned(name):
            rows = _read(root, name, None, None)
            tables[name] = to_contract(_of_inputs(rows, keys) if filtered else rows, name)
    return Dataset(**tables, inputs=_inputs(manifest, keys if filtered else None))


def _inputs(manifest: dict, keys: set[str] | None) -> list[InputStatus]:
    """The manifest's inputs: those of ``keys`` when the rows read are some inputs' only
    (None: all)."""
    inputs = []
    for key, entry in manifest["inputs"].items():
        if keys is None or key in keys:
            for file in entry.get("names") or [key]:
                status = InputStatus(file, Path(entry.get("path") or file), entry.get("format") or "")
                if entry.get("error"):
                    status.error = UnreadableInputError(entry["error"], Source(file))
                inputs.append(status)
    return inputs


def _of_inputs(rows, keys: set[str]):
    """The rows of a stored table the inputs ``keys`` gave."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return rows.filter(pc.is_in(rows.column(INPUT_KEY), pa.array(sorted(keys), pa.string())))
