"""Text for a terminal: whatever came from an input (a cell, a file name, a title) is shown
with its control characters escaped, so that it can neither clear the screen, forge a line
of output, nor reorder what the terminal shows (bidirectional overrides); and the width a
terminal gives Chinese text (two columns a character), so that tables and help line up."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: object) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\n``)."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def width(text: str) -> int:
    """The columns ``text`` takes on a terminal: East Asian wide and full-width characters
    two (市, ，), combining marks none, the rest one."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def ljust(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` terminal columns."""
    return text + " " * max(0, columns - width(text))


_CLOSING = set("，。、；：！？）》”’")


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` terminal columns: broken at spaces, and
    between any two Chinese characters (which need no space to break)."""
    lines, line = [], ""
    for word in re.findall(r"[^\s\u2e80-\uffef]+|[\u2e80-\uffef]|\s+", " ".join(text.split())):
        if word.isspace():
            if line:
                line += " "
            continue
        # a closing mark (，。）) never starts a line: it stays on the one it closes
        if line and width(line) + width(word) > columns and word not in _CLOSING:
            lines.append(line.rstrip())
            line = ""
        line += word
    if line.strip():
        lines.append(line.rstrip())
    return lines
