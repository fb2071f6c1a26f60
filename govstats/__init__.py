"""govstats: Chinese government-website inspection notices (通报) as tidy pandas tables.

    import govstats
    ds = govstats.load("data/raw")      # a file, a folder, or a list of them
    ds.handling, ds.problems, ds.headline, ds.notices, ds.findings

Heavy libraries (matplotlib, openpyxl, nbconvert, pyarrow) load only when a function
that needs them is called.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

from govstats.dataset import Dataset, InputStatus, concat, load
from govstats.errors import (
    CorruptFileError,
    EmptyInputError,
    GovstatsError,
    InputTooLargeError,
    MissingPublisherWarning,
    OutputError,
    PasswordProtectedError,
    PeriodError,
    UnreadableInputError,
    UnsafeInputError,
    UnsupportedFormatError,
    UsageError,
)
from govstats.notice.periods import parse_period

__version__ = "0.1.0"

# Public names whose modules import heavier things (or are simply not needed to load
# data) resolve on first use, so `import govstats` costs about what pandas costs.
_LAZY = {
    "rates": "govstats.analyse.metrics",
    "rank": "govstats.analyse.metrics",
    "league_table": "govstats.analyse.metrics",
    "lowest": "govstats.analyse.metrics",
    "compare_totals": "govstats.analyse.metrics",
    "panel": "govstats.analyse.panel",
    "city_ranking": "govstats.analyse.comparisons",
    "change_over_periods": "govstats.analyse.comparisons",
    "repeat_laggards": "govstats.analyse.comparisons",
    "write_panel": "govstats.present.datapackage.panel",
    "qoq": "govstats.analyse.trends",
    "headline_trend": "govstats.analyse.trends",
    "repeat_offenders": "govstats.analyse.offenders",
    "apply_aliases": "govstats.analyse.aliases",
    "load_aliases": "govstats.analyse.aliases",
    "narrative": "govstats.analyse.drafting",
    "draft": "govstats.present.word.draft",
    "open_dataset": "govstats.dataset.opening",
    "zh": "govstats.present.zh",
}
# Modules users call by their old short names (govstats.plot, import govstats.export):
# they live in their stage's folder now, and the short names are the same module objects.
_MODULES = {
    "plot": "govstats.present.charts.plot",
    "export": "govstats.present.workbook.export",
    "briefing": "govstats.present.briefing.sections",
    "report": "govstats.cli.report",
    "aliases": "govstats.analyse.aliases",
}


class _ShortNames:
    """``import govstats.plot`` imports :mod:`govstats.present.charts.plot` and binds it there (a
    meta-path finder and its loader; plain methods, as importlib.abc would cost an import)."""

    def find_spec(self, fullname, path=None, target=None):
        short = fullname.removeprefix("govstats.")
        if fullname.startswith("govstats.") and short in _MODULES:
            return importlib.util.spec_from_loader(fullname, self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        # The import system hands back whatever sys.modules holds once this returns.
        sys.modules[module.__name__] = importlib.import_module(_MODULES[module.__name__[9:]])


if not any(isinstance(f, _ShortNames) for f in sys.meta_path):
    sys.meta_path.append(_ShortNames())


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif name in _MODULES:
        value = importlib.import_module(_MODULES[name])
    else:
        raise AttributeError(f"module 'govstats' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY, *_MODULES])


__all__ = [
    "CorruptFileError",
    "Dataset",
    "EmptyInputError",
    "GovstatsError",
    "InputStatus",
    "InputTooLargeError",
    "MissingPublisherWarning",
    "OutputError",
    "PasswordProtectedError",
    "PeriodError",
    "UnreadableInputError",
    "UnsafeInputError",
    "UnsupportedFormatError",
    "UsageError",
    "apply_aliases",
    "change_over_periods",
    "city_ranking",
    "compare_totals",
    "concat",
    "draft",
    "export",
    "headline_trend",
    "league_table",
    "load",
    "load_aliases",
    "lowest",
    "narrative",
    "open_dataset",
    "panel",
    "parse_period",
    "plot",
    "qoq",
    "rank",
    "rates",
    "repeat_laggards",
    "repeat_offenders",
    "report",
    "write_panel",
    "zh",
]
