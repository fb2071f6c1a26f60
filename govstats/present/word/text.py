"""What the drafted notice says around its sections (:mod:`.sections`): title, addressees,
the annexes' titles and the reviewer's note, written from one
:class:`~govstats.analyse.notice_facts.Facts` (the briefing's summary reads the same facts)
and the publisher's notices as read. An annex without data is left out."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from govstats import labels
from govstats.analyse import wording
from govstats.analyse.notice_facts import Facts
from govstats.labels import KINDS
from govstats.present.annex import ORDER, PROBLEM_TITLES
from govstats.present.word.annexes import label_number, layout_of, title_of
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
DATE_TO_WRITE = "【成文日期】"


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


def scope(f: Facts) -> str:
    """全市, 全省 …: what the publisher's level of government covers."""
    level = _level(f.publisher)
    return level[0] if level else ""


def addressees(dataset, f: Facts) -> tuple[str, str]:
    """The addressees (主送机关) as the publisher's notices state them, the latest up to
    this period first; else worded from the annexes' groups and the level of government."""
    said = wording.addressees(dataset, f.publisher, f.period)
    if said is not None:
        return said.addressees, f"主送机关取自{said.where}"
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


def annexes(dataset, f: Facts) -> list[Annex]:
    """The annexes under the titles the publisher printed them with, in its order (附件1 …);
    a list or table it printed no title for gets the usual one, after those it numbered."""
    out = [(k, None) for k in KINDS if f.listed.get(k)] + [
        (None, c.channel) for c in channels(f) if c.from_annex
    ]
    found = []
    for kind, channel in out:
        printed = layout_of(dataset, f, kind or channel)
        usual = (
            ANNEX_TITLES.get(kind or channel)
            or f"{next(c.name for c in f.channels if c.channel == channel)}办理情况统计表"
        )
        number = label_number(printed)
        found.append((number is None, number or 0, Annex(title_of(printed) or usual, kind, channel)))
    return [a for *_, a in sorted(found, key=lambda x: x[:2])]


def annex_label(annexes: list[Annex], i: int) -> str:
    """附件1, 附件2 …; a single annex is just 附件 (GB/T 9704 §7.3.4)."""
    return "附件" if len(annexes) == 1 else f"附件{i + 1}"


def review(f: Facts, mine: pd.DataFrame, unplaced: pd.DataFrame, inferred: list[str], fonts: list[str]):
    """The reviewer's note as (heading, lines) pairs: the data's own errors (kept as
    printed), where the notice's text and the data disagree, where each figure came from,
    what was inferred or proposed, the fonts."""
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
        if c.received_change and c.compared is not None:
            lines.append(f"本稿未写与上期的比较（上期只有通报正文数字）：{c.comparison()}")
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
    out.append(("推定内容与字体", [*inferred, "成文日期请起草人填写", *fonts]))
    return out
