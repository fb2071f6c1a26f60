"""Load inputs into one :class:`Dataset`: read → tidy → validate.

This module only orchestrates; reading, notice parsing, tidying and validating each
live in their own module.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from govstats import schema
from govstats.errors import GovstatsError, PeriodError, UnreadableInputError, UsageError
from govstats.findings import finding
from govstats.grid import Source

PathLike = str | os.PathLike


@dataclass(slots=True)
class InputStatus:
    """How one input file fared: ``error`` is ``None`` when it was read."""

    file: str
    path: Path
    format: str = ""
    error: GovstatsError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Dataset:
    """The tidy tables of everything loaded, as pandas DataFrames.

    ``handling`` (per-unit handling counts), ``problems`` (problem websites and
    accounts), ``headline`` (figures stated in the narratives), ``notices`` (one row
    per notice), ``mentions`` (websites and accounts the narratives criticise by name)
    and ``findings`` (what validation reports). ``inputs`` says how each
    input file fared.
    """

    handling: pd.DataFrame = field(default_factory=lambda: schema.frame("handling"))
    problems: pd.DataFrame = field(default_factory=lambda: schema.frame("problems"))
    headline: pd.DataFrame = field(default_factory=lambda: schema.frame("headline"))
    notices: pd.DataFrame = field(default_factory=lambda: schema.frame("notices"))
    mentions: pd.DataFrame = field(default_factory=lambda: schema.frame("mentions"))
    findings: pd.DataFrame = field(default_factory=lambda: schema.frame("findings"))
    inputs: list[InputStatus] = field(default_factory=list)

    @property
    def unreadable(self) -> list[InputStatus]:
        """The inputs that could not be read."""
        return [s for s in self.inputs if not s.ok]

    @property
    def valid(self) -> bool:
        """True when no finding has severity ``error``."""
        return not (self.findings["severity"] == "error").any()

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tidy tables by name."""
        return {name: getattr(self, name) for name in schema.TABLES}

    def periods(self) -> list[pd.Period]:
        """Every period present in the handling, problems or headline tables, sorted."""
        found: set[pd.Period] = set()
        for name in ("handling", "problems", "headline", "notices"):
            found.update(p for p in getattr(self, name)["period"] if isinstance(p, pd.Period))
        return sorted(found, key=lambda p: (p.start_time, p.end_time))

    def settle(
        self,
        period: str | pd.Period | None = None,
        previous: str | pd.Period | None = None,
        publisher: str | None = None,
    ) -> tuple[pd.Period, pd.Period | None, str | None]:
        """``(period, previous, publisher)`` for a report on this data: the period asked for
        (default the latest), the previous one (default the one before it, of the same
        frequency) and the publisher (default the only one of that period).

        Raises ``ValueError`` when the period has no data or several publishers compete.
        """
        from govstats.periods import parse_period

        periods = self.periods()
        if not periods:
            raise ValueError(
                "no period found in the inputs: none names its quarter or month; "
                "give it with --period (2023Q4, 2023-11)"
            )
        current = parse_period(period) if period is not None else periods[-1]
        if current not in periods:
            raise ValueError(f"no data for {current}: the inputs hold {', '.join(map(str, periods))}")
        if previous is not None:
            prev = parse_period(previous)
        else:
            earlier = [p for p in periods if p.freqstr == current.freqstr and p < current]
            prev = earlier[-1] if earlier else None
        if publisher is None:
            found = sorted(
                {
                    p
                    for t in (self.handling, self.headline, self.problems)
                    for p in t.loc[t["period"] == current, "publisher"].dropna()
                }
            )
            if len(found) > 1:
                raise ValueError(f"several publishers for {current} ({'、'.join(found)}): choose one")
            publisher = found[0] if found else None
        return current, prev, publisher

    def write(self, outdir: PathLike) -> list[Path]:
        """Write every table as ``<name>.csv`` (UTF-8 with BOM) and ``<name>.parquet``."""
        from govstats.writing import write_tables

        return write_tables(self.tables(), Path(outdir))

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(df)}" for name, df in self.tables().items())
        return f"<Dataset {sizes}; {len(self.inputs)} inputs, {len(self.unreadable)} unreadable>"


def expand_inputs(paths: PathLike | Iterable[PathLike]) -> list[tuple[Path, str]]:
    """Input files as ``(path, display name)``; folders are walked, sorted.

    In a folder, hidden files and Markdown (a README beside the data) are skipped;
    a file named explicitly is always read. Display names are relative to the folder.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if not child.is_file() or any(p.startswith(".") for p in rel.parts):
                    continue
                if child.suffix.lower() == ".md":
                    continue
                out.append((child, rel.as_posix()))
        elif path.exists():
            out.append((path, path.name))
        else:
            raise UsageError(f"no such file or folder: {raw}")
    if not out:
        raise UsageError("no input files found in " + ", ".join(str(p) for p in paths))
    return out


def _parse_file(item: tuple[Path, str]):
    """Read, parse, tidy and check one input: ``(document, notice, tables, grids with
    content but no table)``, or the typed error that made it unreadable. Runs in a worker
    process when ``load`` has several."""
    from govstats.notice import parse_notice
    from govstats.reading import read_document
    from govstats.tidying import tidy_grid
    from govstats.validating import check_table

    path, name = item
    try:
        doc = read_document(path, name)
        notice = parse_notice(doc)
    except UnreadableInputError as exc:
        return exc
    except GovstatsError as exc:  # any other typed error still names the file
        return UnreadableInputError(exc.reason, exc.source or Source(name))
    grids = [*doc.grids, *notice.grids]
    tables, untidied = [], []
    for g in grids:
        found = tidy_grid(g)
        for t in found:
            t.checks = check_table(t)
        tables.extend(found)
        if not found and doc.format in ("xlsx", "xls", "csv") and g.has_content():
            untidied.append(g)
    # From here on only where things came from is needed: the cells and the text stay
    # behind (a pool would pickle them back; one process would hold every file's at once).
    doc.text_lines = []
    for g in grids:
        g.cells = []
    return doc, notice, tables, untidied


def _parse_all(items: list[tuple[Path, str]], workers: int | None) -> list:
    """:func:`_parse_file` of every item, in order; over a process pool when it pays."""
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(items) >= _POOL_FROM else 1
    if workers <= 1 or len(items) < 2:
        return [_parse_file(item) for item in items]
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # fork where there is one: workers start with govstats already imported
    method = "fork" if "fork" in mp.get_all_start_methods() else None
    # Frozen, the parent's objects are skipped by the workers' collections and their
    # pages stay shared (gc.freeze's documented use before fork); someone else's freeze
    # is left alone.
    freeze = method == "fork" and gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context(method)) as pool:
            return list(pool.map(_parse_file, items, chunksize=max(1, min(16, len(items) // (workers * 4)))))
    finally:
        if freeze:
            gc.unfreeze()


_POOL_FROM = 64
"""Below this many files a process pool costs more than it saves."""


def load(
    paths: PathLike | Iterable[PathLike],
    *,
    period: str | pd.Period | None = None,
    publisher: str | None = None,
    workers: int | None = None,
) -> Dataset:
    """Read notices and annex files into a :class:`Dataset`.

    ``paths`` is a file, a folder or a list of them; formats are recognised by
    content (.xlsx, .xls, .csv, .html, plain-text notices). ``period`` and
    ``publisher`` override what the inputs say. An input that cannot be read is
    recorded in ``Dataset.inputs`` and as an ``unreadable-input`` finding; the
    others are still loaded. ``workers`` processes read the files (default: up to 4
    when there are 64 files or more, else 1); the result does not depend on it.
    """
    from govstats.periods import parse_period

    try:
        override = parse_period(period) if period is not None else None
    except PeriodError as exc:  # a bad argument, not bad data
        raise UsageError(f"period: {exc.reason}") from None
    items = expand_inputs(paths)
    with _cyclic_gc_paused():
        return _load(items, workers, override, publisher)


@contextmanager
def _cyclic_gc_paused():
    """Loading allocates a few hundred small containers per input and frees none of
    them until the end, so the cyclic collector ran over and over on objects it could not
    free: a fifth of a thousand-workbook load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(
    items: list[tuple[Path, str]], workers: int | None, override: pd.Period | None, publisher: str | None
) -> Dataset:
    from govstats.assembling import assemble

    statuses: list[InputStatus] = []
    parsed = []
    for (path, name), result in zip(items, _parse_all(items, workers), strict=True):
        status = InputStatus(name, path)
        statuses.append(status)
        if isinstance(result, GovstatsError):
            status.error = result
        else:
            status.format = result[0].format
            parsed.append(result)
    ds = assemble(parsed, statuses, period=override, publisher=publisher)
    unreadable = [
        finding(
            "error", "unreadable-input", f"{s.error.label}:{s.error.reason}", s.error.source or Source(s.file)
        )
        for s in statuses
        if s.error is not None
    ]
    if unreadable:
        ds.findings = pd.concat([schema.frame("findings", unreadable), ds.findings], ignore_index=True)
    ds.inputs = statuses
    return ds
