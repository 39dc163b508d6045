"""`selfeval query OUT_DIR "SQL"`: DuckDB over the output tables, as views named after them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from extractor.schema import TABLES
from selfeval.errors import MissingDependencyError, QueryError


def _connect(out_dir: Path):
    try:
        import duckdb
    except ModuleNotFoundError as exc:
        raise MissingDependencyError("selfeval query needs the package 'duckdb': "
                                     "pip install 'selfeval[query]'") from exc
    con = duckdb.connect()
    for name in TABLES:
        path = out_dir / f"{name}.parquet"
        if not path.exists():
            raise QueryError(f"{out_dir} holds no {name} table: convert into it first")
        glob = str(path / "*.parquet") if path.is_dir() else str(path)
        quoted = glob.replace("'", "''")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{quoted}')")
    return con, duckdb.Error


def run_query(out_dir: Path, sql: str, csv: Path | None = None, stream: TextIO | None = None) -> None:
    """Run `sql`; print the result as a table, or write it to `csv` (with a header line)."""
    con, db_error = _connect(Path(out_dir))
    out = stream or sys.stdout
    try:
        relation = con.sql(sql)
        if relation is None:
            return  # a statement without a result
        if csv is not None:
            relation.write_csv(str(csv), header=True)
            out.write(f"wrote {csv}\n")
            return
        frame = relation.df()
    except db_error as exc:
        raise QueryError(str(exc).strip()) from exc
    out.write(frame.to_string(index=False, max_rows=200) + "\n")
