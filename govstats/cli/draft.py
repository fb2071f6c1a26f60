"""``govstats draft``: the notice of one publisher's period drafted as a Word document
(:mod:`govstats.present.word.draft`) from the inputs."""

from __future__ import annotations

import argparse
from pathlib import Path

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
from govstats.outputs import unwritable
from govstats.present.word.draft import Draft, draft
from govstats.progress import say
from govstats.safe import file_name


def _build(inputs, period, publisher, output, template, deadline=None) -> tuple[Draft, int]:
    """Load ``inputs`` and write the draft (default ``reports/通报-<period>[-<publisher>].docx``):
    the draft, and how many inputs could not be read (the exit code's)."""
    check_periods(period=period)
    if output:  # a target that cannot be written is said before anything is read
        output_file(Path(output), "通报文件", "通报.docx")
    ds = load_inputs(inputs, period, publisher, deadline)
    try:
        current, _, who = ds.settle(period, None, publisher)
        out = (
            Path(output)
            if output
            else Path("reports") / (file_name(f"通报-{current}{'-' + who if publisher else ''}") + ".docx")
        )
        return draft(ds, current, who, out, template=template), len(ds.unreadable)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise unwritable(out, exc) from None


def add_draft_command(sub: argparse._SubParsersAction) -> None:
    """Register ``govstats draft`` on the CLI's subcommands."""
    p = sub.add_parser(
        "draft",
        help="起草本期通报（Word 文档）",
        description="按一个发布单位、一个统计期起草通报（.docx）：数字取自数据，附件为表格；"
        "数据本身的错误、推定和参照上期通报的内容列在另存的审核提示（<文件名>-审核提示.docx）中。",
        epilog=EXIT_CODES,
    )
    selection_options(p)
    p.add_argument(
        "--template", type=Path, metavar="FILE", help="本单位的 .docx/.dotx 模板（保留其版头、页面和样式）"
    )
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="要写出的 .docx（默认 reports/通报-<period>.docx）"
    )
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    d, unreadable = _build(
        inputs_of(args), args.period, args.publisher, args.output, args.template, args.deadline
    )
    say(d.title)
    for line in d.fonts:
        say(line)
    say(f"审核提示另存为 {d.review_path}（不随文印发）")
    print(d.path)
    return EXIT_DATA if unreadable else EXIT_OK
