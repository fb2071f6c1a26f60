"""govstats' rates and period-over-period as SQL that DuckDB and Spark SQL both run over a
dataset folder (``govstats ingest --dataset``), and the DuckDB runner behind
``govstats.sql.rates(folder)`` and ``govstats.sql.qoq(folder)``: the folder's tables, out of
core, as ``govstats.rates(frame)`` and ``govstats.qoq(frame)`` give them in memory.

The SQL has the semantics of :mod:`~govstats.analyse.metrics` and
:mod:`~govstats.analyse.trends`, not of a plain ``LAG()``: a group's count is missing when
any of its rows lacks it, a group that received nothing has no rate, rows of a group in one
period are summed, each period is compared with the previous period present in the
publisher's (and channel's) series, not with the previous row, and units present last
period but not now come back as ``gone`` rows. ``handling`` in the text is the relation of
the folder's handling rows (a view in Spark, ``read_parquet`` in DuckDB).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from govstats import schema
from govstats.errors import CorruptFileError
from govstats.schema import COUNT_FIELDS
from govstats.source import SOURCE_FILE, Source

PathLike = str | os.PathLike

# metrics.add_rates' formulas: (numerator, denominator), in metrics.RATES' order (a test
# holds the two together; the SQL is written out here, for Spark as for DuckDB).
_RATE_SQL = {
    "on_time_rate": ("on_time", "received"),
    "completion_rate": ("completed", "received"),
    "timeliness": ("on_time", "completed"),
    "overdue_rate": ("late_completed + overdue_pending", "received"),
}
RATES = tuple(_RATE_SQL)


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


def _counted(keys: Sequence[str], counts: Sequence[str], period: str | None = None) -> str:
    """The rows' keys and counts, ``completed`` settled per row as :func:`rates` sums it;
    ``input``, the file a row without a publisher came from (as ``schema.input_files``)."""
    file = SOURCE_FILE.pattern.replace("'", "''")
    cols = [
        f"CASE WHEN publisher IS NULL THEN regexp_extract(source, '{file}', 1) END AS input"
        if k == "input"
        else k
        for k in keys
    ]
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


def _summing(keys: Sequence[str], counts: Sequence[str], period: str | None = None) -> list[str]:
    """The two CTEs both queries open with: each row's counts, then their sums per group
    (and period, with its ordinal, when ``period`` is the period's expression)."""
    group = ", ".join(keys if period is None else [*keys, "period"])
    ordinal = "" if period is None else f", {_ordinal('period')} AS ord"
    return [
        "WITH counted AS (",
        f"  {_counted(keys, counts, period)}",
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
    need = list(COUNT_FIELDS)
    return "\n".join(
        [
            *_summing(keys, need),
            ")",
            "SELECT *,",
            "  " + ",\n  ".join(_rates(RATES)),
            f"FROM summed{f' ORDER BY {_order(keys)}' if ordered else ''}",
        ]
    )


def _measures(measures: Sequence[str] | None) -> tuple[list[str], list[str]]:
    counts = [c for c in COUNT_FIELDS if measures is None or c in measures]
    rate_cols = [r for r in RATES if measures is None or r in measures]
    unknown = set(measures or ()) - set(COUNT_FIELDS) - set(RATES)
    if unknown:
        raise ValueError(f"qoq: unknown measures {sorted(unknown)} (counts {COUNT_FIELDS}, rates {RATES})")
    return counts, rate_cols


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
    counts, rate_cols = _measures(measures)
    measured = [*counts, *rate_cols]
    series = [k for k in ("publisher", "input", "channel") if k in keys]
    k, s = ", ".join(keys), ", ".join(series)
    rk = ", ".join(f"r.{c}" for c in keys)
    # The rates need every count they divide by, whichever measures are shown.
    used = {word for r in rate_cols for part in _RATE_SQL[r] for word in part.split()}
    need = [c for c in COUNT_FIELDS if c in counts or c in used]
    same_series = " AND ".join(f"r.{c} IS NOT DISTINCT FROM l.{c}" for c in series)
    group = f"OVER (PARTITION BY {rk} ORDER BY r.ord)"
    continuing = "r.group_prev = r.prev_ord"
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
    return "\n".join(
        [
            *_summing(keys, need, _quarter_of("period") if freq == "Q" else "period"),
            "), rated AS (",
            "  SELECT *" + "".join(f", {x}" for x in _rates(rate_cols)) + " FROM summed",
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
            "), changed AS (",
            "  SELECT *" + "".join(f", {c} - {c}_prev AS {c}_prev_delta" for c in counts) + " FROM compared",
            ")",
            f"SELECT {k}, period, prev_period, periods_apart, status,",
            "  " + ",\n  ".join(shown),
            "FROM changed"
            + (f" ORDER BY publisher NULLS FIRST, sort_ord NULLS FIRST, {_order(keys)}" if ordered else ""),
        ]
    )


def parquet_source(root: PathLike, union_by_name: bool = False) -> str:
    """DuckDB's relation of a dataset folder's handling rows (``period`` from the hive
    partition folders). ``union_by_name`` for folders whose files differ in columns."""
    glob = (Path(root) / "handling" / "*" / "*.parquet").as_posix().replace("'", "''")
    return (
        f"read_parquet('{glob}', hive_partitioning = true, union_by_name = {str(union_by_name).lower()},"
        " hive_types = {'period': VARCHAR})"
    )


def _only(publisher: str | Sequence[str] | None) -> str:
    """The WHERE of a city filter, which DuckDB pushes down to the files' row groups (a
    period's file is sorted by publisher, so other cities' row groups are skipped)."""
    if publisher is None:
        return ""
    names = [publisher] if isinstance(publisher, str) else list(publisher)
    quoted = ", ".join("'" + n.replace("'", "''") + "'" for n in names) or "NULL"
    return f" WHERE publisher IN ({quoted})"


_DB: dict = {}


def _database(memory_limit: str):
    """One DuckDB database per process, so that the Parquet footers it has read are not
    read again by the next query (over thousands of small partitions opening the files is
    most of the time); it spills to a private temporary folder past ``memory_limit``."""
    if "db" not in _DB:
        import atexit
        import shutil

        import duckdb

        spill = tempfile.mkdtemp(prefix="govstats-duckdb-")
        atexit.register(shutil.rmtree, spill, ignore_errors=True)
        db = duckdb.connect(config={"preserve_insertion_order": False})
        db.execute(f"SET temp_directory = '{spill}'")
        db.execute("SET parquet_metadata_cache = true")  # footers are checked against the file's mtime
        _DB["db"] = db
    db = _DB["db"]
    if _DB.get("limit") != memory_limit:
        db.execute(f"SET memory_limit = '{memory_limit}'")
        _DB["limit"] = memory_limit
    return db


def run(
    sql: str,
    root: PathLike,
    *,
    output: PathLike | None = None,
    memory_limit: str = "4GB",
    parts=None,
    publisher: str | Sequence[str] | None = None,
):
    """Run ``sql`` (from :func:`rates_sql` or :func:`qoq_sql`) with DuckDB over the folder
    ``root``, out of core past ``memory_limit``: an Arrow table, or with ``output`` the
    result written there as one Parquet file (for results larger than memory; the
    functions below then leave out the ORDER BY, a sort of the whole result). ``parts``:
    the folder's :func:`~govstats.dataset.opening.partitions`, when the caller has them.
    ``publisher``: only these cities' rows (the filter pushed down to the row groups)."""
    import duckdb

    from govstats.dataset.opening import partitions, ready, uniform
    from govstats.dataset.store import arrow_schema

    if parts is None:
        ready(root)
        parts = partitions(root)
    con = _database(memory_limit).cursor()  # a connection of its own: threads may query at once
    try:
        if parts:
            source = parquet_source(root, union_by_name=not uniform(root, "handling"))
            con.execute(f"CREATE TEMP VIEW handling AS SELECT * FROM {source}{_only(publisher)}")
        else:  # no handling rows yet: the same SQL over an empty table gives the empty result
            con.register("handling", arrow_schema("handling", partitions=True).empty_table())
        if output is not None:
            target = Path(output).as_posix().replace("'", "''")
            con.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet)")
            return Path(output)
        result = con.sql(sql)
        return result.to_arrow_table() if hasattr(result, "to_arrow_table") else result.arrow()
    except (duckdb.IOException, duckdb.InvalidInputException) as exc:  # a file damaged or not Parquet
        first = str(exc).strip().splitlines()[0]
        raise CorruptFileError(
            f"数据集文件无法读取（{first}）", Source(str(Path(root) / "handling"))
        ) from None
    finally:
        con.close()


def _frequency(parts: list[str | None], freq: str | None) -> str | None:
    """The one period frequency of the folder's handling partitions (from their paths)."""
    from govstats.periods import parse_period

    if freq == "Q":
        return pd.Period("2000Q1", "Q").freqstr
    found = {parse_period(p).freqstr for p in parts if p is not None}
    if len(found) > 1:
        raise ValueError("qoq: periods of one frequency are needed (freq='Q' rolls months up to quarters)")
    return found.pop() if found else None


def to_frame(table, keys: Sequence[str], freq: str | None) -> pd.DataFrame:
    """An Arrow result of this module's SQL with the dtypes pandas' ``rates``/``qoq`` give."""
    import pyarrow as pa

    from govstats.dataset.opening import periods_from_text

    mapped = {pa.int64(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype(), pa.string(): pd.StringDtype()}
    frame = table.to_pandas(types_mapper=mapped.get)
    dtypes = schema.frame("handling").dtypes
    for col in frame.columns:
        if col in ("period", "prev_period"):
            periods = periods_from_text(frame[col])
            if freq is not None and not isinstance(periods, pd.arrays.PeriodArray):  # none present
                periods = pd.array([pd.NaT] * len(frame), dtype=f"period[{freq}]")
            frame[col] = periods
        elif col in keys:
            frame[col] = frame[col].astype(dtypes.get(col, "string"))
        elif col == "status":
            frame[col] = frame[col].astype("string")
        elif col == "periods_apart":
            frame[col] = frame[col].astype("float64" if len(frame) else "int64")
    return frame


def _unnamed(root: PathLike, what: str) -> bool:
    """Whether some handling rows of the folder name no publisher (the files' statistics
    say so), warned as ``analyse.apart`` warns."""
    import warnings

    from govstats.dataset.opening import unnamed_rows
    from govstats.errors import MissingPublisherWarning

    if not unnamed_rows(root):
        return False
    message = f"{what}：数据集文件夹中有未注明发布单位的行，每个输入文件单独计算，不与其他文件合并（input列）"
    warnings.warn(MissingPublisherWarning(message), stacklevel=4)
    return True


def rates(
    root: PathLike,
    by: Sequence[str] | None = None,
    *,
    output: PathLike | None = None,
    publisher: str | Sequence[str] | None = None,
):
    """:func:`govstats.rates` of a dataset folder's handling rows, computed by DuckDB out of core.

    Parameters
    ----------
    root : str or os.PathLike
        A dataset folder (``govstats ingest --dataset``).
    by : sequence of str, optional
        The grouping, as :func:`govstats.rates`'; one row per unit by default.
    output : str or os.PathLike, optional
        A Parquet file to write the table to (unordered) instead of returning it: the
        result of a national folder per unit is as large as its input.
    publisher : str or sequence of str, optional
        Only these cities' rows: the filter is pushed down to the files' row groups, so
        other cities' are skipped.

    Returns
    -------
    pandas.DataFrame or pathlib.Path
        The table :func:`govstats.rates` gives on the same rows, ordered by the keys; or
        ``output``, written.
    """
    from govstats.analyse.metrics import UNIT_KEYS
    from govstats.dataset.opening import partitions, ready

    by = list(UNIT_KEYS if by is None else by)
    ready(root)
    parts = partitions(root)
    apart = publisher is None and _unnamed(root, "rates")
    sql = rates_sql(by, apart=apart, ordered=output is None)
    result = run(sql, root, output=output, parts=parts, publisher=publisher)
    return result if output is not None else to_frame(result, rates_keys(by, apart), None)


def qoq(
    root: PathLike,
    by: Sequence[str] | None = None,
    *,
    freq: str | None = None,
    measures: Sequence[str] | None = None,
    output: PathLike | None = None,
    publisher: str | Sequence[str] | None = None,
):
    """:func:`govstats.qoq` of a dataset folder's handling rows, computed by DuckDB out of core.

    Parameters
    ----------
    root : str or os.PathLike
        A dataset folder (``govstats ingest --dataset``).
    by, freq, measures
        As :func:`govstats.qoq`'s; per unit by default.
    output : str or os.PathLike, optional
        A Parquet file to write the table to (unordered) instead of returning it.
    publisher : str or sequence of str, optional
        Only these cities' rows (pushed down to the files' row groups).

    Returns
    -------
    pandas.DataFrame or pathlib.Path
        The table :func:`govstats.qoq` gives on the same rows; or ``output``, written.
    """
    from govstats.analyse.trends import QOQ_KEYS
    from govstats.dataset.opening import partitions, ready

    by = list(QOQ_KEYS if by is None else by)
    ready(root)
    parts = partitions(root)
    apart = publisher is None and _unnamed(root, "qoq")
    sql = qoq_sql(by, freq=freq, measures=measures, apart=apart, ordered=output is None)
    frequency = _frequency(parts, freq)
    result = run(sql, root, output=output, parts=parts, publisher=publisher)
    return result if output is not None else to_frame(result, qoq_keys(by, apart), frequency)
