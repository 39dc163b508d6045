"""file -> parser (format) -> raw rows -> template mapper (normalizers) -> records -> writers."""

from __future__ import annotations

import hashlib
import math
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import parsers
from extractor.executors import Crashed, run_local
from extractor.findings import check_form
from extractor.findings.ocr import trust_ocr
from extractor.model import (
    MONEY_LIMIT,
    FileResult,
    Form,
    FormRecords,
    Fund,
    Indicator,
    LabelValue,
    form_id_for,
)
from extractor.progress import Progress
from extractor.templates import failed_draft, map_document
from extractor.templates.draft import FormDraft
from parsers.guard import Limits, check_size
from parsers.intake import open_input
from parsers.pdf import ENGINES as PDF_ENGINES
from selfeval.errors import (
    InputError,
    InputTooLargeError,
    MissingDependencyError,
    NotRegularFileError,
    UsageError,
)

CHUNK_FILES = 250  # files committed together (a kill loses at most this much work)
CHUNK_ROWS = 50_000  # ... or fewer files, once their indicator rows reach this
HASH_BLOCK = 1 << 20
EXECUTORS = ("local", "dask")
OUT_OF_MEMORY = "out of memory reading this file (the worker's memory limit was reached)"

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


EXECUTORS = ("local", "dask")


@dataclass(frozen=True)
class Options:
    """How `convert` runs; checked where it is made (as pdfplumber checks TableSettings): UsageError."""

    jobs: int = 1
    timeout: float | None = 60.0  # seconds per file; None: no limit
    force: bool = False  # reconvert files already in the output
    limits: Limits = Limits()
    executor: str = "local"  # one of EXECUTORS
    scheduler: str | None = None  # the Dask scheduler address (executor "dask" only)
    progress: bool | None = None  # None: on a terminal only
    pdf_engine: str = PDF_ENGINES[0]  # the library PDFs are read with: pdfium, or pdfplumber (--pdf-engine)

    def __post_init__(self) -> None:
        """Refuse what cannot run, before any file is touched (the command line exits 2)."""
        if isinstance(self.jobs, bool) or not isinstance(self.jobs, int) or self.jobs < 1:
            raise UsageError(f"-j/--jobs must be a whole number of at least 1, got {self.jobs!r}")
        if self.timeout is not None and not self.timeout > 0:
            raise UsageError(f"--timeout must be more than 0 seconds, got {self.timeout!r}")
        if self.executor not in EXECUTORS:
            raise UsageError(f"unknown executor {self.executor!r}: one of {', '.join(EXECUTORS)}")
        if self.executor == "dask" and not self.scheduler:
            raise UsageError("--executor dask needs --scheduler ADDRESS")
        if self.scheduler and self.executor != "dask":
            raise UsageError("--scheduler is only for --executor dask")
        if self.pdf_engine not in PDF_ENGINES:
            raise UsageError(f"unknown PDF engine {self.pdf_engine!r}: one of {', '.join(PDF_ENGINES)}")


@dataclass(frozen=True)
class Task:
    """One input file to convert, or (`done`) what is known without converting it."""

    source: InputFile
    limits: Limits
    sha256: str | None = None
    done: FileOutcome | None = None
    write: bool = True  # False: the output already holds this file's rows
    pdf_engine: str = PDF_ENGINES[0]


@dataclass
class Summary:
    files: int = 0
    ok: int = 0
    failed: int = 0
    partial: int = 0
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
        elif file.status == "partial":
            self.partial += 1
            self.failures.append(file)
        else:
            self.failed += 1
            self.failures.append(file)
        self.forms += file.n_forms
        self.indicators += file.n_indicators

    def line(self) -> str:
        parts = [f"{self.ok} ok", f"{self.failed} failed"]
        if self.partial:
            parts.append(f"{self.partial} partial")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        return (f"{self.files} files: {', '.join(parts)}; "
                f"{self.forms} forms, {self.indicators} indicator rows")


def readable_name(name: str) -> str:
    """A path as text Parquet can hold: bytes that are not UTF-8 (kept by the OS decoding as
    surrogateescape, e.g. a GBK name on an old share) are written as \\xNN escapes."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def discover(inputs: Sequence[str]) -> list[InputFile]:
    """The files to convert: files as given, folders recursively, in a stable order.

    Every entry that is not a folder is listed, whatever it is: a broken link, a FIFO or a
    device gets its failed row (see `read_regular`) instead of vanishing.  Paths are absolute,
    so they mean the same wherever the work runs (a Dask worker has another working folder).
    """
    found: list[InputFile] = []
    for given in inputs:
        path = Path(given).absolute()
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if not p.is_dir() and not any(part.startswith(".") for part in p.relative_to(path).parts):
                    found.append(InputFile(p, readable_name(p.relative_to(path).as_posix())))
        elif path.exists() or path.is_symlink():
            found.append(InputFile(path, readable_name(given)))
        else:
            raise UsageError(f"no such file or folder: {readable_name(given)}")
    return found


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
    return next((name for test, name in kinds if test(mode)), "not a file")


def open_regular(path: Path, limits: Limits) -> int:
    """A descriptor of `path`, which must be a regular file within the size limit.

    The path is checked before it is opened, and the descriptor after (a file swapped in between
    is caught too); it is opened non-blocking, so a FIFO never waits for a writer.  Raises
    OSError, NotRegularFileError or InputTooLargeError.
    """
    if not stat.S_ISREG(mode := path.stat().st_mode):
        raise NotRegularFileError(f"not a regular file: {_kind(mode)}; only regular files are read")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(f"not a regular file: {_kind(info.st_mode)}; only regular files are read")
        check_size(info.st_size, limits)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path, limits: Limits) -> bytes:
    with os.fdopen(open_regular(path, limits), "rb") as stream:
        return stream.read(limits.max_size + 1)


def _out_of_range(value: object) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    return isinstance(value, Decimal) and (not value.is_finite() or abs(value) >= MONEY_LIMIT)


def _clear_out_of_range(draft: FormDraft) -> None:
    """A number no column can hold (inf from 400 nines, a budget past decimal(18,2)) is left out,
    with a finding, wherever the mapper read it from: the form is kept."""
    for where, values in (("form", draft.fields), *((f"indicator {i + 1}", row)
                                                    for i, row in enumerate(draft.indicators)),
                          *((f"funds line {i + 1}", line) for i, line in enumerate(draft.funds))):
        for name, value in values.items():
            if _out_of_range(value):
                values[name] = None
                draft.note("value_out_of_range", "warning", f"{where}: {name} is too large to store and "
                           f"was left out", actual=str(value)[:40])


def _records(drafts: Sequence[FormDraft], source: InputFile, sha: str, fmt: str) -> tuple[FormRecords, ...]:
    out = []
    for index, draft in enumerate(drafts):
        try:
            out.append(_form_records(draft, index, source, sha, fmt))
        except ValueError as exc:  # a record the contract refuses: a defect in a mapper, this form alone
            failed = failed_draft(draft.template, draft.fields.get("title"), index, None, exc)  # type: ignore[arg-type]
            out.append(_form_records(failed, index, source, sha, fmt))
    return tuple(out)


def _form_records(draft: FormDraft, index: int, source: InputFile, sha: str, fmt: str) -> FormRecords:
    """One form's validated records (ValueError when the contract refuses one)."""
    _clear_out_of_range(draft)
    form_id = form_id_for(sha, index)
    form = Form(form_id=form_id, source_path=source.display, source_sha256=sha, source_format=fmt,
                form_index=index, template=draft.template, **draft.fields)
    indicators = tuple(Indicator(form_id=form_id, **row) for row in draft.indicators)
    funds = tuple(Fund(form_id=form_id, **line) for line in draft.funds)
    findings = tuple(replace(n, form_id=form_id) for n in draft.notes)
    findings = check_form(form, indicators, funds, findings)
    pairs = tuple(LabelValue(form_id, k, label, value, column)
                  for k, (label, value, column) in enumerate(draft.labels))
    return FormRecords(form, indicators, funds, findings, pairs)


def _unreadable(source: InputFile, fmt: str | None, exc: OSError | InputError) -> FileResult:
    """The failed row of a file that cannot be read, is not a regular file, or is over the size limit."""
    said = f"cannot read the file: {exc.strerror}" if isinstance(exc, OSError) else str(exc)
    return FileResult(source.display, None, fmt, "failed", said)


def convert_file(source: InputFile, limits: Limits | None = None, pdf_engine: str = PDF_ENGINES[0]) -> FileOutcome:
    """Convert one file; whatever goes wrong becomes its failed `files` row, never an exception."""
    limits = limits or Limits()
    fmt = parsers.format_for(source.path.suffix)
    try:
        data = read_regular(source.path, limits)
        check_size(len(data), limits)  # grown since it was opened
    except (OSError, InputTooLargeError, NotRegularFileError) as exc:
        return FileOutcome(_unreadable(source, fmt, exc))
    sha = hashlib.sha256(data).hexdigest()
    intake = None
    try:
        intake = open_input(data, source.path.suffix, limits)
        fmt = intake.format or fmt
        doc = intake.parse(data, engine=pdf_engine) if fmt == "pdf" else intake.parse(data)
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
        return FileOutcome(FileResult(source.display, sha, fmt, "failed", OUT_OF_MEMORY))
    except Exception as exc:  # noqa: BLE001 - a defect on one file must not stop the batch: it is reported
        return FileOutcome(FileResult(source.display, sha, fmt, "failed",
                                      f"internal error ({type(exc).__name__}: {exc}); please report this file"))
    n_ind = sum(len(f.indicators) for f in forms)
    failures = [f.message for rec in forms for f in rec.findings if f.rule == "form_failed"]
    status, error = ("partial", "; ".join(failures)) if failures else ("ok", None)
    return FileOutcome(FileResult(source.display, sha, fmt, status, error, len(forms), n_ind), forms)


def work(task: Task) -> FileOutcome:
    """The per-file work every executor runs (a module-level function, so workers can import it).

    It returns the file's records: the writing process builds a chunk's Arrow tables from them
    (extractor.writers), so a worker never loads pyarrow.
    """
    return convert_file(task.source, task.limits, task.pdf_engine)


def _sha256(path: Path, limits: Limits) -> str:
    digest = hashlib.sha256()
    with os.fdopen(open_regular(path, limits), "rb") as stream:
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
            sha = _sha256(source.path, limits)
        except (OSError, InputTooLargeError, NotRegularFileError) as exc:
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
        return Task(source, limits, sha, pdf_engine=self.options.pdf_engine)


def _finish(task: Task, result: FileOutcome | Crashed) -> FileOutcome:
    if isinstance(result, Crashed):
        fmt = parsers.format_for(task.source.path.suffix)
        return FileOutcome(FileResult(task.source.display, task.sha256, fmt, "failed", result.reason))
    return result


def _execute(tasks: Iterator[Task], options: Options) -> Iterator[tuple[Task, FileOutcome | Crashed]]:
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
    batch: list[FileOutcome] = []
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
