"""``python -m govstats.findings``: the catalogue as docs/findings.md prints it."""

from govstats.findings.catalogue import table

print(table(), end="")
