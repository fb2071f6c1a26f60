"""Timing and reporting shared by the benchmarks: repeats, min/median/max, ratio lines
against a target with PASS/MISS, and the table `make bench` prints."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Stats:
    """Repeated measurements of one thing (seconds, or any unit named in ``unit``)."""

    name: str
    values: list[float]
    unit: str = "s"

    @property
    def min(self) -> float:
        return min(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def max(self) -> float:
        return max(self.values)

    def line(self) -> str:
        fmt = _fmt(self.unit)
        return (
            f"  {self.name:<50} min {fmt(self.min):>9}  median {fmt(self.median):>9}  "
            f"max {fmt(self.max):>9}  (n={len(self.values)})"
        )


def _fmt(unit: str) -> Callable[[float], str]:
    if unit == "s":
        return lambda v: f"{v:.3f} s" if v >= 0.1 else f"{v * 1000:.1f} ms"
    return lambda v: f"{v:,.1f} {unit}"


@dataclass
class Ratio:
    """``num / den`` of the medians, checked against ``target`` (``at_most`` or at least)."""

    label: str
    value: float
    target: float
    at_most: bool = True

    @property
    def passed(self) -> bool:
        return self.value <= self.target if self.at_most else self.value >= self.target

    def line(self) -> str:
        op = "<=" if self.at_most else ">="
        return f"  {self.label:<62} {self.value:7.2f}x  target {op} {self.target}x  {'PASS' if self.passed else 'MISS'}"


@dataclass
class Section:
    """What one benchmark printed, line by line, in the order it printed it."""

    title: str
    printed: list[str] = field(default_factory=list)
    skipped: str | None = None

    def _print(self, line: str) -> None:
        self.printed.append(line)
        print(line, flush=True)

    def stat(self, s: Stats) -> Stats:
        self._print(s.line())
        return s

    def ratio(
        self, label: str, num: Stats | float, den: Stats | float, target: float, at_most: bool = True
    ) -> Ratio:
        n = num.median if isinstance(num, Stats) else num
        d = den.median if isinstance(den, Stats) else den
        r = Ratio(label, n / d if d else float("inf"), target, at_most)
        self._print(r.line())
        return r

    def note(self, text: str) -> None:
        self._print(f"  {text}")

    def render(self) -> str:
        if self.skipped:
            return "\n".join([f"## {self.title}", f"  skipped: {self.skipped}"])
        return "\n".join([f"## {self.title}", *self.printed])


def timeit(fn: Callable[[], object], repeats: int, warmup: int = 1) -> list[float]:
    """Wall-clock seconds of ``repeats`` calls of ``fn`` after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def run_child(
    code: str, env: dict[str, str] | None = None, cwd: str | None = None
) -> subprocess.CompletedProcess:
    """Run ``python -c code`` in a fresh interpreter (the project's), failing loudly."""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd)
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return proc


def time_command(
    argv: list[str], repeats: int, env: dict[str, str] | None = None, cwd: str | None = None
) -> list[float]:
    """Wall-clock seconds of ``repeats`` runs of a command (a fresh process each time)."""
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=cwd)
        out.append(time.perf_counter() - t)
        if proc.returncode != 0:
            raise RuntimeError(f"{argv[:3]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return out


def run_capped(argv: list[str], cap_gb: float) -> tuple[str | None, float, float]:
    """Run ``argv``, watching its resident memory: ``(stdout, peak GB seen, seconds)``, with
    stdout None when it passed ``cap_gb`` and was stopped (the machine is shared and has no
    swap). A child that fails raises with its stderr."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = 0.0
    while proc.poll() is None:
        seen = max(seen, rss_gb(proc.pid))
        if seen > cap_gb:
            proc.kill()
            proc.wait()
            return None, seen, time.perf_counter() - started
        time.sleep(0.05)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[1:4]} failed ({proc.returncode}): {err[-2000:]}")
    return out, seen, time.perf_counter() - started


def rss_gb(pid: int) -> float:
    """A process's resident memory now, in GiB (0 when it has gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return 0.0
