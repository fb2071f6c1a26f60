"""Smoke tests of benchmarks/: the corpus generator writes what it plans, and every
benchmark runs at tiny sizes and prints its figures and ratios. No timing assertions:
timings belong to `make bench`, not to tests."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402


def test_plan_is_synthetic_varied_and_adds_up():
    specs = corpus.plan(60, seed=3)
    assert len(specs) == 60
    assert len({(s.publisher, s.period) for s in specs}) == 60  # no file repeats another's table
    assert {s.layout for s in specs} == set(corpus.LAYOUTS)
    assert len({s.period for s in specs}) > 10
    assert all(s.publisher.startswith("测试") for s in specs)
    rows = [(ch, r) for s in specs for ch, groups in s.tables.items() for _, rs in groups for r in rs]
    assert all(r.unit.startswith("测试") for _, r in rows)
    assert {ch for ch, _ in rows} == {"mailbox", "ogi_request"}
    # The convention of domain.md: pending counts everything not completed, overdue is part of it.
    assert all(r.received == r.on_time + r.late_completed + r.pending for _, r in rows)
    assert all(0 <= r.overdue_pending <= r.pending for _, r in rows)
    assert any(r.overdue_pending for _, r in rows) and any(r.received == 0 for _, r in rows)
    assert corpus.plan(60, seed=3)[7] == specs[7]  # reproducible from the seed


def _cells(path: Path, sheet: str) -> list[list]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def test_written_workbooks_hold_the_planned_rows(tmp_path):
    folder, specs = corpus.build(12, seed=5, root=tmp_path)
    assert sorted(p.name for p in folder.glob("*.xlsx")) == [s.name for s in specs]
    for spec in specs:
        path = folder / spec.name
        if spec.layout == "mailbox_window":
            cells = _cells(path, "Sheet1")
            (raw, _), rows = spec.tables["mailbox"][0]
            assert cells[0][0].startswith(spec.publisher)  # title row, no annex label above it
            assert cells[1][1] == "受理单位"
            assert cells[2][0] == raw
            first = rows[0]
            assert cells[3][:7] == [
                1,
                first.unit,
                first.received,
                first.on_time,
                first.late_completed,
                first.pending,
                first.overdue_pending,
            ]
            assert "统计时间" in cells[-1][1] and str(spec.period.year) in cells[-1][1]
        if spec.layout == "messy_mailbox":
            cells = _cells(path, "信箱")
            assert cells[0] == [] or all(v == "" for v in cells[0])
            total = next(c for c in cells if c and c[1] == "合计")
            units = [r for _, rs in spec.tables["mailbox"] for r in rs]
            assert total[3] == sum(r.received for r in units)
    # A second build reuses the corpus instead of writing it again.
    stamp = (folder / specs[0].name).stat().st_mtime_ns
    corpus.build(12, seed=5, root=tmp_path)
    assert (folder / specs[0].name).stat().st_mtime_ns == stamp


def test_truth_has_the_contract_columns():
    from govstats import schema

    table = corpus.truth(corpus.plan(8, seed=1))
    assert list(table.columns) == list(schema.COLUMNS["handling"])
    assert table["completed"].isna().all()  # no table prints 办结数 beside 按时/超期办结
    assert set(table["tier"]) == {"市直单位", "区(市)"}


def test_quick_run_prints_every_benchmark():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    for title in (
        "1. ingest",
        "2. import",
        "3. briefing",
        "4. scale",
        "5. the dataset folder",
        "6. the same SQL",
        "7. hostile",
        "8. a message log",
        "9. Word documents",
        "10. reading PDF",
        "11. reading stays linear",
    ):
        assert f"## {title}" in out
    sections = re.split(r"\n## ", out)[1:]
    for text in sections:
        # each benchmark prints min/median/max and a ratio with its verdict, or says why it was skipped
        assert (
            "median" in text and re.search(r"\d+\.\d\dx  target [<>]= [\d.]+x  (PASS|MISS)", text)
        ) or "skipped: " in text, text
    ingest = sections[0]
    assert re.search(r"tidy tables of all \d+ runs \(1 process, 2 processes\): identical", ingest)
    assert "handling table vs the generator's truth:" in ingest
