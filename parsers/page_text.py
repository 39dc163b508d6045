"""A page's cell texts and free lines in one C call (parsers/_page_text.c), where the page has its
characters as arrays (PageModel.packed: the pdfium reader's, with its C helper) and the helper is
built: what parsers/pdf_tables.build_page otherwise does in Python (_assign, then
parsers/pdf_lines' rows_of, line_text and line_cells), with the same result (tests/test_page_text).
"""

from __future__ import annotations

import ctypes
from array import array
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from parsers.c_helpers import declared, library

if TYPE_CHECKING:
    from parsers.pdf_model import PageModel

HELPER = "parsers._page_text"
_P, _I = ctypes.c_void_p, ctypes.c_int
SIGNATURE = [_I, _P, _P, _P, _P, _I, _P, _P, _P, _I, _P, _P, _P]  # selfeval_page_text's parameters
RECORD_END, CELL_END = "\x1e", "\x1f"  # what the C code ends each box's text and free line with / cuts cells by


def _helper():
    built = library(HELPER)  # asked each page: SELFEVAL_PDFIUM_HELPER=0 may be set any time (tests do)
    return None if built is None else _declared(built)


@cache
def _declared(built):
    return declared(built, "selfeval_page_text", SIGNATURE)


def _at(buffer: array) -> int:
    return buffer.buffer_info()[0]


def page_text(model: PageModel, grids: Sequence) -> tuple[list[str], list[tuple[float, tuple[str, ...]]]] | None:
    """(each box's text, "" for none, box by box of grid after grid; each free line's (top, cells)),
    or None where the C page text cannot do it (no arrays, not built, or a page it declines).
    `grids`: parsers/pdf_tables.Grid objects (their xs, ys, owner and boxes are read)."""
    packed, helper = model.packed, _helper()
    if packed is None or helper is None:
        return None
    meta, lines, owner, ids = array("i"), array("d"), array("i"), {}
    for grid in grids:
        for box in grid.boxes:
            ids[id(box)] = len(ids)
        meta.extend((len(grid.xs), len(grid.ys), len(lines), len(owner)))
        lines.extend(grid.xs)
        lines.extend(grid.ys)
        owner.extend(-1 if box is None else ids[id(box)] for row in grid.owner for box in row)
    n = len(packed.size)
    out, tops, ntops = array("I", bytes(4 * (3 * n + len(ids) + 1))), array("d", bytes(8 * n + 8)), ctypes.c_int()
    written = helper(n, _at(packed.box), _at(packed.size), _at(packed.codes), _at(packed.index), len(grids),
                     _at(meta) if meta else None, _at(lines) if lines else None, _at(owner) if owner else None,
                     len(ids), _at(out), _at(tops), ctypes.byref(ntops))
    if written < 0:
        return None
    records = out[:written].tobytes().decode("utf-32-le", "surrogatepass").split(RECORD_END)
    free = [(top, tuple(line.split(CELL_END))) for top, line in zip(tops[: ntops.value], records[len(ids):-1],
                                                                     strict=True)]
    return records[: len(ids)], free
