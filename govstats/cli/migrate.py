"""``govstats migrate DIR``: a dataset folder of the earlier layout (``publisher=/period=``,
one file per city, period and input) rewritten in the current one, once."""

from __future__ import annotations

import argparse

from govstats.cli.options import EXIT_CODES, EXIT_OK
from govstats.errors import OutputError
from govstats.progress import say


def add_migrate_command(sub: argparse._SubParsersAction) -> None:
    """Register ``govstats migrate`` on the CLI's subcommands."""
    p = sub.add_parser(
        "migrate",
        help="把旧版布局的数据集文件夹改写为新版布局（每个统计期一个文件）",
        description=(
            "把旧版布局（publisher=…/period=…，每个城市、统计期、输入各一个文件）的数据集文件夹"
            "改写为新版布局（只按 period= 分区，每个统计期一个按城市排序的文件）：行不变，一次完成；"
            "中途中断则文件夹保持原样。已是新版布局的文件夹不改动。"
        ),
        epilog=EXIT_CODES,
    )
    p.add_argument("dataset", metavar="DIR", help="数据集文件夹（govstats ingest --dataset 写出的）")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from govstats.dataset.migrating import migrate

    try:
        record = migrate(args.dataset)
    except OSError as exc:
        raise OutputError(f"无法改写数据集文件夹 {args.dataset}：{exc.strerror or exc}") from None
    if not record.get("migrated"):
        say(f"数据集 {args.dataset} 已是新版布局，未改动")
    else:
        rows = record["rows"].get("handling", 0)
        say(
            f"数据集 {args.dataset} 已迁移为新版布局：{record['from_files']}个旧文件改写为{record['files']}个文件"
            f"（办理情况{rows}行，行数不变）"
        )
    return EXIT_OK
