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
import threading
import time
from importlib import resources
from pathlib import Path

from govstats import progress
from govstats.errors import GovstatsError, OutputError, UsageError
from govstats.labels import period_text

NOTEBOOK = "briefing.ipynb"
TEMPLATE = "briefing_template"


class ReportError(GovstatsError):
    """The briefing notebook failed: names the cell and the error."""


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
    shown = progress.shown()

    def on_start(cell, cell_index):  # nbclient hook: progress on long runs, a bar on a terminal
        if cell_index in code and not shown:  # a log says which cell a long run is at
            n = code.index(cell_index) + 1
            progress.say(f"简报笔记本：第{n}/{len(code)}个单元格（已用{time.monotonic() - started:.0f}秒）")

    def on_done(cell, cell_index, execute_reply=None):
        if cell_index in code:
            step.update()

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
        on_cell_executed=on_done,
        resources={"metadata": {"path": str(folder)}},
    )
    with progress.bar(len(code), "生成简报", unit="格") as step:
        try:
            _run_interruptibly(client, km)
        except CellExecutionError as exc:
            raise ReportError(
                f"简报笔记本执行失败：{_failure(nb, code) or str(exc).splitlines()[-1]}"
            ) from None
        finally:
            _stop(km)
    return nb


def _failure(nb, code: list[int]) -> str:
    """Which code cell failed (numbered as the progress counts them), its first line and error."""
    for c in nb.cells:
        err = next((o for o in c.get("outputs", []) if o.output_type == "error"), None)
        if c.cell_type == "code" and err is not None:
            first = c.source.strip().splitlines()[0] if c.source.strip() else ""
            return f"第{code.index(nb.cells.index(c)) + 1}个单元格（{first[:60]}）：{err.ename}: {err.evalue}"
    return ""


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

    from govstats.dataset.writing import atomic_write, private_folder, unwritable
    from govstats.present.briefing import prepare

    ds = load_inputs(inputs, period, publisher)
    try:
        b = prepare(dataset=ds, period=period, previous=previous, publisher=publisher)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    stem = f"briefing-{b.period}" + (f"-{b.publisher}" if publisher else "")
    out = output_file(Path(output) if output else Path("reports") / f"{stem}.html")
    written = []
    if fmt in ("html", "both"):
        progress.say(f"{period_text(b.period)}简报（{len(ds.inputs)}个输入）：执行简报笔记本")
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
            raise unwritable(out, exc) from None
        written.append(out)
    if fmt in ("xlsx", "both"):
        from govstats.present.export import to_excel

        try:
            written.append(
                to_excel(b.dataset, out.with_suffix(".xlsx"), period=b.period, publisher=b.publisher)
            )
        except OSError as exc:
            raise unwritable(out.with_suffix(".xlsx"), exc) from None
    return written


def load_inputs(inputs: list[str], period: str | None = None, publisher: str | None = None):
    """The Dataset of ``inputs``; ``period`` names the period when no input states one
    (11月份 with no year), ``publisher`` is the city of the inputs that name none (as
    ``ingest`` takes it; inputs that name one keep theirs)."""
    from govstats.dataset import load

    ds = load(inputs, publisher=publisher)
    if period is not None and not ds.periods():
        ds = load(inputs, period=period, publisher=publisher)
    for status in ds.unreadable:
        progress.say(status.error.zh, error=True)
    given = {
        f
        for t in (ds.handling, ds.problems, ds.headline)
        for f in t.loc[t["publisher_source"] == "given", "source"]
    }
    if given:
        progress.say(f"{len(given)}行的输入未载明发布单位，按 --publisher 作{publisher}")
    return ds


def selection_options(p: argparse.ArgumentParser) -> None:
    """``-i``, ``--period`` and ``--publisher`` of the commands that present one period."""
    p.add_argument(
        "-i",
        "--input",
        nargs="+",
        default=["data/raw"],
        metavar="PATH",
        help="输入文件或文件夹（默认 data/raw）",
    )
    p.add_argument("--period", metavar="PERIOD", help="统计期，如 2022Q1（默认为输入中最近的一期）")
    p.add_argument(
        "--publisher",
        metavar="CITY",
        help="要呈现的城市（默认为该期唯一的一个）；也是未载明发布单位的输入所属的城市，"
        "与 ingest 相同（已载明的输入不受影响）",
    )


def output_file(out: Path, what: str = "简报文件", example: str = "briefing.html") -> Path:
    """``out`` as a file ``what`` can be written to, checked before any input is read."""
    if not str(out).strip():
        raise OutputError(f"-o 不能为空：请给出{what}的路径")
    if out.is_dir():
        raise OutputError(f"-o {out} 是文件夹：请给出{what}的路径（如 {out / example}）")
    from govstats.dataset.writing import check_target

    check_target(out, str(out))
    return out


def add_report_command(sub: argparse._SubParsersAction, epilog: str | None = None) -> None:
    """Register ``govstats report`` on the CLI's subcommands."""
    p = sub.add_parser(
        "report",
        help="生成一期的 HTML 简报（和/或 Excel 工作簿）",
        description="在输入上执行简报笔记本，写出一个自包含的 HTML 文件"
        "（默认 reports/briefing-<period>.html）。",
        epilog=epilog,
    )
    selection_options(p)
    p.add_argument("--previous", metavar="PERIOD", help="对比的统计期（默认为上一期）")
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="要写出的 HTML 文件（工作簿写在其旁，扩展名 .xlsx）"
    )
    p.add_argument(
        "--format",
        choices=("html", "xlsx", "both"),
        default="html",
        help="html：简报网页（默认）；xlsx：附件工作簿；both：两者都写",
    )
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
