"""Websites and accounts a notice's narrative names in its problem paragraphs
(如“鹰潭市司法局”网站…, “余江林业”和“余江区河湖长制办公室”微信订阅号…), so repeat
offenders can be traced through notices that print no problem annex."""

from __future__ import annotations

import re
import unicodedata

from govstats.source import Source
from govstats.vocabulary.channels import MEDIA_WORDS

_TARGET = re.compile(
    r"(?:门户网站|网站|政务公开|微信订阅号|微信公众号|微信服务号|公众号|微博|头条号|抖音号|政务新媒体|新媒体账号)"
)
_CLAUSE_START = re.compile(r".*(?:[,。;:!?()《》]|例如|比如|其中|如)")
_SENTENCE = re.compile(r"[^。;!?]*[。;!?]?")
_PROBLEM = re.compile(r"未|不|无|问题|错误|差|滞后|空白|缺失|隐患|失效|错链|断链|提醒|整改|违规")
_SPLIT = re.compile(r"、|和|及|与")
_TRAIL = re.compile(r"(?:等共?\d*[个家]?|等)$")
_UNIT_SUFFIX = re.compile(r"(?:局|委员会|委|办公室|办|中心|管委会|法院|检察院|院|所|队)$")
_NOT_A_NAME = re.compile(r"[对的在将被为了是把从向这那其各部分个别所有全]|单位|部门")


def narrative_mentions(lines: list[str], file: str) -> list[dict]:
    """Records (kind, name, quote, source) for each website or account named in ``lines``."""
    out: list[dict] = []
    seen: set[tuple[str, str, int]] = set()
    for no, raw in enumerate(lines, 1):
        text = unicodedata.normalize("NFKC", raw)
        if "《" in text and "》" in text:
            text = re.sub(r"《[^》]*》", "。", text)  # document titles name no offender
        for m in _TARGET.finditer(text):
            sentence = next(s for s in _SENTENCE.finditer(text) if s.start() <= m.start() < max(s.end(), 1))
            if not _PROBLEM.search(sentence.group()):
                continue  # praise, not a problem
            kind = "new_media" if any(w in m.group() for w in MEDIA_WORDS) else "website"
            clause = text[: m.start()]
            start = _CLAUSE_START.match(clause)
            clause = clause[start.end() :] if start else clause
            clause = _TRAIL.sub("", clause.strip())
            for part in _SPLIT.split(clause):
                name, quoted = _name(part)
                if name and (name, kind, no) not in seen:
                    seen.add((name, kind, no))
                    out.append(
                        {
                            "kind": kind,
                            "name": name,
                            "quoted": quoted,
                            "quote": text[max(0, m.start() - 40) : m.end()].strip(),
                            "source": Source(file, None, no, None, True),
                        }
                    )
    return out


def _name(part: str) -> tuple[str | None, bool]:
    part = _TRAIL.sub("", part.strip())
    quoted = re.fullmatch(r"[“\"']([^”\"']{2,30})[”\"']", part)
    if quoted:
        return quoted.group(1).strip(), True
    if (
        3 <= len(part) <= 20
        and re.fullmatch(r"[\u4e00-\u9fff()]+", part)
        and _UNIT_SUFFIX.search(part)
        and not _NOT_A_NAME.search(part)
    ):
        return part, False
    return None, False
