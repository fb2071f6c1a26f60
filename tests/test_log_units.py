"""A counted log's per-unit table: units in the order they first appear in the log, the
messages outside the window or not received included (they are counted in no class but
still place their unit), a unit with nothing counted in the window given no row. The
dates were counted by hand on the State Council's 2023 calendar (清明 4月5日 off;
劳动节 4月29日—5月3日 off, Saturday 5月6日 worked)."""

from __future__ import annotations

import numpy as np
import pandas as pd

import govstats
from fixtures.logs import log_workbook
from govstats.tidy.counting import CLASSES, _by_unit


def test_units_in_the_order_they_first_appear_in_the_log(tmp_path):
    rows = [
        ["L1", "2023-01-05 10:00", "市民政局", "已办结", "2023-01-06 10:00"],  # before the window
        ["L2", "2023-04-03 10:00", "市城管局", "已办结", "2023-04-04 10:00"],  # on time
        ["L3", "2023-02-01 10:00", "市交通局", "已办结", "2023-02-02 10:00"],  # before it only: no row
        ["L4", "2023-04-04 10:00", "市民政局", "已办结", "2023-04-06 10:00"],  # due 4月12日: on time
        ["L5", "2023-04-10 10:00", "市水务局", "不予受理", None],  # not received only: no row
        ["L6", "2023-05-05 10:00", "市教育局", "办理中", None],  # due 5月11日: overdue by 6月30日
        ["L7", "2023-07-03 10:00", "市城管局", "已办结", "2023-07-04 10:00"],  # after the window
    ]
    path = log_workbook(tmp_path / "log.xlsx", rows, title="部门信箱来信")
    h = govstats.load(path, period="2023Q2").handling
    assert list(h["unit"]) == ["市民政局", "市城管局", "市教育局"]
    assert h[["received", "on_time", "late_completed", "pending", "overdue_pending"]].values.tolist() == [
        [1, 1, 0, 0, 0],
        [1, 1, 0, 0, 0],
        [1, 0, 0, 1, 1],
    ]


def _expected(units: list, code: list[int]) -> tuple[list, list[list[int]]]:
    """The table counted message by message: every unit in the order it first appears,
    then those with nothing in the four counted classes left out."""
    counts: dict = {}
    for unit, c in zip(units, code, strict=True):
        row = counts.setdefault(unit, [0, 0, 0, 0])
        if c < 4:
            row[c] += 1
    kept = [(u, n) for u, n in counts.items() if sum(n) and u is not None]
    return [u for u, _ in kept], [n for _, n in kept]


def test_the_table_is_the_count_message_by_message():
    """Units hashed only where they can matter (the counted messages, and the others
    before the last unit's first counted one) give the table counting every message gives."""
    assert CLASSES[:4] == ("on_time", "late_completed", "pending", "overdue_pending")
    rng = np.random.default_rng(8)
    for case in range(400):
        n = int(rng.integers(0, 40))
        names = [f"单位{i}" for i in range(int(rng.integers(1, 8)))]
        counted_share = rng.random()
        code = np.where(rng.random(n) < counted_share, rng.integers(0, 4, n), rng.integers(4, 6, n))
        units = [names[i] for i in rng.integers(0, len(names), n)]
        for i in np.flatnonzero(code >= 4)[: int(rng.integers(0, 3))]:
            units[i] = None  # a unit missing where nothing is counted changes nothing
        got = _by_unit(pd.Series(units, dtype="string"), code.astype(np.int8))
        assert got == _expected(units, code.tolist()), case
