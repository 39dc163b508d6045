"""The Arrow schema of every output table, declared once (SCHEMA.md, version 1).

Writers build every table from these schemas; nothing is inferred from data.
The column order of each schema is the column order of the Parquet files.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1"
MONEY = pa.decimal128(18, 2)

FORMS = pa.schema([
    ("form_id", pa.string()),
    ("source_path", pa.string()),
    ("source_sha256", pa.string()),
    ("source_format", pa.string()),
    ("form_index", pa.int32()),
    ("template", pa.string()),
    ("title", pa.string()),
    ("fiscal_year", pa.int16()),
    ("project_name", pa.string()),
    ("budget_unit", pa.string()),
    ("competent_dept", pa.string()),
    ("implementing_dept", pa.string()),
    ("recurring", pa.string()),
    ("budget_initial_yuan", MONEY),
    ("budget_current_yuan", MONEY),
    ("budget_previous_yuan", MONEY),
    ("budget_executed_yuan", MONEY),
    ("execution_rate_pct", pa.float64()),
    ("funds_weight", pa.float64()),
    ("funds_score", pa.float64()),
    ("annual_goal", pa.string()),
    ("annual_goal_actual", pa.string()),
    ("eval_date", pa.string()),
    ("grade", pa.string()),
    ("main_achievements", pa.string()),
    ("main_problems", pa.string()),
    ("improvements", pa.string()),
    ("total_weight", pa.float64()),
    ("total_score", pa.float64()),
    ("notes", pa.string()),
])

INDICATORS = pa.schema([
    ("form_id", pa.string()),
    ("row_index", pa.int32()),
    ("level1", pa.string()),
    ("level1_points", pa.float64()),
    ("level2", pa.string()),
    ("name", pa.string()),
    ("explanation", pa.string()),
    ("target_value", pa.string()),
    ("actual_value", pa.string()),
    ("weight", pa.float64()),
    ("score", pa.float64()),
    ("remark", pa.string()),
    ("page", pa.int32()),
])

FUNDS = pa.schema([
    ("form_id", pa.string()),
    ("line", pa.string()),
    ("budget_initial_yuan", MONEY),
    ("budget_current_yuan", MONEY),
    ("budget_executed_yuan", MONEY),
    ("weight", pa.float64()),
    ("execution_rate_pct", pa.float64()),
    ("score", pa.float64()),
])

FINDINGS = pa.schema([
    ("form_id", pa.string()),
    ("row_index", pa.int32()),
    ("rule", pa.string()),
    ("severity", pa.string()),
    ("message", pa.string()),
    ("expected", pa.string()),
    ("actual", pa.string()),
])

FILES = pa.schema([
    ("source_path", pa.string()),
    ("source_sha256", pa.string()),
    ("source_format", pa.string()),
    ("status", pa.string()),
    ("error", pa.string()),
    ("n_forms", pa.int32()),
    ("n_indicators", pa.int32()),
])

TABLES: dict[str, pa.Schema] = {
    "forms": FORMS,
    "indicators": INDICATORS,
    "funds": FUNDS,
    "findings": FINDINGS,
    "files": FILES,
}
