"""Every input format selfeval reads, in one table: suffix -> format -> parser.

Each parser is a function `parse(data: bytes) -> RawDocument` in its own module,
imported only when a file of that format is met, so a missing optional package
fails that file alone with a message naming the install extra.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from parsers.rows import RawDocument
from selfeval.errors import MissingDependencyError, UnsupportedFormatError


@dataclass(frozen=True)
class ParserSpec:
    format: str  # the `source_format` written to the tables
    target: str  # "module:function"
    extra: str | None  # the pip extra that installs what the parser imports


# suffix -> parser; the one place that says what selfeval reads
PARSERS: dict[str, ParserSpec] = {
    ".txt": ParserSpec("txt", "parsers.txt:parse_txt", None),
    ".md": ParserSpec("txt", "parsers.txt:parse_txt", None),  # Markdown tables: `|` between cells
    ".docx": ParserSpec("docx", "parsers.docx:parse_docx", "docx"),
    ".html": ParserSpec("html", "parsers.html:parse_html", "html"),
    ".htm": ParserSpec("html", "parsers.html:parse_html", "html"),
    ".xlsx": ParserSpec("xlsx", "parsers.xlsx:parse_xlsx", "xlsx"),
    ".xlsm": ParserSpec("xlsx", "parsers.xlsx:parse_xlsx", "xlsx"),
    # legacy binary Office files: converted by LibreOffice (soffice), then read as docx / xlsx
    ".doc": ParserSpec("doc", "parsers.legacy:parse_doc", "docx"),
    ".wps": ParserSpec("wps", "parsers.legacy:parse_wps", "docx"),
    ".xls": ParserSpec("xls", "parsers.legacy:parse_xls", "xlsx"),
    ".et": ParserSpec("et", "parsers.legacy:parse_et", "xlsx"),
    ".pdf": ParserSpec("pdf", "parsers.pdf:parse_pdf", "pdf"),
    # scans and photos of printed forms, read by OCR (an image-only .pdf goes there too, from parsers.pdf)
    ".png": ParserSpec("png", "parsers.scan:parse_image", "ocr"),
    ".jpg": ParserSpec("jpeg", "parsers.scan:parse_image", "ocr"),
    ".jpeg": ParserSpec("jpeg", "parsers.scan:parse_image", "ocr"),
    ".tif": ParserSpec("tiff", "parsers.scan:parse_image", "ocr"),
    ".tiff": ParserSpec("tiff", "parsers.scan:parse_image", "ocr"),
}


def format_for(suffix: str) -> str | None:
    spec = PARSERS.get(suffix.lower())
    return spec.format if spec else None


def get_parser(suffix: str) -> Callable[[bytes], RawDocument]:
    spec = PARSERS.get(suffix.lower())
    if spec is None:
        known = ", ".join(sorted(PARSERS))
        raise UnsupportedFormatError(f"unsupported file type {suffix or '(no suffix)'!r}; selfeval reads {known}")
    module_name, func_name = spec.target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        hint = f"pip install 'selfeval[{spec.extra}]'" if spec.extra else "reinstall selfeval"
        raise MissingDependencyError(f"reading {spec.format} files needs the package {exc.name!r}: {hint}") from exc
    return getattr(module, func_name)
