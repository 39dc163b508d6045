"""What a template mapper returns: the fields of one form before they become validated records."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Note:
    """A finding raised while mapping, before the form has its id."""

    rule: str
    severity: str
    message: str
    row_index: int | None = None
    expected: str | None = None
    actual: str | None = None


@dataclass(slots=True)
class FormDraft:
    template: str
    fields: dict[str, object] = field(default_factory=dict)  # forms columns (SCHEMA.md names)
    indicators: list[dict[str, object]] = field(default_factory=list)  # indicators columns, in row order
    funds: list[dict[str, object]] = field(default_factory=list)  # funds columns, in line order
    notes: list[Note] = field(default_factory=list)

    def note(self, rule: str, severity: str, message: str, row_index: int | None = None,
             expected: object = None, actual: object = None) -> None:
        self.notes.append(Note(rule, severity, message, row_index,
                               None if expected is None else str(expected),
                               None if actual is None else str(actual)))
