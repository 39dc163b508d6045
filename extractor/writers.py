"""Parquet writers: a table part from records, built from the declared schemas.

Every part carries the schema version and its table name in the Parquet
key-value metadata (`selfeval_schema_version`, `table`).  Parts are written
to a temporary name and moved into place with one atomic rename, so a reader
(or a killed run) never sees a half-written part.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import pyarrow as pa

from extractor.model import FileResult, FormRecords
from extractor.schema import SCHEMA_VERSION, TABLES

ROW_GROUP = 20_000  # rows per Parquet row group


def _row(record: object) -> dict[str, object]:
    return {f.name: getattr(record, f.name) for f in fields(record)}  # type: ignore[arg-type]


def schema_for(name: str) -> pa.Schema:
    return TABLES[name].with_metadata({"selfeval_schema_version": SCHEMA_VERSION, "table": name})


def rows_by_table(outcomes: Iterable[tuple[FileResult, Iterable[FormRecords]]]) -> dict[str, list[dict]]:
    """The rows of every table for a batch of files, in file order then form order."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for file, forms in outcomes:
        for rec in forms:
            rows["forms"].append(_row(rec.form))
            rows["indicators"].extend(_row(r) for r in rec.indicators)
            rows["funds"].extend(_row(r) for r in rec.funds)
            rows["findings"].extend(_row(r) for r in rec.findings)
            rows["fields"].extend(_row(r) for r in rec.fields)
        rows["files"].append(_row(file))
    return rows


@dataclass(frozen=True)
class FileTables:
    """One file's `files` row and its rows of every table, as Arrow tables (cheap to send and to join)."""

    file: FileResult
    tables: dict[str, pa.Table]


def file_tables(file: FileResult, forms: Iterable[FormRecords] = ()) -> FileTables:
    rows = rows_by_table([(file, forms)])
    return FileTables(file, {name: pa.Table.from_pylist(rows[name], schema=schema_for(name)) for name in TABLES})


def join_tables(items: Sequence[FileTables]) -> dict[str, pa.Table]:
    """The rows of many files, in their order, one table each (contiguous, so the bytes written are stable)."""
    return {name: pa.concat_tables([item.tables[name] for item in items] or
                                   [schema_for(name).empty_table()]).combine_chunks()
            for name in TABLES}


def write_part(target: Path, name: str, table: pa.Table | list[dict]) -> None:
    """Write one part of table `name` atomically (temporary file in the same folder, then rename)."""
    import pyarrow.parquet as pq  # only the writing process loads Parquet; workers build Arrow tables

    schema = schema_for(name)
    if not isinstance(table, pa.Table):
        table = pa.Table.from_pylist(table, schema=schema)
    else:
        table = table.cast(schema)
    tmp = target.with_name(f".{target.name}.tmp")
    pq.write_table(table, tmp, row_group_size=ROW_GROUP)
    os.replace(tmp, target)


def read_part(path: Path, columns: list[str] | None = None) -> pa.Table:
    import pyarrow.parquet as pq

    with pq.ParquetFile(path) as part:  # one file: no dataset machinery to load
        return part.read(columns=columns)
