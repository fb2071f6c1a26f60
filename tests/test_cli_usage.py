"""The command line's contract for usage errors: exit 2, one line, no traceback."""

from __future__ import annotations

import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "govstats", *args], capture_output=True, text=True, timeout=120
    )


def test_missing_input_is_a_usage_error(tmp_path):
    p = run("ingest", str(tmp_path / "nope.xlsx"), "-o", str(tmp_path / "out"))
    assert p.returncode == 2
    assert "nope.xlsx" in p.stderr
    assert "Traceback" not in p.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_command_and_missing_output_are_usage_errors(tmp_path):
    assert run("frobnicate").returncode == 2
    p = run("ingest", str(tmp_path))
    assert p.returncode == 2
    assert "-o" in p.stderr


def test_malformed_period_is_a_usage_error(tmp_path):
    (tmp_path / "a.csv").write_text("受理单位,受理诉求\n市教育局,26\n", encoding="utf-8")
    p = run("ingest", str(tmp_path / "a.csv"), "-o", str(tmp_path / "out"), "--period", "spring")
    assert p.returncode == 2
    assert "spring" in p.stderr
    assert "Traceback" not in p.stderr
