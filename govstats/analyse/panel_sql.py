"""The panel's counts and rates (:func:`govstats.analyse.panel.panel`, its rows with an
annex) as SQL that DuckDB and Spark SQL both run over a dataset folder's ``handling``
relation: the channel family composed from the printed name by the vocabulary's own words
(:data:`~govstats.vocabulary.channels.CHANNEL_FAMILIES`), one row per publisher (or unnamed
input file), period, family, channel name and channel."""

from __future__ import annotations

import os

import pandas as pd

from govstats import labels
from govstats.analyse import sql, sql_text
from govstats.vocabulary.channels import CHANNEL_FAMILIES, FAMILY_OF_CHANNEL

KEYS = ["publisher", "input", "period", "family", "channel_name", "channel"]


def _case(pairs: list[tuple[str, str]]) -> str:
    whens = " ".join(f"WHEN {cond} THEN {sql_text.quoted(value)}" for cond, value in pairs)
    return f"CASE {whens} END"


def family_sql(printed: str = "channel_raw", channel: str = "channel") -> str:
    """The family of a row: the first family whose word its printed name holds (the
    vocabulary's order), else its channel's."""
    by_name = _case(
        [
            (" OR ".join(f"{printed} LIKE {sql_text.quoted('%' + w + '%')}" for w in words), family)
            for family, words in CHANNEL_FAMILIES
        ],
    )
    by_channel = _case([(f"{channel} = {sql_text.quoted(c)}", f) for c, f in FAMILY_OF_CHANNEL.items()])
    return f"COALESCE({by_name}, {by_channel})"


def panel_sql(*, ordered: bool = True) -> str:
    """The SQL of the panel's annex rows over a relation ``handling``: ``units``, the six
    counts (missing when a row of the group lacks one) and the four rates, rows ordered by
    :data:`KEYS` (missing last)."""
    generic = _case([(f"channel = {sql_text.quoted(c)}", word) for c, word in labels.CHANNELS.items()])
    exprs = {"family": family_sql(), "channel_name": f"COALESCE(channel_raw, {generic})"}
    return sql_text.summed_rates_sql(KEYS, ordered=ordered, exprs=exprs)


def panel_counts(root: str | os.PathLike) -> pd.DataFrame:
    """The panel's annex rows of a dataset folder, computed by DuckDB out of core: the
    columns :data:`KEYS`, ``units``, the counts and the rates, as the pandas panel has them."""
    result = sql.run(panel_sql(), root)
    frame = sql.to_frame(result, KEYS, None)
    for key in KEYS:
        if key != "period":
            frame[key] = frame[key].astype("string")
    return frame
