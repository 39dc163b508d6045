"""The national-form samples (samples/*/mof_*), in every format selfeval reads, match their golden output."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import parsers
from tests.conftest import EXPECTED, SAMPLES, run_cli

FORMATS = ("txt", "docx", "html", "xlsx")
NAMES = sorted(p.stem for p in EXPECTED.glob("mof_*.json"))


def _inputs(fmt: str, tmp_path: Path) -> Path:
    if parsers.format_for(f".{fmt}") is None:
        pytest.skip(f"no {fmt} parser in this branch yet")
    folder = tmp_path / "in"
    folder.mkdir()
    for name in NAMES:
        shutil.copy(SAMPLES / fmt / f"{name}.{fmt}", folder)
    return folder


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_mof_sample_is_perfect(fmt: str, score, tmp_path: Path) -> None:
    folder = _inputs(fmt, tmp_path)
    code, out = run_cli("convert", str(folder), "--out", str(tmp_path / "out"))
    assert code == 0, out
    summary, report = score(tmp_path / "out", EXPECTED, folder)
    assert report["misses"] == []
    n_forms = sum(len(json.loads((EXPECTED / f"{n}.json").read_text(encoding="utf-8"))["forms"]) for n in NAMES)
    assert (summary["ok"], summary["perfect"], summary["forms"]) == (summary["total"], n_forms, n_forms)


@pytest.mark.parametrize("fmt", FORMATS)
def test_funds_table_holds_every_line_in_exact_yuan(fmt: str, tmp_path: Path) -> None:
    folder = _inputs(fmt, tmp_path)
    assert run_cli("convert", str(folder / f"mof_ministry_2021.{fmt}"), "--out", str(tmp_path / "out"))[0] == 0
    funds = pd.read_parquet(tmp_path / "out" / "funds.parquet")
    assert list(funds["line"]) == ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    # 1,198.3462 万元, converted with decimal arithmetic
    assert funds["budget_executed_yuan"][0] == Decimal("11983462.00")
    forms = pd.read_parquet(tmp_path / "out" / "forms.parquet")
    assert forms["budget_current_yuan"][0] == Decimal("12365000.00")
    assert (forms["template"] == "mof_self_eval").all()


def test_extra_fund_lines_and_no_initial_column(tmp_path: Path) -> None:
    folder = _inputs("txt", tmp_path)
    assert run_cli("convert", str(folder / "mof_province_2022.txt"), "--out", str(tmp_path / "out"))[0] == 0
    funds = pd.read_parquet(tmp_path / "out" / "funds.parquet")
    assert list(funds["line"])[-2:] == ["财政专户管理资金", "单位资金"]
    assert funds["budget_initial_yuan"].isna().all()


def test_a_table_of_neither_template_names_the_cells_it_saw(tmp_path: Path) -> None:
    src = tmp_path / "other.txt"
    src.write_text("部门预算公开表\n序号\t科目编码\t科目名称\t金额\n1\t2010301\t行政运行\t120.5\n", encoding="utf-8")
    code, _out = run_cli("convert", str(src), "--out", str(tmp_path / "out"))
    assert code == 1
    files = pd.read_parquet(tmp_path / "out" / "files.parquet")
    error = files["error"][0]
    assert files["status"][0] == "failed" and error.startswith("no known form found")
    assert "科目编码" in error and "科目名称" in error


def test_one_file_holding_both_templates(tmp_path: Path) -> None:
    both = tmp_path / "both.txt"
    both.write_text((SAMPLES / "txt" / "000_fbae7522b0b69a6d.txt").read_text(encoding="utf-8") + "\n"
                    + (SAMPLES / "txt" / "mof_ministry_2021.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert run_cli("convert", str(both), "--out", str(tmp_path / "out"))[0] == 0
    forms = pd.read_parquet(tmp_path / "out" / "forms.parquet")
    assert list(forms["template"]) == ["sh_self_eval"] * 4 + ["mof_self_eval"]
    assert forms["project_name"].iloc[-1] == "水文监测站网运行维护"


def test_a_form_whose_sums_disagree_gets_findings(tmp_path: Path) -> None:
    text = (SAMPLES / "txt" / "mof_ministry_2021.txt").read_text(encoding="utf-8")
    bad = tmp_path / "bad_sums.txt"
    bad.write_text(text.replace("\t100\t97.69\t", "\t100\t96.5\t").replace("\t96.91%\t", "\t99.91%\t"),
                   encoding="utf-8")
    assert run_cli("convert", str(bad), "--out", str(tmp_path / "out"))[0] == 0
    findings = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    assert set(findings["rule"]) == {"score_sum", "execution_rate_mismatch"}
    forms = pd.read_parquet(tmp_path / "out" / "forms.parquet")
    assert (forms["total_score"][0], forms["execution_rate_pct"][0]) == (96.5, 99.91)  # kept as printed


def test_a_target_declaration_form_is_no_known_form(tmp_path: Path) -> None:
    """A 绩效目标申报表 has 项目名称 and a 三级指标 table, but no 分值 / 得分: it is not a self-evaluation."""
    src = tmp_path / "declaration.txt"
    src.write_text("项目名称\t高标准农田建设\t\t\n主管部门\t某县农业农村局\t实施单位\t某县农田中心\n"
                   "项目资金（万元）\t年度资金总额\t100\t\n一级指标\t二级指标\t三级指标\t指标值\n"
                   "产出指标\t数量指标\t新建面积\t≥1万亩\n", encoding="utf-8")
    assert run_cli("convert", str(src), "--out", str(tmp_path / "out"))[0] == 1
    error = pd.read_parquet(tmp_path / "out" / "files.parquet")["error"][0]
    assert error.startswith("no known form found")
    assert "'一级指标'、'二级指标'、'三级指标'、'指标值'" in error
