"""What every findings rule shares: the form under check, and small number helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from extractor.model import Finding, Form, Fund, Indicator

EPSILON = 1e-6  # weights and scores are exact in the forms; this only absorbs float noise


@dataclass(frozen=True)
class FormUnderCheck:
    """One form's records, as the rules see them."""

    form: Form
    indicators: tuple[Indicator, ...]
    funds: tuple[Fund, ...]
    mapper: tuple[Finding, ...] = ()  # raised while mapping (not_a_number, truncated ...)

    @property
    def mapper_rules(self) -> frozenset[tuple[str, int | None]]:
        """(rule, row_index) of every finding raised while mapping."""
        return frozenset((f.rule, f.row_index) for f in self.mapper)

    @property
    def truncated(self) -> bool:
        """Was the form cut off before its totals (the mapper's `truncated` finding)?"""
        return any(rule == "truncated" for rule, _ in self.mapper_rules)

    def funds_current(self) -> bool:
        """Does the funds block state a current-year budget on any line?"""
        return any(f.budget_current_yuan is not None for f in self.funds)

    def finding(self, rule: str, severity: str, message: str, row_index: int | None = None,
                expected: object = None, actual: object = None) -> Finding:
        return Finding(form_id=self.form.form_id, rule=rule, severity=severity, message=message,
                       row_index=row_index, expected=None if expected is None else str(expected),
                       actual=None if actual is None else str(actual))


Rule = Callable[[FormUnderCheck], Iterable[Finding]]


def row_label(row: Indicator) -> str:
    """How a message names an indicator row: its name, else its number."""
    return row.name or f"row {row.row_index}"


def pts(value: float) -> str:
    """Points as a person writes them: 36, 2.5."""
    return f"{value:g}"


def decimals(text: str) -> int:
    """Digits after the decimal point of a printed number: '22.57' -> 2, '100' -> 0."""
    return len(text.split(".", 1)[1]) if "." in text else 0


def float_decimals(value: float) -> int:
    """Decimals of a stored float as it would be printed at its shortest: 99.71 -> 2, 98.0 -> 0."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def within_rounding(computed: float, stated: float, places: int) -> bool:
    """Is `stated` what `computed` becomes when rounded (half up or half even) or truncated to
    `places` decimals?  Tolerates both habits, nothing more."""
    ulp = 10.0 ** -places
    diff = computed - stated
    return abs(diff) <= ulp / 2 + 1e-9 or 0 <= diff < ulp


def show(value: float, places: int) -> str:
    return f"{value:.{places}f}"
