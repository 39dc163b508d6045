"""Audit samples: each design checked statistically over many seeds, and the sample command's files."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from extractor.sampling import allocate, draw
from tests.conftest import run_cli

RUNS = 2000


def _forms(amounts: list[int], grades: list[str] | None = None) -> pd.DataFrame:
    n = len(amounts)
    return pd.DataFrame({
        "form_id": [f"{i:016x}-0" for i in range(n)],
        "budget_current_yuan": [Decimal(a) if a is not None else None for a in amounts],
        "grade": grades or ["优秀"] * n,
    })


NO_FINDINGS = pd.DataFrame({"form_id": pd.Series([], dtype=str), "rule": pd.Series([], dtype=str),
                            "severity": pd.Series([], dtype=str)})


def _frequencies(forms, findings, n, method, by=None) -> Counter:
    hits: Counter = Counter()
    for seed in range(RUNS):
        hits.update(draw(forms, findings, n, seed, method, by).picks)
    return hits


def _close(observed: int, p: float) -> bool:
    """Within 4.5 standard deviations of the binomial mean over RUNS draws."""
    sd = (RUNS * p * (1 - p)) ** 0.5
    return abs(observed - RUNS * p) <= 4.5 * sd + 1e-9


@pytest.mark.parametrize("method", ["random", "stratified", "risk", "mus"])
def test_same_seed_same_sample_and_no_repeats(method: str) -> None:
    forms = _forms([100, 2000, 300, 4000, 50, 600, 7000, 80], ["优秀", "良好"] * 4)
    by = "grade" if method == "stratified" else None
    first = draw(forms, NO_FINDINGS, 4, 11, method, by)
    assert first.picks == draw(forms, NO_FINDINGS, 4, 11, method, by).picks
    assert first.reasons == draw(forms, NO_FINDINGS, 4, 11, method, by).reasons
    assert len(set(first.picks)) == len(first.picks) == 4
    assert any(draw(forms, NO_FINDINGS, 4, s, method, by).picks != first.picks for s in range(12, 20))


def test_random_is_uniform_without_replacement() -> None:
    forms = _forms([1] * 10)
    hits = _frequencies(forms, NO_FINDINGS, 3, "random")
    assert all(_close(hits[i], 0.3) for i in range(10)), hits


def test_mus_inclusion_is_proportional_to_amount() -> None:
    amounts = [5000, 100, 250, 400, 800, 1200, 1500, 60, 900, 1790]  # total 12000
    forms = _forms(amounts)
    n = 4
    hits = _frequencies(forms, NO_FINDINGS, n, "mus")
    assert hits[0] == RUNS  # 5000 >= 12000/4: taken with certainty
    interval = (sum(amounts) - 5000) / (n - 1)  # the other 3 units over the rest: 7000/3
    for i, amount in enumerate(amounts[1:], start=1):
        assert _close(hits[i], amount / interval), (i, hits[i], RUNS * amount / interval)


def test_mus_takes_every_form_above_the_interval_and_skips_blank_amounts() -> None:
    forms = _forms([10_000, 9_000, 100, 200, 300, None, 0])
    sample = draw(forms, NO_FINDINGS, 3, 5, "mus")
    assert {0, 1} <= set(sample.picks) and len(sample.picks) == 3
    assert not {5, 6} & set(sample.picks)
    assert sample.design["forms without a positive amount (not sampled)"] == "2"
    assert "taken with certainty" in sample.reasons[0]


@pytest.mark.parametrize(("sizes", "n", "want"), [
    ({"a": 50, "b": 30, "c": 15, "d": 5}, 10, {"a": 5, "b": 3, "c": 1, "d": 1}),
    ({"a": 50, "b": 30, "c": 15, "d": 5}, 20, {"a": 10, "b": 6, "c": 3, "d": 1}),
    ({"a": 98, "b": 1, "c": 1}, 3, {"a": 1, "b": 1, "c": 1}),
    ({"a": 98, "b": 1, "c": 1}, 2, {"a": 1, "b": 1, "c": 1}),  # one per stratum beats n
    ({"a": 2, "b": 2}, 10, {"a": 2, "b": 2}),  # never more than a stratum holds
])
def test_proportional_allocation(sizes: dict[str, int], n: int, want: dict[str, int]) -> None:
    assert allocate(sizes, n) == want


def test_stratified_draws_within_each_stratum_uniformly() -> None:
    grades = ["优秀"] * 6 + ["良好"] * 3 + ["合格"]
    forms = _forms([1] * 10, grades)
    hits = _frequencies(forms, NO_FINDINGS, 5, "stratified", "grade")
    alloc = allocate({"优秀": 6, "良好": 3, "合格": 1}, 5)
    for i, g in enumerate(grades):
        assert _close(hits[i], alloc[g] / grades.count(g)), (g, hits[i])


def test_risk_draws_proportional_to_severity_weighted_score() -> None:
    forms = _forms([1] * 4)
    findings = pd.DataFrame({"form_id": [forms.form_id[1]] * 2 + [forms.form_id[2]],
                             "rule": ["score_sum", "remark_arithmetic", "execution_rate_mismatch"],
                             "severity": ["error", "warning", "warning"]})
    weights = [1, 1 + 10 + 3, 1 + 3, 1]  # risk score + 1
    hits = _frequencies(forms, findings, 1, "risk")
    for i, w in enumerate(weights):
        assert _close(hits[i], w / sum(weights)), (i, hits[i])


@pytest.fixture(scope="module")
def seed_output(tmp_path_factory) -> Path:
    seed = Path(__file__).resolve().parent.parent / "samples" / "txt" / "000_fbae7522b0b69a6d.txt"
    out = tmp_path_factory.mktemp("seed_out")
    assert run_cli("convert", str(seed), "--out", str(out))[0] == 0  # four forms, one budget unit
    return out


@pytest.mark.parametrize(("method", "by"), [("random", None), ("stratified", "budget_unit"), ("risk", None),
                                            ("mus", None)])
def test_sample_command_writes_parquet_and_workbook(seed_output: Path, tmp_path: Path, method, by) -> None:
    argv = ["sample", str(seed_output), "--n", "2", "--seed", "3", "--method", method, "--to", str(tmp_path / "a")]
    argv += ["--by", by] if by else []
    assert run_cli(*argv)[0] == 0
    again = [*argv[:-1 - (2 if by else 0)], str(tmp_path / "b"), *(["--by", by] if by else [])]
    assert run_cli(*again)[0] == 0
    first = pd.read_parquet(tmp_path / "a" / "sample.parquet")
    assert first.equals(pd.read_parquet(tmp_path / "b" / "sample.parquet"))
    assert len(first) == 2 and first.selection_reason.notna().all()
    forms = pd.read_parquet(seed_output / "forms.parquet")
    assert set(forms.columns) <= set(first.columns)
    wb = openpyxl.load_workbook(tmp_path / "a" / "sample.xlsx")
    assert wb.sheetnames == ["Sample", "Findings", "Indicators", "Design"]
    sheet = wb["Sample"]
    headers = [c.value for c in sheet[1]]
    review = headers.index("复核结论 (reviewer's conclusion)") + 1
    assert sheet.freeze_panes == "A2" and sheet.max_row == 3
    assert [sheet.cell(row=r, column=review).value for r in (2, 3)] == [None, None]
    assert sheet.cell(row=2, column=headers.index("why selected") + 1).value == first.selection_reason[0]
    ids = set(first.form_id)
    n_findings = int(pd.read_parquet(seed_output / "findings.parquet").form_id.isin(ids).sum())
    assert wb["Findings"].max_row == 1 + n_findings
    assert wb["Design"]["B2"].value == method


@pytest.mark.parametrize("argv", [
    ["--method", "stratified"],  # no --by
    ["--method", "random", "--by", "grade"],
    ["--method", "random", "--n", "0"],
])
def test_sample_usage_errors(seed_output: Path, tmp_path: Path, argv: list[str]) -> None:
    base = {"--n": "2", "--seed": "1", "--to": str(tmp_path)}
    for i in range(0, len(argv), 2):
        base[argv[i]] = argv[i + 1]
    flat = [x for kv in base.items() for x in kv]
    assert run_cli("sample", str(seed_output), *flat)[0] == 2


def test_sample_of_a_folder_that_is_not_an_output(tmp_path: Path) -> None:
    assert run_cli("sample", str(tmp_path), "--n", "1", "--seed", "1", "--method", "random",
                   "--to", str(tmp_path / "s"))[0] == 2
