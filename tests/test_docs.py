"""docs/ states the contract the code keeps: every finding code the package can raise and
every column of every tidy table is described there."""

from __future__ import annotations

import re
from pathlib import Path

from govstats import labels, schema

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _raised_codes() -> set[str]:
    # the earlier form (severity, code, …) and the catalogue's: finding(code, source, **fields)
    code = re.compile(r'(?:"(?:error|warning)",|\bfinding\()\s*"([a-z]+(?:-[a-z]+)+)"')
    return {m for p in (ROOT / "govstats").rglob("*.py") for m in code.findall(p.read_text(encoding="utf-8"))}


def test_every_finding_code_is_documented_and_named_in_chinese():
    codes = _raised_codes()
    assert {"row-arithmetic", "narrative-mismatch", "unreadable-input"} <= codes  # the search works
    documented = set(
        re.findall(r"^\| `([a-z-]+)` \|", (DOCS / "findings.md").read_text(encoding="utf-8"), re.M)
    )
    assert codes <= documented, sorted(codes - documented)
    assert codes <= set(labels.FINDINGS), sorted(codes - set(labels.FINDINGS))


def test_every_column_of_every_table_is_documented():
    text = (DOCS / "contract.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## `(\w+)`[^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S))
    assert set(sections) == set(schema.TABLES)
    for table, columns in schema.COLUMNS.items():
        missing = [c for c in columns if f"`{c}`" not in sections[table]]
        assert not missing, f"{table}: {missing}"


def test_docstrings_point_at_docs_that_exist():
    cited = {
        m
        for p in (ROOT / "govstats").rglob("*.py")
        for m in re.findall(r"docs/([\w-]+\.md)", p.read_text(encoding="utf-8"))
    }
    assert cited and all((DOCS / name).exists() for name in cited), cited
