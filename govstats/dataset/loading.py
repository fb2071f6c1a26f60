"""Load inputs into one :class:`Dataset`: each read, parsed and tidied
(:mod:`.parsing`), then assembled and checked together (:mod:`.assembling`).

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
from govstats.dataset.inputs import expand_inputs
from govstats.dataset.logs import LogOptions, log_options
from govstats.dataset.model import Dataset, InputStatus
from govstats.dataset.parsing import parse_all
from govstats.errors import GovstatsError, PeriodError, UsageError
from govstats.findings import finding
from govstats.source import Source

PathLike = str | os.PathLike


def load(
    paths: PathLike | Iterable[PathLike],
    *,
    period: str | pd.Period | None = None,
    publisher: str | None = None,
    workers: int | None = None,
    headers: PathLike | None = None,
    deadline: str | PathLike | None = None,
    period_if_none: str | pd.Period | None = None,
) -> Dataset:
    """Read notices and annex files into a :class:`Dataset`.

    Formats are recognised by content (:mod:`govstats.read.registry` lists them). An input
    that cannot be read is recorded in ``Dataset.inputs`` and as an ``unreadable-input``
    finding; the others are still loaded. The result does not depend on ``workers``, and a
    worker that dies takes its file down, not the others.

    Parameters
    ----------
    paths : path or iterable of paths
        A file, a folder or a list of them.
    period : str or pandas.Period, optional
        The period of every input, over what they say; for a message log, its window.
    publisher : str, optional
        The city of inputs that name none, in the form the data's publishers have
        (``鹰潭市 `` is 鹰潭市).
    workers : int, optional
        Processes reading the files (default: up to 4 when there are 64 files or more, else 1).
    headers : path, optional
        A CSV mapping headers govstats does not understand onto fields (``header,field``:
        成功应答,received), read before the built-in vocabulary.
    deadline : str or path, optional
        A message log's working days N (``5``, ``部门信箱=5,依申请公开=20+20``, or a file
        of such lines; docs/metrics.md).
    period_if_none : str or pandas.Period, optional
        The period of every input when none of them states one (a report asked for
        ``2022Q3`` of annexes printed 11月份 with no year); ignored when ``period`` is given.

    Returns
    -------
    Dataset
        The tidy tables, the findings and each input's status.

    Raises
    ------
    govstats.errors.UsageError
        A path that does not exist, no input file, or an option that is wrong.
    """
    from govstats.notice.publishers import given_publisher
    from govstats.tidy.headers import read_header_map

    override, fallback = _period_argument(period), _period_argument(period_if_none)
    if publisher is not None:
        publisher = given_publisher(publisher)
    header_map = read_header_map(headers) if headers is not None else None
    logs = log_options(deadline, override)
    items = expand_inputs(paths)
    with _cyclic_gc_paused():
        ds = _load(items, workers, override, publisher, header_map, logs, fallback)
    if ds is None:  # a message log states no period either: counted again in the window given
        return load(
            paths, period=fallback, publisher=publisher, workers=workers, headers=headers, deadline=deadline
        )
    return ds


def _as_read(parsed: list) -> list[tuple]:
    """Each notice and table with the period and publisher it was read with, before
    assembling settles them."""
    return [
        (t, t.period, t.period_source, t.publisher, t.publisher_source)
        for _, _, notice, tables, _ in parsed
        for t in (notice, *tables)
    ]


def _period_argument(period: str | pd.Period | None) -> pd.Period | None:
    from govstats.periods import parse_period

    try:
        return parse_period(period) if period is not None else None
    except PeriodError as exc:  # a bad argument, not bad data
        raise UsageError(f"参数 period：{exc.reason}") from None


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
    fallback: pd.Period | None = None,
) -> Dataset | None:
    """The Dataset of ``items``; with ``fallback``, assembled again in that period when
    no input states one (read once), or ``None`` when a message log is among them (its
    messages are counted in the period's window: read again)."""
    from govstats.dataset.assembling import assemble  # imported on use: `import govstats` stays light
    from govstats.dataset.reloading import OwnOutput, reloaded

    statuses: list[InputStatus] = []
    parsed, own = [], []
    for (path, name), result in zip(items, parse_all(items, workers, headers, logs), strict=True):
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
    as_read = _as_read(parsed) if fallback is not None and override is None and not own else None
    ds = assemble(parsed, statuses, period=override, publisher=publisher)
    if as_read is not None and not ds.periods():
        if not ds.records.empty:
            return None
        for thing, *values in as_read:  # assembling settled them: from what was read, again
            thing.period, thing.period_source, thing.publisher, thing.publisher_source = values
        ds = assemble(parsed, statuses, period=fallback, publisher=publisher)
    if own:
        ds = reloaded(ds, own)
    said = [f for _, doc, *_ in parsed for f in doc.findings]  # what reading noticed, file by file
    unreadable = [
        finding(
            "unreadable-input", s.error.source or Source(s.file), label=s.error.label, reason=s.error.reason
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
