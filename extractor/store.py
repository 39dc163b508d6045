"""The output folder as an incremental store: DIR/<table>.parquet/part-NNNNNN.parquet.

Each table is a folder of part files (SCHEMA.md allows it; `pandas.read_parquet`
reads the folder).  A *chunk* is a batch of files committed together: part N of
every table holds the rows of chunk N.  Commit order makes a kill harmless:

1. the form tables' parts of chunk N are written (each atomically), then
2. the `files` part of chunk N: the chunk exists from this moment on;
3. rows that chunk N supersedes (older rows of the same source_path) are
   filtered out of older chunks, `files` part last.

On opening, a store repairs what a kill left: parts of a chunk with no `files`
part are deleted (step 1 interrupted), and when a source_path has rows in
several chunks, the newest chunk wins and the older rows are filtered out
(step 3 interrupted).  So the folder is always readable, never holds two rows
for one source_path or one form_id, and a re-run completes what was cut off.
A new store holds one empty part per table (`SCHEMA_PART`) until its first
chunk: a run killed before that still leaves tables that read, with their columns.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from extractor.model import FORM_ID_PREFIX
from extractor.schema import TABLES
from extractor.writers import Outcome, chunk_tables, read_part, schema_for, write_part

FORM_TABLES = ("forms", "indicators", "funds", "findings", "fields")
# a committed part: part-<chunk number>.parquet
PART = re.compile(r"^part-(?P<chunk>\d{6})\.parquet$")
# a part of no rows, written when a store is created: until the first chunk is committed (or when
# a kill comes first) it gives every table its declared columns; the first commit removes it
SCHEMA_PART = "part-empty.parquet"


@dataclass(frozen=True)
class Known:
    """What the store holds for one source_path."""

    sha256: str | None
    status: str
    n_forms: int
    n_indicators: int
    chunk: int


def _part_name(chunk: int) -> str:
    return f"part-{chunk:06d}.parquet"


class Store:
    def __init__(self, out_dir: Path) -> None:
        self.dir = Path(out_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            self._migrate_single_file(name)
            (self.dir / f"{name}.parquet").mkdir(exist_ok=True)
        self.known: dict[str, Known] = {}
        self.owner: dict[str, str] = {}  # sha256 -> the source_path whose forms carry it
        self._load()
        if not self.has_parts():
            for name in TABLES:
                if not (self._table_dir(name) / SCHEMA_PART).exists():
                    write_part(self._table_dir(name) / SCHEMA_PART, name, schema_for(name).empty_table())

    # -- layout -----------------------------------------------------------------------------------
    def _table_dir(self, name: str) -> Path:
        return self.dir / f"{name}.parquet"

    def _chunks(self, name: str) -> dict[int, Path]:
        found = {}
        for path in self._table_dir(name).iterdir():
            m = PART.match(path.name)
            if m:
                found[int(m["chunk"])] = path
            elif path.name.startswith(".") and path.name.endswith(".tmp"):
                path.unlink()  # a part whose write was cut off
        return found

    def _migrate_single_file(self, name: str) -> None:
        """An output written as one DIR/<table>.parquet file becomes chunk 0 of the folder layout."""
        path = self._table_dir(name)
        if path.is_file():
            tmp = self.dir / f".{name}.parquet.migrating"
            os.replace(path, tmp)
            path.mkdir()
            os.replace(tmp, path / _part_name(0))

    # -- state --------------------------------------------------------------------------------------
    def _load(self) -> None:
        committed = self._chunks("files")
        for name in FORM_TABLES:
            for chunk, path in self._chunks(name).items():
                if chunk not in committed:
                    path.unlink()  # written before a kill, never committed
        # a path in two chunks: the newer supersedes the older, whose filtering a kill stopped
        self._supersede((row["source_path"], Known(row["source_sha256"], row["status"], row["n_forms"],
                                                   row["n_indicators"], chunk))
                        for chunk in sorted(committed)
                        for row in read_part(committed[chunk], ["source_path", "source_sha256", "status",
                                                                "n_forms", "n_indicators"]).to_pylist())
        self.next_chunk = max(committed, default=0) + 1

    def _remember(self, path: str, known: Known) -> None:
        old = self.known.get(path)
        if old is not None and old.sha256 and self.owner.get(old.sha256) == path:
            del self.owner[old.sha256]
        self.known[path] = known
        if known.sha256 and known.status == "ok":
            self.owner.setdefault(known.sha256, path)

    def has_parts(self) -> bool:
        return bool(self._chunks("files"))

    # -- writing ------------------------------------------------------------------------------------
    def commit(self, outcomes: Sequence[Outcome]) -> None:
        """Write a chunk of files with their forms, then drop the rows it supersedes."""
        chunk = self.next_chunk
        self.next_chunk += 1
        tables = chunk_tables(outcomes)
        for name in (*FORM_TABLES, "files"):  # files last: it is what makes the chunk exist
            write_part(self._table_dir(name) / _part_name(chunk), name, tables[name])
        for name in TABLES:  # the chunk gives every table its columns now
            (self._table_dir(name) / SCHEMA_PART).unlink(missing_ok=True)
        self._supersede((f.source_path, Known(f.source_sha256, f.status, f.n_forms, f.n_indicators, chunk))
                        for f in (item.file for item in outcomes))

    def _supersede(self, entries: Iterable[tuple[str, Known]]) -> None:
        """Remember each (source_path, Known) in order; rows of a path held by an older chunk are
        filtered out of it."""
        stale: dict[int, set[str]] = {}
        stale_shas: dict[int, set[str]] = {}
        for path, known in entries:
            old = self.known.get(path)
            if old is not None:
                stale.setdefault(old.chunk, set()).add(path)
                if old.sha256:
                    stale_shas.setdefault(old.chunk, set()).add(old.sha256)
            self._remember(path, known)
        for chunk in sorted(stale):
            self._filter_chunk(chunk, stale[chunk], stale_shas.get(chunk, set()))

    def _filter_chunk(self, chunk: int, paths: set[str], shas: set[str]) -> None:
        """Remove the rows of `paths` (files) and of forms cut from `shas` from one older chunk."""
        import pyarrow.compute as pc  # only when rows are replaced

        prefixes = pa.array(sorted({sha[:FORM_ID_PREFIX] for sha in shas}), pa.string())
        for name in FORM_TABLES:
            part = self._table_dir(name) / _part_name(chunk)
            if not part.exists() or not len(prefixes):
                continue
            table = read_part(part)
            gone = pc.is_in(pc.utf8_slice_codeunits(table["form_id"], 0, FORM_ID_PREFIX), value_set=prefixes)
            if pc.any(gone).as_py():
                write_part(part, name, table.filter(pc.invert(gone)))
        part = self._table_dir("files") / _part_name(chunk)
        table = read_part(part)
        gone = pc.is_in(table["source_path"], value_set=pa.array(sorted(paths), pa.string()))
        if pc.any(gone).as_py():
            write_part(part, "files", table.filter(pc.invert(gone)))
