"""Benchmark 3: ``govstats report`` on the shipped data against the kernel start-up floor:
an empty notebook executed to HTML by nbconvert in the same environment. Warm caches
(one untimed run of each first); the first cold run (fresh matplotlib and font caches)
is reported on its own."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from harness import Section, Stats, time_command

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def unavailable() -> str | None:
    """Why the benchmark cannot run (no report command, no nbconvert), or None."""
    try:
        import nbconvert  # noqa: F401

        import govstats.cli.report  # noqa: F401
    except ImportError as exc:
        return f"govstats report or nbconvert is not available ({exc})"
    if not (BIN / "govstats").exists():
        return f"no govstats command in {BIN}"
    if not (ROOT / "data" / "raw").is_dir():
        return "no data/raw"
    return None


def _empty_notebook(folder: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_code_cell(""))
    path = folder / "empty.ipynb"
    nbformat.write(nb, path)
    return path


def _commands(work: Path) -> tuple[list[str], list[str]]:
    empty = _empty_notebook(work)
    nbconvert = [
        sys.executable,
        "-m",
        "nbconvert",
        "--to",
        "html",
        "--execute",
        str(empty),
        "--output-dir",
        str(work / "nbconvert"),
    ]
    report = [
        str(BIN / "govstats"),
        "report",
        "-i",
        str(ROOT / "data" / "raw"),
        "-o",
        str(work / "briefing.html"),
    ]
    return nbconvert, report


def _cold_env(work: Path, name: str) -> dict[str, str]:
    """Fresh caches: matplotlib's font list and config, and the XDG cache (fontconfig)."""
    env = dict(os.environ)
    for var, sub in (("MPLCONFIGDIR", "mpl"), ("XDG_CACHE_HOME", "cache")):
        path = work / f"cold-{name}" / sub
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    return env


def run(sec: Section, quick: bool = False) -> None:
    work = Path(tempfile.mkdtemp(prefix="govstats-bench-"))
    try:
        nbconvert, report = _commands(work)
        env = dict(os.environ)
        if not quick:
            cold_nb = time_command(nbconvert, 1, env=_cold_env(work, "nbconvert"), cwd=str(work))
            cold_rep = time_command(report, 1, env=_cold_env(work, "report"), cwd=str(ROOT))
        repeats = 1 if quick else 5
        warm = 0 if quick else 1
        floor = sec.stat(
            Stats(
                "floor: empty notebook -> HTML (nbconvert --execute)",
                time_command(nbconvert, repeats + warm, env=env, cwd=str(work))[warm:],
            )
        )
        rep = sec.stat(
            Stats(
                "govstats report -i data/raw (warm)",
                time_command(report, repeats + warm, env=env, cwd=str(ROOT))[warm:],
            )
        )
        sec.ratio("govstats report / empty notebook through nbconvert (warm)", rep, floor, 2.5)
        if not quick:
            sec.note(
                f"first cold run (fresh MPLCONFIGDIR and XDG_CACHE_HOME): govstats report {cold_rep[0]:.2f} s, "
                f"empty notebook {cold_nb[0]:.2f} s"
            )
        html = work / "briefing.html"
        sec.note(
            f"briefing written: {html.stat().st_size / 1024:.0f} KiB of HTML"
            if html.exists()
            else "briefing NOT written"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
