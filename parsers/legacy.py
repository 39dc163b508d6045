"""Legacy binary Office files (.doc, .wps, .xls, .et): converted by LibreOffice, then read as docx / xlsx.

LibreOffice runs headless (`soffice --headless --convert-to docx|xlsx`) into a
temporary folder with its own throw-away user profile, so conversions never
share a lock.  Without `soffice` on PATH the file fails with 'needs LibreOffice
to read .doc files' (and so on for each suffix).
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from parsers.rows import RawDocument
from selfeval.errors import CorruptFileError, MissingDependencyError

# LibreOffice's program names, in the order tried
SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 180


def soffice_path() -> str | None:
    return next((found for name in SOFFICE_NAMES if (found := shutil.which(name))), None)


def _lift_memory_cap() -> None:
    """In the soffice child: LibreOffice maps more address space than a worker's cap allows (a worker
    lowers its soft RLIMIT_AS, extractor/executors.py); the soft limit goes back up to the hard one."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (resource.getrlimit(resource.RLIMIT_AS)[1],) * 2)


def convert(data: bytes, suffix: str, target: str) -> bytes:
    """The file converted by LibreOffice to `target` ('docx' or 'xlsx')."""
    program = soffice_path()
    if program is None:
        raise MissingDependencyError(f"needs LibreOffice to read {suffix} files")
    with tempfile.TemporaryDirectory(prefix="selfeval-lo-") as tmp:
        folder = Path(tmp)
        source = folder / f"input{suffix}"
        source.write_bytes(data)
        argv = [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                "--convert-to", target, "--outdir", str(folder / "out"), str(source)]
        try:
            done = subprocess.run(argv, capture_output=True, timeout=TIMEOUT_SECONDS, check=True,
                                  preexec_fn=_lift_memory_cap if os.name == "posix" else None)
        except subprocess.TimeoutExpired as exc:
            raise CorruptFileError(f"LibreOffice did not finish converting the {suffix} file "
                                   f"in {TIMEOUT_SECONDS} s") from exc
        except subprocess.CalledProcessError as exc:
            message = exc.stderr.decode("utf-8", "replace").strip()[:200]
            raise CorruptFileError(f"LibreOffice could not convert the {suffix} file: {message}") from exc
        result = folder / "out" / f"input.{target}"
        if not result.exists():
            message = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[:200]
            raise CorruptFileError(f"LibreOffice could not convert the {suffix} file "
                                   f"(damaged or not a {suffix} file){': ' + message if message else ''}")
        return result.read_bytes()


def _reader(module: str, extra: str):
    """The docx / xlsx parser a converted file goes to; its package missing is a MissingDependencyError."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise MissingDependencyError(f"reading converted files needs the package {exc.name!r}: "
                                     f"pip install 'selfeval[{extra}]'") from exc


def _as_docx(data: bytes, suffix: str) -> RawDocument:
    return _reader("parsers.docx", "docx").parse_docx(convert(data, suffix, "docx"))


def _as_xlsx(data: bytes, suffix: str) -> RawDocument:
    return _reader("parsers.xlsx", "xlsx").parse_xlsx(convert(data, suffix, "xlsx"))


def parse_doc(data: bytes) -> RawDocument:
    return _as_docx(data, ".doc")


def parse_wps(data: bytes) -> RawDocument:
    return _as_docx(data, ".wps")


def parse_xls(data: bytes) -> RawDocument:
    return _as_xlsx(data, ".xls")


def parse_et(data: bytes) -> RawDocument:
    return _as_xlsx(data, ".et")
