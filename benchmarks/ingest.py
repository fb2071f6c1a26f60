"""Benchmark 1: ingest throughput of ``govstats.load`` over a corpus of annex workbooks,
against the baseline a user would write (pandas + openpyxl, raw cells only) and the floor
(python-calamine reading every sheet's raw cells), in the same run."""

from __future__ import annotations

import corpus
import pandas as pd
from harness import Section, Stats, timeit
from parallel import load_parallel


def _baseline(files) -> None:
    for f in files:
        pd.read_excel(f, sheet_name=None, header=None, engine="openpyxl")


def _floor(files) -> None:
    from python_calamine import CalamineWorkbook

    for f in files:
        wb = CalamineWorkbook.from_path(str(f))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()


def _ordered(handling: pd.DataFrame) -> pd.DataFrame:
    key = ["publisher", "period", "channel", "unit"]
    out = handling.drop(columns="source").copy()
    return out.sort_values(key, key=lambda s: s.astype("string"), kind="stable").reset_index(drop=True)


def compare_with_truth(handling: pd.DataFrame, specs) -> str:
    """'identical' or a short account of how the loaded table differs from the known truth."""
    got, want = _ordered(handling), _ordered(corpus.truth(specs))
    try:
        pd.testing.assert_frame_equal(got, want)
        return "identical"
    except AssertionError:
        pass
    got, want = got.astype("object"), want.astype("object")
    cols = list(got.columns)
    merged = got.merge(want, how="outer", on=cols, indicator=True)
    extra, missing = (merged["_merge"] == "left_only").sum(), (merged["_merge"] == "right_only").sum()
    text = f"DIFFERS: {missing} of {len(want)} generated rows not loaded as generated ({len(got)} loaded)"
    # Which single column explains the difference: rows that match on every other column.
    for col in cols:
        rest = [c for c in cols if c != col]
        pair = got.merge(want, how="inner", on=rest, suffixes=("_got", "_want"))
        if len(pair) == len(want) == len(got):
            bad = pair[pair[f"{col}_got"].astype("string") != pair[f"{col}_want"].astype("string")]
            bad = pair[pair[f"{col}_got"].isna() != pair[f"{col}_want"].isna()] if bad.empty else bad
            example = bad.iloc[0] if len(bad) else None
            return text + (
                f"; only {col} differs, in {len(bad)} rows (e.g. {example[f'{col}_got']!r} "
                f"for {example[f'{col}_want']!r})"
                if example is not None
                else ""
            )
    return text + f"; {extra} loaded rows not generated"


def run(sec: Section, n: int, seed: int, repeats: int, workers: int = 2) -> None:
    folder, specs = corpus.build(n, seed)
    files = sorted(folder.glob("*.xlsx"))
    sheets = sum({"annexes": 4, "messy_mailbox": 2}.get(s.layout, 1) for s in specs)
    sec.note(
        f"corpus: {len(files)} workbooks, {sheets} sheets, {len(corpus.truth(specs))} unit rows "
        f"({folder.relative_to(folder.parent.parent.parent)})"
    )
    import govstats

    results: dict[str, object] = {}

    def serial():
        results["serial"] = govstats.load(folder)

    def pooled():
        results["parallel"] = load_parallel(folder, workers)

    base = sec.stat(Stats("baseline: pandas.read_excel(openpyxl)", timeit(lambda: _baseline(files), repeats)))
    floor = sec.stat(Stats("floor: python-calamine raw cells", timeit(lambda: _floor(files), repeats)))
    one = sec.stat(Stats("govstats.load (read+tidy+validate), 1 process", timeit(serial, repeats)))
    many = sec.stat(
        Stats(f"govstats load, {workers} processes (benchmarks/parallel)", timeit(pooled, repeats))
    )
    best = min((one, many), key=lambda s: s.median)
    which = "1 process" if best is one else f"{workers} processes"
    sec.ratio(f"baseline / govstats ({which}): faster than pandas+openpyxl", base, best, 4.0, at_most=False)
    sec.ratio(f"govstats ({which}) / floor: within the calamine floor", best, floor, 2.0)
    sec.note(
        f"per workbook: baseline {base.median / n * 1000:.2f} ms, floor {floor.median / n * 1000:.2f} ms, "
        f"govstats {one.median / n * 1000:.2f} ms (1 process), {many.median / n * 1000:.2f} ms "
        f"({workers} processes)"
    )
    serial_ds, parallel_ds = results["serial"], results["parallel"]
    same = all(
        a.equals(b) for a, b in zip(serial_ds.tables().values(), parallel_ds.tables().values(), strict=True)
    )
    sec.note(f"tidy tables, 1 process vs {workers} processes: {'identical' if same else 'DIFFER'}")
    sec.note(f"handling table vs the generator's truth: {compare_with_truth(serial_ds.handling, specs)}")
