"""``govstats report``: the briefing of the inputs as one HTML page (the notebook run by
:mod:`govstats.present.briefing.report`) and/or the annex workbook beside it."""

from __future__ import annotations

import argparse
from pathlib import Path

from govstats import progress
from govstats.cli.options import (
    EXIT_CODES,
    EXIT_DATA,
    EXIT_OK,
    check_periods,
    inputs_of,
    load_inputs,
    output_file,
    selection_options,
)
from govstats.errors import UsageError
from govstats.labels import period_text
from govstats.present.briefing.report import execute, to_html
from govstats.safe import file_name


def _build(inputs, period, previous, publisher, output, fmt, min_received, deadline=None):
    """Write the HTML briefing (and/or the Excel workbook) of ``inputs``: the paths written,
    and the Dataset read (whose unreadable inputs decide the exit code). ``min_received`` is
    the fewest messages a unit needs to be among the lowest (default
    :data:`govstats.analyse.ranking.MIN_RECEIVED`); ``deadline`` the working-day rule of
    message logs (as ``--deadline``)."""
    import pandas as pd

    from govstats.analyse.ranking import MIN_RECEIVED
    from govstats.outputs import atomic_write, private_folder, unwritable
    from govstats.present.briefing.sections import prepare

    check_periods(period=period, previous=previous)
    if output:  # a target that cannot be written is said before anything is read
        output_file(Path(output))
    least = MIN_RECEIVED if min_received is None else min_received
    ds = load_inputs(inputs, period, publisher, deadline)
    try:
        b = prepare(dataset=ds, period=period, previous=previous, publisher=publisher, min_received=least)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    stem = f"briefing-{b.period}" + (f"-{b.publisher}" if publisher else "")
    out = output_file(Path(output) if output else Path("reports") / f"{file_name(stem)}.html")
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
                "MIN_RECEIVED": least,
            }
            nb = execute(params, folder=tmp)
        page = to_html(nb, b.title)
        try:
            atomic_write(out, lambda tmp: tmp.write_text(page, encoding="utf-8"))
        except OSError as exc:
            raise unwritable(out, exc) from None
        written.append(out)
    if fmt in ("xlsx", "both"):
        from govstats.present.workbook.export import to_excel

        try:
            written.append(
                to_excel(b.dataset, out.with_suffix(".xlsx"), period=b.period, publisher=b.publisher)
            )
        except OSError as exc:
            raise unwritable(out.with_suffix(".xlsx"), exc) from None
    return written, ds


def add_report_command(sub: argparse._SubParsersAction) -> None:
    """Register ``govstats report`` on the CLI's subcommands."""
    p = sub.add_parser(
        "report",
        help="生成一期的 HTML 简报（和/或 Excel 工作簿）",
        description="在输入上执行简报笔记本，写出一个自包含的 HTML 文件"
        "（默认 reports/briefing-<period>.html）。",
        epilog=EXIT_CODES,
    )
    selection_options(p)
    p.add_argument("--previous", metavar="PERIOD", help="对比的统计期（默认为上一期）")
    p.add_argument(
        "--min-received",
        type=_count,
        metavar="N",
        help="列入“较低的单位”至少须受理的条数（默认 5；受理太少的单位比率受偶然因素影响）",
    )
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


def _count(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"应为不小于 0 的整数，而不是“{text}”")
    return int(text)


def _run(args: argparse.Namespace) -> int:
    inputs = inputs_of(args)
    written, ds = _build(
        inputs,
        args.period,
        args.previous,
        args.publisher,
        args.output,
        args.format,
        args.min_received,
        args.deadline,
    )
    for path in written:
        print(path)
    return EXIT_DATA if ds.unreadable else EXIT_OK
