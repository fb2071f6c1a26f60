"""Repeat offenders: websites and accounts named in problem lists or criticised by name
in the narrative, period after period, within each publisher."""

from __future__ import annotations

import pandas as pd

from govstats.analyse.apart import say_unnamed
from govstats.schema import input_files
from govstats.vocabulary.tables import name_key

OFFENDER_COLUMNS = (
    "publisher",
    "kind",
    "name",
    "periods",
    "n_periods",
    "streak",
    "latest",
    "in_annex",
    "in_narrative",
)


def _streak(periods: list[pd.Period]) -> int:
    """The longest run of calendar-consecutive periods."""
    best = run = 0
    prev = None
    for p in periods:
        run = run + 1 if prev is not None and p.freqstr == prev.freqstr and (p - prev).n == 1 else 1
        best = max(best, run)
        prev = p
    return best


def repeat_offenders(dataset, min_periods: int = 2) -> pd.DataFrame:
    """Every website or account listed (problem annexes) or named (narrative problem
    paragraphs) in at least ``min_periods`` periods of one publisher.

    Names are matched after removing spaces and full-width forms.

    Parameters
    ----------
    dataset : Dataset
        What was loaded.
    min_periods : int, default 2
        The fewest periods a name is listed in.

    Returns
    -------
    pandas.DataFrame
        One row per publisher, kind and name: ``periods``, ``n_periods``, ``streak`` (the
        longest run of consecutive periods), ``latest``, ``in_annex`` and ``in_narrative``
        (where each period's mention comes from); sorted by streak, then number of periods.
    """
    both = _listings(dataset)
    rows = []
    columns = list(OFFENDER_COLUMNS)
    unnamed = both["publisher"].isna()
    if unnamed.any():  # each file that names no city is its own publisher
        say_unnamed("repeat_offenders", both.loc[unnamed, "input"])
        columns.insert(1, "input")
    if both.empty:
        return pd.DataFrame(columns=columns)
    both["key"] = both["name"].map(name_key)
    for (publisher, where, kind, _), group in both.groupby(
        ["publisher", "input", "kind", "key"], dropna=False, sort=False
    ):
        periods = sorted(set(group["period"]), key=lambda p: p.start_time)
        if len(periods) < min_periods:
            continue

        def when(where: str, g=group) -> str:
            return ", ".join(
                str(p) for p in sorted(set(g.loc[g["where"] == where, "period"]), key=lambda p: p.start_time)
            )

        rows.append(
            {
                "publisher": publisher,
                "input": where,
                "kind": kind,
                "name": group["name"].iloc[-1],
                "periods": ", ".join(map(str, periods)),
                "n_periods": len(periods),
                "streak": _streak(periods),
                "latest": periods[-1],
                "in_annex": when("annex"),
                "in_narrative": when("narrative"),
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["streak", "n_periods", "name"], ascending=[False, False, True]).reset_index(
        drop=True
    )


def _listings(dataset) -> pd.DataFrame:
    """Each website or account listed in an annex or named in a narrative, with its
    publisher, input file, period, kind and where it was found; rows without a name or a
    period left out."""
    problems, mentions = dataset.problems, dataset.mentions

    def of(frame: pd.DataFrame, names: pd.Series, where: str) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "publisher": frame["publisher"],
                "input": input_files(frame),
                "period": frame["period"],
                "kind": frame["kind"],
                "name": names,
                "where": where,
            }
        )

    listed = of(problems, problems["name"].fillna(problems["unit"]), "annex")
    named = of(mentions, mentions["name"], "narrative")
    return pd.concat([listed, named], ignore_index=True).dropna(subset=["name", "period"])
