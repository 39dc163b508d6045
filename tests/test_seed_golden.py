"""The seed archive dump, converted with the CLI, must match the hand-checked gold exactly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests.conftest import EXPECTED, SEED, run_cli


def test_seed_scores_100_percent(score, tmp_path: Path) -> None:
    code, out = run_cli("convert", str(SEED), "--out", str(tmp_path / "out"))
    assert code == 0
    assert out.strip().splitlines()[-1] == "1 files: 1 ok, 0 failed; 4 forms, 81 indicator rows"
    summary, report = score(tmp_path / "out", EXPECTED, SEED)
    assert report["misses"] == []
    assert (summary["ok"], summary["perfect"]) == (summary["total"], 4)


def _table_bytes(path: Path) -> dict[str, bytes]:
    """A table's bytes: the file, or every part file of its folder by name."""
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {p.name: p.read_bytes() for p in sorted(path.glob("*.parquet"))}


def test_rerun_gives_identical_tables(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert run_cli("convert", str(SEED), "--out", str(tmp_path / name))[0] == 0
    for table in ("forms", "indicators", "funds", "findings", "files"):
        a, b = (_table_bytes(tmp_path / name / f"{table}.parquet") for name in ("a", "b"))
        assert a and a == b, table
        assert not pd.read_parquet(tmp_path / "a" / f"{table}.parquet").columns.empty
