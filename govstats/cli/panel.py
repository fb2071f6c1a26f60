"""``govstats panel INPUTS -o DIR``: the researchers' panel of the inputs as ``panel.csv``,
``panel.parquet`` and the Data Package descriptor ``datapackage.json``."""

from __future__ import annotations

import argparse

from govstats.cli.options import EXIT_CODES, EXIT_DATA, EXIT_OK, add_load_options, check_output_folder, load


def add_panel_command(sub: argparse._SubParsersAction) -> None:
    """Register ``govstats panel`` on the CLI's subcommands."""
    p = sub.add_parser(
        "panel",
        help="读取输入，写出研究用面板（每个发布单位、统计期、渠道一行）",
        description="读取输入，写出面板 panel.csv、panel.parquet 和数据包描述 datapackage.json"
        "（可用 frictionless validate 校验）：每个发布单位、统计期、渠道一行，含计数、四个比率、"
        "计入单位数、本期发布了哪些表格（未发布与全部按时办结可区分）及其出处。",
        epilog=EXIT_CODES,
    )
    add_load_options(p)
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="写入面板文件的文件夹")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from govstats.analyse.panel import panel
    from govstats.present.datapackage.panel import write_panel
    from govstats.progress import say

    out = check_output_folder(args.output, args.paths)
    ds = load(args)
    table = panel(ds)
    write_panel(table, out)
    published = int(table["has_annex"].sum())
    unnamed = table["input"].nunique()
    say(
        f"面板{len(table)}行（{table['publisher'].nunique()}个发布单位"
        + (f"及{unnamed}个未注明发布单位的文件" if unnamed else "")
        + f"，有附件表格的{published}行，"
        f"无附件表格的{len(table) - published}行）写入 {args.output}：panel.csv、panel.parquet、datapackage.json"
    )
    return EXIT_DATA if ds.unreadable else EXIT_OK
