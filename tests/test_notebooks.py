"""The notebooks: committed without outputs (and git strips what JupyterLab saves into them),
run top to bottom on the shipped data in the kernel they name, in Chinese for the reader;
`make lab` starts JupyterLab as root with that kernel registered."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))
KERNEL = re.search(r"^KERNEL := (\S+)$", (ROOT / "Makefile").read_text(), re.M).group(1)


def test_both_notebooks_are_there():
    assert [p.name for p in ALL] == ["01-explore.ipynb", "02-briefing.ipynb", "03-research.ipynb"]


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_committed_without_outputs(path):
    stored = path.resolve().relative_to(ROOT).as_posix()  # 02-briefing is a link to the package's own
    committed = subprocess.run(["git", "show", f"HEAD:{stored}"], cwd=ROOT, capture_output=True, text=True)
    text = committed.stdout if committed.returncode == 0 else path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_notebooks_name_the_kernel_make_lab_registers(path):
    assert nbformat.read(path, as_version=4).metadata.kernelspec.name == KERNEL == "govstats"


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """The kernel the notebooks name, registered as `make lab` registers it (here in a
    folder of the test's own, found through JUPYTER_PATH)."""
    prefix = tmp_path_factory.mktemp("kernel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ipykernel",
            "install",
            "--prefix",
            str(prefix),
            "--name",
            KERNEL,
            "--display-name",
            "Python (govstats)",
        ],
        check=True,
        capture_output=True,
    )
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(prefix / "share" / "jupyter")
    yield KERNEL
    if old is None:
        os.environ.pop("JUPYTER_PATH")
    else:
        os.environ["JUPYTER_PATH"] = old


def _run(path: Path) -> tuple[nbformat.NotebookNode, str]:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(
        str(o.get("data", {}).get("text/html", ""))
        + str(o.get("data", {}).get("text/plain", ""))
        + str(o.get("text", ""))
        for o in outputs
    )
    return nb, text


def _prose(nb) -> str:
    """The notebook's markdown without its code spans and blocks."""
    md = "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return re.sub(r"```.*?```|`[^`]*`", "", md, flags=re.S)


def test_the_tour_runs_in_its_kernel_and_speaks_chinese(kernel):
    nb, text = _run(NOTEBOOKS / "01-explore.ipynb")
    assert "市司法局" in text  # the real annex reached the tables
    images = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})
    ]
    assert len(images) >= 4  # units, tiers, the headline trend, the problems
    # what an analyst reads: Chinese headers, rates as rates, periods written out
    for words in (
        "按时办结率",
        "92.3%",
        "2022年第一季度",
        "依申请公开",
        "行内数字不平衡",
        "工作表“附件4”第13行C列",
    ):
        assert words in text, words
    assert not re.search(r"\b(?:on_time_rate|received|late_completed|ogi_request|new_media)\b", text)
    assert not re.search(r"-?0\.\d{4}", text)  # no raw fraction (-0.3775)
    assert not re.search(r"\b35\.0\b", text)  # no count as a float
    # its prose is Chinese: far more Chinese characters than Latin letters outside code
    prose = _prose(nb)
    assert len(re.findall(r"[\u4e00-\u9fff]", prose)) > 3 * len(re.findall(r"[A-Za-z]", prose))


def test_the_briefing_notebook_runs_in_its_kernel(kernel):
    nb, text = _run(NOTEBOOKS / "02-briefing.ipynb")
    assert "市司法局" in text and "一、总体情况" in text
    html = "".join(
        str(o.get("data", {}).get("text/html", "")) for c in nb.cells for o in c.get("outputs", [])
    )
    assert html.count("data:image/png;base64,") == 4  # as the report: units, tiers, trend, problems


def test_the_research_notebook_runs_on_many_cities_in_its_kernel(kernel, tmp_path, monkeypatch):
    from fixtures.corpus import build

    build(tmp_path)  # 42 publishers × 6 quarters and the real tables: the folder a researcher collects
    monkeypatch.setenv("GOVSTATS_PANEL_FOLDER", str(tmp_path))  # the kernel inherits it
    nb, text = _run(NOTEBOOKS / "03-research.ipynb")
    assert "45个发布单位" in text  # the corpus' 42 and the real 铜川市, 渭南市 and 汉中市 mailbox tables
    images = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})
    ]
    assert len(images) == 3  # the heat map, the ranking, the small multiples
    for words in (
        "部门信箱",
        "市级",
        "县级",
        "未发布",
        "2023年第二季度",
        "第1",
        "起始期按时办结率",
        "+0.3个百分点",
    ):
        assert words in text, words
    assert not re.search(
        r"\b(?:mailbox(?!\.csv)|on_time_rate|information_request|has_annex|True|False)\b", text
    )
    assert not re.search(r"-?0\.\d{4}", text)  # no raw fraction
    code = "".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "def " not in code and "for " not in code  # it calls the library and holds no logic of its own
    prose = _prose(nb)
    assert len(re.findall(r"[\u4e00-\u9fff]", prose)) > 3 * len(re.findall(r"[A-Za-z]", prose))


def test_git_stores_a_notebook_without_its_outputs(tmp_path):
    # a clone set up as `make setup` sets it up; JupyterLab's autosave wrote outputs into a notebook
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "notebook-filter.sh", tmp_path / "scripts")
    shutil.copy(ROOT / ".gitattributes", tmp_path)
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    subprocess.run([str(tmp_path / "scripts" / "notebook-filter.sh")], check=True)
    nb = nbformat.read(NOTEBOOKS / "01-explore.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="鹰潭市\n")]
    cell.execution_count = 7
    (tmp_path / "notebooks").mkdir()
    nbformat.write(nb, tmp_path / "notebooks" / "a.ipynb")
    # from a subfolder, as one commits from JupyterLab's: git runs the filter from the top
    subprocess.run(["git", "add", "a.ipynb"], cwd=tmp_path / "notebooks", check=True)
    stored = subprocess.run(
        ["git", "show", ":notebooks/a.ipynb"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    assert "鹰潭市\\n" not in stored and '"execution_count": 7' not in stored
    assert all(c.get("outputs", []) == [] for c in nbformat.reads(stored, as_version=4).cells)
    assert "鹰潭市" in (tmp_path / "notebooks" / "a.ipynb").read_text(encoding="utf-8")  # the file keeps them
    status = subprocess.run(["git", "status", "--porcelain"], cwd=tmp_path, capture_output=True, text=True)
    assert " M notebooks/a.ipynb" not in status.stdout  # the outputs are no change to commit


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_starts_jupyterlab_with_the_notebooks_kernel():
    assert shutil.which("make"), "make is not installed"
    port, token = _free_port(), "govstats-test"
    args = f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} --IdentityProvider.token={token}"
    lab = subprocess.Popen(
        ["make", "-s", "lab", f"LAB_ARGS={args}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={k: v for k, v in os.environ.items() if k != "JUPYTER_PATH"},  # the kernel make lab registers
        start_new_session=True,  # its own process group: make, jupyter and the server stop together
    )
    try:
        specs = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and lab.poll() is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/kernelspecs?token={token}", timeout=2
                ) as r:
                    specs = json.load(r)
                break
            except OSError:
                time.sleep(0.5)
        log = "" if specs else lab.stdout.read1().decode(errors="replace") if lab.poll() is not None else ""
        assert specs is not None, f"make lab did not start JupyterLab: {log[-2000:]}"
        assert KERNEL in specs["kernelspecs"]
        assert specs["kernelspecs"][KERNEL]["spec"]["display_name"] == "Python (govstats)"
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait()
