"""Grids → parsed tables. (Stub: being built; see issue 3.)"""

from __future__ import annotations

from govstats.grid import Grid
from govstats.tables import ParsedTable


def tidy_grid(grid: Grid) -> list[ParsedTable]:
    """Every handling table or problem list recognised in ``grid``."""
    return []
