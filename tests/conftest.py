"""Shared test fixtures: running the CLI, and checking output against expected JSON (extractor.check)."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from extractor.check import compare
from extractor.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = ROOT / "tests" / "golden"  # golden expected output of every sample: NAME.json for samples/*/NAME[.vN].EXT
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"  # optional extra sets beside the checkout (../shared/real): tests skip without them
SEED = DATA / "seed"  # the seed archive dump (= ../shared/seeds); its expected output is EXPECTED/<stem>.json


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


@pytest.fixture
def score():
    """score(outdir, golddir, inputs, only=None) -> (summary dict, report dict), from extractor.check."""

    def _score(outdir: Path, golddir: Path, inputs: Path | None = None, only: str | None = None):
        result = compare(outdir, [golddir], inputs, only)
        summary = {"pct": result.accuracy, "ok": result.correct, "total": result.total,
                   "perfect": result.perfect, "forms": result.forms}
        report = {"misses": result.misses, "worst_fields": result.worst_fields(),
                  "by_format": {k: f"{ok}/{n}" for k, (ok, n) in sorted(result.by_format.items())}}
        return summary, report

    return _score
