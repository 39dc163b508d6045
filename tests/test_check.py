"""`selfeval check`: the seed's conversion matches its expected forms; a damaged output is reported as such."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from extractor.check import compare, same, stem_of
from tests.conftest import EXPECTED, SEED, run_cli

SEED_GOLD = EXPECTED / "000_fbae7522b0b69a6d.json"


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "out"
    assert run_cli("convert", str(SEED), "--out", str(out))[0] == 0
    return out


def _damaged(seed_out: Path, tmp_path: Path) -> Path:
    """A copy of the seed's output with one form value wrong, one nulled and one indicator score off."""
    out = tmp_path / "damaged"
    shutil.copytree(seed_out, out)
    forms = pd.read_parquet(out / "forms.parquet")
    forms.loc[forms.form_index == 0, "project_name"] = "另一个项目"
    forms.loc[forms.form_index == 1, "budget_current_yuan"] = None
    inds = pd.read_parquet(out / "indicators.parquet")
    inds.loc[inds.index[0], "score"] = inds.loc[inds.index[0], "score"] - 1
    for name, frame in (("forms", forms), ("indicators", inds)):
        shutil.rmtree(out / f"{name}.parquet")
        frame.to_parquet(out / f"{name}.parquet", index=False)
    return out


def test_seed_matches_and_exits_0(seed_out: Path) -> None:
    code, text = run_cli("check", str(seed_out), str(SEED_GOLD))
    lines = text.splitlines()
    assert code == 0, text
    assert lines[1:4] == ["accuracy 100.00% (910/910 fields)", "forms perfect 4/4",
                          "precision 100.00% (631 fields filled): 0 wrong values, 0 nulls where a value was expected"]
    assert lines[-1] == "everything matches"


def test_damaged_output_is_reported_and_exits_1(seed_out: Path, tmp_path: Path) -> None:
    code, text = run_cli("check", str(_damaged(seed_out, tmp_path)), str(SEED_GOLD))
    assert code == 1
    assert "accuracy 99.67% (907/910 fields)" in text and "forms perfect 2/4" in text
    assert "630 fields filled): 2 wrong values, 1 nulls where a value was expected" in text
    for field in ("form.project_name: 3/4", "form.budget_current_yuan: 3/4", "ind.score: 80/81"):
        assert f"  {field}" in text
    assert "000_fbae7522b0b69a6d.txt#1 form.budget_current_yuan: expected 1636360.0, got None" in text
    assert "#0 form.project_name: expected '上海党员干部现代远程教育网络体系建设项目(运维)', got '另一个项目'" in text
    assert text.splitlines()[-1] == "MISMATCH"


def test_expected_form_without_output_is_a_mismatch(seed_out: Path) -> None:
    result = compare(seed_out, [EXPECTED])
    assert result.correct == result.total == 910
    assert not result.all_match and "mof_county_2023" in result.expected_without_output


def test_a_missing_document_gets_every_value_wrong(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = compare(empty, [SEED_GOLD], inputs=SEED)
    assert (result.documents, result.forms, result.perfect, result.total) == (1, 4, 0, 910)
    assert (result.correct, result.nulls, result.emitted) == (910 - 631, 631, 0)  # only the expected nulls match


@pytest.mark.parametrize(("expected", "actual", "ok"), [
    (2055983.0, Decimal("2055983.00"), True), (2055983.0, Decimal("2055983.01"), False),
    (98, 98.004, True), (None, None, True), (None, float("nan"), True), (None, "x", False),
    ("产出 指标", "产出指标", True), ("ＡＢ", "AB", True), ("<b>甲</b>", "甲", True), (5, None, False),
    (5, "五", False),
])
def test_field_rules(expected: object, actual: object, ok: bool) -> None:
    assert same(expected, actual) is ok


def test_file_names_map_to_their_expected_file() -> None:
    assert [stem_of(p) for p in ("a/b/x.v2.pdf", "x.txt", "x.y.docx")] == ["x", "x", "x.y"]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli("check", str(tmp_path / "nowhere"), str(EXPECTED))[0] == 2
    assert run_cli("check", str(tmp_path), str(tmp_path / "nowhere.json"))[0] == 2

