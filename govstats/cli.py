"""The command line: ``govstats ingest``, ``govstats validate``, ``govstats report``,
``govstats draft``.

Exit codes (also in ``--help`` and the README): 0 all good; 1 bad data (an unreadable
input, the rest still written; for ``validate`` an error finding; for ``report`` a failing
notebook cell); 2 bad usage (a missing input, an output that cannot be written, a period
with no data); 3 an internal error of govstats; 130 interrupted (Ctrl-C). Errors are one
line on stderr, never a traceback (set ``GOVSTATS_DEBUG=1`` to see one); whatever comes
from the inputs (cells, file names) is printed with its control characters escaped.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from govstats.errors import GovstatsError, OutputError, UsageError
from govstats.terminal import terminal_text

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_CODES = """退出码 (exit codes):
  0    成功:所有输入均已读取
  1    数据问题:有输入无法读取(已在 stderr 指明,其余照常写出);validate 发现错误;report 的笔记本执行失败
  2    用法错误:缺少输入、参数或期别不对、输出位置无法写入(是文件、只读、磁盘已满)
  3    govstats 内部错误(请附 GOVSTATS_DEBUG=1 的输出报告)
  130  被 Ctrl-C 中断
"""


def _say(message: object, file=None) -> None:
    print(f"govstats: {terminal_text(message)}", file=file or sys.stderr)


def _add_load_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="input files or folders")
    p.add_argument("--period", help="override the period of every input (2022Q1, 2022-08)")
    p.add_argument(
        "--publisher",
        help="the city (e.g. 鹰潭市) of inputs that name none in their title, metadata, file name "
        "or folder; inputs that name one keep theirs",
    )
    p.add_argument(
        "--headers",
        metavar="CSV",
        help="map headers govstats does not understand onto fields: a CSV of header,field (成功应答,received)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govstats",
        description="Load, validate, analyse and brief government-website inspection notices (通报).",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "ingest",
        help="read inputs and write the tidy tables (CSV + Parquet)",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_load_options(p)
    p.add_argument("-o", "--output", metavar="DIR", help="folder for the tidy tables")
    p.add_argument(
        "--dataset",
        metavar="DIR",
        help="add the tables to this dataset folder (partitioned Parquet that grows run by run)",
    )
    p.set_defaults(run=_ingest)

    p = sub.add_parser(
        "validate",
        help="read inputs and print the findings; exit 1 on any error",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_load_options(p)
    p.set_defaults(run=_validate)

    try:
        from govstats.present.report import add_report_command
    except ImportError:  # pragma: no cover - the report module is optional while it is built
        pass
    else:
        add_report_command(sub, epilog=EXIT_CODES)
    from govstats.present.draft import add_draft_command

    add_draft_command(sub)
    return parser


def _load(args: argparse.Namespace):
    from govstats.dataset import load

    ds = load(args.paths, period=args.period, publisher=args.publisher, headers=args.headers)
    for status in ds.unreadable:
        _say(f"cannot read {status.error}")
    return ds


def check_output_folder(output: str, inputs: Sequence[str]) -> Path:
    """``output`` as a folder the tables can go to, before any input is read; a
    :class:`~govstats.errors.OutputError` (exit 2) saying why not."""
    from govstats.dataset.writing import check_target

    if not output.strip():
        raise OutputError("-o 不能为空:请给出写入表格的文件夹")
    out = Path(output)
    if out.exists() and not out.is_dir():
        raise OutputError(f"-o {output} 是已有的文件,不是文件夹")
    check_target(out, output)
    resolved = out.resolve()
    for raw in inputs:
        src = Path(raw).resolve()
        if src.is_dir() and (resolved == src or resolved in src.parents):
            raise OutputError(f"-o {output} 是输入文件夹 {raw} 本身或其上级:表格会混进输入,请另选文件夹")
    return out


def _ingest(args: argparse.Namespace) -> int:
    if not (args.output or args.dataset):
        raise UsageError("ingest: give -o DIR (tidy tables) or --dataset DIR (a dataset folder), or both")
    out = check_output_folder(args.output, args.paths) if args.output is not None else None
    if args.dataset is not None:
        check_output_folder(args.dataset, args.paths)
    ds = _load(args)
    written = ds.write(out) if out is not None else []
    if args.dataset:
        try:
            run = ds.add_to(args.dataset)
        except OSError as exc:
            raise OutputError(f"无法写入数据集文件夹 {args.dataset}:{exc.strerror or exc}") from None
        replaced = f", replacing what {len(run['replaced'])} of them wrote before" if run["replaced"] else ""
        _say(f"run {run['run']} of {args.dataset}: {run['files']} files{replaced}")
    errors = int((ds.findings["severity"] == "error").sum())
    _say(
        f"{len(ds.inputs) - len(ds.unreadable)}/{len(ds.inputs)} inputs read; "
        f"{len(ds.handling)} handling rows, {len(ds.problems)} problem rows, {len(ds.headline)} headline "
        f"figures, {len(ds.notices)} notices, {len(ds.findings)} findings ({errors} errors)"
        + (f"; {len(written)} files in {args.output}" if args.output else "")
    )
    return EXIT_DATA if ds.unreadable else EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from govstats.tidy.headers import MAPPABLE

    ds = _load(args)
    findings = ds.findings
    if findings.empty:
        print("no findings")
    else:
        import pandas as pd

        shown = findings[["severity", "code", "source", "message"]].map(
            lambda v: terminal_text(v) if isinstance(v, str) else v
        )
        with pd.option_context("display.max_rows", None, "display.max_colwidth", 120, "display.width", 200):
            print(shown.to_string(index=False))
    unknown = _unknown_headers(ds)
    if unknown:
        import csv

        print(
            "\n未识别的列(数值已存入 extras 表)。在下面每行填上字段名,存为 headers.csv,用 --headers headers.csv 读入:"
        )
        print("字段: " + ", ".join(MAPPABLE))
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(["header", "field", "note"])
        for header, (count, where) in unknown.items():
            out.writerow([terminal_text(header), "", terminal_text(f"{count}处,如 {where}")])
    return EXIT_OK if ds.valid and not ds.unreadable else EXIT_DATA


def _unknown_headers(ds) -> dict[str, tuple[int, str]]:
    """Each header no field was found for, as printed (the unknown-column finding quotes
    it), with how often it was met and where first."""
    out: dict[str, tuple[int, str]] = {}
    for message, source in ds.findings.loc[
        ds.findings["code"] == "unknown-column", ["message", "source"]
    ].values:
        m = re.match(r"未识别的列“(.*)”:", message, re.S)
        if m:
            count, where = out.get(m.group(1), (0, source))
            out[m.group(1)] = (count + 1, where)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``govstats`` console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        _say(exc)
        return EXIT_USAGE
    except GovstatsError as exc:
        _say(exc)
        return EXIT_DATA
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug of ours: one line, not a wall of traceback
        if os.environ.get("GOVSTATS_DEBUG"):
            raise
        _say(f"internal error ({type(exc).__name__}: {exc}); rerun with GOVSTATS_DEBUG=1 for details")
        return EXIT_INTERNAL
