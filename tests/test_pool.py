"""The worker pool of ``govstats.load``: results in input order whatever the number of
workers and however the batches are sent ahead; an item whose reading kills its worker is
that item's error only, the items sent behind it are answered as if nothing happened."""

from __future__ import annotations

import os
import sys

import pytest

from govstats.dataset import pool

fork = pytest.mark.skipif(sys.platform == "win32", reason="fork")

DEADLY = {5, 6, 23}  # two side by side (one batch or two), one on its own


def _squares_or_die(batch: list[int]) -> list[int]:
    if DEADLY.intersection(batch):
        os._exit(3)  # what a native crash does to a worker
    return [i * i for i in batch]


def _crashed(item: int, why: str) -> str:
    return f"{item}: {why}"


def test_batches_cover_every_item_once_in_order_and_shrink_towards_the_end():
    sizes = [len(b) for b in pool._batches(20, 2)]
    # 20 items, 2 workers: a quarter of each one's share of what remains (20//8, 18//8, 16//8,
    # then 14//8 = 1 until the end)
    assert sizes == [2, 2, 2] + [1] * 14
    assert [i for b in pool._batches(1000, 2) for i in b] == list(range(1000))
    assert max(len(b) for b in pool._batches(1000, 2)) == 16


@fork
@pytest.mark.parametrize("workers", [1, 2, 3])
def test_items_that_kill_their_worker_are_their_own_errors_and_the_rest_in_order(workers):
    told: list[int] = []
    items = list(range(40))
    out = pool.run(_squares_or_die, items, workers, _crashed, told.append)
    for i in items:
        if i in DEADLY:
            assert out[i] == f"{i}: 工作进程以退出码3终止"
        else:
            assert out[i] == i * i
    assert sum(told) == 40  # every item counted once on the progress bar


def _squares_or_exit(batch: list[int]) -> list[int]:
    if 7 in batch:
        raise SystemExit(4)  # not an error a reader's guard catches: the worker ends
    return [i * i for i in batch]


@fork
def test_a_worker_whose_work_raises_past_its_guard_ends_and_takes_down_its_item_only():
    out = pool.run(_squares_or_exit, list(range(12)), 2, _crashed)
    assert out == [*(i * i for i in range(7)), "7: 工作进程以退出码4终止", *(i * i for i in range(8, 12))]
