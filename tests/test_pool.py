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
