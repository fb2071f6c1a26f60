"""Inputs' names, which are their identity in the tables (``source``, findings' ``file``):
two different files of one name are named with as many folders above them as tell them
apart, within one load, across loads combined, and in a dataset folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def distinct_names(items: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """Display names that tell different files apart: two files of the same name (``-i
    a/附件.xlsx b/附件.xlsx``) are named with as many folders above them as it takes
    (``a/附件.xlsx``, ``b/附件.xlsx``). A name is a file's identity in the tables (``source``,
    ``input``): shared, the rows of two files naming no city would be taken for one file's."""
    paths: dict[str, set[Path]] = {}
    for path, name in items:
        paths.setdefault(name, set()).add(path.absolute())
    wide_names: dict[Path, str] = {}
    for name, same in paths.items():
        if len(same) < 2:
            continue
        depth = name.count("/") + 1
        while True:
            depth += 1
            wider = {p: "/".join(p.parts[-depth:]) for p in same}
            if len(set(wider.values())) == len(same) or all(depth >= len(p.parts) for p in same):
                wide_names.update(wider)
                break
    return [(path, wide_names.get(path.absolute(), name)) for path, name in items]


def renamed(frame: pd.DataFrame, wider: dict[str, str]) -> pd.DataFrame:
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
