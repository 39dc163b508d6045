"""file -> parser (format) -> raw rows -> template mapper (normalizers) -> records -> writers."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import parsers
from extractor.executors import Crashed, run_local
from extractor.findings import check_form
from extractor.findings.ocr import trust_ocr
from extractor.model import FileResult, Form, FormRecords, Fund, Indicator, form_id_for
from extractor.progress import Progress
from extractor.templates import map_document
from extractor.templates.draft import FormDraft
from extractor.writers import FileTables, file_tables
from parsers.guard import Limits, check_size
from parsers.intake import open_input
from selfeval.errors import InputError, InputTooLargeError, MissingDependencyError, UsageError

CHUNK_FILES = 250  # files committed together (a kill loses at most this much work)
CHUNK_ROWS = 50_000  # ... or fewer files, once their indicator rows reach this
HASH_BLOCK = 1 << 20

if TYPE_CHECKING:
    from extractor.store import Store



@dataclass(frozen=True)
class InputFile:
    path: Path
    display: str  # source_path: as given, or relative to the folder given


@dataclass(frozen=True)
class FileOutcome:
    file: FileResult
    forms: tuple[FormRecords, ...] = ()


@dataclass(frozen=True)
class Options:
    jobs: int = 1
    timeout: float | None = 60.0  # seconds per file; None: no limit
    force: bool = False  # reconvert files already in the output
    limits: Limits = Limits()
    executor: str = "local"  # or "dask"
    scheduler: str | None = None  # the Dask scheduler address
    progress: bool | None = None  # None: on a terminal only


@dataclass(frozen=True)
class Task:
    """One input file to convert, or (`done`) what is known without converting it."""

    source: InputFile
    limits: Limits
    sha256: str | None = None
    done: FileOutcome | None = None
    write: bool = True  # False: the output already holds this file's rows


@dataclass
class Summary:
    files: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    forms: int = 0
    indicators: int = 0
    failures: list[FileResult] = field(default_factory=list)

    def add(self, file: FileResult) -> None:
        self.files += 1
        if file.status == "ok":
            self.ok += 1
        elif file.status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1
            self.failures.append(file)
        self.forms += file.n_forms
        self.indicators += file.n_indicators

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
                # a broken link is listed too: it fails as unreadable instead of vanishing
                if (p.is_file() or (p.is_symlink() and not p.exists())) and not any(part.startswith(".") for part in p.relative_to(path).parts):
                    found.append(InputFile(p, p.relative_to(path).as_posix()))
        elif path.is_file() or path.is_symlink():
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
        findings = tuple(replace(n, form_id=form_id) for n in draft.notes)
        findings = check_form(form, indicators, funds, findings)
        out.append(FormRecords(form, indicators, funds, findings))
    return tuple(out)


def _unreadable(source: InputFile, fmt: str | None, exc: OSError | InputTooLargeError) -> FileResult:
    """The failed row of a file that cannot be read, or is over the size limit."""
    said = f"cannot read the file: {exc.strerror}" if isinstance(exc, OSError) else str(exc)
    return FileResult(source.display, None, fmt, "failed", said)


def convert_file(source: InputFile, limits: Limits | None = None) -> FileOutcome:
    """Convert one file; whatever goes wrong becomes its failed `files` row, never an exception."""
    limits = limits or Limits()
    fmt = parsers.format_for(source.path.suffix)
    try:
        check_size(source.path.stat().st_size, limits)
        data = source.path.read_bytes()
    except (OSError, InputTooLargeError) as exc:
        return FileOutcome(_unreadable(source, fmt, exc))
    sha = hashlib.sha256(data).hexdigest()
    intake = None
    try:
        intake = open_input(data, source.path.suffix, limits)
        fmt = intake.format or fmt
        doc = intake.parse(data)
        drafts = map_document(doc)
        for draft in drafts:  # file-level notes: every form of the file carries them
            trust_ocr(draft, doc)  # scans: values resting on unsure OCR readings are nulled or corrected
            if intake.mismatch:
                draft.note("format_mismatch", "warning", intake.mismatch)
            for warning in doc.warnings:
                draft.note("source_warning", "warning", warning)
        forms = _records(drafts, source, sha, fmt or "")
    except (InputError, MissingDependencyError) as exc:
        said = f"{intake.mismatch}: {exc}" if intake is not None and intake.mismatch else str(exc)
        return FileOutcome(FileResult(source.display, sha, fmt, "failed", said))
    except MemoryError:
        return FileOutcome(FileResult(source.display, sha, fmt, "failed", "ran out of memory reading this file"))
    except Exception as exc:  # noqa: BLE001 - a defect on one file must not stop the batch: it is reported
        return FileOutcome(FileResult(source.display, sha, fmt, "failed",
                                      f"internal error ({type(exc).__name__}: {exc}); please report this file"))
    n_ind = sum(len(f.indicators) for f in forms)
    return FileOutcome(FileResult(source.display, sha, fmt, "ok", None, len(forms), n_ind), forms)


def work(task: Task) -> FileTables:
    """The per-file work every executor runs (a module-level function, so workers can import it).

    It returns the file's rows as Arrow tables: building them is part of the parallel work, and
    joining them is all that is left for the one process that writes.
    """
    outcome = convert_file(task.source, task.limits)
    return file_tables(outcome.file, outcome.forms)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


class _Planner:
    """Decides per file: convert it, or skip it (unchanged, or a copy of a file already converted)."""

    def __init__(self, store: Store, options: Options) -> None:
        self.store = store
        self.options = options
        self.seen: dict[str, str] = {}  # sha256 -> source_path, for files converted in this run

    def plan(self, source: InputFile) -> Task:
        limits = self.options.limits
        fmt = parsers.format_for(source.path.suffix)
        try:
            check_size(source.path.stat().st_size, limits)
            sha = _sha256(source.path)
        except (OSError, InputTooLargeError) as exc:
            return Task(source, limits, done=FileOutcome(_unreadable(source, fmt, exc)))
        known = self.store.known.get(source.display)
        if (not self.options.force and known is not None and known.sha256 == sha
                and known.status in ("ok", "skipped")):
            skipped = FileResult(source.display, sha, fmt, "skipped", None,
                                 known.n_forms, known.n_indicators)
            return Task(source, limits, sha, FileOutcome(skipped), write=False)
        owner = self.store.owner.get(sha) or self.seen.get(sha)
        if owner is not None and owner != source.display:
            # the same bytes under another name: its forms are already there (one form_id, one row)
            return Task(source, limits, sha, FileOutcome(FileResult(source.display, sha, fmt, "skipped")))
        self.seen[sha] = source.display
        return Task(source, limits, sha)


def _finish(task: Task, result: FileTables | FileOutcome | Crashed) -> FileTables:
    if isinstance(result, Crashed):
        fmt = parsers.format_for(task.source.path.suffix)
        return file_tables(FileResult(task.source.display, task.sha256, fmt, "failed", result.reason))
    if isinstance(result, FileOutcome):
        return file_tables(result.file, result.forms)
    return result


def _execute(tasks: Iterator[Task], options: Options) -> Iterator[tuple[Task, FileTables | FileOutcome | Crashed]]:
    if options.executor == "dask":
        from extractor.dask_executor import run_dask

        return run_dask(work, tasks, options.scheduler, options.timeout)
    return run_local(work, tasks, options.jobs, options.timeout)


def run(sources: Sequence[InputFile], out_dir: Path, options: Options | None = None) -> Summary:
    """Convert `sources` into the store at `out_dir`, committing every CHUNK_FILES files."""
    from extractor.store import Store  # Parquet I/O: the writing process needs it, workers do not

    options = options or Options()
    store = Store(out_dir)
    planner = _Planner(store, options)
    summary = Summary()
    progress = Progress(len(sources), enabled=options.progress)
    batch: list[FileTables] = []
    rows = 0
    try:
        for task, result in _execute((planner.plan(s) for s in sources), options):
            progress.advance()
            if not task.write:  # unchanged: the output already holds its rows
                summary.add(task.done.file)
                continue
            outcome = _finish(task, result)
            summary.add(outcome.file)
            batch.append(outcome)
            rows += outcome.file.n_indicators
            if len(batch) >= CHUNK_FILES or rows >= CHUNK_ROWS:
                store.commit(batch)
                batch, rows = [], 0
        if batch or not store.has_parts():
            store.commit(batch)
    finally:
        progress.close()
    return summary


__all__ = ["FileOutcome", "InputFile", "Options", "Summary", "Task", "UsageError", "convert_file", "discover",
           "run", "work"]
