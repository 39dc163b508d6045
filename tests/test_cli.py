"""The command line as a user runs it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from tests.conftest import SAMPLES, run_cli

SEED = SAMPLES / "txt" / "000_fbae7522b0b69a6d.txt"


def test_python_dash_m_extractor_converts(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "extractor", "convert", str(SEED), "--out", str(tmp_path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 files: 1 ok, 0 failed; 4 forms, 81 indicator rows"
    files = pd.read_parquet(tmp_path / "files.parquet")
    assert files.source_path.tolist() == [str(SEED)]  # a file given on the command line keeps its path


def test_folder_inputs_are_relative_and_recursive(tmp_path: Path) -> None:
    nested = tmp_path / "archive" / "2019" / "a"
    nested.mkdir(parents=True)
    (nested / "x.txt").write_bytes(SEED.read_bytes())
    code, _ = run_cli("convert", str(tmp_path / "archive"), "--out", str(tmp_path / "out"))
    assert code == 0
    forms = pd.read_parquet(tmp_path / "out" / "forms.parquet")
    assert set(forms.source_path) == {"2019/a/x.txt"}
    assert forms.form_id.tolist() == [f"{forms.source_sha256[0][:16]}-{i}" for i in range(4)]


def test_help_exits_zero() -> None:
    assert run_cli("--help")[0] == 0


def test_unknown_command_is_a_usage_error() -> None:
    assert run_cli("frobnicate")[0] == 2


def test_tables_carry_the_schema_version(tmp_path: Path) -> None:
    assert run_cli("convert", str(SEED), "--out", str(tmp_path))[0] == 0
    for table in ("forms", "indicators", "funds", "findings", "files"):
        dataset = tmp_path / f"{table}.parquet"
        parts = sorted(dataset.rglob("*.parquet")) if dataset.is_dir() else [dataset]
        assert parts, table
        for part in parts:
            assert pq.read_schema(part).metadata[b"selfeval_schema_version"] == b"1"


def test_version_names_the_package_and_schema_version() -> None:
    from importlib.metadata import version

    assert run_cli("--version") == (0, f"selfeval {version('selfeval')} (output schema version 1)\n")


def test_help_lists_convert_first_with_exit_codes_and_an_example() -> None:
    code, text = run_cli("--help")
    commands = re.findall(r"^    (\w+) ", text, re.M)
    assert code == 0 and commands == ["convert", "query", "check", "sample", "report"]
    assert "exit codes:\n  0  done" in text and "\n  2  usage error" in text
    assert "example:\n  selfeval convert samples --out output" in text
