"""The command line as a Chinese office reads it: help, usage and errors in Chinese (argparse's
own words too, without touching anyone else's argparse), ``--version``, ``-q``, every exit
code in every ``--help``, ``validate``'s table lined up with Chinese text, and a progress bar
on a terminal only."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import govstats
from fixtures import commands
from govstats import cli, progress, schema
from govstats.labels import SEVERITIES
from govstats.read import registry
from govstats.source import location
from govstats.terminal import width

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"  # the shipped Yingtan notice and annexes: two errors, four duplicate tables
COMMANDS = ([], ["ingest"], ["validate"], ["report"], ["draft"], ["panel"])
ENGLISH = re.compile(r"[A-Za-z]{3,}")


def _help(command: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as done:
        cli.main([*command, "--help"])
    assert done.value.code == 0
    return out.getvalue()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "govstats")
def test_help_is_chinese_and_names_every_exit_code(command):
    shown = _help(command)
    assert shown.startswith("用法：govstats") and "\n选项：\n" in shown and "显示此帮助并退出" in shown
    for english in ("usage:", "options:", "positional arguments", "show this help", "exit codes"):
        assert english not in shown
    codes = re.findall(r"(?m)^  (\d+) +(\S)", shown.split("退出码：\n", 1)[1])
    assert [c for c, _ in codes] == ["0", "1", "2", "3", "130"]
    # what describes the options is Chinese: no English word once option names, metavars,
    # file names and codes (PATH, 2022Q1, html, reports/briefing-<period>.html) are taken out
    options = shown.split("退出码：", 1)[0].split("\n选项：\n", 1)[1]
    described = re.sub(r"--?[a-z-]+|\{[a-z,]+\}|[A-Z_]{2,}|[\w.<>/=-]*[a-z][\w.<>/=-]*", "", options)
    assert not ENGLISH.search(described), described
    assert re.search(r"[\u4e00-\u9fff]", described)


def test_every_option_of_every_command_has_a_help_text():
    parser = cli._parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for name, command in [("govstats", parser), *sub.choices.items()]:
        for action in command._actions:
            if not isinstance(action, argparse._SubParsersAction):
                assert action.help and re.search(r"[\u4e00-\u9fff]", action.help), (name, action.dest)
    report = sub.choices["report"]
    (fmt,) = [a for a in report._actions if a.dest == "format"]
    assert all(choice in fmt.help for choice in fmt.choices)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["ingest"], "govstats ingest: 缺少必需的参数：PATH"),
        (["frobnicate"], "govstats: 参数 COMMAND：无效的取值 'frobnicate'（可选："),
        (["report", "--format", "pdf"], "govstats report: 参数 --format：无效的取值 'pdf'（可选："),
        (["validate", str(RAW), "--bogus"], "govstats: 无法识别的参数：--bogus"),
        (["ingest", str(RAW), "-o"], "govstats ingest: 参数 -o/--output：需要一个值"),
    ],
)
def test_argparse_errors_are_chinese(args, said, capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(args)
    assert done.value.code == 2
    err = capsys.readouterr().err
    usage, line = err.strip().splitlines()[0], err.strip().splitlines()[-1]
    assert usage.startswith("用法：govstats") and line.startswith(said), err
    assert not re.search(r"error:|invalid choice|required|unrecognized|expected", err)


def test_nothing_of_a_library_users_argparse_changes(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    with pytest.raises(SystemExit):
        cli.main(["report", "--format", "pdf"])
    capsys.readouterr()
    theirs = argparse.ArgumentParser(prog="theirs")
    theirs.add_argument("--n", type=int, required=True)
    assert theirs.format_help().startswith("usage: theirs") and "show this help message and exit" in (
        theirs.format_help()
    )
    with pytest.raises(SystemExit):
        theirs.parse_args(["--x"])
    assert "theirs: error: the following arguments are required: --n" in capsys.readouterr().err
    assert progress.QUIET is False


def test_version_is_the_installed_one():
    p = commands.govstats("--version")
    assert p.returncode == 0 and p.stdout.strip() == f"govstats {version('govstats')}"


def test_readme_lists_the_exit_codes_the_help_does():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| exit code | meaning |", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r"^\| `(\d+)` \|", table, re.M) == ["0", "1", "2", "3", "130"]
    assert "-q" in readme and "--version" in readme


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for f in RAW.glob("yingtan-2022Q1-*"):
        shutil.copy(f, folder / f.name)
    (folder / "空表.xlsx").write_bytes(b"")
    (folder / "照片.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    return folder


def test_unreadable_inputs_and_the_summary_are_said_in_chinese(tmp_path):
    p = commands.govstats("ingest", str(_inputs(tmp_path)), "-o", str(tmp_path / "out"))
    assert p.returncode == 1, p.stderr
    lines = p.stderr.strip().splitlines()
    assert lines == [
        "govstats: 无法读取 照片.xlsx（不是可读取的格式）："
        f"二进制内容：既不是工作簿，也不是网页或文本（govstats读取：{registry.readable()}）",
        "govstats: 无法读取 空表.xlsx（文件为空，或其中未识别出通报和表格）：文件为空（0字节）",
        lines[2],
    ]
    assert re.fullmatch(
        # 25 units of 附件4 and the one row of 附件3; the six findings of the notice and the two
        # unreadable inputs, errors the two real discrepancies and the two inputs
        r"govstats: 读取2/4个输入：办理情况26行，问题网站和新媒体7行，正文数字\d+个，通报1份，"
        rf"核查发现8条（错误4条）；{2 * len(schema.TABLES)}个文件写入 \S+",  # each table as CSV and Parquet
        lines[2],
    ), lines[2]
    for line in lines:  # one language: what is English is a name (file, folder, format)
        assert not ENGLISH.search(re.sub(r"govstats|Excel|Word|CSV|PDF|\S+\.xlsx|/\S+", "", line)), line


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_leaves_errors_and_results_only(tmp_path, where):
    folder = _inputs(tmp_path)
    args = ["validate", str(folder)]
    loud = commands.govstats(*args)
    quiet = commands.govstats(*(["-q", *args] if where == "before" else [*args, "-q"]))
    assert loud.returncode == quiet.returncode == 1
    assert quiet.stdout == loud.stdout and "级别" in quiet.stdout  # the table is a result: kept
    assert quiet.stderr.splitlines() == [ln for ln in loud.stderr.splitlines() if "无法读取" in ln]
    assert len(quiet.stderr.splitlines()) == 2
    ingest = commands.govstats("ingest", "-q", str(folder), "-o", str(tmp_path / "out"))
    assert ingest.returncode == 1 and len(ingest.stderr.splitlines()) == 2  # no summary line
    assert (tmp_path / "out" / "handling.csv").is_file()


def test_rows_naming_no_city_are_said_once_as_a_line_of_govstats(tmp_path):
    # the annex workbook alone names no city: every step of the draft meets its rows
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(RAW / "yingtan-2022Q1-annexes.xlsx", folder / "annexes.xlsx")
    p = commands.govstats("draft", "-i", str(folder), "-o", str(tmp_path / "d.docx"))
    assert p.returncode == 0, p.stderr
    said = [ln for ln in p.stderr.splitlines() if "未注明发布单位" in ln]
    assert said == [
        "govstats: 提示：1个输入文件的26行未注明发布单位（annexes.xlsx），每个文件单独计算，不与其他文件合并（input列）"
    ]
    assert "Warning" not in p.stderr and ".py:" not in p.stderr  # not Python's warning form
    quiet = commands.govstats("-q", "draft", "-i", str(folder), "-o", str(tmp_path / "q.docx"))
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_validate_lines_up_its_columns_with_chinese_text():
    p = commands.govstats("validate", str(RAW))
    assert p.returncode == 1
    lines = p.stdout.splitlines()
    header = lines[0]
    assert header.split() == ["级别", "代码", "位置", "说明"]
    starts = [width(header[: header.index(h)]) for h in ("代码", "位置", "说明")]
    findings = govstats.load(RAW).findings
    assert len(findings) >= 6 and {"error", "warning"} <= set(findings["severity"])
    rows = lines[1 : 1 + len(findings)]
    for line, (sev, code, source, message) in zip(
        rows, findings[["severity", "code", "source", "message"]].itertuples(index=False), strict=True
    ):
        assert line.startswith(SEVERITIES[sev] + " ")
        at_code = line.index(f" {code} ") + 1
        at_place = line.index(location(source), at_code + len(code))
        at_message = line.index(message, at_place + len(location(source)))
        assert [width(line[:at_code]), width(line[:at_place]), width(line[:at_message])] == starts, line
    assert "yingtan-2022Q1-annexes.xlsx 工作表“附件4”第13行C列" in p.stdout
    assert sum(line.startswith("错误 ") for line in rows) == 2  # the two real discrepancies


def _on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """``python -m govstats ARGS`` (or ``python ARGS`` when they start with ``-c``) with stderr
    on a pseudo-terminal of 100 columns: exit code, what it showed."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, *(args if args[0] == "-c" else ["-m", "govstats", *args])],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=follower,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end is closed: the run has ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    proc.stdout.read()
    return proc.wait(60), shown.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals")
def test_a_progress_bar_on_a_terminal_only_and_never_when_quiet(tmp_path):
    folder = _inputs(tmp_path)
    code, shown = _on_a_terminal(["ingest", str(folder), "-o", str(tmp_path / "a")], tmp_path)
    assert code == 1 and re.search(r"读取输入: +\d+%\|.*\| \d/4 ", shown), shown
    assert "govstats: 读取2/4个输入" in shown
    code, shown = _on_a_terminal(["-q", "ingest", str(folder), "-o", str(tmp_path / "b")], tmp_path)
    assert code == 1 and "读取输入" not in shown and "%|" not in shown
    assert shown.count("无法读取") == 2
    piped = commands.govstats("ingest", str(folder), "-o", str(tmp_path / "c"))
    assert "读取输入" not in piped.stderr and "%|" not in piped.stderr and "\r" not in piped.stderr


_BRIEFING = """
import sys, nbformat
from govstats import progress
from govstats.present.briefing.report import execute
progress.QUIET = sys.argv[1] == "quiet"
cells = ["x = 1", "import time; time.sleep(0.3)", "y = 2"]
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
nb.cells[0].metadata["tags"] = ["parameters"]
nbformat.write(nb, "nb.ipynb")
execute({"PERIOD": "2022Q1"}, notebook="nb.ipynb")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals")
def test_the_briefings_cells_are_a_bar_on_a_terminal_and_lines_in_a_pipe(tmp_path):
    code, shown = _on_a_terminal(["-c", _BRIEFING, "loud"], tmp_path)
    # the parameters, the injected parameters and the two cells after them
    assert code == 0 and re.search(r"生成简报: +\d+%\|.*\| \d/4 ", shown), shown
    assert "单元格" not in shown
    code, shown = _on_a_terminal(["-c", _BRIEFING, "quiet"], tmp_path)
    assert code == 0 and shown == ""
    piped = subprocess.run(
        [sys.executable, "-c", _BRIEFING, "loud"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    said = [ln for ln in piped.stderr.splitlines() if ln.startswith("govstats: ")]
    assert [re.sub(r"（.*", "", ln) for ln in said] == [
        f"govstats: 简报笔记本：第{n}/4个单元格" for n in range(1, 5)
    ]
    assert "%|" not in piped.stderr


def test_a_draft_that_cannot_be_written_is_said_before_reading(tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    p = commands.govstats("draft", "-i", str(RAW), "-o", str(tmp_path / "afile" / "通报.docx"))
    assert p.returncode == 2, p.stderr  # a usage error, not govstats' own (was exit 3)
    assert p.stderr.strip().endswith("是文件，不是文件夹") and "内部错误" not in p.stderr
    p = commands.govstats("draft", "-i", str(RAW), "-o", str(tmp_path))
    assert p.returncode == 2 and "是文件夹：请给出通报文件的路径" in p.stderr


def test_a_report_that_cannot_be_written_is_said_before_reading(tmp_path):
    missing = tmp_path / "no-such-input"  # were it read first, its absence would be said instead
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    p = commands.govstats("report", "-i", str(missing), "-o", str(tmp_path / "afile" / "简报.html"))
    assert p.returncode == 2 and p.stderr.strip().endswith("是文件，不是文件夹"), p.stderr
    p = commands.govstats("report", "-i", str(missing), "-o", str(tmp_path))
    assert p.returncode == 2 and "是文件夹：请给出简报文件的路径" in p.stderr, p.stderr
    assert str(missing.name) not in p.stderr
