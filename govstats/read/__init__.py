"""Stage 1, read: bytes to grids and text lines.

Formats are recognised by content and each is read by its reader, as :mod:`.registry`
lists them (workbooks, Word documents, pages and saved pages, CSV and text, govstats' own
outputs); archives are checked before any parser opens them (:mod:`.safety`); annexes
flattened one cell per line in a document's text are rebuilt by :mod:`.text_annex`. Every
reader produces :class:`~govstats.read.grid.Grid` cells with their Excel coordinates;
nothing here interprets a value.
"""

from govstats.read.document import read_document
from govstats.read.grid import Document, FormulaWithoutValue, Grid

__all__ = ["Document", "FormulaWithoutValue", "Grid", "read_document"]
