"""Progress of long work (reading hundreds of inputs, executing the briefing's cells) as a
tqdm bar on stderr: only when stderr is a terminal someone watches, never in a log, a pipe,
CI or a notebook, and never under ``govstats -q``. tqdm is imported only when a bar is shown."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from govstats.terminal import terminal_text

QUIET = False
"""Set by ``govstats -q``: no bar and no progress messages, errors only."""


class _Silent:
    def update(self, n: int = 1) -> None:
        pass


def say(message: object, *, error: bool = False) -> None:
    """``govstats: message`` on stderr, its control characters escaped; progress and
    summary lines (not ``error``) are left out under quiet."""
    if error or not QUIET:
        print(f"govstats: {terminal_text(message)}", file=sys.stderr, flush=True)


def shown() -> bool:
    """Whether a bar would be seen: stderr is a terminal and quiet is off."""
    stream = sys.stderr
    return not QUIET and stream is not None and hasattr(stream, "isatty") and stream.isatty()


@contextmanager
def bar(total: int, what: str, unit: str = "个") -> Iterator[object]:
    """A bar of ``total`` steps labelled ``what`` (读取输入, 生成简报); its ``update()``
    advances it. A bar of one step is not worth showing."""
    if total < 2 or not shown():
        yield _Silent()
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=what, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True) as t:
        yield t


__all__ = ["QUIET", "bar", "say", "shown"]
