"""A draft of the notice's narrative paragraph in Chinese, written from the data, with
the comparison with the previous period when the data has one."""

from __future__ import annotations

import pandas as pd

from govstats.analyse.channels import channel_names
from govstats.analyse.metrics import rates
from govstats.labels import COUNTS, KINDS, RATES, percent, period_text
from govstats.schema import of_publisher

_CHANNEL = {  # after the channel's name: lead of the sentence, subject of the comparison, measure word
    "mailbox": ("共收到留言", "收到留言", "条"),
    "ogi_request": ("共受理申请", "申请", "件"),
    "hotline": ("共受理诉求", "诉求", "件"),
}
_PARTS = ("on_time", "late_completed", "pending")
_PARTS_WITHOUT_ON_TIME = ("completed", "late_completed", "pending")  # 汉中: 办结数 only


def _known(value: object) -> bool:
    return value is not None and not pd.isna(value)


def _change(now: float, before: float, unit: str) -> str:
    diff = now - before
    if diff == 0:
        return "持平"
    word = "增加" if diff > 0 else "减少"
    rel = f"({'增长' if diff > 0 else '下降'}{abs(diff) / before * 100:.1f}%)" if before else ""
    return f"{word}{abs(diff):g}{unit}{rel}"


def _totals(dataset, publisher, period) -> dict[str, dict[str, float]]:
    """Per channel, the annex's totals (``annex``) and the narrative's (``narrative``)."""
    out: dict[str, dict[str, float]] = {}
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


def _listed(dataset, publisher, period) -> dict[str, int]:
    """Per problem-list kind, how many websites or accounts the annexes list (an account
    listed once per problem counts once; the same name on two platforms twice)."""
    p = dataset.problems
    p = p[(p["period"] == period) & of_publisher(p, publisher)]
    what = p["account_type"].fillna("") + "|" + p["name"].fillna(p["url"]).fillna(p["site_code"]).fillna("")
    return what.groupby(p["kind"]).nunique().to_dict()


def narrative(dataset, period: str | pd.Period | None = None, publisher: str | None = None) -> str:
    """The paragraph a notice opens its handling section with, e.g. ``2022年第一季度,部门
    信箱共收到留言191条,按时办结161条,…按时办结率84.3%。`` followed by the comparison
    with the previous period present in the data. Counts come from the annex tables
    where loaded, else from the narrative's own figures; a comparison only sets figures
    of the same kind side by side. ``period`` defaults to the latest, ``publisher`` to
    the only one of that period (required when several): see :meth:`Dataset.settle`."""
    current, previous, publisher = dataset.settle(period, None, publisher)
    now = _totals(dataset, publisher, current)
    before = _totals(dataset, publisher, previous) if previous is not None else {}
    names = channel_names(dataset, publisher)

    sentences = []
    monitored = [(k, now.get(k, {}).get("narrative", {}).get("monitored")) for k in KINDS]
    listed = [f"{KINDS[k]}{v:g}个" for k, v in monitored if v is not None]
    opening = [f"共监测{'、'.join(listed)}"] if listed else []
    disclosed = now.get("website", {}).get("narrative", {}).get("disclosed")
    if disclosed is not None:
        opening.append(f"通过政府网站主动公开信息{disclosed:g}条")
    if opening:
        sentences.append(f"{period_text(current)},{','.join(opening)}。")
    for channel, (lead, subject, unit) in _CHANNEL.items():
        figures = now.get(channel)
        if not figures:
            continue
        annex = figures.get("annex")
        counts = annex if annex is not None else figures.get("narrative", {})
        if not _known(counts.get("received")):
            continue
        name = names[channel]
        text = f"{name}{lead}{counts['received']:g}{unit}"
        for field in _PARTS if _known(counts.get("on_time")) else _PARTS_WITHOUT_ON_TIME:
            if _known(value := counts.get(field)):
                text += f",{COUNTS[field]}{value:g}{unit}"
        rate = next((r for r in ("on_time_rate", "completion_rate") if annex and _known(annex[r])), None)
        if rate:
            text += f",{RATES[rate]}{percent(annex[rate])}"
        stated = figures.get("narrative", {}).get("received")
        if annex is not None and stated is not None and stated != annex["received"]:
            text += f"(通报正文为{stated:g}{unit},以附件明细为准)"
        sentences.append(text + "。")
        prior = before.get(channel, {})
        source = "annex" if annex is not None and "annex" in prior else "narrative"
        then = prior.get(source) if source == "annex" else prior.get("narrative")
        here = counts if source == "annex" else figures.get("narrative", {})
        if then and here and then.get("received") is not None and here.get("received") is not None:
            basis = (
                f",按通报正文{here['received']:g}{unit}计" if here["received"] != counts["received"] else ""
            )
            sentences.append(
                f"与{period_text(previous)}({then['received']:g}{unit})相比,{name}{subject}"
                f"{_change(here['received'], then['received'], unit)}{basis}。"
            )
    listed_problems = _listed(dataset, publisher, current)
    flagged = [f"{KINDS[k]}{listed_problems[k]}个" for k in KINDS if listed_problems.get(k)]
    if flagged:
        sentences.append(f"附件列出存在问题的{'、'.join(flagged)}。")
    if not sentences:
        raise ValueError(f"no figures for {current}" + (f" ({publisher})" if publisher else ""))
    if not opening:
        sentences[0] = f"{period_text(current)},{sentences[0]}"
    return "".join(sentences)
