"""The optional C helpers of the PDF path, found and loaded once each.

Each is a C file built by `pip install` where a C compiler is found (setup.py, optional
extensions) and loaded with ctypes.CDLL: parsers/_pdfium_chars.c (the pdfium reader's calls,
parsers/pdfium_chars) and parsers/_page_text.c (a page's cell text, parsers/page_text).  Where one
is absent or cannot be loaded, or SELFEVAL_PDFIUM_HELPER=0, `library` answers None and the Python
code does the same work, to the same result (tests/test_pdfium_helper, tests/test_page_text).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
from functools import cache

SWITCH = "SELFEVAL_PDFIUM_HELPER"  # "0": do without the C helpers (to compare, or to rule them out)


def library(module: str) -> ctypes.CDLL | None:
    """The built helper `module` (e.g. "parsers._page_text"), or None."""
    return None if os.environ.get(SWITCH) == "0" else _load(module)


@cache
def _load(module: str) -> ctypes.CDLL | None:
    """Found and loaded once a process (a reader is made per document)."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not os.path.isfile(spec.origin):
        return None
    try:
        return ctypes.CDLL(spec.origin)
    except OSError:  # built for another platform, or damaged: the Python code does without it
        return None


def declared(library: ctypes.CDLL, name: str, argtypes: list) -> ctypes._CFuncPtr:
    """Function `name` of `library`, returning a C int, every parameter declared (ctypes would pass an
    undeclared one as a C int, cutting an address to 32 bits)."""
    function = getattr(library, name)  # one object per library and name: declaring it again is harmless
    function.restype, function.argtypes = ctypes.c_int, argtypes
    return function
