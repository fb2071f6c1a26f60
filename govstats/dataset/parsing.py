"""Each input read, its notice parsed, its grids tidied and checked: in this process, a few
inputs read before they are tidied, or over worker processes when there are many; a fault
of ours on one input takes down that file only (:func:`parse_all`)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from govstats.dataset.logs import LogOptions, counted
from govstats.errors import GovstatsError, UnreadableInputError
from govstats.source import Source


def _unlisted_folder(path: Path, name: str) -> UnreadableInputError:
    try:
        os.listdir(path)
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
    else:
        why = "读取时无法列出"
    return UnreadableInputError(f"文件夹无法读取（{why}），其中的文件未导入", Source(name))


def _parse_serial(items: list[tuple[Path, str]], headers, logs: LogOptions | None, step) -> list:
    """Each item read, parsed, tidied and checked in this process: ``(document, notice,
    tables, grids with content but no table)``, or the typed error that made it unreadable.
    ``headers`` is the user's header mapping, ``logs`` how message logs are counted (their
    deadlines and window). A few inputs are read (``step()`` after each) before they are
    tidied: reading and tidying each keep their own working memory warm (a thousand
    workbooks loaded 3-6% faster than read-then-tidy one by one). A batch holds at most
    :data:`_BATCH` inputs and about :data:`_BATCH_CELLS` cells."""
    out: list = []
    batch: list = []
    cells = 0
    for n, (path, name) in enumerate(items, 1):
        read = _guarded(name, _read, path, name)
        batch.append((read, name))
        step()
        cells += sum(len(g.cells) * g.n_cols for g in read[0].grids) if isinstance(read, tuple) else 0
        if len(batch) == _BATCH or cells >= _BATCH_CELLS or n == len(items):
            out.extend(_tidy_read(done, of, headers, logs) for done, of in batch)
            batch, cells = [], 0
    return out


def _tidy_read(read, name: str, headers, logs: LogOptions | None):
    """A read input tidied (a tuple is its document and notice), or what reading it gave."""
    return _guarded(name, _tidied, *read, headers, logs) if isinstance(read, tuple) else read


def _read(path: Path, name: str):
    """``(document, notice)`` of one input, govstats' own output read back, or the error
    of a folder that could not be listed."""
    reloading, parse, document = _readers()
    if name.endswith("/"):
        return _unlisted_folder(path, name)
    doc = document.read_document(path, name)  # only a regular file: a FIFO or a device is refused unread
    if (own := reloading.own_output(doc)) is not None:  # govstats' own output, read back as it was written
        return own
    return doc, parse.parse_notice(doc)


def _tidied(doc, notice, headers: dict[str, str] | None, logs: LogOptions | None):
    """``(document, notice, tables, grids with content but no table)`` of a read input."""
    tidy_grid, read_log, check_table = _tidiers()
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
        if not found and doc.sheets and g.has_content():
            untidied.append(g)
    # From here on only where things came from is needed: the cells and the text stay
    # behind (a pool would pickle them back; one process would hold every file's at once).
    doc.text_lines = []
    for g in grids:
        g.cells = []
    return doc, notice, tables, untidied


# The stages are imported on first use (``import govstats`` stays light) and kept: an import
# statement costs a microsecond or two even of a module loaded already, and ran per input.
# Their modules are kept, not their functions: a function is looked up when called, so a
# stand-in put on its module (a test's crashing reader, inherited by forked workers) is called.
@cache
def _readers() -> tuple:
    from govstats.dataset import reloading
    from govstats.notice import parse
    from govstats.read import document

    return reloading, parse, document


@cache
def _tidiers() -> tuple:
    from govstats.tidy.grids import tidy_grid
    from govstats.tidy.logs import read_log
    from govstats.validate.tables import check_table

    return tidy_grid, read_log, check_table


def _guarded(name: str, step, *args):
    """``step(*args)``, or the typed error that made the input ``name`` unreadable: a fault
    of ours on one input takes down that file only."""
    try:
        return step(*args)
    except UnreadableInputError as exc:
        return exc
    except GovstatsError as exc:  # any other typed error still names the file
        return UnreadableInputError(exc.reason, exc.source or Source(name))
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        if os.environ.get("GOVSTATS_DEBUG"):
            raise
        return UnreadableInputError(f"读取时内部出错（{type(exc).__name__}: {str(exc)[:160]}）", Source(name))


def parse_all(
    items: list[tuple[Path, str]],
    workers: int | None,
    headers: dict[str, str] | None = None,
    logs: LogOptions | None = None,
) -> list:
    """:func:`_parse_serial` of every item, in order: in this process, or over worker
    processes when it pays."""
    from govstats.progress import bar

    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(items) >= _POOL_FROM else 1
    with bar(len(items), "读取输入") as step:
        if workers <= 1 or len(items) < 2:
            return _parse_serial(items, headers, logs, step.update)
        from govstats.dataset import pool

        jobs = [(item, headers, logs) for item in items]
        return pool.run(_parse_jobs, jobs, workers, _crashed, step.update)


_BATCH = 16
_BATCH_CELLS = 100_000
"""Inputs, and cells of them, read before they are tidied in one process: a batch of
workbooks as offices print them is a few thousand cells; one large input is tidied as soon
as it is read, so no more than one input of read/safety's largest is held beyond that."""


def _parse_jobs(jobs: list[tuple[tuple[Path, str], dict[str, str] | None, LogOptions | None]]) -> list:
    """:func:`_parse_serial` of a batch of ``(item, headers, logs)`` of one load: what a worker
    process is sent (read-then-tidy in batches pays there too: 5-10% of a worker's time)."""
    _, headers, logs = jobs[0]
    return _parse_serial([item for item, _, _ in jobs], headers, logs, lambda: None)


def _crashed(job: tuple, why: str) -> UnreadableInputError:
    return UnreadableInputError(f"读取此文件时{why}，其余文件照常读取", Source(job[0][1]))


_POOL_FROM = 64
"""Below this many files a process pool costs more than it saves."""
