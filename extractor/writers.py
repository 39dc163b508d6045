"""Parquet writers: the tables of a chunk of files, built column by column from the declared schemas.

Every part carries the schema version and its table name in the Parquet
key-value metadata (`selfeval_schema_version`, `table`).  Parts are written
to a temporary name and moved into place with one atomic rename, so a reader
(or a killed run) never sees a half-written part.

The workers return records (frozen dataclasses, cheap to pickle); the writing process turns a
chunk of them into one Arrow array per column, of the column's declared type.  So a worker never
loads pyarrow (nor the pandas that pyarrow loads for its first `pa.array`), and a chunk's tables
are built once, not per file and then joined.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from operator import attrgetter
from pathlib import Path
from typing import Protocol

import pyarrow as pa

from extractor.model import FileResult, FormRecords
from extractor.schema import SCHEMA_VERSION, TABLES

ROW_GROUP = 20_000  # rows per Parquet row group


class Outcome(Protocol):
    """One converted file: its `files` row and its forms' records (pipeline.FileOutcome)."""

    file: FileResult
    forms: tuple[FormRecords, ...]


def schema_for(name: str) -> pa.Schema:
    return TABLES[name].with_metadata({"selfeval_schema_version": SCHEMA_VERSION, "table": name})


def records_by_table(outcomes: Iterable[Outcome]) -> dict[str, list]:
    """The records of every table for a batch of files, in file order then form order."""
    records: dict[str, list] = {name: [] for name in TABLES}
    for outcome in outcomes:
        for rec in outcome.forms:
            records["forms"].append(rec.form)
            records["indicators"].extend(rec.indicators)
            records["funds"].extend(rec.funds)
            records["findings"].extend(rec.findings)
            records["fields"].extend(rec.fields)
        records["files"].append(outcome.file)
    return records


def table_of(name: str, records: Sequence[object]) -> pa.Table:
    """Table `name` of `records` (instances of its record class): one array per column, of its declared type."""
    schema = schema_for(name)
    if not records:
        return schema.empty_table()
    columns = zip(*map(attrgetter(*schema.names), records), strict=True)
    return pa.Table.from_arrays([pa.array(values, type=column.type) for values, column in zip(columns, schema, strict=True)],
                                schema=schema)


def chunk_tables(outcomes: Sequence[Outcome]) -> dict[str, pa.Table]:
    """The rows of many files, in their order, one table each."""
    records = records_by_table(outcomes)
    return {name: table_of(name, records[name]) for name in TABLES}


def write_part(target: Path, name: str, table: pa.Table) -> None:
    """Write one part of table `name` atomically (temporary file in the same folder, then rename)."""
    import pyarrow.parquet as pq  # only the writing process loads Parquet

    tmp = target.with_name(f".{target.name}.tmp")
    pq.write_table(table.cast(schema_for(name)), tmp, row_group_size=ROW_GROUP)
    os.replace(tmp, target)


def read_part(path: Path, columns: list[str] | None = None) -> pa.Table:
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as part:  # one file: no dataset machinery to load
        return part.read(columns=columns)
