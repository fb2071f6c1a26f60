"""The figures a notice states, as types: a change against the previous period
(:class:`Change`), one channel's handling (:class:`ChannelFacts`) and all of a notice's
figures (:class:`Facts`), each with the words it is printed in. :mod:`.drafting` computes them."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from govstats.labels import COUNTS, RATES, percent, period_text

CHANNEL_WORDS = {  # after the channel's name: lead of the sentence, subject of the comparison, measure word
    "mailbox": ("共收到留言", "收到留言", "条"),
    "ogi_request": ("共受理申请", "申请", "件"),
    "hotline": ("共受理诉求", "诉求", "件"),
}


@dataclass(frozen=True)
class Change:
    """A figure of this period beside the previous period's figure of the same kind."""

    previous: pd.Period
    before: float
    now: float

    def words(self, unit: str) -> str:
        """``增加43条（增长28.9%）``, ``减少18件（下降94.7%）`` or ``持平``."""
        diff = self.now - self.before
        if diff == 0:
            return "持平"
        word = "增加" if diff > 0 else "减少"
        rel = (
            f"（{'增长' if diff > 0 else '下降'}{abs(diff) / self.before * 100:.1f}%）" if self.before else ""
        )
        return f"{word}{abs(diff):g}{unit}{rel}"

    def points(self) -> str:
        """A rate's change: ``由80.0%提高到84.3%（提高4.3个百分点）``."""
        pp = round((self.now - self.before) * 100, 1)
        if pp == 0:
            return f"与上期持平（{percent(self.now)}）"
        word = "提高" if pp > 0 else "下降"
        return f"由{percent(self.before)}{word}到{percent(self.now)}（{word}{abs(pp):.1f}个百分点）"


@dataclass(frozen=True)
class ChannelFacts:
    """One channel's figures: the counts shown (annex totals where loaded, else the
    narrative's), the rate, the narrative's received when the annex sums otherwise, the
    comparison with the previous period and the units with the lowest rate."""

    channel: str
    name: str
    counts: dict[str, float]
    from_annex: bool
    rate: str | None = None
    rate_value: float | None = None
    stated: float | None = None
    received_change: Change | None = None
    compared: float | None = None  # the received the comparison used, when not counts["received"]
    rate_change: Change | None = None
    lowest: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    source: str = ""

    @property
    def unit(self) -> str:
        return CHANNEL_WORDS[self.channel][2]

    def sentence(self) -> str:
        """``部门信箱共收到留言191条，按时办结161条，…，按时办结率84.3%`` (no full stop)."""
        lead, _, unit = CHANNEL_WORDS[self.channel]
        text = f"{self.name}{lead}{self.counts['received']:g}{unit}"
        for name, value in self.counts.items():
            if name != "received":
                text += f"，{COUNTS[name]}{value:g}{unit}"
        if self.rate is not None:
            text += f"，{RATES[self.rate]}{percent(self.rate_value)}"
        return text

    def comparison(self, *, figure: bool = True) -> str:
        """``与2021年第四季度（149条）相比，部门信箱收到留言增加43条（增长28.9%），按通报正文192条计。``
        (``figure=False``: ``…，按通报正文计。``, after a sentence that has said the narrative's
        figure already)."""
        c, (_, subject, unit) = self.received_change, CHANNEL_WORDS[self.channel]
        stated = f"{c.now:g}{unit}" if figure else ""
        basis = f"，按通报正文{stated}计" if self.compared is not None else ""
        return (
            f"与{period_text(c.previous)}（{c.before:g}{unit}）相比，{self.name}{subject}"
            f"{c.words(unit)}{basis}。"
        )


@dataclass(frozen=True)
class Facts:
    """Everything a notice of ``publisher`` for ``period`` states, from the data: websites
    and accounts monitored, items disclosed (untiered and by tier), each channel's
    handling, the websites and accounts listed with problems, and the previous period's
    figures of the same kinds."""

    publisher: str | None
    period: pd.Period
    previous: pd.Period | None
    monitored: dict[str, float]
    monitored_change: dict[str, Change]
    disclosed: float | None
    disclosed_tiers: dict[str, float]
    disclosed_change: dict[str, Change]  # by tier; "" for the untiered figure
    channels: list[ChannelFacts]
    listed: dict[str, int]
    problems: pd.DataFrame = field(repr=False)
    sources: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # see covered()

    @property
    def empty(self) -> bool:
        return not (self.monitored or self.disclosed is not None or self.disclosed_tiers) and not (
            self.channels or self.listed
        )
