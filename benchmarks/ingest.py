"""Benchmark 1: ingest throughput of ``govstats.load`` over a corpus of annex workbooks,
against the baseline a user would write (pandas + openpyxl, raw cells only) and the floor
(python-calamine reading every sheet's raw cells), in the same run."""

from __future__ import annotations

from pathlib import Path

import corpus
import pandas as pd
from harness import Section, Stats, run_child, timeit

from govstats import schema


def _baseline(files) -> None:
    for f in files:
        pd.read_excel(f, sheet_name=None, header=None, engine="openpyxl")


def _floor(files) -> None:
    from python_calamine import CalamineWorkbook

    for f in files:
        wb = CalamineWorkbook.from_path(str(f))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()


COLUMNS = ["file", *(c for c in schema.COLUMNS["handling"] if c != "source")]

# An annex no corpus copies: loading it first pays the imports and first calls, and leaves
# govstats' caches of what a text means (kept by the text) cold for the corpus.
_UNRELATED = Path(__file__).resolve().parents[1] / "tests" / "data" / "other-publishers"
_UNRELATED = _UNRELATED / "hanzhong-2022-08-mailbox" / "input.xlsx"
_FIRST = """
import sys, time
from pathlib import Path
import govstats
govstats.load([Path(sys.argv[1])], workers=1)
t = time.perf_counter()
govstats.load(Path(sys.argv[2]), workers=WORKERS)
print(time.perf_counter() - t)
"""


def first_loads(folder: Path, repeats: int, workers: int | None = 1) -> list[float]:
    """Seconds of a corpus's first load in a fresh process, one process each repeat: what a
    run of ``govstats ingest`` pays after start-up. Later loads in one process find what each
    text means already worked out, and would flatter a corpus whose texts repeat."""
    code = _FIRST.replace("sys.argv[1]", repr(str(_UNRELATED))).replace("sys.argv[2]", repr(str(folder)))
    code = code.replace("WORKERS", repr(workers))
    return [float(run_child(code).stdout.split()[-1]) for _ in range(repeats)]


def _keyed(handling: pd.DataFrame) -> pd.DataFrame:
    """The table with its source reduced to the file name, as text, sorted."""
    out = handling.assign(file=handling["source"].astype("string").str.split(",").str[0])[COLUMNS]
    out = out.astype("string").fillna("<NA>")
    return out.sort_values(COLUMNS, kind="stable").reset_index(drop=True)


def compare_with_truth(handling: pd.DataFrame, specs) -> str:
    """'identical' or a short account of how the loaded table differs from the known truth."""
    truth = corpus.truth(specs)
    got, want = _keyed(handling), _keyed(truth)
    if got.equals(want) and handling.drop(columns="source").dtypes.equals(
        truth.drop(columns="source").dtypes
    ):
        return "identical"
    merged = got.merge(want, how="outer", on=COLUMNS, indicator=True)
    missing = int((merged["_merge"] == "right_only").sum())
    text = f"DIFFERS: {missing} of {len(want)} generated rows not loaded as generated ({len(got)} loaded)"
    if missing == 0:
        return text + "; the rows agree, the dtypes do not"
    # Which single column explains the difference: pairs of rows that match on all the others.
    for col in COLUMNS[1:]:
        rest = [c for c in COLUMNS if c != col]
        pair = got.merge(want, how="inner", on=rest, suffixes=("_got", "_want"))
        bad = pair[pair[f"{col}_got"] != pair[f"{col}_want"]]
        if len(bad) >= missing and len(pair) == len(want):
            e = bad.iloc[0]
            return (
                text + f"; only {col} differs, in {len(bad)} rows of {bad['file'].nunique()} files "
                f"(e.g. {e['file']}: {e[col + '_got']} for {e[col + '_want']})"
            )
    return text


def _same(a, b) -> bool:
    """Every tidy table equal, values and dtypes."""
    return all(
        x.equals(y) and x.dtypes.equals(y.dtypes)
        for x, y in zip(a.tables().values(), b.tables().values(), strict=True)
    )


def _layouts_of(specs, handling: pd.DataFrame) -> str:
    """Which layouts the rows that differ from the truth come from ('' when none do)."""
    got, want = _keyed(handling), _keyed(corpus.truth(specs))
    merged = got.merge(want, how="outer", on=COLUMNS, indicator=True)
    bad = merged[merged["_merge"] != "both"]
    if bad.empty:
        return ""
    layout = {s.name: s.layout for s in specs}
    files = bad.drop_duplicates("file")["file"].map(layout).value_counts()
    return "files whose rows differ, by layout: " + ", ".join(f"{k} {v}" for k, v in files.items())


def run(sec: Section, n: int, seed: int, repeats: int, workers: int = 2) -> None:
    folder, specs = corpus.build(n, seed)
    files = sorted(folder.glob("*.xlsx"))
    sheets = sum({"annexes": 4, "messy_mailbox": 2}.get(s.layout, 1) for s in specs)
    sec.note(
        f"corpus: {len(files)} workbooks, {sheets} sheets, {len(corpus.truth(specs))} unit rows "
        f"({folder.relative_to(folder.parent.parent.parent)})"
    )
    import openpyxl_reader

    import govstats

    results: dict[str, list] = {"serial": [], "parallel": [], "openpyxl": []}

    def serial():
        results["serial"].append(govstats.load(folder, workers=1))

    def with_openpyxl():
        with openpyxl_reader.patched():
            results["openpyxl"].append(govstats.load(folder, workers=1))

    def pooled():
        results["parallel"].append(govstats.load(folder, workers=workers))

    _baseline(files[:3])  # imports and first-call costs out of the way; a whole untimed pass is 10 s
    base = sec.stat(
        Stats("baseline: pandas.read_excel(openpyxl)", timeit(lambda: _baseline(files), repeats, warmup=0))
    )
    floor = sec.stat(Stats("floor: python-calamine raw cells", timeit(lambda: _floor(files), repeats)))
    # govstats runs are short: more repeats steady their medians on a shared machine.
    first = sec.stat(Stats("govstats.load, first load in a fresh process", first_loads(folder, repeats + 2)))
    one = sec.stat(Stats("govstats.load (read+tidy+validate), 1 process", timeit(serial, repeats + 2)))
    many_first = sec.stat(
        Stats(f"govstats.load(workers={workers}), first load", first_loads(folder, repeats + 2, workers))
    )
    many = sec.stat(
        Stats(f"govstats.load(workers={workers}), {workers} processes", timeit(pooled, repeats + 2))
    )
    sec.stat(
        Stats("govstats.load with an openpyxl reader (check, 1 run)", timeit(with_openpyxl, 1, warmup=0))
    )
    best = min((one, many), key=lambda s: s.median)
    which = "1 process" if best is one else f"{workers} processes"
    sec.ratio(f"baseline / govstats ({which}): faster than pandas+openpyxl", base, best, 4.0, at_most=False)
    sec.ratio(f"govstats ({which}) / floor: within the calamine floor", best, floor, 2.0)
    sec.ratio("govstats (first load, 1 process) / floor: issue 21's target", first, floor, 3.0)
    sec.ratio("govstats (1 process, caches warm: a load repeated) / floor", one, floor, 3.0)
    sec.ratio(f"govstats (first load, {workers} processes) / floor", many_first, floor, 3.0)
    sec.note(
        f"per workbook: baseline {base.median / n * 1000:.2f} ms, floor {floor.median / n * 1000:.2f} ms, "
        f"govstats {one.median / n * 1000:.2f} ms (1 process), {many.median / n * 1000:.2f} ms "
        f"({workers} processes)"
    )
    serial_ds = results["serial"][0]
    runs = [*results["serial"], *results["parallel"]]
    same = all(_same(serial_ds, other) for other in runs[1:])
    sec.note(
        f"tidy tables of all {len(runs)} runs (1 process, {workers} processes): "
        f"{'identical' if same else 'DIFFER'}"
    )
    readers = _same(serial_ds, results["openpyxl"][0])
    sec.note(f"tidy tables, calamine reader vs openpyxl reader: {'identical' if readers else 'DIFFER'}")
    sec.note(f"handling table vs the generator's truth: {compare_with_truth(serial_ds.handling, specs)}")
    if where := _layouts_of(specs, serial_ds.handling):
        sec.note(where)
    sec.note(f"problem-list rows: {len(serial_ds.problems)} loaded, {corpus.problem_rows(specs)} generated")
    codes = serial_ds.findings.groupby(["severity", "code"]).size()
    sec.note("findings: " + (", ".join(f"{s} {c} x{k}" for (s, c), k in codes.items()) or "none"))


YINGTAN = Path(__file__).resolve().parents[1] / "data" / "raw" / "yingtan-2022Q1-annexes.xlsx"


def yingtan(sec: Section, n: int, repeats: int) -> None:
    """``n`` copies of the real Yingtan annex workbook (four sheets: titles, group rows,
    subtotals, remarks) loaded beside the calamine floor of the same files, in one process
    and with the default workers."""
    import shutil

    import govstats

    folder = corpus.OUT / f"yingtan-copies-n{n}"
    if len(list(folder.glob("*.xlsx"))) != n:
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(n):
            shutil.copyfile(YINGTAN, folder / f"yingtan-{i:04d}.xlsx")
    files = sorted(folder.glob("*.xlsx"))
    sec.note(f"corpus: {n} copies of {YINGTAN.name} ({folder.relative_to(folder.parent.parent.parent)})")
    floor = sec.stat(Stats("floor: python-calamine raw cells", timeit(lambda: _floor(files), repeats)))
    loaded: dict[str, object] = {}

    def load(key: str, workers: int | None) -> None:
        ds = govstats.load(folder, workers=workers)
        loaded.setdefault(key, ds)  # one of each kept: the rest would swell what a pool forks

    first = sec.stat(Stats("govstats.load, first load in a fresh process", first_loads(folder, repeats)))
    one = sec.stat(
        Stats("govstats.load (read+tidy+validate), 1 process", timeit(lambda: load("one", 1), repeats))
    )
    # What a user gets: workers=None, a pool of up to 4 processes from 64 files on.
    dflt = sec.stat(
        Stats(
            "govstats.load, default workers (what a user gets)",
            timeit(lambda: load("default", None), repeats),
        )
    )
    dflt_first = sec.stat(
        Stats("govstats.load, default workers, first load", first_loads(folder, repeats, None))
    )
    sec.ratio("govstats (first load, 1 process) / floor: issue 21's target", first, floor, 3.0)
    sec.ratio("govstats (1 process, caches warm: a load repeated) / floor", one, floor, 3.0)
    sec.ratio("govstats (default workers) / floor", dflt, floor, 3.0)
    sec.ratio("govstats (default workers, first load) / floor", dflt_first, floor, 3.0)
    same = _same(loaded["one"], loaded["default"])
    sec.note(f"tidy tables, 1 process vs default workers: {'identical' if same else 'DIFFER'}")
