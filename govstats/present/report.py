"""``govstats report``: execute the briefing notebook (package data) with nbclient and
write one self-contained HTML file: no code, no kernel noise, no external requests.

The kernel listens on TCP loopback (IPC does not exist on Windows), its connection file
and the loaded dataset in a private temporary folder that is the kernel's working
folder too: nothing is left in the folder the report runs from, two reports started at
once are independent, and Ctrl-C stops the kernel and ends the run with exit code 130."""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import threading
import time
from importlib import resources
from pathlib import Path

from govstats.errors import GovstatsError, OutputError, UsageError

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


def execute(params: dict, *, timeout: int = 600, notebook: Path | None = None, folder: Path | None = None):
    """The briefing notebook executed with ``params``; raises :class:`ReportError` naming
    the failing cell, and KeyboardInterrupt (the kernel stopped) on Ctrl-C.

    ``folder`` is the private folder the kernel works in (a temporary one when None)."""
    if folder is None:
        from govstats.dataset.writing import private_folder

        with private_folder("govstats-report-") as tmp:
            return execute(params, timeout=timeout, notebook=notebook, folder=tmp)
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

    km = KernelManager(kernel_name="python3", transport="tcp", ip="127.0.0.1")
    km.connection_file = str(Path(folder) / "kernel.json")
    client = NotebookClient(
        nb,
        km=km,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=False,
        on_cell_start=on_start,
        resources={"metadata": {"path": str(folder)}},
    )
    try:
        _run_interruptibly(client, km)
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
    finally:
        _stop(km)
    return nb


def _run_interruptibly(client, km) -> None:
    """``client.execute()`` in a thread of its own, so that Ctrl-C reaches this one as a
    KeyboardInterrupt: in the main thread nbclient takes SIGINT for itself, cleans the
    kernel away under the running cell and fails with an AssertionError. On Ctrl-C the
    kernel is killed and KeyboardInterrupt raised (exit code 130)."""
    outcome: list[BaseException] = []

    def work() -> None:
        try:
            # The kernel's own log lines (start-up, shutdown notices) are not the briefing's
            # business; what cells print reaches the notebook through the kernel's messages.
            client.execute(stderr=subprocess.DEVNULL)
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=work, name="govstats-briefing", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.1)
    except KeyboardInterrupt:
        process = getattr(km.provisioner, "process", None)
        if process is not None:
            with contextlib.suppress(Exception):
                process.kill()
        thread.join(10)
        raise
    if outcome:
        raise outcome[0]


def _stop(km) -> None:
    """The kernel shut down and its connection file removed, whatever state nbclient left."""
    with contextlib.suppress(Exception):
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    with contextlib.suppress(Exception):
        km.cleanup_resources()


def to_html(nb, title: str) -> str:
    """The executed notebook as one offline HTML page: outputs only, images inline."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    from govstats.present.plot_style import INK, WARN

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
        language_code="zh",
    )
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"remove_cell"}), enabled=True)
    page = {"metadata": {"name": title}, "gs": {"ink": INK, "low": WARN}}
    body, _ = exporter.from_notebook_node(nb, resources=page)
    # nbconvert takes ISO 639-1 codes only; the page is Simplified Chinese, and the browser
    # picks the Simplified forms of the characters (and the fonts) by this attribute
    return body.replace('<html lang="zh">', '<html lang="zh-CN">', 1)


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

    from govstats.dataset.writing import atomic_write, private_folder
    from govstats.present.briefing import prepare

    ds = load_inputs(inputs, period, publisher)
    try:
        b = prepare(dataset=ds, period=period, previous=previous, publisher=publisher)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    stem = f"briefing-{b.period}" + (f"-{b.publisher}" if publisher else "")
    out = _output_file(Path(output) if output else Path("reports") / f"{stem}.html")
    written = []
    if fmt in ("html", "both"):
        _progress(f"briefing {b.period} of {len(ds.inputs)} inputs: executing the notebook")
        # A run killed outright leaves its folder; the next report removes it (its lock is gone).
        with private_folder("govstats-report-") as tmp:
            loaded = tmp / "dataset.pkl"  # read once here; the kernel takes it as it is
            pd.to_pickle(ds, loaded)
            params = {
                "INPUTS": [str(Path(p).resolve()) for p in inputs],
                "PERIOD": str(b.period),
                "PREVIOUS": str(b.previous) if b.previous is not None else None,
                "PUBLISHER": b.publisher,
                "DATASET": str(loaded),
            }
            nb = execute(params, folder=tmp)
        page = to_html(nb, b.title)
        try:
            atomic_write(out, lambda tmp: tmp.write_text(page, encoding="utf-8"))
        except OSError as exc:
            raise OutputError(f"无法写入 {out}:{exc.strerror or exc}") from None
        written.append(out)
    if fmt in ("xlsx", "both"):
        from govstats.present.export import to_excel

        try:
            written.append(
                to_excel(b.dataset, out.with_suffix(".xlsx"), period=b.period, publisher=b.publisher)
            )
        except OSError as exc:
            raise OutputError(f"无法写入 {out.with_suffix('.xlsx')}:{exc.strerror or exc}") from None
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


def _output_file(out: Path) -> Path:
    """``out`` as a file the briefing can be written to, checked before the notebook runs."""
    if not str(out).strip():
        raise OutputError("-o 不能为空:请给出简报文件的路径")
    if out.is_dir():
        raise OutputError(f"-o {out} 是文件夹:请给出简报文件的路径(如 {out / 'briefing.html'})")
    from govstats.dataset.writing import check_target

    check_target(out, str(out))
    return out


def add_report_command(sub: argparse._SubParsersAction, epilog: str | None = None) -> None:
    """Register ``govstats report`` on the CLI's subcommands."""
    p = sub.add_parser(
        "report",
        help="the HTML briefing (and/or Excel workbook) of a period",
        description="Execute the briefing notebook on the inputs and write one self-contained "
        "HTML file (default reports/briefing-<period>.html).",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
