"""One regression sample per repaired defect, named after it, its expected output beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, run_cli

REGRESSIONS = DATA / "regressions"
CASES = sorted(p for p in REGRESSIONS.iterdir() if p.suffix != ".json")


@pytest.mark.parametrize("sample", CASES, ids=[p.name for p in CASES])
def test_regression_sample_matches_expected(sample: Path, score, tmp_path: Path) -> None:
    expected = REGRESSIONS / f"{sample.name.split('.')[0]}.json"
    assert expected.exists(), f"{sample.name} has no expected output beside it"
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / sample.name).write_bytes(sample.read_bytes())
    code, _ = run_cli("convert", str(inputs), "--out", str(tmp_path / "out"))
    assert code == 0
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / expected.name).write_bytes(expected.read_bytes())
    summary, report = score(tmp_path / "out", gold, inputs)
    assert report["misses"] == []
    assert summary["ok"] == summary["total"] > 0
