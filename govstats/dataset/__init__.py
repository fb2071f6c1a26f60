"""Stage 5, dataset: one :class:`Dataset` of everything loaded. :func:`load` runs read →
notice → tidy → validate per file (:mod:`.loading`), :mod:`.assembling` does the work that
needs every file at once, :mod:`.model` is the Dataset itself and :mod:`.writing` writes its
tables (CSV and Parquet, atomically).

The names below are resolved on first use, so that a module of this stage imported alone
(``dataset.opening`` by ``govstats.sql``) does not import the loader with it."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from govstats.dataset.loading import expand_inputs, load
    from govstats.dataset.model import Dataset, InputStatus, concat

_LAZY = {
    "expand_inputs": "loading",
    "load": "loading",
    "Dataset": "model",
    "InputStatus": "model",
    "concat": "model",
}
__all__ = ["Dataset", "InputStatus", "concat", "expand_inputs", "load"]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value
