"""The command line: `selfeval convert INPUT... --out DIR` and `selfeval query DIR "SQL"`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from extractor import pipeline
from parsers.guard import MB, Limits
from selfeval.errors import MissingDependencyError, UsageError


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="selfeval", description="Convert project performance "
                                     "self-evaluation forms (项目绩效自评价 / 项目支出绩效自评表) into Parquet tables.")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_audit_parsers(sub)
    convert = sub.add_parser("convert", help="convert files and folders (recursively) into DIR/<table>.parquet")
    convert.add_argument("inputs", nargs="+", metavar="INPUT", help="a file or a folder")
    convert.add_argument("--out", default="output", type=Path, metavar="DIR",
                         help="output folder (default: output); files already in it are skipped")
    convert.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                         help="worker processes (default: the number of cores)")
    convert.add_argument("--timeout", type=_positive, default=60.0, metavar="SECONDS",
                         help="time limit per file (default: 60)")
    convert.add_argument("--max-size", type=_positive, default=200.0, metavar="MB",
                         help="refuse files larger than this (default: 200 MB)")
    convert.add_argument("--force", action="store_true", help="reconvert files already in the output")
    convert.add_argument("--executor", choices=pipeline.EXECUTORS, default="local",
                         help="run the per-file work locally (default) or on a Dask cluster")
    convert.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler, e.g. tcp://host:8786")
    query = sub.add_parser("query", help="run SQL (DuckDB) over the tables of an output folder")
    query.add_argument("out", type=Path, metavar="OUT_DIR")
    query.add_argument("sql", metavar="SQL", help="views: forms, indicators, funds, findings, files")
    query.add_argument("--csv", type=Path, metavar="FILE", help="write the result as CSV instead of printing it")
    return parser


def cmd_convert(args: argparse.Namespace) -> int:
    options = pipeline.Options(jobs=args.jobs, timeout=args.timeout, force=args.force,
                               limits=Limits(max_size=int(args.max_size * MB)), executor=args.executor,
                               scheduler=args.scheduler)
    sources = pipeline.discover(args.inputs)
    summary = pipeline.run(sources, args.out, options)
    for failed in summary.failures:
        print(f"failed: {failed.source_path}: {failed.error}", file=sys.stderr)
    print(summary.line())
    return 1 if summary.failed else 0


def cmd_query(args: argparse.Namespace) -> int:
    from extractor.query import run_query
    from selfeval.errors import QueryError

    try:
        run_query(args.out, args.sql, args.csv)
    except QueryError as exc:
        raise UsageError(str(exc)) from exc
    return 0


COMMANDS = {"convert": cmd_convert, "query": cmd_query}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"selfeval: {exc}", file=sys.stderr)
        return 2
    except MissingDependencyError as exc:
        print(f"selfeval: {exc}", file=sys.stderr)
        return 2


def main_entry() -> None:
    sys.exit(main())


# the audit commands: their options and bodies live in extractor/sample_command.py and extractor/report.py,
# which load pandas (and openpyxl) only when one of them runs
def _add_audit_parsers(sub: argparse._SubParsersAction) -> None:
    from extractor import sample_command

    sample_command.add_arguments(sub.add_parser(
        "sample", help="draw a reproducible audit sample of converted forms into DEST/sample.parquet + .xlsx"))
    report = sub.add_parser("report", help="write one self-contained HTML report about a converted output")
    report.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="a folder written by `selfeval convert`")
    report.add_argument("--to", type=Path, required=True, metavar="FILE.html", help="the HTML file to write")


def cmd_sample(args: argparse.Namespace) -> int:
    from extractor.sample_command import command

    return command(args)


def cmd_report(args: argparse.Namespace) -> int:
    from extractor.report import command

    return command(args)


COMMANDS.update({"sample": cmd_sample, "report": cmd_report})
