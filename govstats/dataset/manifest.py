"""The dataset folder's manifest: which inputs the folder holds, which period files hold
each one's rows and how many, and the runs that wrote them.

It is kept in parts, so that a run changes only what it touches (replacing one city-quarter
of 12,000 inputs rewrites one part of 300, not all of them):

    DIR/manifest.json              format, runs, and the index: key -> [part, path, *names]
    DIR/manifest/period=2022Q1.json  the entries of the inputs whose first period is 2022Q1
    DIR/manifest/other.json        those of inputs with no period's rows (a file unreadable)

Read back, every file is checked for the shape the writer relies on before anything is
written, so a hand-edited manifest is refused in Chinese, naming the file, and never
half-applied. A folder of format 2 (every entry in ``manifest.json``) is read as it is and
written in parts by its next run."""

from __future__ import annotations

import json
from pathlib import Path

from govstats.dataset.layout import MANIFEST
from govstats.dataset.manifest_shape import entry_problem, index_problem, runs_problem, whole_problem
from govstats.errors import UsageError
from govstats.source import Source

FORMAT = "govstats-dataset/3"
WHOLE_FORMAT = "govstats-dataset/2"  # every entry in manifest.json: read, and split by the next run
OLD_FORMAT = "govstats-dataset/1"  # publisher=/period= folders: migrated, never mixed
MIGRATE = "govstats migrate"
PARTS = "manifest"  # DIR/manifest/<part>.json
OTHER = "other"
_IN_INDEX = ("names", "path")  # an entry's fields the index holds, not its part


def part_of(files: dict) -> str:
    """The part an input's entry is kept in: its first period's (by the folder name of its
    files), :data:`OTHER` when it gave rows to no period's file."""
    periods = [rel.split("/")[1] for rel in files if rel.count("/") == 2 and "/period=" in rel]
    return min(periods) if periods else OTHER


def part_file(part: str) -> str:
    return f"{PARTS}/{part}.json"


def read(root: Path) -> dict:
    """The whole manifest of the folder ``root`` (an empty one when there is none yet):
    ``format``, ``runs`` and ``inputs`` (key -> entry), every part read and its shape
    checked: :class:`~govstats.errors.UsageError` naming the file otherwise."""
    try:
        return _whole(root)
    except UsageError:  # read while a run put its files in place (readers take no lock)?
        from govstats.dataset.committing import settled  # (govstats.load imports this module)

        settled(root)  # then once that run is whole; a manifest edited by hand says so again
        return _whole(root)


def _whole(root: Path) -> dict:
    head = _head(root, raw(root / MANIFEST))
    if head.get("format") == WHOLE_FORMAT:
        return head
    index = head["inputs"]  # in run order, as the inputs returned
    parts = {
        p: _part(root, p, _parsed(root / part_file(p)), index) for p in sorted({e[0] for e in index.values()})
    }
    inputs = {key: {"names": e[2:], "path": e[1], **parts[e[0]][key]} for key, e in index.items()}
    return {"format": FORMAT, "inputs": inputs, "runs": head["runs"]}


def _head(root: Path, manifest: object) -> dict:
    """``manifest.json`` as parsed, its format and shape checked (an empty manifest when
    there is none)."""
    path = root / MANIFEST
    if manifest is None:
        return {"format": FORMAT, "inputs": {}, "runs": []}
    fmt = manifest.get("format") if isinstance(manifest, dict) else None
    if fmt == OLD_FORMAT:
        raise old_layout(root)
    if fmt not in (FORMAT, WHOLE_FORMAT):
        raise UsageError(f"不是 govstats 数据集清单（format {fmt!r}）", Source(str(path)))
    problem = runs_problem(manifest)
    problem = problem or (whole_problem if fmt == WHOLE_FORMAT else index_problem)(manifest["inputs"])
    if problem:
        raise _wrong(path, problem)
    return manifest


def _part(root: Path, part: str, entries: object, index: dict) -> dict:
    """A part's entries as parsed, their shape checked and every input the index keeps in
    the part found there (and none it does not)."""
    path = root / part_file(part)
    entries = {"inputs": {}} if entries is None else entries  # none yet: the index says if some are missing
    if not isinstance(entries, dict) or not isinstance(entries.get("inputs"), dict):
        raise _wrong(path, "应为对象，其中 inputs 为对象（键为输入编号）")
    entries = entries["inputs"]
    for key, entry in entries.items():
        problem = entry_problem(key, entry)
        if problem is None and (index.get(key) or [None])[0] != part:
            problem = f"输入 {key} 不在 {MANIFEST} 的 inputs 中，或在其中属于另一部分"
        if problem:
            raise _wrong(path, problem)
    missing = [k for k, e in index.items() if e[0] == part and k not in entries]
    if missing:
        raise _wrong(path, f"缺少输入 {missing[0]}（{MANIFEST} 的 inputs 说它在这一部分）")
    return entries


def _wrong(path: Path, problem: str) -> UsageError:
    return UsageError(
        f"数据集清单的格式不对：{problem}；清单可能被手工改过，请恢复原来的 {path.name}，"
        "或删除整个数据集文件夹后重新导入",
        Source(str(path)),
    )


_READ: dict[str, tuple[tuple, object]] = {}


def _parsed(path: Path, *, own: bool = False) -> object:
    """The JSON of ``path`` (None when there is none): readers share one parse per version
    of the file (a folder is asked for its manifest by each step of a query); a writer
    (``own``) gets its own objects, parsed afresh (faster than a deep copy)."""
    try:
        if own:
            return json.loads(path.read_text(encoding="utf-8"))
        st = path.stat()
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        cached = _READ.get(str(path))
        if cached is None or cached[0] != stamp:
            cached = (stamp, json.loads(path.read_text(encoding="utf-8")))
            _READ[str(path)] = cached
        return cached[1]
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise UsageError(f"数据集清单无法读取（{exc}）", Source(str(path))) from None


def raw(path: Path) -> object:
    """A manifest file's JSON as read (None when there is none), parsed once per version."""
    return _parsed(path)


def old_layout(root: Path) -> UsageError:
    return UsageError(
        f"数据集文件夹 {root} 是旧版布局（publisher=…/period=…），与新版（只按 period= 分区）不能混用："
        f"请先运行 {MIGRATE} {root} 迁移（一次完成，数据不变）"
    )


class Book:
    """The manifest as a run changes it: the index and the runs whole, a part only when
    an input of it is looked up, dropped or added; :meth:`texts` are the files to commit."""

    def __init__(self, root: Path, whole: dict | None = None) -> None:
        """The manifest of ``root``, or ``whole`` (``read``'s shape) to be written in parts."""
        self.root = root
        head = whole if whole is not None else _head(root, _parsed(root / MANIFEST, own=True))
        self.runs: list[dict] = head["runs"]
        self.parts: dict[str, dict] = {}
        self.index: dict[str, list] = {}
        self.changed: set[str] = set()
        if whole is None and head["format"] == FORMAT:
            self.index = head["inputs"]
            return
        for key, entry in head["inputs"].items():  # every entry at hand: all written in parts
            part = part_of(entry.get("files", {}))
            self.parts.setdefault(part, {})[key] = _stored(entry)
            self.index[key] = [part, entry.get("path", ""), *entry.get("names", [])]
        self.changed = set(self.parts)

    def _entries_of(self, part: str) -> dict:
        if part not in self.parts:
            parsed = _parsed(self.root / part_file(part), own=True)
            self.parts[part] = _part(self.root, part, parsed, self.index)
        return self.parts[part]

    def files(self, key: str) -> dict:
        """The files (and rows) the folder's input ``key`` gave rows to."""
        return self._entries_of(self.index[key][0])[key].get("files", {})

    def drop(self, key: str) -> None:
        part = self.index[key][0]
        self._entries_of(part).pop(key)
        del self.index[key]
        self.changed.add(part)

    def put(self, key: str, entry: dict) -> None:
        part = part_of(entry["files"])
        self._entries_of(part)[key] = _stored(entry)
        self.index[key] = [part, entry["path"], *entry["names"]]
        self.changed.add(part)

    def texts(self) -> dict[str, str | None]:
        """The parts changed (None: emptied, to be removed), then ``manifest.json``."""
        out: dict[str, str | None] = {}
        for part in sorted(self.changed):
            out[part_file(part)] = _text({"inputs": self.parts[part]}) if self.parts[part] else None
        out[MANIFEST] = _text({"format": FORMAT, "inputs": self.index, "runs": self.runs})
        return out


def _stored(entry: dict) -> dict:
    return {k: v for k, v in entry.items() if k not in _IN_INDEX}


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_QUOTED = json.encoder.encode_basestring  # one string as JSON text (in C)


def _text(manifest: dict) -> str:
    """A manifest file as JSON, one input and one run a line (the C encoder, one encoder
    for all: a tenth of the time ``indent`` takes; the index's lists of text quoted
    string by string, a fifth of the time even that takes)."""
    parts = [f"{_ENCODE(k)}: {_ENCODE(v)}" for k, v in manifest.items() if k not in ("inputs", "runs")]
    inputs = manifest["inputs"]
    if "runs" in manifest:  # the index: key -> [part, path, *names], every item text
        lines = ",\n".join(f" {_QUOTED(k)}: [{', '.join(map(_QUOTED, e))}]" for k, e in inputs.items())
    else:
        lines = ",\n".join(map(" {}: {}".format, map(_ENCODE, inputs), map(_ENCODE, inputs.values())))
    parts.append(f'"inputs": {{\n{lines}\n}}')
    if "runs" in manifest:
        runs = ",\n".join(map(" {}".format, map(_ENCODE, manifest["runs"])))
        parts.append(f'"runs": [\n{runs}\n]')
    return "{\n" + ",\n".join(parts) + "\n}\n"
