"""The geometry of a PDF page's text: characters into lines, lines into the paragraphs
and cell texts an office typed, by where the characters stand.

A line that ends only because the next word did not fit is wrapped text, not a line
break: it joins the next line. Whether a word would have fitted is measured (the line's
width, the next line's first word, the width available), never guessed from the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

_SPACE_GAP = 0.2  # a gap wider than this share of the type size is a space between words
_WIDE_GAP = 0.6  # beside a wide character only a gap this wide is a space (the cells of a table)
_LINE_GAP = 1.2  # a gap between lines wider than this many type sizes ends a paragraph
_FOLIO = re.compile(
    r"^\s*(?:[—–\-－―~～]+\s*\d{1,4}\s*[—–\-－―~～]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$"
)


_OPENS = set("“‘（(《〈「『【〔［[{｛")
_CLOSES = set("”’）)》〉」』】〕］]}｝、。，,．.；;：:？?！!…%％")


def _word_end(prev: dict, ch: dict, size: float) -> bool:
    t = ch["text"]
    return t.isspace() or _wide(t[:1]) or ch["x0"] - prev["x1"] > _SPACE_GAP * size


def _wide(ch: str) -> bool:
    """A character that is a word by itself (CJK and full-width forms): lines may break
    before or after it, and no space stands beside it."""
    return ch >= "\u2e80" and not ("\uff01" <= ch <= "\uff5e" and ch.isalnum())


@dataclass(slots=True)
class Line:
    """One printed line: its characters left to right and the box they stand in."""

    chars: list[dict]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int = 0

    @property
    def text(self) -> str:
        out: list[str] = []
        prev = None
        for ch in self.chars:
            t = ch["text"]
            if prev is not None and out and not out[-1].isspace() and not t.isspace():
                gap = ch["x0"] - prev["x1"]
                wide = _wide(out[-1][-1:]) or _wide(t[:1])
                if gap > (_WIDE_GAP if wide else _SPACE_GAP) * self.size:
                    out.append(" ")
            out.append(t)
            prev = ch
        return " ".join("".join(out).split())

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    def head_width(self) -> float:
        """The width of what had to move to the next line together: the first word (a wide
        character, or a run up to a space or a wide one) with the opening marks before it
        and the closing marks after it (a line starts with none of ，。、”）)."""
        chars = self.chars
        k = 0
        while k < len(chars) - 1 and chars[k]["text"] in _OPENS:
            k += 1
        end = chars[k]["x1"]
        k += 1
        if not _wide(chars[k - 1]["text"][:1]):
            while k < len(chars) and not _word_end(chars[k - 1], chars[k], self.size):
                end = chars[k]["x1"]
                k += 1
        while k < len(chars) and chars[k]["text"] in _CLOSES:
            end = chars[k]["x1"]
            k += 1
        return end - chars[0]["x0"]

    def tail_width(self) -> float:
        """The width of the last run of narrow characters (0 when the line ends wide)."""
        last = self.chars[-1]
        if _wide(last["text"][-1:]) or last["text"].isspace():
            return 0.0
        start = last["x0"]
        for k in range(len(self.chars) - 2, -1, -1):
            t = self.chars[k]["text"]
            if _word_end(self.chars[k], self.chars[k + 1], self.size) or _wide(t[-1:]) or t.isspace():
                break
            start = self.chars[k]["x0"]
        return last["x1"] - start


def lines_of(chars: list[dict], page: int = 0) -> list[Line]:
    """``chars`` grouped into lines (characters sharing most of their height), top to bottom."""
    lines: list[Line] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        height = ch["bottom"] - ch["top"]
        cur = lines[-1] if lines else None
        if cur is not None and ch["top"] < cur.bottom - 0.5 * min(height, cur.bottom - cur.top):
            cur.chars.append(ch)
            cur.bottom = max(cur.bottom, ch["bottom"])
            continue
        lines.append(Line([ch], 0, 0, ch["top"], ch["bottom"], 0, page))
    for line in lines:
        line.chars.sort(key=lambda c: c["x0"])
        line.x0 = min(c["x0"] for c in line.chars)
        line.x1 = max(c["x1"] for c in line.chars)
        line.size = max(c.get("size") or (c["bottom"] - c["top"]) for c in line.chars)
    return [line for line in lines if line.text]


def wraps(prev: Line, nxt: Line, room: float) -> bool:
    """Whether ``prev`` ended only because ``nxt``'s first word did not fit in ``room``
    (the width lines may take there)."""
    gap = 0.0 if _wide(prev.chars[-1]["text"][-1:]) or _wide(nxt.chars[0]["text"][:1]) else 0.25 * nxt.size
    return prev.width + gap + nxt.head_width() > room - 0.1 * nxt.size


def joined(prev_text: str, prev: Line, nxt: Line, room: float) -> str:
    """``prev_text`` and the wrapped ``nxt`` as the one line they were typed as: a space
    only where the line broke between two words that would have fitted on one line
    (a word longer than the line is broken inside it: 360600002 / 1, a URL)."""
    a, b = prev_text[-1:], nxt.text[:1]
    latin = a.isascii() and b.isascii() and a.isalnum() and b.isalnum()
    if latin and prev.tail_width() + nxt.head_width() <= room:
        return f"{prev_text} {nxt.text}"
    return prev_text + nxt.text


def cell_text(lines: list[Line], room: float) -> str | None:
    """The text typed in a cell printed as ``lines``, where a line may take ``room``:
    wrapped lines joined, deliberate line breaks kept."""
    if not lines:
        return None
    text = lines[0].text
    for prev, nxt in pairwise(lines):
        text = joined(text, prev, nxt, room) if wraps(prev, nxt, room) else f"{text}\n{nxt.text}"
    return text


def is_folio(text: str) -> bool:
    """A page number as offices print them: ``— 3 —``, ``- 3 -``, ``第3页``, ``3/12``."""
    return _FOLIO.match(text) is not None


def paragraphs(lines: list[Line], left: float, right: float) -> list[tuple[str, Line]]:
    """Body ``lines`` (in reading order, none of a table) as the paragraphs they print,
    each with its first line. ``left``/``right`` are the text column's edges.

    A line joins the one before when that one was wrapped: it is full to the right edge (the
    next line's first word had no room left there, however far the line before was indented
    as a paragraph's first line is) and this line either starts at the left edge (a body
    paragraph; an indented line starts a new one) or stands centred as the one before did,
    both filling the width (a title over two lines)."""
    out: list[tuple[str, Line]] = []
    prev: Line | None = None
    for line in lines:
        if prev is not None and _continues(prev, line, left, right):
            out[-1] = (joined(out[-1][0], prev, line, right - left), out[-1][1])
        else:
            out.append((line.text, line))
        prev = line
    return out


def _continues(prev: Line, line: Line, left: float, right: float) -> bool:
    if abs(line.size - prev.size) > 0.15 * prev.size:
        return False
    if line.page == prev.page and line.top - prev.bottom > _LINE_GAP * line.size:
        return False
    indent = line.x0 - left
    if indent <= 0.5 * line.size:
        # the line before filled the block to its right edge, however far its own start was
        # indented (a paragraph's first line, 首行缩进两字): the next word had no room there
        return wraps(prev, line, right - prev.x0)
    centred = abs(indent - (right - line.x1)) < line.size
    return (
        centred and abs((prev.x0 - left) - (right - prev.x1)) < line.size and wraps(prev, line, right - left)
    )
