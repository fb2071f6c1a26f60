"""Benchmark 8: a message log of a million messages counted by the working-day rule
(deadlines on the State Council's calendar, classes, the per-unit table) against the time
pandas takes to read the same messages from Parquet twice, in the same run. The counting is
array arithmetic over the calendar (govstats/tidy/workdays.py): no Python per message."""

from __future__ import annotations

import tempfile
from pathlib import Path

from harness import Section, Stats, timeit

FULL = 1_000_000
TARGET = 0.5  # "well under" reading it twice


def make_messages(n: int, seed: int = 0):
    """``n`` messages of 2023 (every day, holidays included) to 60 units; a tenth still open,
    one in a hundred 不予受理, one in fifty 延期."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    start = np.datetime64("2023-01-01T00:00", "s")
    received = start + rng.integers(0, 365 * 86400, n).astype("timedelta64[s]")
    answered = received + (rng.gamma(2.0, 3.0, n) * 86400).astype("timedelta64[s]")
    answered[rng.random(n) < 0.1] = np.datetime64("NaT")
    status = np.where(rng.random(n) < 0.01, "不予受理", np.where(rng.random(n) < 0.02, "延期办理", "已办结"))
    return pd.DataFrame(
        {
            "row": pd.array(np.arange(3, n + 3), dtype="Int64"),
            "id": pd.array([f"X{i:07d}" for i in range(n)], dtype="string"),
            "unit": pd.Categorical.from_codes(
                rng.integers(0, 60, n), [f"测试单位{u:02d}" for u in range(60)]
            ).astype("string"),
            "status": pd.array(status, dtype="string"),
            "extension": pd.array([None] * n, dtype="string"),
            "received": received,
            "answered": answered,
            "deadline_raw": pd.Series([None] * n, dtype=object),
        }
    )


def _log(messages):
    from govstats.read.grid import Grid
    from govstats.tidy.logs import RecordLog

    columns = {"id": 0, "received": 1, "unit": 2, "status": 3, "answered": 4}
    headers = dict(zip(columns, ("信件编号", "来信时间", "办理单位", "办理状态", "回复时间"), strict=True))
    return RecordLog(Grid("bench.parquet", None, []), "部门信箱", 1, columns, headers, messages, "mailbox")


def run(sec: Section, quick: bool = False) -> None:
    import pandas as pd

    from govstats.tidy.counting import count_log
    from govstats.tidy.deadlines import parse_deadlines

    n = 20_000 if quick else FULL
    repeats = 1 if quick else 5
    messages = make_messages(n)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "messages.parquet"
        messages.to_parquet(path)
        read = sec.stat(
            Stats(
                f"baseline: pandas.read_parquet x2 ({n:,} messages)",
                timeit(lambda: (pd.read_parquet(path), pd.read_parquet(path)), repeats),
            )
        )
    log, rules, window = _log(messages), parse_deadlines(None), pd.Period("2023Q2", "Q")
    counted = sec.stat(
        Stats(
            "count_log: deadlines, classes, per-unit table",
            timeit(lambda: count_log(log, rules, window), repeats),
        )
    )
    t = count_log(log, rules, window)
    sec.note(
        f"{len(t.records)} units; {sum(r['received'] for r in t.records):,} messages received in {window}"
    )
    sec.ratio("counting / reading from Parquet twice", counted, read, TARGET)
