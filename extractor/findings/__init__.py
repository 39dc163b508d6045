"""Findings: what a reviewer or auditor should look at on each form, computed from its records.

Every rule is a function of one form's records (`FormUnderCheck`) yielding
`extractor.model.Finding` rows under a stable code; `RULES` lists them in the
order they run.  Every code and its meaning: `extractor.findings.codes` (docs/contract.md, with
examples in docs/findings.md).  `check_form` is the one entry point the pipeline calls.
"""

from __future__ import annotations

from collections.abc import Iterable

from extractor.findings.arithmetic import REMARK_ARITHMETIC, remark_arithmetic
from extractor.findings.base import FormUnderCheck, Rule
from extractor.findings.fields import MISSING_FIELD, missing_field
from extractor.findings.grades import GRADE_BAND, grade_band
from extractor.findings.money import EXECUTION_RATE_MISMATCH, execution_rate_mismatch
from extractor.findings.remarks import (
    REMARK_SCORE_MISMATCH,
    SUMMARY_FIGURE_MISMATCH,
    remark_score_mismatch,
    summary_figure_mismatch,
)
from extractor.findings.sums import (
    LEVEL1_POINTS,
    SCORE_EXCEEDS_WEIGHT,
    SCORE_SUM,
    WEIGHT_SUM,
    level1_points,
    score_exceeds_weight,
    score_sum,
    weight_sum,
)
from extractor.model import Finding, Form, Fund, Indicator

# rule code -> rule, in the order they run
RULES: dict[str, Rule] = {
    MISSING_FIELD: missing_field,
    WEIGHT_SUM: weight_sum,
    LEVEL1_POINTS: level1_points,
    SCORE_EXCEEDS_WEIGHT: score_exceeds_weight,
    SCORE_SUM: score_sum,
    GRADE_BAND: grade_band,
    EXECUTION_RATE_MISMATCH: execution_rate_mismatch,
    REMARK_ARITHMETIC: remark_arithmetic,
    REMARK_SCORE_MISMATCH: remark_score_mismatch,
    SUMMARY_FIGURE_MISMATCH: summary_figure_mismatch,
}


def check_form(form: Form, indicators: Iterable[Indicator], funds: Iterable[Fund],
               mapper_findings: Iterable[Finding] = ()) -> tuple[Finding, ...]:
    """Every finding on one form: those raised while mapping (not_a_number, truncated ...), then every
    rule's.
    The mapper's findings also keep rules from repeating them: a score that was unreadable is not
    also reported blank."""
    mapper = tuple(mapper_findings)
    fc = FormUnderCheck(form, tuple(indicators), tuple(funds), mapper)
    return mapper + tuple(finding for rule in RULES.values() for finding in rule(fc))


__all__ = ["RULES", "FormUnderCheck", "check_form"]
