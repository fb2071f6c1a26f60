"""Chinese text as govstats matches it: NFKC, Simplified (OpenCC's ``t2s``), without the
romanisation glosses machine-converted mirrors insert (臨渭區(qū) → 临渭区).

Every stage matches words on this form; what users see as printed (a unit's name, a
quote) stays as printed. :func:`plain_with_map` keeps the way back to the printed
characters, so a quote can be cut from the text as printed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A gloss is a pinyin syllable in ASCII parentheses right after a Chinese character. Every
# gloss mirrors print carries a tone mark (the glossed characters are the polyphonic ones:
# 區 qū, 長 zhǎng, 數 shù), which tells it from a word in parentheses such as (app) or (件).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])\((?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,7}}\)")
# A file name's bytes that are not UTF-8 reach Python as lone surrogates (surrogateescape);
# OpenCC takes UTF-8 only, so they are passed around it, one character for one.
_SURROGATES = re.compile("([\ud800-\udfff]+)")


_REFERENCE = frozenset("*＊※†‡")
_FIGURE_END = frozenset("0123456789０１２３４５６７８９%％")  # a mark follows a figure's digit or %
_TIMES = "*＊"


def is_mark(ch: str) -> bool:
    """Whether ``ch`` can be a footnote mark printed after a figure (26①, 10¹, 12⑴, 8*): a
    number-like sign that is no digit (①, ¹, ⑴, ⒈, ₁, ㈠: Unicode "other number", which NFKC
    makes digits) or a reference sign."""
    return unicodedata.category(ch) == "No" or ch in _REFERENCE


# Digits a document prints raised or lowered (a page's <sup>, a Word or Excel run's vertAlign)
# are marks: read as the mark characters they are (26¹), never run into the figure (261).
RAISED = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
LOWERED = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def split_figure_marks(text: str) -> tuple[str, list[int], list[tuple[int, str]]]:
    """``text`` without the footnote marks printed right after a figure (共收到留言126¹条 →
    共收到留言126条), taken off *before* NFKC can run them into the figure (1261): the text,
    the index in ``text`` of each of its characters, and each mark as ``(index in the text
    returned of the character after the mark, mark)``. A mark not after a digit or a percent
    sign (①收到…: an item's number) is kept, and so is a star between figures (7*24小时)."""
    if text.isascii() and "*" not in text:
        return text, list(range(len(text))), []
    kept: list[int] = []
    marks: list[tuple[int, str]] = []
    i, n = 0, len(text)
    while i < n:
        j = i
        if i and text[i - 1] in _FIGURE_END:
            while j < n and is_mark(text[j]):
                j += 1
            if j < n and text[j] in _FIGURE_END and not text[i:j].strip(_TIMES):
                j = i  # 7*24小时: a star between figures multiplies them, it marks neither
        if j > i:
            marks.append((len(kept), text[i:j]))
            i = j
            continue
        kept.append(i)
        i += 1
    return "".join(text[k] for k in kept), kept, marks


@lru_cache(maxsize=1)
def _converter():
    import opencc  # the maintained converter; its dictionaries ship in the wheel

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=2**16)
def simplified(text: str) -> str:
    """``text`` in Simplified characters, one character for one (so positions still match)."""
    if text.isascii():
        return text
    if _SURROGATES.search(text):
        return "".join(p if _SURROGATES.fullmatch(p) else simplified(p) for p in _SURROGATES.split(text))
    convert = _converter().convert
    out = convert(text)
    if len(out) != len(text):  # a phrase rule changed the length: convert character by character
        out = "".join(c if len(s := convert(c)) != 1 else s for c in text)
    return out


def strip_glosses(text: str) -> str:
    """``text`` without pinyin glosses: 總件數(shù) → 總件數."""
    return _GLOSS.sub("", text) if "(" in text else text


@lru_cache(maxsize=2**16)
def plain(text: str) -> str:
    """The form text is matched on: NFKC, no glosses, Simplified (spaces are kept)."""
    return simplified(strip_glosses(unicodedata.normalize("NFKC", text)))


@lru_cache(maxsize=2**16)
def key(text: str) -> str:
    """:func:`plain` without spaces: the form names are matched on across notices
    (君山區(qū) 热线 and 君山区热线 alike)."""
    return "".join(plain(text).split())


def plain_with_map(text: str) -> tuple[str, list[int]]:
    """:func:`plain` of ``text`` and, for each of its characters, the index in ``text`` it
    came from (NFKC may turn one character into several: ① → 1)."""
    chars: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        n = unicodedata.normalize("NFKC", c) if not c.isascii() else c
        chars.extend(n)
        where.extend([i] * len(n))
    s = "".join(chars)
    if "(" in s:
        kept = [True] * len(s)
        for m in _GLOSS.finditer(s):
            kept[m.start() : m.end()] = [False] * (m.end() - m.start())
        s = "".join(c for c, k in zip(s, kept, strict=True) if k)
        where = [w for w, k in zip(where, kept, strict=True) if k]
    return simplified(s), where
