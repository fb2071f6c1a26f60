"""Headline figures: the statistics a notice's narrative states, each classified by
channel, metric and tier, with its verbatim quote.

A figure is a number followed by a measure word (个, 家, 条, 件, 期 …) or a percent sign.
Dates, document numbers, ordinals, durations and numbers inside names never carry such
a word, so they are left out by construction rather than by a list of exceptions.
"""

from __future__ import annotations

import re
import unicodedata

from govstats.source import Source

_FIGURE = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(%|个|家|条|件|期|次|项|篇|人|余件|余条|多件|多条|万件|万条|万人)"
)
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


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


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


def figures(lines: list[str], file: str, *, first_line: int = 1) -> list[dict]:
    """Every figure stated in ``lines`` (line ``first_line`` first) as headline records."""
    out = []
    channel_carry: str | None = None
    for offset, raw in enumerate(lines):
        text = _nfkc(raw)
        line_no = first_line + offset
        prev_end = 0
        for m in _FIGURE.finditer(text):
            value = float((m.group(1) + (m.group(2) or "")).replace(",", ""))
            unit = m.group(3)
            clause_start = max(text.rfind(c, 0, m.start()) for c in _CLAUSE_END) + 1
            sentence_start = max(text.rfind(c, 0, m.start()) for c in _SENTENCE_END) + 1
            if sentence_start > prev_end:
                channel_carry = None  # a new sentence names its own channel
            before = text[clause_start : m.start()]
            since_prev = text[max(clause_start, prev_end) : m.start()]
            after_end = min(
                [i for i in (text.find(c, m.end()) for c in _CLAUSE_END) if i >= 0], default=len(text)
            )
            after = text[m.end() : after_end]
            noun = re.split(r"[和与及、]|进行", after, maxsplit=1)[0][:8]
            channel = _find(_CHANNELS, noun) or _find(_CHANNELS, since_prev) or _find(_CHANNELS, before)
            if channel is None and sentence_start == 0 and m.start() < 40:
                channel = _find(_CHANNELS, text[: m.start()])
            channel = channel or channel_carry
            if unit == "%":
                metric = _rate_metric(before)
            else:
                metric = (
                    _find(_HANDLING_METRICS, since_prev)
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
                    "quote": raw[quote_start : m.end()].strip()
                    if len(raw) == len(text)
                    else text[quote_start : m.end()].strip(),
                    "source": Source(file, None, line_no, None, True),
                }
            )
            if channel:
                channel_carry = channel
            prev_end = m.end()
        if any(text.rstrip().endswith(c) for c in "。;;"):
            channel_carry = None
    return out
