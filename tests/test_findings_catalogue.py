"""Each finding code is defined once, in govstats/findings/catalogue.py: docs/findings.md is
that catalogue printed, every code the package produces is in it, every code in it is
produced somewhere, and a producer gives exactly the fields its code's template names."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from govstats import labels
from govstats.findings import finding
from govstats.findings.catalogue import CODES, table
from govstats.source import Source

ROOT = Path(__file__).resolve().parents[1]
_CODE = re.compile(r"[a-z]+(?:-[a-z]+)+")


def _calls() -> list[tuple[Path, int, str, set[str] | None]]:
    """Every ``finding(...)`` call in the package naming its code as a literal: (file, line,
    code, the keyword fields it gives, or ``None`` in the earlier positional form)."""
    out = []
    for path in sorted((ROOT / "govstats").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "finding"):
                continue
            literals = [a.value if isinstance(a, ast.Constant) else None for a in node.args[:2]]
            if literals and literals[0] in ("error", "warning"):
                if len(literals) > 1 and literals[1]:
                    out.append((path, node.lineno, literals[1], None))
            elif literals and literals[0]:
                fields = {k.arg for k in node.keywords if k.arg != "severity"}
                out.append((path, node.lineno, literals[0], fields))
    return out


def _produced() -> set[str]:
    """Codes in finding calls, and codes chosen from a table before the call: (severity,
    code, …) pairs, and tidy's count problems."""
    pair = re.compile(r'"(?:error|warning)",\s*"([a-z]+(?:-[a-z]+)+)"')
    tables = {
        m for p in (ROOT / "govstats").rglob("*.py") for m in pair.findall(p.read_text(encoding="utf-8"))
    }
    from govstats.tidy.records import COUNT_PROBLEM  # a printed count's problems: (code, why)

    return {code for _, _, code, _ in _calls()} | tables | {code for code, _ in COUNT_PROBLEM.values()}


def test_the_findings_page_is_the_catalogue_printed():
    text = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    printed = re.search(r"^\| code \|.*\n(?:\|.*\n)+", text, re.M).group(0)
    assert printed == table(), "docs/findings.md: run python -m govstats.findings"
    documented = re.findall(r"^\| `([a-z-]+)` \|", text, re.M)
    assert sorted(documented) == sorted(CODES)  # every code documented, every documented code real
    assert len(documented) == len(set(documented))


def test_every_code_produced_is_in_the_catalogue_and_every_catalogued_code_is_produced():
    produced = _produced()
    assert {
        "row-arithmetic",
        "narrative-mismatch",
        "not-a-count",
        "scanned-page",
    } <= produced  # the scan works
    assert produced <= set(CODES), sorted(produced - set(CODES))
    assert set(CODES) <= produced, sorted(set(CODES) - produced)


def test_every_producer_gives_the_fields_its_template_names():
    checked = 0
    for path, line, code, fields in _calls():
        assert fields is not None, (
            f"{path.relative_to(ROOT)}:{line} {code}: the earlier (severity, code, message) form"
        )
        named = {f for _, f, _, _ in string.Formatter().parse(CODES[code].template) if f}
        assert fields == named, (
            f"{path.relative_to(ROOT)}:{line} {code}: gives {fields}, template names {named}"
        )
        checked += 1
    assert checked >= 40


def test_every_code_has_a_severity_a_chinese_name_and_a_note():
    for code, c in CODES.items():
        assert _CODE.fullmatch(code), code
        assert c.severity in ("error", "warning"), code
        assert re.search(r"[\u4e00-\u9fff]", c.name) and c.template, code
        assert c.note, code
    assert labels.FINDINGS["row-arithmetic"] == "行内数字不平衡"
    assert {code: c.name for code, c in CODES.items()} == labels.FINDINGS


def test_a_finding_is_its_template_filled_at_its_cell():
    f = finding(
        "rate-mismatch",
        Source("附件.xlsx", "Sheet1", 5, 4),
        unit="市司法局",
        header="按时办结率",
        printed="90%",
        expected=0.75,
    )
    assert f == {
        "severity": "error",
        "code": "rate-mismatch",
        "message": "市司法局：按时办结率印为90%，按数字计算为75.00%",
        "source": "附件.xlsx, sheet Sheet1, cell D5",
        "file": "附件.xlsx",
        "sheet": "Sheet1",
        "row": 5,
        "column": "D",
    }
    assert (
        finding("log-row-unread", Source("日志.csv"), severity="warning", reason="不是留言")["severity"]
        == "warning"
    )
    # the earlier positional form, for producers not yet on the templates
    old = finding(
        "warning", "no-table", "本工作表未识别出办理情况表或问题名单，其内容未导入", Source("a.xlsx", "S")
    )
    assert old["severity"] == "warning" and old["message"].startswith("本工作表")
    with pytest.raises(KeyError):
        finding("no-such-code", Source("a.xlsx"))
