"""The HTML report: self-contained, with its sections and charts, and true to the output it reads."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

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
    findings = pd.read_parquet(out / "findings.parquet")
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
