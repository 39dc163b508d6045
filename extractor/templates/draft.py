"""What a template mapper returns: the fields of one form before they become validated records."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractor.model import Finding

# the form_id of a finding raised while mapping, before the form has its id (the pipeline sets it)
UNASSIGNED = "unassigned"


def mapping_finding(rule: str, severity: str, message: str, row_index: int | None = None,
                    expected: object = None, actual: object = None) -> Finding:
    """A finding raised while mapping: expected is what the form's own parts give, actual what it states."""
    return Finding(UNASSIGNED, rule, severity, message, row_index,
                   None if expected is None else str(expected), None if actual is None else str(actual))


@dataclass(slots=True)
class FormDraft:
    template: str
    fields: dict[str, object] = field(default_factory=dict)  # forms columns (SCHEMA.md names)
    indicators: list[dict[str, object]] = field(default_factory=list)  # indicators columns, in row order
    funds: list[dict[str, object]] = field(default_factory=list)  # funds columns, in line order
    notes: list[Finding] = field(default_factory=list)  # form_id UNASSIGNED
    # every label/value pair of the header and closing blocks, as written: (label, value, forms column)
    labels: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    failed: str | None = None  # why the form could not be mapped (its other fields are then empty)

    def note(self, rule: str, severity: str, message: str, row_index: int | None = None,
             expected: object = None, actual: object = None) -> None:
        self.notes.append(mapping_finding(rule, severity, message, row_index, expected, actual))
