"""Dataset folders of the earlier layout (``handling/publisher=…/period=…/part-<input>.parquet``,
one file per city, period and input) are refused by every reader and writer, never read
beside the new layout's files, and migrated by one command (``govstats migrate DIR``): the
same rows, one file per period, committed as a run is."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

from govstats import schema
from govstats.dataset import manifest as manifests
from govstats.dataset.committing import Locked, Staging, recover
from govstats.errors import UsageError
from govstats.source import Source

PathLike = str | os.PathLike


def old_files(root: Path) -> list[Path]:
    """The earlier layout's files in the folder ``root``."""
    found = []
    for name in schema.TABLES:
        base = root / name
        if base.is_dir():
            found += sorted(base.glob("publisher=*/period=*/*.parquet"))
            if "period" not in schema.COLUMNS[name]:
                found += sorted(p for p in base.glob("part-*.parquet") if p.name != "part-0.parquet")
    return found


def is_old(root: Path) -> bool:
    if any((root / name).is_dir() and any((root / name).glob("publisher=*")) for name in schema.TABLES):
        return True
    return _format(root) == manifests.OLD_FORMAT


def refuse_old(root: Path) -> None:
    """Refuse (in Chinese, naming the command) a folder of the earlier layout."""
    if root.is_dir() and is_old(root):
        raise manifests.old_layout(root)


def _format(root: Path) -> object:
    """The manifest's format, from its first line when it is where the writer puts it
    (a query need not parse the inputs of 12,000 files to learn it)."""
    try:
        with open(root / manifests.MANIFEST, encoding="utf-8", errors="replace") as f:
            head = re.match(r'\{\s*"format":\s*"([^"\\]*)"', f.read(200))
        if head:
            return head.group(1)
        data = manifests.raw(root / manifests.MANIFEST)
    except (OSError, UsageError):  # none, or unreadable: the reader that needs it says so
        return None
    return data.get("format") if isinstance(data, dict) else None


def migrate(root: PathLike) -> dict:
    """Rewrite the dataset folder ``root`` of the earlier layout in the current one (the
    same rows of the same inputs) and return the manifest's record of it; a folder already
    in the current layout is left as it is (``{"migrated": False}``)."""
    import pyarrow as pa

    from govstats.dataset.layout import FILE, INPUT_KEY, arrow_schema, file_of, partitioned

    root = Path(root)
    if not (root / manifests.MANIFEST).exists() and not old_files(root):
        raise UsageError(f"不是 govstats 数据集文件夹（其中没有 {manifests.MANIFEST}）：{root}")
    with Locked(root):
        recover(root)
        if not is_old(root):
            return {"migrated": False}
        manifest = _old_manifest(root)
        olds = old_files(root)
        groups: dict[str, list[tuple[Path, str | None]]] = {}
        for path in olds:
            table = path.relative_to(root).parts[0]
            period = path.parent.name.removeprefix("period=") if partitioned(table) else None
            publisher = path.parent.parent.name.removeprefix("publisher=") if partitioned(table) else None
            groups.setdefault(file_of(table, period), []).append((path, publisher))
        stage = Staging(root)
        try:
            counts: dict[str, dict[str, int]] = {}
            for rel, parts in sorted(groups.items()):
                table = rel.split("/", 1)[0]
                rows = pa.concat_tables([_old_part(path, publisher, table) for path, publisher in parts])
                rows = _sorted(rows, table)
                _write(rows, stage.path(rel))
                counted = _counts(rows.column(INPUT_KEY))
                counts[rel] = counted
            stage.remove = [p.relative_to(root).as_posix() for p in olds if p.name != FILE]
            for key, entry in manifest["inputs"].items():
                entry["files"] = {rel: n[key] for rel, n in counts.items() if key in n}
            record = {
                "run": len(manifest["runs"]) + 1,
                "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "migrated": True,
                "from_files": len(olds),
                "files": len(counts),
                "rows": {
                    t: sum(sum(n.values()) for r, n in counts.items() if r.startswith(f"{t}/"))
                    for t in schema.TABLES
                },
                "columns": {t: arrow_schema(t).names for t in schema.TABLES},
            }
            manifest["runs"].append(record)
            stage.commit(manifests.Book(root, manifest).texts())
        except BaseException:
            stage.discard()
            raise
    return record


def _old_manifest(root: Path) -> dict:
    """The earlier manifest, as the current one will hold it (inputs and runs kept)."""
    path = root / manifests.MANIFEST
    old: dict = {}
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"数据集清单无法读取（{exc}）", Source(str(path))) from None
    inputs = old.get("inputs") if isinstance(old, dict) and isinstance(old.get("inputs"), dict) else {}
    runs = old.get("runs") if isinstance(old, dict) and isinstance(old.get("runs"), list) else []
    kept = {k: {**e, "files": {}} for k, e in inputs.items() if isinstance(e, dict)}
    return {"format": manifests.FORMAT, "inputs": kept, "runs": [r for r in runs if isinstance(r, dict)]}


def _old_part(path: Path, publisher: str | None, table: str):
    """One file of the earlier layout with the columns it kept in its path, and its input
    (``part-<input>.parquet``), as the current layout stores rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from govstats.dataset.layout import INPUT_KEY, arrow_schema, damaged, value_of

    target = arrow_schema(table)
    try:
        rows = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise damaged(path, exc) from None
    n = rows.num_rows
    extra = {"publisher": value_of(publisher) if publisher is not None else None}
    extra[INPUT_KEY] = path.stem.removeprefix("part-")
    columns = []
    for field in target:
        if field.name in rows.column_names:
            columns.append(rows.column(field.name).cast(field.type))
        else:
            columns.append(pa.array([extra.get(field.name)] * n, field.type))
    return pa.Table.from_arrays(columns, schema=target)


def _sorted(rows, table: str):
    from govstats.dataset.layout import sort_keys
    from govstats.dataset.sorting import sorted_rows

    return sorted_rows(rows, sort_keys(table))


def _write(rows, path: Path) -> None:
    import pyarrow.parquet as pq

    from govstats.dataset import layout

    pq.write_table(rows, path, row_group_size=layout.ROW_GROUP, store_schema=False)


def _counts(column) -> dict[str, int]:
    import pyarrow.compute as pc

    counted = pc.value_counts(column)
    return dict(zip(counted.field(0).to_pylist(), counted.field(1).to_pylist(), strict=True))
