"""What printed words mean: the vocabulary of the tables offices print, as data in one
place, and the small lookups on it (row markers; channels are :mod:`.channels`).

A header is not matched whole: it is read as its parts (:mod:`.headers` composes them),
so that 留言量, 总工单数 and 受理案件数 need no entry of their own. Words are matched
on :func:`normalise`'s form: NFKC, Simplified (OpenCC), no romanisation glosses, no
units in parentheses, no spaces; 總件數(shù)\\n(件) reads as 总件数.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from govstats.chinese import key, plain


def _words(line: str) -> tuple[str, ...]:
    """Words written on one line, a space between them: long lists stay readable."""
    return tuple(line.split())


NUMERALS = "一二三四五六七八九十"
"""Chinese numerals as ordinals, groups, quarters and months print them (一、, 第三季度)."""

# ---------------------------------------------------------------------------------------
# The parts of a count header: qualifier + action or state + quantity (+ a unit, removed by
# normalise). Longer words are tried before the shorter ones they contain.
# ---------------------------------------------------------------------------------------
QUALIFIERS: dict[str, tuple[str, ...]] = {
    # within the deadline
    "on_time": ("按规定时限", "规定时限内", "时限内", "按时", "按期", "及时", "如期", "限时"),
    # past it (未按时 办结 is late, as the narratives use it)
    "late": (
        "未在规定的时限内",
        "未在规定时限内",
        "未在时限内",
        "超过时限",
        "未按时",
        "未按期",
        "超期",
        "超时",
        "逾期",
        "延期",
        "超限",
    ),
    "not": ("尚未", "没有", "未能", "未", "待"),  # not (yet) done
    "ongoing": ("正在", "在"),  # 在办, 正在办理; a trailing 中 (办理中) says the same
    "done": ("已",),
    "due": ("应",),  # 应办理: items due to be handled, i.e. received
}
# Words that look like qualifiers but qualify nothing here (在线 is online, not ongoing).
IN_ALL = "共"  # 共受理: in all
NEUTRAL = ("在线", "网上", "现场", "群众", "网民", "公众", "市民", "有效", "实际", "累计", "其中", IN_ALL)
# Taking items in: receiving, being assigned, and the items themselves.
INTAKE = (
    "受理",
    "收到",
    "收件",
    "接收",
    "接到",
    "接件",
    "交办",
    "转办",
    "转派",
    "派发",
    "派遣",
    "分派",
    "承办",
    "登记",
    "提交",
    "立案",  # cases filed: 立案数 is what came in
    "来信",
    "来电",
    "来件",
    "留言",
    "诉求",
    "工单",
    "案件",
    "信件",
    "申请",
)
# Handling them: completing, answering. A lone 办 (在办, 待办) is tried last.
HANDLE = _words("办结 答复 回复 反馈 办理 结案 处理 处置 完成 办完 回应 解决 办")
QUANTITY = _words("总件数 件数 总数 总量 数量 件次 人次 数 量 件 宗 通 条 个 次 封 单")
TOTAL_PREFIX = ("合计", "总")
# Measures the contract has no field for: a header naming one is kept in ``extras``.
OTHER_MEASURES = _words(
    "满意 回访 重办 退回 退件 驳回 评价 得分 分数 排名 名次 考核 扣分 催办 督办 接通 应答 呼入 话务"
)
# What a title calls a notice or a table (…情况通报, …统计表), and the labels of an annex
# (附件1, sometimes printed 附 件 1) and of a table (表1).
REPORTED = ("通报", "情况")
COUNTED = ("报告", "统计表", "统计")
ANNEX = "附件"
TABLE = "表"
# A header ending in one of these names a whole table or section, not a column.
TITLE_HEADS = (*REPORTED, *COUNTED, "一览表", TABLE, "汇总", "分析")
# Rates: a stem + 率, or a share.
RATE_ENDS = ("率", "占比", "比例", "比率", "百分比")
RATE_KINDS: dict[str, tuple[str, ...]] = {  # which printed rates the counts can check
    "on_time": ("按时", "按期", "及时"),
    "overdue": ("超期", "逾期", "超时"),
    "completion": ("办结", "答复", "回复", "办理", "处理"),
}

# ---------------------------------------------------------------------------------------
# Who: the unit column of a handling table. Its header ends in an entity noun, or is made
# of place levels alone (市州, 旗区, 县(市、区), 乡镇).
# ---------------------------------------------------------------------------------------
ENTITY_HEADS = _words("单位 部门 名称 机构 机关 主体 地区 区域 地市 城市 辖区 镇街")
PLACE_LEVELS = "省市州盟地县区旗乡镇街道"
SEQ = ("序号", "编号", "序", "No", "NO", "No.", "NO.")

# ---------------------------------------------------------------------------------------
# Problem lists: the field a header names is its head, the noun it ends in (问题网站 is a
# website, 网站问题 a problem). 名称/名单 defer to the word before them.
# ---------------------------------------------------------------------------------------
PROBLEM_HEADS: list[tuple[str, tuple[str, ...]]] = [
    ("site_code", ("标识码", "网站代码", "网站标识", "识别码")),
    ("url", ("网址", "URL", "url", "域名", "链接", "地址")),
    ("problem", ("问题", "情形", "原因", "结果", "描述", "情况", "扣分", "说明")),
    ("account_type", ("类型", "平台", "渠道", "载体", "类别")),
    (
        "name",
        ("网站", "账号", "帐号", "公众号", "新媒体", "媒体", "微博", "头条号", "抖音号", "视频号", "栏目"),
    ),
    ("unit", ("单位", "部门", "主体", "机构", "机关")),
    ("region", ("地区", "地市", "省份", "区域", "所属地", "市州")),
]
NAMED = ("名称", "名单", "名字")

# ---------------------------------------------------------------------------------------
# Row markers.
# ---------------------------------------------------------------------------------------
TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总数")
SUBTOTAL_WORD = "小计"  # a group's total, whatever else its label says
PART_WORDS = ("其中",)  # 其中：市直单位: the part of the total above that a group makes
WHOLE_WORDS = ("全", "总")  # 全市合计, 全县总计, 总合计: the whole table's total, no group's
# A total row's label: a total word alone, a group name before or after it (市直单位小计,
# 区县合计, 小计（市直单位）), or a part word before a group name.
_TOTAL_LABEL = re.compile(
    rf"^(?:(?P<word>{'|'.join(TOTAL_WORDS)})[:(]?(?P<after>.*?)\)?"
    rf"|(?P<before>.+?)(?P<end>{'|'.join(w for w in TOTAL_WORDS if w.endswith('计'))})"
    rf"|(?P<part>{'|'.join(PART_WORDS)}):?(?P<group>.*))$"
)
_TOTAL_CHAR = re.compile("[计計总總其]")
# A table's remark lines: a label first (备注, 注：…), or a line stating the period where the
# table's figures stand empty.
REMARK_INLINE = ("统计时间",)
# A long single-cell line naming one of these, below a table's rows, is the next table's title.
NEXT_TITLE_WORDS = (ANNEX, TABLE, "名单", "情况")
NEXT_TITLE_LENGTH = 12
_GROUP = re.compile(rf"^(?:[{NUMERALS}]+|\d{{1,2}})\s*[、.．]\s*(.+)$|^\([{NUMERALS}]+\)\s*(.+)$")
REMARK = "备注"  # a table's remark line's label, sometimes printed spaced (备  注)
_REMARK = re.compile(rf"^(?:{REMARK}|注[::]|说明[::]|注释|统计时间|数据来源)")
_UNIT = re.compile(r"[(\[【](?:单位[::]?)?[件条个家次人通宗封单项篇期起名户万%‰]{1,3}[)\]】]")
_SPACES = re.compile(r"\s+")
_SLIP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def normalise(text: object) -> str:
    """Text for matching: NFKC, Simplified, no glosses, no units in parentheses, no spaces."""
    if text is None:
        return ""
    return _normalise(str(text))


# Offices print the same few hundred headers, unit names and markers on every sheet, and
# tidying asks of each cell more than once: the answers are kept.
@lru_cache(maxsize=2**16)
def _normalise(text: str) -> str:
    return _UNIT.sub("", _SPACES.sub("", plain(text)))


def name_key(text: object) -> str:
    """A name for matching names across notices: Simplified, no glosses, no spaces."""
    return key(text) if isinstance(text, str) else ""


def clean_name(text: object) -> str | None:
    """A unit or account name as printed: NFKC, trimmed, inner runs of spaces to one."""
    if text is None:
        return None
    return _clean_name(str(text))


@lru_cache(maxsize=2**16)
def _clean_name(text: str) -> str | None:
    s = unicodedata.normalize("NFKC", text)
    s = _SPACES.sub(" ", s).strip()
    # A space between two Chinese characters is a typing slip (市 教育局), never a word break.
    s = _SLIP.sub("", s)
    return s or None


def group_heading(text: str) -> str | None:
    """``一、市直单位`` → ``市直单位``: a group label numbered in Chinese numerals, the heading
    a row of figures can carry as its group's subtotal (``1.市教育局`` is a numbered unit)."""
    s = unicodedata.normalize("NFKC", text).strip()
    label = _group_label(s)
    return label if label and not s[:1].isdigit() else None


# asked of every row under a band and of lone rows: the same texts, sheet after sheet
@lru_cache(maxsize=2**14)
def group_label(text: str) -> str | None:
    """``一、市直单位`` → ``市直单位``; ``None`` when the text is no numbered group."""
    return _group_label(unicodedata.normalize("NFKC", text).strip())


def _group_label(s: str) -> str | None:
    m = _GROUP.match(s)
    if not m:
        return None
    label = (m.group(1) or m.group(2) or "").strip()
    return label if label and not re.search(r"\d{2,}", label) else None


def is_total(text: str) -> bool:
    return total_scope(text) is not None


def total_scope(text: str) -> tuple[str, str | None] | None:
    """What a total row's label totals, or ``None`` when it is no total: ``("all", None)``
    for the table (合计, 总计), ``("group", name)`` for a group's (小计, 市直单位小计 →
    市直单位, 其中：市直单位; ``name`` is ``None`` when the label names none)."""
    if not _TOTAL_CHAR.search(text):  # every total and part word has one; asked of every row
        return None
    m = _TOTAL_LABEL.match(normalise(text))
    if m is None:
        return None
    if m.group("word"):
        group = _bare(m.group("after"))
        subtotal = m.group("word") == SUBTOTAL_WORD
    else:
        group, subtotal = _bare(m.group("before") or m.group("group")), bool(m.group("part"))
    if not subtotal and (group is None or group.startswith(WHOLE_WORDS)):
        return "all", None
    return "group", group


def _bare(name: str) -> str | None:
    name = name.strip(":")
    if name.startswith("(") and name.endswith(")"):
        name = name[1:-1]
    return name or None


def states_period(text: str) -> bool:
    """Whether a line says when the table's figures were counted (本表统计时间为…)."""
    return any(w in normalise(text) for w in REMARK_INLINE)


def is_next_title(text: str) -> bool:
    """Whether a lone cell below a table's rows is the title of the next table."""
    return len(text) > NEXT_TITLE_LENGTH and any(w in text for w in NEXT_TITLE_WORDS)


def is_remark(text: str) -> bool:
    return _REMARK.match(normalise(text)) is not None
