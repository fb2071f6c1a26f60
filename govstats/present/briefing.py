"""The briefing's content, computed and rendered as HTML pieces the briefing notebook
displays: title, summary, data-quality findings, league table, changes, worst units,
problems and repeat offenders. Every piece of input text is HTML-escaped here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from govstats import labels
from govstats.analyse import metrics, trends
from govstats.analyse.channels import channel_names
from govstats.analyse.drafting import narrative
from govstats.analyse.offenders import repeat_offenders
from govstats.chinese import plain
from govstats.dataset import Dataset, load
from govstats.labels import period_text
from govstats.present import rendering
from govstats.present.rendering import Html, esc
from govstats.schema import of_publisher

METRIC_NAMES = {**labels.METRICS, "received": "收到/受理"}  # the narrative's figures are both
_LEAGUE_COLUMNS = {
    "seq": "序号",
    "tier": "类别",
    "unit": "单位",
    "received": "受理",
    "on_time": "按时办结",
    "late_completed": "超期办结",
    "completed": "办结",  # shown when no 按时办结 is printed: else it is their sum
    "pending": "未办结",
    "overdue_pending": "超期未办结",
    "on_time_rate": "按时办结率",
    "completion_rate": "办结率",
    "rank": "排名",
}


def style_rates(table: pd.DataFrame, worst: int = 3):
    """A pandas Styler of :func:`govstats.rates` output for notebooks: rates as
    percentages, missing values as —, the ``worst`` on-time rates highlighted, text
    escaped. (A Styler's formats are for display only; ``govstats.present.export`` writes real
    Excel number formats.)"""
    rates_present = [c for c in metrics.RATES if c in table.columns]
    lowest = metrics.lowest(table, worst).index

    def mark(row: pd.Series) -> list[str]:
        return ["color: #9e1b1b; font-weight: bold" if row.name in lowest else "" for _ in row]

    return (
        table.style.format("{:.1%}", subset=rates_present, na_rep="—")
        .format(na_rep="—", escape="html", subset=[c for c in table.columns if c not in rates_present])
        .apply(mark, axis=1)
        .hide(axis="index")
    )


def _shown(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Names as leaders read them: Simplified, without the glosses mirrors insert (臨渭區(qū) →
    临渭区); the tidy tables keep them as printed."""
    return table.assign(**{c: table[c].map(lambda s: plain(s) if isinstance(s, str) else s) for c in columns})


@dataclass
class Briefing:
    """Everything the briefing shows for one publisher and period. ``dataset`` is cut down
    to that publisher's data up to the period (:meth:`Dataset.scope`): no section can show
    another city's, another file's (when no city is named) or a later period's rows or
    findings."""

    dataset: Dataset
    period: pd.Period
    previous: pd.Period | None
    publisher: str | None
    handling: pd.DataFrame = field(init=False)
    _leagues: dict[str, pd.DataFrame] = field(default_factory=dict, init=False, repr=False)
    _names: dict[str, str] = field(init=False, repr=False)
    _every: Dataset = field(init=False, repr=False)  # the publisher's data of every period

    def __post_init__(self) -> None:
        # what the publisher calls its channels is read from all its notices (2021Q4's says
        # only 留言; 2022Q1's annex names the 部门信箱); everything shown stops at the period
        self._every = self.dataset.scope(self.publisher, self.period, until=False)
        self.dataset = self._every.scope(self.publisher, self.period)
        h = self.dataset.handling
        self.handling = _shown(h[of_publisher(h, self.publisher)] if len(h) else h, ["unit"])
        self._names = channel_names(self._every, self.publisher)

    @property
    def title(self) -> str:
        who = self.publisher or ""
        return f"{who}{period_text(self.period)}政府网站与政务新媒体工作简报"

    def title_html(self) -> Html:
        lead = f"数据来源:{len(self.dataset.inputs)}个文件" + (
            f";与{period_text(self.previous)}比较" if self.previous is not None else ""
        )
        if self.publisher is None:
            files = "、".join(s.file for s in self.dataset.inputs)
            lead += f";输入未注明发布单位(标题、通报、文件名和文件夹均未写明),本简报仅含文件{files}的数据"
        return Html(f"<h1>{esc(self.title)}</h1><p class='gs-lead'>{esc(lead)}</p>")

    # -- 一、总体情况 -----------------------------------------------------------
    def summary_html(self) -> Html:
        try:
            text = narrative(self._every, self.period, self.publisher)
        except ValueError:  # a notice of the period with neither figures nor tables
            text = "本期通报未列出可汇总的数字或名单。"
        return Html(f"<p class='gs-summary'>{esc(text)}</p>")

    def headline_changes(self) -> Html:
        trend = trends.headline_trend(self.dataset.headline)
        trend = trend[(trend["period"] == self.period) & of_publisher(trend, self.publisher)]
        # In the order a notice states them: what was monitored, disclosed, then each channel.
        rank = {m: i for i, m in enumerate(METRIC_NAMES)}
        lane = {c: i for i, c in enumerate(["website", "new_media", "", *labels.CHANNELS])}
        trend = trend.assign(
            _group=[min(rank.get(m, 99), 2) for m in trend["metric"]],
            _lane=[lane.get(c, 99) for c in trend["channel"]],
            _rank=[rank.get(m, 99) for m in trend["metric"]],
        ).sort_values(["_group", "_lane", "_rank"], kind="stable")
        if trend.empty:
            return Html("<p>本期通报正文未列出可比较的数字。</p>")
        table = pd.DataFrame(
            {
                "渠道": [
                    self.channel_name(c) if c in labels.CHANNELS else labels.KINDS.get(c, "")
                    for c in trend["channel"]
                ],
                "指标": [
                    METRIC_NAMES.get(m, m) + (f"({t})" if t else "")
                    for m, t in zip(trend["metric"], trend["tier"], strict=True)
                ],
                "上期": trend["value_prev"],
                "本期": trend["value"],
                "变化": trend["change"],
                "变化率": trend["change_pct"],
            }
        )
        return rendering.table(table, percent=("变化率",), caption="通报正文数字与上期比较")

    # -- 二、数据核查 -----------------------------------------------------------
    def findings_html(self) -> Html:
        """The errors in full (category, message, where), the warnings counted by kind."""
        f = self.dataset.findings
        if f.empty:
            return Html("<p>未发现数据问题。</p>")
        errors, warnings = f[f["severity"] == "error"], f[f["severity"] == "warning"]
        head = f"<p>发现数据问题{len(errors)}项(按原表照录,未作修改)"
        if len(warnings):
            kinds = warnings["code"].map(lambda c: labels.FINDINGS.get(c, c)).value_counts()
            head += ";另有提示" + "、".join(f"{esc(k)}{n}项" for k, n in kinds.items())
        head += "。</p>"
        if errors.empty:
            return Html(head)
        table = pd.DataFrame(
            {
                "类别": errors["code"].map(lambda c: labels.FINDINGS.get(c, c)),
                "说明": errors["message"],
                "位置": errors["source"],
            }
        )
        return Html(head + rendering.table(table))

    def totals_html(self) -> Html:
        t = (
            metrics.compare_totals(self.handling, self.dataset.headline)
            if len(self.handling)
            else pd.DataFrame()
        )
        if not t.empty:
            t = t[(t["period"] == self.period) & t["narrative"].notna()]
        if t.empty:  # the narrative states no figure the annexes also give
            return Html("")
        table = pd.DataFrame(
            {
                "渠道": t["channel"].map({c: self.channel_name(c) for c in labels.CHANNELS}),
                "指标": t["metric"].map(METRIC_NAMES),
                "附件合计": t["annex"],
                "正文数字": t["narrative"],
                "差额": t["difference"],
            }
        )
        return rendering.table(table, caption="附件明细合计与通报正文数字对照")

    # -- 三、办理情况 -----------------------------------------------------------
    def channel_name(self, channel: str) -> str:
        """The channel as this publisher's tables or narratives name it (部门信箱, 省长信箱),
        else the generic word."""
        return self._names.get(channel, channel)

    def channels(self) -> list[str]:
        return [c for c in labels.CHANNELS if not self._current(c).empty]

    def channels_note(self) -> Html:
        """A line saying so when the period has no handling table at all."""
        return Html("" if self.channels() else "<p>本期没有依申请公开、信箱或热线的办理情况附件明细。</p>")

    def league(self, channel: str = "mailbox") -> pd.DataFrame:
        """The channel's league table (computed once: the table, the worst list and the
        chart all read it)."""
        if channel not in self._leagues:
            self._leagues[channel] = metrics.league_table(self.handling, self.period, channel=channel)
        return self._leagues[channel]

    def league_html(self, channel: str = "mailbox", worst: int = 3) -> Html:
        league, rate = self.league(channel), self.rate_shown(channel)
        shown = league[
            [c for c in _LEAGUE_COLUMNS if c in league and (c != "completed" or rate != "on_time_rate")]
        ]
        shown = shown.loc[:, shown.notna().any()]
        worst_units = set(metrics.lowest(league, worst, rate)["unit"])
        marked = f"({labels.RATES[rate]}最低的单位标红)" if worst_units else ""
        return rendering.table(
            shown.rename(columns=_LEAGUE_COLUMNS),
            percent=("按时办结率", "办结率"),
            caption=f"{self.channel_name(channel)}办理情况{marked}",
            marked=league["unit"].isin(worst_units),
        )

    def worst_html(self, channel: str = "mailbox", n: int = 5) -> Html:
        league, rate = self.league(channel), self.rate_shown(channel)
        lead = "" if rate == "on_time_rate" else "<p>附件未列出按时办结数,以下按办结率:</p>"
        if league[rate].isna().all():
            return Html("<p>附件未列出办结情况,无从计算办结率。</p>")
        lowest = metrics.lowest(league, n, rate)
        if lowest.empty:
            return Html(f"{lead}<p>各单位{labels.RATES[rate]}均为100%。</p>")
        worst = lowest.sort_values([rate, "received"], ascending=[True, False]).head(n)
        done = "on_time" if rate == "on_time_rate" else "completed"
        items = "".join(
            f"<li>{esc(r['unit'])}:受理{r['received']}条,{labels.COUNTS[done]}{r[done]}条,"
            f"{labels.RATES[rate]}{labels.percent(r[rate])}</li>"
            for r in worst.to_dict("records")
        )
        return Html(f"{lead}<ol class='gs-worst-list'>{items}</ol>")

    def rate_shown(self, channel: str = "mailbox") -> str:
        """The rate the unit chart, the marks and the lowest units are by: the on-time rate,
        or the completion rate when the tables print no 按时办结 (汉中, 渭南)."""
        league = self.league(channel)
        no_on_time = league["on_time_rate"].isna().all() and league["completion_rate"].notna().any()
        return "completion_rate" if no_on_time else "on_time_rate"

    def _current(self, channel: str) -> pd.DataFrame:
        h = self.handling
        return h[(h["period"] == self.period) & (h["channel"] == channel)]

    def unit_rates(self, channel: str = "mailbox") -> pd.DataFrame:
        return metrics.rates(self._current(channel))

    def tier_rates(self, channel: str = "mailbox") -> pd.DataFrame:
        return metrics.rates(self._current(channel), by=["publisher", "period", "channel", "tier"])

    # -- 四、环比 ---------------------------------------------------------------
    def changes(self, channel: str = "mailbox") -> pd.DataFrame:
        """Per unit, this period against the previous one (empty without previous annexes)."""
        if self.previous is None:
            return pd.DataFrame()
        h = self.handling[self.handling["channel"] == channel]
        h = h[h["period"].isin([self.period, self.previous])]
        if h["period"].nunique() < 2:
            return pd.DataFrame()
        from govstats.analyse.aliases import apply_aliases

        q = trends.qoq(apply_aliases(h))
        return q[q["period"] == self.period]

    def changes_html(self, channel: str = "mailbox") -> Html:
        q = self.changes(channel)
        if q.empty:
            if self.previous is None:
                return Html("<p>输入中没有更早一期的数据,与上期比较从略。</p>")
            when = period_text(self.previous)
            return Html(
                f"<p>{esc(when)}没有{self.channel_name(channel)}附件明细,单位环比从略;"
                "通报正文数字的比较见第一部分。</p>"
            )
        status = {"continuing": "", "new": "新增", "gone": "本期未列出"}
        table = pd.DataFrame(
            {
                "单位": q["unit"],
                "状态": q["status"].map(status),
                "上期受理": q["received_prev"],
                "本期受理": q["received"],
                "受理变化": q["received_change"],
                "上期按时办结率": q["on_time_rate_prev"],
                "本期按时办结率": q["on_time_rate"],
                "变化(百分点)": q["on_time_rate_change_pp"].round(1),
            }
        )
        return rendering.table(
            table,
            percent=("上期按时办结率", "本期按时办结率"),
            caption=f"{self.channel_name(channel)}各单位与{period_text(self.previous)}比较",
        )

    # -- 五、问题与屡查屡犯 -------------------------------------------------------
    def problems(self) -> pd.DataFrame:
        p = self.dataset.problems
        return _shown(
            p[(p["period"] == self.period) & of_publisher(p, self.publisher)], ["unit", "name", "problem"]
        )

    def problems_html(self) -> Html:
        p = self.problems()
        if p.empty:
            return Html("<p>本期未列出存在突出问题的网站或政务新媒体。</p>")
        table = pd.DataFrame(
            {"类别": p["kind"].map(labels.KINDS), "单位": p["unit"], "名称": p["name"], "问题": p["problem"]}
        )
        return rendering.table(table)

    def offenders_html(self) -> Html:
        r = repeat_offenders(self.dataset)
        r = r[of_publisher(r, self.publisher) & (r["latest"] == self.period)]
        if r.empty:
            return Html("<p>未发现连续多期被通报的网站或账号。</p>")
        table = pd.DataFrame(
            {
                "类别": r["kind"].map(labels.KINDS),
                "名称": r["name"],
                "被通报期次": r["periods"],
                "连续期数": r["streak"],
                "附件列出": r["in_annex"],
                "正文点名": r["in_narrative"],
            }
        )
        return rendering.table(table)


def prepare(
    inputs="data/raw",
    period: str | pd.Period | None = None,
    previous: str | pd.Period | None = None,
    publisher: str | None = None,
    dataset: Dataset | str | Path | None = None,
) -> Briefing:
    """Load ``inputs`` (or take ``dataset``: a Dataset, or the file ``govstats report``
    pickled it to, so the kernel does not read every input again) and settle the
    briefing's period (default: the latest), previous period (default: the one before
    it in the data) and publisher (default: the only one; required when several).
    Raises ``ValueError`` (in Chinese) when the publisher or the period has no data."""
    if isinstance(dataset, str | Path):
        dataset = pd.read_pickle(dataset)
    ds = dataset if dataset is not None else load(inputs)
    current, prev, publisher = ds.settle(period, previous, publisher)
    return Briefing(ds, current, prev, publisher)
