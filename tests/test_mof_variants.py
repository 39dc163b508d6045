"""Random national forms, each with a random choice of every published variant (outer 绩效指标
column or not, two-row headers, split 年度指标值, 分值 first, placeholder rows, no 年初预算数,
extra fund lines, grade in the 总分 row, letters in the column names, 元 or 万元), read perfectly."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "tools"))
make = pytest.importorskip("make_mof_samples")
data = pytest.importorskip("mof_sample_data")

N_FORMS = 12


@pytest.mark.parametrize("fmt", ["txt", "html", "xlsx"])
def test_random_variants_are_read_perfectly(fmt: str, score, tmp_path: Path) -> None:
    rnd = random.Random(20240601)
    inputs, gold = tmp_path / "in", tmp_path / "gold"
    inputs.mkdir()
    gold.mkdir()
    for k in range(N_FORMS):
        form = data.random_form(rnd, k)
        grid = [make.layout(form)]
        path = inputs / f"random_{k:02d}.{fmt}"
        if fmt == "txt":
            path.write_text(make.render_txt(grid), encoding="utf-8")
        elif fmt == "html":
            path.write_text(make.render_html(grid, form.project), encoding="utf-8")
        else:
            make.render_xlsx(grid, path)
        expected = {"source": path.name, "forms": [make.expected(form, 0)]}
        (gold / f"random_{k:02d}.json").write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
    assert run_cli("convert", str(inputs), "--out", str(tmp_path / "out"))[0] == 0
    summary, report = score(tmp_path / "out", gold, inputs)
    assert report["misses"] == []
    assert (summary["ok"], summary["perfect"]) == (summary["total"], N_FORMS)
