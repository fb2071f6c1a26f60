"""The kinds of problem a notice groups the websites and accounts it lists by. Publishers
word the same problem differently (栏目不更新, 未及时更新, 首页面长时间未更新); the kinds
follow the national inspection indicators (国办秘函〔2019〕19号) every such list is checked
against, so a new wording of a known kind lands in its kind, and a kind not here keeps the
words it was printed with."""

from __future__ import annotations

import re

import pandas as pd

from govstats.vocabulary.problems import PROBLEM_TYPES

_KINDS = [(name, re.compile(pattern)) for name, pattern in PROBLEM_TYPES]
_CLAUSES = re.compile(r"[,，;；、。]")


def kinds_of(problem: str | None) -> list[str]:
    """The kinds one printed problem names, in the order it names them (首页面大量内容无法
    访问,多个栏目为空白 → 页面或功能无法正常使用, 存在空白栏目); a clause of no known kind
    is its own kind, as printed."""
    out: list[str] = []
    for clause in _CLAUSES.split(problem or ""):
        clause = clause.strip()
        if not clause:
            continue
        kind = next((name for name, pattern in _KINDS if pattern.search(clause)), clause)
        if kind not in out:
            out.append(kind)
    return out


def known_kinds(text: str | None) -> list[str]:
    """Only the kinds of :data:`PROBLEM_TYPES` that ``text`` (a narrative's sentence, not a
    printed problem) names, in order; its other clauses are not problems of their own."""
    return [k for k in kinds_of(text) if k in dict(PROBLEM_TYPES)]


def by_kind(problems: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """``problems`` (rows of the problems table) grouped by kind, kinds in the order the
    list first names them; a row naming two kinds is in both. Rows with no problem
    printed are under ``""``."""
    groups: dict[str, list[int]] = {}
    for i, problem in enumerate(problems["problem"].tolist()):
        for kind in kinds_of(None if pd.isna(problem) else problem) or [""]:
            groups.setdefault(kind, []).append(i)
    return [(kind, problems.iloc[rows]) for kind, rows in groups.items()]
