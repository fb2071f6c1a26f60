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
from govstats.dataset.logs import LogOptions, counted, log_options
from govstats.dataset.model import Dataset, InputStatus
from govstats.dataset.naming import distinct_names
from govstats.dataset.store import MANIFEST
from govstats.errors import GovstatsError, PeriodError, UnreadableInputError, UsageError
from govstats.findings import finding
from govstats.outputs import OUTPUT_MARKER  # a folder holding it is an output, never an input
from govstats.source import Source

PathLike = str | os.PathLike


def expand_inputs(paths: PathLike | Iterable[PathLike]) -> list[tuple[Path, str]]:
    """Input files as ``(path, display name)``; folders are walked, sorted.

    In a folder, hidden files and Markdown (a README beside the data) are skipped, and so
    is a subfolder govstats wrote its outputs to (tables: it holds ``.govstats-output``; a
    dataset folder: ``manifest.json`` beside ``findings/``), so that a run never reads its
    own outputs back as inputs; a file or folder named explicitly is always read (govstats'
    own tables read back as they were written). Display names are relative to the folder. Whatever is not
    a regular file (a FIFO, a device, a broken link) and every subfolder that cannot be
    listed is kept, to be reported as unreadable; a subfolder that cannot be listed is
    named with a trailing ``/``.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = list(paths)
    out: list[tuple[Path, str]] = []
    for raw in paths:
        if not os.fspath(raw):
            raise UsageError("输入路径为空")
        path = Path(raw)
        if path.is_dir():
            out.extend(_walk(path))
        elif path.exists() or path.is_symlink():
            out.append((path, path.name))
        else:
            raise UsageError(f"没有这个文件或文件夹：{raw}")
    if not out:
        raise UsageError("其中没有输入文件：" + "、".join(str(p) for p in paths))
    return distinct_names(out)


def _is_output(folder: Path) -> bool:
    try:
        return (folder / OUTPUT_MARKER).is_file() or (
            (folder / MANIFEST).is_file() and (folder / "findings").is_dir()
        )
    except OSError:  # a folder that cannot be entered is no output of ours; walking it says why
        return False


def _walk(root: Path) -> list[tuple[Path, str]]:
    """Every input under ``root``, sorted as paths; linked folders are followed once."""
    found: list[tuple[Path, str]] = []
    seen: set[tuple[int, int]] = set()

    def unlistable(err: OSError) -> None:
        where = Path(err.filename)
        found.append((where, where.relative_to(root).as_posix() + "/"))

    for folder, dirs, files in os.walk(root, onerror=unlistable, followlinks=True):
        here = Path(folder)
        kept = []
        for d in dirs:
            sub = here / d
            if d.startswith(".") or _is_output(sub):
                continue
            try:
                st = sub.stat()
            except OSError:  # a link to a folder that is gone: reported like a broken file link
                found.append((sub, sub.relative_to(root).as_posix()))
                continue
            if (st.st_dev, st.st_ino) not in seen:  # a link back up the tree is walked once
                seen.add((st.st_dev, st.st_ino))
                kept.append(d)
        dirs[:] = kept
        for f in files:
            if not f.startswith(".") and Path(f).suffix.lower() != ".md":
                found.append((here / f, (here / f).relative_to(root).as_posix()))
    return sorted(found, key=lambda item: Path(item[1]))


def _unlisted_folder(path: Path, name: str) -> UnreadableInputError:
    try:
        os.listdir(path)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
    else:
        why = "读取时无法列出"
    return UnreadableInputError(f"文件夹无法读取（{why}），其中的文件未导入", Source(name))


def _parse_file(
    item: tuple[Path, str], headers: dict[str, str] | None = None, logs: LogOptions | None = None
):
    """Read, parse, tidy and check one input: ``(document, notice, tables, grids with
    content but no table)``, or the typed error that made it unreadable. Runs in a worker
    process when ``load`` has several. ``headers`` is the user's header mapping, ``logs``
    how message logs are counted (their deadlines and window)."""
    from govstats.dataset.reloading import own_sheets, read_own
    from govstats.notice.parse import parse_notice
    from govstats.read.document import read_document, read_input
    from govstats.tidy.grids import tidy_grid
    from govstats.tidy.logs import read_log
    from govstats.validate.tables import check_table

    path, name = item
    if name.endswith("/"):
        return _unlisted_folder(path, name)
    try:
        head = read_input(path, name, head_only=True)  # a regular file: a FIFO or a device is refused here
        own = read_own(path, name, head)  # govstats' own output, read back as it was written
        if own is not None:
            return own
        doc = read_document(path, name)
        if (own := own_sheets(doc)) is not None:
            return own
        notice = parse_notice(doc)
        grids = [*doc.grids, *notice.grids]
        tables, untidied = [], []
        for g in grids:
            if (log := read_log(g)) is not None:  # one row per message: counted by the rule
                tables.append(counted(log, logs or LogOptions()))
                continue
            found = tidy_grid(g, headers)
            for t in found:
                t.checks = check_table(t)
            tables.extend(found)
            if not found and doc.format in ("xlsx", "xls", "ods", "csv") and g.has_content():
                untidied.append(g)
    except UnreadableInputError as exc:
        return exc
    except GovstatsError as exc:  # any other typed error still names the file
        return UnreadableInputError(exc.reason, exc.source or Source(name))
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # a fault of ours on this input: it takes down this file only
        if os.environ.get("GOVSTATS_DEBUG"):
            raise
        return UnreadableInputError(f"读取时内部出错（{type(exc).__name__}: {str(exc)[:160]}）", Source(name))
    # From here on only where things came from is needed: the cells and the text stay
    # behind (a pool would pickle them back; one process would hold every file's at once).
    doc.text_lines = []
    for g in grids:
        g.cells = []
    return doc, notice, tables, untidied


def _parse_all(
    items: list[tuple[Path, str]],
    workers: int | None,
    headers: dict[str, str] | None = None,
    logs: LogOptions | None = None,
) -> list:
    """:func:`_parse_file` of every item, in order; over worker processes when it pays."""
    from govstats.progress import bar

    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(items) >= _POOL_FROM else 1
    with bar(len(items), "读取输入") as step:
        if workers <= 1 or len(items) < 2:
            out = []
            for item in items:
                out.append(_parse_file(item, headers, logs))
                step.update()
            return out
        from govstats.dataset import pool

        jobs = [(item, headers, logs) for item in items]
        return pool.run(_parse_job, jobs, workers, _crashed, step.update)


def _parse_job(job: tuple[tuple[Path, str], dict[str, str] | None, LogOptions | None]):
    """:func:`_parse_file` of one ``(item, headers, logs)``: what a worker process is sent."""
    return _parse_file(*job)


def _crashed(job: tuple, why: str) -> UnreadableInputError:
    return UnreadableInputError(f"读取此文件时{why}，其余文件照常读取", Source(job[0][1]))


_POOL_FROM = 64
"""Below this many files a process pool costs more than it saves."""


def load(
    paths: PathLike | Iterable[PathLike],
    *,
    period: str | pd.Period | None = None,
    publisher: str | None = None,
    workers: int | None = None,
    headers: PathLike | None = None,
    deadline: str | PathLike | None = None,
) -> Dataset:
    """Read notices and annex files into a :class:`Dataset`.

    ``paths`` is a file, a folder or a list of them; formats are recognised by
    content (.xlsx, .xls, .csv, .html, plain-text notices). ``period`` and
    ``publisher`` override what the inputs say. An input that cannot be read is
    recorded in ``Dataset.inputs`` and as an ``unreadable-input`` finding; the
    others are still loaded. ``workers`` processes read the files (default: up to 4
    when there are 64 files or more, else 1); the result does not depend on it, and a
    worker that dies takes its file down, not the others.
    ``headers`` is a CSV mapping headers govstats does not understand onto fields
    (``header,field``: 成功应答,received), read before the built-in vocabulary.
    A message log (one row per message) is counted by the working-day rule: ``deadline``
    is its N (``5``, ``部门信箱=5,依申请公开=20+20``, or a file of such lines), ``period``
    its window (docs/metrics.md).
    """
    from govstats.notice.periods import parse_period
    from govstats.tidy.headers import read_header_map

    try:
        override = parse_period(period) if period is not None else None
    except PeriodError as exc:  # a bad argument, not bad data
        raise UsageError(f"参数 period：{exc.reason}") from None
    header_map = read_header_map(headers) if headers is not None else None
    logs = log_options(deadline, override)
    items = expand_inputs(paths)
    with _cyclic_gc_paused():
        return _load(items, workers, override, publisher, header_map, logs)


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
    logs: LogOptions | None = None,
) -> Dataset:
    from govstats.dataset.assembling import assemble  # imported on use: `import govstats` stays light
    from govstats.dataset.reloading import OwnOutput, reloaded

    statuses: list[InputStatus] = []
    parsed, own = [], []
    for (path, name), result in zip(items, _parse_all(items, workers, headers, logs), strict=True):
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
    said = [f for _, doc, *_ in parsed for f in doc.findings]  # what reading noticed, file by file
    unreadable = [
        finding(
            "error",
            "unreadable-input",
            f"{s.error.label}：{s.error.reason}",
            s.error.source or Source(s.file),
        )
        for s in statuses
        if s.error is not None
    ]
    if unreadable or said:
        ds.findings = pd.concat(
            [schema.frame("findings", [*unreadable, *said]), ds.findings], ignore_index=True
        )
    ds.inputs = statuses
    return ds
