"""Read one input file into a :class:`~govstats.grid.Document`. (Stub: being built.)"""

from __future__ import annotations

from pathlib import Path

from govstats.errors import UnsupportedFormatError
from govstats.grid import Document, Source


def read_document(path: Path, name: str) -> Document:
    """Recognise ``path``'s format by content and read its text and table grids."""
    raise UnsupportedFormatError("reader not built yet", Source(name))
