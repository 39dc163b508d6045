"""Real published forms (../shared/real): their renderings in every format, scored against the
hand-checked gold.  The floors are what the tool reaches today; issue 11 aims at 99.5% and 90%
of forms perfect in every format.  The set lives beside the repository, not in it: without it
these tests skip, saying so."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from extractor.check import compare
from tests.conftest import SHARED, run_cli

REAL = SHARED / "real"
pytestmark = pytest.mark.skipif(not (REAL / "gold").is_dir(), reason=f"{REAL} (the real-forms set) is absent")

# format -> (least field accuracy %, least forms perfect of 36)
FLOORS = {
    "docx": (99.8, 35),
    "html": (99.8, 35),
    "xlsx": (99.8, 35),
    "pdf": (99.8, 35),
    "txt": (99.8, 34),
}


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for fmt in FLOORS:
        target = tmp_path_factory.mktemp(f"real_{fmt}")
        run_cli("convert", str(REAL / "inputs" / fmt), "--out", str(target), "-j", "2")
        out[fmt] = target
    return out


@pytest.mark.parametrize("fmt", sorted(FLOORS))
def test_real_forms_score_at_least_their_floor(converted: dict[str, Path], fmt: str) -> None:
    result = compare(converted[fmt], [REAL / "gold"], REAL / "inputs" / fmt)
    accuracy, perfect = FLOORS[fmt]
    assert result.forms == 36
    assert result.accuracy >= accuracy, (result.accuracy, result.worst_fields(8))
    assert result.perfect >= perfect, (result.perfect, result.worst_fields(8))


@pytest.mark.parametrize("fmt", sorted(FLOORS))
def test_every_real_form_file_is_read(converted: dict[str, Path], fmt: str) -> None:
    files = pd.read_parquet(converted[fmt] / "files.parquet")
    assert len(files) == 36
    assert (files.status == "ok").all(), files[files.status != "ok"][["source_path", "error"]].to_string()


@pytest.mark.parametrize("fmt", sorted(FLOORS))
def test_real_forms_get_their_templates(converted: dict[str, Path], fmt: str) -> None:
    forms = pd.read_parquet(converted[fmt] / "forms.parquet")
    dept = forms[forms.source_path.str.match(r"real0[26]\.")]
    assert set(dept.template) == {"dept_self_eval"}
    assert dept.project_name.isna().all() and dept.budget_unit.notna().all()
    assert set(forms.template) <= {"dept_self_eval", "mof_self_eval"}
