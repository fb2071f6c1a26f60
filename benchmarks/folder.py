"""Benchmark 5: the dataset folder. City-level rates and quarter-over-quarter through a
hive-partitioned folder (``govstats.sql.rates(DIR)``, DuckDB) against the pandas path (the
single ``handling.parquet`` that ``ingest -o`` writes, loaded into pandas, then
``govstats.rates``/``qoq``) at 7.2 million rows, results checked equal first; then ten
times the rows, generated partition by partition, through rates and qoq per city and per
unit out of core, under an 8 GB cap. Each run is a fresh process (peak RSS its own).

Run as a script with ``--child MODE DIR OUT`` it is that process and prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
VERSION = 2  # bump when the generated folders change
CITY = ["publisher", "period", "channel"]
SERIES = ["publisher", "channel"]
MEASURES = ["received", "on_time_rate"]  # per unit at national scale, as scale.py's (b2)


def _shapes(quick: bool) -> tuple[list[tuple[int, int, int]], tuple[int, int, int]]:
    """(publishers, units, quarters) of the comparisons (the same rows in 12,000 and in
    1,200 partitions: opening a partition's file is a fixed cost) and of the out-of-core
    run (the first one's 12,000 partitions, 10x the rows: a city's notice listing every
    county's units)."""
    if quick:
        return [(20, 30, 8)], (20, 300, 8)
    return [(300, 600, 40), (30, 6000, 40)], (300, 6000, 40)


def generate(govs: int, units: int, quarters: int, single_file: bool) -> Path:
    """The dataset folder of a national table (``scale.make_table``'s rows, one publisher
    at a time, never whole in memory), written as ``ingest --dataset`` lays it out, and with
    ``single_file`` also the one ``handling.parquet`` of ``ingest -o``; cached in out/."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq
    from scale import make_table

    from govstats.dataset import store
    from govstats.dataset.writing import for_parquet

    root = OUT / f"folder-v{VERSION}-{govs}x{units}x{quarters}"
    done = root / ".complete"
    if done.exists():
        return root
    whole = store.arrow_schema("handling", partitions=True)
    (root / "dataset").mkdir(parents=True, exist_ok=True)
    writer = pq.ParquetWriter(root / "handling.parquet", whole) if single_file else None
    try:
        for g in range(govs):
            t = make_table(1, units, quarters, seed=g)
            t["publisher"] = pd.array([f"测试{g:04d}市"] * len(t), dtype="string")
            if writer is not None:
                writer.write_table(pa.Table.from_pandas(for_parquet(t), schema=whole, preserve_index=False))
            # make_table stacks a government's rows quarter by quarter: one slice per partition
            arrow = store.arrow_part(t, "handling")
            publisher = store.partition_value(f"测试{g:04d}市")
            for q, period in enumerate(t["period"].iloc[::units]):
                folder = root / "dataset" / "handling" / f"publisher={publisher}" / f"period={period}"
                folder.mkdir(parents=True, exist_ok=True)
                pq.write_table(arrow.slice(q * units, units), folder / "part-synthetic.parquet")
    finally:
        if writer is not None:
            writer.close()
    done.touch()
    return root


def _child(mode: str, root: str, out: str) -> dict:
    import resource

    import pandas as pd

    import govstats

    times: dict[str, float] = {}

    def timed(name, fn):
        t = time.perf_counter()
        value = fn()
        times[name] = time.perf_counter() - t
        return value

    folder = Path(root) / "dataset"
    if mode == "pandas":
        from govstats.dataset.opening import to_contract

        table = timed(
            "load handling.parquet",
            lambda: to_contract(pd.read_parquet(Path(root) / "handling.parquet"), "handling"),
        )
        r = timed("rates per city", lambda: govstats.rates(table, CITY))
        q = timed("qoq per city", lambda: govstats.qoq(table, SERIES))
        r = r.sort_values(CITY, na_position="last", kind="stable").reset_index(drop=True)
    elif mode == "folder":
        r = timed("rates per city", lambda: govstats.sql.rates(folder, CITY))
        q = timed("qoq per city", lambda: govstats.sql.qoq(folder, SERIES))
    else:  # out of core: city results to pandas, unit results to Parquet files
        r = timed("rates per city", lambda: govstats.sql.rates(folder, CITY))
        q = timed("qoq per city", lambda: govstats.sql.qoq(folder, SERIES))
        timed(
            "rates per unit -> Parquet",
            lambda: govstats.sql.rates(folder, output=Path(out) / "rates-unit.parquet"),
        )
        timed(
            "qoq per unit on 2 measures -> Parquet",
            lambda: govstats.sql.qoq(folder, measures=MEASURES, output=Path(out) / "qoq-unit.parquet"),
        )
    r.to_pickle(Path(out) / "rates.pkl")
    q.to_pickle(Path(out) / "qoq.pkl")
    return {"times": times, "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20}


def _run(mode: str, root: Path, out: Path, cap_gb: float = 8.0) -> dict:
    from harness import run_capped

    out.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(root), str(out)]
    stdout, seen, took = run_capped(argv, cap_gb)
    if stdout is None:
        return {"killed": True, "peak_gb": seen, "after_s": took}
    return json.loads(stdout.strip().splitlines()[-1])


def _files(root: Path) -> int:
    return sum(1 for _ in (root / "dataset" / "handling").glob("*/*/*.parquet"))


def _ready(sec, label: str, shape: tuple[int, int, int], single_file: bool) -> Path:
    """The folder of ``shape`` (generated one publisher at a time unless cached), said."""
    t = time.perf_counter()
    root = generate(*shape, single_file=single_file)
    sec.note(
        f"({label}) {shape[0] * shape[1] * shape[2]:,} rows ({shape[0]} publishers x {shape[1]} units x "
        f"{shape[2]} quarters), {_files(root):,} partitions; ready in {time.perf_counter() - t:.0f} s "
        f"(benchmarks/out/{root.name})"
    )
    return root


def _compare(sec, label: str, shape: tuple[int, int, int], repeats: int, scratch: Path) -> Path:
    """One comparison of the folder with the pandas path at ``shape``, results equal first."""
    import pandas as pd
    from harness import Stats

    root = _ready(sec, label, shape, single_file=True)
    runs = {
        m: [_run(m, root, scratch / f"{m}{i}-{root.name}") for i in range(repeats)]
        for m in ("pandas", "folder")
    }
    for name in ("rates", "qoq"):
        a = pd.read_pickle(scratch / f"pandas0-{root.name}" / f"{name}.pkl")
        b = pd.read_pickle(scratch / f"folder0-{root.name}" / f"{name}.pkl")
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b)
    sec.note(
        "results: rates per city and qoq per city through the folder equal the pandas path's (assert_frame_equal)"
    )
    total = {}
    for mode, results in runs.items():
        for step in results[0]["times"]:
            sec.stat(Stats(f"{mode}: {step}", [r["times"][step] for r in results]))
        total[mode] = sec.stat(
            Stats(f"{mode}: city-level rates + qoq, whole", [sum(r["times"].values()) for r in results])
        )
    peak = {m: max(r["peak_gb"] for r in results) for m, results in runs.items()}
    sec.note(f"peak RSS: pandas path {peak['pandas']:.2f} GB, folder {peak['folder']:.2f} GB")
    tag = f"{_files(root):,} partitions"
    sec.ratio(f"folder / pandas path, {tag}: time", total["folder"], total["pandas"], 0.5)
    sec.ratio(f"folder / pandas path, {tag}: peak memory", peak["folder"], peak["pandas"], 0.5)
    return root


def run(sec, quick: bool = False) -> None:
    import shutil
    import tempfile

    compared, big = _shapes(quick)
    repeats = 1 if quick else 3
    scratch = Path(tempfile.mkdtemp(prefix="govstats-folder-"))
    try:
        # the second shape only shows where the time goes: one run each
        roots = [
            _compare(sec, f"a{i + 1}", s, repeats if i == 0 else 1, scratch) for i, s in enumerate(compared)
        ]
        root, rows = roots[0], compared[0][0] * compared[0][1] * compared[0][2]
        big_rows = big[0] * big[1] * big[2]
        big_root = _ready(sec, "b", big, single_file=False)
        sizes = {}
        for label, where in ((f"{rows:,} rows", root), (f"{big_rows:,} rows", big_root)):
            r = _run("out-of-core", where, scratch / f"ooc-{where.name}")
            sizes[label] = r
            if r.get("killed"):
                sec.note(f"{label}: stopped at the 8 GB cap after {r['after_s']:.0f} s")
                continue
            steps = ", ".join(f"{k} {v:.1f} s" for k, v in r["times"].items())
            sec.note(
                f"{label}: {steps}; whole {sum(r['times'].values()):.1f} s, peak RSS {r['peak_gb']:.2f} GB"
            )
        small_r, big_r = sizes.values()
        if not big_r.get("killed"):
            sec.ratio(f"{big_rows:,} rows out of core: peak memory / 8 GB", big_r["peak_gb"], 8.0, 1.0)
            if not small_r.get("killed"):
                growth = sum(big_r["times"].values()) / sum(small_r["times"].values())
                per_step = ", ".join(
                    f"{k} {big_r['times'][k] / small_r['times'][k]:.1f}x" for k in big_r["times"]
                )
                sec.note(
                    f"growth, 10x the rows: time {growth:.1f}x ({per_step}); memory {small_r['peak_gb']:.2f} -> {big_r['peak_gb']:.2f} GB"
                )
        else:
            sec.ratio("out of core: peak memory / 8 GB (stopped)", big_r["peak_gb"], 8.0, 1.0)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "--child":
    sys.path.insert(0, str(HERE))
    print(json.dumps(_child(*sys.argv[2:5])))
