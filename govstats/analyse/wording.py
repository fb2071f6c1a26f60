"""A notice's own words, as its text (``notices.text``) prints them: the addressees (主送),
the opening, and the first-level sections with their paragraphs, each section known by
what its heading says (总体情况, 主要成效, 主要问题, 下一步工作要求). A draft proposes the
previous notice's words for what data cannot say (:func:`previous`) and keeps its own
period's problem paragraphs (:func:`own`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from govstats.labels import period_text
from govstats.schema import of_publisher
from govstats.source import Source
from govstats.vocabulary.notices import AS_FOLLOWS, SECTION_ROLES
from govstats.vocabulary.tables import ANNEX, NUMERALS

_FIRST = re.compile(rf"^([{NUMERALS}]+)\s*[、.．]\s*(.+)$")
_SECOND = re.compile(rf"^[(（]\s*([{NUMERALS}]+)\s*[)）]\s*")
_ADDRESSEES = re.compile(r"^[^。：:]{4,200}：$")
_ANNEXES = re.compile(r"^" + r"\s*".join(ANNEX) + r"\s*[\d０-９]?\s*：")
_QUARTERS = NUMERALS[:4]
# a page's half-width punctuation in Chinese text, as the document prints it (not 1,297)
_PUNCTUATION = re.compile(r"(?<=[^\x00-\x7f])([,;:!?])|([,;:!?])(?=[^\x00-\x7f])")
_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}


@dataclass
class Section:
    """A first-level section: its heading as printed (without 一、), its role and paragraphs."""

    heading: str
    role: str | None
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class NoticeText:
    """A notice's own words: where it was printed, its period, addressees, opening, sections."""

    source: str
    period: pd.Period
    addressees: str | None = None
    opening: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def role(self, role: str) -> Section | None:
        return next((s for s in self.sections if s.role == role), None)

    @property
    def where(self) -> str:
        """``2021年第四季度通报（yingtan-2021Q4-notice-head.txt 第10行）``."""
        return f"{period_text(self.period)}通报（{Source.parse(self.source).zh}）"


def _role(heading: str) -> str | None:
    return next((role for role, words in SECTION_ROLES if any(w in heading for w in words)), None)


def split(text: str, source: str, period: pd.Period) -> NoticeText:
    """The parts of a notice's text (one paragraph a line), up to its list of annexes."""
    out = NoticeText(source, period)
    for raw in text.splitlines():
        line = _PUNCTUATION.sub(lambda m: _FULL[m.group(1) or m.group(2)], raw.strip())
        if not line:
            continue
        if _ANNEXES.match(line):
            break
        if m := _FIRST.match(line):
            heading = m.group(2).strip().rstrip("。")
            out.sections.append(Section(heading, _role(heading)))
        elif out.sections:
            out.sections[-1].paragraphs.append(line)
        else:
            out.opening.append(line)
    head, out.opening = out.opening, []
    for n, line in enumerate(head):  # 主送 ends with ： before the first sentence; above it, a page's lines
        if "。" in line or AS_FOLLOWS in line:
            out.opening = head[n:]
            break
        if _ADDRESSEES.match(line):
            out.addressees, out.opening = line[:-1], head[n + 1 :]
            break
    if not out.sections:  # no numbered sections: the lines are the whole text, not an opening
        out.opening = []
    return out


def _notices(dataset, publisher: str | None, period: pd.Period) -> pd.DataFrame:
    n = dataset.notices
    n = n[of_publisher(n, publisher) & n["text"].notna()]
    same = [isinstance(p, pd.Period) and p.freqstr == period.freqstr for p in n["period"]]
    return n[pd.Series(same, index=n.index, dtype=bool)]


def own(dataset, publisher: str | None, period: pd.Period) -> NoticeText | None:
    """The text of the notice of ``publisher`` for ``period`` itself, when it was loaded."""
    n = _notices(dataset, publisher, period)
    n = n[[p == period for p in n["period"]]]
    return split(n["text"].iloc[-1], n["source"].iloc[-1], period) if len(n) else None


def previous(dataset, publisher: str | None, period: pd.Period) -> NoticeText | None:
    """The text of the latest notice of ``publisher`` before ``period`` (same frequency)."""
    n = _notices(dataset, publisher, period)
    n = n[[p < period for p in n["period"]]]
    if not len(n):
        return None
    last = max(range(len(n)), key=lambda i: n["period"].iloc[i])
    return split(n["text"].iloc[last], n["source"].iloc[last], n["period"].iloc[last])


def addressees(dataset, publisher: str | None, period: pd.Period) -> NoticeText | None:
    """The publisher's notice nearest ``period`` that states its addressees: the latest up
    to it, else the earliest after it."""
    n = _notices(dataset, publisher, period)
    at = list(n["period"])
    order = sorted(
        range(len(at)), key=lambda i: (at[i] > period, -at[i].ordinal if at[i] <= period else at[i].ordinal)
    )
    for i in order:
        said = split(n["text"].iloc[i], n["source"].iloc[i], n["period"].iloc[i])
        if said.addressees:
            return said
    return None


def carried(line: str, before: pd.Period, now: pd.Period) -> str:
    """A line of the notice of ``before`` said of ``now``: its period and the one before it
    moved on (2021年第四季度 → 2022年第一季度; 与第三季度相比 → 与第四季度相比)."""
    pairs = {period_text(before): period_text(now), period_text(before - 1): period_text(now - 1)}
    if before.freqstr.startswith("Q"):
        pairs[f"第{_QUARTERS[(before - 1).quarter - 1]}季度"] = f"第{_QUARTERS[(now - 1).quarter - 1]}季度"
        pairs[f"第{_QUARTERS[before.quarter - 1]}季度"] = f"第{_QUARTERS[now.quarter - 1]}季度"
    pattern = re.compile("|".join(re.escape(k) for k in sorted(pairs, key=len, reverse=True)))
    return pattern.sub(lambda m: pairs[m.group()], line)


def judgement(section: Section | None) -> list[str]:
    """The sentences of an overview that state no figure: the notice's overall judgement
    (政府网站与政务新媒体总体良好，需在…进一步加强)."""
    if section is None:
        return []
    out = []
    for p in section.paragraphs:
        for sentence in re.findall(r"[^。]+。?", p):
            if not re.search(r"\d", sentence) and len(sentence) > 8:
                out.append(sentence.strip())
    return out
