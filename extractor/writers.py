"""Parquet writers: one file per table, built from the declared schemas, streamed in row groups.

Tables are staged in a temporary folder inside the output folder and moved into
place only when the batch completes, so an interrupted run leaves the previous
output readable.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extractor.model import FileResult, FormRecords
from extractor.schema import SCHEMA_VERSION, TABLES

ROW_GROUP = 20_000  # rows buffered per table before a row group is written


def _row(record: object) -> dict[str, object]:
    return {f.name: getattr(record, f.name) for f in fields(record)}  # type: ignore[arg-type]


class TableWriter:
    """Collects records file by file and writes DIR/<table>.parquet for every table."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.out_dir))
        self._buffers: dict[str, list[dict[str, object]]] = {name: [] for name in TABLES}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self.closed = False

    def add(self, file: FileResult, forms: Iterable[FormRecords]) -> None:
        for rec in forms:
            self._buffers["forms"].append(_row(rec.form))
            self._buffers["indicators"].extend(_row(r) for r in rec.indicators)
            self._buffers["funds"].extend(_row(r) for r in rec.funds)
            self._buffers["findings"].extend(_row(r) for r in rec.findings)
        self._buffers["files"].append(_row(file))
        for name, rows in self._buffers.items():
            if len(rows) >= ROW_GROUP:
                self._flush(name)

    def _flush(self, name: str) -> None:
        schema = TABLES[name].with_metadata({"selfeval_schema_version": SCHEMA_VERSION, "table": name})
        rows = self._buffers[name]
        self._buffers[name] = []
        writer = self._writers.get(name)
        if writer is None:
            writer = self._writers[name] = pq.ParquetWriter(self._stage / f"{name}.parquet", schema)
        writer.write_table(pa.Table.from_pylist(rows, schema=schema))

    def close(self) -> None:
        """Write what is buffered and move the tables into the output folder."""
        for name in TABLES:
            if self._buffers[name] or name not in self._writers:
                self._flush(name)
            self._writers[name].close()
        for name in TABLES:
            target = self.out_dir / f"{name}.parquet"
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(self._stage / f"{name}.parquet", target)
        self._stage.rmdir()
        self.closed = True

    def abort(self) -> None:
        for writer in self._writers.values():
            writer.close()
        shutil.rmtree(self._stage, ignore_errors=True)

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
