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

from govstats import progress
from govstats.cli.arguments import Parser
from govstats.cli.ingest import add_ingest_command
from govstats.cli.options import (
    EXIT_CODES,
    EXIT_DATA,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
)
from govstats.cli.options import say_error as _say
from govstats.cli.validate import add_validate_command
from govstats.errors import GovstatsError, UsageError
from govstats.progress import say


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("govstats")
    except PackageNotFoundError:  # run from a source tree that was never installed
        # the package is loaded before any of its modules: its facade is no import of ours
        return sys.modules["govstats"].__version__


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
    add_ingest_command(sub)
    add_validate_command(sub)

    from govstats.cli.draft import add_draft_command
    from govstats.cli.migrate import add_migrate_command
    from govstats.cli.report import add_report_command

    add_report_command(sub)
    add_draft_command(sub)
    add_migrate_command(sub)
    from govstats.cli.panel import add_panel_command

    add_panel_command(sub)
    for command in sub.choices.values():
        _add_quiet(command, default=argparse.SUPPRESS)
    return parser


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
