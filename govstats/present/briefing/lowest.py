"""The units with the lowest rate, as the briefing lists them: per tier, among the units that
received at least the stated minimum (:func:`govstats.lowest`), the rule said above them.
Each function takes the :class:`~govstats.present.briefing.sections.Briefing` ``b``."""

from __future__ import annotations

from govstats import labels
from govstats.analyse import ranking
from govstats.present.briefing.rendering import Html, esc


def listed(b, channel: str = "mailbox") -> Html:
    """The channel's lowest units under their tier, each with its figures; a row the checks
    found unbalanced says so."""
    rate = b.rate_shown(channel)
    worst = b.lowest(channel)
    if worst.empty:
        return Html("")
    done = "on_time" if rate == "on_time_rate" else "completed"
    bad = b.unbalanced(channel)
    lead = "" if rate == "on_time_rate" else "（附件未列出按时办结数，按办结率）"
    out = f"<p class='gs-caption'>{esc(b.channel_name(channel))}{lead}：</p>"
    for tier, group in worst.groupby(worst["tier"].fillna(""), sort=False):
        items = "".join(
            f"<li>{esc(r['unit'])}：受理{r['received']}条，{labels.COUNTS[done]}{r[done]}条，"
            f"{labels.RATES[rate]}{labels.percent(r[rate])}"
            + ("（该行数字不平衡，见数据核查）" if r["unit"] in bad else "")
            + "</li>"
            for r in group.to_dict("records")
        )
        head = f"<p class='gs-tier'>{esc(tier)}</p>" if tier else ""
        out += f"<div class='gs-keep'>{head}<ol class='gs-worst-list'>{items}</ol></div>"
    return Html(out)


def rule(b) -> Html:
    """The rule the lowest units follow, said above them: the minimum received, the number
    per tier, the tiers kept apart when the tables print more than one."""
    tiers = list(dict.fromkeys(t for c in b.channels() for t in b.lowest(c)["tier"].dropna() if t))
    apart = f"{'与'.join(tiers)}分别排列，" if len(tiers) > 1 else ""  # in the order the table prints them
    least = b.min_received
    return Html(
        f"<p class='gs-note gs-rule'>{esc(apart)}受理不少于{least}条的单位中{b._lowest_rate_name()}最低的"
        f"{ranking.LOWEST}个（并列的一并列出）；受理少于{least}条的单位比率受偶然因素影响较大，不列入。</p>"
    )
