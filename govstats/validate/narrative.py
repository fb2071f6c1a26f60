"""The narrative's figures against the annexes: a notice's stated totals checked against
the sum of its annex's unit rows (the work that needs every file of a load at once)."""

from __future__ import annotations

from govstats import labels
from govstats.findings import finding
from govstats.schema import COUNT_FIELDS
from govstats.source import Source
from govstats.tidy.table import ParsedTable


def check_narrative(tables: list[ParsedTable], headline: list[dict]) -> list[dict]:
    """The narrative's whole-channel totals against the sum of the annex's unit rows
    (``tables`` and the ``headline`` records with period and publisher settled). A notice
    that names no publisher is checked against the tables of its own file only."""
    out = []
    for fig in headline:
        if fig["metric"] not in COUNT_FIELDS or fig["tier"] or not fig["channel"]:
            continue
        annex = [
            t
            for t in tables
            if t.kind == "handling"
            and t.channel == fig["channel"]
            and t.period == fig["period"]
            and (t.publisher or None) == (fig["publisher"] or None)
            and (fig["publisher"] or t.grid.file == _file(fig["source"]))
        ]
        if annex:
            values = [r[fig["metric"]] for t in annex for r in t.records]
            if not values or any(v is None for v in values):
                continue
            if sum(values) != fig["value"]:
                out.append(
                    finding(
                        "narrative-mismatch",
                        fig["source"],
                        quote=fig["quote"],
                        metric=labels.COUNTS[fig["metric"]],
                        stated=fig["value"],
                        count=len(values),
                        summed=sum(values),
                        annex=annex[0].grid.source().zh,
                    )
                )
    return out


def _file(source: object) -> str:
    return source.file if isinstance(source, Source) else str(source)
