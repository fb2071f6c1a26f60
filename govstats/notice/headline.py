"""Headline figures: the statistics a notice's narrative states, each classified by
channel, metric and tier, with its verbatim quote.

A figure is a number followed by a measure word (个, 家, 条, 件, 期 …) or a percent sign.
Dates, document numbers, ordinals, durations and numbers inside names never carry such
a word, so they are left out by construction rather than by a list of exceptions.
"""

from __future__ import annotations

import bisect
import re

from govstats.chinese import plain_with_map
from govstats.source import Source

# What a count can be measured in: items, letters (封), calls (通), cases (宗), people (名,
# 人次), visits (件次), points (分), households, issues. Each excludes the words it begins
# (个月 is a duration, 分别 "respectively", 通报 a notice, 名单 a list, 单位 a unit).
MEASURES = {
    "%": "",
    "个百分点": "",
    "百分点": "",
    "万人次": "",
    "万件": "",
    "万条": "",
    "万人": "",
    "余件": "",
    "余条": "",
    "多件": "",
    "多条": "",
    "人次": "",
    "件次": "",
    "个": "月|工作日|小时|季度|星期|自然日|年度|百分点",
    "家": "",
    "条": "",
    "件": "",
    "期": "间|限",
    "次": "",
    "项": "目",
    "篇": "",
    "人": "员|民",
    "宗": "",
    "封": "",
    "通": "报|知|过|道|用|讯|信",
    "名": "单|称|次|义",
    "分": "钟|别|之|局|公司|中心|队|院|行|类|成|享|批|级",
    "户": "籍|口",
    "单": "位",
    "份": "",
    "日": "内|起|前|后|至|期|常|均|报",
}
# A number after these words, or before these, is a rule or a bound (不足70%, 达到90%以上),
# never a figure; a change after these is a fall or a rise.
BOUND_BEFORE = (
    "不足",
    "低于",
    "高于",
    "不少于",
    "不低于",
    "不高于",
    "不超过",
    "少于",
    "多于",
    "小于",
    "大于",
    "超过",
    "未达到",
    "不到",
    "原则上",
)
BOUND_AFTER = ("以上", "以下", "以内", "及以上", "及以下")
FALL = ("下降", "减少", "降低", "回落", "下滑", "降幅")
RISE = ("上升", "增加", "提高", "增长", "提升", "增幅")
# A count printed bare (超期办结4,) is read only right after one of these, in a sentence
# whose other figures give its measure word.
BARE_AFTER = ("办结", "受理", "收到", "回复", "答复", "办理", "转办", "交办", "处理", "工单", "诉求", "信件")

_UNITS = "|".join(
    f"{re.escape(word)}(?!{exclude})" if exclude else re.escape(word)
    for word, exclude in sorted(MEASURES.items(), key=lambda kv: -len(kv[0]))
)
# 第3名 and 前10名 are ranks, not counts.
# 零 is zero where a digit would stand (零件, 为零), not inside a numeral (一百零五).
_FIGURE = re.compile(
    rf"(?<![\d.第前一二三四五六七八九十百千万])(\d{{1,3}}(?:,\d{{3}})+|\d+|零)(\.\d+)?\s*({_UNITS})"
)
_BARE = re.compile(r"(?<![\d.第,一二三四五六七八九十百千万])(\d+|零)(?=\s*(?:[,;。]|$))")
# 5日 after a month (4月5日, 8月1—31日) is a date, not five days
_DATE_DAY = re.compile(r"月\s*(?:\d{1,2}\s*[—–\-~至到]\s*)?$")
_CLAUSE_END = "，,。；;：:！？!?\n"
_SENTENCE_END = "。；;！？!?\n"

# Order matters: the more specific phrase is tried first.
_CHANNELS = [
    ("ogi_request", ("依申请公开", "信息公开申请", "政府信息公开申请")),
    ("hotline", ("12345", "热线", "工单", "来电", "便民热线")),
    ("mailbox", ("信箱", "留言", "来信", "信件")),
    ("new_media", ("政务新媒体", "新媒体", "公众号", "微博", "小程序", "头条号", "抖音")),
    ("website", ("网站",)),
]
_HANDLING_METRICS = [
    ("overdue_pending", ("超期未办结", "超时未办", "逾期未办")),
    ("late_completed", ("未在规定的时限内办结", "未按时办结", "超期办结", "超时办结", "逾期办结")),
    ("on_time", ("按时办结", "按期办结", "按时答复", "按期回复", "按时回复")),
    ("pending", ("待办理", "未办结", "正在办理", "办理中", "处理中", "在办")),
    ("completed", ("已办结", "办结", "已处理", "处理完毕", "已回复", "已答复")),
    ("received", ("收到", "受理", "留言", "来信", "收件", "承办", "转办")),
]
_OTHER_METRICS = [
    ("monitored", ("监测", "检查", "抽查")),
    ("disclosed", ("主动公开", "公开信息", "发布信息")),
    ("problems", ("存在突出问题", "存在问题", "问题")),
]
_RATE_WORDS = re.compile(r"([\u4e00-\u9fff]{0,4}率)")
_TIER = re.compile(
    r"^(市直部门|市直单位|市直|区\(市\)政府|区\(市\)|县\(市、区\)|县\(市\)区|省直部门|省政府部门|设区市|县级)"
)


def _find(table, text: str) -> str | None:
    for name, words in table:
        if any(w in text for w in words):
            return name
    return None


def _rate_metric(before: str) -> str:
    m = _RATE_WORDS.findall(before)
    word = m[-1] if m else ""
    for key, name in (
        ("按时办结率", "on_time_rate"),
        ("办结率", "completion_rate"),
        ("合格率", "qualified_rate"),
        ("接通率", "connection_rate"),
        ("回复率", "reply_rate"),
        ("满意率", "satisfaction_rate"),
    ):
        if key in word or key in before[-8:]:
            return name
    if before.rstrip().endswith("占"):
        return "share"
    if "同比" in before[-6:] or "环比" in before[-6:]:
        return "change"
    return "rate" if word else "share"


def _direction(before: str) -> str | None:
    tail = before.rstrip("了 ")[-6:]
    if tail.endswith(FALL) or any(w in tail[-4:] for w in FALL):
        return "decrease"
    if tail.endswith(RISE) or any(w in tail[-4:] for w in RISE):
        return "increase"
    return None


_BARE_LOOK_BACK = 40  # characters before a bare count searched for the handling word it follows
_CLAUSE_LOOK_BACK = 200


class _Breaks:
    """Where a line's clauses or sentences end, found once per line: looking each figure's
    clause up costs a bisection, not a scan back through a paragraph without line breaks."""

    def __init__(self, text: str, chars: str):
        self.at = [i for i, ch in enumerate(text) if ch in chars]
        self.length = len(text)

    def before(self, pos: int) -> int:
        """The start of the clause holding ``pos``: just after the last break before it."""
        i = bisect.bisect_left(self.at, pos)
        return self.at[i - 1] + 1 if i else 0

    def after(self, pos: int) -> int:
        """The first break at or after ``pos`` (the line's length when none)."""
        i = bisect.bisect_left(self.at, pos)
        return self.at[i] if i < len(self.at) else self.length


def _candidates(text: str) -> list[tuple[int, int, float, str]]:
    """``(start, end, value, unit)`` of every figure in ``text``, in order: numbers with a
    measure word, less rules and bounds, and bare counts right after a handling word."""
    found = []
    for m in _FIGURE.finditer(text):
        before, after = text[max(0, m.start() - 4) : m.start()].rstrip(), text[m.end() : m.end() + 4]
        if before.endswith(BOUND_BEFORE) or after.lstrip().startswith(BOUND_AFTER):
            continue
        unit = "百分点" if m.group(3).endswith("百分点") else m.group(3)
        if unit == "日" and _DATE_DAY.search(text[max(0, m.start() - 8) : m.start()]):
            continue
        found.append((m.start(), m.end(), _number(m.group(1), m.group(2)), unit))
    starts = [s for s, _, _, _ in found]  # in order, none overlapping
    ends = _Breaks(text, _SENTENCE_END)
    bare = []
    for m in _BARE.finditer(text):
        i = bisect.bisect_right(starts, m.start())
        if not text[max(0, m.start() - _BARE_LOOK_BACK) : m.start()].rstrip().endswith(BARE_AFTER) or (
            i and found[i - 1][1] > m.start()
        ):
            continue
        first, last = ends.before(m.start()), ends.after(m.end())
        inside = found[bisect.bisect_left(starts, first) : bisect.bisect_left(starts, last)]
        units = [u for _, _, _, u in inside if u not in ("%", "百分点")]
        if units:
            bare.append((m.start(), m.end(), _number(m.group(1)), units[0]))
    found.extend(bare)
    return sorted(found)


def _number(whole: str, fraction: str | None = None) -> float:
    return 0.0 if whole == "零" else float((whole + (fraction or "")).replace(",", ""))


def figures(lines: list[str], file: str, *, first_line: int = 1) -> list[dict]:
    """Every figure stated in ``lines`` (line ``first_line`` first) as headline records,
    read on the Simplified text without glosses; ``quote`` is cut from the line as printed."""
    out = []
    channel_carry: str | None = None
    for offset, raw in enumerate(lines):
        text, where = plain_with_map(raw)
        line_no = first_line + offset
        prev_end = 0
        clauses, sentences = _Breaks(text, _CLAUSE_END), _Breaks(text, _SENTENCE_END)
        for start, end, value, unit in _candidates(text):
            # a clause of more than _CLAUSE_LOOK_BACK characters is read from there: no figure
            # is worded over more, and each figure's look-back stays bounded
            clause_start = max(clauses.before(start), start - _CLAUSE_LOOK_BACK)
            sentence_start = sentences.before(start)
            if sentence_start > prev_end:
                channel_carry = None  # a new sentence names its own channel
            before = text[clause_start:start]
            since_prev = text[max(clause_start, prev_end) : start]
            after = text[end : clauses.after(end)]
            noun = re.split(r"[和与及、]|进行", after, maxsplit=1)[0][:8]
            channel = _find(_CHANNELS, noun) or _find(_CHANNELS, since_prev) or _find(_CHANNELS, before)
            if channel is None and sentence_start == 0 and start < 40:
                channel = _find(_CHANNELS, text[:start])
            channel = channel or channel_carry
            if unit in ("%", "百分点"):
                metric = _direction(before) or ("change" if unit == "百分点" else _rate_metric(before))
            else:
                metric = (
                    _direction(since_prev)
                    or _find(_HANDLING_METRICS, since_prev)
                    or _find(_OTHER_METRICS, since_prev)
                    or _find(_OTHER_METRICS, after)
                    or _find(_HANDLING_METRICS, before)
                    or "other"
                )
            tier_m = _TIER.match(before.strip())
            quote_start = max(clause_start, prev_end if prev_end > clause_start else clause_start)
            out.append(
                {
                    "channel": channel or "",
                    "metric": metric,
                    "tier": tier_m.group(1) if tier_m else "",
                    "label": (since_prev.strip(" 共其中") + noun.strip()).strip(),
                    "value": value,
                    "unit": unit,
                    "quote": raw[where[quote_start] : where[end - 1] + 1].strip()
                    if end > quote_start
                    else "",
                    "source": Source(file, None, line_no, None, True),
                }
            )
            if channel:
                channel_carry = channel
            prev_end = end
        if any(text.rstrip().endswith(c) for c in "。;;"):
            channel_carry = None
    return out
