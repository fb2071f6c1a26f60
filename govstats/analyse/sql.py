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
from govstats.analyse.sql_text import (  # noqa: F401 (public here)
    RATES,
    qoq_keys,
    qoq_sql,
    quoted,
    rates_keys,
    rates_sql,
)
from govstats.errors import CorruptFileError
from govstats.source import Source

PathLike = str | os.PathLike


def parquet_source(root: PathLike, union_by_name: bool = False, periods: Sequence[str | None] = ()) -> str:
    """DuckDB's relation of a dataset folder's handling rows (``period`` from the hive
    partition folders). ``union_by_name`` for folders whose files differ in columns.
    ``periods``, the folder's (:func:`~govstats.dataset.opening.partitions`): ``period``
    is then an ENUM of them, text to every expression, that DuckDB groups as a small
    integer (as text, a column taken from the paths costs a GROUP BY by period ~1.5x what
    the same column read from a file does)."""
    glob = (Path(root) / "handling" / "*" / "*.parquet").as_posix().replace("'", "''")
    values = sorted({p for p in periods if p is not None})  # in text order, as ORDER BY sorts text
    kind = f"ENUM({', '.join(map(quoted, values))})" if values else "VARCHAR"
    return (
        f"read_parquet('{glob}', hive_partitioning = true, union_by_name = {str(union_by_name).lower()},"
        f" hive_types = {{'period': {quoted(kind)}}})"
    )


def _as_text(table):
    """An Arrow result with the ENUM periods of :func:`parquet_source` as plain text."""
    import pyarrow as pa

    for i, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(pa.string()))
    return table


def _only(publisher: str | Sequence[str] | None) -> str:
    """The WHERE of a city filter, which DuckDB pushes down to the files' row groups (a
    period's file is sorted by publisher, so other cities' row groups are skipped)."""
    if publisher is None:
        return ""
    names = [publisher] if isinstance(publisher, str) else list(publisher)
    return f" WHERE publisher IN ({', '.join(map(quoted, names)) or 'NULL'})"


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

    from govstats.dataset.opening import partitions, ready

    if parts is None:
        ready(root)
        parts = partitions(root)
    for attempt in range(3):
        con = _database(memory_limit).cursor()  # a connection of its own: threads may query at once
        try:
            return _query(con, sql, root, parts, output, publisher)
        except (duckdb.IOException, duckdb.InvalidInputException) as exc:  # a file damaged or not Parquet
            now = partitions(root)
            if now != parts and attempt < 2:  # a run added a period since they were listed: not in the ENUM
                parts = now
                continue
            first = str(exc).strip().splitlines()[0]
            raise CorruptFileError(
                f"数据集文件无法读取（{first}）", Source(str(Path(root) / "handling"))
            ) from None
        finally:
            con.close()


def _query(con, sql: str, root: PathLike, parts: list[str | None], output, publisher):
    """:func:`run`'s query on the connection ``con``."""
    from govstats.dataset.layout import arrow_schema
    from govstats.dataset.opening import uniform

    if parts:
        source = parquet_source(root, not uniform(root, "handling"), parts)
        con.execute(f"CREATE TEMP VIEW handling AS SELECT * FROM {source}{_only(publisher)}")
    else:  # no handling rows yet: the same SQL over an empty table gives the empty result
        con.register("handling", arrow_schema("handling", partitions=True).empty_table())
    if output is not None:
        target = Path(output).as_posix().replace("'", "''")
        con.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet)")
        return Path(output)
    result = con.sql(sql)
    return _as_text(result.to_arrow_table() if hasattr(result, "to_arrow_table") else result.arrow())


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
    from govstats.dataset.opening import from_arrow, periods_from_text

    frame = from_arrow(table)
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


def _opened(root: PathLike, what: str, publisher) -> tuple[list[str | None], bool]:
    """The folder made ready to read, its handling partitions, and whether rows that name
    no publisher (the files' statistics say so) are kept apart per input file, warned as
    ``analyse.apart`` warns (only when no city filter is asked for)."""
    import warnings

    from govstats.dataset.opening import partitions, ready, unnamed_rows
    from govstats.errors import MissingPublisherWarning

    ready(root)
    parts = partitions(root)
    if publisher is not None or not unnamed_rows(root):
        return parts, False
    message = f"{what}：数据集文件夹中有未注明发布单位的行，每个输入文件单独计算，不与其他文件合并（input列）"
    warnings.warn(MissingPublisherWarning(message), stacklevel=4)
    return parts, True


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

    by = list(UNIT_KEYS if by is None else by)
    parts, apart = _opened(root, "rates", publisher)
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

    by = list(QOQ_KEYS if by is None else by)
    parts, apart = _opened(root, "qoq", publisher)
    sql = qoq_sql(by, freq=freq, measures=measures, apart=apart, ordered=output is None)
    frequency = _frequency(parts, freq)
    result = run(sql, root, output=output, parts=parts, publisher=publisher)
    return result if output is not None else to_frame(result, qoq_keys(by, apart), frequency)
