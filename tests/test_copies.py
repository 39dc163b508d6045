"""A form filed several times is one population unit: duplicate_form names the copies, sample counts and
draws it once; and the auditor's workbook (drop-down, print setup, whole-number year, readable rows)."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from extractor.findings.duplicates import DUPLICATE_FORM, copy_groups, duplicate_findings
from extractor.workbook import REVIEW, REVIEW_CHOICES
from tests.conftest import SAMPLES, SEED, run_cli


@pytest.fixture(scope="module")
def filed_twice(tmp_path_factory) -> Path:
    """The seed's four forms as TXT and as DOCX, and one national form (2023): 9 forms, 5 distinct."""
    base = tmp_path_factory.mktemp("copies")
    (base / "in").mkdir()
    for path in (SEED / "000_fbae7522b0b69a6d.txt", SAMPLES / "docx" / "000_fbae7522b0b69a6d.docx",
                 SAMPLES / "txt" / "mof_county_2023.txt"):
        shutil.copy(path, base / "in" / path.name)
    assert run_cli("convert", str(base / "in"), "--out", str(base / "out"))[0] == 0
    return base / "out"


def _forms(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame([{"form_id": f"{i:016x}-0", "source_path": path, "form_index": 0, "project_name": p,
                          "budget_unit": u, "fiscal_year": y} for i, (path, p, u, y) in enumerate(rows)])


def test_copies_are_the_same_project_unit_and_year() -> None:
    forms = _forms([("b.docx", "甲项目", "乙单位", 2022), ("a.txt", "甲 项目", "乙单位", 2022.0),
                    ("c.pdf", "甲项目", "乙单位", 2023), ("d.txt", None, "乙单位", 2022), ("e.txt", None, "乙单位", 2022),
                    ("f.html", "甲项目（一期）", "乙单位", None), ("g.xlsx", "甲项目(一期)", "乙单位", None)])
    first = copy_groups(forms)
    assert first.tolist() == [forms.form_id[1], forms.form_id[1], forms.form_id[2], forms.form_id[3],
                              forms.form_id[4], forms.form_id[5], forms.form_id[5]]


def test_each_copy_names_the_others(filed_twice: Path) -> None:
    found = duplicate_findings(pd.read_parquet(filed_twice / "forms.parquet"))
    assert len(found) == 8 and set(found.rule) == {DUPLICATE_FORM} and set(found.severity) == {"info"}
    message = found.message[found.message.str.contains("counted once, as 000_fbae7522b0b69a6d.docx form 2")].tolist()
    assert len(message) == 2
    assert "filed 2 times" in message[0] and "the other copies: 000_fbae7522b0b69a6d.txt form 2" in message[0]
    assert set(found.expected) == {"1"} and set(found.actual) == {"2"}


def test_sample_counts_and_draws_a_copied_form_once(filed_twice: Path, tmp_path: Path) -> None:
    code, text = run_cli("sample", str(filed_twice), "--n", "20", "--seed", "1", "--method", "random",
                         "--to", str(tmp_path))
    assert code == 0
    assert text.splitlines() == [
        f"5 of 5 forms (9 filed, copies counted once) drawn (random, seed 1) -> {tmp_path / 'sample.parquet'}, "
        f"{tmp_path / 'sample.xlsx'}",
        "note: --n 20 is more than the 5 forms of the population: 5 drawn, no form twice"]
    drawn = pd.read_parquet(tmp_path / "sample.parquet")
    assert drawn.project_name.is_unique and sorted(drawn.copies) == [1, 2, 2, 2, 2]
    design = dict(openpyxl.load_workbook(tmp_path / "sample.xlsx")["Design"].iter_rows(min_row=2, values_only=True))
    assert design["population (forms)"] == "5" and design["note"] == "n requested (20) is more than the population (5 forms)"
    assert design["filings in the output (copies of one form counted once)"] == "9"


def test_mus_counts_a_copied_budget_once(filed_twice: Path, tmp_path: Path) -> None:
    assert run_cli("sample", str(filed_twice), "--n", "2", "--seed", "1", "--method", "mus", "--to", str(tmp_path))[0] == 0
    forms = pd.read_parquet(filed_twice / "forms.parquet")
    seed_once = sum(forms.budget_current_yuan[forms.source_path.str.endswith(".txt") & (forms.template == "sh_self_eval")])
    design = dict(openpyxl.load_workbook(tmp_path / "sample.xlsx")["Design"].iter_rows(min_row=2, values_only=True))
    # the national form's 15.6 million is taken with certainty; the seed's four budgets, each counted once, remain
    assert design["forms taken with certainty"] == "1"
    assert design["sampling interval (yuan)"] == f"{seed_once:,.2f}" == "6,942,023.00"


@pytest.fixture(scope="module")
def workbook(filed_twice: Path, tmp_path_factory) -> openpyxl.Workbook:
    to = tmp_path_factory.mktemp("wb")
    assert run_cli("sample", str(filed_twice), "--n", "5", "--seed", "2", "--method", "random", "--to", str(to))[0] == 0
    return openpyxl.load_workbook(to / "sample.xlsx")


@pytest.mark.parametrize("sheet", ["Sample", "Findings"])
def test_review_column_has_a_drop_down(workbook, sheet: str) -> None:
    ws = workbook[sheet]
    column = [c.value for c in ws[1]].index(REVIEW) + 1
    letter = ws.cell(row=1, column=column).column_letter
    [rule] = ws.data_validations.dataValidation
    assert rule.type == "list" and rule.formula1 == '"' + ",".join(REVIEW_CHOICES) + '"'
    assert REVIEW_CHOICES == ("无异议", "有异议", "需补充资料")
    assert str(rule.sqref) == f"{letter}2:{letter}{ws.max_row}"


@pytest.mark.parametrize("sheet", ["Sample", "Findings", "Indicators", "Design"])
def test_every_sheet_prints_landscape_fitted_with_its_header_repeated(workbook, sheet: str) -> None:
    ws = workbook[sheet]
    assert ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage) == \
        (1, 0, True)
    assert ws.print_title_rows == "$1:$1"


def test_year_is_a_whole_number_and_forms_count_from_1(workbook) -> None:
    ws = workbook["Sample"]
    headers = [c.value for c in ws[1]]
    years = [ws.cell(row=r, column=headers.index("年度 year") + 1).value for r in range(2, ws.max_row + 1)]
    assert 2023 in years and all(y is None or type(y) is int for y in years)
    numbers = [ws.cell(row=r, column=headers.index("form # in file (from 1)") + 1).value for r in range(2, ws.max_row + 1)]
    assert min(numbers) == 1 and max(numbers) == 4


def test_wrapped_rows_are_tall_enough(workbook) -> None:
    ws = workbook["Findings"]
    column = [c.value for c in ws[1]].index("message") + 1
    for row in range(2, ws.max_row + 1):
        text = ws.cell(row=row, column=column).value
        lines = -(-sum(2 if ord(ch) > 0x2E7F else 1 for ch in text) // 59)  # the message column is 60 wide
        assert (ws.row_dimensions[row].height or 15) >= 15 * lines, (row, text)
