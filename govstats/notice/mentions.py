"""Websites and accounts a notice's narrative names in its problem paragraphs
(如“鹰潭市司法局”网站…, “余江林业”和“余江区河湖长制办公室”微信订阅号…), so repeat
offenders can be traced through notices that print no problem annex."""

from __future__ import annotations

import bisect
import re
import unicodedata

from govstats.source import Source
from govstats.vocabulary import either
from govstats.vocabulary.channels import MEDIA_WORDS, MENTIONED
from govstats.vocabulary.narratives import CONJUNCTIONS, ETC, EXAMPLES, LISTED_IN
from govstats.vocabulary.places import NOT_IN_A_NAME, UNIT_SUFFIXES
from govstats.vocabulary.problems import PROBLEM_SIGNS
from govstats.vocabulary.tables import IN_ALL

_TARGET = re.compile(f"(?:{either(MENTIONED)})")
_CLAUSE_BREAK = re.compile(rf"[,。;:!?()《》]|{either(EXAMPLES)}")
_LOOK_BACK = 60  # characters before a website word searched for its names (a name is at most 30)
_READ_ON = 40  # characters after it quoted, to its clause's end: the problem may follow the names
_SENTENCE = re.compile(r"[^。;!?]*[。;!?]?")
_PROBLEM = re.compile(either(PROBLEM_SIGNS))
_SPLIT = re.compile(either(CONJUNCTIONS))
_TRAIL = re.compile(rf"(?:{ETC}{IN_ALL}?\d*[{''.join(LISTED_IN)}]?|{ETC})$")
_UNIT_SUFFIX = re.compile(f"(?:{either(UNIT_SUFFIXES)})$")
_NOT_A_NAME = re.compile(either(NOT_IN_A_NAME))


def narrative_mentions(lines: list[str], file: str) -> list[dict]:
    """Records (kind, name, quote, source) for each website or account named in ``lines``."""
    out: list[dict] = []
    seen: set[tuple[str, str, int]] = set()
    for no, raw in enumerate(lines, 1):
        text = unicodedata.normalize("NFKC", raw)
        if "《" in text and "》" in text:
            text = re.sub(r"《[^》]*》", "。", text)  # document titles name no offender
        targets = list(_TARGET.finditer(text))
        if not targets:
            continue
        # Each sentence and each clause break is found once per line, so a paragraph with no
        # line breaks costs its length, not its length times its website words.
        sentences = [s.end() for s in _SENTENCE.finditer(text)]
        found = list(_CLAUSE_BREAK.finditer(text))
        breaks, ends = [b.end() for b in found], [b.start() for b in found]
        problem: dict[int, bool] = {}
        for m in targets:
            i = bisect.bisect_right(sentences, m.start())
            if i not in problem:
                start = sentences[i - 1] if i else 0
                problem[i] = _PROBLEM.search(text, start, sentences[i]) is not None
            if not problem[i]:
                continue  # praise, not a problem
            kind = "new_media" if any(w in m.group() for w in MEDIA_WORDS) else "website"
            for name, quoted in _names(text, breaks, m.start()):
                if (name, kind, no) not in seen:
                    seen.add((name, kind, no))
                    out.append(
                        {
                            "kind": kind,
                            "name": name,
                            "quoted": quoted,
                            "quote": text[max(0, m.start() - 40) : _clause_end(ends, m.end())].strip(),
                            "source": Source(file, None, no, None, True),
                        }
                    )
    return out


def _clause_end(ends: list[int], at: int) -> int:
    """Where the clause going on at ``at`` ends (its next break), at most :data:`_READ_ON`
    characters on: …如鹰潭市商务局、鹰潭市人社局等网站发布的稿件内容存在表述错误 states its
    problem after the names, so the quote holds it."""
    i = bisect.bisect_left(ends, at)
    return min(ends[i] if i < len(ends) else at + _READ_ON, at + _READ_ON)


def _names(text: str, breaks: list[int], at: int) -> list[tuple[str, bool]]:
    """The names in the clause before ``at``: from the last clause break, at most
    :data:`_LOOK_BACK` characters back (a part cut there is no whole name and is dropped)."""
    i = bisect.bisect_right(breaks, at)
    start = breaks[i - 1] if i else 0
    parts = _SPLIT.split(_TRAIL.sub("", text[max(start, at - _LOOK_BACK) : at].strip()))
    if start < at - _LOOK_BACK:
        parts = parts[1:]
    return [found for part in parts if (found := _name(part))[0]]


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
