"""The shape the dataset folder's writer relies on in each manifest file
(:mod:`.manifest`): what is wrong, in Chinese, or None."""

from __future__ import annotations


def runs_problem(manifest: dict) -> str | None:
    """What in ``manifest.json``'s top level and ``runs`` is not the writer's shape."""
    for field in ("inputs", "runs"):
        if field not in manifest:
            return f"缺少 {field}"
    runs = manifest["runs"]
    if not isinstance(manifest["inputs"], dict):
        return f"inputs 应为对象（键为输入编号），实为 {_kind(manifest['inputs'])}"
    if not isinstance(runs, list) or not all(isinstance(r, dict) for r in runs):
        return f"runs 应为对象的列表，实为 {_kind(runs)}"
    for run in runs:
        columns = run.get("columns", {})
        if not isinstance(columns, dict) or not all(isinstance(c, list) for c in columns.values()):
            return (
                f"runs 中第{run.get('run', '?')}次的 columns 应为对象（表 → 列名列表），实为 {_kind(columns)}"
            )
    return None


def index_problem(inputs: dict) -> str | None:
    """What in the index (key -> [part, path, *names]) is not its shape; a part names a
    file of the manifest's folder (``period=…`` or ``other``), never a path elsewhere."""
    for key, e in inputs.items():  # a loop of 12,000 inputs: the common case in few steps
        if type(e) is list and len(e) > 1:
            try:
                "".join(e)  # every item text (join refuses anything else, in C)
                continue
            except TypeError:
                pass
        if not isinstance(e, list) or len(e) < 2 or not isinstance(e[0], str) or not isinstance(e[1], str):
            return f"输入 {key} 应为列表（部分、路径、名称…），实为 {_kind(e)}"
        return f"输入 {key} 的 names 应为文字的列表，实为 {_kind(e[2:])}"
    for part in {e[0] for e in inputs.values()}:
        if not (part == "other" or part.startswith("period=")) or any(c in part for c in "/\\\0"):
            key = next(k for k, e in inputs.items() if e[0] == part)
            return f"输入 {key} 的部分 {part!r} 不是清单文件夹中的文件"
    return None


def whole_problem(inputs: dict) -> str | None:
    """What in the inputs of a manifest that holds every entry (format 2) is not its shape."""
    for key, entry in inputs.items():
        problem = entry_problem(key, entry)
        if problem is None:
            names = entry.get("names", [])
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                problem = f"输入 {key} 的 names 应为文字的列表，实为 {_kind(names)}"
        if problem:
            return problem
    return None


def entry_problem(key: str, entry: object) -> str | None:
    """What in an input's entry is not its shape."""
    if not isinstance(entry, dict):
        return f"输入 {key} 应为对象，实为 {_kind(entry)}"
    files = entry.get("files", {})
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
