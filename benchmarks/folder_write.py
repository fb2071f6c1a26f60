"""Writing the dataset folder (part of benchmark 5): a loaded national collection written as
the folder (``Dataset.add_to``) against the same rows written as one Parquet file, in
alternating rounds of one process, then one city-quarter replaced."""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path


def collection(govs: int, units: int, first: int, last: int, bump: int = 0):
    """A loaded collection of quarters ``first``..``last - 1`` (``scale.make_table``'s rows):
    one input per city and quarter (``测试0001市-2014Q1.xlsx``), each row's ``source``
    naming it, the text columns in one Arrow chunk per input as ``govstats.load`` leaves
    them. ``bump`` adds to every ``received`` (an input corrected)."""
    import numpy as np
    import pandas as pd
    from scale import make_table

    from govstats.dataset.model import Dataset, InputStatus

    quarters = pd.period_range("2014Q1", periods=last, freq="Q")
    frames, inputs = [], []
    for q in range(first, last):
        t = make_table(govs, units, 1, seed=q)
        t["period"] = pd.array([quarters[q]] * len(t), dtype=quarters.dtype)
        t["received"] += bump
        t["on_time"] += bump
        names = [f"测试{g:04d}市-{quarters[q]}.xlsx" for g in range(govs)]
        rows = np.tile(np.arange(units) + 4, govs)
        t["source"] = pd.array(
            [
                f"{names[g]}, sheet 附件4, row {r}"
                for g, r in zip(np.repeat(np.arange(govs), units), rows, strict=True)
            ],
            dtype="string",
        )
        frames += [t.iloc[g * units : (g + 1) * units] for g in range(govs)]
        inputs += [InputStatus(n, Path("/synthetic") / n, "xlsx") for n in names]
    return Dataset(handling=pd.concat(frames, ignore_index=True), inputs=inputs)


def one_file(handling, path: Path) -> None:
    """``handling`` as one Parquet file, as fast as it is written (its periods as text
    from their distinct values, not converted row by row)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from govstats.dataset.store import INPUT_KEY, arrow_schema

    full = arrow_schema("handling", partitions=True)
    full = full.remove(full.get_field_index(INPUT_KEY))
    rest = [c for c in full.names if c != "period"]
    codes, uniques = pd.factorize(handling["period"].array)
    text = pa.array([str(u) for u in uniques], pa.string()).take(pa.array(codes))
    rows = pa.Table.from_pandas(
        handling[rest], schema=pa.schema([full.field(c) for c in rest]), preserve_index=False
    )
    pq.write_table(rows.append_column("period", text).select(full.names).replace_schema_metadata(), path)


def write_and_replace(sec, shape: tuple[int, int, int], repeats: int, where: Path) -> Path:
    """Time writing ``shape``'s collection both ways and replacing one city-quarter; return
    the folder holding ``handling.parquet`` and ``dataset/`` for the reading comparison."""
    from harness import Stats

    govs, units, quarters = shape
    t = time.perf_counter()
    loaded = collection(govs, units, 0, quarters)
    sec.note(
        f"(a) {len(loaded.handling):,} rows ({govs} cities x {quarters} quarters x {units} units, "
        f"{len(loaded.inputs):,} inputs) generated in {time.perf_counter() - t:.0f} s"
    )
    single, folder, cpu = [], [], {"one": [], "folder": [], "replace": []}
    for _ in range(repeats):
        shutil.rmtree(where, ignore_errors=True)
        where.mkdir(parents=True)
        t, c = time.perf_counter(), time.process_time()
        one_file(loaded.handling, where / "handling.parquet")
        single.append(time.perf_counter() - t)
        cpu["one"].append(time.process_time() - c)
        t, c = time.perf_counter(), time.process_time()
        loaded.add_to(where / "dataset")
        folder.append(time.perf_counter() - t)
        cpu["folder"].append(time.process_time() - c)
    files = sorted((where / "dataset" / "handling").glob("*/*.parquet"))
    sec.note(f"folder: {len(files)} period files, {_row_groups(files)} row groups")
    one, written = (
        sec.stat(Stats("write one Parquet file", single)),
        sec.stat(Stats("write the folder", folder)),
    )
    sec.ratio("write the folder / write one Parquet file", written, one, 2.0)
    city = collection(1, units, 0, 1, bump=1)  # city 0's first quarter, corrected: the same input again
    copy = where.parent / "replaced"  # the reading comparison keeps the rows of the one file
    shutil.copytree(where / "dataset", copy, dirs_exist_ok=True)
    replaced = []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        run = city.add_to(copy)
        replaced.append(time.perf_counter() - t)
        cpu["replace"].append(time.process_time() - c)
    assert run["replaced"] and run["files"] == 1, run
    shutil.rmtree(copy)
    took = sec.stat(Stats("replace one city-quarter", replaced))
    sec.ratio("replace one city-quarter / write the folder", took, written, 0.05)
    mid = {k: statistics.median(v) for k, v in cpu.items()}
    sec.note(
        f"in CPU seconds (every thread's, median; the wall times above are the ratios'): one file {mid['one']:.2f} s, "
        f"the folder {mid['folder']:.2f} s ({mid['folder'] / mid['one']:.2f}x), "
        f"replace {mid['replace']:.3f} s ({mid['replace'] / mid['folder']:.3f}x the folder's)"
    )
    return where


def _row_groups(files: list[Path]) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(f).metadata.num_row_groups for f in files)
