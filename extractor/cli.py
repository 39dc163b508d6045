"""The command line: `selfeval convert INPUT... --out DIR`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from extractor import pipeline


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="selfeval", description="Convert project performance "
                                     "self-evaluation forms (项目绩效自评价 / 项目支出绩效自评表) into Parquet tables.")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_audit_parsers(sub)
    convert = sub.add_parser("convert", help="convert files and folders (recursively) into DIR/<table>.parquet")
    convert.add_argument("inputs", nargs="+", metavar="INPUT", help="a file or a folder")
    convert.add_argument("--out", default="output", type=Path, metavar="DIR",
                         help="output folder (default: output)")
    return parser


def cmd_convert(args: argparse.Namespace) -> int:
    sources = pipeline.discover(args.inputs)
    summary = pipeline.run(sources, args.out)
    for failed in summary.failures:
        print(f"failed: {failed.source_path}: {failed.error}", file=sys.stderr)
    print(summary.line())
    return 1 if summary.failed else 0


COMMANDS = {"convert": cmd_convert}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return COMMANDS[args.command](args)
    except pipeline.UsageError as exc:
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
