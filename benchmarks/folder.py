"""Benchmark 5: the dataset folder in the layout issue 26 decided (``period=`` partitions, one
file per period sorted by publisher, 64k-row groups), at 7.2 million rows (300 cities x 40
quarters x 600 units), in one run:

- writing the folder from a loaded national collection (``Dataset.add_to``: 12,000 inputs,
  text columns in 12,000 Arrow chunks as ``govstats.load`` leaves them) against writing the
  same rows as one Parquet file, alternating rounds (``folder_write.py``);
- replacing one city-quarter (an input of 600 rows ingested again) against that write;
- rates per city through the folder (``govstats.sql.rates(DIR)``, DuckDB) against the pandas
  path (the one file loaded into pandas, then ``govstats.rates``) and against the same SQL
  on DuckDB over the one file, each a fresh process, results checked equal first;
- 72 million rows (300 x 6,000 x 40, generated a quarter at a time, never whole in memory)
  through rates and qoq per city and per unit out of core, peak RSS against 8 GB.

Run as a script with ``--child MODE DIR OUT`` it is that process and prints one JSON line.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
VERSION = 3  # bump when the generated folders change
CITY = ["publisher", "period", "channel"]
SERIES = ["publisher", "channel"]
MEASURES = ["received", "on_time_rate"]  # per unit at national scale, as scale.py's (b2)
MODES = ("pandas", "duckdb-one-file", "folder")


def _shapes(quick: bool) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """(cities, units, quarters) of the comparisons and of the out-of-core run."""
    if quick:
        return (20, 30, 8), (20, 300, 8)
    return (300, 600, 40), (300, 6000, 40)


def generate_big(govs: int, units: int, quarters: int) -> Path:
    """The folder of a national table too large for memory, written a quarter at a time
    (each quarter one ``add_to`` run of its own rows); cached in out/."""
    from folder_write import collection

    root = OUT / f"folder-v{VERSION}-{govs}x{units}x{quarters}"
    done = root / ".complete"
    if done.exists():
        return root
    for q in range(quarters):
        collection(govs, units, q, q + 1).add_to(root / "dataset")
    done.touch()
    return root


def _child(mode: str, root: str, out: str) -> dict:
    import pandas as pd

    import govstats

    times: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def timed(name, fn):
        t, c = time.perf_counter(), time.process_time()
        value = fn()
        times[name] = time.perf_counter() - t
        cpu[name] = time.process_time() - c  # every thread's: what the machine's load distorts least
        with open(Path(out) / "progress.txt", "a", encoding="utf-8") as said:  # read while it runs
            said.write(f"{name}: {times[name]:.1f} s\n")
        return value

    folder, one = Path(root) / "dataset", Path(root) / "handling.parquet"
    if mode == "pandas":
        from govstats.dataset.opening import to_contract

        table = timed("load handling.parquet", lambda: to_contract(pd.read_parquet(one), "handling"))
        r = timed("rates per city", lambda: govstats.rates(table, CITY))
        r = r.sort_values(CITY, na_position="last", kind="stable").reset_index(drop=True)
    elif mode == "duckdb-one-file":
        r = timed("rates per city", lambda: _duckdb_one_file(one))
    elif mode == "folder":
        r = timed("rates per city", lambda: govstats.sql.rates(folder, CITY))
        timed("qoq per city", lambda: govstats.sql.qoq(folder, SERIES))
    else:  # out of core: city results to pandas, unit results to Parquet files
        r = timed("rates per city", lambda: govstats.sql.rates(folder, CITY))
        timed("qoq per city", lambda: govstats.sql.qoq(folder, SERIES))
        timed(
            "rates per unit -> Parquet",
            lambda: govstats.sql.rates(folder, output=Path(out) / "rates-unit.parquet"),
        )
        timed(
            "qoq per unit on 2 measures -> Parquet",
            lambda: govstats.sql.qoq(folder, measures=MEASURES, output=Path(out) / "qoq-unit.parquet"),
        )
    r.to_pickle(Path(out) / "rates.pkl")
    return {"times": times, "cpu": cpu}


def _duckdb_one_file(path: Path):
    """govstats' rates per city as its SQL on DuckDB over one Parquet file (the baseline the
    folder's layout is held to)."""
    import duckdb

    from govstats.analyse import sql

    con = duckdb.connect()
    where = path.as_posix().replace("'", "''")
    con.execute(f"CREATE VIEW handling AS SELECT * FROM read_parquet('{where}')")
    return sql.to_frame(con.sql(sql.rates_sql(CITY)).to_arrow_table(), sql.rates_keys(CITY), None)


def _run(mode: str, root: Path, out: Path, cap_gb: float = 8.0) -> dict:
    from harness import run_capped

    out.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(root), str(out)]
    stdout, seen, took = run_capped(argv, cap_gb)
    if stdout is None:
        return {"killed": True, "peak_gb": seen, "after_s": took}
    # RSS as watched: a child's own ru_maxrss starts from its parent's (kept across exec)
    return json.loads(stdout.strip().splitlines()[-1]) | {"peak_gb": seen}


def _read(sec, root: Path, repeats: int, scratch: Path) -> None:
    """Rates per city three ways, fresh processes in alternating rounds, results equal."""
    import pandas as pd
    from harness import Stats

    runs: dict[str, list[dict]] = {m: [] for m in MODES}
    for i in range(repeats):
        for m in MODES:
            runs[m].append(_run(m, root, scratch / f"{m}{i}"))
    results = {m: pd.read_pickle(scratch / f"{m}0" / "rates.pkl") for m in MODES}
    for m in MODES[1:]:
        pd.testing.assert_frame_equal(results["pandas"].reset_index(drop=True), results[m])
    sec.note("results: rates per city of the folder and of DuckDB over one file equal the pandas path's")
    whole = {}
    for m, done in runs.items():
        for step in done[0]["times"]:
            sec.stat(Stats(f"{m}: {step}", [r["times"][step] for r in done]))
        whole[m] = sec.stat(Stats(f"{m}: rates per city, whole", [sum(r["times"].values()) for r in done]))
    peak = {m: max(r["peak_gb"] for r in done) for m, done in runs.items()}
    sec.note("peak RSS: " + ", ".join(f"{m} {g:.2f} GB" for m, g in peak.items()))
    folder = Stats("folder", [r["times"]["rates per city"] for r in runs["folder"]])
    cpu = {m: statistics.median(r["cpu"]["rates per city"] for r in runs[m]) for m in MODES}
    sec.note(
        "rates per city in CPU seconds (all threads, median; beside the wall times the ratios use): "
        + ", ".join(f"{m} {c:.3f} s" for m, c in cpu.items())
        + f"; folder / DuckDB over one file {cpu['folder'] / cpu['duckdb-one-file']:.2f}x"
    )
    sec.ratio("rates per city: folder / pandas path (load + rates)", folder, whole["pandas"], 0.2)
    sec.ratio("rates per city: folder / DuckDB over one file", folder, whole["duckdb-one-file"], 1.3)


def _out_of_core(sec, big: tuple[int, int, int], scratch: Path) -> None:
    rows = big[0] * big[1] * big[2]
    t = time.perf_counter()
    root = generate_big(*big)
    files = len(list((root / "dataset" / "handling").glob("*/*.parquet")))
    sec.note(
        f"(b) {rows:,} rows, {files} period files; ready in {time.perf_counter() - t:.0f} s (out/{root.name})"
    )
    r = _run("out-of-core", root, scratch / "ooc")
    if r.get("killed"):
        sec.note(f"{rows:,} rows: stopped at the 8 GB cap after {r['after_s']:.0f} s")
    else:
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in r["times"].items())
        sec.note(
            f"{rows:,} rows: {steps}; whole {sum(r['times'].values()):.1f} s, peak RSS {r['peak_gb']:.2f} GB"
        )
    sec.ratio(f"{rows:,} rows out of core: peak memory / 8 GB", r["peak_gb"], 8.0, 1.0)


def run(sec, quick: bool = False, big: bool = True) -> None:
    import shutil
    import tempfile

    from folder_write import write_and_replace

    shape, large = _shapes(quick)
    repeats = 1 if quick else 3
    scratch = Path(tempfile.mkdtemp(prefix="govstats-folder-"))
    try:
        root = write_and_replace(sec, shape, repeats, scratch / "written")
        _read(sec, root, repeats, scratch)
        if big:
            _out_of_core(sec, large, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__" and len(sys.argv) == 5 and sys.argv[1] == "--child":
    sys.path.insert(0, str(HERE))
    print(json.dumps(_child(*sys.argv[2:5])))
