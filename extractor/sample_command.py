"""`selfeval sample OUT_DIR --n N --seed S --method M [--by COLUMN] --to DEST`: the command body."""

from __future__ import annotations

import argparse
from pathlib import Path

import pyarrow as pa

from extractor.sample_designs import METHODS, STRATA
from extractor.schema import FORMS
from selfeval.errors import UsageError

# sample.parquet: the forms table's columns, then how each form came to be drawn
SAMPLE_COLUMNS = pa.schema([
    ("sample_order", pa.int32()),
    *FORMS,
    ("selection_method", pa.string()),
    ("selection_reason", pa.string()),
    ("inclusion_probability", pa.float64()),
    ("n_findings", pa.int32()),
    ("risk_score", pa.int32()),
    ("copies", pa.int32()),  # filings of this form in the output (duplicate_form): it stands for all of them
])


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="a folder written by `selfeval convert`")
    parser.add_argument("--n", type=int, required=True, help="sample size (forms)")
    parser.add_argument("--seed", type=int, required=True, help="random seed: the same seed gives the same sample")
    parser.add_argument("--method", choices=METHODS, required=True,
                        help="random | stratified (needs --by) | risk (by findings) | mus (monetary units)")
    parser.add_argument("--by", choices=STRATA, help="the stratum column for --method stratified")
    parser.add_argument("--to", type=Path, required=True, metavar="DEST",
                        help="folder for sample.parquet and sample.xlsx")


def command(args: argparse.Namespace) -> int:
    import pyarrow.parquet as pq  # pandas and openpyxl only load for this command, not for `convert`

    from extractor.outputs import audit_tables
    from extractor.sampling import draw, population, sample_table
    from extractor.workbook import write_workbook

    if args.by and args.method != "stratified":
        raise UsageError("--by is only for --method stratified")
    tables = audit_tables(args.out_dir, ("forms", "indicators", "findings"))
    if tables["forms"].empty:
        raise UsageError(f"{args.out_dir} holds no forms to sample")
    units = population(tables["forms"])
    sample = draw(units, tables["findings"], args.n, args.seed, args.method, args.by)
    drawn = sample_table(units, tables["findings"], sample)
    args.to.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pandas(drawn, schema=SAMPLE_COLUMNS, preserve_index=False),
                   args.to / "sample.parquet")
    write_workbook(args.to / "sample.xlsx", drawn, tables["indicators"], tables["findings"], sample.design)
    copies = len(tables["forms"]) - len(units)
    counted = f" ({len(tables['forms'])} filed, copies counted once)" if copies else ""
    print(f"{len(drawn)} of {len(units)} forms{counted} drawn ({args.method}, seed {args.seed}) -> "
          f"{args.to / 'sample.parquet'}, {args.to / 'sample.xlsx'}")
    if args.n > len(units):
        print(f"note: --n {args.n} is more than the {len(units)} forms of the population: "
              f"{len(drawn)} drawn, no form twice")
    return 0
