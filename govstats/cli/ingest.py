"""``govstats ingest``: read the inputs, write the tidy tables (``-o``) and/or add them to
a dataset folder (``--dataset``)."""

from __future__ import annotations

import argparse

from govstats.cli.options import (
    EXIT_CODES,
    EXIT_DATA,
    EXIT_OK,
    add_load_options,
    check_output_folder,
    load,
)
from govstats.errors import OutputError, UsageError
from govstats.progress import say


def add_ingest_command(sub: argparse._SubParsersAction) -> None:
    """Register ``govstats ingest`` on the CLI's subcommands."""
    p = sub.add_parser(
        "ingest",
        help="读取输入，写出整理后的表格（CSV 和 Parquet）",
        description="读取输入，写出整理后的表格（-o），或追加到数据集文件夹（--dataset）。",
        epilog=EXIT_CODES,
    )
    add_load_options(p)
    p.add_argument("-o", "--output", metavar="DIR", help="写入整理后表格的文件夹（整套替换上次的表格）")
    p.add_argument(
        "--dataset",
        metavar="DIR",
        help="把表格追加到此数据集文件夹（按统计期分区的 Parquet，每期一个文件，逐次累积）",
    )
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    if not (args.output or args.dataset):
        raise UsageError("ingest 需要 -o DIR（整理后的表格）或 --dataset DIR（数据集文件夹），或两者都给")
    out = check_output_folder(args.output, args.paths) if args.output is not None else None
    if args.dataset is not None:
        check_output_folder(args.dataset, args.paths)
    ds = load(args)
    written = ds.write(out) if out is not None else []
    if args.dataset:
        try:
            run = ds.add_to(args.dataset)
        except OSError as exc:
            raise OutputError(f"无法写入数据集文件夹 {args.dataset}:{exc.strerror or exc}") from None
        replaced = f"，替换其中{len(run['replaced'])}个输入上次写入的文件" if run["replaced"] else ""
        say(f"数据集 {args.dataset} 第{run['run']}次导入：{run['files']}个文件{replaced}")
    errors = int((ds.findings["severity"] == "error").sum())
    say(
        f"读取{len(ds.inputs) - len(ds.unreadable)}/{len(ds.inputs)}个输入：办理情况{len(ds.handling)}行"
        + (f"（由留言日志{len(ds.records)}条按工作日规则计算）" if len(ds.records) else "")
        + f"，问题网站和新媒体{len(ds.problems)}行，正文数字{len(ds.headline)}个，通报{len(ds.notices)}份，"
        f"核查发现{len(ds.findings)}条（错误{errors}条）"
        + (f"；{len(written)}个文件写入 {args.output}" if args.output else "")
    )
    return EXIT_DATA if ds.unreadable else EXIT_OK
