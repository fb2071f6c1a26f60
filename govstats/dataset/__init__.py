"""Stage 5, dataset: one :class:`Dataset` of everything loaded. :func:`load` runs read →
notice → tidy → validate per file (:mod:`.loading`), :mod:`.assembling` does the work that
needs every file at once, :mod:`.model` is the Dataset itself and :mod:`.writing` writes its
tables (CSV and Parquet, atomically)."""

from govstats.dataset.loading import expand_inputs, load
from govstats.dataset.model import Dataset, InputStatus, concat

__all__ = ["Dataset", "InputStatus", "concat", "expand_inputs", "load"]
