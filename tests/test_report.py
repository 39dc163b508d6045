"""The HTML report: self-contained, with its sections and charts, and true to the output it reads."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from extractor.findings.codes import EXPLAINED
from extractor.findings.duplicates import duplicate_findings
from tests.conftest import DATA, SAMPLES, run_cli


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[_Page, str, Path]:
    base = tmp_path_factory.mktemp("report")
    code, _ = run_cli("convert", str(SAMPLES / "txt"), str(DATA / "findings"), str(DATA / "bad"),
                      "--out", str(base / "out"))
    assert code == 1  # tests/data/bad fails on purpose: the report must show those files
    assert run_cli("report", str(base / "out"), "--to", str(base / "r" / "report.html"))[0] == 0
    html = (base / "r" / "report.html").read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    return page, html, base / "out"


def test_report_has_its_sections_and_charts(report) -> None:
    page, _, _ = report
    ids = {attrs.get("id") for _, attrs in page.tags}
    assert {"totals", "failed", "distributions", "findings", "top-forms"} <= ids
    titles = [attrs["aria-label"] for tag, attrs in page.tags if tag == "svg"]
    assert len(titles) == 5
    assert any("score" in t for t in titles) and any("grade" in t for t in titles)
    assert any("execution rate" in t for t in titles)
    assert "Findings by rule" in titles and any("budget unit" in t for t in titles)
    assert sum(1 for tag, _ in page.tags if tag == "rect") > 10  # the bars are drawn


def test_report_is_self_contained(report) -> None:
    page, html, _ = report
    assert not [t for t, _ in page.tags if t in ("script", "link", "img", "iframe", "object", "embed")]
    references = [v for _, attrs in page.tags for k, v in attrs.items()
                  if k in ("src", "href", "xlink:href", "action", "data") and v]
    assert references == []
    assert "url(" not in html and "@import" not in html


def test_report_numbers_match_the_output(report) -> None:
    page, html, out = report
    files = pd.read_parquet(out / "files.parquet")
    forms = pd.read_parquet(out / "forms.parquet")
    findings = pd.concat([pd.read_parquet(out / "findings.parquet"), duplicate_findings(forms)])  # across files
    text = " ".join(page.text)
    for value, label in ((len(files), "input files"), ((files.status == "failed").sum(), "files failed"),
                         (len(forms), "forms"), (len(findings), "findings")):
        assert f"{value} {label}" in " ".join(text.split()), label
    for path in files[files.status == "failed"].source_path:
        assert path in text
    by_form = findings.groupby("form_id").size().sort_values(ascending=False)
    top_path = forms.set_index("form_id").loc[by_form.index[0], "source_path"]
    assert top_path in text
    assert "remark_arithmetic" in text and "execution_rate_mismatch" in text


def test_report_of_a_folder_that_is_not_an_output(tmp_path: Path) -> None:
    assert run_cli("report", str(tmp_path), "--to", str(tmp_path / "r.html"))[0] == 2


def test_report_reads_without_the_readme(report) -> None:
    """Each rule that fired explained, each top form's findings with message and expected/actual, forms
    numbered from 1, and the two grade scales told apart."""
    page, html, out = report
    text = " ".join(" ".join(page.text).split())
    found = pd.read_parquet(out / "findings.parquet")
    for rule in set(found.rule):
        assert f"{rule} {EXPLAINED[rule][0]} {EXPLAINED[rule][1]}" in text, rule
    assert "stated execution rate 100.00%" in text and "expected 99.71%, actual 100.00%" in text
    assert "form #: the form's place in its file, counted from 1" in text
    forms = pd.read_parquet(out / "forms.parquet")
    shown = re.findall(r'<td class="path">([^<]+)</td><td class="n">(\d+)</td>', html.split('id="top-forms"')[1])
    assert shown and all(int(n) - 1 in set(forms.form_index[forms.source_path == path]) for path, n in shown)
    assert "0" not in {n for _, n in shown}
    assert "优秀 90–100 · 良好 75–90 · 合格 60–75 · 不合格 &lt;60" in html and "优 90–100 · 良 80–90" in html
    assert "优秀 is not 优" in text


def test_report_shows_a_form_filed_several_times_once(report) -> None:
    _, html, out = report
    forms = pd.read_parquet(out / "forms.parquet")
    top = html.split('id="top-forms"')[1]
    seed_copies = forms[forms.project_name == "上海市12371党建服务热线系统"]
    assert len(seed_copies) > 1 and top.count("上海市12371党建服务热线系统</td>") == 1
    assert "distinct forms (copies counted once)" in html
