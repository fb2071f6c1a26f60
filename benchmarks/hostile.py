"""Benchmark 5: the resource cases of issue 16, each refused by ``govstats ingest`` beside
a good file. Issue 16's targets are absolute (each case refused in under 5 s and 1 GB), so
each case's median time and peak memory are printed as a share of those budgets; and each
against the same ingest of the good file alone, measured in this run (what the bad file
adds). Before the fix the cases cost: a value in XFD1048576 aborted the process (512 GB
asked for), AAA100000 took 20 s and 3.5 GB, 30 HTML cells of rowspan/colspan 1000 took 115 s
and 4.9 GB, /dev/zero filled the memory and a FIFO blocked forever."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import Section, Stats

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

SECONDS, GIB = 5.0, 2**20  # the budgets: seconds, and peak RSS in KiB


def _cases(d: Path) -> dict[str, Path]:
    from fixtures import hostile, layouts

    cases = {
        "xlsx, a value in XFD1048576 (5 KB)": hostile.far_cell(d, "XFD1048576", "far.xlsx"),
        "xlsx, a value in AAA100000 (5 KB)": hostile.far_cell(d, "AAA100000", "aaa.xlsx"),
        "html, one 1000×1000 span (64 B)": hostile.span_page(d / "one.html", 1),
        "html, 30 such spans (1.4 KB)": hostile.span_page(d / "thirty.html", 30),
    }
    if sys.platform == "linux":
        fifo = d / "pipe.csv"
        os.mkfifo(fifo)
        cases["/dev/zero (no size, no end)"] = Path("/dev/zero")
        cases["a FIFO nobody writes to"] = fifo
    xls = layouts.mailbox_xls(d / "flip.xls")
    data = bytearray(xls.read_bytes())
    at = data.index(bytes.fromhex("00020e00") + b"\x00\x00\x00\x00")
    data[at + 6] = 0x80  # DIMENSIONS: first row 8,388,608 (calamine reserved 1.2 TB)
    xls.write_bytes(bytes(data))
    cases["xls, one flipped bit in DIMENSIONS"] = xls
    return cases


def _ingest(paths: list[Path], out: Path) -> tuple[float, int, int]:
    """Seconds, peak RSS (KiB) and exit code of one ``govstats ingest`` in a fresh process."""
    peak = out.with_name("peak-kib")
    peak.unlink(missing_ok=True)
    t = time.perf_counter()
    p = subprocess.Popen(
        [sys.executable, "-c", _PEAK_SAID, str(peak), "ingest", *map(str, paths), "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _, status, usage = os.wait4(p.pid, 0)
    except (AttributeError, ChildProcessError):  # no wait4: time only
        p.wait(600)
        return time.perf_counter() - t, 0, p.returncode
    took = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    return took, int(peak.read_text()) if peak.exists() else usage.ru_maxrss, p.returncode


# `govstats` run with its own peak RSS written at exit (Linux's VmHWM, of the program after
# exec): a child's ru_maxrss starts at its parent's, which in a full run holds the scale
# sections' frames (4.8 GB said for a 150 MB ingest). Elsewhere ru_maxrss is used.
_PEAK_SAID = """
import atexit, runpy, sys
peak = sys.argv.pop(1)
def said():
    try:
        with open("/proc/self/status") as f:
            kib = next(line.split()[1] for line in f if line.startswith("VmHWM"))
    except OSError:
        return
    with open(peak, "w") as f:
        f.write(kib)
atexit.register(said)
sys.argv[0] = "govstats"
runpy.run_module("govstats", run_name="__main__", alter_sys=True)
"""


def run(sec: Section, repeats: int = 3) -> None:
    from fixtures import layouts

    with tempfile.TemporaryDirectory(prefix="govstats-bench-hostile-") as tmp:
        d = Path(tmp)
        good = layouts.mailbox_csv(d / "good.csv", "gb18030")
        runs = [_ingest([good], d / "out") for _ in range(repeats)]
        alone = sec.stat(Stats("the good file alone (25 rows)", [t for t, _, _ in runs]))
        alone_rss = statistics.median(r for _, r, _ in runs)
        sec.note(f"peak memory of that run {alone_rss / 2**10:.0f} MB")
        worst_t, worst_m = 0.0, 0.0
        for name, bad in _cases(d).items():
            runs = [_ingest([bad, good], d / "out") for _ in range(repeats)]
            codes = {c for _, _, c in runs}
            s = sec.stat(Stats(name, [t for t, _, _ in runs]))
            rss = max(r for _, r, _ in runs)
            sec.note(
                f"  exit {'/'.join(map(str, sorted(codes)))} (1: refused, the good file written); peak {rss / 2**10:.0f} MB"
            )
            sec.ratio(f"  {name} / the good file alone", s, alone, 3.0)
            worst_t, worst_m = max(worst_t, s.median), max(worst_m, rss)
        sec.ratio("slowest case / 5 s (issue 16's budget)", worst_t, SECONDS, 1.0)
        sec.ratio("largest peak memory / 1 GB (issue 16's budget)", worst_m, GIB, 1.0)
