"""Checks on parsed tables and headline figures. (Stub: being built; see issue 3.)"""

from __future__ import annotations

import pandas as pd

from govstats.tables import ParsedTable


def validate(tables: list[ParsedTable], headline: pd.DataFrame) -> list[dict]:
    """Findings records for ``tables`` (with period and publisher set) and ``headline``."""
    return []
