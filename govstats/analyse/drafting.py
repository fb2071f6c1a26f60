"""What a notice states for one publisher and period, computed once from the data
(:func:`facts`), and the sentences both the briefing's summary paragraph (:func:`narrative`)
and the drafted notice's 一、总体情况 (``govstats draft``) are written with: one
computation, two renderings, so the two can never disagree."""

from __future__ import annotations

import pandas as pd

from govstats.analyse.channels import channel_names
from govstats.analyse.metrics import rates
from govstats.analyse.notice_facts import CHANNEL_WORDS, Change, ChannelFacts, Facts
from govstats.analyse.ranking import lowest
from govstats.labels import KINDS, period_text
from govstats.schema import of_publisher
from govstats.source import Source

_PARTS = ("on_time", "late_completed", "pending")
_PARTS_WITHOUT_ON_TIME = ("completed", "late_completed", "pending")  # 汉中: 办结数 only


def _known(value: object) -> bool:
    return value is not None and not pd.isna(value)


def covered(dataset, publisher: str | None, period: pd.Period) -> list[str]:
    """The kinds (website, new_media) a notice of ``publisher`` for ``period`` covers: a
    number monitored is stated for them or a problem list names some. Cheap enough for a
    title, and the one definition :class:`Facts` holds too."""
    hl = dataset.headline
    hl = hl[(hl["period"] == period) & of_publisher(hl, publisher) & hl["metric"].eq("monitored")]
    hl = hl[hl["tier"].fillna("").eq("")]  # as _totals reads the headline figures
    p = dataset.problems
    p = p[(p["period"] == period) & of_publisher(p, publisher)]
    said = set(hl["channel"].dropna()) | set(p["kind"].dropna())
    return [k for k in KINDS if k in said]


def _totals(dataset, publisher, period) -> dict[str, dict[str, dict]]:
    """Per channel, the annex's totals (``annex``) and the narrative's (``narrative``)."""
    out: dict[str, dict[str, dict]] = {}
    h = dataset.handling
    h = h[(h["period"] == period) & of_publisher(h, publisher)]
    if not h.empty:
        for rec in rates(h, by=["channel"]).to_dict("records"):
            out.setdefault(rec["channel"], {})["annex"] = rec
    hl = dataset.headline
    hl = hl[(hl["period"] == period) & of_publisher(hl, publisher) & hl["tier"].fillna("").eq("")]
    closed = set()
    for rec in hl.to_dict("records"):
        channel = rec["channel"] or ""
        figures = out.setdefault(channel, {}).setdefault("narrative", {})
        # The first figure of a kind is the notice's headline; later ones break it down. A
        # second received starts another count (唐山: 受理省派工单2917件, 已处理完毕2349件
        # after 共受理诉求284406件): what follows it is not a part of the first.
        if rec["metric"] == "received" and "received" in figures:
            closed.add(channel)
        if channel not in closed:
            figures.setdefault(rec["metric"], rec["value"])
    return out


def _disclosed_tiers(dataset, publisher, period) -> dict[str, float]:
    """市直部门主动公开信息1297条, 区(市)政府主动公开信息1817条: the first figure per tier."""
    hl = dataset.headline
    hl = hl[
        (hl["period"] == period)
        & of_publisher(hl, publisher)
        & hl["metric"].eq("disclosed")
        & hl["tier"].fillna("").ne("")
        & hl["channel"].fillna("").isin(["", "website"])
    ]
    return hl.groupby("tier", sort=False)["value"].first().to_dict()


def _listed(problems: pd.DataFrame) -> dict[str, int]:
    """Per problem-list kind, how many websites or accounts the annexes list (an account
    listed once per problem counts once; the same name on two platforms twice)."""
    what = (
        problems["account_type"].fillna("")
        + "|"
        + problems["name"].fillna(problems["url"]).fillna(problems["site_code"]).fillna("")
    )
    return what.groupby(problems["kind"]).nunique().to_dict()


def _changes(now: dict, before: dict, previous) -> dict[str, Change]:
    return {k: Change(previous, before[k], v) for k, v in now.items() if k in before}


def _channel(dataset, channel, figures, prior, names, publisher, period, previous) -> ChannelFacts | None:
    annex = figures.get("annex")
    said = figures.get("narrative", {})
    counts = annex if annex is not None else said
    if not _known(counts.get("received")):
        return None
    parts = _PARTS if _known(counts.get("on_time")) else _PARTS_WITHOUT_ON_TIME
    shown = {"received": counts["received"]} | {f: counts[f] for f in parts if _known(counts.get(f))}
    rate = next((r for r in ("on_time_rate", "completion_rate") if annex and _known(annex[r])), None)
    stated = said.get("received")
    if annex is None or stated is None or stated == annex["received"]:
        stated = None
    # Like with like: annex totals beside annex totals, else the narratives' own figures.
    source = "annex" if annex is not None and "annex" in prior else "narrative"
    then = prior.get(source) if source == "annex" else prior.get("narrative")
    here = counts if source == "annex" else said
    change = compared = rate_change = None
    if then and here and _known(then.get("received")) and _known(here.get("received")):
        change = Change(previous, float(then["received"]), float(here["received"]))
        compared = here["received"] if here["received"] != counts["received"] else None
    if rate and "annex" in prior and _known(prior["annex"].get(rate)):
        rate_change = Change(previous, float(prior["annex"][rate]), float(annex[rate]))
    h = dataset.handling
    h = h[(h["period"] == period) & of_publisher(h, publisher) & (h["channel"] == channel)]
    worst = lowest(rates(h), rate=rate) if rate and annex is not None else pd.DataFrame()
    if not worst.empty:
        done = "on_time" if rate == "on_time_rate" else "completed"
        worst = worst[["tier", "unit", "received", done, rate]]
    where = sorted(set(h["source"].dropna().map(_file_and_sheet))) if annex is not None else []
    return ChannelFacts(
        channel,
        names[channel],
        shown,
        annex is not None,
        rate,
        annex[rate] if rate else None,
        stated,
        change,
        compared,
        rate_change,
        worst,
        "、".join(where),
    )


def _file_and_sheet(source: str) -> str:
    """``a.xlsx, sheet 附件4, row 5`` → ``a.xlsx 工作表“附件4”`` (the place, in Chinese)."""
    return Source.parse(source).at().zh


def facts(dataset, period: str | pd.Period | None = None, publisher: str | None = None) -> Facts:
    """The figures a notice of ``publisher`` for ``period`` states, computed from the data
    (see :func:`narrative` for the rules). ``period`` defaults to the latest,
    ``publisher`` to the only one of that period: see :meth:`Dataset.settle`."""
    current, previous, publisher = dataset.settle(period, None, publisher)
    # that publisher's rows only (a file, when none is named); its later notices name its channels
    dataset = dataset.scope(publisher, current, until=False)
    now = _totals(dataset, publisher, current)
    before = _totals(dataset, publisher, previous) if previous is not None else {}
    names = channel_names(dataset, publisher)

    def monitored(totals):
        return {
            k: totals[k]["narrative"]["monitored"]
            for k in KINDS
            if "monitored" in totals.get(k, {}).get("narrative", {})
        }

    tiers = _disclosed_tiers(dataset, publisher, current)
    tiers_before = _disclosed_tiers(dataset, publisher, previous) if previous is not None else {}
    disclosed = now.get("website", {}).get("narrative", {}).get("disclosed")
    before_disclosed = before.get("website", {}).get("narrative", {}).get("disclosed")
    if disclosed is not None:  # the untiered figure is the one stated, so the one compared
        tiers, tiers_before = (
            {"": disclosed},
            ({"": before_disclosed} if before_disclosed is not None else {}),
        )
    channels = [
        c
        for channel in CHANNEL_WORDS
        if now.get(channel)
        and (
            c := _channel(
                dataset, channel, now[channel], before.get(channel, {}), names, publisher, current, previous
            )
        )
    ]
    p = dataset.problems
    p = p[(p["period"] == current) & of_publisher(p, publisher)]
    hl = dataset.headline
    said = hl[(hl["period"] == current) & of_publisher(hl, publisher)]
    sources = sorted(set(said["source"].dropna().map(_file_and_sheet)))
    return Facts(
        publisher,
        current,
        previous,
        monitored(now),
        _changes(monitored(now), monitored(before), previous),
        disclosed,
        {t: v for t, v in tiers.items() if t},
        _changes(tiers, tiers_before, previous),
        channels,
        _listed(p),
        p,
        sources,
        covered(dataset, publisher, current),
    )


def opening(f: Facts, *, tiers: bool = False) -> list[str]:
    """The opening clauses: ``共监测政府网站35个、政务新媒体144个`` and what was disclosed
    (untiered; with ``tiers``, each tier's figure when the notice gives them)."""
    out = []
    listed = [f"{KINDS[k]}{v:g}个" for k, v in f.monitored.items()]
    if listed:
        out.append(f"共监测{'、'.join(listed)}")
    if f.disclosed is not None:
        out.append(f"通过政府网站主动公开信息{f.disclosed:g}条")
    elif tiers and f.disclosed_tiers:
        out.append(
            "通过政府网站，" + "、".join(f"{t}主动公开信息{v:g}条" for t, v in f.disclosed_tiers.items())
        )
    return out


def listed_problems(f: Facts) -> str:
    """``政府网站1个、政务新媒体6个``, or empty when no list was loaded."""
    return "、".join(f"{KINDS[k]}{f.listed[k]}个" for k in KINDS if f.listed.get(k))


def narrative(dataset, period: str | pd.Period | None = None, publisher: str | None = None) -> str:
    """The paragraph a notice opens its handling section with.

    E.g. ``2022年第一季度，部门信箱共收到留言191条，按时办结161条，…按时办结率84.3%。``
    followed by the comparison with the previous period present in the data. Counts come
    from the annex tables where loaded, else from the narrative's own figures; a comparison
    only sets figures of the same kind side by side.

    Parameters
    ----------
    dataset : Dataset
        What was loaded.
    period : str or pandas.Period, optional
        The latest by default.
    publisher : str, optional
        The only one of that period by default (required when several): see
        :meth:`Dataset.settle`.

    Returns
    -------
    str
        The paragraph, in Chinese.
    """
    f = facts(dataset, period, publisher)
    sentences = []
    first = opening(f)
    if first:
        sentences.append(f"{period_text(f.period)}，{'，'.join(first)}。")
    for c in f.channels:
        stated = f"（通报正文为{c.stated:g}{c.unit}，以附件明细为准）" if c.stated is not None else ""
        sentences.append(c.sentence() + stated + "。")
        if c.received_change:  # the narrative's figure, said just before, is not said again
            sentences.append(c.comparison(figure=c.stated is None))
    if flagged := listed_problems(f):
        sentences.append(f"附件列出存在问题的{flagged}。")
    if not sentences:
        raise ValueError(f"no figures for {f.period}" + (f" ({f.publisher})" if f.publisher else ""))
    if not first:
        sentences[0] = f"{period_text(f.period)}，{sentences[0]}"
    return "".join(sentences)
