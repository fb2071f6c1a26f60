"""Stage 1, read: bytes to grids and text lines.

Formats are recognised by content (:mod:`.document`), archives are checked before any
parser opens them (:mod:`.safety`), and each format has its reader (:mod:`.excel`,
:mod:`.html`, CSV and text in :mod:`.document`, annexes flattened in a notice's text in
:mod:`.text_annex`). Every reader produces :class:`~govstats.read.grid.Grid` cells with
their Excel coordinates; nothing here interprets a value.
"""

from govstats.read.document import read_document
from govstats.read.grid import Document, FormulaWithoutValue, Grid

__all__ = ["Document", "FormulaWithoutValue", "Grid", "read_document"]
