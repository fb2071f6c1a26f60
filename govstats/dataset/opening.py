"""Reading a dataset folder back (:mod:`.store` lays it out and writes it): the partitions
present, a Dataset of some or all of them with the contract's dtypes, and whether its files
share one schema."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from govstats import schema
from govstats.dataset.model import Dataset, InputStatus
from govstats.dataset.store import (
    MANIFEST,
    PARTITIONS,
    arrow_schema,
    partition_value,
    partitioned,
    read_manifest,
    value_of,
)
from govstats.errors import CorruptFileError, UnreadableInputError, UsageError
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


def to_contract(frame, table: str) -> pd.DataFrame:
    """An Arrow table (or a frame read from one) with the contract's columns, order and
    dtypes."""
    if not isinstance(frame, pd.DataFrame):
        import pyarrow as pa

        mapped = {pa.int64(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype(), pa.string(): pd.StringDtype()}
        frame = frame.to_pandas(types_mapper=mapped.get)
    empty = schema.frame(table)
    out = {}
    for col in schema.COLUMNS[table]:
        values = frame[col] if col in frame else pd.Series([None] * len(frame), dtype=object)
        out[col] = periods_from_text(values) if col == "period" else values.astype(empty[col].dtype).array
    return pd.DataFrame(out)


def uniform(root: PathLike, table: str) -> bool:
    """Whether every run wrote ``table`` with the columns the contract has now (a folder
    without a manifest is taken to be so), so engines need not reconcile file schemas."""
    path = Path(root) / MANIFEST
    if not path.exists():
        return True
    now = arrow_schema(table).names
    return all(run.get("columns", {}).get(table, now) == now for run in read_manifest(Path(root))["runs"])


def partitions(root: PathLike, table: str = "handling") -> list[tuple[str | None, str | None]]:
    """The (publisher, period) partitions of ``table`` in the folder, from the paths alone."""
    base = Path(root) / table
    if not base.is_dir():
        return []
    out = []
    for pub in sorted(base.iterdir()):
        if pub.is_dir() and pub.name.startswith("publisher="):
            out.extend(
                (value_of(pub.name[10:]), value_of(per.name[7:]))
                for per in sorted(pub.iterdir())
                if per.is_dir() and per.name.startswith("period=")
            )
    return out


def _segments(values, parse=None) -> set[str] | None:
    """The path segments of the publishers or periods asked for (None: all)."""
    if values is None:
        return None
    if isinstance(values, (str, pd.Period)):
        values = [values]
    return {partition_value(parse(v) if parse else v) for v in values}


def open_dataset(
    root: PathLike,
    *,
    publisher: str | Sequence[str] | None = None,
    period: str | pd.Period | Sequence[str | pd.Period] | None = None,
) -> Dataset:
    """A dataset folder as a :class:`Dataset`, optionally only some partitions.

    The filters select partition folders by name, so no other file is opened. Findings and
    inputs are those of the inputs that wrote the partitions read. To compute on the folder
    out of core instead, see :mod:`govstats.sql`.

    Parameters
    ----------
    root : str or os.PathLike
        The folder ``govstats ingest --dataset`` writes.
    publisher : str or sequence of str, optional
        Only these publishers' partitions.
    period : str, pandas.Period or a sequence of them, optional
        Only these periods' partitions.

    Returns
    -------
    Dataset
        The tables read, typed as the contract says.

    Raises
    ------
    govstats.errors.UsageError
        When ``root`` is no dataset folder.
    """
    import pyarrow as pa
    import pyarrow.dataset as pads

    from govstats.periods import parse_period

    root = Path(root)
    if not (root / MANIFEST).exists() and not any((root / t).is_dir() for t in schema.TABLES):
        raise UsageError(f"不是 govstats 数据集文件夹（其中没有 {MANIFEST}）：{root}")
    manifest = read_manifest(root)
    wanted = (_segments(publisher), _segments(period, parse_period))
    filtered = wanted != (None, None)
    tables: dict[str, pd.DataFrame] = {}
    read_files: set[str] = set()
    for name in schema.TABLES:
        if not partitioned(name):
            continue
        files = [
            p
            for p in sorted((root / name).glob("publisher=*/period=*/*.parquet"))
            if all(
                w is None or seg.split("=", 1)[1] in w
                for w, seg in zip(wanted, (p.parent.parent.name, p.parent.name), strict=True)
            )
        ]
        read_files.update(p.relative_to(root).as_posix() for p in files)
        if not files:
            tables[name] = schema.frame(name)
            continue
        full = arrow_schema(name, partitions=True)
        data = pads.dataset(
            [str(p) for p in files],
            schema=full,
            partitioning=pads.partitioning(pa.schema([full.field(c) for c in PARTITIONS]), flavor="hive"),
            partition_base_dir=str(root / name),
        )
        try:
            tables[name] = to_contract(data.to_table(), name)
        except (pa.ArrowInvalid, OSError) as exc:  # a file damaged or not Parquet: name it
            raise CorruptFileError(f"数据集文件无法读取（{exc}）", Source(str(root / name))) from None
    inputs, keys = [], []
    for key, entry in manifest["inputs"].items():
        if not filtered or read_files.intersection(entry.get("files", [])):
            keys.append(key)
            for file in entry.get("names") or [key]:
                status = InputStatus(file, Path(entry.get("path") or file), entry.get("format") or "")
                if entry.get("error"):
                    status.error = UnreadableInputError(entry["error"], Source(file))
                inputs.append(status)
    import pyarrow.parquet as pq

    for name in schema.TABLES:  # the others (findings) are one file per input
        if not partitioned(name):
            found = [pq.read_table(p) for k in keys if (p := root / name / f"part-{k}.parquet").exists()]
            tables[name] = to_contract(pa.concat_tables(found), name) if found else schema.frame(name)
    return Dataset(**tables, inputs=inputs)
