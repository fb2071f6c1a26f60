"""govstats: Chinese government-website inspection notices (通报) as tidy pandas tables.

    import govstats
    ds = govstats.load("data/raw")      # a file, a folder, or a list of them
    ds.handling, ds.problems, ds.headline, ds.notices, ds.findings

Every public name resolves on first use, so ``import govstats`` loads only the errors
(no pandas); ``govstats.load`` then costs what loading needs. Out-of-core work on a
dataset folder is :mod:`govstats.sql` (``govstats.sql.rates(folder)``).

The errors users catch are here: :class:`GovstatsError` (the base of every one),
:class:`UsageError` (a call or option that is wrong), :class:`CountError` (a count in a table
given to ``rates`` or ``qoq`` that is no whole number), :class:`OutputError` (an output that
cannot be written), :class:`PeriodError` (a period not understood) and
:class:`UnreadableInputError` (the base of what ``InputStatus.error`` holds for an input that
could not be read), and :class:`MissingPublisherWarning` (to filter). The kinds of
unreadable input (``CorruptFileError``, ``PasswordProtectedError``, …) are in
:mod:`govstats.errors`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from govstats.errors import (
    CountError,
    GovstatsError,
    MissingPublisherWarning,
    OutputError,
    PeriodError,
    UnreadableInputError,
    UsageError,
)

__version__ = "0.1.0"

# Public names, resolved on first use (module __getattr__, PEP 562): what `import govstats`
# costs is then the errors alone, and each function costs its own imports when called.
_LAZY = {
    "Dataset": "govstats.dataset.model",
    "InputStatus": "govstats.dataset.model",
    "concat": "govstats.dataset.model",
    "load": "govstats.dataset.loading",
    "parse_period": "govstats.periods",
    "rates": "govstats.analyse.metrics",
    "rank": "govstats.analyse.ranking",
    "league_table": "govstats.analyse.ranking",
    "lowest": "govstats.analyse.ranking",
    "compare_totals": "govstats.analyse.totals",
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
# Modules users reach as attributes (govstats.plot.on_time_by_unit): the module itself, in
# its stage's folder. Attributes only: `import govstats.plot` is no module path.
_MODULES = {
    "plot": "govstats.present.charts.plot",
    "export": "govstats.present.workbook.export",
    "briefing": "govstats.present.briefing.sections",
    "aliases": "govstats.analyse.aliases",
    "sql": "govstats.analyse.sql",
}

if TYPE_CHECKING:  # what the names are, for type checkers and editors (py.typed)
    from govstats.analyse import aliases, sql
    from govstats.analyse.aliases import apply_aliases, load_aliases
    from govstats.analyse.comparisons import change_over_periods, city_ranking, repeat_laggards
    from govstats.analyse.drafting import narrative
    from govstats.analyse.metrics import rates
    from govstats.analyse.offenders import repeat_offenders
    from govstats.analyse.panel import panel
    from govstats.analyse.ranking import league_table, lowest, rank
    from govstats.analyse.totals import compare_totals
    from govstats.analyse.trends import headline_trend, qoq
    from govstats.dataset.loading import load
    from govstats.dataset.model import Dataset, InputStatus, concat
    from govstats.dataset.opening import open_dataset
    from govstats.periods import parse_period
    from govstats.present.briefing import sections as briefing
    from govstats.present.charts import plot
    from govstats.present.datapackage.panel import write_panel
    from govstats.present.word.draft import draft
    from govstats.present.workbook import export
    from govstats.present.zh import zh


def __getattr__(name: str):
    if name in _FOLDER_TOO:
        value = _frame_or_folder(name)
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif name in _MODULES:
        value = importlib.import_module(_MODULES[name])
    else:
        raise AttributeError(f"module 'govstats' has no attribute {name!r}")
    globals()[name] = value
    return value


# Frame functions that earlier releases also gave a dataset folder's path: the path still works,
# passed on to govstats.sql with a FutureWarning, so users' scripts keep their results.
_FOLDER_TOO = ("rates", "qoq")


def _frame_or_folder(name: str):
    import functools
    import os
    import warnings

    frame = getattr(importlib.import_module(_LAZY[name]), name)

    @functools.wraps(frame)
    def call(table, *args, **kwargs):
        if isinstance(table, str | os.PathLike):
            warnings.warn(
                f"govstats.{name}(文件夹) 今后请写作 govstats.sql.{name}(文件夹)：数据集文件夹的计算在 "
                f"govstats.sql 中；旧写法仍照样计算，将在以后的版本中取消",
                FutureWarning,
                stacklevel=2,
            )
            return getattr(importlib.import_module(_MODULES["sql"]), name)(table, *args, **kwargs)
        return frame(table, *args, **kwargs)

    return call


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY, *_MODULES])


__all__ = [
    "CountError",
    "Dataset",
    "GovstatsError",
    "InputStatus",
    "MissingPublisherWarning",
    "OutputError",
    "PeriodError",
    "UnreadableInputError",
    "UsageError",
    "aliases",
    "apply_aliases",
    "briefing",
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
    "sql",
    "write_panel",
    "zh",
]
