"""Stage 4, validate: checks that report findings and never fix or drop a row. A table's
own checks (:mod:`.tables`: row arithmetic, printed rates, totals, units listed twice) and
the narrative against the annexes (:mod:`.narrative`), tables loaded twice
(:mod:`.duplicates`), rows whose period or publisher nothing states (:mod:`.provenance`), a
message log's own rows (:mod:`.logs`) and a log against the tables beside it
(:mod:`.log_against`). Findings records themselves are
made by :func:`govstats.findings.finding`, which every stage may use."""

from govstats.validate.narrative import check_narrative
from govstats.validate.tables import check_table

__all__ = ["check_narrative", "check_table"]
