"""The researchers' panel: one tidy row per publisher, period and channel, with its counts,
the four rates, the units counted, what the city published that period (coverage) and where
each value came from. Channels are harmonised to a family (mailbox, hotline, information
request, message board) read from the printed name, which is kept beside it."""

from __future__ import annotations

import pandas as pd

from govstats import labels
from govstats.analyse.apart import say_unnamed
from govstats.analyse.metrics import RATES, rates
from govstats.analyse.periods import text_columns, with_periods
from govstats.notice.publishers import level_of
from govstats.schema import COUNT_FIELDS, input_files
from govstats.source import SOURCE_FILE
from govstats.vocabulary.channels import FAMILY_OF_CHANNEL, channel_name, family_of

KEYS: tuple[str, ...] = ("publisher", "input", "period", "family", "channel_name", "channel")
"""A panel row's key: no row sums two cities (or two unnamed files), two periods or two channels."""
SERIES: tuple[str, ...] = ("publisher", "input", "family", "channel_name", "channel")
"""One channel of one publisher over its periods: what a change over quarters follows."""
COLUMNS: tuple[str, ...] = (
    *KEYS[:2],
    "level",
    *KEYS[2:],
    "units",
    *COUNT_FIELDS,
    *RATES,
    "stated_received",
    "has_annex",
    "has_narrative",
    "has_notice",
    "published",
    "family_source",
    "source",
    "publisher_source",
    "period_source",
)
FAMILIES = labels.FAMILIES
LEVELS = labels.LEVELS
_WHERE = ("family_source", "source", "publisher_source", "period_source")


def panel(dataset) -> pd.DataFrame:
    """One row per publisher, period and channel of ``dataset`` (a :class:`~govstats.Dataset`).

    Counts and ``units`` are the channel's annex rows summed (``govstats.rates``' rules: a
    count is missing when a row lacks it), the four rates beside them. ``family`` is the
    channel's family (``mailbox``, ``hotline``, ``information_request``, ``message_board``)
    composed from its printed name ``channel_name`` (``family_source``: ``printed``), else
    from the table's channel (``channel``). Coverage: ``has_annex`` (the channel's table was
    published), ``has_narrative`` (the notice states its figures; ``stated_received``),
    ``has_notice`` (a notice of the period is held) and ``published`` (every table of the
    city's period: families and ``website``/``new_media`` lists). A named publisher gets
    a row for every period of the collection's span (per frequency) of each channel it
    ever published: a period it did not publish reads ``has_annex`` False, counts missing — a
    missing report, not a perfect one. Rows that name no publisher stay apart per input
    file (``input``); ``level`` is read from the publisher's name.

    Parameters
    ----------
    dataset : Dataset
        What was loaded (many cities, many periods).

    Returns
    -------
    pandas.DataFrame
        One row per publisher, period and channel: keys, ``family``, ``channel_name``,
        ``level``, counts, ``units``, the four rates, coverage and where each came from.
    """
    handling = text_columns(_periods(dataset.handling), ("channel", "channel_raw"))
    headline = text_columns(_periods(dataset.headline), ("channel", "metric", "tier", "quote"))
    family, name, source = _families(handling, handling["channel_raw"])
    handling = handling.assign(
        family=family, channel_name=name, family_source=source, input=input_files(handling)
    )  # once: the annex sums and the coverage both read them
    counted = _annex(handling)
    stated = _stated(headline, counted)
    out = _merge(counted, stated, on=list(KEYS), how="outer")
    for col in _WHERE:  # a channel only the narrative speaks of came from the notice
        out[col] = out[col].fillna(out.pop(f"{col}_stated")).astype("string")
    out["has_annex"] = out["units"].fillna(0).gt(0).astype(bool)
    out["has_narrative"] = out["has_narrative"].astype("boolean").fillna(False).astype(bool)
    out = _grid(out)
    cover = _coverage(dataset, handling)
    out = _merge(out, cover, on=["publisher", "input", "period"], how="left")
    out["has_notice"] = out["has_notice"].fillna(False).astype(bool)
    out["published"] = out["published"].fillna("").astype("string")
    out["level"] = out["publisher"].astype(object).map(level_of).astype("string")
    out = out.sort_values(["publisher", "input", "family", "channel_name", "period"], key=_sortable)
    out["period"] = _one_dtype(out["period"])
    text = [c for c in COLUMNS if c not in ("period", "units", "stated_received", *COUNT_FIELDS, *RATES)]
    text = [c for c in text if not c.startswith("has_")]
    return out[list(COLUMNS)].astype({c: "string" for c in text}).reset_index(drop=True)


def _families(table: pd.DataFrame, printed: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Each row's family, its channel's name and where the family was read."""
    printed, channel = printed.astype(object), table["channel"].astype(object)  # maps of text, not Arrow
    by_name = printed.map(family_of)
    family = by_name.fillna(channel.map(FAMILY_OF_CHANNEL)).astype("string")
    name = printed.fillna(channel.map(labels.CHANNELS)).astype("string")
    source = pd.Series("printed", index=table.index).where(by_name.notna(), "channel").astype("string")
    return family, name, source


def _annex(h: pd.DataFrame) -> pd.DataFrame:
    """The handling rows (with their family, channel name and input) summed per panel key,
    with the files and places they came from."""
    files = h["input"]
    if files.notna().any():
        say_unnamed("panel", files[h["publisher"].isna()])
    counted = rates(h, by=list(KEYS))
    h = h.assign(source=h["source"].astype("string").str.extract(SOURCE_FILE, expand=False))
    where = h.groupby(list(KEYS), dropna=False, observed=True, sort=False)[list(_WHERE)].agg(_joined)
    return _merge(counted, where.reset_index(), on=list(KEYS), how="left")


def _joined(values: pd.Series) -> str:
    return "；".join(sorted({str(v) for v in values.dropna()}))


def _stated(headline: pd.DataFrame, counted: pd.DataFrame) -> pd.DataFrame:
    """One row per family a city's narrative speaks of in a period, under the name its annexes
    give that family (that period, else any), else the name its quotes agree on, else the
    generic word; ``stated_received`` when the narrative states one received total for it
    (several, as a breakdown by where items came from, state none: no figure is guessed)."""
    said = headline[
        headline["channel"].isin(list(FAMILY_OF_CHANNEL))
        & headline["metric"].eq("received")
        & headline["tier"].fillna("").eq("")
    ]
    said = said.assign(input=input_files(said), family=said["channel"].astype(object).map(FAMILY_OF_CHANNEL))
    printed = said["quote"].astype(object).map(lambda q: channel_name(q) if isinstance(q, str) else None)
    said = said.assign(
        printed=printed.where(printed.map(family_of) == said["family"]),
        source=said["source"].astype("string").str.extract(SOURCE_FILE, expand=False),
        family_source="channel",
    )
    keys = ["publisher", "input", "period", "family"]
    said = _merge(said, _only_name(counted, "period"), on=keys, how="left")
    said = _merge(said, _only_name(counted), on=["publisher", "input", "family"], how="left")
    grouped = said.astype({"period": object}).groupby(keys, dropna=False, sort=False)
    first = grouped[["channel", "name_period", "name"]].first()
    generic = first["channel"].astype(object).map(labels.CHANNELS)
    name = first["name_period"].fillna(first["name"]).fillna(grouped["printed"].agg(_one)).fillna(generic)
    out = grouped[list(_WHERE)].agg(_joined).add_suffix("_stated")
    out = out.assign(
        channel_name=name.astype("string"),
        channel=first["channel"].astype("string"),
        stated_received=grouped["value"].agg(_one).round().astype("Int64"),
        has_narrative=True,
    )
    return out.reset_index()


def _one(values: pd.Series) -> object:
    """The value when the group holds one (missing ones aside), else missing."""
    known = values.dropna().unique()
    return known[0] if len(known) == 1 else None


def _only_name(counted: pd.DataFrame, *within: str) -> pd.DataFrame:
    """The one name a city's annexes give a family (in one period, with ``within``), where
    they give it one name only."""
    keys = ["publisher", "input", *within, "family"]
    names = counted.groupby(keys, dropna=False, sort=False)["channel_name"]
    only = names.agg(lambda s: s.iloc[0] if s.nunique() == 1 else None)
    return only.rename("name_period" if within else "name").reset_index()


def _grid(table: pd.DataFrame) -> pd.DataFrame:
    """Every named publisher's channel at every period of the collection's span of its
    frequency: the periods it published nothing in become rows that say so."""
    named = table[table["publisher"].notna() & table["period"].map(lambda p: isinstance(p, pd.Period))]
    if named.empty:
        return table
    freq = named["period"].map(lambda p: p.freqstr)
    spans = {f: pd.period_range(min(g), max(g), freq=f) for f, g in named["period"].groupby(freq)}
    series = named.assign(freq=freq)[[*SERIES, "freq"]].drop_duplicates()
    rows = [
        dict(zip(SERIES, s, strict=True)) | {"period": p}
        for *s, f in series.itertuples(index=False)
        for p in spans[f]
    ]
    frame = pd.DataFrame(rows, columns=[*SERIES, "period"]).astype({k: "string" for k in SERIES})
    missing = _merge(frame, table[list(KEYS)], on=list(KEYS), how="left", indicator=True)
    missing = missing[missing["_merge"] == "left_only"].drop(columns="_merge")
    if missing.empty:
        return table
    missing = missing.assign(has_annex=False, has_narrative=False)
    out = pd.concat([table, missing], ignore_index=True)
    return out


def _merge(left: pd.DataFrame, right: pd.DataFrame, **how) -> pd.DataFrame:
    """``left.merge(right, ...)`` on periods of any frequencies: matched by their text
    (2022Q1, 2022-08), which Periods of two frequencies, unlike their values, sort by."""
    if "period" not in left or "period" not in right:
        return left.merge(right, **how)
    back = {str(p): p for t in (left, right) for p in pd.unique(t["period"].dropna())}
    out = left.assign(period=_texts(left)).merge(right.assign(period=_texts(right)), **how)
    return out.assign(period=out["period"].map(back).astype(object))


def _texts(table: pd.DataFrame) -> pd.Series:
    return table["period"].astype(object).map(lambda p: str(p) if isinstance(p, pd.Period) else None)


def _periods(table: pd.DataFrame) -> pd.DataFrame:
    """``table``'s periods as Period objects of any frequency: the tables of one dataset
    may differ in dtype (months among one table's quarters, quarters only in another)."""
    return with_periods(table).astype({"period": object})


def _one_dtype(values: pd.Series) -> object:
    from govstats.schema import _period_column

    return _period_column(list(values))


def _coverage(dataset, handling: pd.DataFrame) -> pd.DataFrame:
    """Per publisher (or unnamed file) and period: whether a notice is held, and every table
    published (channel families, problem lists). ``handling`` has its rows' family and input."""
    parts = []
    h = handling.assign(what=handling["family"])
    parts.append(h[["publisher", "input", "period", "what"]])
    problems = _periods(dataset.problems)
    parts.append(problems.assign(input=input_files(problems), what=problems["kind"])[list(parts[0].columns)])
    notices = _periods(dataset.notices)
    parts.append(notices.assign(input=input_files(notices), what="notice")[list(parts[0].columns)])
    every = pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)
    every["input"] = every["input"].astype("string")
    order = {w: i for i, w in enumerate([*FAMILIES, *labels.KINDS])}
    grouped = every.dropna(subset=["what"]).groupby(
        ["publisher", "input", "period"], dropna=False, sort=False
    )["what"]
    out = grouped.agg(
        lambda s: ",".join(sorted({w for w in s if w != "notice"}, key=lambda w: (order.get(w, 99), w)))
    )
    notice = grouped.agg(lambda s: bool((s == "notice").any()))
    return pd.DataFrame({"published": out, "has_notice": notice}).reset_index()


def _sortable(column: pd.Series) -> pd.Series:
    """Sort keys for any column: periods by their start, text as text, missing last."""
    if column.name == "period":
        return column.map(lambda p: p.start_time if isinstance(p, pd.Period) else pd.Timestamp.max)
    return column.astype("string")
