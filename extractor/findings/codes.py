"""Every findings rule code with its severities and what it means: the one list the report shows and
docs/contract.md documents (tests/test_contract.py holds them equal).

The rules of `extractor.findings.RULES` run on each form; the mapper raises the first twelve while it
reads a form; duplicate_form looks across files (`extractor.findings.duplicates`).
"""

from __future__ import annotations

# rule code -> (severities, raised when)
EXPLAINED: dict[str, tuple[str, str]] = {
    "truncated": ("warning / error", "the form ends before its 合计 row, or has no indicator table"),
    "not_a_number": ("error", "a weight / score / amount cell is not a number; the value is null"),
    "merged_labels_ambiguous": ("warning",
        "a text dump lost the merged 指标 label cells and more than one reading fits"),
    "funds_unit_missing": ("error", "the 项目资金 block states no unit (元 / 万元); its amounts are null"),
    "funds_line_unlabelled": ("warning", "a 项目资金 line holds values but no name; it is not emitted"),
    "flat_text": ("warning",
        "a national form given as text without cell boundaries: only what is certain is read"),
    "flat_text_uncertain": ("info / warning",
        "in such text, a value that cannot be placed for certain, or a block read out of order"),
    "rows_unplaced": ("warning", "lines under an indicator header that give no indicator row; the message names them"),
    "placeholder_rows": ("info", "template placeholder rows left unfilled (指标1： / ……), not indicators; the message names them"),
    "form_failed": ("error",
        "a form the mapper could not read (a defect): kept with its template and title, the file is partial"),
    "source_warning": ("warning",
        "the parser read the file but not fully (scanned pages among text pages, an unevaluated formula)"),
    "level2_points": ("warning", "a 二级指标's printed points differ from its rows' weights"),
    "format_mismatch": ("warning",
        "the file's suffix lies about its content; it was read as what its bytes are"),
    "missing_field": ("error / warning",
        "项目名称, the current-year budget, a row's score or the 合计 score is blank"),
    "weight_sum": ("error", "the rows' weights (plus the funds 分值) do not add up to the 合计/总分 weight"),
    "level1_points": ("warning", "a 一级指标's printed points differ from the sum of its rows' weights"),
    "score_exceeds_weight": ("error", "a row's (or funds line's) score is above its weight"),
    "score_sum": ("error", "the rows' scores (plus the funds 得分) do not add up to the 合计/总分 score"),
    "grade_band": ("error / warning",
        "the stated grade is not the grade of the total under the form's own (or the assumed) bands"),
    "execution_rate_mismatch": ("warning / error",
        "the stated 执行率 differs from executed ÷ budget beyond rounding"),
    "remark_arithmetic": ("warning", "a calculation written in a remark does not hold"),
    "remark_score_mismatch": ("warning",
        "a remark's conclusion (得N分, 扣N分, 得满分) disagrees with the score column"),
    "summary_figure_mismatch": ("warning",
        "a percentage in 主要绩效 differs from a remark's figure for the same measure"),
    "duplicate_form": ("info",
        "the same form (project, budget unit and year) is filed several times, in several files or formats; the message names the copies. Raised across files by `sample` and `report`, not written to findings.parquet"),
}
