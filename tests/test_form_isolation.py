"""A form the mapper cannot read fails alone: the file's other forms are kept and the failure is
named in `files` (status partial) and in `findings` (form_failed) with the form's position."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from extractor import pipeline, templates
from extractor.templates import sh_self_eval
from tests.conftest import SEED, run_cli


def test_a_form_that_breaks_the_mapper_fails_alone(tmp_path: Path, monkeypatch) -> None:
    calls = []

    def breaks_on_the_second(rows, title):
        calls.append(title)
        if len(calls) == 2:
            raise KeyError("a label the mapper did not expect")
        return sh_self_eval.map_form(rows, title)

    monkeypatch.setitem(templates.MAPPERS, sh_self_eval.TEMPLATE, breaks_on_the_second)
    seed = next(SEED.glob("*.txt"))
    outcome = pipeline.convert_file(pipeline.InputFile(seed, seed.name))  # in this process: the patch holds
    assert outcome.file.status == "partial"
    assert "form 2 " in outcome.file.error and "KeyError" in outcome.file.error
    assert outcome.file.n_forms == 4
    forms = [rec.form for rec in outcome.forms]
    assert [f.project_name is not None for f in forms] == [True, False, True, True]
    failed = [f for rec in outcome.forms for f in rec.findings if f.rule == "form_failed"]
    assert [f.form_id for f in failed] == [forms[1].form_id]
    assert [bool(rec.indicators) for rec in outcome.forms] == [True, False, True, True]

def test_lines_that_give_no_row_are_named(tmp_path: Path) -> None:
    src = tmp_path / "no_whole_row.txt"
    src.write_text("项目支出绩效自评表\n项目名称\t某项目\n一级指标\t二级指标\t三级指标\t分值\t得分\n"
                   "\t（此处填写二级指标）\t\t\t\n", encoding="utf-8")
    run_cli("convert", str(src), "--out", str(tmp_path / "out"))
    findings = pd.read_parquet(tmp_path / "out" / "findings.parquet")
    named = findings[findings.rule == "rows_unplaced"]
    assert len(named) == 1 and "（此处填写二级指标）" in named.message.iloc[0]
