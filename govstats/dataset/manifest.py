"""The dataset folder's manifest: which inputs the folder holds, which period files hold
each one's rows and how many, and the runs that wrote them. Read back, it is checked for the
shape the writer relies on before anything is written, so a hand-edited manifest is refused
in Chinese, naming itself, and never half-applied."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from govstats.dataset.layout import MANIFEST
from govstats.errors import UsageError
from govstats.source import Source, file_name_text

FORMAT = "govstats-dataset/2"
OLD_FORMAT = "govstats-dataset/1"  # publisher=/period= folders: migrated, never mixed
MIGRATE = "govstats migrate"


def empty() -> dict:
    return {"format": FORMAT, "inputs": {}, "runs": []}


def read(root: Path, *, to_change: bool = False) -> dict:
    """The manifest of the folder ``root`` (an empty one when there is none yet), its shape
    checked: :class:`~govstats.errors.UsageError` naming the manifest otherwise. Readers
    share one parsed copy; a writer (``to_change``) gets its own."""
    path = root / MANIFEST
    manifest = _own(path) if to_change else raw(root)
    if manifest is None:
        return empty()
    fmt = manifest.get("format") if isinstance(manifest, dict) else None
    if fmt == OLD_FORMAT:
        raise old_layout(root)
    if fmt != FORMAT:
        raise UsageError(f"不是 govstats 数据集清单（format {fmt!r}）", Source(str(path)))
    problem = _shape_problem(manifest)
    if problem:
        raise UsageError(
            f"数据集清单的格式不对：{problem}；清单可能被手工改过，请恢复原来的 {MANIFEST}，"
            "或删除整个数据集文件夹后重新导入",
            Source(str(path)),
        )
    return manifest


def _own(path: Path) -> object:
    """The manifest parsed for a writer, its own objects (parsed once, never cached:
    faster than a deep copy of 12,000 inputs; None when there is none)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise UsageError(f"数据集清单无法读取（{exc}）", Source(str(path))) from None


_READ: dict[str, tuple[tuple, object]] = {}


def raw(root: Path) -> object:
    """The manifest's JSON as read (None when there is none), parsed once per version of
    the file: a folder of 12,000 inputs is asked for it by each step of a query."""
    path = root / MANIFEST
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"数据集清单无法读取（{exc}）", Source(str(path))) from None
    stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
    cached = _READ.get(str(path))
    if cached is None or cached[0] != stamp:
        try:
            cached = (stamp, json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise UsageError(f"数据集清单无法读取（{exc}）", Source(str(path))) from None
        _READ[str(path)] = cached
    return cached[1]


def old_layout(root: Path) -> UsageError:
    return UsageError(
        f"数据集文件夹 {root} 是旧版布局（publisher=…/period=…），与新版（只按 period= 分区）不能混用："
        f"请先运行 {MIGRATE} {root} 迁移（一次完成，数据不变）"
    )


def _shape_problem(manifest: dict) -> str | None:
    """What in ``manifest`` is not the shape the writer relies on (None: nothing)."""
    inputs, runs = manifest.get("inputs"), manifest.get("runs")
    for field in ("inputs", "runs"):
        if field not in manifest:
            return f"缺少 {field}"
    if not isinstance(inputs, dict):
        return f"inputs 应为对象（键为输入编号），实为 {_kind(inputs)}"
    if not isinstance(runs, list) or not all(isinstance(r, dict) for r in runs):
        return f"runs 应为对象的列表，实为 {_kind(runs)}"
    for run in runs:
        columns = run.get("columns", {})
        if not isinstance(columns, dict) or not all(isinstance(c, list) for c in columns.values()):
            return (
                f"runs 中第{run.get('run', '?')}次的 columns 应为对象（表 → 列名列表），实为 {_kind(columns)}"
            )
    for key, entry in inputs.items():
        if not isinstance(entry, dict):
            return f"输入 {key} 应为对象，实为 {_kind(entry)}"
        names, files = entry.get("names", []), entry.get("files", {})
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            return f"输入 {key} 的 names 应为文字的列表，实为 {_kind(names)}"
        if not isinstance(files, dict):
            return f"输入 {key} 的 files 应为对象（文件 → 行数），实为 {_kind(files)}"
        for rel, rows in files.items():
            if not _inside(rel) or not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
                return f"输入 {key} 的 files 中 {rel!r}: {rows!r} 不是数据集内的文件和行数"
        for field in ("path", "sha256", "format"):
            if not isinstance(entry.get(field, ""), str):
                return f"输入 {key} 的 {field} 应为文字，实为 {_kind(entry[field])}"
    return None


def _inside(rel: str) -> bool:
    """A file of the folder: relative, no ``..``, under a table's folder."""
    parts = [p for p in rel.split("/") if p not in ("", ".")]  # PurePosixPath's parts, without its cost
    return bool(rel) and not rel.startswith("/") and ".." not in parts and "\\" not in rel and len(parts) >= 2


def _kind(value: object) -> str:
    return {type(None): "null", list: "列表", dict: "对象", str: "文字"}.get(
        type(value), type(value).__name__
    )


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def write_text(manifest: dict) -> str:
    """The manifest as JSON, one input and one run a line (the C encoder, one encoder for
    all: a folder of 12,000 inputs is written in a tenth of the time ``indent`` takes)."""
    head = {k: v for k, v in manifest.items() if k not in ("inputs", "runs")}
    parts = [f"{_ENCODE(k)}: {_ENCODE(v)}" for k, v in head.items()]
    inputs = manifest["inputs"]
    lines = ",\n".join(map(" {}: {}".format, map(_ENCODE, inputs), map(_ENCODE, inputs.values())))
    runs = ",\n".join(map(" {}".format, map(_ENCODE, manifest["runs"])))
    parts += [f'"inputs": {{\n{lines}\n}}', f'"runs": [\n{runs}\n]']
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _file_sha256(path: Path) -> str:
    """The content hash of the regular file at ``path``; empty for anything else, and for
    a file that cannot be read (under a folder that cannot be entered, without permission):
    its input is reported unreadable, the others are still added."""
    try:
        if not path.is_file():
            return ""
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return ""


def entry(path: str = "", sha: str = "") -> dict:
    return {"names": [], "path": path, "sha256": sha, "bytes": 0, "files": {}}


def entries(inputs: Sequence, known: dict) -> tuple[dict[str, dict], dict[str, str], dict[str, str]]:
    """The manifest entry of each input (a Dataset's ``InputStatus``) by key (its content
    hash), the key of each input name, and the inputs to be shown under a wider name: a
    name another input of the folder already has (two ``附件.csv`` of two offices, each
    naming no city) gets as many folders above it as tell the two apart, so their rows are
    never taken for one file's."""
    found: dict[str, dict] = {}
    keys_by_name: dict[str, str] = {}
    for status in inputs:
        sha = _file_sha256(status.path)
        key = sha[:16] or hashlib.sha256(os.fsencode(status.path)).hexdigest()[:16]
        keys_by_name[status.file] = key
        e = found.setdefault(key, entry(file_name_text(os.path.abspath(status.path)), sha))
        e["names"].append(status.file)
        e |= {"bytes": status.path.stat().st_size if sha else 0, "format": status.format}
        e["error"] = str(status.error) if status.error else None
    return found, keys_by_name, _wider(found, keys_by_name, known)


def replaced(known: dict, found: dict) -> list[str]:
    """The keys of the folder's inputs these replace: the same bytes, or the same file on
    disk since edited (when it still reads)."""
    paths = {e["path"] for e in found.values() if e["path"] and e.get("error") is None}
    return sorted(k for k, e in known.items() if k in found or (e.get("path") and e["path"] in paths))


def _wider(found: dict, keys_by_name: dict[str, str], known: dict) -> dict[str, str]:
    """New names (by old name) for inputs of this run whose name an input of the folder
    that they do not replace already has."""
    gone = set(replaced(known, found))
    taken: dict[str, str] = {}  # name -> path of the folder's input named so
    for key, e in known.items():
        if key not in gone:
            for name in e.get("names", []):
                taken[name] = e.get("path") or name
    out = {}
    for name, key in keys_by_name.items():
        other = taken.get(name)
        mine = found[key]["path"]
        if other is None or not mine or other == mine:
            continue
        ours, theirs = Path(mine).parts, Path(other).parts
        depth = name.count("/") + 1
        while depth < len(ours) and "/".join(ours[-depth:]) == "/".join(theirs[-depth:]):
            depth += 1
        wide = "/".join(ours[-depth:])
        while wide in taken and depth < len(ours):  # a third file of the name, said before
            depth += 1
            wide = "/".join(ours[-depth:])
        out[name] = wide
    return out
