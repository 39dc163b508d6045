"""A text page's printed characters in one call, and a page's objects and paths in a few: the optional
C helper (parsers/_pdfium_chars.c).

pdfium answers per character (its text object, its loose box, whether it is generated, whether
its font maps it to unicode) and per page object and path segment; from Python each answer is a
ctypes call.  The helper makes the same
calls in a C loop, through the addresses of the functions pypdfium2 has loaded, and hands back
arrays.  It is built by `pip install` where a C compiler is found (setup.py, an optional
extension); where it is absent, or SELFEVAL_PDFIUM_HELPER=0, `load` answers None and the reader
makes the calls itself (parsers/pdf_pdfium).  Both give the same characters (tests/test_pdf_engines).
"""

from __future__ import annotations

import ctypes
from array import array
from collections.abc import Callable

from parsers.c_helpers import declared, library
from parsers.pdf_model import PackedChars

HELPER = "parsers._pdfium_chars"
# the pdfium functions the helper calls, in the order of its `fns` argument
CALLS = ("FPDFText_GetTextObject", "FPDFText_GetLooseCharBox", "FPDFText_IsGenerated",
         "FPDFText_HasUnicodeMapError", "FPDFText_GetMatrix", "FPDFText_GetFontSize")


_P, _I = ctypes.c_void_p, ctypes.c_int
# every parameter of each helper function, declared (ctypes would pass an undeclared one as a C int,
# cutting an address to 32 bits); tests/test_pdfium_helper.py checks them against the C source
SIGNATURES = {
    "selfeval_read_chars": [_P, _I, ctypes.c_char_p, _P, _P, _P, _P, _I, _P, _P, _P, _P, _P],
    "selfeval_objects": [_P, _I, _P, _P, _P],
    "selfeval_path": [_P] * 9,
}


def _declared(library: ctypes.CDLL, name: str):
    return declared(library, name, SIGNATURES[name])


def _library() -> ctypes.CDLL | None:
    return library(HELPER)


def load(pdfium, rect, matrix) -> Callable[..., tuple[PackedChars, int, int] | None] | None:
    """read(textpage, n, text, display matrix, quarter turns) for pypdfium2's raw module `pdfium`,
    or None without the helper.  `rect` and `matrix` are the reader's FS_RECTF and FS_MATRIX: a
    failed pdfium call leaves them as they were, in C as in Python.  read() answers None for a page
    with skewed text (a text matrix neither straight nor turned a quarter), left to the reader."""
    library = _library()
    if library is None:
        return None
    helper = _declared(library, "selfeval_read_chars")
    fns = (ctypes.c_void_p * len(CALLS))(*(ctypes.cast(getattr(pdfium, name), ctypes.c_void_p).value
                                           for name in CALLS))
    counts = (ctypes.c_longlong * 2)()
    state = (rect, matrix)

    def read(textpage, n: int, text: str, m: tuple[float, ...], quarters: int) -> tuple[PackedChars, int, int] | None:
        """(the printed characters, glyphs drawn (spaces included), glyphs whose font gives no unicode)."""
        index, box = array("i", bytes(4 * n)), array("d", bytes(32 * n))
        size, turn = array("d", bytes(8 * n)), array("b", bytes(n))
        saved = [bytes(s) for s in state]
        printed = helper(textpage, n, bytes(map(str.isspace, text)), fns, ctypes.byref(rect), ctypes.byref(matrix),
                         (ctypes.c_double * 6)(*m), quarters, index.buffer_info()[0], box.buffer_info()[0],
                         size.buffer_info()[0], turn.buffer_info()[0], counts)
        if printed < 0:  # skewed text: the reader asks again from Python, from the state it had
            for s, before in zip(state, saved, strict=True):
                ctypes.memmove(ctypes.addressof(s), before, len(before))
            return None
        codes = array("I", text.encode("utf-32-le", "surrogatepass"))
        return PackedChars(box[: 4 * printed], size[:printed], turn[:printed], index[:printed], codes), counts[0], counts[1]

    return read


OBJECT_CALLS = ("FPDFPage_CountObjects", "FPDFPage_GetObject", "FPDFFormObj_CountObjects", "FPDFFormObj_GetObject",
                "FPDFPageObj_GetType")
PATH_CALLS = ("FPDFPageObj_GetMatrix", "FPDFPath_CountSegments", "FPDFPath_GetPathSegment",
              "FPDFPathSegment_GetPoint", "FPDFPathSegment_GetType", "FPDFPathSegment_GetClose")


def _addresses(pdfium, names: tuple[str, ...]):
    return (ctypes.c_void_p * len(names))(*(ctypes.cast(getattr(pdfium, name), ctypes.c_void_p).value
                                            for name in names))


def load_objects(pdfium, matrix, x, y) -> tuple[Callable[[object, bool], list[tuple[int, int]]],
                                                Callable[[int], tuple[tuple[float, ...], list[tuple]]]] | None:
    """(objects, path) for pypdfium2's raw module, or None without the helper.

    objects(container, form): (handle, type) of the paths, images and forms of a page (or of a
    Form XObject): text objects are skipped in C.  path(handle): (its matrix, its segments (type,
    x, y, closes)), as the reader's _matrix and _segments read them; `matrix`, `x` and `y` are the
    reader's FS_MATRIX and c_floats, left as they were by a failed call, in C as in Python."""
    library = _library()
    if library is None:
        return None
    objects_call, path_call = _declared(library, "selfeval_objects"), _declared(library, "selfeval_path")
    object_fns, path_fns = _addresses(pdfium, OBJECT_CALLS), _addresses(pdfium, PATH_CALLS)
    at_matrix, at_x, at_y = ctypes.byref(matrix), ctypes.byref(x), ctypes.byref(y)
    out = (ctypes.c_double * 6)()

    def objects(container, form: bool) -> list[tuple[int, int]]:
        n = objects_call(container, form, object_fns, None, None)
        if n <= 0:
            return []
        handles, types = (ctypes.c_void_p * n)(), array("i", bytes(4 * n))
        kept = objects_call(container, form, object_fns, handles, types.buffer_info()[0])
        return list(zip(handles[:kept], types[:kept].tolist(), strict=True))

    def path(handle: int) -> tuple[tuple[float, ...], list[tuple]]:
        room = max(path_call(handle, path_fns, at_matrix, at_x, at_y, out, None, None, None), 0) + 1  # never NULL
        kinds, xy, closes = array("i", bytes(4 * room)), array("d", bytes(16 * room)), array("b", bytes(room))
        n = max(path_call(handle, path_fns, at_matrix, at_x, at_y, out, kinds.buffer_info()[0],
                          xy.buffer_info()[0], closes.buffer_info()[0]), 0)
        points = xy[: 2 * n].tolist()
        segments = list(zip(kinds[:n].tolist(), points[0::2], points[1::2], map(bool, closes[:n]), strict=True))
        return tuple(out), segments

    return objects, path
