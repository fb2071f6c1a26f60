"""A prototype of ``govstats.load`` over a process pool, kept in benchmarks/ (govstats is
not ours to change): the per-file work (read, parse the notice, tidy every grid) runs in
``workers`` processes; what spans files (settling publishers, dropping duplicate tables,
validating totals, building the frames) runs once in the parent, exactly as ``load`` does.

It calls ``govstats.dataset.load`` itself, with the two per-file steps swapped for
look-ups of the workers' results, so the output is ``load``'s by construction; the
benchmark still checks it is identical, row for row.
"""

from __future__ import annotations

import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from unittest import mock

import govstats
from govstats.dataset import Dataset, expand_inputs


def _work(item: tuple[Path, str]):
    """Read, parse and tidy one file; errors travel back as values (load reports them)."""
    from govstats.errors import GovstatsError
    from govstats.notice import parse_notice
    from govstats.reading import read_document
    from govstats.tidying import tidy_grid

    path, name = item
    try:
        doc = read_document(path, name)
        notice = parse_notice(doc)
    except GovstatsError as exc:
        return name, exc, None
    # One pickle: tables keep pointing at the very grids of doc and notice.
    return name, (doc, notice, [tidy_grid(g) for g in [*doc.grids, *notice.grids]]), None


def load_parallel(paths, workers: int = 2, chunksize: int = 8) -> Dataset:
    """``govstats.load(paths)`` with per-file work spread over ``workers`` processes."""
    items = expand_inputs(paths)
    ctx = mp.get_context("fork")  # workers inherit the imported modules: no import per worker
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        results = {name: value for name, value, _ in pool.map(_work, items, chunksize=chunksize)}
    tidied: dict[int, list] = {}
    for value in results.values():
        if not isinstance(value, Exception):
            doc, notice, per_grid = value
            for grid, tables in zip([*doc.grids, *notice.grids], per_grid, strict=True):
                tidied[id(grid)] = tables

    def read_document(path, name):
        value = results[name]
        if isinstance(value, Exception):
            raise value
        return value[0]

    def parse_notice(doc):
        return results[doc.file][1]

    def tidy_grid(grid):
        return tidied[id(grid)]

    with (
        mock.patch("govstats.reading.read_document", read_document),
        mock.patch("govstats.notice.parse_notice", parse_notice),
        mock.patch("govstats.tidying.tidy_grid", tidy_grid),
    ):
        return govstats.load(paths)
