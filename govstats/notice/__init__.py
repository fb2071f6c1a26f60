"""Stage 2, notice: what a notice says. Its metadata, the period its text states (how a
period is written is the contract's :mod:`govstats.periods`) and publisher
(:mod:`.parse`, :mod:`.periods`, :mod:`.publishers`), the figures its narrative states (:mod:`.headline`) and
the websites and accounts it criticises by name (:mod:`.mentions`)."""

from govstats.notice.parse import Notice, parse_notice
from govstats.notice.periods import stated_period

__all__ = ["Notice", "parse_notice", "stated_period"]
