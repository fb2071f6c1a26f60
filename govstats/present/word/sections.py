"""The notice's sections as text: 一、总体情况 in the notice's own sentence shapes (so that
the draft reads back as the figures it was drawn from), 二、主要成效 and the overall
judgement proposed from the previous notice, 主要问题 from the period's problem lists and
its notice's own problem paragraphs (the units they name, ``mentions``), 下一步工作要求
proposed. Each paragraph is a :class:`Part`; proposals and blanks are marked for the author."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from govstats.analyse import wording
from govstats.analyse.notice_facts import Facts
from govstats.analyse.problem_types import by_kind
from govstats.labels import KINDS, RATES, period_text
from govstats.vocabulary.tables import NUMERALS

TO_WRITE = {
    "judgement": "【待起草：总体评价。无上期通报可参照，请起草人填写。】",
    "results": "【待起草：主要成效。无上期通报可参照，请起草人填写。】",
    "requirements": "【待起草：下一步工作要求。无上期通报可参照，请起草人填写。】",
}
_DONE = {"mailbox": "留言", "ogi_request": "申请", "hotline": "诉求"}


@dataclass
class Part:
    """A paragraph: ``kind`` is ``p`` (the data's), ``proposed`` (a previous notice's words,
    for the author to check) or ``todo`` (for the author to write); ``lead`` a second-level
    heading set in before the text (numbered when written)."""

    kind: str
    text: str
    lead: str = ""


@dataclass
class Section:
    heading: str
    parts: list[Part] = field(default_factory=list)


def _lead(paragraph: str) -> tuple[str, str]:
    """``(一)部分网站信息发布成效高。贵溪市…`` → (``部分网站信息发布成效高``, ``贵溪市…``)."""
    m = re.match(rf"^[(（]\s*[{NUMERALS}]+\s*[)）]\s*([^。]{{2,40}})。?(.*)$", paragraph)
    return (m.group(1).strip(), m.group(2).strip()) if m else ("", paragraph)


def _proposed(before: wording.NoticeText | None, role: str, now: pd.Period) -> list[Part]:
    section = before.role(role) if before else None
    if not section or not section.paragraphs:
        return [Part("todo", TO_WRITE[role])]
    return [
        Part("proposed", *reversed(_lead(wording.carried(p, before.period, now)))) for p in section.paragraphs
    ]


def overview(f: Facts, scope: str, annexes: list[str], before: wording.NoticeText | None) -> list[Part]:
    """一、总体情况: what was monitored and disclosed, each channel's handling and rate, each
    against the previous period's figure of the same kind, where the problem lists are,
    and the overall judgement proposed from the previous notice."""
    out = []
    when = period_text(f.period)
    if f.monitored:
        what = "和".join(f"{v:g}个{KINDS[k]}" for k, v in f.monitored.items())
        out.append(f"{when}对{scope}{what}进行在线监测。")
    if f.disclosed is not None:
        out.append(f"通过政府网站主动公开信息{f.disclosed:g}条。")
    elif f.disclosed_tiers:
        said = "，".join(f"{t}主动公开信息{v:g}条" for t, v in f.disclosed_tiers.items())
        out.append(f"通过政府网站，{said}。")
    changes = [f"监测{KINDS[k]}数量{c.words('个')}" for k, c in f.monitored_change.items()]
    changes += [f"{t or ''}主动公开信息{c.words('条')}" for t, c in f.disclosed_change.items()]
    if changes:
        out.append(f"与{period_text(f.previous)}相比，{'，'.join(changes)}。")
    paragraphs = ["".join(out)] if out else []
    for c in sorted(f.channels, key=lambda c: c.channel != "ogi_request"):
        text = c.sentence() + "。"
        if c.received_change and c.compared is None:  # like with like only: see the review note
            text += c.comparison()
        if c.rate_change:
            text += f"{c.name}{RATES[c.rate]}{c.rate_change.points()}。"
        paragraphs.append(text)
    if annexes:
        listed = "和".join(KINDS[k] for k in KINDS if f.listed.get(k))
        paragraphs.append(f"存在突出问题的{listed}名单见{'、'.join(annexes)}。")
    if not out and paragraphs:
        paragraphs[0] = f"{when}，{paragraphs[0]}"
    parts = [Part("p", p) for p in paragraphs]
    judged = wording.judgement(before.role("overview")) if before else []
    if judged:
        return [*parts, Part("proposed", wording.carried("".join(judged), before.period, f.period))]
    return [*parts, Part("todo", TO_WRITE["judgement"])]


def _named(rec: dict) -> str:
    if rec["kind"] == "new_media":
        about = "，".join(str(rec[k]) for k in ("unit", "account_type") if isinstance(rec.get(k), str))
        return f"“{rec['name']}”" + (f"（{about}）" if about else "")
    name = rec.get("name") if isinstance(rec.get("name"), str) else rec.get("url") or rec.get("site_code")
    unit = rec.get("unit")
    return str(name) + (f"（{unit}）" if isinstance(unit, str) and unit != name else "")


def _listed(rows: pd.DataFrame) -> str:
    sentences = []
    for k in KINDS:
        names = list(dict.fromkeys(_named(r) for r in rows[rows["kind"] == k].to_dict("records")))
        if names:
            sentences.append(f"{KINDS[k]}{'、'.join(names)}")
    return "；".join(sentences)


def problems(f: Facts, own: wording.NoticeText | None, mentions: pd.DataFrame) -> list[Part]:
    """主要问题: the period's notice's own problem paragraphs (the units they name), the
    problem lists' rows of the same kind beside the paragraph naming one of them, the
    other kinds after, then per channel the units with the lowest rate."""
    section = own.role("problems") if own else None
    paragraphs = [list(_lead(p)) for p in (section.paragraphs if section else [])]
    names = list(mentions["name"].dropna().unique())
    named = [{n for n in names if n in unicodedata.normalize("NFKC", body)} for _, body in paragraphs]
    parts: list[Part] = []
    for kind, rows in by_kind(f.problems) if len(f.problems) else []:
        home = next(
            (p for p, said in zip(paragraphs, named, strict=True) if said & set(rows["name"].dropna())), None
        )
        rest = rows[[not any(n in said for said in named) for n in rows["name"]]]
        if home is not None:
            if len(rest):
                home[1] += f"附件所列同类问题还有：{_listed(rest)}。"
        else:
            parts.append(Part("p", f"附件所列{_listed(rows)}。", kind or "其他问题"))
    parts = [Part("p", body, lead) for lead, body in paragraphs] + parts
    for c in f.channels:
        if c.lowest.empty:
            continue
        worst = c.lowest.to_dict("records")
        zero = [r for r in worst if float(r[c.rate]) == 0]
        some = [r for r in worst if float(r[c.rate])]
        done = "按时办结" if c.rate == "on_time_rate" else "办结"
        said = [f"{_by_tier(zero)}受理的{_DONE[c.channel]}均未{done}"] if zero else []
        if some:  # the rates are in the annex: stated once, and a unit's rate is no figure of the city's
            said.append(f"{_by_tier(some)}{RATES[c.rate]}较低，具体见附件")
        parts.append(Part("p", f"{'；'.join(said)}。", f"{c.name}{RATES[c.rate]}偏低"))
    return parts


def _by_tier(units: list[dict]) -> str:
    """The units under the tier each is ranked in (市直单位中市卫健委、市公安局，区(市)中贵溪市):
    a department and a county are lowest among their own tier, not against each other."""
    tiers: dict[str, list[str]] = {}
    for r in units:
        tier = r.get("tier")
        tiers.setdefault(tier if isinstance(tier, str) else "", []).append(r["unit"])
    return "，".join(
        f"{tier}中{'、'.join(names)}" if tier else "、".join(names) for tier, names in tiers.items()
    )


def sections(
    f: Facts, scope: str, annexes: list[str], own: wording.NoticeText | None,
    before: wording.NoticeText | None, mentions: pd.DataFrame,
) -> list[Section]:  # fmt: skip
    """The notice's first-level sections, headed as the previous notice heads them (else
    as the period's own notice does)."""

    def heading(role: str, default: str) -> str:
        said = next((t.role(role) for t in (before, own) if t and t.role(role)), None)
        return said.heading if said else default

    out = [
        Section(heading("overview", "总体情况"), overview(f, scope, annexes, before)),
        Section(heading("results", "主要成效"), _proposed(before, "results", f.period)),
    ]
    if found := problems(f, own, mentions):
        out.append(Section(heading("problems", "主要问题"), found))
    out.append(
        Section(heading("requirements", "下一步工作要求"), _proposed(before, "requirements", f.period))
    )
    return out
