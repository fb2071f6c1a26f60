"""Load inputs into one :class:`Dataset`: read → tidy → validate.

This module only orchestrates; reading, notice parsing, tidying and validating each
live in their own module.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from govstats import schema
from govstats.dataset.model import Dataset, InputStatus
from govstats.errors import GovstatsError, PeriodError, UnreadableInputError, UsageError
from govstats.findings import finding
from govstats.source import Source

PathLike = str | os.PathLike


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


def _parse_file(item: tuple[Path, str], headers: dict[str, str] | None = None):
    """Read, parse, tidy and check one input: ``(document, notice, tables, grids with
    content but no table)``, or the typed error that made it unreadable. Runs in a worker
    process when ``load`` has several. ``headers`` is the user's header mapping."""
    from govstats.dataset.reloading import own_sheets, read_own
    from govstats.notice.parse import parse_notice
    from govstats.read.document import read_document
    from govstats.tidy.grids import tidy_grid
    from govstats.validate.tables import check_table

    path, name = item
    try:
        own = read_own(path, name)  # govstats' own output, read back as it was written
        if own is not None:
            return own
        doc = read_document(path, name)
        if (own := own_sheets(doc)) is not None:
            return own
        notice = parse_notice(doc)
    except UnreadableInputError as exc:
        return exc
    except GovstatsError as exc:  # any other typed error still names the file
        return UnreadableInputError(exc.reason, exc.source or Source(name))
    grids = [*doc.grids, *notice.grids]
    tables, untidied = [], []
    for g in grids:
        found = tidy_grid(g, headers)
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


def _parse_all(
    items: list[tuple[Path, str]], workers: int | None, headers: dict[str, str] | None = None
) -> list:
    """:func:`_parse_file` of every item, in order; over a process pool when it pays."""
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(items) >= _POOL_FROM else 1
    if workers <= 1 or len(items) < 2:
        return [_parse_file(item, headers) for item in items]
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

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
            parse = partial(_parse_file, headers=headers)
            return list(pool.map(parse, items, chunksize=max(1, min(16, len(items) // (workers * 4)))))
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
    headers: PathLike | None = None,
) -> Dataset:
    """Read notices and annex files into a :class:`Dataset`.

    ``paths`` is a file, a folder or a list of them; formats are recognised by
    content (.xlsx, .xls, .csv, .html, plain-text notices). ``period`` and
    ``publisher`` override what the inputs say. An input that cannot be read is
    recorded in ``Dataset.inputs`` and as an ``unreadable-input`` finding; the
    others are still loaded. ``workers`` processes read the files (default: up to 4
    when there are 64 files or more, else 1); the result does not depend on it.
    ``headers`` is a CSV mapping headers govstats does not understand onto fields
    (``header,field``: 成功应答,received), read before the built-in vocabulary.
    """
    from govstats.notice.periods import parse_period
    from govstats.tidy.headers import read_header_map

    try:
        override = parse_period(period) if period is not None else None
    except PeriodError as exc:  # a bad argument, not bad data
        raise UsageError(f"period: {exc.reason}") from None
    header_map = read_header_map(headers) if headers is not None else None
    items = expand_inputs(paths)
    with _cyclic_gc_paused():
        return _load(items, workers, override, publisher, header_map)


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
    items: list[tuple[Path, str]],
    workers: int | None,
    override: pd.Period | None,
    publisher: str | None,
    headers: dict[str, str] | None = None,
) -> Dataset:
    from govstats.dataset.assembling import assemble  # imported on use: `import govstats` stays light
    from govstats.dataset.reloading import OwnOutput, reloaded

    statuses: list[InputStatus] = []
    parsed, own = [], []
    for (path, name), result in zip(items, _parse_all(items, workers, headers), strict=True):
        status = InputStatus(name, path)
        statuses.append(status)
        if isinstance(result, GovstatsError):
            status.error = result
        elif isinstance(result, OwnOutput):
            status.format = result.format
            own.append((status, result))
        else:
            status.format = result[0].format
            parsed.append((status, *result))
    ds = assemble(parsed, statuses, period=override, publisher=publisher)
    if own:
        ds = reloaded(ds, own)
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
