"""`make bench`: the benchmarks of issues 6 and 17, printed as one table of min/median/max and
ratios with PASS/MISS. The same table is written to benchmarks/out/last-run.md (the
README's table is copied from the last full run; --quick and --only runs write
last-run-quick.md, last-run-only-<names>.md).

    .venv/bin/python benchmarks/run.py [--n 1000] [--quick] [--only ingest|import|report|scale|folder|spark|hostile|logs|documents|pdf|linear]

`--only folder-7m` runs section 5 without its 72 M-row part (whose generation alone takes
~25 minutes): the 7.2 M-row comparisons, for iterating; a full run and `--only folder` run both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Section

BENCHES = (
    "ingest",
    "import",
    "report",
    "scale",
    "folder",
    "spark",
    "hostile",
    "logs",
    "documents",
    "pdf",
    "linear",
)


def machine() -> str:
    """nproc, memory, CPU model and transparent huge pages, as the README records them."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(x.split()[1])
            for x in Path("/proc/meminfo").read_text().splitlines()
            if x.startswith("MemTotal")
        )
        mem = f"{mem_kb / 2**20:.1f} GiB RAM"
    except (OSError, StopIteration):
        mem = "unknown RAM"
    import pandas

    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem}; Linux {platform.release()}; {_huge_pages()}; Python "
        f"{platform.python_version()}, pandas {pandas.__version__}"
    )


def _huge_pages() -> str:
    """The kernel's transparent-huge-page mode. It moves the scale figures: qoq per unit at
    7.2 M rows took 3.9-4.3 s under ``always`` and 4.7-5.7 s under ``madvise``, same code and
    machine; runs compare only under the same mode."""
    try:
        text = Path("/sys/kernel/mm/transparent_hugepage/enabled").read_text()
    except OSError:
        return "huge pages unknown"
    mode = text[text.find("[") + 1 : text.find("]")] if "[" in text else text.strip()
    return f"transparent huge pages {mode}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=None, help="workbooks in the ingest corpus (default 1000)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument(
        "--quick", action="store_true", help="tiny sizes, one repeat: a smoke test, not a measurement"
    )
    ap.add_argument(
        "--only",
        choices=(*BENCHES, "folder-7m"),
        action="append",
        help="run only this benchmark (repeatable); folder-7m: section 5 without its 72 M-row part",
    )
    args = ap.parse_args(argv)
    quick = args.quick
    only = args.only or list(BENCHES)
    started = time.perf_counter()
    header = [
        f"# govstats benchmarks{' (--quick: sizes too small to mean anything)' if quick else ''}",
        f"date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"machine: {machine()}",
    ]
    print("\n".join(header), flush=True)
    sections: list[Section] = []
    for name in only:
        sec = {
            "ingest": lambda: _ingest(args, quick),
            "import": lambda: _import(quick),
            "report": lambda: _report(quick, bool(args.only)),
            "scale": lambda: _scale(quick),
            "folder": lambda: _folder(quick),
            "folder-7m": lambda: _folder(quick, big=False),
            "spark": lambda: _spark(quick, bool(args.only)),
            "hostile": lambda: _hostile(quick),
            "logs": lambda: _logs(quick),
            "documents": lambda: _documents(quick),
            "pdf": lambda: _pdf(quick),
            "linear": lambda: _linear(quick),
        }[name]()
        sections.append(sec)
    took = time.perf_counter() - started
    footer = f"total wall time {took:.0f} s"
    print(footer)
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    text = "\n".join([*header, "", *[s.render() + "\n" for s in sections], footer, ""])
    # only a full run is "the last run" the README copies; partial ones keep their own file
    name = "last-run" + ("-quick" if quick else "") + ("-only-" + "-".join(args.only) if args.only else "")
    (out / f"{name}.md").write_text(text, encoding="utf-8")
    return 0


def _start(title: str) -> Section:
    print(f"\n## {title}", flush=True)
    return Section(title)


def _skip(sec: Section, reason: str) -> Section:
    sec.skipped = reason
    print(f"  skipped: {reason}", flush=True)
    return sec


def _ingest(args, quick: bool) -> Section:
    import ingest

    n = args.n or (12 if quick else 1000)
    sec = _start(f"1. ingest throughput ({n} annex workbooks)")
    ingest.run(sec, n, args.seed, repeats=1 if quick else 3)
    ingest.yingtan(sec, 12 if quick else 200, repeats=1 if quick else 5)
    return sec


def _import(quick: bool) -> Section:
    import imports

    sec = _start("2. import cost (fresh interpreters)")
    imports.run(sec, repeats=2 if quick else 10)
    return sec


def _report(quick: bool, explicit: bool) -> Section:
    sec = _start("3. briefing: govstats report on data/raw vs an empty notebook through nbconvert")
    try:
        import briefing
    except ImportError as exc:
        return _skip(sec, f"benchmark not available ({exc})")
    if quick and not explicit:
        return _skip(sec, "--quick (each run starts a Jupyter kernel: seconds; run --quick --only report)")
    reason = briefing.unavailable()
    if reason:
        return _skip(sec, reason)
    briefing.run(sec, quick=quick)
    return sec


def _scale(quick: bool) -> Section:
    sec = _start("4. scale: rates and quarter-over-quarter on a national-scale handling table")
    try:
        import scale
    except ImportError as exc:
        return _skip(sec, f"benchmark not available ({exc})")
    reason = scale.unavailable()
    if reason:
        return _skip(sec, reason)
    scale.run(sec, quick=quick)
    return sec


def _folder(quick: bool, big: bool = True) -> Section:
    sec = _start(
        "5. the dataset folder: writing, replacing a city-quarter, rates per city vs pandas and DuckDB; "
        + ("72 M out of core" if big else "(the 72 M-row part not run: --only folder-7m)")
    )
    try:
        import folder
    except ImportError as exc:
        return _skip(sec, f"benchmark not available ({exc})")
    folder.run(sec, quick=quick, big=big)
    return sec


def _spark(quick: bool, explicit: bool) -> Section:
    sec = _start("6. the same SQL on Spark (pyspark local[2]) against govstats' pandas results")
    import spark_check

    if quick and not explicit:
        return _skip(sec, "--quick (starts a Java virtual machine: run --quick --only spark)")
    reason = spark_check.unavailable()
    if reason:
        return _skip(sec, reason)
    spark_check.run(sec)
    return sec


def _hostile(quick: bool) -> Section:
    import hostile

    sec = _start("7. hostile inputs: issue 16's resource cases refused beside a good file")
    hostile.run(sec, repeats=1 if quick else 3)
    return sec


def _logs(quick: bool) -> Section:
    import logs

    sec = _start("8. a message log of a million messages counted by the working-day rule")
    logs.run(sec, quick=quick)
    return sec


def _documents(quick: bool) -> Section:
    import documents

    n = 12 if quick else 200
    sec = _start(f"9. Word documents ({n}) beside python-docx; sniffing formats on the Excel ingest")
    documents.run(sec, n, repeats=1 if quick else 3)
    return sec


def _pdf(quick: bool) -> Section:
    import pdf_reading

    sec = _start("10. reading PDF annexes vs pdfplumber's bare extract_tables")
    pdf_reading.run(sec, repeats=1 if quick else 5)
    return sec


def _linear(quick: bool) -> Section:
    import linear

    sec = _start("11. reading stays linear: formulas saved with values, a paragraph with no line breaks")
    linear.run(sec, repeats=1 if quick else 5, quick=quick)
    return sec


if __name__ == "__main__":
    sys.exit(main())
