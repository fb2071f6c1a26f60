"""The briefing's content for one publisher's period, computed and rendered as HTML pieces
the briefing notebook displays: the title, then the numbered sections that have something
to say (a section without data is left out, never filled with a placeholder). Every piece
of input text is HTML-escaped here; tables are shown through :func:`govstats.zh`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from govstats import labels
from govstats.analyse import metrics, ranking
from govstats.analyse.channels import channel_names
from govstats.analyse.drafting import covered, narrative
from govstats.analyse.offenders import repeat_offenders
from govstats.analyse.review import row_findings
from govstats.dataset import Dataset, load
from govstats.dataset.scoping import positions
from govstats.labels import period_text
from govstats.present.briefing import changes as unit_changes
from govstats.present.briefing import charts, checks, headline, rendering
from govstats.present.briefing import league as league_table
from govstats.present.briefing import lowest as lowest_units
from govstats.present.briefing import problems as problem_list
from govstats.present.briefing.rendering import Html, esc, plain_names
from govstats.present.zh import zh
from govstats.schema import of_publisher

METRIC_NAMES = headline.METRIC_NAMES
SECTIONS = {
    "summary": "总体情况",
    "handling": "办理情况",
    "lowest": "{rate}较低的单位",
    "changes": "与上期比较",
    "problems": "存在突出问题的{kinds}",
    "checks": "数据核查",
}
"""The sections in the order the briefing prints them (each numbered only when shown); the
data check, for whoever prepared the figures rather than for leaders, is the appendix."""
APPENDIX = ("checks",)
_CN = "一二三四五六七八九十"


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
    min_received: int = ranking.MIN_RECEIVED
    handling: pd.DataFrame = field(init=False)
    _leagues: dict[str, pd.DataFrame] = field(default_factory=dict, init=False, repr=False)
    _lowest: dict[str, pd.DataFrame] = field(default_factory=dict, init=False, repr=False)
    _names: dict[str, str] = field(init=False, repr=False)
    _every: Dataset = field(init=False, repr=False)  # the publisher's data of every period
    _sections: dict[str, Html] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        # what the publisher calls its channels is read from all its notices (2021Q4's says
        # only 留言; 2022Q1's annex names the 部门信箱); everything shown stops at the period
        self._every = self.dataset.scope(self.publisher, self.period, until=False)
        self.dataset = self._every.scope(self.publisher, self.period)
        h = self.dataset.handling
        self.handling = plain_names(h[of_publisher(h, self.publisher)] if len(h) else h, ["unit"])
        self._names = channel_names(self._every, self.publisher)

    # -- the title ---------------------------------------------------------------
    @property
    def title(self) -> str:
        """Who, when and what the data covers: 鹰潭市2022年第一季度政府网站与政务新媒体工作简报,
        铜川市2025年第一季度市长信箱办理情况简报."""
        kinds = covered(self.dataset, self.publisher, self.period)
        if kinds:
            what = "与".join(labels.KINDS[k] for k in kinds) + "工作简报"
        elif self.channels():
            what = "、".join(self.channel_name(c) for c in self.channels()) + "办理情况简报"
        else:
            what = "工作简报"
        return f"{self.publisher or ''}{period_text(self.period)}{what}"

    def title_html(self) -> Html:
        rows = positions(self.dataset)
        used = set(rows.loc[rows["period"].isin([self.period, self.previous]), "file"].dropna())
        files = [s.file for s in self.dataset.inputs if s.file in used]
        named = "、".join(files[:4]) + (f"等{len(files)}个文件" if len(files) > 4 else "")
        lead = f"依据：{named}" if files else ""
        if self.previous is not None:
            lead += f"；比较期：{period_text(self.previous)}"
        if self.publisher is None:
            lead += "；这些文件未写明发布单位，本简报只含其中的数据"
        return Html(f"<h1>{esc(self.title)}</h1><p class='gs-lead'>{esc(lead)}。</p>")

    # -- sections ----------------------------------------------------------------
    def sections(self) -> list[str]:
        """The keys of :data:`SECTIONS` that have something to say, in print order."""
        return [key for key in SECTIONS if self._section(key)]

    def section(self, key: str) -> list[Html]:
        """The section ``key`` with its number (一、二、… over the sections shown; the data
        check as the appendix), or nothing when it has nothing to say."""
        body = self._section(key)
        if not body:
            return []
        heading = SECTIONS[key].format(rate=self._lowest_rate_name(), kinds=self._kinds_name())
        if key in APPENDIX:
            return [
                Html(f"<section class='gs-section gs-appendix'><h2>附录　{esc(heading)}</h2>{body}</section>")
            ]
        n = [k for k in self.sections() if k not in APPENDIX].index(key)
        return [Html(f"<section class='gs-section'><h2>{_CN[n]}、{esc(heading)}</h2>{body}</section>")]

    def _section(self, key: str) -> Html:
        if key not in self._sections:
            parts = {
                "summary": lambda: [self.summary_html(), self.headline_changes(), charts.headline(self)],
                "checks": lambda: [self.findings_html(), self.totals_html()],
                "handling": lambda: [self.channel_html(c) for c in self.channels()],
                "lowest": lambda: self._lowest_parts(),
                "changes": lambda: [self.changes_html(c) + charts.changes(self, c) for c in self.channels()],
                "problems": lambda: [self.problems_html(), charts.problems(self), self.offenders_html()],
            }[key]()
            self._sections[key] = Html("".join(parts))
        return self._sections[key]

    # -- 总体情况 -----------------------------------------------------------------
    def summary_html(self) -> Html:
        try:
            text = narrative(self._every, self.period, self.publisher)
        except ValueError:  # a notice of the period with neither figures nor tables
            return Html("")
        return Html(f"<p class='gs-summary'>{esc(text)}</p>")

    def headline_trend(self) -> pd.DataFrame:
        return headline.trend(self)

    def headline_changes(self) -> Html:
        return headline.table(self)

    # -- 数据核查 -----------------------------------------------------------------
    def findings_html(self) -> Html:
        return checks.findings(self)

    def totals_html(self) -> Html:
        return checks.totals(self)

    # -- 办理情况 -----------------------------------------------------------------
    def channel_name(self, channel: str) -> str:
        """The channel as this publisher's tables or narratives name it (部门信箱, 省长信箱),
        else the generic word."""
        return self._names.get(channel, channel)

    def channel_names(self) -> dict[str, str]:
        """The names this publisher gives its channels (部门信箱), for the charts' titles."""
        return dict(self._names)

    def channels(self) -> list[str]:
        return [c for c in labels.CHANNELS if not self._current(c).empty]

    def league(self, channel: str = "mailbox") -> pd.DataFrame:
        """The channel's league table (computed once: the table, the list and the chart
        all read it)."""
        if channel not in self._leagues:
            self._leagues[channel] = ranking.league_table(self.handling, self.period, channel=channel)
        return self._leagues[channel]

    def lowest(self, channel: str = "mailbox") -> pd.DataFrame:
        """The channel's units with the lowest rate (:func:`govstats.lowest`: per tier, among
        those that received at least :attr:`min_received`, ties included): the ones the
        table marks, the chart draws in red and the list names (computed once)."""
        if channel not in self._lowest:
            self._lowest[channel] = ranking.lowest(
                self.league(channel), rate=self.rate_shown(channel), min_received=self.min_received
            )
        return self._lowest[channel]

    def unbalanced(self, channel: str = "mailbox") -> dict[str, list[str]]:
        """Units whose row the checks found wrong (市司法局: more handled than received):
        their rates are computed from figures that contradict each other."""
        return row_findings(self._current(channel), self.dataset.findings)

    def league_html(self, channel: str = "mailbox") -> Html:
        return league_table.table(self, channel)

    def channel_html(self, channel: str) -> Html:
        """A channel's table, its chart of units (or the sentence that stands for one) and its
        tiers side by side; for a message log, the working days each unit took."""
        shown = [self.league_html(channel), charts.units(self, channel), charts.tiers(self, channel)]
        return Html("".join([*shown, charts.days(self, channel)]))

    def worst_html(self, channel: str = "mailbox") -> Html:
        return lowest_units.listed(self, channel)

    def lowest_rule(self) -> Html:
        return lowest_units.rule(self)

    def _lowest_parts(self) -> list[Html]:
        parts = [self.worst_html(c) for c in self.channels()]
        return [self.lowest_rule(), *parts] if any(parts) else []

    def rate_shown(self, channel: str = "mailbox") -> str:
        """The rate the unit chart, the marks and the lowest units are by: the on-time rate,
        or the completion rate when the tables print no 按时办结 (汉中, 渭南)."""
        league = self.league(channel)
        no_on_time = league["on_time_rate"].isna().all() and league["completion_rate"].notna().any()
        return "completion_rate" if no_on_time else "on_time_rate"

    def _lowest_rate_name(self) -> str:
        shown = {self.rate_shown(c) for c in self.channels() if not self.lowest(c).empty}
        return labels.RATES["on_time_rate" if shown == {"on_time_rate"} else "completion_rate"]

    def _current(self, channel: str) -> pd.DataFrame:
        h = self.handling
        return h[(h["period"] == self.period) & (h["channel"] == channel)]

    def unit_rates(self, channel: str = "mailbox") -> pd.DataFrame:
        return metrics.rates(self._current(channel))

    def tier_rates(self, channel: str = "mailbox") -> pd.DataFrame:
        return metrics.rates(self._current(channel), by=["publisher", "period", "channel", "tier"])

    # -- 与上期比较 ---------------------------------------------------------------
    def changes(self, channel: str = "mailbox") -> pd.DataFrame:
        """Per unit, this period against the previous one (empty without previous annexes)."""
        return unit_changes.units(self, channel)

    def changes_html(self, channel: str = "mailbox") -> Html:
        return unit_changes.table(self, channel)

    # -- 问题与屡查屡犯 -------------------------------------------------------------
    def problems(self) -> pd.DataFrame:
        return problem_list.problems(self)

    def _kinds_name(self) -> str:
        kinds = [labels.KINDS[k] for k in labels.KINDS if (self.problems()["kind"] == k).any()]
        return "和".join(kinds) or "网站和政务新媒体"

    def problems_html(self) -> Html:
        return problem_list.table(self)

    def offenders(self) -> pd.DataFrame:
        r = repeat_offenders(self.dataset)
        return r[of_publisher(r, self.publisher) & (r["latest"] == self.period)]

    def offenders_html(self) -> Html:
        r = self.offenders()
        if r.empty:
            return Html("")
        columns = ["kind", "name", "periods", "streak", "in_annex", "in_narrative"]
        return Html("<h3>连续被通报</h3>" + rendering.table(zh(r[columns])))


def prepare(
    inputs="data/raw",
    period: str | pd.Period | None = None,
    previous: str | pd.Period | None = None,
    publisher: str | None = None,
    dataset: Dataset | str | Path | None = None,
    min_received: int = ranking.MIN_RECEIVED,
) -> Briefing:
    """Load ``inputs`` (or take ``dataset``: a Dataset, or the file ``govstats report``
    pickled it to, so the kernel does not read every input again) and settle the
    briefing's period (default: the latest), previous period (default: the one before
    it in the data) and publisher (default: the only one; required when several);
    ``min_received`` is the fewest a unit must receive to be among the lowest.
    Raises ``ValueError`` (in Chinese) when the publisher or the period has no data."""
    if isinstance(dataset, str | Path):
        dataset = pd.read_pickle(dataset)
    ds = dataset if dataset is not None else load(inputs)
    current, prev, publisher = ds.settle(period, previous, publisher)
    return Briefing(ds, current, prev, publisher, min_received)
