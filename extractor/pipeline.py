"""file -> parser (format) -> raw rows -> template mapper (normalizers) -> records -> writers."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import parsers
from extractor.errors import InputError, MissingDependencyError
from extractor.findings import check_form
from extractor.model import FileResult, Finding, Form, FormRecords, Fund, Indicator, form_id_for
from extractor.templates import map_document
from extractor.templates.draft import FormDraft
from extractor.writers import TableWriter


class UsageError(Exception):
    """The command line names something that cannot be converted (exit code 2)."""


@dataclass(frozen=True)
class InputFile:
    path: Path
    display: str  # source_path: as given, or relative to the folder given


@dataclass(frozen=True)
class FileOutcome:
    file: FileResult
    forms: tuple[FormRecords, ...] = ()


@dataclass
class Summary:
    files: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    forms: int = 0
    indicators: int = 0
    failures: list[FileResult] = field(default_factory=list)

    def line(self) -> str:
        parts = [f"{self.ok} ok", f"{self.failed} failed"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        return (f"{self.files} files: {', '.join(parts)}; "
                f"{self.forms} forms, {self.indicators} indicator rows")


def discover(inputs: Sequence[str]) -> list[InputFile]:
    """The files to convert: files as given, folders recursively, in a stable order."""
    found: list[InputFile] = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts):
                    found.append(InputFile(p, p.relative_to(path).as_posix()))
        elif path.is_file():
            found.append(InputFile(path, given))
        else:
            raise UsageError(f"no such file or folder: {given}")
    return found


def _records(drafts: Sequence[FormDraft], source: InputFile, sha: str, fmt: str) -> tuple[FormRecords, ...]:
    out = []
    for index, draft in enumerate(drafts):
        form_id = form_id_for(sha, index)
        form = Form(form_id=form_id, source_path=source.display, source_sha256=sha, source_format=fmt,
                    form_index=index, template=draft.template, **draft.fields)
        indicators = tuple(Indicator(form_id=form_id, **row) for row in draft.indicators)
        funds = tuple(Fund(form_id=form_id, **line) for line in draft.funds)
        findings = tuple(Finding(form_id=form_id, rule=n.rule, severity=n.severity, message=n.message,
                                 row_index=n.row_index, expected=n.expected, actual=n.actual)
                         for n in draft.notes)
        findings = check_form(form, indicators, funds, findings)
        out.append(FormRecords(form, indicators, funds, findings))
    return tuple(out)


def convert_file(source: InputFile) -> FileOutcome:
    """Convert one file; whatever goes wrong becomes its failed `files` row, never an exception."""
    fmt = parsers.format_for(source.path.suffix)
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        return FileOutcome(FileResult(source.display, None, fmt, "failed", f"cannot read the file: {exc.strerror}"))
    sha = hashlib.sha256(data).hexdigest()
    try:
        parse = parsers.get_parser(source.path.suffix)
        drafts = map_document(parse(data))
        forms = _records(drafts, source, sha, fmt or "")
    except (InputError, MissingDependencyError) as exc:
        return FileOutcome(FileResult(source.display, sha, fmt, "failed", str(exc)))
    except Exception as exc:  # noqa: BLE001 - a defect on one file must not stop the batch: it is reported
        return FileOutcome(FileResult(source.display, sha, fmt, "failed",
                                      f"internal error ({type(exc).__name__}: {exc}); please report this file"))
    n_ind = sum(len(f.indicators) for f in forms)
    return FileOutcome(FileResult(source.display, sha, fmt, "ok", None, len(forms), n_ind), forms)


def run(sources: Sequence[InputFile], out_dir: Path) -> Summary:
    summary = Summary()
    with TableWriter(out_dir) as writer:
        for outcome in _outcomes(sources):
            writer.add(outcome.file, outcome.forms)
            summary.files += 1
            if outcome.file.status == "ok":
                summary.ok += 1
            elif outcome.file.status == "skipped":
                summary.skipped += 1
            else:
                summary.failed += 1
                summary.failures.append(outcome.file)
            summary.forms += outcome.file.n_forms
            summary.indicators += outcome.file.n_indicators
    return summary


def _outcomes(sources: Sequence[InputFile]) -> Iterator[FileOutcome]:
    for source in sources:
        yield convert_file(source)


__all__ = ["FileOutcome", "InputFile", "Summary", "UsageError", "convert_file", "discover", "run"]
