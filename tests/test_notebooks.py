"""The notebooks are committed without outputs and run top to bottom on the shipped data."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_both_notebooks_are_there():
    assert [p.name for p in ALL] == ["01-explore.ipynb", "02-briefing.ipynb"]


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.parametrize("path", ALL, ids=[p.name for p in ALL])
def test_notebook_runs_on_the_shipped_data(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(str(o.get("data", {}).get("text/html", "")) + str(o.get("text", "")) for o in outputs)
    assert "市司法局" in text  # the real annex reached the tables
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    html_images = text.count("data:image/png;base64,")
    assert len(images) + html_images >= 3  # the charts rendered
