"""National forms as text copied out of a PDF viewer (cells joined by spaces, blanks gone, or read
out of order): every value emitted is right, what cannot be settled stays null with a finding."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

from tests.conftest import DATA, EXPECTED, run_cli

FLAT = DATA / "flat"


def test_every_value_read_from_flat_text_is_right(score, tmp_path: Path) -> None:
    code, _ = run_cli("convert", str(FLAT), "--out", str(tmp_path / "out"))
    assert code == 0
    summary, report = score(tmp_path / "out", EXPECTED, FLAT)
    assert summary["ok"] > 0
    wrong = [m for m in report["misses"] if m["pred"] is not None and m["field"] != "ind.extra_rows"]
    assert wrong == []
    findings = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    forms = pd.read_parquet(tmp_path / "out" / "forms.parquet")
    assert set(findings["form_id"]) >= set(forms["form_id"])  # every form says it was read partially
    assert (findings["rule"] == "flat_text").sum() == len(forms)


def test_in_order_flat_text_gives_its_header_and_funds(tmp_path: Path) -> None:
    assert run_cli("convert", str(FLAT / "mof_ministry_2021.txt"), "--out", str(tmp_path / "out"))[0] == 0
    form = pd.read_parquet(tmp_path / "out" / "forms.parquet").iloc[0]
    assert (form["project_name"], form["competent_dept"], form["budget_unit"]) == (
        "水文监测站网运行维护", "水利部", "水利部信息中心")
    assert (form["budget_executed_yuan"], form["execution_rate_pct"]) == (Decimal("11983462.00"), 96.91)
    assert (form["total_weight"], form["total_score"]) == (100, 97.69)
    funds = pd.read_parquet(tmp_path / "out" / "funds.parquet")
    assert list(funds["line"]) == ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]


def test_out_of_order_flat_text_emits_no_funds(tmp_path: Path) -> None:
    assert run_cli("convert", str(FLAT / "mof_ministry_2021.v2.txt"), "--out", str(tmp_path / "out"))[0] == 0
    assert pd.read_parquet(tmp_path / "out" / "funds.parquet").empty
    form = pd.read_parquet(tmp_path / "out" / "forms.parquet").iloc[0]
    assert pd.isna(form["budget_current_yuan"]) and pd.isna(form["project_name"])
