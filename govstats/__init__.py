"""govstats: Chinese government-website inspection notices (通报) as tidy pandas tables.

    import govstats
    ds = govstats.load("data/raw")      # a file, a folder, or a list of them
    ds.handling, ds.problems, ds.headline, ds.notices, ds.findings

Heavy libraries (matplotlib, openpyxl, nbconvert, pyarrow) load only when a function
that needs them is called.
"""

from __future__ import annotations

from govstats.dataset import Dataset, InputStatus, load
from govstats.errors import (
    CorruptFileError,
    EmptyInputError,
    GovstatsError,
    PasswordProtectedError,
    PeriodError,
    UnreadableInputError,
    UnsafeInputError,
    UnsupportedFormatError,
    UsageError,
)
from govstats.periods import parse_period

__version__ = "0.1.0"

# Public names whose modules import heavier things (or are simply not needed to load
# data) resolve on first use, so `import govstats` costs about what pandas costs.
_LAZY = {
    "rates": "govstats.metrics",
    "rank": "govstats.metrics",
    "league_table": "govstats.metrics",
    "compare_totals": "govstats.metrics",
    "qoq": "govstats.trends",
    "headline_trend": "govstats.trends",
    "repeat_offenders": "govstats.offenders",
    "apply_aliases": "govstats.aliases",
    "load_aliases": "govstats.aliases",
    "narrative": "govstats.drafting",
}
_LAZY_MODULES = ("plot", "export", "report")


def __getattr__(name: str):
    import importlib

    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif name in _LAZY_MODULES:
        value = importlib.import_module(f"govstats.{name}")
    else:
        raise AttributeError(f"module 'govstats' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY, *_LAZY_MODULES])


__all__ = [
    "CorruptFileError",
    "Dataset",
    "EmptyInputError",
    "GovstatsError",
    "InputStatus",
    "PasswordProtectedError",
    "PeriodError",
    "UnreadableInputError",
    "UnsafeInputError",
    "UnsupportedFormatError",
    "UsageError",
    "apply_aliases",
    "compare_totals",
    "export",
    "headline_trend",
    "league_table",
    "load",
    "load_aliases",
    "narrative",
    "parse_period",
    "plot",
    "qoq",
    "rank",
    "rates",
    "repeat_offenders",
    "report",
]
