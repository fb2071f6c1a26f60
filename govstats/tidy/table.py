"""The parsed-table intermediate: a table recognised in a grid, before it becomes
rows of the tidy ``handling`` or ``problems`` DataFrame.

Tidying produces it, assembling sets its period and publisher, validating checks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from govstats.read.grid import Grid


@dataclass(slots=True)
class ParsedTable:
    """One table found in a grid.

    ``records`` are the tidy rows: for ``kind == "handling"`` the keys channel,
    channel_raw, tier, tier_raw, unit, the six count fields (``int`` or ``None``) and source; for
    ``"problems"`` the keys kind, unit, account_type, name, site_code, url, problem and
    source; ``"measures"`` (units and measures no field takes) has handling's keys, no
    count, and reaches ``extras`` only. Keys starting with ``_`` are internal: ``_r`` is
    the record's 0-based grid row, ``_rates`` maps a rate column to its printed value,
    ``_extras`` every other printed cell with no contract field (kept in ``extras``). ``findings`` are what tidying
    reported, ``checks`` what :func:`~govstats.validate.tables.check_table` found.

    ``columns`` maps each canonical field to its 0-based grid column; ``totals`` are
    printed total rows (合计/总计) in the shape of records; ``rates`` lists printed rate
    columns as ``(column, header, rate)`` with rate one of ``on_time``,
    ``completion``, ``timeliness``, ``overdue``; ``unknown_columns`` the columns kept
    but not understood, as ``(column, header)``, ``extra_columns`` those understood as a
    measure the contract has no field for (满意率, 排名); ``overdue_reading`` says how the
    table's 超期未办结 relates to 未办结: ``"inside"`` (part of it) or ``"beside"``
    (in addition to it), ``None`` when the table has no such pair.
    """

    grid: Grid
    kind: str
    title: str = ""
    channel: str | None = None
    channel_raw: str | None = None  # the channel as the title names it: 部门信箱, 12345热线
    period: pd.Period | None = None
    period_source: str | None = None  # title, window (the table's own); notice, sibling, file, given
    publisher: str | None = None
    publisher_source: str | None = None  # where the publisher was read (docs/contract.md)
    records: list[dict] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[int, str] = field(default_factory=dict)
    totals: list[dict] = field(default_factory=list)
    rates: list[tuple[int, str, str]] = field(default_factory=list)
    unknown_columns: list[tuple[int, str]] = field(default_factory=list)
    extra_columns: list[int] = field(default_factory=list)
    overdue_reading: str | None = None
    header_row: int = 0
    seq: int | None = None
    remarks: list[str] = field(default_factory=list)
    marks: list[tuple[int, int, str, str | None]] = field(default_factory=list)
    """Counts printed with a footnote mark (26①): (row, column, cell as printed, unit)."""
    findings: list[dict] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    messages: pd.DataFrame | None = None  # a table counted from a message log: its messages
    rule: str = ""  # and the rule they were counted by, as outputs state it
