"""Issue 16, runs: what no input, file system or signal may do to a run. A device or a FIFO
is one unreadable input; an unlistable folder is said; an output folder is never read
back; a run that fails, is killed or is interrupted leaves the previous tables whole; a
bad -o is a usage error; terminal output is escaped; a worker that dies takes its file
down only, and a script without a main guard works under spawn."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

import govstats
from fixtures import hostile, layouts
from fixtures.commands import without_file_permission_override
from govstats import schema

ROOT = Path(__file__).resolve().parents[1]
linux = pytest.mark.skipif(sys.platform != "linux", reason="Linux file system features")


def _good(d: Path, name: str = "good.csv") -> Path:
    return layouts.mailbox_csv(d / name, "gb18030")


def run(
    *args: str, timeout: float = 120, preexec=None, cwd=None, env=None
) -> tuple[subprocess.CompletedProcess, int]:
    """``python -m govstats ARGS`` and the peak memory (KiB) of that process alone."""
    p = subprocess.Popen(
        [sys.executable, "-m", "govstats", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,
        cwd=cwd,
        env=env,
    )
    try:
        out, err = p.communicate(timeout=timeout)
    finally:
        p.kill()
    peak = 0
    if hasattr(os, "wait4"):
        try:
            _, _, usage = os.wait4(p.pid, 0)
            peak = usage.ru_maxrss
        except ChildProcessError:
            pass
    return subprocess.CompletedProcess(p.args, p.returncode, out, err), peak


def written(out: Path, table: str = "handling") -> pd.DataFrame:
    return pd.read_csv(out / f"{table}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def assert_good_complete(out: Path, name: str = "good.csv") -> None:
    h = written(out)
    assert (h["source"].str.startswith(name)).sum() == hostile.MAILBOX_ROWS


# -- what an input can be ----------------------------------------------------------------


@linux
def test_an_endless_device_is_one_unreadable_input_refused_at_once(tmp_path):
    # /dev/zero never ends: reading it filled the memory
    p, peak = run("ingest", "/dev/zero", str(_good(tmp_path)), "-o", str(tmp_path / "out"), timeout=60)
    assert p.returncode == 1, p.stderr
    (line,) = [ln for ln in p.stderr.splitlines() if "zero" in ln]
    assert "字符设备" in line
    assert_good_complete(tmp_path / "out")
    assert peak < 2**20  # KiB: well under 1 GB


@linux
def test_a_fifo_named_as_an_input_is_refused_not_waited_on(capsys, tmp_path):
    from govstats import cli

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # nobody ever writes to it: opening it to read blocked forever
    assert cli.main(["ingest", str(fifo), str(_good(tmp_path)), "-o", str(tmp_path / "out")]) == 1
    (line,) = [ln for ln in capsys.readouterr().err.splitlines() if "pipe.csv" in ln]
    assert "命名管道" in line
    assert_good_complete(tmp_path / "out")


@linux
def test_a_fifo_in_an_input_folder_is_reported_not_waited_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _good(folder)
    os.mkfifo(folder / "feed.csv")
    ds = govstats.load(folder)
    status = {s.file: s for s in ds.inputs}
    assert isinstance(status["feed.csv"].error, govstats.errors.UnsupportedFormatError)
    assert status["good.csv"].ok and len(ds.handling) == hostile.MAILBOX_ROWS


@linux
def test_a_file_of_untold_size_is_read_only_up_to_the_limit(monkeypatch):
    from govstats.read import document

    # /proc files report a size of 0 and hold more
    assert Path("/proc/self/status").stat().st_size == 0
    monkeypatch.setattr(document, "_MAX_TEXT_BYTES", 64)
    (status,) = govstats.load("/proc/self/status").inputs
    assert isinstance(status.error, govstats.errors.InputTooLargeError)


@linux
def test_an_unlistable_subfolder_is_an_unreadable_input(tmp_path):
    folder = tmp_path / "in"
    (folder / "sealed").mkdir(parents=True)
    _good(folder)
    _good(folder / "sealed", "hidden.csv")
    (folder / "sealed").chmod(0o000)
    try:
        p, _ = run(
            "ingest", str(folder), "-o", str(tmp_path / "out"), preexec=without_file_permission_override()
        )
    finally:
        (folder / "sealed").chmod(0o755)
    assert p.returncode == 1, p.stderr
    assert any("sealed/" in ln and "文件夹无法读取" in ln for ln in p.stderr.splitlines()), p.stderr
    f = written(tmp_path / "out", "findings")
    assert f.loc[f["code"] == "unreadable-input", "file"].tolist() == ["sealed/"]
    assert_good_complete(tmp_path / "out")


def test_a_folder_linked_into_itself_is_walked_once(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    _good(folder / "sub")
    (folder / "sub" / "back").symlink_to(folder, target_is_directory=True)
    ds = govstats.load(folder)
    assert [s.file for s in ds.inputs] == ["sub/good.csv"]


def test_an_output_folder_inside_the_inputs_is_never_read_back(capsys, tmp_path):
    from govstats import cli

    folder = tmp_path / "in"
    folder.mkdir()
    _good(folder)
    for _ in range(2):  # the second run sees the first one's tables in in/out
        assert cli.main(["ingest", str(folder), "-o", str(folder / "out")]) == 0
        err = capsys.readouterr().err
        assert "无法读取" not in err and "读取1/1个输入" in err
    # named as an input it is read back as the tables it holds, not as annexes
    back = govstats.load(folder / "out")
    assert len(back.handling) == hostile.MAILBOX_ROWS and not back.unreadable


# -- the output folder ---------------------------------------------------------------------


def _digests(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.fixture
def previous(tmp_path) -> tuple[Path, dict[str, str]]:
    """An output folder holding a finished run's tables, CSV and Parquet (of the mailbox CSV)."""
    from govstats import cli

    out = tmp_path / "out"
    assert cli.main(["ingest", str(_good(tmp_path)), "-o", str(out)]) == 0
    digests = _digests(out)
    assert len([n for n in digests if n.endswith((".csv", ".parquet"))]) == 2 * len(schema.TABLES)
    return out, digests


def _ingest_dying(tmp_path: Path, out: Path, how: str, at: int) -> subprocess.CompletedProcess:
    """``govstats ingest`` of the annex workbook (a different run) into ``out``, hurt in
    the middle of writing: SIGKILL or SIGINT at the ``at``-th table file staged, or SIGKILL
    at the ``at``-th file moved into place."""
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        signal.signal(signal.SIGINT, signal.default_int_handler)  # see _EXECUTE
        from govstats.dataset import writing
        calls = [0]
        def hurt():
            calls[0] += 1
            if calls[0] == {at}:
                os.kill(os.getpid(), signal.{"SIGINT" if how == "int" else "SIGKILL"})
        if "{how}" == "apply":
            real_replace = writing.os.replace
            def replace(a, b):
                if "commit" in str(a):
                    hurt()
                return real_replace(a, b)
            writing.os.replace = replace
        else:
            real = writing.for_parquet
            def for_parquet(df):
                hurt()
                return real(df)
            writing.for_parquet = for_parquet
        from govstats.cli import main
        sys.exit(main(sys.argv[1:]))
        """
    )
    bad_run = hostile.annexes(tmp_path, "other.xlsx")
    return subprocess.run(
        [sys.executable, "-c", script, "ingest", str(bad_run), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("how", ["kill", "int"])
def test_a_run_killed_or_interrupted_while_writing_leaves_the_previous_tables_whole(tmp_path, previous, how):
    out, before = previous
    p = _ingest_dying(tmp_path, out, how, at=3)
    assert p.returncode == (-signal.SIGKILL if how == "kill" else 130), p.stderr
    visible = {n: d for n, d in _digests(out).items() if not n.startswith(".")}
    assert visible == {n: d for n, d in before.items() if not n.startswith(".")}  # every one, untouched
    if how == "int":
        assert "已中断" in p.stderr and not [e for e in out.iterdir() if e.name.startswith(".govstats-s")]
    # the next run clears what the killed one left and writes its own set whole
    from govstats import cli

    assert cli.main(["ingest", str(hostile.annexes(tmp_path, "third.xlsx")), "-o", str(out)]) == 0
    assert sorted(e.name for e in out.iterdir() if e.name.startswith(".")) == [".govstats-output"]
    assert not list(out.glob("*.tmp"))
    assert set(written(out)["source"].str.split(",").str[0]) == {"third.xlsx"}
    assert len(pd.read_parquet(out / "handling.parquet")) == len(written(out)) == hostile.MAILBOX_ROWS + 1


def test_a_run_killed_while_moving_its_set_in_is_completed_by_the_next(tmp_path, previous):
    out, _before = previous
    p = _ingest_dying(tmp_path, out, "apply", at=3)
    assert p.returncode == -signal.SIGKILL
    from govstats.dataset.writing import write_tables

    write_tables({}, out)  # any later write into the folder first finishes the committed set
    assert set(written(out)["source"].str.split(",").str[0]) == {"other.xlsx"}
    assert len(pd.read_parquet(out / "handling.parquet")) == hostile.MAILBOX_ROWS + 1
    assert set(written(out, "notices")["source"]) == set(pd.read_parquet(out / "notices.parquet")["source"])
    assert sorted(e.name for e in out.iterdir() if e.name.startswith(".")) == [".govstats-output"]


@linux
def test_a_full_disk_is_a_usage_error_and_the_previous_tables_stay(tmp_path, previous):
    import resource

    out, before = previous

    def small_files() -> None:  # every file past 4 KB fails as on a full disk (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    p, _ = run("ingest", str(hostile.annexes(tmp_path, "other.xlsx")), "-o", str(out), preexec=small_files)
    assert p.returncode == 2, p.stderr
    assert "内部错误" not in p.stderr and "无法写入输出文件夹" in p.stderr and "原有的表格未改动" in p.stderr
    assert _digests(out) == before


def test_runs_into_one_folder_at_once_leave_one_whole_set(tmp_path):
    out = tmp_path / "out"
    inputs = [_good(tmp_path), hostile.annexes(tmp_path)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "govstats", "ingest", str(path), "-o", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for path in inputs
    ]
    assert [p.wait(120) for p in procs] == [0, 0]
    files = {
        t: set(written(out, t)["source"].str.split(",").str[0])
        | set(pd.read_parquet(out / f"{t}.parquet")["source"].str.split(",").str[0])
        for t in ("handling", "problems")
    }
    assert len(files["handling"]) == 1  # one run's csv and parquet, not a mixture
    assert files["problems"] <= files["handling"]
    assert sorted(e.name for e in out.iterdir() if e.name.startswith(".")) == [".govstats-output"]


@pytest.mark.parametrize("target", ["file", "under-file", "empty", "input"])
def test_a_bad_output_target_is_a_usage_error_before_anything_is_read(capsys, tmp_path, target):
    from govstats import cli

    good = _good(tmp_path)
    (tmp_path / "taken.txt").write_text("keep", encoding="utf-8")
    out = {
        "file": str(tmp_path / "taken.txt"),
        "under-file": str(tmp_path / "taken.txt" / "out"),
        "empty": "",
        "input": str(tmp_path),  # the folder read as input: the tables would mix with it
    }[target]
    assert cli.main(["ingest", str(tmp_path if target == "input" else good), "-o", out]) == 2
    err = capsys.readouterr().err
    assert "内部错误" not in err and len(err.strip().splitlines()) == 1 and "-o" in err
    assert (tmp_path / "taken.txt").read_text(encoding="utf-8") == "keep"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["good.csv", "taken.txt"]


@linux
def test_a_read_only_output_folder_is_a_usage_error(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        p, _ = run("ingest", str(_good(tmp_path)), "-o", str(out), preexec=without_file_permission_override())
    finally:
        out.chmod(0o755)
    assert p.returncode == 2, p.stderr
    assert "没有写入权限" in p.stderr and list(out.iterdir()) == []


# -- the terminal --------------------------------------------------------------------------


def test_control_characters_from_cells_and_file_names_are_escaped(tmp_path):
    rows = layouts.mailbox_csv(tmp_path / "m.csv", "utf-8").read_text(encoding="utf-8").splitlines()
    rows = [r.replace(",市教育局,26,24,", ",\x1b[2J\x1b[H市教育局\u202e,26,二十四,") for r in rows]
    hostile_csv = tmp_path / "clear.csv"
    hostile_csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    odd = tmp_path / "bad\nname\x07.csv"
    odd.write_bytes(b"")
    p, _ = run("validate", str(hostile_csv), str(odd))
    assert p.returncode == 1
    assert "\x1b" not in p.stdout + p.stderr and "\x07" not in p.stderr and "\u202e" not in p.stdout
    assert "\\x1b[2J\\x1b[H市教育局\\u202e" in p.stdout
    (line,) = [ln for ln in p.stderr.splitlines() if "无法读取" in ln]
    assert "bad\\nname\\x07.csv" in line


def test_every_exit_code_is_in_the_help_and_the_readme(capsys):
    from govstats import cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ([], ["ingest"], ["validate"], ["report"]):
        with pytest.raises(SystemExit) as done:
            cli.main([*command, "--help"])
        assert done.value.code == 0
        shown = capsys.readouterr().out
        for code in ("0 ", "1 ", "2 ", "3 ", "130"):
            assert f"\n  {code}" in shown, (command, code)
    for code in ("`0`", "`1`", "`2`", "`3`", "`130`"):
        assert code in readme


# -- the worker processes -------------------------------------------------------------------


def _many(folder: Path, n: int = 64) -> Path:
    """``n`` mailbox annexes, each its own table (one unit renamed: the same table twice
    would be loaded once, as a duplicate)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = _good(folder, "u000.csv").read_text(encoding="gb18030")
    for i in range(1, n):
        (folder / f"u{i:03d}.csv").write_text(text.replace("市教育局", f"市教育局{i}"), encoding="gb18030")
    return folder


def test_a_script_without_a_main_guard_loads_many_files_under_spawn(tmp_path):
    folder = _many(tmp_path / "in", 8)
    decoy = tmp_path / "elsewhere"
    (decoy / "govstats").mkdir(parents=True)
    (decoy / "govstats" / "__init__.py").write_text("raise ImportError('another checkout')\n")
    script = tmp_path / "script.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import multiprocessing, os
            multiprocessing.set_start_method("spawn")
            print("script body ran")
            import govstats
            os.chdir({str(decoy)!r})  # a spawned worker imports govstats as this one did, not from here
            ds = govstats.load({str(folder)!r}, workers=2)  # a pool, as 64 files or more get
            print("rows", len(ds.handling), "unreadable", len(ds.unreadable))
            """
        ),
        encoding="utf-8",
    )
    p = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.count("script body ran") == 1  # the workers never ran the script again
    assert f"rows {8 * hostile.MAILBOX_ROWS} unreadable 0" in p.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_a_worker_that_dies_takes_down_its_file_only(tmp_path, monkeypatch):
    from govstats.read import document

    folder = _many(tmp_path / "in", 16)
    (folder / "u007.csv").rename(folder / "crash.csv")
    real = document.read_document

    def read(path, name):
        if name == "crash.csv":
            import faulthandler

            faulthandler.disable()  # pytest's dump of the dying worker is no news here
            os.abort()  # what a native crash does to the worker reading it
        return real(path, name)

    monkeypatch.setattr(document, "read_document", read)  # the forked workers inherit it
    ds = govstats.load(folder, workers=2)
    status = {s.file: s for s in ds.inputs}
    assert "SIGABRT" in str(status["crash.csv"].error) and "其余文件照常读取" in str(
        status["crash.csv"].error
    )
    assert sum(s.ok for s in ds.inputs) == 15 and len(ds.handling) == 15 * hostile.MAILBOX_ROWS


def test_refused_workbooks_in_a_pool_are_named_and_the_rest_loaded(tmp_path):
    # a cell in XFD1048576 aborted its worker (BrokenProcessPool, no file named); a cut
    # .xls panicked and its error could not be pickled back
    folder = _many(tmp_path / "in", 12)
    hostile.far_cell(folder)
    data = layouts.mailbox_xls(tmp_path / "m.xls").read_bytes()
    (folder / "cut.xls").write_bytes(data[:8272])
    ds = govstats.load(folder, workers=2)
    assert sorted(s.file for s in ds.unreadable) == ["cut.xls", "far.xlsx"]
    assert isinstance({s.file: s for s in ds.inputs}["far.xlsx"].error, govstats.errors.InputTooLargeError)
    assert len(ds.handling) == 12 * hostile.MAILBOX_ROWS


# -- govstats report --------------------------------------------------------------------------


def _own_temp(tmp_path: Path) -> tuple[Path, dict]:
    """A temporary folder of the test's own (``TMPDIR`` of its runs), so that no other run
    of the suite leaves or removes a report folder in it while it looks."""
    temp = tmp_path / "temp"
    temp.mkdir()
    return temp, {**os.environ, "TMPDIR": str(temp)}


def _private_folders(temp: Path) -> set[str]:
    return {p.name for p in temp.glob("govstats-report-*")}


def _notebook(tmp_path: Path, *sources: str) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("PERIOD = None", metadata={"tags": ["parameters"]}),
            *(nbformat.v4.new_code_cell(src) for src in sources),
        ]
    )
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path


# Ctrl-C as a terminal's foreground job gets it: a shell without job control starts its
# background jobs (make test run with &) with SIGINT ignored, and children inherit that.
_EXECUTE = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
from govstats.present.briefing.report import execute
try:
    nb = execute({{"PERIOD": "2022Q1"}}, notebook={nb!r})
except KeyboardInterrupt:
    print("interrupted", file=sys.stderr)
    sys.exit(130)
print(nb.cells[-1].outputs[0]["text"].strip())
"""


def test_two_kernels_started_at_once_in_one_folder_are_independent(tmp_path):
    # with IPC in the working folder both used kernel-ipc-1..5 there: "Invalid Signature"
    work = tmp_path / "work"
    work.mkdir()
    nb = _notebook(tmp_path, "import os\nprint(os.getpid(), PERIOD)")
    temp, env = _own_temp(tmp_path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _EXECUTE.format(nb=str(nb))],
            cwd=work,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(p.wait(300), p.stdout.read(), p.stderr.read()) for p in procs]
    assert [code for code, _, _ in results] == [0, 0], results
    pids = {out.split()[0] for _, out, _ in results}
    assert len(pids) == 2 and all(out.split()[1] == "2022Q1" for _, out, _ in results)
    assert list(work.iterdir()) == []  # no kernel-ipc-N, no connection file
    assert _private_folders(temp) == set()


@pytest.mark.skipif(sys.platform == "win32", reason="process groups")
def test_ctrl_c_during_a_report_stops_its_kernel_cleanly(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    nb = _notebook(tmp_path, "print('started', flush=True)", "import time\ntime.sleep(120)")
    temp, env = _own_temp(tmp_path)
    p = subprocess.Popen(
        [sys.executable, "-c", _EXECUTE.format(nb=str(nb))],
        cwd=work,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    for line in p.stderr:
        if "第4/4个单元格" in line:  # the sleeping cell (after the parameters and the injected cell)
            break
    time.sleep(1)
    os.killpg(p.pid, signal.SIGINT)  # Ctrl-C reaches the run and its kernel alike
    rest = p.stderr.read()
    assert p.wait(60) == 130, rest
    assert rest.strip().splitlines()[-1] == "interrupted"
    assert "AssertionError" not in rest and "Traceback" not in rest
    assert list(work.iterdir()) == [] and _private_folders(temp) == set()


def test_a_private_folder_left_by_a_killed_run_is_removed_by_the_next(tmp_path):
    from govstats.outputs import private_folder

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom govstats.outputs import private_folder\n"
            "with private_folder('govstats-report-') as f:\n    print(f, flush=True)\n    time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    alive = Path(holder.stdout.readline().strip())
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, signal\nfrom govstats.outputs import private_folder\n"
            "with private_folder('govstats-report-') as f:\n    print(f, flush=True)\n"
            "    (f / 'dataset.pkl').write_bytes(b'x')\n    os.kill(os.getpid(), signal.SIGKILL)",
        ],
        capture_output=True,
        text=True,
    )
    dead = Path(killed.stdout.strip())
    assert (dead / "dataset.pkl").exists()
    try:
        with private_folder("govstats-report-") as mine:
            assert mine.is_dir()
        assert not dead.exists() and not mine.exists()
        assert alive.is_dir()  # a live run's folder is left alone
    finally:
        holder.kill()
        holder.wait()
