"""One regression sample of our own per family of real published forms (issue 11).

tests/data/families/NAME.{html,txt,docx,xlsx} copies the layout of one family of ../shared/real (the gold's
x_grid) with content of its own; tools/make_family_samples.py writes them.  The expected output,
expected/NAME.json, is written from what the form says (the gold conventions of
../shared/real/README.md), not from what the tool outputs.  A case the tool gets wrong today is
xfail(strict): it fails the day it starts passing, so the mark comes off with the fix.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from extractor.check import compare
from tests.conftest import DATA, run_cli

FAMILIES = DATA / "families"
EXPECTED = FAMILIES / "expected"
SAMPLES = sorted(p.name for p in FAMILIES.iterdir() if p.is_file())

_PIPES = ("text with ' | ' between cells where the web page dropped the cells its merges covered: "
          "rows whose 一级/二级 label cells were merged away are not all put back on the grid (values "
          "shift a column, or the rows are left out)")
_PIPES_WRONG = ("funds_by_source_one_row", "older_framework", "split_target_and_closing",
                "titles_in_other_words", "unfilled_form")
WRONG_TODAY = {
    **{f"{name}.v1.txt": _PIPES for name in _PIPES_WRONG},
    "funds_by_source_one_row.v2.txt": "the side label 项目/绩效/85分 wrapped over three lines is taken for "
                                      "the 一级 column (level1 绩效, level1_points 85) and the wrapped "
                                      "二级/一级 labels (产出指标 / 40分) become names: every 项目绩效 row "
                                      "wrong, one extra row; with the funds header wrapped over two "
                                      "lines (中央 / （万元）) budget_current, budget_executed and "
                                      "execution_rate are null",
}


def _case(name: str) -> object:
    reason = WRONG_TODAY.get(name)
    return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason)) if reason else name


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The family samples converted together, as `selfeval convert` would convert a folder."""
    root = tmp_path_factory.mktemp("families")
    inputs = root / "in"
    inputs.mkdir()
    for name in SAMPLES:
        shutil.copy(FAMILIES / name, inputs / name)
    code, _ = run_cli("convert", str(inputs), "--out", str(root / "out"))
    assert code in (0, 1)
    return root


def test_every_sample_has_expected_output() -> None:
    stems = {name.split(".")[0] for name in SAMPLES}
    assert stems == {p.stem for p in EXPECTED.glob("*.json")}


@pytest.mark.parametrize("name", [_case(name) for name in SAMPLES])
def test_family_sample_matches_expected(name: str, converted: Path) -> None:
    result = compare(converted / "out", [EXPECTED], converted / "in", only="^" + name.replace(".", r"\.") + "$")
    wrong = [f"{m['where']} {m['field']}: expected {m['gold']!r}, got {m['pred']!r}" for m in result.misses]
    assert result.total > 0 and wrong == [] and result.all_match


NOT_WHOLE_TODAY: dict[str, str] = {}


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=NOT_WHOLE_TODAY[name]))
    if name in NOT_WHOLE_TODAY else name for name in SAMPLES])
def test_family_sample_converts_whole(name: str, converted: Path) -> None:
    """No failed or partial files row, no internal error in files or in the form's findings."""
    files = pd.read_parquet(converted / "out" / "files.parquet")
    row = files[files["source_path"].map(lambda p: Path(str(p)).name) == name]
    assert len(row) == 1
    assert row.iloc[0]["status"] == "ok", row.iloc[0].to_dict()
    forms = pd.read_parquet(converted / "out" / "forms.parquet")
    ids = set(forms[forms["source_path"].map(lambda p: Path(str(p)).name) == name]["form_id"])
    findings = pd.read_parquet(converted / "out" / "findings.parquet")
    text = row.astype(str).to_string() + findings[findings["form_id"].isin(ids)].astype(str).to_string()
    assert "internal error" not in text
