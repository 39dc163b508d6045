"""Bad input gets a specific error in `files`, never stops the batch, never loses another file's rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import DATA, SAMPLES, run_cli

BAD = DATA / "bad"
CASES = DATA / "cases"
SEED = SAMPLES / "txt" / "000_fbae7522b0b69a6d.txt"

# bad file -> words its error must contain
EXPECTED_ERRORS = {
    "empty.txt": "empty file: 0 bytes",
    "whitespace_only.txt": "empty file: only whitespace",
    "binary_png.txt": "binary content, not text",
    "random_bytes.txt": "binary content, not text",
    "latin1.txt": "cannot determine the encoding",
    "not_a_form.txt": "no known form found",
}


def _convert(tmp_path: Path, *files: Path) -> tuple[int, str, dict[str, pd.DataFrame]]:
    inputs = tmp_path / "in"
    inputs.mkdir(exist_ok=True)
    for f in files:
        shutil.copy(f, inputs / f.name)
    code, out = run_cli("convert", str(inputs), "--out", str(tmp_path / "out"))
    tables = {t: pd.read_parquet(tmp_path / "out" / f"{t}.parquet")
              for t in ("forms", "indicators", "findings", "files")}
    return code, out, tables


def test_every_bad_file_has_its_own_error(tmp_path: Path) -> None:
    code, _, tables = _convert(tmp_path, *(BAD / name for name in EXPECTED_ERRORS))
    assert code == 1
    files = tables["files"].set_index("source_path")
    for name, words in EXPECTED_ERRORS.items():
        assert files.loc[name, "status"] == "failed"
        assert words in files.loc[name, "error"], (name, files.loc[name, "error"])


def test_bad_files_do_not_stop_the_batch_or_lose_rows(tmp_path: Path) -> None:
    code, out, tables = _convert(tmp_path, *(BAD / name for name in EXPECTED_ERRORS), SEED)
    assert code == 1
    assert out.strip().splitlines()[-1] == "7 files: 1 ok, 6 failed; 4 forms, 81 indicator rows"
    files = tables["files"].set_index("source_path")
    assert len(files) == 7
    assert files.loc[SEED.name, "status"] == "ok"
    assert pd.isna(files.loc[SEED.name, "error"])
    assert len(tables["forms"]) == 4 and len(tables["indicators"]) == 81


def test_not_a_form_names_what_it_saw(tmp_path: Path) -> None:
    _, _, tables = _convert(tmp_path, BAD / "not_a_form.txt")
    assert "关于召开2020年度工作会议的通知" in tables["files"].loc[0, "error"]


def test_form_cut_off_mid_table_is_ok_with_a_truncated_finding(tmp_path: Path) -> None:
    code, _, tables = _convert(tmp_path, CASES / "truncated_mid_table.txt")
    assert code == 0
    assert tables["files"].loc[0, "status"] == "ok"
    assert tables["forms"].loc[0, "project_name"] == "上海党员干部现代远程教育网络体系建设项目(运维)"
    assert list(tables["indicators"].name) == ["项目设立的规范性", "预算执行率", "资金使用的合规性"]
    finding = tables["findings"].set_index("rule").loc["truncated"]
    assert finding.severity == "warning" and "cut off after 3 indicator rows" in finding.message


def test_form_cut_off_after_its_header_block(tmp_path: Path) -> None:
    code, _, tables = _convert(tmp_path, CASES / "truncated_after_header.txt")
    assert code == 0
    assert tables["forms"].loc[0, "budget_current_yuan"] == pytest.approx(2055983)
    assert tables["indicators"].empty
    assert tables["findings"].rule.tolist() == ["truncated"]


def test_weight_that_is_not_a_number_is_null_with_a_finding(tmp_path: Path) -> None:
    source = (DATA / "regressions" / "level1_label_mid_span.txt").read_text(encoding="utf-8")
    broken = tmp_path / "weight_not_a_number.txt"
    broken.write_text(source.replace("\t资金使用的合规性\t资金使用是否规范。\t3\t3",
                                     "\t资金使用的合规性\t资金使用是否规范。\t三\t3"), encoding="utf-8")
    code, _, tables = _convert(tmp_path, broken)
    assert code == 0
    row = tables["indicators"].set_index("row_index").loc[1]
    assert pd.isna(row.weight) and row.score == 3
    assert list(tables["indicators"].level1) == ["投入与管理"] * 2 + ["产出目标"] * 3 + ["效果目标"] * 2
    assert tables["findings"].rule.tolist() == ["not_a_number"]
    finding = tables["findings"].set_index("rule").loc["not_a_number"]
    assert finding.row_index == 1 and finding.actual == "三" and finding.severity == "error"


def test_unsupported_suffix_is_a_failed_row(tmp_path: Path) -> None:
    odd = tmp_path / "form.xyz"
    odd.write_text("项目名称：x", encoding="utf-8")
    code, _, tables = _convert(tmp_path, odd)
    assert code == 1
    assert "unsupported file type '.xyz'" in tables["files"].loc[0, "error"]


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    assert run_cli("convert", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"))[0] == 2


def test_no_arguments_is_a_usage_error() -> None:
    assert run_cli("convert")[0] == 2
