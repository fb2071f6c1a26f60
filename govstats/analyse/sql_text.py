"""The text of govstats' rates and period-over-period SQL, for DuckDB and Spark SQL alike
(:mod:`govstats.analyse.sql` runs it): a group's count is missing when any of its rows
lacks it, a group that received nothing has no rate, and each period is compared with the
previous period present in its publisher's (and channel's) series."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from govstats import schema
from govstats.analyse.trends import measures_asked
from govstats.schema import COUNT_FIELDS
from govstats.source import SOURCE_FILE

# metrics.add_rates' formulas: (numerator, denominator), in metrics.RATES' order (a test
# holds the two together; the SQL is written out here, for Spark as for DuckDB).
_RATE_SQL = {
    "on_time_rate": ("on_time", "received"),
    "completion_rate": ("completed", "received"),
    "timeliness": ("on_time", "completed"),
    "overdue_rate": ("late_completed + overdue_pending", "received"),
}
RATES = tuple(_RATE_SQL)


def quoted(value: str) -> str:
    """``value`` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _ordinal(p: str) -> str:
    """A period's text as a number that counts quarters (or months) from year 0."""
    return (
        f"CASE WHEN {p} LIKE '____Q_' THEN CAST(SUBSTR({p}, 1, 4) AS INT) * 4 + CAST(SUBSTR({p}, 6, 1) AS INT) - 1"
        f" WHEN {p} LIKE '____-__' THEN CAST(SUBSTR({p}, 1, 4) AS INT) * 12 + CAST(SUBSTR({p}, 6, 2) AS INT) - 1"
        " END"
    )


def _quarter_of(p: str) -> str:
    """A month's text as its quarter's (2022-08 -> 2022Q3); quarters unchanged."""
    m = f"SUBSTR({p}, 6, 2)"
    return (
        f"CASE WHEN {p} LIKE '____-__' THEN CONCAT(SUBSTR({p}, 1, 4), CASE WHEN {m} <= '03' THEN 'Q1'"
        f" WHEN {m} <= '06' THEN 'Q2' WHEN {m} <= '09' THEN 'Q3' ELSE 'Q4' END) ELSE {p} END"
    )


def _counted(
    keys: Sequence[str],
    counts: Sequence[str],
    period: str | None = None,
    exprs: Mapping[str, str] | None = None,
) -> str:
    """The rows' keys and counts, ``completed`` settled per row as :func:`rates` sums it;
    ``input``, the file a row without a publisher came from (as ``schema.input_files``);
    a key of ``exprs``, that SQL expression."""
    file = SOURCE_FILE.pattern.replace("'", "''")
    unnamed_file = f"CASE WHEN publisher IS NULL THEN regexp_extract(source, '{file}', 1) END"
    exprs = {"input": unnamed_file, **(exprs or {})}
    cols = [f"{exprs[k]} AS {k}" if k in exprs else k for k in keys]
    cols += [] if period is None else [f"{period} AS period"]
    for c in counts:
        cols.append("COALESCE(on_time + late_completed, completed) AS completed" if c == "completed" else c)
    return f"SELECT {', '.join(cols)} FROM handling"


def _sums(counts: Sequence[str]) -> list[str]:
    # Missing when any row of the group lacks it: a partial sum would understate.
    return [f"CASE WHEN COUNT({c}) = COUNT(*) THEN CAST(SUM({c}) AS BIGINT) END AS {c}" for c in counts]


def _rates(which: Sequence[str]) -> list[str]:
    # No rate for a group that received (or completed) nothing.
    return [
        f"CASE WHEN {_RATE_SQL[r][1]} > 0 THEN CAST({_RATE_SQL[r][0]} AS DOUBLE) / {_RATE_SQL[r][1]} END AS {r}"
        for r in which
    ]


def _summing(
    keys: Sequence[str],
    counts: Sequence[str],
    period: str | None = None,
    exprs: Mapping[str, str] | None = None,
) -> list[str]:
    """The two CTEs both queries open with: each row's counts, then their sums per group
    (and period, with its ordinal, when ``period`` is the period's expression); ``exprs``
    as :func:`_counted`'s."""
    group = ", ".join(keys if period is None else [*keys, "period"])
    ordinal = "" if period is None else f", {_ordinal('period')} AS ord"
    return [
        "WITH counted AS (",
        f"  {_counted(keys, counts, period, exprs)}",
        "), summed AS (  -- a group's rows summed (a unit printed twice in a period too)",
        f"  SELECT {group}{ordinal}, CAST(COUNT(*) AS BIGINT) AS units,",
        "    " + ",\n    ".join(_sums(counts)),
        f"  FROM counted GROUP BY {group}",
    ]


def _order(keys: Sequence[str]) -> str:
    return ", ".join(f"{k} NULLS LAST" for k in keys)


def _check_keys(keys: Sequence[str], what: str) -> None:
    unknown = [k for k in keys if k not in (*schema.COLUMNS["handling"], "input") or k in COUNT_FIELDS]
    if unknown or not keys:
        raise KeyError(f"{what}: no key column {unknown or '(none given)'} in the handling table")


def _apart(keys: list[str], apart: bool) -> list[str]:
    """``keys`` with ``input`` after ``publisher``: rows that name no publisher are kept
    apart per input file (``analyse.apart``)."""
    if not apart or "input" in keys or "publisher" not in keys:
        return keys
    at = keys.index("publisher") + 1
    return [*keys[:at], "input", *keys[at:]]


def rates_keys(by: Sequence[str], apart: bool = False) -> list[str]:
    """The keys of :func:`govstats.rates`: ``publisher`` and ``period`` always (first when
    ``by`` leaves them out), ``input`` too when some rows name no publisher."""
    keys = [k for k in ("publisher", "period") if k not in by] + list(by)
    return _apart(keys, apart)


def rates_sql(by: Sequence[str], *, apart: bool = False, ordered: bool = True) -> str:
    """The SQL of :func:`govstats.rates` per group of ``by`` (``["publisher", "period",
    "channel", "tier", "unit"]``: one row per unit) over a relation ``handling``:
    ``units``, the summed counts and the four rates, rows ordered by the keys (missing
    last). ``apart``: some rows name no publisher, and each input file of theirs is a
    group of its own (key ``input``)."""
    keys = rates_keys(by, apart)
    _check_keys(keys, "rates")
    return summed_rates_sql(keys, ordered=ordered)


def summed_rates_sql(
    keys: Sequence[str], *, ordered: bool = True, exprs: Mapping[str, str] | None = None
) -> str:
    """Units, summed counts and the four rates per group of ``keys`` over ``handling``
    (a key of ``exprs`` computed by that SQL expression), ordered by the keys unless not
    ``ordered``."""
    return "\n".join(
        [
            *_summing(keys, COUNT_FIELDS, exprs=exprs),
            ")",
            "SELECT *,",
            "  " + ",\n  ".join(_rates(RATES)),
            f"FROM summed{f' ORDER BY {_order(keys)}' if ordered else ''}",
        ]
    )


def qoq_keys(by: Sequence[str], apart: bool = False) -> list[str]:
    """The keys of :func:`govstats.qoq`: ``by`` with ``publisher`` (and ``input``, as in
    :func:`rates_keys`)."""
    keys = list(by)
    if "publisher" not in keys:
        keys.insert(0, "publisher")
    return _apart(keys, apart)


def qoq_sql(
    by: Sequence[str],
    *,
    freq: str | None = None,
    measures: Sequence[str] | None = None,
    apart: bool = False,
    ordered: bool = True,
) -> str:
    """The SQL of :func:`govstats.qoq` per group of ``by`` (``["publisher", "channel",
    "unit"]``: per unit) over a relation ``handling`` whose periods share one frequency
    (``freq="Q"`` rolls months up to quarters): the columns and row order of ``qoq``'s
    table, periods as text."""
    keys = qoq_keys(by, apart)
    _check_keys(keys, "qoq")
    if freq not in (None, "Q"):
        raise ValueError(f"freq must be 'Q' or None, not {freq!r}")
    counts, rate_cols = measures_asked(measures)
    measured = [*counts, *rate_cols]
    # The rates need every count they divide by, whichever measures are shown.
    used = {word for r in rate_cols for part in _RATE_SQL[r] for word in part.split()}
    need = [c for c in COUNT_FIELDS if c in counts or c in used]
    k = ", ".join(keys)
    return "\n".join(
        [
            *_summing(keys, need, _quarter_of("period") if freq == "Q" else "period"),
            "), rated AS (",
            "  SELECT *" + "".join(f", {x}" for x in _rates(rate_cols)) + " FROM summed",
            *_compared(keys, measured),
            "), changed AS (",
            "  SELECT *" + "".join(f", {c} - {c}_prev AS {c}_prev_delta" for c in counts) + " FROM compared",
            ")",
            f"SELECT {k}, period, prev_period, periods_apart, status,",
            "  " + ",\n  ".join(_shown(counts, rate_cols)),
            "FROM changed"
            + (f" ORDER BY publisher NULLS FIRST, sort_ord NULLS FIRST, {_order(keys)}" if ordered else ""),
        ]
    )


def _compared(keys: list[str], measured: list[str]) -> list[str]:
    """The CTEs from ``rated`` to ``compared``: each group's row beside the same group's row
    in the series' previous period, a row of no period alone, and ``gone`` rows."""
    series = [c for c in ("publisher", "input", "channel") if c in keys]
    k, s = ", ".join(keys), ", ".join(series)
    rk = ", ".join(f"r.{c}" for c in keys)
    same_series = " AND ".join(f"r.{c} IS NOT DISTINCT FROM l.{c}" for c in series)
    group = f"OVER (PARTITION BY {rk} ORDER BY r.ord)"
    continuing = "r.group_prev = r.prev_ord"
    return [
        "), present AS (  -- the periods of each series",
        f"  SELECT DISTINCT {s}, period, ord FROM rated WHERE ord IS NOT NULL",
        "), links AS (  -- each with the series' period before and after it",
        f"  SELECT {s}, ord,",
        f"    LAG(period) OVER (PARTITION BY {s} ORDER BY ord) AS prev_period,",
        f"    LAG(ord) OVER (PARTITION BY {s} ORDER BY ord) AS prev_ord,",
        f"    LEAD(period) OVER (PARTITION BY {s} ORDER BY ord) AS next_period,",
        f"    LEAD(ord) OVER (PARTITION BY {s} ORDER BY ord) AS next_ord",
        "  FROM present",
        "), linked AS (  -- each group's row beside its own row before and after",
        "  SELECT r.*, l.prev_period, l.prev_ord, l.next_period, l.next_ord,",
        f"    LAG(r.ord) {group} AS group_prev, LEAD(r.ord) {group} AS group_next"
        + "".join(f",\n    LAG(r.{m}) {group} AS {m}_before" for m in measured),
        f"  FROM rated r JOIN links l ON {same_series} AND r.ord = l.ord",
        "), compared AS (",
        f"  SELECT {rk}, r.period, r.prev_period, CAST(r.ord - r.prev_ord AS DOUBLE) AS periods_apart,",
        f"    CASE WHEN r.prev_ord IS NULL THEN NULL WHEN {continuing} THEN 'continuing' ELSE 'new' END"
        " AS status, r.ord AS sort_ord"
        + "".join(
            f",\n    r.{m}, CASE WHEN {continuing} THEN r.{m}_before END AS {m}_prev" for m in measured
        ),
        "  FROM linked r",
        "  UNION ALL  -- rows of no period: nothing to compare with",
        f"  SELECT {k}, period, NULL AS prev_period, NULL AS periods_apart, NULL AS status,"
        " NULL AS sort_ord" + "".join(f", {m}, NULL AS {m}_prev" for m in measured),
        "  FROM rated WHERE ord IS NULL",
        "  UNION ALL  -- gone: a row in the series' last period, none in this one",
        f"  SELECT {k}, next_period AS period, period AS prev_period,"
        " CAST(next_ord - ord AS DOUBLE) AS periods_apart, 'gone' AS status, next_ord AS sort_ord"
        + "".join(f", NULL AS {m}, {m} AS {m}_prev" for m in measured),
        "  FROM linked WHERE next_ord IS NOT NULL AND (group_next IS NULL OR group_next <> next_ord)",
    ]


def _shown(counts: list[str], rate_cols: list[str]) -> list[str]:
    """The output's measure columns: each count, its previous value and change; each rate,
    its previous value and change in points."""
    shown = []
    for c in counts:
        shown += [
            c,
            f"{c}_prev",
            f"{c}_prev_delta AS {c}_change",
            f"CASE WHEN {c}_prev > 0 THEN CAST({c}_prev_delta AS DOUBLE) / {c}_prev END AS {c}_change_pct",
        ]
    for r in rate_cols:
        shown += [r, f"{r}_prev", f"({r} - {r}_prev) * 100 AS {r}_change_pp"]
    return shown
