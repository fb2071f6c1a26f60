"""The command line: ``govstats ingest``, ``govstats validate``, ``govstats report``,
``govstats draft``.

Exit codes: 0 all good; 1 bad data (an unreadable input, or for ``validate`` an
error finding); 2 bad usage. Errors are one line on stderr, never a traceback
(set ``GOVSTATS_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence

from govstats.errors import GovstatsError, UsageError

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


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
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="read inputs and write the tidy tables (CSV + Parquet)")
    _add_load_options(p)
    p.add_argument("-o", "--output", metavar="DIR", help="folder for the tidy tables")
    p.add_argument(
        "--dataset",
        metavar="DIR",
        help="add the tables to this dataset folder (partitioned Parquet that grows run by run)",
    )
    p.set_defaults(run=_ingest)

    p = sub.add_parser("validate", help="read inputs and print the findings; exit 1 on any error")
    _add_load_options(p)
    p.set_defaults(run=_validate)

    try:
        from govstats.present.report import add_report_command
    except ImportError:  # pragma: no cover - the report module is optional while it is built
        pass
    else:
        add_report_command(sub)
    from govstats.present.draft import add_draft_command

    add_draft_command(sub)
    return parser


def _load(args: argparse.Namespace):
    from govstats.dataset import load

    ds = load(args.paths, period=args.period, publisher=args.publisher, headers=args.headers)
    for status in ds.unreadable:
        print(f"govstats: cannot read {status.error}", file=sys.stderr)
    return ds


def _ingest(args: argparse.Namespace) -> int:
    if not (args.output or args.dataset):
        raise UsageError("ingest: give -o DIR (tidy tables) or --dataset DIR (a dataset folder), or both")
    ds = _load(args)
    written = ds.write(args.output) if args.output else []
    if args.dataset:
        run = ds.add_to(args.dataset)
        replaced = f", replacing what {len(run['replaced'])} of them wrote before" if run["replaced"] else ""
        print(
            f"govstats: run {run['run']} of {args.dataset}: {run['files']} files{replaced}", file=sys.stderr
        )
    errors = int((ds.findings["severity"] == "error").sum())
    print(
        f"govstats: {len(ds.inputs) - len(ds.unreadable)}/{len(ds.inputs)} inputs read; "
        f"{len(ds.handling)} handling rows, {len(ds.problems)} problem rows, {len(ds.headline)} headline "
        f"figures, {len(ds.notices)} notices, {len(ds.findings)} findings ({errors} errors)"
        + (f"; {len(written)} files in {args.output}" if args.output else ""),
        file=sys.stderr,
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

        with pd.option_context("display.max_rows", None, "display.max_colwidth", 120, "display.width", 200):
            print(findings[["severity", "code", "source", "message"]].to_string(index=False))
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
            out.writerow([header, "", f"{count}处,如 {where}"])
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
        print(f"govstats: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except GovstatsError as exc:
        print(f"govstats: {exc}", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        print("govstats: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: one line, not a wall of traceback
        if os.environ.get("GOVSTATS_DEBUG"):
            raise
        print(
            f"govstats: internal error ({type(exc).__name__}: {exc}); "
            "rerun with GOVSTATS_DEBUG=1 for details",
            file=sys.stderr,
        )
        return 3
