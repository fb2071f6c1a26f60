"""Benchmark 6: govstats' SQL (``govstats.analyse.sql``) on Spark. Spark (pyspark,
``local[2]``, Java 17) reads the test dataset folder of ``tests/fixtures/dataset.py`` (gaps,
renames, new and gone units, duplicates, rows without publisher, period or unit) with hive
partitioning, runs the very text DuckDB runs (rates, qoq and the panel's counts), and its tables are compared with govstats'
pandas results, value for value (``assert_frame_equal`` after the same conversion to
govstats' dtypes). A check, not a speed race: Spark's start-up alone is seconds.

    .venv/bin/python benchmarks/spark_check.py     # or make bench (section 6)
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

RATES_BY = [None, ["publisher", "period", "channel"], ["publisher", "period", "channel", "tier"]]
QOQ_BY = [None, ["publisher", "channel"], ["publisher", "channel", "tier"], ["channel", "tier"]]


def unavailable() -> str | None:
    """Why the check cannot run here (no pyspark, no Java), or None."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install -e '.[spark]'; make bench installs it)"
    if shutil.which("java") is None:
        return "no Java (scripts/system-deps.sh --bench installs openjdk-17-jre-headless)"
    return None


def _spark():
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .appName("govstats-sql-check")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        # partition values stay text: a publisher or period is never a number
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )


def check(log=print) -> tuple[int, int]:
    """Run every comparison; return (equal, compared). Prints one line per query."""
    import warnings

    import pandas as pd

    # pyspark warns that it does not fully support pandas 3: only its Arrow path is used here
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")

    import govstats
    from govstats.analyse import sql
    from govstats.analyse.metrics import UNIT_KEYS
    from govstats.analyse.trends import QOQ_KEYS
    from govstats.errors import MissingPublisherWarning

    sys.path.insert(0, str(ROOT / "tests"))
    from fixtures import dataset

    scratch = Path(tempfile.mkdtemp(prefix="govstats-spark-"))
    try:
        folder = scratch / "ds"
        rows = dataset.build(folder, scratch / "in")
        t = time.perf_counter()
        spark = _spark()
        spark.sparkContext.setLogLevel("ERROR")
        log(f"Spark {spark.version} started in {time.perf_counter() - t:.1f} s (local[2])")
        spark.read.option("basePath", str(folder / "handling")).option("mergeSchema", "true").parquet(
            str(folder / "handling")
        ).createOrReplaceTempView("handling")
        cases = [("rates", by, None) for by in RATES_BY] + [("qoq", by, None) for by in QOQ_BY]
        cases.append(("qoq", ["publisher", "channel"], ["received", "on_time_rate"]))
        apart = bool(rows["publisher"].isna().any())  # rows naming no city: a group per input file
        warnings.filterwarnings("ignore", category=MissingPublisherWarning)
        equal = 0
        for kind, by, measures in cases:
            if kind == "rates":
                keys = sql.rates_keys(list(UNIT_KEYS if by is None else by), apart)
                text = sql.rates_sql(keys)
                expected = govstats.rates(rows, by).sort_values(keys, na_position="last", kind="stable")
            else:
                keys = sql.qoq_keys(list(QOQ_KEYS if by is None else by), apart)
                text = sql.qoq_sql(keys, measures=measures)
                expected = govstats.qoq(rows, by, measures=measures)
            got = spark.sql(text).toArrow()  # Arrow keeps nullable integers as integers
            frame = sql.to_frame(got, keys, None if kind == "rates" else "Q-DEC")
            label = f"{kind} by {by or 'default'}{f' on {measures}' if measures else ''}"
            try:
                pd.testing.assert_frame_equal(frame, expected.reset_index(drop=True))
                equal += 1
                log(f"{label}: {len(frame)} rows, equal")
            except AssertionError as exc:
                log(f"{label}: DIFFERENT: {' '.join(str(exc).split())[:400]}")
        equal += _panel(spark, folder, log)
        spark.stop()
        return equal, len(cases) + 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _panel(spark, folder: Path, log) -> int:
    """The panel's counts and rates (``analyse.panel_sql``) on Spark against the pandas panel."""
    import pandas as pd

    import govstats
    from govstats.analyse import panel_sql, sql
    from govstats.analyse.metrics import RATES
    from govstats.schema import COUNT_FIELDS

    keys = panel_sql.KEYS
    expected = govstats.panel(govstats.open_dataset(folder))
    expected = expected[expected["has_annex"]][[*keys, "units", *COUNT_FIELDS, *RATES]]
    expected = expected.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)
    frame = sql.to_frame(spark.sql(panel_sql.panel_sql()).toArrow(), keys, None)
    frame = frame.astype({k: "string" for k in keys if k != "period"})
    try:
        pd.testing.assert_frame_equal(frame, expected)
        log(f"panel: {len(frame)} rows, equal")
        return 1
    except AssertionError as exc:
        log(f"panel: DIFFERENT: {' '.join(str(exc).split())[:400]}")
        return 0


def run(sec) -> None:
    equal, compared = check(sec.note)
    sec.ratio(
        "Spark tables equal to govstats' pandas tables (of those compared)",
        equal,
        compared,
        1.0,
        at_most=False,
    )


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    reason = unavailable()
    if reason:
        sys.exit(f"spark_check: {reason}")
    equal, compared = check()
    print(f"{equal} of {compared} equal")
    sys.exit(0 if equal == compared else 1)
