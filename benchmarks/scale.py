"""Benchmark 4: scale. A synthetic national-scale handling table (governments x units x
quarters) through ``govstats.rates`` and ``govstats.qoq``, each size in a fresh process so
its peak memory (ru_maxrss) is its own.

Run as a script with ``--child GOVS UNITS QUARTERS REPEATS`` it is that process: it
builds the table, times the functions and prints one JSON line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from harness import rss_gb, run_capped

FULL = (3000, 60, 40)  # 7.2 million rows
TARGET_SECONDS, TARGET_GB = 5.0, 3.0


def unavailable() -> str | None:
    """Why the benchmark cannot run yet (a missing function), or None."""
    import govstats

    for name in ("rates", "qoq"):
        try:
            getattr(govstats, name)
        except (AttributeError, ImportError) as exc:
            return f"govstats.{name} is not available ({exc})"
    return None


def make_table(govs: int, units: int, quarters: int, seed: int = 0, keys: str = "string"):
    """A handling table of the contract's columns and dtypes: every government reports
    every unit every quarter on the mailbox channel (the first two thirds of the units are
    city departments, the rest districts); counts add up as in domain.md. ``keys="category"``
    gives the text columns pandas' category dtype instead of the contract's strings."""
    import numpy as np
    import pandas as pd

    from govstats import schema

    rng = np.random.default_rng(seed)
    n = govs * units * quarters
    # Row order: government, quarter, unit (as a national table would be stacked).
    gov = np.repeat(np.arange(govs, dtype=np.int32), units * quarters)
    qtr = np.tile(np.repeat(np.arange(quarters, dtype=np.int32), units), govs)
    unit = np.tile(np.arange(units, dtype=np.int32), govs * quarters)
    city_units = units * 2 // 3
    periods = pd.period_range("2014Q1", periods=quarters, freq="Q")
    received = rng.poisson(12, n).astype(np.int64)
    received[rng.random(n) < 0.08] = 0  # units that received nothing have no rate
    late = rng.binomial(received, 0.08)
    pending = rng.binomial(received - late, 0.04)
    overdue = rng.binomial(pending, 0.5)
    on_time = received - late - pending

    def text(codes, labels):
        cat = pd.Categorical.from_codes(codes, labels)
        return cat if keys == "category" else cat.astype("string")

    tier_codes = (unit >= city_units).astype(np.int8)
    table = pd.DataFrame(
        {
            "publisher": text(gov, [f"测试{i:04d}市" for i in range(govs)]),
            "period": pd.Series(periods.take(qtr)),
            "channel": text(np.zeros(n, dtype=np.int8), ["mailbox"]),
            "channel_raw": text(np.zeros(n, dtype=np.int8), ["部门信箱"]),
            "tier": text(tier_codes, ["市直单位", "区(市)"]),
            "tier_raw": text(tier_codes, ["一、市直单位", "二、区(市)"]),
            "unit": text(unit, [f"测试单位{u:02d}" for u in range(units)]),
            "received": pd.array(received, dtype="Int64"),
            "on_time": pd.array(on_time, dtype="Int64"),
            "late_completed": pd.array(late, dtype="Int64"),
            # no table prints 办结数 beside 按时/超期办结: completed is missing, as the loader leaves it
            "completed": pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)),
            "pending": pd.array(pending, dtype="Int64"),
            "overdue_pending": pd.array(overdue, dtype="Int64"),
            "source": text(np.zeros(n, dtype=np.int8), ["synthetic"]),
            # empty, as the loader leaves them where no input says (docs/contract.md)
            "publisher_source": text(np.full(n, -1, dtype=np.int8), ["given"]),
            "period_source": text(np.full(n, -1, dtype=np.int8), ["given"]),
        }
    )
    assert list(table.columns) == list(schema.COLUMNS["handling"])
    if keys == "string":
        assert table.dtypes.equals(schema.frame("handling").dtypes.replace({object: table["period"].dtype}))
    return table


STEPS = {
    "rates per unit": lambda g, t: g.rates(t),
    "rates per city": lambda g, t: g.rates(t, by=["publisher", "period", "channel"]),
    "qoq per city": lambda g, t: g.qoq(t, by=["publisher", "channel"]),
    "qoq per unit": lambda g, t: g.qoq(t),
    "qoq per unit on 2 measures": lambda g, t: g.qoq(t, measures=["received", "on_time_rate"]),
}
CITY_PATH = ("rates per unit", "rates per city", "qoq per city")
UNIT_QOQ = ("qoq per unit",)
UNIT_QOQ_NARROW = ("qoq per unit on 2 measures",)


def _child(govs: int, units: int, quarters: int, repeats: int, steps: list[str], variant: str) -> dict:
    import gc
    import os
    import resource
    import time

    import govstats

    t = time.perf_counter()
    table = make_table(govs, units, quarters, keys="category" if variant == "category" else "string")
    build_s = time.perf_counter() - t
    gc.collect()
    table_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB -> GiB: peak while building
    before_gb = rss_gb(os.getpid())  # what the process holds when the functions start
    frame_gb = table.memory_usage(deep=True).sum() / 2**30
    times: dict[str, list[float]] = {k: [] for k in steps}
    rows: dict[str, int] = {}
    for _ in range(repeats):
        for name in steps:
            t = time.perf_counter()
            out = STEPS[name](govstats, table)
            times[name].append(time.perf_counter() - t)
            rows[name] = len(out)
            del out
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    return {
        "rows": len(table),
        "build_s": build_s,
        "frame_gb": frame_gb,
        "before_gb": before_gb,
        "table_gb": table_gb,
        "peak_gb": peak,
        "times": times,
        "out_rows": rows,
    }


def measure(
    govs: int, units: int, quarters: int, repeats: int, steps, variant: str = "as-is", cap_gb: float = 8.0
) -> dict:
    """Run one size in a fresh interpreter and return what it printed; a child whose
    memory passes ``cap_gb`` is stopped (the machine is shared) and reported as such."""

    argv = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        str(govs),
        str(units),
        str(quarters),
        str(repeats),
        ",".join(steps),
        variant,
    ]
    out, seen, took = run_capped(argv, cap_gb)
    if out is None:
        return {"killed": True, "rows": govs * units * quarters, "peak_gb": seen, "after_s": took}
    return json.loads(out.strip().splitlines()[-1])


def _total(r: dict) -> list[float]:
    return [sum(v) for v in zip(*r["times"].values(), strict=True)]


def _growth(results: list[dict]) -> str:
    import math

    done = [r for r in results if not r.get("killed")]
    if len(done) < 2:
        return "growth: fewer than two sizes ran"
    a, b = done[0], done[-1]
    ta, tb = min(_total(a)), min(_total(b))
    k = math.log(tb / ta) / math.log(b["rows"] / a["rows"]) if ta > 0 else float("nan")
    ma, mb = a["peak_gb"], b["peak_gb"]
    return (
        f"growth: time ~ rows^{k:.2f} from {a['rows']:,} to {b['rows']:,} rows (1.00 = linear); "
        f"peak memory {ma:.2f} -> {mb:.2f} GB"
    )


def _path(sec, label: str, steps, sizes, units, quarters, repeats, variant="as-is") -> None:
    from harness import Stats

    results = []
    for govs in sizes:
        r = measure(govs, units, quarters, repeats if govs == sizes[-1] else 1, steps, variant)
        results.append(r)
        if r.get("killed"):
            sec.note(
                f"{r['rows']:>10,} rows: stopped at the {r['peak_gb']:.1f} GB safety cap after "
                f"{r['after_s']:.0f} s (shared machine)"
            )
            continue
        sec.note(
            f"{r['rows']:>10,} rows ({govs} governments x {units} units x {quarters} quarters): "
            f"{label} {min(_total(r)):.2f} s, peak RSS {r['peak_gb']:.2f} GB (RSS when the functions start "
            f"{r['before_gb']:.2f} GB, the frame itself {r['frame_gb']:.2f} GB; building it peaked at "
            f"{r['table_gb']:.2f} GB)"
        )
    full = results[-1]
    if len(results) > 1:
        sec.note(_growth(results))
    if full.get("killed"):
        sec.ratio(f"{label}: peak memory / {TARGET_GB:g} GB (stopped)", full["peak_gb"], TARGET_GB, 1.0)
        return
    for name, vals in full["times"].items():
        sec.stat(
            Stats(
                f"{name}{', category keys' if variant == 'category' else ''} ({full['rows']:,} -> {full['out_rows'][name]:,} rows)",
                vals,
            )
        )
    total = sec.stat(Stats(f"{label}, {full['rows']:,} rows", _total(full))) if len(steps) > 1 else None
    median = total.median if total else Stats("", _total(full)).median
    sec.ratio(f"{label}: time / {TARGET_SECONDS:g} s", median, TARGET_SECONDS, 1.0)
    sec.ratio(
        f"{label}: peak memory / {TARGET_GB:g} GB ({full['peak_gb']:.2f} GB)", full["peak_gb"], TARGET_GB, 1.0
    )


def run(sec, quick: bool = False) -> None:
    govs_full, units, quarters = (60, 10, 8) if quick else FULL
    sizes = [govs_full // 4, govs_full // 2, govs_full]
    repeats = 1 if quick else 3
    sec.note("(a) the national path: rates per unit and per city, quarter-over-quarter per city")
    _path(sec, "rates + qoq per city", CITY_PATH, sizes, units, quarters, repeats)
    if quick:
        return
    sec.note("(b) quarter-over-quarter per unit (one output row per input row, 43 columns)")
    _path(sec, "qoq per unit", UNIT_QOQ, sizes, units, quarters, 1)
    sec.note("(b2) the same with measures=['received', 'on_time_rate'] (14 columns), full size only")
    _path(sec, "qoq per unit on 2 measures", UNIT_QOQ_NARROW, sizes[-1:], units, quarters, 1)
    sec.note(
        "(c) both with category dtype for the text columns (publisher, unit, …) instead of the "
        "contract's strings, full size only"
    )
    _path(
        sec,
        "rates + qoq per city, category keys",
        CITY_PATH,
        sizes[-1:],
        units,
        quarters,
        repeats,
        "category",
    )
    _path(sec, "qoq per unit, category keys", UNIT_QOQ, sizes[-1:], units, quarters, 1, "category")


if __name__ == "__main__" and len(sys.argv) == 8 and sys.argv[1] == "--child":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    g, u, q, r = (int(a) for a in sys.argv[2:6])
    print(json.dumps(_child(g, u, q, r, sys.argv[6].split(","), sys.argv[7])))
