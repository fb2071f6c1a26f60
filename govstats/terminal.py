"""Text for a terminal: whatever came from an input (a cell, a file name, a title) is shown
with its control characters escaped, so that it can neither clear the screen, forge a line
of output, nor reorder what the terminal shows (bidirectional overrides)."""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: object) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\n``)."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))
