"""The period's problem websites and accounts for the briefing: the annexes' rows, then those
the narrative alone names (``mentions``). Each function takes the
:class:`~govstats.present.briefing.sections.Briefing` ``b``."""

from __future__ import annotations

import pandas as pd

from govstats import labels
from govstats.analyse.problem_types import known_kinds
from govstats.chinese import plain
from govstats.present.briefing import rendering
from govstats.present.briefing.rendering import Html, plain_names
from govstats.schema import of_publisher
from govstats.source import location


def _said(quote: str) -> object:
    """The kinds of problem the narrative's sentence that names a website or account states
    before the name or after it in the same clause (missing when none of the known kinds:
    the 出处 says where to read it)."""
    return "、".join(known_kinds(quote.split("。")[-1])) or pd.NA


def problems(b) -> pd.DataFrame:
    """The period's problem websites and accounts: the annexes' rows, then those only the
    narrative names (``mentions``: 2021Q4's notice lists its websites in its text alone)."""
    p = b.dataset.problems
    p = p[(p["period"] == b.period) & of_publisher(p, b.publisher)].assign(said="附件")
    m = b.dataset.mentions
    m = m[(m["period"] == b.period) & of_publisher(m, b.publisher)]
    listed = {(k, plain(n)) for k, n in zip(p["kind"], p["name"], strict=True) if isinstance(n, str)}
    listed |= {(k, plain(u)) for k, u in zip(p["kind"], p["unit"], strict=True) if isinstance(u, str)}
    new = [(k, plain(n)) not in listed for k, n in zip(m["kind"], m["name"], strict=True)]
    m = m[pd.Series(new, index=m.index, dtype=bool)]
    named = pd.DataFrame(
        {
            "kind": m["kind"],
            "unit": pd.NA,
            "name": m["name"],
            "problem": [_said(q) for q in m["quote"]],
            "said": m["source"].map(location),
        }
    )
    p = plain_names(p, ["unit", "name", "problem"])
    return pd.concat([p, named], ignore_index=True) if len(named) else p


def table(b) -> Html:
    p = problems(b)
    if p.empty:
        return Html("")
    table = pd.DataFrame(
        {
            "类别": p["kind"].map(labels.KINDS),
            "单位": p["unit"],
            "名称": p["name"],
            "问题": p["problem"],
            "出处": p["said"],
        }
    )
    return rendering.table(table)
