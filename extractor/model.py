"""The records selfeval emits: one frozen dataclass per output table, validated on creation.

Each class declares one table: its fields are the table's columns, with the meanings of the
output contract (docs/contract.md); `extractor.schema` derives the Arrow schema from them.  A
record that violates its contract raises ValueError naming the field: that is a bug in a mapper,
never bad input.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from decimal import Decimal

SCHEMA_VERSION = "1"  # of the output contract (docs/contract.md); written into every Parquet file
TEMPLATES = ("sh_self_eval", "mof_self_eval", "dept_self_eval")
SEVERITIES = ("error", "warning", "info")
STATUSES = ("ok", "partial", "failed", "skipped")
MONEY_QUANTUM = Decimal("0.01")
MONEY_LIMIT = Decimal(10) ** 16  # decimal128(18, 2) holds 16 integer digits
FORM_ID_PREFIX = 16  # form_id = <first 16 hex digits of source_sha256>-<form_index>


def _check_text(name: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise ValueError(f"{name}: expected str or None, got {type(value).__name__}")
    if value == "" or value != value.strip():
        raise ValueError(f"{name}: text must be stripped and non-empty (blank is None), got {value!r}")


def _check_money(name: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"{name}: expected a finite Decimal, got {value!r}")
    if value != value.quantize(MONEY_QUANTUM) or abs(value) >= MONEY_LIMIT:
        raise ValueError(f"{name}: {value} does not fit decimal128(18,2)")


def _check_float(name: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name}: expected a finite number, got {value!r}")


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name}: expected an integer in [{low}, {high}], got {value!r}")


def _validate(record: object, money: tuple[str, ...] = (), floats: tuple[str, ...] = (),
              ints: dict[str, tuple[int, int]] | None = None) -> None:
    ints = ints or {}
    for f in fields(record):  # type: ignore[arg-type]
        value = getattr(record, f.name)
        if f.name in money:
            _check_money(f.name, value)
        elif f.name in floats:
            _check_float(f.name, value)
        elif f.name in ints:
            _check_int(f.name, value, *ints[f.name])
        else:
            _check_text(f.name, value)


@dataclass(frozen=True, slots=True)
class Indicator:
    form_id: str
    row_index: int
    level1: str | None = None
    level1_points: float | None = None
    level2: str | None = None
    name: str | None = None
    explanation: str | None = None
    target_value: str | None = None
    actual_value: str | None = None
    weight: float | None = None
    score: float | None = None
    remark: str | None = None
    page: int | None = None

    def __post_init__(self) -> None:
        _validate(self, floats=("level1_points", "weight", "score"),
                  ints={"row_index": (0, 2**31 - 1), "page": (1, 2**31 - 1)})
        if self.row_index is None:
            raise ValueError("row_index: required")


@dataclass(frozen=True, slots=True)
class Fund:
    form_id: str
    line: str
    budget_initial_yuan: Decimal | None = None
    budget_current_yuan: Decimal | None = None
    budget_executed_yuan: Decimal | None = None
    weight: float | None = None
    execution_rate_pct: float | None = None
    score: float | None = None

    def __post_init__(self) -> None:
        _validate(self, money=("budget_initial_yuan", "budget_current_yuan", "budget_executed_yuan"),
                  floats=("weight", "execution_rate_pct", "score"))


@dataclass(frozen=True, slots=True)
class Finding:
    form_id: str
    rule: str
    severity: str
    message: str
    row_index: int | None = None
    expected: str | None = None
    actual: str | None = None

    def __post_init__(self) -> None:
        _validate(self, ints={"row_index": (0, 2**31 - 1)})
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity: {self.severity!r} is not one of {SEVERITIES}")


@dataclass(frozen=True, slots=True)
class Form:
    form_id: str
    source_path: str
    source_sha256: str
    source_format: str
    form_index: int
    template: str
    title: str | None = None
    fiscal_year: int | None = None
    project_name: str | None = None
    budget_unit: str | None = None
    competent_dept: str | None = None
    implementing_dept: str | None = None
    recurring: str | None = None
    budget_initial_yuan: Decimal | None = None
    budget_current_yuan: Decimal | None = None
    budget_previous_yuan: Decimal | None = None
    budget_executed_yuan: Decimal | None = None
    execution_rate_pct: float | None = None
    funds_weight: float | None = None
    funds_score: float | None = None
    annual_goal: str | None = None
    annual_goal_actual: str | None = None
    eval_date: str | None = None
    grade: str | None = None
    main_achievements: str | None = None
    main_problems: str | None = None
    improvements: str | None = None
    total_weight: float | None = None
    total_score: float | None = None
    notes: str | None = None

    def __post_init__(self) -> None:
        _validate(self,
                  money=("budget_initial_yuan", "budget_current_yuan", "budget_previous_yuan",
                         "budget_executed_yuan"),
                  floats=("execution_rate_pct", "funds_weight", "funds_score", "total_weight", "total_score"),
                  ints={"form_index": (0, 2**31 - 1), "fiscal_year": (1949, 2100)})
        if self.template not in TEMPLATES:
            raise ValueError(f"template: {self.template!r} is not one of {TEMPLATES}")
        if not self.form_id.startswith(self.source_sha256[:FORM_ID_PREFIX]):
            raise ValueError(f"form_id: {self.form_id!r} does not start with the file's sha256")


@dataclass(frozen=True, slots=True)
class FileResult:
    source_path: str
    source_sha256: str | None
    source_format: str | None
    status: str
    error: str | None = None
    n_forms: int = 0
    n_indicators: int = 0

    def __post_init__(self) -> None:
        _validate(self, ints={"n_forms": (0, 2**31 - 1), "n_indicators": (0, 2**31 - 1)})
        if self.status not in STATUSES:
            raise ValueError(f"status: {self.status!r} is not one of {STATUSES}")
        if (self.status in ("failed", "partial")) != (self.error is not None):
            raise ValueError("error: a failed or partial file needs an error message, and only such a file has one")


@dataclass(frozen=True, slots=True)
class LabelValue:
    """One label/value pair of a form's header or closing block, as written (the `fields` table)."""

    form_id: str
    position: int
    label: str
    value: str | None = None
    column: str | None = None  # the forms column the value fed; None when none takes it

    def __post_init__(self) -> None:
        _validate(self, ints={"position": (0, 2**31 - 1)})
        if self.label is None:
            raise ValueError("label: required")


@dataclass(frozen=True, slots=True)
class FormRecords:
    """One form with everything extracted from it."""

    form: Form
    indicators: tuple[Indicator, ...]
    funds: tuple[Fund, ...]
    findings: tuple[Finding, ...]
    fields: tuple[LabelValue, ...] = ()


def form_id_for(sha256: str, form_index: int) -> str:
    return f"{sha256[:FORM_ID_PREFIX]}-{form_index}"
