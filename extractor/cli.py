"""The command line: `selfeval convert INPUT... --out DIR`, then query, check, sample and report."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from extractor import __version__, pipeline
from extractor.model import SCHEMA_VERSION  # not extractor.schema: this module loads no pyarrow
from parsers.guard import MB, Limits
from parsers.pdf import ENGINES as PDF_ENGINES
from selfeval.errors import MissingDependencyError, UsageError


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {text}")
    return value


EPILOG = """\
exit codes:
  0  done: every file converted (check: every expected field matches)
  1  done, but some input files failed (their rows in files.parquet say why; the
     good files' rows are written) / check: a mismatch
  2  usage error: a bad option, a missing folder, a missing optional package

example:
  selfeval convert samples --out output      # then: selfeval report output --to report.html
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="selfeval", description="Convert project performance "
                                     "self-evaluation forms (项目绩效自评价 / 项目支出绩效自评表) into Parquet tables.",
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version",
                        version=f"selfeval {__version__} (output schema version {SCHEMA_VERSION})")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_convert_parser(sub)
    query = sub.add_parser("query", help="run SQL (DuckDB) over the tables of an output folder")
    query.add_argument("out", type=Path, metavar="OUT_DIR")
    query.add_argument("sql", metavar="SQL", help="views: forms, indicators, funds, findings, files")
    query.add_argument("--csv", type=Path, metavar="FILE", help="write the result as CSV instead of printing it")
    _add_audit_parsers(sub)
    return parser


def _add_convert_parser(sub: argparse._SubParsersAction) -> None:
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
    convert.add_argument("--pdf-engine", choices=PDF_ENGINES, default=PDF_ENGINES[0],
                         help="the library PDFs are read with (default: %(default)s; pdfplumber is slower)")
    convert.add_argument("--scheduler", metavar="ADDRESS", help="the Dask scheduler, e.g. tcp://host:8786")


def cmd_convert(args: argparse.Namespace) -> int:
    options = pipeline.Options(jobs=args.jobs, timeout=args.timeout, force=args.force,
                               limits=Limits(max_size=max(1, int(args.max_size * MB))), executor=args.executor,
                               scheduler=args.scheduler, pdf_engine=args.pdf_engine)
    sources = pipeline.discover(args.inputs)
    summary = pipeline.run(sources, args.out, options)
    for failed in summary.failures:
        print(f"{failed.status}: {failed.source_path}: {failed.error}", file=sys.stderr)
    print(summary.line())
    return 1 if summary.failed or summary.partial else 0


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
    from extractor import check, sample_command

    check.add_arguments(sub.add_parser(
        "check", help="compare an output folder with expected JSON forms, field by field (exit 0: all match)"))
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


def cmd_check(args: argparse.Namespace) -> int:
    from extractor.check import command

    return command(args)


COMMANDS.update({"sample": cmd_sample, "report": cmd_report, "check": cmd_check})
