"""`selfeval report OUT_DIR --to FILE.html`: one self-contained HTML page about a converted batch.

Totals (files, forms, failed files), score / grade / execution-rate distributions (the two grade
scales told apart), findings by rule and by unit as inline SVG charts (extractor.charts), what each
rule that fired means, and the forms with the most findings, each finding with its message and
expected / actual.  It reads without the README.  No external assets, no scripts, nothing fetched:
the file can be mailed or archived as it is.
"""

from __future__ import annotations

import argparse
from html import escape

import pandas as pd

from extractor.charts import columns, hbars
from extractor.findings.codes import EXPLAINED
from extractor.findings.duplicates import copy_groups
from extractor.findings.grades import DEFAULT_BANDS, NATIONAL_BANDS
from extractor.outputs import SEVERITY_WEIGHTS, audit_tables, finding_counts

# the two grade scales forms use: (name, its bands as the grade_band rule assumes them)
SCALES = (("四级 优秀 · 良好 · 合格 · 不合格 (sh forms, most regional forms)", DEFAULT_BANDS),
          ("四级 优 · 良 · 中 · 差 (national form, 财预〔2020〕10号)", NATIONAL_BANDS))
GRADES = tuple(band.grade for _, bands in SCALES for band in bands)
BLANK = "(blank)"
TOP_FORMS = 25
TOP_UNITS = 15
# (label, low inclusive, high exclusive) bins of the total score and of the execution rate
SCORE_BINS = (("<60", -1e9, 60), ("60–70", 60, 70), ("70–80", 70, 80), ("80–85", 80, 85), ("85–90", 85, 90),
              ("90–95", 90, 95), ("95–100", 95, 100.0001), (">100", 100.0001, 1e9))
RATE_BINS = (("<60", -1e9, 60), ("60–80", 60, 80), ("80–90", 80, 90), ("90–95", 90, 95), ("95–98", 95, 98),
             ("98–99.99", 98, 99.995), ("100", 99.995, 100.005), (">100", 100.005, 1e9))

STYLE = """
body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:24px auto;max-width:1180px;
color:#1f2937;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.sub{color:#6b7280;margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid #e5e7eb;border-radius:6px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:22px}.card span{color:#6b7280;font-size:12px}
.card.bad b{color:#c0392b}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:18px 28px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e5e7eb;padding:5px 6px;text-align:left;vertical-align:top}
th{background:#f3f4f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
td.path{font-family:ui-monospace,monospace;font-size:12px;overflow-wrap:anywhere;min-width:210px}
.muted{color:#6b7280}
"""



def command(args: argparse.Namespace) -> int:
    tables = audit_tables(args.out_dir, ("forms", "indicators", "findings", "files"))
    html = build_html(tables, title=f"selfeval report: {args.out_dir}")
    args.to.parent.mkdir(parents=True, exist_ok=True)
    args.to.write_text(html, encoding="utf-8")
    print(f"report -> {args.to}")
    return 0


def _binned(values: pd.Series, bins) -> tuple[list[str], list[int]]:
    present = values.dropna().astype(float)
    counts = [int(((present >= lo) & (present < hi)).sum()) for _, lo, hi in bins]
    labels = [label for label, *_ in bins]
    if values.isna().any():
        labels.append(BLANK)
        counts.append(int(values.isna().sum()))
    return labels, counts


def _by_severity(findings: pd.DataFrame, key: pd.Series, top: int | None = None) -> tuple[list[str], dict]:
    frame = pd.DataFrame({"key": key.fillna(BLANK).to_numpy(), "severity": findings["severity"].to_numpy()})
    table = pd.crosstab(frame["key"], frame["severity"]) if len(frame) else pd.DataFrame()
    for severity in SEVERITY_WEIGHTS:
        if severity not in table:
            table[severity] = 0
    table["total"] = table[list(SEVERITY_WEIGHTS)].sum(axis=1)
    table = table.sort_values(["total", "error"], ascending=False, kind="stable")
    if top is not None:
        table = table.head(top)
    return [str(k) for k in table.index], {s: [int(v) for v in table[s]] for s in SEVERITY_WEIGHTS}


def _card(value: object, label: str, bad: bool = False) -> str:
    return f'<div class="card{" bad" if bad else ""}"><b>{escape(str(value))}</b><span>{escape(label)}</span></div>'


def _cell(value: object) -> str:
    return "—" if value is None or (not isinstance(value, str) and pd.isna(value)) else escape(str(value))


def build_html(tables: dict[str, pd.DataFrame], title: str) -> str:
    forms, indicators = tables["forms"], tables["indicators"]
    findings, files = tables["findings"], tables["files"]
    status = files["status"].value_counts()
    n_failed = int(status.get("failed", 0))
    severities = findings["severity"].value_counts()
    counts = finding_counts(forms, findings)
    cards = [_card(len(files), "input files"), _card(int(status.get("ok", 0)), "files ok"),
             _card(n_failed, "files failed", bad=n_failed > 0)]
    if status.get("skipped", 0):
        cards.append(_card(int(status["skipped"]), "files skipped"))
    firsts = forms["form_id"][copy_groups(forms).to_numpy() == forms["form_id"].to_numpy()]
    cards += [_card(len(forms), "forms"), _card(len(firsts), "distinct forms (copies counted once)"),
              _card(len(indicators), "indicator rows"),
              _card(len(findings), "findings"),
              _card(int(severities.get("error", 0)), "errors", bad=severities.get("error", 0) > 0),
              _card(int(severities.get("warning", 0)), "warnings"),
              _card(int((counts["n_findings"] > 0).sum()), "forms with findings")]
    templates = ", ".join(f"{escape(str(t))}: {n}" for t, n in forms["template"].value_counts().items())

    score_labels, score_counts = _binned(forms["total_score"], SCORE_BINS)
    grade_counts = forms["grade"].fillna(BLANK).value_counts()
    grade_labels = [g for g in GRADES if g in grade_counts] + sorted(g for g in grade_counts.index
                                                                      if g not in GRADES)
    rate_labels, rate_counts = _binned(forms["execution_rate_pct"], RATE_BINS)
    rule_labels, rule_series = _by_severity(findings, findings["rule"])
    units = findings["form_id"].map(forms.set_index("form_id")["budget_unit"])
    unit_labels, unit_series = _by_severity(findings, units, TOP_UNITS)
    charts = [
        columns(score_labels, score_counts, "Total score (合计 / 总分) — forms per band", "total score"),
        hbars(grade_labels, {"value": [int(grade_counts[g]) for g in grade_labels]},
              "Stated grade (绩效等级 / 自评等级), scale by scale"),
        columns(rate_labels, rate_counts, "Stated execution rate (预算执行率) — forms per band", "% executed"),
        hbars(rule_labels, rule_series, "Findings by rule"),
        hbars(unit_labels, unit_series, f"Findings by budget unit (top {TOP_UNITS})"),
    ]
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="sub">{len(forms)} forms from {len(files)} files · templates: {templates or "none"}</p>',
        '<section id="totals"><h2>Totals</h2><div class="cards">', *cards, "</div></section>",
        _failed_section(files),
        '<section id="distributions"><h2>Scores, grades and execution rates</h2><div class="grid">',
        *(f"<figure>{c}</figure>" for c in charts[:3]), "</div>", _scales_table(grade_counts), "</section>",
        '<section id="findings"><h2>Findings</h2><div class="grid">',
        *(f"<figure>{c}</figure>" for c in charts[3:]), "</div>", _rules_table(findings), "</section>",
        _top_forms_section(forms, indicators, findings, counts[counts["form_id"].isin(firsts)]), "</body></html>",
    ]
    return "\n".join(parts)


def _failed_section(files: pd.DataFrame) -> str:
    failed = files[files["status"].isin(("failed", "partial"))]
    if failed.empty:
        return '<section id="failed"><h2>Failed files</h2><p class="muted">None: every file was read.</p></section>'
    rows = "".join(f'<tr><td class="path">{_cell(r.source_path)}</td><td>{_cell(r.error)}</td></tr>'
                   for r in failed.itertuples())
    return (f'<section id="failed"><h2>Failed files ({len(failed)})</h2><table><thead><tr><th>source path</th>'
            f"<th>why</th></tr></thead><tbody>{rows}</tbody></table></section>")


def _scales_table(grade_counts: pd.Series) -> str:
    rows = []
    for name, bands in SCALES:
        cells = " · ".join(f"{escape(b.grade)} {b.lo:g}–{b.hi:g}" if b.lo else f"{escape(b.grade)} &lt;{b.hi:g}"
                           for b in bands)
        n = sum(int(grade_counts.get(b.grade, 0)) for b in bands)
        rows.append(f"<tr><td>{escape(name)}</td><td>{cells}</td><td class=\"n\">{n}</td></tr>")
    other = int(grade_counts.sum()) - sum(int(grade_counts.get(g, 0)) for g in GRADES)
    rows.append(f'<tr><td>other or blank</td><td class="muted">not on either scale</td><td class="n">{other}</td></tr>')
    return ('<h3>Grade scales</h3><p class="muted">Forms grade on one of two scales: 优秀 is not 优. The bands are '
            "those a form is checked against when it prints none of its own (rule grade_band); a form's 说明 may "
            "print others.</p><table><thead><tr><th>scale</th><th>grades and usual bands (total score out of 100)"
            f"</th><th>forms</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _rules_table(findings: pd.DataFrame) -> str:
    """What each rule that fired in this output means, with its count."""
    counts = findings["rule"].value_counts()
    rows = "".join(f"<tr><td><code>{escape(rule)}</code></td><td>{escape(EXPLAINED.get(rule, ('', ''))[0])}</td>"
                   f"<td>{escape(EXPLAINED.get(rule, ('', 'no description'))[1])}</td>"
                   f'<td class="n">{int(n)}</td></tr>' for rule, n in counts.items())
    body = rows or '<tr><td colspan="4" class="muted">No finding in this output.</td></tr>'
    return ('<h3 id="rules">What the rules mean</h3><p class="muted">Every finding names a rule. Severity: error = the '
            "form contradicts itself or lacks what it must have; warning = likely wrong, worth a look; info = for "
            "the record. Expected is what the form's own parts or rules give, actual what the form states.</p>"
            "<table><thead><tr><th>rule</th><th>severity</th><th>raised when</th><th>findings</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _finding_items(found: pd.DataFrame) -> str:
    items = []
    for f in found.itertuples():
        where = "" if pd.isna(f.row_index) else f" (indicator row {int(f.row_index) + 1})"
        values = "" if f.expected is None and f.actual is None else \
            f' <span class="muted">expected {_cell(f.expected)}, actual {_cell(f.actual)}</span>'
        items.append(f"<li><code>{escape(f.rule)}</code> {escape(f.severity)}{where}: {_cell(f.message)}{values}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _top_forms_section(forms: pd.DataFrame, indicators: pd.DataFrame, findings: pd.DataFrame,
                       counts: pd.DataFrame) -> str:
    top = counts[counts["n_findings"] > 0].merge(forms, on="form_id")
    top = top.sort_values(["n_findings", "risk_score", "source_path", "form_index"],
                          ascending=[False, False, True, True], kind="stable").head(TOP_FORMS)
    first_page = indicators.dropna(subset=["page"]).groupby("form_id")["page"].min()
    by_form = {k: g.sort_values("row_index", na_position="first", kind="stable")
               for k, g in findings[findings["form_id"].isin(top["form_id"])].groupby("form_id")}
    head = ("<tr><th>#</th><th>project</th><th>budget unit</th><th>source path</th><th>form #</th><th>page</th>"
            "<th>errors</th><th>warnings</th><th>info</th><th>findings</th></tr>")
    rows = []
    for rank, r in enumerate(top.itertuples(), start=1):
        page = first_page.get(r.form_id)
        rows.append(f'<tr><td class="n">{rank}</td><td>{_cell(r.project_name)}</td><td>{_cell(r.budget_unit)}</td>'
                    f'<td class="path">{_cell(r.source_path)}</td><td class="n">{r.form_index + 1}</td>'
                    f'<td class="n">{_cell(None if page is None else int(page))}</td>'
                    f'<td class="n">{r.n_error}</td><td class="n">{r.n_warning}</td><td class="n">{r.n_info}</td>'
                    f"<td>{_finding_items(by_form[r.form_id])}</td></tr>")
    body = "".join(rows) or '<tr><td colspan="10" class="muted">No form has a finding.</td></tr>'
    return (f'<section id="top-forms"><h2>Forms with the most findings (top {TOP_FORMS}; ties by risk score)</h2>'
            '<p class="muted">A form filed several times is shown once, as its first filing (duplicate_form names '
            "the copies). form #: the form's place in its file, counted from 1. page: first page of the form's "
            "indicator table, where the format has pages (— for text dumps). Indicator rows are counted from 1. "
            "Risk score = " + " + ".join(f"{w} per {s}" for s, w in SEVERITY_WEIGHTS.items()) +
            f".</p><table><thead>{head}</thead><tbody>{body}</tbody></table></section>")
