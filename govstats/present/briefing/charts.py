"""The briefing's charts, each drawn only when it has something to show: never a single
point, a single bar, or bars that are all the same (a sentence or the table says those).
Each takes the :class:`~govstats.present.briefing.sections.Briefing` ``b`` and returns the chart as
embedded HTML, the sentence that stands for it, or nothing."""

from __future__ import annotations

from govstats import labels
from govstats.present.briefing.rendering import Html, esc, figure_html
from govstats.present.charts import plot
from govstats.present.charts.notices import trend_lines


def headline(b) -> Html:
    """The narrative's figures over the periods: the panels of figures stated in two periods
    or more (a figure of one period is a row of the table above)."""
    if b.previous is None:
        return Html("")
    from govstats.analyse.trends import headline_trend

    trend = headline_trend(b.dataset.headline)
    # the chart's own rule (a figure of one period, or in another unit, is no line)
    if b.headline_trend().empty or trend_lines(trend).empty:
        return Html("")
    return figure_html(plot.headline_trend(trend, names=b.channel_names()), "通报正文主要数字变化")


def units(b, channel: str) -> Html:
    """The units' rates as bars, the lowest in red: only with two units or more whose rates
    differ; when every unit has the same rate, a sentence says so."""
    rate = b.rate_shown(channel)
    rates = b.unit_rates(channel)
    known = rates[rate].dropna()
    name = labels.RATES[rate]
    if len(known) >= 2 and known.nunique() == 1:
        return Html(f"<p>各单位{esc(name)}均为{labels.percent(float(known.iloc[0]))}。</p>")
    if len(known) < 2:
        return Html("")
    return figure_html(
        plot.on_time_by_unit(
            rates, rate, channel=channel, names=b.channel_names(), min_received=b.min_received
        ),
        f"各单位{name}",
    )


def tiers(b, channel: str) -> Html:
    """The tiers (市直单位, 区(市)) side by side: only with two tiers or more."""
    t = b.tier_rates(channel)
    if t["tier"].nunique() < 2:
        return Html("")
    return figure_html(plot.tier_comparison(t, channel=channel, names=b.channel_names()), "分类别办理情况")


def changes(b, channel: str) -> Html:
    """Each unit's on-time rate then and now: only with two units or more known in both."""
    q = b.changes(channel)
    if q.empty or (q["on_time_rate"].notna() & q["on_time_rate_prev"].notna()).sum() < 2:
        return Html("")
    return figure_html(plot.change_between(q, channel=channel, names=b.channel_names()), "按时办结率变化")


def problems(b) -> Html:
    """How many websites and accounts each problem was found in: only with two problems or more."""
    p = b.problems()
    p = p[p["said"].eq("附件") | p["problem"].notna()]  # a name the narrative gives without a kind is no kind
    kinds = p["problem"].astype("string").str.split(plot.PROBLEM_SEPARATORS, regex=True).explode()
    if kinds.str.strip().replace("", None).dropna().nunique() < 2:
        return Html("")
    return figure_html(plot.problems_by_category(p), "问题类别")


def days(b, channel: str) -> Html:
    """When the channel's figures were counted from a message log: the working days each unit
    took to answer, with the rule that counted them; only with two units or more that
    answered."""
    r = b.dataset.records
    r = r[(r["period"] == b.period) & (r["channel"] == channel)] if len(r) else r
    if r.empty:
        return Html("")
    from govstats.analyse.overdue import days_taken, deadline_days, rules_stated
    from govstats.present.charts.days import days_taken_by_unit

    taken = days_taken(r)
    if len(taken) < 2:
        return Html("")
    fig = days_taken_by_unit(taken, deadline=deadline_days(r), channel=channel, names=b.channel_names())
    rules = "；".join(rules_stated(b.dataset.findings, r))
    note = f"<p class='gs-note'>{esc('计算规则：' + rules)}</p>" if rules else ""
    return Html(figure_html(fig, "各单位答复用时（工作日）") + note)
