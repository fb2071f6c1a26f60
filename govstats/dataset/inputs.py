"""The input files of a load: files and folders as given, folders walked for the files in
them, each with the name it is shown by (its identity in the tables)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from govstats.dataset.layout import MANIFEST
from govstats.dataset.manifest import FORMAT as DATASET_FORMAT
from govstats.dataset.model import distinct_names
from govstats.errors import UsageError
from govstats.outputs import OUTPUT_MARKER  # a folder holding it is an output, never an input
from govstats.source import file_name_text

PathLike = str | os.PathLike


def expand_inputs(paths: PathLike | Iterable[PathLike]) -> list[tuple[Path, str]]:
    """Input files as ``(path, display name)``; folders are walked, sorted.

    In a folder, hidden files and Markdown (a README beside the data) are skipped, and so
    is a subfolder govstats wrote its outputs to (tables: it holds ``.govstats-output``; a
    dataset folder: its ``manifest.json`` says so), so that a run never reads its own
    outputs back as inputs; a file or folder named explicitly is always read (govstats'
    own tables read back as they were written). Display names are relative to the folder,
    a name's bytes that are not UTF-8 shown as ``\\xb8``. Whatever is not a regular file (a
    FIFO, a device, a broken link, a file under a folder that cannot be entered) and every
    subfolder that cannot be listed is kept, to be reported as unreadable; a subfolder
    that cannot be listed is named with a trailing ``/``.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = list(paths)
    out: list[tuple[Path, str]] = []
    for raw in paths:
        if not os.fspath(raw):
            raise UsageError("输入路径为空")
        path = Path(raw)
        try:
            is_dir = path.is_dir()
            there = is_dir or path.exists() or path.is_symlink()
        except OSError:  # a folder above it cannot be entered: opening it says why
            is_dir, there = False, True
        if is_dir:
            out.extend(_walk(path))
        elif there:
            out.append((path, path.name))
        else:
            raise UsageError(f"没有这个文件或文件夹：{file_name_text(os.fspath(raw))}")
    if not out:
        raise UsageError("其中没有输入文件：" + "、".join(file_name_text(os.fspath(p)) for p in paths))
    return [(path, file_name_text(name)) for path, name in distinct_names(out)]


def _is_output(folder: Path) -> bool:
    """Whether ``folder`` is one govstats wrote: tables (their marker) or a dataset folder
    (its manifest says so, whatever else it holds yet)."""
    try:
        if (folder / OUTPUT_MARKER).is_file():
            return True
        with open(folder / MANIFEST, "rb") as fh:
            return DATASET_FORMAT.split("/")[0].encode() in fh.read(4096)  # any version of it
    except OSError:  # no manifest, or a folder that cannot be entered: walking it says why
        return False


def _walk(root: Path) -> list[tuple[Path, str]]:
    """Every input under ``root``, sorted as paths; linked folders are followed once.

    The folders are walked from an explicit stack, not by recursion: a tree as deep as the
    file system allows is read like a flat one."""
    found: list[tuple[Path, str]] = []
    seen: set[tuple[int, int]] = set()
    with contextlib.suppress(OSError):  # a root that cannot be entered is said when listed
        st = root.stat()
        seen.add((st.st_dev, st.st_ino))
    stack = [(root, "")]  # each folder with its name relative to root (``a/b/``), as text
    while stack:
        here, prefix = stack.pop()
        try:
            with os.scandir(here) as it:
                entries = list(it)
        except OSError:
            found.append((here, prefix or "./"))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            sub = here / name
            if not _is_folder(entry):
                if not name.lower().endswith(".md"):
                    found.append((sub, prefix + name))
                continue
            if _is_output(sub):
                continue
            try:
                st = sub.stat()
            except OSError:  # a link to a folder that is gone: reported like a broken file link
                found.append((sub, prefix + name))
                continue
            if (st.st_dev, st.st_ino) not in seen:  # a link back up the tree is walked once
                seen.add((st.st_dev, st.st_ino))
                stack.append((sub, prefix + name + "/"))
    return sorted(found, key=_as_path)


def _as_path(item: tuple[Path, str]) -> list[str]:
    """The order of ``Path(name)``: by its parts, without case on Windows (as pathlib
    compares); a Path made per file only to be sorted was half of this walk."""
    return (item[1].lower() if os.name == "nt" else item[1]).split("/")


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # links followed
    except OSError:
        return False
