"""Findings rules: each fires on a form made to trigger it and stays silent on a consistent form."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from extractor.findings import RULES, check_form
from extractor.findings.arithmetic import ExpressionError, calculations, evaluate
from extractor.findings.grades import DEFAULT_BANDS, grade_for, parse_bands
from extractor.findings.remarks import figures
from extractor.model import Form, Fund, Indicator
from tests.conftest import DATA, SAMPLES, SEED, run_cli

FINDINGS_DATA = DATA / "findings"
SUM_RULES = {"weight_sum", "score_sum", "level1_points"}

# synthetic form (tools/make_findings_forms.py) -> every finding it must raise, and nothing else:
# (rule, severity, row_index, expected, actual); expected is what the form's own parts give, actual what
# it states
EXPECTED = {
    "clean": set(),
    "weight_sum": {("weight_sum", "error", None, "100", "90")},
    "level1_points": {("level1_points", "warning", 2, "40", "45")},
    "score_exceeds_weight": {("score_exceeds_weight", "error", 3, "<= 20", "22")},
    "score_sum": {("score_sum", "error", None, "84", "85")},
    "grade_band": {("grade_band", "error", None, "良好", "优秀")},  # against the bands its 说明 prints
    "grade_band_own_bands": {("grade_band", "error", None, "优秀", "良好")},
    "execution_rate_mismatch": {("execution_rate_mismatch", "error", None, "95.00%", "96.00%")},
    "remark_arithmetic": {("remark_arithmetic", "warning", 0, "95.00%", "94.00%")},
    "remark_score_mismatch": {("remark_score_mismatch", "warning", 4, "25", "20")},
    "remark_score_mismatch_deduction": {("remark_score_mismatch", "warning", 2, "16", "15")},
    "summary_figure_mismatch": {("summary_figure_mismatch", "warning", 2, "25.00%", "30.00%")},
    "missing_field_project_name": {("missing_field", "error", None, "项目名称", None)},
    "missing_field_score": {("missing_field", "warning", 3, "自评分", None)},
}


def _key(row) -> tuple:
    def text(v):
        return None if v is None or pd.isna(v) else v

    row_index = None if pd.isna(row.row_index) else int(row.row_index)
    return (row.rule, row.severity, row_index, text(row.expected), text(row.actual))


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, set[tuple]]:
    out = tmp_path_factory.mktemp("findings")
    code, _ = run_cli("convert", str(FINDINGS_DATA), "--out", str(out))
    assert code == 0
    forms = pd.read_parquet(out / "forms.parquet")[["form_id", "source_path"]]
    findings = pd.read_parquet(out / "findings.parquet").merge(forms, on="form_id")
    by_file: dict[str, set[tuple]] = {Path(p).stem: set() for p in forms.source_path}
    for row in findings.itertuples():
        by_file[Path(row.source_path).stem].add(_key(row))
    return by_file


def test_every_synthetic_form_has_its_expectation() -> None:
    assert {p.stem for p in FINDINGS_DATA.glob("*.txt")} == set(EXPECTED)


def test_every_rule_has_a_form_that_triggers_it() -> None:
    triggered = {rule for found in EXPECTED.values() for rule, *_ in found}
    assert triggered == set(RULES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_synthetic_form_raises_exactly_its_findings(name: str, converted) -> None:
    assert converted[name] == EXPECTED[name]


def test_seed_findings(tmp_path: Path) -> None:
    code, _ = run_cli("convert", str(SEED), "--out", str(tmp_path))
    assert code == 0
    forms = pd.read_parquet(tmp_path / "forms.parquet")[["form_id", "form_index"]]
    found = pd.read_parquet(tmp_path / "findings.parquet").merge(forms, on="form_id")
    got = sorted((int(r.form_index), *_key(r)) for r in found.itertuples())
    gold = json.loads((DATA / "seed_findings.json").read_text(encoding="utf-8"))
    want = sorted((g["form_index"], g["rule"], g["severity"], g["row_index"], g["expected"], g["actual"])
                  for g in gold)
    assert got == want
    assert {i for i, rule, *_ in got if rule == "execution_rate_mismatch"} == {0, 1, 2, 3}
    assert (0, "remark_arithmetic", "warning", 12) in {g[:4] for g in got}
    assert not SUM_RULES & {rule for _, rule, *_ in got}


def _form(**fields) -> Form:
    base = dict(form_id="0123456789abcdef-0", source_path="x.txt", source_sha256="0123456789abcdef" * 4,
                source_format="txt", form_index=0, template="mof_self_eval", project_name="项目")
    return Form(**{**base, **fields})


def _indicator(i: int, weight: float, score: float, **fields) -> Indicator:
    return Indicator(form_id="0123456789abcdef-0", row_index=i, name=f"指标{i}", weight=weight, score=score,
                     **fields)


def test_national_form_totals_include_the_funds_block() -> None:
    form = _form(total_weight=100.0, total_score=95.0, funds_weight=10.0, funds_score=9.0,
                 budget_current_yuan=Decimal("100.00"))
    rows = [_indicator(0, 50.0, 46.0), _indicator(1, 40.0, 40.0)]
    assert check_form(form, rows, ()) == ()
    wrong = _form(total_weight=100.0, total_score=95.0, funds_weight=10.0, funds_score=9.0,
                  budget_current_yuan=Decimal("100.00"))
    rules = [f.rule for f in check_form(wrong, [_indicator(0, 50.0, 46.0), _indicator(1, 30.0, 30.0)], ())]
    assert rules == ["weight_sum", "score_sum"]


def test_funds_lines_execution_rate_and_score() -> None:
    form = _form(budget_current_yuan=Decimal("200.00"), budget_executed_yuan=Decimal("150.00"),
                 execution_rate_pct=75.0)
    funds = [Fund(form_id=form.form_id, line="年度资金总额", budget_current_yuan=Decimal("200.00"),
                  budget_executed_yuan=Decimal("150.00"), execution_rate_pct=75.0, weight=10.0, score=7.5),
             Fund(form_id=form.form_id, line="其中：当年财政拨款", budget_current_yuan=Decimal("100.00"),
                  budget_executed_yuan=Decimal("90.00"), execution_rate_pct=80.0, weight=10.0, score=11.0)]
    found = check_form(form, [], funds)
    assert [(f.rule, f.expected, f.actual) for f in found] == [
        ("score_exceeds_weight", "<= 10", "11"),
        ("execution_rate_mismatch", "90.00%", "80.00%")]
    assert "其中：当年财政拨款" in found[1].message


def test_a_rate_written_as_a_fraction_is_notation_not_a_mismatch() -> None:
    form = _form(budget_current_yuan=Decimal("2055983.00"), budget_executed_yuan=Decimal("2050000.00"),
                 execution_rate_pct=0.9971)
    assert check_form(form, [], ()) == ()


def test_over_execution_capped_at_100_is_not_a_finding() -> None:
    form = _form(budget_current_yuan=Decimal("100.00"), budget_executed_yuan=Decimal("104.00"),
                 execution_rate_pct=100.0)
    assert check_form(form, [], ()) == ()


@pytest.mark.parametrize(("notes", "score", "grade"), [
    ("90（含）-100分为优秀，75（含）-90分为良好，60（含）-75分为合格，0-60分为不合格", 90, "优秀"),
    ("90（含）-100分为优秀，75（含）-90分为良好，60（含）-75分为合格，0-60分为不合格", 89.5, "良好"),
    ("90（含）-100分为优秀，75（含）-90分为良好，60（含）-75分为合格，0-60分为不合格", 59, "不合格"),
    ("90分（含）以上为优秀，80（含）-90分为良好，60（含）-80分为中，60分以下为差", 80, "良好"),
    ("90分（含）以上为优秀，80（含）-90分为良好，60（含）-80分为中，60分以下为差", 59.9, "差"),
    ("90-100分（含）为优，80-90（含）分为良", 90, "良"),
])
def test_grade_bands_from_notes(notes: str, score: float, grade: str) -> None:
    bands = parse_bands(notes)
    assert bands
    assert grade_for(score, bands) == grade


def test_default_bands_when_none_printed() -> None:
    assert parse_bands("说明：1、依据本项目应实现的绩效目标进行绩效自评。") == ()
    assert [grade_for(s, DEFAULT_BANDS) for s in (100, 90, 75, 74.9, 0)] == ["优秀", "优秀", "良好", "合格", "不合格"]


@pytest.mark.parametrize(("text", "value"), [
    ("(12491995-10184705)/10184705*100%", Decimal(12491995 - 10184705) / Decimal(10184705)),
    ("1+2*3", Decimal(7)), ("-(2-5)/3", Decimal(1)), ("50%", Decimal("0.5")),
])
def test_evaluate(text: str, value: Decimal) -> None:
    assert evaluate(text)[0] == value


@pytest.mark.parametrize("text", ["__import__('os')", "2**3", "1/0", "(1+2", "1+", "a+1", ""])
def test_evaluate_rejects_what_is_not_arithmetic(text: str) -> None:
    with pytest.raises(ExpressionError):
        evaluate(text)


@pytest.mark.parametrize(("remark", "holds"), [
    ("增长率=(9014245-7849729)/7849729*100%=14.84%", [True]),  # 14.835: rounded half up
    ("增长率=(9014245-7849729)/7849729*100%=14.83%", [True]),  # truncated
    ("增长率=(9014245-7849729)/7849729*100%=14.82%", [False]),
    ("成本控制率=项目支出金额/项目预算金额*100=2050000/2055983*100%=99.71%", [True]),
    ("预算执行率=2050000/2055983*100=99.71%", [True]),  # percent written inconsistently: notation
    ("（920－729）/729×100％＝26.2％", [True]),  # full-width signs
    ("合计=1,200+800=2,000元", [True]),
    ("有责投诉发生数=0，满意度=100%", []),
])
def test_written_calculations(remark: str, holds: list[bool]) -> None:
    assert [c.holds() for c in calculations(remark)] == holds


def test_summary_figures_name_their_measure() -> None:
    assert figures("2019年远教平台访问量较2018年增长14.84%，基层党建中心满意度达96.22%") == [
        ("远教平台访问量增长", "14.84"), ("基层党建中心满意度", "96.22")]
    # a generic name is too short to say which measure it is
    assert figures("满意度达96%") == []


@pytest.mark.parametrize(("summary", "remark", "fires"), [
    ("学习时长较2018年增长22.65%。", "远教平台学习时长增长率=(12491995-10184705)/10184705*100%=22.57%", True),
    ("学习时长较2018年增长22.6%。", "远教平台学习时长增长率为22.57%", False),  # the same figure, rounded
    ("项目完成率达100%。", "子项目完成率为80%。", False),  # a shorter name does not stand for a longer one
    ("项目完成率达100%。", "项目完成率为80%。", True),
    ("用户满意度达95%。", "其中用户满意度为95%，专家满意度为90%。", False),
    ("用户投诉率较上年下降5%。", "用户投诉率为2%。", False),  # a change is not a level
])
def test_summary_figures_against_remarks(summary: str, remark: str, fires: bool) -> None:
    form = _form(template="sh_self_eval", budget_current_yuan=Decimal(1), main_achievements=summary)
    rows = [_indicator(0, 10.0, 10.0, remark=remark)]
    rules = [f.rule for f in check_form(form, rows, ()) if f.rule == "summary_figure_mismatch"]
    assert rules == (["summary_figure_mismatch"] if fires else [])


@pytest.mark.parametrize(("remark", "weight", "score", "fires"), [
    ("因此扣2分，该指标得6分。", 8.0, 6.0, False),
    ("因此扣2分。", 8.0, 6.0, False),
    ("因此扣2分。", 8.0, 7.0, True),
    ("材料不全扣1分，进度滞后扣1分。", 8.0, 6.0, False),
    ("共发现3处问题，每处扣1分，该指标得5分。", 8.0, 5.0, False),
    ("每处问题扣1分，共3处。", 8.0, 5.0, False),  # a scoring rule, not this row's deduction
    ("该指标得满分。", 8.0, 8.0, False),
    ("该指标得满分。", 8.0, 7.0, True),
    ("部分指标未得满分。", 8.0, 7.0, False),
    ("完成率达到100%可得满分，实际完成95%。", 8.0, 7.0, False),  # a scoring rule, not a conclusion
    ("按期完成得5分，每延迟一周扣1分，该项目延迟一周。", 5.0, 4.0, False),
    ("上年扣2分，今年已整改，该指标得满分。", 8.0, 8.0, False),  # reads both ways: no claim
    ("该指标得分为6分。", 8.0, 6.0, False),
    ("该指标得分为6分。", 8.0, 7.0, True),
    ("经核查，该指标得分：5.5", 8.0, 6.0, True),
])
def test_remark_score_phrases(remark: str, weight: float, score: float, fires: bool) -> None:
    form = _form(template="sh_self_eval", budget_current_yuan=Decimal(1))
    rows = [_indicator(0, weight, score, remark=remark)]
    rules = [f.rule for f in check_form(form, rows, ()) if f.rule == "remark_score_mismatch"]
    assert rules == (["remark_score_mismatch"] if fires else [])


def test_a_cut_off_form_is_not_blamed_for_the_rows_it_lost(tmp_path: Path) -> None:
    code, _ = run_cli("convert", str(DATA / "cases" / "truncated_mid_table.txt"), "--out", str(tmp_path))
    assert code == 0
    rules = pd.read_parquet(tmp_path / "findings.parquet").rule.tolist()
    assert rules == ["truncated", "execution_rate_mismatch"]  # no level1_points, grade_band on 3 rows


@pytest.mark.parametrize(("total", "stated", "fires"), [(92.0, "良", True), (92.0, "优", False),
                                                         (86.36, "良", False), (79.5, "中", False),
                                                         (59.0, "中", True)])
def test_national_grades_use_the_national_bands(total: float, stated: str, fires: bool) -> None:
    form = _form(total_weight=100.0, total_score=total, grade=stated, budget_current_yuan=Decimal(1))
    found = [f for f in check_form(form, [], ()) if f.rule == "grade_band"]
    assert len(found) == int(fires)
    if fires:
        assert "national bands" in found[0].message


def test_assumed_bands_give_a_warning_printed_bands_an_error() -> None:
    rows = [_indicator(0, 100.0, 84.0)]
    assumed = _form(template="sh_self_eval", total_weight=100.0, total_score=84.0, grade="优秀",
                    budget_current_yuan=Decimal(1))
    printed = _form(template="sh_self_eval", total_weight=100.0, total_score=84.0, grade="优秀",
                    budget_current_yuan=Decimal(1), notes="2、绩效等级说明：自评分合计90（含）-100分为优秀，75（含）-90分为良好")
    assert [(f.rule, f.severity) for f in check_form(assumed, rows, ())] == [("grade_band", "warning")]
    assert [(f.rule, f.severity) for f in check_form(printed, rows, ())] == [("grade_band", "error")]


def test_a_check_the_mapper_also_made_is_reported_once(tmp_path: Path) -> None:
    """The mapper sees the printed points not adding up while it assigns the labels; the finding is
    the rule's, made once over the final rows."""
    code, _ = run_cli("convert", str(FINDINGS_DATA / "level1_points.txt"), "--out", str(tmp_path / "out"))
    assert code == 0
    findings = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    assert findings.rule.tolist() == ["level1_points"]


def test_placeholder_rows_do_not_stop_the_sums() -> None:
    form = _form(total_weight=100.0, total_score=95.0, funds_weight=10.0, funds_score=9.0,
                 budget_current_yuan=Decimal("100.00"))
    placeholder = Indicator(form_id=form.form_id, row_index=2, name="指标2：")
    rows = [_indicator(0, 50.0, 46.0), _indicator(1, 30.0, 30.0), placeholder]
    assert [f.rule for f in check_form(form, rows, ())] == ["weight_sum", "score_sum"]


def test_level2_points_that_do_not_add_up_are_reported_by_the_mapper(tmp_path: Path) -> None:
    """二级指标 points are not a column, so the mapper reports them: expected is the rows' sum,
    actual the printed points, like every rule."""
    sample = (SAMPLES / "txt" / "mof_ministry_2021.txt").read_text(encoding="utf-8")
    assert sample.count("\t数量指标\t") == 1
    (tmp_path / "form.txt").write_text(sample.replace("\t数量指标\t", "\t数量指标（25分）\t"), encoding="utf-8")
    code, _ = run_cli("convert", str(tmp_path / "form.txt"), "--out", str(tmp_path / "out"))
    assert code == 0
    findings = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    found = findings[findings.rule == "level2_points"]
    assert found[["severity", "expected", "actual"]].values.tolist() == [["warning", "20", "25"]]
    assert found.message.tolist() == ["数量指标: printed 25 points, its rows' weights add up to 20"]
    indicators = pd.read_parquet(tmp_path / "out" / "indicators.parquet")
    assert indicators.level2.head(2).tolist() == ["数量指标", "数量指标"]
