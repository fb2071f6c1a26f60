"""``govstats validate``: the findings of the inputs as a table, then the headers govstats
did not recognise as a ``headers.csv`` for the user to fill in."""

from __future__ import annotations

import argparse
import re
import sys

from govstats.cli.options import EXIT_CODES, EXIT_DATA, EXIT_OK, add_load_options, load
from govstats.source import location
from govstats.terminal import ljust, terminal_text, width


def add_validate_command(sub: argparse._SubParsersAction) -> None:
    """Register ``govstats validate`` on the CLI's subcommands."""
    p = sub.add_parser(
        "validate",
        help="读取输入，列出核查发现；有错误时退出码为 1",
        description="读取输入，列出核查发现（级别、代码、位置、说明），再列出未识别的表头供填写。",
        epilog=EXIT_CODES,
    )
    add_load_options(p)
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from govstats.tidy.headers import MAPPABLE

    ds = load(args)
    if ds.findings.empty:
        print("没有核查发现")
    else:
        print(_findings_table(ds.findings))
    unknown = _unknown_headers(ds)
    if unknown:
        import csv

        print(
            "\n未识别的列（数值已存入 extras 表）。在下面每行填上字段名，存为 headers.csv，"
            "用 --headers headers.csv 读入："
        )
        print("字段：" + ", ".join(MAPPABLE))
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(["header", "field", "note"])
        for header, (count, where) in unknown.items():
            out.writerow([terminal_text(header), "", terminal_text(f"{count}处，如 {location(where)}")])
    return EXIT_OK if ds.valid and not ds.unreadable else EXIT_DATA


FINDINGS_HEADER = ("级别", "代码", "位置", "说明")


def _findings_table(findings) -> str:
    """The findings as a table whose columns line up on a terminal, Chinese text taking two
    columns a character: severity in words, the code, the place in Chinese, the message."""
    from govstats.labels import SEVERITIES

    rows = [FINDINGS_HEADER] + [
        (SEVERITIES.get(sev, sev), code, location(source), message)
        for sev, code, source, message in findings[["severity", "code", "source", "message"]].itertuples(
            index=False
        )
    ]
    rows = [tuple(terminal_text(cell) for cell in row) for row in rows]
    widths = [max(width(row[i]) for row in rows) for i in range(len(FINDINGS_HEADER) - 1)]
    return "\n".join(
        "  ".join([*(ljust(cell, w) for cell, w in zip(row, widths, strict=False)), row[-1]]) for row in rows
    )


def _unknown_headers(ds) -> dict[str, tuple[int, str]]:
    """Each header no field was found for, as printed (the unknown-column finding quotes
    it), with how often it was met and where first."""
    out: dict[str, tuple[int, str]] = {}
    for message, source in ds.findings.loc[
        ds.findings["code"] == "unknown-column", ["message", "source"]
    ].values:
        m = re.match(r"未识别的列“(.*)”：", message, re.S)
        if m:
            count, where = out.get(m.group(1), (0, source))
            out[m.group(1)] = (count + 1, where)
    return out
