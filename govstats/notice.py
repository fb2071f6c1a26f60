"""A notice's metadata, narrative figures and text-flattened annexes.

(Stub: the text-notice parser is being built; see issue 3.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from govstats.grid import Document, Grid, Source


@dataclass(slots=True)
class Notice:
    """What a document says as a notice: metadata, headline figures, annex grids.

    ``headline`` records carry the ``headline`` table's columns except publisher and
    period (channel, metric, tier, label, value, unit, quote, source). ``grids`` are
    annex tables found flattened in the text. ``period`` and ``publisher`` are read
    from the title, the statistics window or the metadata; ``None`` when not stated.
    """

    file: str
    title: str | None = None
    issuer: str | None = None
    index_no: str | None = None
    date: str | None = None
    publisher: str | None = None
    period: pd.Period | None = None
    source: Source | None = None
    headline: list[dict] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)

    @property
    def found(self) -> bool:
        """True when the document reads as a notice (a title, metadata or a figure)."""
        return bool(self.title or self.index_no or self.headline)


def parse_notice(doc: Document) -> Notice:
    """The notice in ``doc``'s narrative text (empty when it has none)."""
    return Notice(doc.file)
