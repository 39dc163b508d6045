"""Every sample in samples/, in every format, gives exactly its golden expected output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import EXPECTED, SAMPLES, run_cli

SAMPLE_FILES = sorted(p for p in SAMPLES.rglob("*") if p.is_file())
FORMATS = sorted({p.suffix.lstrip(".") for p in SAMPLE_FILES})


def _stem(path: Path) -> str:
    return re.sub(r"(\.v\d+)?\.[A-Za-z0-9]+$", "", path.name)


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> tuple[int, str, Path]:
    out = tmp_path_factory.mktemp("samples")
    code, text = run_cli("convert", str(SAMPLES), "--out", str(out))
    return code, text, out


def test_samples_convert_cleanly(converted) -> None:
    code, text, _ = converted
    assert code == 0, text
    assert text.strip().splitlines()[-1].startswith(f"{len(SAMPLE_FILES)} files: {len(SAMPLE_FILES)} ok, 0 failed")


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[p.relative_to(SAMPLES).as_posix() for p in SAMPLE_FILES])
def test_every_sample_has_a_golden_output(sample: Path) -> None:
    assert (EXPECTED / f"{_stem(sample)}.json").exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_scores_100_percent(fmt: str, converted, score) -> None:
    _, _, out = converted
    summary, report = score(out, EXPECTED, SAMPLES, only=rf"\.{fmt}$")
    assert report["misses"] == []
    assert summary["ok"] == summary["total"] > 0
    assert summary["perfect"] == summary["forms"] > 0
