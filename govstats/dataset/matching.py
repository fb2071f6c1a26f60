"""Which inputs of a run are which of the dataset folder's: an input's key (its content
hash), its manifest entry, the folder's inputs it replaces (the same bytes, or the same file
on disk since edited) and the wider name it is shown under when another input of the folder
has its name."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from govstats.source import file_name_text


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


def entries(inputs: Sequence, index: dict) -> tuple[dict[str, dict], dict[str, str], dict[str, str]]:
    """The manifest entry of each input (a Dataset's ``InputStatus``) by key (its content
    hash), the key of each input name (``index``: the folder's, as :func:`replaced`'s), and the inputs to be shown under a wider name: a
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
    return found, keys_by_name, _wider(found, keys_by_name, index)


def replaced(index: dict, found: dict) -> list[str]:
    """The keys of the folder's inputs (its manifest's index: key -> [part, path, *names])
    these replace: the same bytes, or the same file on disk since edited (when it still
    reads)."""
    paths = {e["path"] for e in found.values() if e["path"] and e.get("error") is None}
    return sorted(k for k, e in index.items() if k in found or (e[1] and e[1] in paths))


def _wider(found: dict, keys_by_name: dict[str, str], index: dict) -> dict[str, str]:
    """New names (by old name) for inputs of this run whose name an input of the folder
    that they do not replace already has."""
    gone = set(replaced(index, found))
    taken: dict[str, str] = {}  # name -> path of the folder's input named so
    for key, e in index.items():
        if key not in gone:
            for name in e[2:]:
                taken[name] = e[1] or name
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
