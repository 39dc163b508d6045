"""The auditor's workbook of a sample (sample.xlsx): one sheet to work in, three to look things up.

    Sample      the drawn forms: key fields, why each was drawn, empty 复核结论 / 复核人 columns
    Findings    every finding on the drawn forms, with an empty 复核结论 column
    Indicators  every indicator row of the drawn forms
    Design      how the sample was drawn (method, seed, interval ...), to reproduce and defend it

A 复核结论 cell offers a drop-down (REVIEW_CHOICES); every sheet prints landscape, fitted to the
page width, with its header row repeated on each page, and wrapped rows are made tall enough to read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pandas as pd

from selfeval.errors import MissingDependencyError

REVIEW = "复核结论 (reviewer's conclusion)"
REVIEWER = "复核人 (reviewer)"
REVIEW_CHOICES = ("无异议", "有异议", "需补充资料")  # the drop-down of every 复核结论 cell
LINE_HEIGHT = 15.0  # points per wrapped line of text
MAX_ROW_HEIGHT = 409.0  # Excel's limit
WHOLE = "0"  # the number format of whole numbers: such a column is written as int
# (header, source column or None for an empty reviewer column, width, number format)
SAMPLE_SHEET = (
    ("#", "sample_order", 5, None),
    ("项目名称 project", "project_name", 36, None),
    ("预算单位 unit", "budget_unit", 22, None),
    ("年度 year", "fiscal_year", 8, WHOLE),
    ("模板 template", "template", 14, None),
    ("当年预算数 budget (元)", "budget_current_yuan", 16, "#,##0.00"),
    ("预算执行数 executed (元)", "budget_executed_yuan", 16, "#,##0.00"),
    ("执行率 rate %", "execution_rate_pct", 10, "0.00"),
    ("总分 score", "total_score", 9, "0.##"),
    ("绩效等级 grade", "grade", 10, None),
    ("findings", "n_findings", 9, "0"),
    ("risk score", "risk_score", 9, "0"),
    ("份数 copies filed", "copies", 9, "0"),
    ("rules", "rules", 28, None),
    ("why selected", "selection_reason", 48, None),
    ("inclusion probability", "inclusion_probability", 11, "0.000"),
    (REVIEW, None, 36, None),
    (REVIEWER, None, 14, None),
    ("source file", "source_path", 30, None),
    ("form # in file (from 1)", "form_number", 9, "0"),
    ("form_id", "form_id", 20, None),
)
FINDINGS_SHEET = (
    ("#", "sample_order", 5, None), ("项目名称 project", "project_name", 30, None),
    ("row", "row_index", 6, "0"), ("指标 indicator", "name", 24, None), ("rule", "rule", 22, None),
    ("severity", "severity", 9, None), ("message", "message", 60, None), ("expected", "expected", 14, None),
    ("actual", "actual", 14, None), (REVIEW, None, 36, None), ("form_id", "form_id", 20, None),
)
INDICATORS_SHEET = (
    ("#", "sample_order", 5, None), ("项目名称 project", "project_name", 30, None),
    ("row", "row_index", 6, "0"), ("一级指标 level 1", "level1", 14, None), ("二级指标 level 2", "level2", 14, None),
    ("指标名称 indicator", "name", 28, None), ("权重 weight", "weight", 8, "0.##"),
    ("自评分 score", "score", 8, "0.##"), ("备注 remark", "remark", 70, None), ("page", "page", 6, "0"),
    ("findings", "rules", 22, None), ("form_id", "form_id", 20, None),
)


def _cell(value: object, fmt: str | None = None) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if fmt == WHOLE and isinstance(value, float) and value.is_integer():
        return int(value)  # a year is 2023, not 2023.0
    return value


def _lines(text: object, width: float) -> int:
    """Wrapped lines a cell's text takes in a column `width` characters wide (a CJK character is two)."""
    if text is None:
        return 1
    units = [sum(2 if ord(ch) > 0x2E7F else 1 for ch in part) for part in str(text).split("\n")]
    return sum(max(1, math.ceil(u / max(width - 1, 1))) for u in units)


def _layout(ws, columns: Sequence[tuple]) -> None:
    """Print setup, the 复核结论 drop-down, and row heights that show every wrapped line."""
    from openpyxl.worksheet.datavalidation import DataValidation

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    last = max(ws.max_row, 2)
    choices = DataValidation(type="list", formula1='"' + ",".join(REVIEW_CHOICES) + '"', allow_blank=True,
                             showErrorMessage=True, errorTitle="复核结论",
                             error="请选择 " + " / ".join(REVIEW_CHOICES))
    for i, (header, *_rest) in enumerate(columns, start=1):
        if header == REVIEW:
            choices.add(f"{ws.cell(row=1, column=i).column_letter}2:{ws.cell(row=1, column=i).column_letter}{last}")
    if choices.sqref:
        ws.add_data_validation(choices)
    wrapped = [(i, width) for i, (_, _, width, _) in enumerate(columns, start=1) if width >= 28]
    for row in range(1, ws.max_row + 1):
        lines = max([_lines(ws.cell(row=row, column=i).value, w) for i, w in wrapped] or [1])
        if row == 1:
            lines = max(_lines(ws.cell(row=1, column=i).value, w) for i, (_, _, w, _) in enumerate(columns, 1))
        if lines > 1:
            ws.row_dimensions[row].height = min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines)


def _sheet(wb, title: str, frame: pd.DataFrame, columns: Sequence[tuple]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(title)
    ws.append([header for header, *_ in columns])
    for record in frame.itertuples(index=False):
        row = record._asdict()
        ws.append([_cell(row.get(source), fmt) if source else None for _, source, _, fmt in columns])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")
    review_fill = PatternFill("solid", fgColor="FFF6D5")
    for i, (_, source, width, fmt) in enumerate(columns, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = width
        head = ws.cell(row=1, column=i)
        head.font, head.fill = bold, fill
        head.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in ws[letter][1:]:
            cell.alignment = Alignment(wrap_text=width >= 28, vertical="top")
            if fmt:
                cell.number_format = fmt
            if source is None:
                cell.fill = review_fill
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    _layout(ws, columns)


def write_workbook(path: Path, sample: pd.DataFrame, indicators: pd.DataFrame, findings: pd.DataFrame,
                   design: dict[str, str]) -> None:
    try:
        from openpyxl import Workbook
    except ImportError as exc:
        raise MissingDependencyError("writing sample.xlsx needs openpyxl: pip install 'selfeval[xlsx]'") from exc
    keys = sample[["form_id", "sample_order", "project_name"]]
    found = findings.merge(keys, on="form_id").sort_values(["sample_order", "row_index"], na_position="first")
    names = indicators[["form_id", "row_index", "name"]]
    found = found.merge(names, on=["form_id", "row_index"], how="left")
    rows = indicators.merge(keys, on="form_id").sort_values(["sample_order", "row_index"])
    row_rules = (found.dropna(subset=["row_index"]).groupby(["form_id", "row_index"])["rule"]
                 .agg(lambda r: ", ".join(sorted(set(r)))).rename("rules").reset_index())
    rows = rows.merge(row_rules, on=["form_id", "row_index"], how="left")
    form_rules = found.groupby("form_id")["rule"].agg(lambda r: ", ".join(sorted(set(r)))).rename("rules")
    sample = sample.merge(form_rules, left_on="form_id", right_index=True, how="left")
    sample["form_number"] = sample["form_index"] + 1

    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "Sample", sample, SAMPLE_SHEET)
    _sheet(wb, "Findings", found, FINDINGS_SHEET)
    _sheet(wb, "Indicators", rows, INDICATORS_SHEET)
    design_frame = pd.DataFrame({"what": list(design), "value": list(design.values())})
    _sheet(wb, "Design", design_frame, (("what", "what", 40, None), ("value", "value", 90, None)))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
