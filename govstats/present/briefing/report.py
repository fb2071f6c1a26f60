"""The briefing as a page: execute the briefing notebook (beside this module) with nbclient
and make it one self-contained HTML file: no code, no kernel noise, no external requests.

The kernel listens on TCP loopback (IPC does not exist on Windows), its connection file
and the loaded dataset in a private temporary folder that is the kernel's working
folder too: nothing is left in the folder the report runs from, two reports started at
once are independent, and Ctrl-C stops the kernel and ends the run with exit code 130."""

from __future__ import annotations

import contextlib
import datetime
import subprocess
import threading
import time
from importlib import resources
from pathlib import Path

from govstats import progress
from govstats.errors import GovstatsError

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
        from govstats.outputs import private_folder

        with private_folder("govstats-report-") as tmp:
            return execute(params, timeout=timeout, notebook=notebook, folder=tmp)
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    if notebook is None:
        with resources.files(__package__).joinpath(NOTEBOOK).open("r", encoding="utf-8") as fh:
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


def to_html(nb, title: str, made: datetime.date | None = None) -> str:
    """The executed notebook as one offline HTML page: outputs only, images inline; printed,
    each page's foot carries the title, the day it was made (``made``, default today) and
    the page number."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    from govstats.present.charts.style import INK, WARN

    _quiet(nb)
    nb.metadata["title"] = title
    template_dir = resources.files(__package__).joinpath(TEMPLATE)
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
    made = made or datetime.date.today()
    # a CSS string inside <style>: what could close either (from a publisher's name) is dropped
    footer = "".join(
        c for c in f"{title}　{made.year}年{made.month}月{made.day}日生成" if c not in '"\\<>\n\r'
    )
    page = {"metadata": {"name": title}, "gs": {"ink": INK, "low": WARN, "footer": footer}}
    body, _ = exporter.from_notebook_node(nb, resources=page)
    # nbconvert takes ISO 639-1 codes only; the page is Simplified Chinese, and the browser
    # picks the Simplified forms of the characters (and the fonts) by this attribute
    return body.replace('<html lang="zh">', '<html lang="zh-CN">', 1)


__all__ = ["ReportError", "execute", "to_html"]
