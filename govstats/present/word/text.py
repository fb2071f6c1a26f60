"""What the drafted notice says, as text: title, addressees, the sections and their
paragraphs, the annexes' titles and the reviewer's note, all written from one
:class:`~govstats.analyse.drafting.Facts` (the briefing's summary reads the same facts).
A section or annex without data is left out, never filled with a placeholder."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from govstats import labels
from govstats.analyse.drafting import Facts, listed_problems, opening
from govstats.analyse.problem_types import by_kind
from govstats.labels import COUNTS, KINDS, RATES, percent, period_text
from govstats.present.annex import ORDER, PROBLEM_TITLES
from govstats.schema import of_publisher
from govstats.source import Source, location

_LEVELS = (
    # a publisher's name ends with → scope, its government's office, the governments under it,
    # its departments (the addressees of a notice when its own tables do not name them)
    ("自治区", "全区", "人民政府办公厅", "各市、县（区）人民政府", "自治区政府各部门"),
    ("省", "全省", "人民政府办公厅", "各市、县（区）人民政府", "省政府各部门"),
    ("市", "全市", "人民政府办公室", "各县（市、区）人民政府", "市政府各部门"),
    ("州", "全州", "人民政府办公室", "各县（市）人民政府", "州政府各部门"),
    ("区", "全区", "人民政府办公室", "各镇人民政府、街道办事处", "区政府各部门"),
    ("县", "全县", "人民政府办公室", "各乡镇人民政府", "县政府各部门"),
    ("旗", "全旗", "人民政府办公室", "各苏木乡镇人民政府", "旗政府各部门"),
)
# a handling table's group of the governments under the publisher: 区(市), 县(市、区), 县区
_LOWER_TIER = re.compile(r"^[市区县镇乡旗()（）、]+$")
ANNEX_TITLES = {**PROBLEM_TITLES, "ogi_request": "依申请公开处理情况统计表"}
TO_WRITE = "【待起草：请结合本期主要问题，提出下一步工作要求；印发前删除本提示。】"
DATE_TO_WRITE = "【成文日期】"


@dataclass
class Section:
    """A first-level section: its heading (without the number) and its parts, each a
    paragraph ``("p", text)``, a second-level heading ``("h2", text)`` or a paragraph for
    the author to write ``("todo", text)``."""

    heading: str
    parts: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Annex:
    """One annex: its title and either a problem list (``kind``) or a channel's table."""

    title: str
    kind: str | None = None
    channel: str | None = None


def _level(publisher: str | None):
    for suffix, *words in _LEVELS:
        if publisher and publisher.endswith(suffix):
            return words
    return None


def issuer(dataset, f: Facts) -> tuple[str | None, str]:
    """The issuing office and where it came from: the words before 关于 in the publisher's
    latest notice title up to this period, else the office its level of government has."""
    n = dataset.notices
    n = n[of_publisher(n, f.publisher) & n["title"].notna()]
    same = [isinstance(p, pd.Period) and p.freqstr == f.period.freqstr and p <= f.period for p in n["period"]]
    n = n[pd.Series(same, index=n.index, dtype=bool)]
    for title, source in zip(n["title"][::-1], n["source"][::-1], strict=True):
        who = title.split("关于", 1)[0].strip()
        if "关于" in title and 2 <= len(who) <= 30:
            return who, f"发文机关“{who}”取自通报标题（{Source.parse(source).zh}）"
    level = _level(f.publisher)
    if level:
        who = f"{f.publisher}{level[1]}"
        return who, f"发文机关“{who}”为按{f.publisher}行政级别推定的写法，请核对"
    return None, "输入未载明发布单位，标题未写发文机关、文末未署名：请补写"


def addressees(dataset, f: Facts) -> tuple[str, str]:
    """The addressees (主送机关) and how they were worded."""
    level = _level(f.publisher)
    h = dataset.handling
    tiers = pd.unique(h.loc[of_publisher(h, f.publisher), "tier"].dropna())
    lower = [t for t in tiers if _LOWER_TIER.match(t)]
    if level is None:
        return "各有关单位", "输入未载明发布单位，主送机关写作“各有关单位”，请按本单位惯例修改"
    under = f"各{lower[0]}人民政府" if lower else level[2]
    how = f"按附件分组“{lower[0]}”" if lower else f"按{f.publisher}行政级别"
    return f"{under}，{level[3]}", f"主送机关{how}拟定，请按本单位惯例核对"


def subject(f: Facts) -> str:
    """What the notice is about: 全市政府网站及政务新媒体检查情况, 市长信箱办理情况."""
    kinds = f.kinds
    if kinds:
        level = _level(f.publisher)
        return f"{level[0] if level else ''}{'及'.join(KINDS[k] for k in kinds)}检查情况"
    return f"{'、'.join(c.name for c in channels(f))}办理情况"


def channels(f: Facts) -> list:
    return sorted(f.channels, key=lambda c: ORDER.index(c.channel) if c.channel in ORDER else len(ORDER))


def annexes(f: Facts) -> list[Annex]:
    out = [Annex(ANNEX_TITLES[k], kind=k) for k in KINDS if f.listed.get(k)]
    for c in channels(f):
        if c.from_annex:
            out.append(Annex(ANNEX_TITLES.get(c.channel, f"{c.name}办理情况统计表"), channel=c.channel))
    return out


def annex_label(annexes: list[Annex], i: int) -> str:
    """附件1, 附件2 …; a single annex is just 附件 (GB/T 9704 §7.3.4)."""
    return "附件" if len(annexes) == 1 else f"附件{i + 1}"


def overview(f: Facts, annexes: list[Annex]) -> list[str]:
    """The paragraphs of 一、总体情况: what was monitored and disclosed, each channel's
    handling and rate, each against the previous period's figure of the same kind."""
    paragraphs = []
    first = opening(f, tiers=True)
    if first:
        text = f"{period_text(f.period)}，{'，'.join(first)}。"
        changes = [f"监测{KINDS[k]}数量{c.words('个')}" for k, c in f.monitored_change.items()]
        changes += [f"{t or ''}主动公开信息{c.words('条')}" for t, c in f.disclosed_change.items()]
        if changes:
            text += f"与{period_text(f.previous)}相比，{'，'.join(changes)}。"
        paragraphs.append(text)
    for c in channels(f):
        text = c.sentence() + "。"
        if c.received_change:
            text += c.comparison()
        if c.rate_change:
            text += f"{c.name}{RATES[c.rate]}{c.rate_change.points()}。"
        paragraphs.append(text)
    if flagged := listed_problems(f):
        refs = [annex_label(annexes, i) for i, a in enumerate(annexes) if a.kind]
        paragraphs.append(f"本期检查发现存在突出问题的{flagged}（名单见{'、'.join(refs)}）。")
    if not first and paragraphs:
        paragraphs[0] = f"{period_text(f.period)}，{paragraphs[0]}"
    return paragraphs


def _named(rec: dict) -> str:
    if rec["kind"] == "new_media":
        about = "，".join(str(rec[k]) for k in ("unit", "account_type") if isinstance(rec.get(k), str))
        return f"“{rec['name']}”" + (f"（{about}）" if about else "")
    name = rec.get("name") if isinstance(rec.get("name"), str) else rec.get("url") or rec.get("site_code")
    unit = rec.get("unit")
    return str(name) + (f"（{unit}）" if isinstance(unit, str) and unit != name else "")


def problems(f: Facts) -> list[tuple[str, str]]:
    """二、主要问题: the listed websites and accounts by kind of problem, then per channel
    the units with the lowest rate; empty when the data has neither."""
    parts: list[tuple[str, str]] = []
    for kind, rows in by_kind(f.problems):
        sentences = []
        for k in KINDS:
            mine = rows[rows["kind"] == k].to_dict("records")
            names = list(dict.fromkeys(_named(r) for r in mine))
            if names:
                sentences.append(f"{KINDS[k]}{len(names)}个：{'、'.join(names)}。")
        parts += [("h2", kind or "其他问题"), ("p", "".join(sentences))]
    for c in channels(f):
        if c.lowest.empty:
            continue
        done = "on_time" if c.rate == "on_time_rate" else "completed"
        units = "、".join(
            f"{r['unit']}（受理{r['received']}{c.unit}，{COUNTS[done]}{r[done]}{c.unit}，"
            f"{RATES[c.rate]}{percent(r[c.rate])}）"
            for r in c.lowest.to_dict("records")
        )
        parts += [
            ("h2", f"{c.name}{RATES[c.rate]}偏低"),
            ("p", f"{c.name}{RATES[c.rate]}较低的单位：{units}。"),
        ]
    return parts


def sections(f: Facts, annexes: list[Annex]) -> list[Section]:
    out = [Section("总体情况", [("p", p) for p in overview(f, annexes)])]
    if found := problems(f):
        out.append(Section("主要问题", found))
    out.append(Section("下一步工作要求", [("todo", TO_WRITE)]))
    return out


def review(f: Facts, mine: pd.DataFrame, unplaced: pd.DataFrame, inferred: list[str], fonts: list[str]):
    """The reviewer's note as (heading, lines) pairs: the data's own errors (kept as
    printed), where each figure came from, what was inferred, the fonts used."""
    out = []
    errors = mine[mine["severity"] == "error"]
    lines = [
        f"{i}.【{labels.FINDINGS.get(e['code'], e['code'])}】{e['message']}（位置：{location(e['source'])}）"
        for i, e in enumerate(errors.to_dict("records"), start=1)
    ]
    for c in channels(f):
        if c.stated is not None:
            lines.append(
                f"本稿正文和附件的{c.name}数字均为附件明细合计（{c.counts['received']:g}{c.unit}），"
                f"原通报正文为{c.stated:g}{c.unit}：请核实后统一。"
            )
    dropped = mine["code"] == "xml-illegal-character"  # this document's own change to the text
    lines.extend(f"{e['message']}（位置：{location(e['source'])}）" for e in mine[dropped].to_dict("records"))
    warnings = mine[(mine["severity"] == "warning") & ~dropped]["code"].map(
        lambda c: labels.FINDINGS.get(c, c)
    )
    if len(warnings):
        counted = "、".join(f"{k}{n}项" for k, n in warnings.value_counts().items())
        lines.append(f"另有提示：{counted}（govstats validate 列出全部）。")
    for e in unplaced.to_dict("records"):
        lines.append(f"未计入本稿的输入：{e['message']}（{location(e['source'])}）")
    if lines:
        out.append(("数据核查发现的问题（按原表照录，未作修改）", lines))
    sources = [f"监测数量、主动公开信息等数字：通报正文（{'；'.join(f.sources)}）"] if f.sources else []
    for c in channels(f):
        where = f"附件明细各单位合计（{c.source}）" if c.from_annex else "通报正文"
        sources.append(f"{c.name}：{where}")
    if len(f.problems):
        files = sorted({location(str(Source.parse(s).at())) for s in f.problems["source"].dropna()})
        sources.append(f"存在问题的网站和政务新媒体：附件名单（{'；'.join(files)}）")
    out.append(("数字来源", sources))
    out.append(("推定内容与字体", [*inferred, "成文日期请起草人填写", *(f"字体：{x}" for x in fonts)]))
    return out
