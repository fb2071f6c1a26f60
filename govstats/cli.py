"""The command line: ``govstats ingest``, ``govstats validate``, ``govstats report``,
``govstats draft``, ``govstats panel``.

Exit codes (also in ``--help`` and the README): 0 all good; 1 bad data (an unreadable
input, the rest still written; for ``validate`` an error finding; for ``report`` a failing
notebook cell); 2 bad usage (a missing input, an output that cannot be written, a period
with no data); 3 an internal error of govstats; 130 interrupted (Ctrl-C). Errors are one
line on stderr, never a traceback (set ``GOVSTATS_DEBUG=1`` to see one); whatever comes
from the inputs (cells, file names) is printed with its control characters escaped.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from govstats import progress
from govstats.arguments import Parser
from govstats.errors import GovstatsError, OutputError, UsageError
from govstats.progress import say
from govstats.source import location
from govstats.terminal import ljust, terminal_text, width

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_CODES = """退出码：
  0    成功：所有输入均已读取（validate：没有错误级的发现）
  1    数据问题：有输入无法读取（已在 stderr 指明，其余照常写出）；
       validate 发现错误；report 的简报笔记本执行失败
  2    用法错误：缺少输入，参数不对，城市或统计期没有数据，有多个城市而未给 --publisher，
       模板不是 .docx，输出位置无法写入（是文件或输入文件夹、只读、磁盘已满）
  3    govstats 内部错误（请附 GOVSTATS_DEBUG=1 的输出报告）
  130  被 Ctrl-C 中断，不留下写了一半的文件
"""


def _say(message: object) -> None:
    """An error: one line on stderr, shown under ``-q`` too."""
    say(message, error=True)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("govstats")
    except PackageNotFoundError:  # run from a source tree that was never installed
        # the package is loaded before any of its modules: its facade is no import of ours
        return sys.modules["govstats"].__version__


def _add_load_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="输入文件或文件夹（文件夹逐层读取）")
    p.add_argument("--period", metavar="PERIOD", help="所有输入的统计期，覆盖输入所载（如 2022Q1、2022-08）")
    p.add_argument(
        "--publisher",
        metavar="CITY",
        help="标题、元数据、文件名和文件夹名均未载明发布单位的输入所属的城市（如 鹰潭市）；已载明的输入不受影响",
    )
    p.add_argument(
        "--headers",
        metavar="CSV",
        help="把 govstats 不认识的表头对应到字段：header,field 两列的 CSV（如 成功应答,received）",
    )


def _add_quiet(p: argparse.ArgumentParser, default: object = False) -> None:
    # on the sub-commands too (govstats ingest -q …), where it must not undo a -q given before
    p.add_argument(
        "-q", "--quiet", action="store_true", default=default, help="只在 stderr 显示错误，不显示进度和汇总"
    )


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="govstats",
        description="读取、核查、分析政府网站与政务新媒体检查通报及其附件表格，生成简报、表格和通报初稿。",
        epilog=EXIT_CODES,
    )
    parser.add_argument(
        "--version", action="version", version=f"govstats {_version()}", help="显示版本号并退出"
    )
    _add_quiet(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title="命令")

    p = sub.add_parser(
        "ingest",
        help="读取输入，写出整理后的表格（CSV 和 Parquet）",
        description="读取输入，写出整理后的表格（-o），或追加到数据集文件夹（--dataset）。",
        epilog=EXIT_CODES,
    )
    _add_load_options(p)
    p.add_argument("-o", "--output", metavar="DIR", help="写入整理后表格的文件夹（整套替换上次的表格）")
    p.add_argument(
        "--dataset",
        metavar="DIR",
        help="把表格追加到此数据集文件夹（按发布单位和统计期分区的 Parquet，逐次累积）",
    )
    p.set_defaults(run=_ingest)

    p = sub.add_parser(
        "validate",
        help="读取输入，列出核查发现；有错误时退出码为 1",
        description="读取输入，列出核查发现（级别、代码、位置、说明），再列出未识别的表头供填写。",
        epilog=EXIT_CODES,
    )
    _add_load_options(p)
    p.set_defaults(run=_validate)

    from govstats.present.draft import add_draft_command
    from govstats.present.report import add_report_command

    add_report_command(sub, epilog=EXIT_CODES)
    add_draft_command(sub, epilog=EXIT_CODES)
    from govstats.present.panel_command import add_panel_command

    add_panel_command(sub, _add_load_options, epilog=EXIT_CODES)
    for command in sub.choices.values():
        _add_quiet(command, default=argparse.SUPPRESS)
    return parser


def _load(args: argparse.Namespace):
    from govstats.dataset import load

    ds = load(args.paths, period=args.period, publisher=args.publisher, headers=args.headers)
    for status in ds.unreadable:
        _say(status.error.zh)
    return ds


def check_output_folder(output: str, inputs: Sequence[str]) -> Path:
    """``output`` as a folder the tables can go to, before any input is read; a
    :class:`~govstats.errors.OutputError` (exit 2) saying why not."""
    from govstats.dataset.writing import check_target

    if not output.strip():
        raise OutputError("-o 不能为空：请给出写入表格的文件夹")
    out = Path(output)
    if out.exists() and not out.is_dir():
        raise OutputError(f"-o {output} 是已有的文件，不是文件夹")
    check_target(out, output)
    resolved = out.resolve()
    for raw in inputs:
        src = Path(raw).resolve()
        if src.is_dir() and (resolved == src or resolved in src.parents):
            raise OutputError(f"-o {output} 是输入文件夹 {raw} 本身或其上级：表格会混进输入，请另选文件夹")
    return out


def _ingest(args: argparse.Namespace) -> int:
    if not (args.output or args.dataset):
        raise UsageError("ingest 需要 -o DIR（整理后的表格）或 --dataset DIR（数据集文件夹），或两者都给")
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
        replaced = f"，替换其中{len(run['replaced'])}个输入上次写入的文件" if run["replaced"] else ""
        say(f"数据集 {args.dataset} 第{run['run']}次导入：{run['files']}个文件{replaced}")
    errors = int((ds.findings["severity"] == "error").sum())
    say(
        f"读取{len(ds.inputs) - len(ds.unreadable)}/{len(ds.inputs)}个输入：办理情况{len(ds.handling)}行，"
        f"问题网站和新媒体{len(ds.problems)}行，正文数字{len(ds.headline)}个，通报{len(ds.notices)}份，"
        f"核查发现{len(ds.findings)}条（错误{errors}条）"
        + (f"；{len(written)}个文件写入 {args.output}" if args.output else "")
    )
    return EXIT_DATA if ds.unreadable else EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from govstats.tidy.headers import MAPPABLE

    ds = _load(args)
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


@contextlib.contextmanager
def _warnings_said():
    """govstats' own warnings (rows naming no city) as one ``govstats:`` line per kind, not
    Python's file-and-line form once per function that meets the same rows; others as usual."""
    import warnings

    from govstats.errors import MissingPublisherWarning

    shown = warnings.showwarning
    said: set[type] = set()

    def show(message, category, filename, lineno, file=None, line=None):
        if not issubclass(category, MissingPublisherWarning):
            return shown(message, category, filename, lineno, file, line)
        if category not in said:
            said.add(category)
            # the function it names (rates：) is for a notebook's reader, not the command's
            say("提示：" + re.sub(r"^[A-Za-z_]+：", "", str(message)))

    with warnings.catch_warnings():
        warnings.showwarning = show
        yield


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``govstats`` console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    was, progress.QUIET = progress.QUIET, args.quiet
    try:
        with _warnings_said():
            return args.run(args)
    except UsageError as exc:
        _say(exc.zh)
        return EXIT_USAGE
    except GovstatsError as exc:
        _say(exc.zh)
        return EXIT_DATA
    except KeyboardInterrupt:
        _say("已中断")
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug of ours: one line, not a wall of traceback
        if os.environ.get("GOVSTATS_DEBUG"):
            raise
        _say(f"govstats 内部错误（{type(exc).__name__}: {exc}）；设 GOVSTATS_DEBUG=1 重新运行可看到详情")
        return EXIT_INTERNAL
    finally:
        progress.QUIET = was
