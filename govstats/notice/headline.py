"""Headline figures: the statistics a notice's narrative states, each classified by
channel, metric and tier, with its verbatim quote.

A figure is a number followed by a measure word (个, 家, 条, 件, 期 …) or a percent sign.
Dates, document numbers, ordinals, durations and numbers inside names never carry such
a word, so they are left out by construction rather than by a list of exceptions.
"""

from __future__ import annotations

import bisect
import re

from govstats.chinese import plain_with_map, split_figure_marks
from govstats.periods import DAY_AFTER_MONTH
from govstats.source import Source
from govstats.vocabulary import channels, either
from govstats.vocabulary.narratives import (
    BARE_AFTER,
    BOUND_AFTER,
    BOUND_BEFORE,
    COMPARED,
    DAY,
    FALL,
    HANDLING_METRICS,
    LABEL_TRIM,
    MEASURES,
    NOUN_ENDS,
    NUMERAL_CHARS,
    OTHER_METRICS,
    PERFECTIVE,
    POINTS,
    RANKS,
    RATE,
    RATE_METRICS,
    RISE,
    SHARE,
    TIERS,
    ZERO,
)
from govstats.vocabulary.tables import normalise

_UNITS = "|".join(
    f"{re.escape(word)}(?!{exclude})" if exclude else re.escape(word)
    for word, exclude in sorted(MEASURES.items(), key=lambda kv: -len(kv[0]))
)
_RELATIVE = ("%", POINTS)  # a rate's units, not a count's
_FIGURE = re.compile(
    rf"(?<![\d.{''.join(RANKS)}{NUMERAL_CHARS}])(\d{{1,3}}(?:,\d{{3}})+|\d+|{ZERO})(\.\d+)?\s*({_UNITS})"
)
_BARE = re.compile(rf"(?<![\d.{RANKS[0]},{NUMERAL_CHARS}])(\d+|{ZERO})(?=\s*(?:[,;。]|$))")
_CLAUSE_END = "，,。；;：:！？!?\n"
_SENTENCE_END = "。；;！？!?\n"

_RATE_WORDS = re.compile(rf"([\u4e00-\u9fff]{{0,4}}{RATE})")
_TIER = re.compile(f"^({either(TIERS)})")
_NOUN_END = re.compile(either(NOUN_ENDS))
_LABEL_TRIM = " " + "".join(LABEL_TRIM)


def _channel(text: str) -> str | None:
    """The channel a stretch of narrative names: a handling channel, else a new-media or
    website list (政务新媒体 before 网站, as a sentence naming both is about the accounts)."""
    if channel := channels.channel_of(text, narrative=True):
        return channel
    n = normalise(text)
    if any(w in n for w in channels.MEDIA_NAMES):
        return "new_media"
    return "website" if any(w in n for w in channels.SITE_WORDS) else None


def _find(table, text: str) -> str | None:
    for name, words in table:
        if any(w in text for w in words):
            return name
    return None


def _rate_metric(before: str) -> str:
    m = _RATE_WORDS.findall(before)
    word = m[-1] if m else ""
    for key, name in RATE_METRICS:
        if key in word or key in before[-8:]:
            return name
    if before.rstrip().endswith(SHARE):
        return "share"
    if any(w in before[-6:] for w in COMPARED):
        return "change"
    return "rate" if word else "share"


def _direction(before: str) -> str | None:
    tail = before.rstrip(PERFECTIVE + " ")[-6:]
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
        unit = POINTS if m.group(3).endswith(POINTS) else m.group(3)
        if unit == DAY and DAY_AFTER_MONTH.search(text[max(0, m.start() - 8) : m.start()]):
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
        units = [u for _, _, _, u in inside if u not in _RELATIVE]
        if units:
            bare.append((m.start(), m.end(), _number(m.group(1)), units[0]))
    found.extend(bare)
    return sorted(found)


def _number(whole: str, fraction: str | None = None) -> float:
    return 0.0 if whole == ZERO else float((whole + (fraction or "")).replace(",", ""))


def figures(lines: list[str], file: str, *, first_line: int = 1) -> list[dict]:
    """Every figure stated in ``lines`` (line ``first_line`` first) as headline records,
    read on the Simplified text without glosses; ``quote`` is cut from the line as printed."""
    out = []
    channel_carry: str | None = None
    for offset, raw in enumerate(lines):
        text, where, marks = _plain_unmarked(raw)
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
            noun = _NOUN_END.split(after, maxsplit=1)[0][:8]
            # the sentence's own words since its previous figure name the channel too: 通过政府网站，
            # 市直部门主动公开信息1297条 (a leading clause of means that carries no figure itself)
            opening = text[max(sentence_start, prev_end) : start]
            channel = _channel(noun) or _channel(since_prev) or _channel(before) or _channel(opening)
            if channel is None and sentence_start == 0 and start < 40:
                channel = _channel(text[:start])
            channel = channel or channel_carry
            metric = _metric(unit, before, since_prev, after)
            tier_m = _TIER.match(before.strip())
            quote_start = max(clause_start, prev_end if prev_end > clause_start else clause_start)
            out.append(
                {
                    "channel": channel or "",
                    "metric": metric,
                    "tier": tier_m.group(1) if tier_m else "",
                    "label": (since_prev.strip(_LABEL_TRIM) + noun.strip()).strip(),
                    "value": value,
                    "unit": unit,
                    "quote": raw[where[quote_start] : where[end - 1] + 1].strip()
                    if end > quote_start
                    else "",
                    "source": Source(file, None, line_no, None, True),
                    **_mark_of(marks, where[start], where[end - 1]),
                }
            )
            if channel:
                channel_carry = channel
            prev_end = end
        if any(text.rstrip().endswith(c) for c in "。;;"):
            channel_carry = None
    return out


def _metric(unit: str, before: str, since_prev: str, after: str) -> str:
    """What a figure measures, from its clause (``before``), the words since the previous
    figure and the words after it: a rate's kind or change, else a count's."""
    if unit in _RELATIVE:
        return _direction(before) or ("change" if unit == POINTS else _rate_metric(before))
    return (
        _direction(since_prev)
        or _find(HANDLING_METRICS, since_prev)
        or _find(OTHER_METRICS, since_prev)
        or _find(OTHER_METRICS, after)
        or _find(HANDLING_METRICS, before)
        or "other"
    )


def _plain_unmarked(raw: str) -> tuple[str, list[int], list[tuple[int, str]]]:
    """:func:`~govstats.chinese.plain_with_map` of ``raw`` with the footnote marks after its
    figures taken off first (126¹条 is 126 items, never 1261): the text, each character's
    index in ``raw``, and each mark as ``(index in raw of the character after it, mark)``."""
    unmarked, kept, marks = split_figure_marks(raw)
    text, where = plain_with_map(unmarked)
    return text, [kept[w] for w in where], [(kept[i] if i < len(kept) else len(raw), m) for i, m in marks]


def _mark_of(marks: list[tuple[int, str]], first: int, last: int) -> dict:
    """``{"mark": …}`` when a footnote mark follows a digit of the figure printed from index
    ``first`` to ``last`` of its line (before its measure word, or after a bare count)."""
    found = "".join(m for after, m in marks if first < after - len(m) <= last + 1)
    return {"mark": found} if found else {}
