"""``govstats report``: execute the briefing notebook (package data) with nbclient and
write one self-contained HTML file: no code, no kernel noise, no external requests."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from govstats.errors import GovstatsError, UsageError

NOTEBOOK = "briefing.ipynb"
TEMPLATE = "briefing_template"


class ReportError(GovstatsError):
    """The briefing notebook failed: names the cell and the error."""


def _progress(message: str) -> None:
    print(f"govstats: {message}", file=sys.stderr, flush=True)


def _parameters_cell(nb, params: dict) -> None:
    """Insert the parameters after the cell tagged ``parameters`` (papermill's convention)."""
    import nbformat

    source = "# injected by govstats report\n" + "\n".join(f"{k} = {v!r}" for k, v in params.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    at = next(
        (i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), -1
    )
    nb.cells.insert(at + 1, cell)


def _quiet(nb) -> None:
    """Drop the stderr streams (warnings) a leader should never see; code is left out by the
    exporter, and a cell that errs has already stopped the report in :func:`execute`."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]


def execute(params: dict, *, timeout: int = 600, notebook: Path | None = None):
    """The briefing notebook executed with ``params``; raises :class:`ReportError` naming
    the failing cell."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    if notebook is None:
        with resources.files("govstats.resources").joinpath(NOTEBOOK).open("r", encoding="utf-8") as fh:
            nb = nbformat.read(fh, as_version=4)
    else:
        nb = nbformat.read(notebook, as_version=4)
    _parameters_cell(nb, params)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    started = time.monotonic()

    def on_start(cell, cell_index):  # nbclient hook: progress on long runs
        if cell_index in code:
            n = code.index(cell_index) + 1
            _progress(f"briefing: cell {n}/{len(code)} ({time.monotonic() - started:.0f}s)")

    from jupyter_client.manager import KernelManager

    # IPC transport: no TCP ports, and no "running over TCP without encryption" notice
    km = KernelManager(kernel_name="python3", transport="ipc")
    client = NotebookClient(
        nb,
        km=km,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,
        on_cell_start=on_start,
        resources={"metadata": {"path": str(Path.cwd())}},
    )
    try:
        # The kernel's own log lines (start-up, shutdown notices) are not the briefing's business;
        # what cells print reaches the notebook through the kernel's messages, not stderr.
        client.execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as exc:
        failed = next(
            (
                c
                for c in nb.cells
                if c.cell_type == "code" and any(o.output_type == "error" for o in c.get("outputs", []))
            ),
            None,
        )
        where = ""
        if failed is not None:
            err = next(o for o in failed.outputs if o.output_type == "error")
            first = failed.source.strip().splitlines()[0] if failed.source.strip() else ""
            where = f"cell {code.index(nb.cells.index(failed)) + 1} ({first[:60]}): {err.ename}: {err.evalue}"
        raise ReportError(f"the briefing notebook failed at {where or str(exc).splitlines()[-1]}") from None
    return nb


def to_html(nb, title: str) -> str:
    """The executed notebook as one offline HTML page: outputs only, images inline."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    _quiet(nb)
    nb.metadata["title"] = title
    template_dir = resources.files("govstats.resources").joinpath(TEMPLATE)
    exporter = HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(Path(str(template_dir)).parent)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"remove_cell"}), enabled=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def build(
    inputs: list[str],
    period: str | None = None,
    previous: str | None = None,
    publisher: str | None = None,
    output: Path | None = None,
    fmt: str = "html",
) -> list[Path]:
    """Write the HTML briefing (and/or the Excel workbook) of ``inputs``; the paths written."""
    import pandas as pd

    from govstats.dataset.writing import atomic_write
    from govstats.present.briefing import prepare

    ds = load_inputs(inputs, period, publisher)
    try:
        b = prepare(dataset=ds, period=period, previous=previous, publisher=publisher)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    stem = f"briefing-{b.period}" + (f"-{b.publisher}" if publisher else "")
    out = Path(output) if output else Path("reports") / f"{stem}.html"
    written = []
    if fmt in ("html", "both"):
        _progress(f"briefing {b.period} of {len(ds.inputs)} inputs: executing the notebook")
        with tempfile.TemporaryDirectory(prefix="govstats-") as tmp:
            loaded = Path(tmp) / "dataset.pkl"  # read once here; the kernel takes it as it is
            pd.to_pickle(ds, loaded)
            params = {
                "INPUTS": [str(Path(p).resolve()) for p in inputs],
                "PERIOD": str(b.period),
                "PREVIOUS": str(b.previous) if b.previous is not None else None,
                "PUBLISHER": b.publisher,
                "DATASET": str(loaded),
            }
            nb = execute(params)
        page = to_html(nb, b.title)
        atomic_write(out, lambda tmp: tmp.write_text(page, encoding="utf-8"))
        written.append(out)
    if fmt in ("xlsx", "both"):
        from govstats.present.export import to_excel

        written.append(to_excel(b.dataset, out.with_suffix(".xlsx"), period=b.period, publisher=b.publisher))
    return written


def load_inputs(inputs: list[str], period: str | None = None, publisher: str | None = None):
    """The Dataset of ``inputs``; ``period`` names the period when no input states one
    (11月份 with no year), ``publisher`` is the city of the inputs that name none (as
    ``ingest`` takes it; inputs that name one keep theirs)."""
    from govstats.dataset import load

    ds = load(inputs, publisher=publisher)
    if period is not None and not ds.periods():
        ds = load(inputs, period=period, publisher=publisher)
    given = {
        f
        for t in (ds.handling, ds.problems, ds.headline)
        for f in t.loc[t["publisher_source"] == "given", "source"]
    }
    if given:
        _progress(f"{len(given)}行的输入未载明发布单位，按 --publisher 作{publisher}")
    return ds


def selection_options(p: argparse.ArgumentParser) -> None:
    """``-i``, ``--period`` and ``--publisher`` of the commands that present one period."""
    p.add_argument(
        "-i", "--input", nargs="+", default=["data/raw"], help="files or folders (default data/raw)"
    )
    p.add_argument("--period", help="e.g. 2022Q1 (default: the latest in the inputs)")
    p.add_argument(
        "--publisher",
        help="the city to present (default: the only one of the period); also the city of the inputs "
        "that name none, as ingest takes it (inputs that name a city keep theirs)",
    )


def add_report_command(sub: argparse._SubParsersAction) -> None:
    """Register ``govstats report`` on the CLI's subcommands."""
    p = sub.add_parser(
        "report",
        help="the HTML briefing (and/or Excel workbook) of a period",
        description="Execute the briefing notebook on the inputs and write one self-contained "
        "HTML file (default reports/briefing-<period>.html).",
    )
    selection_options(p)
    p.add_argument("--previous", help="the period to compare with (default: the one before)")
    p.add_argument("-o", "--output", type=Path, help="the HTML file to write")
    p.add_argument("--format", choices=("html", "xlsx", "both"), default="html")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    for path in build(args.input, args.period, args.previous, args.publisher, args.output, args.format):
        print(path)
    return 0


__all__ = [
    "ReportError",
    "add_report_command",
    "build",
    "execute",
    "load_inputs",
    "selection_options",
    "to_html",
]
