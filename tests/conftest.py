"""Shared test fixtures: running the CLI, and scoring output against golden JSON with score.py."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from extractor.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = ROOT / "tests" / "golden"  # golden expected output of every sample: NAME.json for samples/*/NAME[.vN].EXT
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
SCORE_LINE = re.compile(r"accuracy (?P<pct>[\d.]+)% \((?P<ok>\d+)/(?P<total>\d+) fields\) "
                        r"perfect_forms (?P<perfect>\d+)/(?P<forms>\d+)")


def _require_shared() -> Path:
    if not (SHARED / "tools" / "score.py").exists():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED} is missing: CI must have shared/ beside the clone")
        pytest.skip(f"{SHARED} (the project's shared folder) is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def shared() -> Path:
    return _require_shared()


@pytest.fixture(scope="session")
def score_tool(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(list(argv))
    return code, out.getvalue()


@pytest.fixture
def score(score_tool, tmp_path):
    """score(outdir, golddir, inputs, only=None) -> (summary dict, report dict) from score.py."""

    def _score(outdir: Path, golddir: Path, inputs: Path | None = None, only: str | None = None):
        report_path = tmp_path / f"score-{len(list(tmp_path.glob('score-*')))}.json"
        argv = [str(outdir), str(golddir), "--json", str(report_path)]
        if inputs is not None:
            argv += ["--inputs", str(inputs)]
        if only:
            argv += ["--only", only]
        out = io.StringIO()
        with redirect_stdout(out):
            score_tool.main(argv)
        m = SCORE_LINE.search(out.getvalue())
        assert m, out.getvalue()
        summary = {k: float(v) if k == "pct" else int(v) for k, v in m.groupdict().items()}
        return summary, json.loads(report_path.read_text(encoding="utf-8"))

    return _score
