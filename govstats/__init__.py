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
    "load",
    "parse_period",
]
