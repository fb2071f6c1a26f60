"""Stage 2, notice: what a notice says. Its metadata, period and publisher
(:mod:`.parse`, :mod:`.periods`), the figures its narrative states (:mod:`.headline`) and
the websites and accounts it criticises by name (:mod:`.mentions`)."""

from govstats.notice.parse import Notice, parse_notice
from govstats.notice.periods import find_period, parse_period

__all__ = ["Notice", "find_period", "parse_notice", "parse_period"]
