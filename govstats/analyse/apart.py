"""Rows that name no publisher are kept apart per input file: every computation that groups
by publisher adds the ``input`` key for them, so two files that name no city are never
summed, ranked or chained as if they were one."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import pandas as pd

from govstats.errors import MissingPublisherWarning
from govstats.schema import input_files


def keep_apart(table: pd.DataFrame, keys: Sequence[str], what: str) -> tuple[pd.DataFrame, list[str]]:
    """``table`` and ``keys`` with ``input`` (the file of each row without a publisher, empty
    for the others) after ``publisher`` when some rows name none, and a
    :class:`~govstats.errors.MissingPublisherWarning` saying so (unless ``table`` has its
    ``input`` column already: a caller kept it apart and said so); else both as they are."""
    keys = list(keys)
    if "publisher" not in keys or "publisher" not in table or not table["publisher"].isna().any():
        return table, keys
    files = input_files(table)
    if "input" not in table and not say_unnamed(what, files[table["publisher"].isna()]):
        return table, keys
    at = keys.index("publisher") + 1
    return table.assign(input=files), keys if "input" in keys else [*keys[:at], "input", *keys[at:]]


def say_unnamed(what: str, files: pd.Series) -> bool:
    """Warn that rows of these ``files`` name no publisher; ``False`` when no file is known
    (no ``source`` to tell them apart: they are then taken as one)."""
    names = sorted(files.dropna().unique())
    if names:
        listed = "、".join(names[:3]) + ("等" if len(names) > 3 else "")
        message = (
            f"{what}：{len(names)}个输入文件的{len(files)}行未注明发布单位（{listed}），"
            "每个文件单独计算，不与其他文件合并（input列）"
        )
    else:
        message = f"{what}：{len(files)}行未注明发布单位，也没有来源可区分其文件：按同一发布单位计算"
    warnings.warn(MissingPublisherWarning(message), stacklevel=4)
    return bool(names)
