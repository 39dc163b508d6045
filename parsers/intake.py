"""Choose the parser for a file from its bytes and its name, after the guard has passed it.

The suffix says what a file claims to be; `sniff` says what its bytes are.  When
they disagree the file is read with the parser of its real type (and the forms
get a `format_mismatch` finding saying so), or fails with a message naming
both.  Containers and markup pass `guard` before any parser opens them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import parsers
from parsers.guard import Limits, check_html, check_size, check_zip
from parsers.rows import RawDocument
from parsers.sniff import CLAIMS, ENCRYPTION_INFO, describe, sniff
from selfeval.errors import EmptyFileError, EncryptedFileError, MislabelledFileError, UnsupportedFormatError

TEXT_KINDS = frozenset({"txt", "html"})
# legacy binary Office formats (OLE2 files), read through LibreOffice by parsers/legacy.py
LEGACY = frozenset({"doc", "wps", "xls", "et"})
IMAGE_KINDS = frozenset({"png", "jpeg", "tiff"})  # binary to a text reader


@dataclass(frozen=True)
class Intake:
    format: str  # the source_format written: the real type's
    parse: Callable[[bytes], RawDocument]
    mismatch: str | None = None  # says the suffix lied, when it did


def _suffix_for(fmt: str) -> str | None:
    return next((suffix for suffix, spec in parsers.PARSERS.items() if spec.format == fmt), None)


def _named(suffix: str) -> str:
    return f"named {suffix}" if suffix else "without a suffix"


def _real_format(kind: str, declared: str | None, suffix: str, data: bytes) -> str:
    """The format to read the file as; raises when the bytes are something selfeval cannot read."""
    if kind == "ole2":
        if ENCRYPTION_INFO in data:
            raise EncryptedFileError(f"the {declared or 'Office'} file is password-protected (encrypted); "
                                     f"save it without a password")
        if declared in LEGACY:
            return declared
        raise UnsupportedFormatError(f"{_named(suffix)}: {describe(kind)} (by its bytes), which selfeval "
                                     f"reads only when named .doc/.wps/.xls/.et; rename it or save it as .docx/.xlsx")
    if declared is None:
        if kind in TEXT_KINDS or _suffix_for(kind) is None:
            return ""  # not ours to guess: get_parser reports the unsupported suffix
        return kind
    if kind == declared:
        return declared
    if declared in TEXT_KINDS and kind in TEXT_KINDS:
        # text and markup look alike; a page in a .txt is read as HTML when HTML is readable
        return kind if kind == "html" and _suffix_for("html") else declared
    if declared == "txt" and kind in ("binary", *IMAGE_KINDS):
        return declared  # the text decoder says exactly what is wrong with it
    if _suffix_for(kind) is None:
        why = "selfeval cannot read" if kind in ("zip", "binary", "rtf") else f"no {kind} reader is installed"
        raise MislabelledFileError(f"{_named(suffix)} but is {describe(kind)} (by its bytes), and {why}")
    return kind


def open_input(data: bytes, suffix: str, limits: Limits | None = None) -> Intake:
    """Guard `data` and return how to read it.  Raises an InputError for anything hostile or unreadable."""
    limits = limits or Limits()
    suffix = suffix.lower()
    check_size(len(data), limits)
    kind = sniff(data)
    if kind == "empty":
        raise EmptyFileError(f"empty file: {'0 bytes' if not data else 'only whitespace'}")
    # what the name claims: a format selfeval reads, or one it knows by name (its reader may be missing)
    declared = parsers.format_for(suffix) or CLAIMS.get(suffix)
    if kind in ("docx", "xlsx", "zip"):
        check_zip(data, limits, declared if declared in ("docx", "xlsx") else kind)
    elif kind == "html" or (kind == "txt" and declared == "html"):
        check_html(data)
    fmt = _real_format(kind, declared, suffix, data)
    if not fmt:
        return Intake(declared or "", parsers.get_parser(suffix))
    parse = parsers.get_parser(_suffix_for(fmt) or suffix)
    mismatch = None
    if declared != fmt:
        mismatch = f"file {_named(suffix)} is really {describe(fmt)} (by its bytes) and was read as {fmt}"
    return Intake(fmt, parse, mismatch)
