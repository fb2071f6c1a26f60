"""The dataset folder: every tidy table as Parquet partitioned by period, growing run by run.

    DIR/manifest.json                         runs, and an index of the inputs
    DIR/manifest/period=2022Q1.json           inputs first seen in that period: which files hold their rows
    DIR/handling/period=2022Q1/part-0.parquet one file per period: every city's rows, sorted
    DIR/findings/part-0.parquet               (the table without a period)

Inside a period's file the rows are sorted by publisher, channel and unit and written in row
groups of about 64k rows, so the min/max statistics of ``publisher`` let DuckDB, polars,
Spark and :func:`~govstats.dataset.opening.open_dataset` skip other cities' rows. ``period``
is in the paths only (pyarrow, DuckDB and Spark read it with hive partitioning on);
``input_key`` says which input gave each row (the manifest's key: its content hash).

A run rewrites only the period files its inputs touch: the rows of inputs it replaces (the
same bytes, or the same file on disk edited) are dropped from them, its own rows added and
the file sorted again, so a folder holds one file per period however many runs filled it.
The files and the manifest are committed together (:mod:`.committing`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from govstats import schema
from govstats.dataset import layout, matching
from govstats.dataset import manifest as manifests
from govstats.dataset.committing import Locked, Staging, recover
from govstats.dataset.layout import (  # noqa: F401 - the folder's names, public here as before
    FILE,
    INPUT_KEY,
    NONE,
    PARTITIONS,
    arrow_schema,
    file_of,
    partition_value,
    partitioned,
    sort_keys,
    value_of,
)
from govstats.dataset.migrating import refuse_old
from govstats.dataset.sorting import arrow_rows, by_period, sorted_rows
from govstats.source import SOURCE_PARTS

_FILE_PART = SOURCE_PARTS.pattern.replace("\\Z", "$").replace("^", "(?s)^", 1)  # RE2's spelling
PathLike = str | os.PathLike
MANIFEST = manifests.MANIFEST
DATASET_FORMAT = manifests.FORMAT
"""What a dataset folder's manifest says it is: a folder whose manifest says so is never an input."""


def add_run(tables: dict[str, pd.DataFrame], inputs: Sequence, root: PathLike) -> dict:
    """Add a Dataset's ``tables`` (from :func:`govstats.load`, with its ``inputs``) to the
    dataset folder ``root`` as one run and return the run's manifest record.

    Each input's rows replace what the same input wrote before: the same bytes under any
    name, or the same file on disk since edited. Other inputs' rows stay as they were.
    """
    root = Path(root)
    with Locked(root):
        recover(root)
        refuse_old(root)
        book = manifests.Book(root)
        found, keys_by_name, wider = matching.entries(inputs, book.index)
        replaced = matching.replaced(book.index, found)
        tables = {name: _renamed(frame, wider) for name, frame in tables.items()}
        owners, rest = _keyed(tables, {wider.get(n, n): k for n, k in keys_by_name.items()})
        if rest is not None:
            found[rest] = matching.entry()
        for old, new in wider.items():
            names = found[keys_by_name[old]]["names"]
            found[keys_by_name[old]]["names"] = [new if n == old else n for n in names]
        stage = Staging(root)
        try:
            drop = set(replaced) | set(found)  # the same key again replaces itself too
            held = {rel for key in replaced for rel in book.files(key)}
            counts = {
                name: _write_table(root, stage, name, tables.get(name), owners.get(name), drop, held)
                for name in schema.TABLES
            }
            record = _recorded(book, found, replaced, counts)
            record |= {
                "rows": {name: len(tables[name]) for name in owners},
                "columns": {name: arrow_schema(name).names for name in owners},
            } | ({"renamed": wider} if wider else {})
            stage.commit(book.texts())
        except BaseException:
            stage.discard()  # before the commit: the folder is as it was
            raise
    return record


def _recorded(book: manifests.Book, found: dict, replaced: list[str], counts: dict) -> dict:
    """The run in the manifest: the inputs it replaces dropped, its own entered with the
    rows they gave to each file written; the run's record (appended to its runs)."""
    for key in replaced:
        book.drop(key)
    run_no = len(book.runs) + 1
    for e in found.values():
        e["files"] = {}
    for per_table in counts.values():  # which input gave how many rows to which file
        for rel, rows in per_table.items():
            for key, n in rows.items():
                if key in found:
                    found[key]["files"][rel] = n
    for key, e in found.items():
        book.put(key, e | {"run": run_no})
    record = {
        "run": run_no,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": sorted(found),
        "replaced": replaced,
        "files": sum(len(c) for c in counts.values()),
    }
    book.runs.append(record)
    return record


def _write_table(root, stage, name, frame, owners, drop: set[str], held: set[str]) -> dict:
    """Stage ``name``'s files this run changes: each period file of its new rows or of the
    replaced inputs' rows (``held``: the files those gave rows to), the old rows of other
    inputs kept. Returns the rows per input of each file written ({rel: {key: rows}})."""
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    pieces: dict[str, object] = {}
    if frame is not None and len(frame):
        new = arrow_rows(frame, name, owners)
        if partitioned(name):
            pieces = {
                file_of(name, partition_value(p)): t
                for p, t in by_period(new, frame["period"], sort_keys(name))
            }
        else:
            pieces = {file_of(name): new}

    def write(table, path) -> None:
        pq.write_table(table, path, row_group_size=layout.ROW_GROUP, store_schema=False)

    out, pending = {}, []
    with ThreadPoolExecutor(2) as pool:  # a file's writer is one thread; Arrow releases the GIL
        for rel in sorted(set(pieces) | {rel for rel in held if rel.startswith(f"{name}/")}):
            table = _merged(root / rel, pieces.get(rel), drop, name)
            if table is None or table.num_rows == 0:
                if (root / rel).exists():
                    stage.remove.append(rel)
                continue
            pending.append(pool.submit(write, table, stage.path(rel)))
            counted = pc.value_counts(table.column(INPUT_KEY))
            out[rel] = dict(zip(counted.field(0).to_pylist(), counted.field(1).to_pylist(), strict=True))
            if len(pending) > 1:  # two files in flight at most: a merged period file may be large
                pending.pop(0).result()
        for done in pending:
            done.result()
    return out


def _merged(path: Path, new, drop: set[str], name: str):
    """The rows a period file holds after the run: its rows of inputs not dropped, and the
    new ones, sorted (None: no file and no new rows)."""
    if not path.exists():
        return new
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        old = pq.read_table(path, schema=arrow_schema(name))
    except (pa.ArrowInvalid, OSError) as exc:
        raise layout.damaged(path, exc) from None
    old = old.filter(pc.invert(pc.is_in(old.column(INPUT_KEY), pa.array(sorted(drop), pa.string()))))
    if new is None:
        return old
    both = pa.concat_tables([old, new.cast(old.schema)])
    return sorted_rows(both, sort_keys(name))


def _renamed(frame: pd.DataFrame, wider: dict[str, str]) -> pd.DataFrame:
    """``frame`` with the inputs of ``wider`` named by their wider names in ``source``
    (and findings' ``file``)."""
    if not wider or frame.empty:
        return frame
    frame = frame.copy()
    for col in ("source", "file"):
        if col in frame:
            text = frame[col].astype("string")
            for old, new in wider.items():
                mine = (text == old) | text.str.startswith(old + ", ").fillna(False)
                frame.loc[mine, col] = new + text[mine].str.slice(len(old))
    return frame


def _owners(values: pd.Series, keys_by_name: dict[str, str]) -> tuple[np.ndarray, list[str]]:
    """The input of each row, from its ``source`` text (``附件.xlsx, sheet 附件4, cell C13``
    starts with the input's name) or a findings row's ``file``: a code into the keys
    returned (-1 when no input name accounts for the row). A loaded collection's rows come
    a file at a time, one Arrow chunk each: a chunk whose every row starts with its first
    row's input name is that input's at once; any other is cut row by row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    keys = sorted(set(keys_by_name.values()))
    at = {key: i for i, key in enumerate(keys)}
    code_of = {name: at[key] for name, key in keys_by_name.items()}
    text = pa.array(values.array, pa.string()) if len(values) else pa.chunked_array([], pa.string())
    chunks = text.chunks if isinstance(text, pa.ChunkedArray) else [text]
    out = np.full(len(values), -1, dtype=np.int32)
    start = 0
    for chunk in chunks:
        n = len(chunk)
        first = chunk[0].as_py() if n else None
        name = _name_in(first, code_of)
        whole = False
        if name is not None:  # one vectorised test: every row is the name, or starts with it
            same = pc.equal(chunk, name) if first == name else pc.starts_with(chunk, name + ", ")
            whole = same.null_count == 0 and same.false_count == 0  # counted as built: no call per chunk
        if whole:
            out[start : start + n] = code_of[name]
        elif n:
            out[start : start + n] = _row_owners(chunk, code_of)
        start += n
    return out, keys


def _name_in(text: str | None, code_of: dict[str, int]) -> str | None:
    """The input name ``text`` (a source or a file name) starts with: the whole text, or
    its part before some ``, `` (a name may hold one)."""
    if text is None:
        return None
    if text in code_of:
        return text
    at = text.find(", ")
    while at >= 0:
        if text[:at] in code_of:
            return text[:at]
        at = text.find(", ", at + 1)
    return None


def _row_owners(chunk, code_of: dict[str, int]) -> np.ndarray:
    """:func:`_owners` of a chunk whose rows come from several inputs, row by row (the
    file part cut by Arrow, the rest tried at each ``, ``)."""
    import pyarrow.compute as pc

    files = pc.extract_regex(chunk, _FILE_PART).field("file")
    encoded = pc.fill_null(files, "").dictionary_encode()
    codes = np.array([code_of.get(u, -1) for u in encoded.dictionary.to_pylist()] + [-1], dtype=np.int32)
    out = codes[pc.fill_null(encoded.indices, len(encoded.dictionary)).to_numpy(zero_copy_only=False)]
    for i in np.flatnonzero(out < 0):
        name = _name_in(chunk[int(i)].as_py(), code_of)
        out[i] = -1 if name is None else code_of[name]
    return out


def _keyed(
    tables: dict[str, pd.DataFrame], keys_by_name: dict[str, str]
) -> tuple[dict[str, tuple[np.ndarray, list[str]]], str | None]:
    """Each table's row owners (codes into keys), rows no input accounts for (a Dataset
    built by hand) given the key of their content: the same rows added again replace
    themselves."""
    owners = {
        name: _owners(frame["file" if name == "findings" else "source"], keys_by_name)
        for name, frame in tables.items()
        if not frame.empty
    }
    orphans = [
        pd.util.hash_pandas_object(tables[name][codes < 0].astype(str), index=False).to_numpy()
        for name, (codes, _) in owners.items()
        if (codes < 0).any()
    ]
    if not orphans:
        return owners, None
    digest = hashlib.sha256(",".join(sorted(keys_by_name.values())).encode())
    for hashes in orphans:
        digest.update(np.sort(hashes).tobytes())
    rest = "rows-" + digest.hexdigest()[:11]
    for name, (codes, keys) in owners.items():
        if (codes < 0).any():
            codes[codes < 0] = len(keys)
            owners[name] = (codes, [*keys, rest])
    return owners, rest
