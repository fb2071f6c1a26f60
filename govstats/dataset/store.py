"""The dataset folder: every tidy table as hive-partitioned Parquet that grows run by run.

    DIR/manifest.json                                   runs and inputs (what each input wrote)
    DIR/handling/publisher=鹰潭市/period=2022Q1/part-<input>.parquet
    DIR/findings/part-<input>.parquet                   (tables without publisher and period)

One file per partition and input, named by the input's content hash: a run adds files and
touches no other input's; ingesting the same input again (same bytes, or the same file on
disk edited) replaces every file it wrote before, so rows never double. The partition
columns are in the paths only, so pyarrow, DuckDB and Spark read the folder with hive
partitioning on. A row without a publisher or period goes to the partition value those
three read back as null.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pandas as pd

from govstats import schema
from govstats.errors import UsageError
from govstats.outputs import atomic_write, lock
from govstats.source import Source, file_name_text

PathLike = str | os.PathLike
PARTITIONS: tuple[str, ...] = ("publisher", "period")
NONE = "__HIVE_DEFAULT_PARTITION__"
"""The partition value of a missing publisher or period: Hive's, read back as null by
pyarrow, DuckDB and Spark alike."""
MANIFEST = "manifest.json"
_LOCK = ".govstats-lock"
DATASET_FORMAT = "govstats-dataset/1"
"""What a dataset folder's manifest says it is: a folder whose manifest says so is never an input."""
# Hive escapes these (Spark's escapePathName); Windows forbids <>| as well. A trailing dot
# or space would be dropped by Windows, so those are escaped too. Chinese stays readable.
_ESCAPE = set("\"#%'*/:=?\\{[]^<>|") | {chr(c) for c in range(32)} | {"\x7f"}


def partitioned(table: str) -> bool:
    """Whether ``table`` is split by publisher and period (every tidy table but findings)."""
    return set(PARTITIONS) <= set(schema.COLUMNS[table])


def partition_value(value: object) -> str:
    """The path segment of a publisher or period: percent-escaped where a file system or
    Hive would misread it, :data:`NONE` when missing."""
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
    """The publisher or period a path segment stands for (:func:`partition_value` undone)."""
    return None if segment == NONE else unquote(segment)


@cache  # asked for every partition file; a pyarrow schema is immutable
def arrow_schema(table: str, partitions: bool = False):
    """The Parquet schema of a stored table: the contract's columns (without the partition
    columns unless ``partitions``), text as strings, counts as int64."""
    import pyarrow as pa

    # records' date-times and flags (a message log's, docs/contract.md) as Arrow's own types
    types = {
        "Int64": pa.int64(),
        "Float64": pa.float64(),
        "datetime64[s]": pa.timestamp("s"),
        "boolean": pa.bool_(),
    }
    dtypes = schema.frame(table).dtypes
    return pa.schema(
        [
            (col, types.get(str(dtypes[col]), pa.string()))
            for col in schema.COLUMNS[table]
            if partitions or not (partitioned(table) and col in PARTITIONS)
        ]
    )


def arrow_part(frame: pd.DataFrame, table: str):
    """``frame``'s rows as one partition file's Arrow table: the stored columns only, and no
    pandas metadata (its dtypes are the contract's; each engine reads a smaller footer)."""
    import pyarrow as pa

    columns = arrow_schema(table)
    return pa.Table.from_pandas(
        frame[columns.names], schema=columns, preserve_index=False
    ).replace_schema_metadata()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(root: Path) -> dict:
    path = root / MANIFEST
    if not path.exists():
        return {"format": DATASET_FORMAT, "inputs": {}, "runs": []}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"数据集清单无法读取（{exc}）", Source(str(path))) from None
    if manifest.get("format") != DATASET_FORMAT:
        raise UsageError(f"不是 govstats 数据集清单（format {manifest.get('format')!r}）", Source(str(path)))
    return manifest


class _Locked:
    """One writer at a time: an exclusive lock on the lock file beside the manifest, which
    goes with the process however it ends (a killed ingest leaves no lock behind)."""

    def __init__(self, root: Path) -> None:
        self.path = root / _LOCK
        self.fd: int | None = None

    def __enter__(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        if not lock(self.fd, wait=False):
            os.close(self.fd)
            raise UsageError(f"数据集正由另一次导入写入（锁文件 {self.path}）：请等它结束后重试")

    def __exit__(self, *exc) -> None:
        os.close(self.fd)  # closing releases the lock


def _owners(values: pd.Series, keys_by_name: dict[str, str]) -> np.ndarray:
    """The input key of each row, from its ``source`` text (``附件.xlsx, sheet 附件4, cell
    C13`` starts with the input's name) or a findings row's ``file``; None when no input
    name accounts for it."""
    found: dict[str, str | None] = {}

    def owner(text) -> str | None:
        if not isinstance(text, str):
            return None
        if text not in found:
            key = keys_by_name.get(text)
            at = text.find(", ")
            while key is None and at >= 0:  # names may hold ", " themselves: try each cut
                key = keys_by_name.get(text[:at])
                at = text.find(", ", at + 1)
            found[text] = key
        return found[text]

    return np.array([owner(v) for v in values.astype(object)], dtype=object)


def _entries(inputs: Sequence) -> tuple[dict[str, dict], dict[str, str]]:
    """The manifest entry of each input (a Dataset's ``InputStatus``) by key (its content
    hash), and the key of each input name."""
    entries: dict[str, dict] = {}
    keys_by_name: dict[str, str] = {}
    for status in inputs:
        sha = _file_sha256(status.path)
        key = sha[:16] or hashlib.sha256(os.fsencode(status.path)).hexdigest()[:16]
        keys_by_name[status.file] = key
        entry = entries.setdefault(key, _entry(file_name_text(str(status.path.resolve())), sha))
        entry["names"].append(status.file)
        entry |= {"bytes": status.path.stat().st_size if sha else 0, "format": status.format}
        entry["error"] = str(status.error) if status.error else None
    return entries, keys_by_name


def _file_sha256(path: Path) -> str:
    """The content hash of the regular file at ``path``; empty for anything else, and for
    a file that cannot be read (under a folder that cannot be entered, without permission):
    its input is reported unreadable, the others are still added."""
    try:
        return _sha256(path) if path.is_file() else ""
    except OSError:
        return ""


def _entry(path: str = "", sha: str = "") -> dict:
    return {"names": [], "path": path, "sha256": sha, "bytes": 0, "files": []}


def _keyed(
    tables: dict[str, pd.DataFrame], keys_by_name: dict[str, str]
) -> tuple[dict[str, np.ndarray], str | None]:
    """Each table's row owners, rows no input accounts for (a Dataset built by hand) given
    the key of their content: the same rows added again replace themselves."""
    owners = {
        name: _owners(frame["file" if name == "findings" else "source"], keys_by_name)
        for name, frame in tables.items()
        if not frame.empty
    }
    orphans = [
        pd.util.hash_pandas_object(tables[name][pd.isna(o)].astype(str), index=False).to_numpy()
        for name, o in owners.items()
        if pd.isna(o).any()
    ]
    if not orphans:
        return owners, None
    digest = hashlib.sha256(",".join(sorted(keys_by_name.values())).encode())
    for hashes in orphans:
        digest.update(np.sort(hashes).tobytes())
    rest = "rows-" + digest.hexdigest()[:11]
    for o in owners.values():
        o[pd.isna(o)] = rest
    return owners, rest


def add_run(tables: dict[str, pd.DataFrame], inputs: Sequence, root: PathLike) -> dict:
    """Add a Dataset's ``tables`` (from :func:`govstats.load`, with its ``inputs``) to the
    dataset folder ``root`` as one run and return the run's manifest record.

    Each input's rows replace what the same input wrote before: the same bytes under any
    name, or the same file on disk since edited. Other inputs' files are not touched.
    """
    import pyarrow.parquet as pq

    root = Path(root)
    with _Locked(root):
        manifest = read_manifest(root)
        known = manifest["inputs"]
        entries, keys_by_name = _entries(inputs)
        owners, rest = _keyed(tables, keys_by_name)
        if rest is not None:
            entries[rest] = _entry()
        replaced = sorted(
            old
            for old, e in known.items()
            if old in entries
            or any(e.get("path") and e["path"] == n["path"] and n["error"] is None for n in entries.values())
        )
        written: list[str] = []
        for name, key in owners.items():
            frame = tables[name]
            groups = {"key": key}
            if partitioned(name):
                for col in PARTITIONS:
                    codes, uniques = pd.factorize(frame[col].astype(object))
                    segment = np.array([partition_value(u) for u in uniques] + [NONE], dtype=object)
                    groups[col] = segment[codes]
            for where, index in pd.DataFrame(groups).groupby(list(groups), sort=True).indices.items():
                owner, *segments = where if isinstance(where, tuple) else (where,)
                rel = Path(name, *(f"{c}={s}" for c, s in zip(PARTITIONS, segments, strict=False)))
                rel = rel / f"part-{owner}.parquet"
                table = arrow_part(frame.iloc[index], name)
                atomic_write(root / rel, lambda p, t=table: pq.write_table(t, p))
                written.append(rel.as_posix())
                entries[owner]["files"].append(rel.as_posix())
        keep = set(written)
        for old in replaced:
            for rel in known.pop(old).get("files", []):
                if rel not in keep:
                    (root / rel).unlink(missing_ok=True)
                    _prune(root, (root / rel).parent)
        run_no = len(manifest["runs"]) + 1
        for key, entry in entries.items():
            known[key] = entry | {"run": run_no}
        record = {
            "run": run_no,
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "inputs": sorted(entries),
            "replaced": replaced,
            "files": len(written),
            "rows": {name: len(tables[name]) for name in owners},
            "columns": {name: arrow_schema(name).names for name in owners},
        }
        manifest["runs"].append(record)
        text = json.dumps(manifest, ensure_ascii=False, indent=1)
        atomic_write(root / MANIFEST, lambda p: p.write_text(text, encoding="utf-8"))
    return record


def _prune(root: Path, folder: Path) -> None:
    """Remove partition folders left empty, up to the table's folder."""
    while folder != root and folder.parent != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
