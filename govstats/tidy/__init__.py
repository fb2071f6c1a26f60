"""Stage 3, tidy: grids to tables. What printed words mean is :mod:`govstats.vocabulary`; printed
cells as counts (:mod:`.counts`), the table model (:mod:`.table`) and the peeling of a grid
into tables: titles, header band, groups, totals, remarks (:mod:`.grids`)."""

from govstats.tidy.grids import tidy_grid
from govstats.tidy.table import ParsedTable

__all__ = ["ParsedTable", "tidy_grid"]
