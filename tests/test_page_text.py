"""The C page text (parsers/_page_text.c, through parsers/page_text) gives every page the cell texts
and free lines the Python code gives (parsers/pdf_tables._text_in_python): on every PDF of the engine
equality set, and on random pages made to hit its edges (ties in top and x0, overprinted copies,
ASCII words, wide gaps, characters on grid lines, positions no box covers, several grids)."""

from __future__ import annotations

import math
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import page_text as page_text_module
from parsers import pdf_tables
from parsers.pdf_model import PackedChars, PageModel
from parsers.pdf_tables import Grid, Line, build_page, make_grid
from tests.test_pdf_engines import PDFS

BUILT = page_text_module._helper() is not None
needs_helper = pytest.mark.skipif(not BUILT, reason="the C page text is not built (no C compiler at install)")


def _items(content) -> list[tuple]:
    return [("line", item.top, item.cells) if isinstance(item, Line)
            else ("grid", item.top, [(b.r0, b.r1, b.c0, b.c1, b.text) for b in item.boxes]) for item in content.items]


def _both(model: PageModel, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list, bool]:
    """(items with the C page text, items without it, whether C did the page)."""
    done = []

    def counting(*args):
        got = page_text_module.page_text(*args)
        done.append(got is not None)
        return got

    with monkeypatch.context() as patch:
        patch.setattr(pdf_tables, "page_text", counting)
        fast = _items(build_page(model))
        patch.setattr(pdf_tables, "page_text", lambda *args: None)
        slow = _items(build_page(model))
    return fast, slow, all(done)


@needs_helper
@pytest.mark.parametrize("path", PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_c_page_text_reads_what_python_reads(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pypdfium2")
    from parsers.pdf_pdfium import pdfium_pages
    from selfeval.errors import InputError

    try:
        models = list(pdfium_pages(path.read_bytes()))
    except InputError:  # the error samples: nothing to read (tests/test_pdf_engines holds their errors)
        return
    for model in models:
        fast, slow, _ = _both(model, monkeypatch)
        assert fast == slow, f"page {model.number}"


def _page(chars: list[tuple[str, float, float, float, float]], edges=()) -> PageModel:
    """A page of (text, x0, width, top, size) characters, as a reader with the C helper leaves it."""
    box, size = array("d"), array("d")
    for _text, x0, width, top, sz in chars:
        box.extend((x0, x0 + width, top, top + sz))
        size.append(sz)
    codes = array("I", "".join(c[0] for c in chars).encode("utf-32-le"))
    packed = PackedChars(box, size, array("b", bytes(len(chars))), array("i", range(len(chars))), codes)
    return PageModel(1, 600.0, 800.0, edges=list(edges), glyphs=len(chars), packed=packed)


def _grids(spec: list[tuple[list[float], list[float], list[tuple[int, int, int, int]]]]) -> list[Grid]:
    return [make_grid(1, xs, ys, spans) for xs, ys, spans in spec]


CODES = st.sampled_from(list("合计Aa1."))  # few: the same character next to itself is common
# half points in a small square, widths and sizes of a few points: ties, lines exactly LINE_GAP apart,
# gaps exactly WORD_GAP or CELL_GAP wide, copies exactly OVERPRINT apart and centres on grid lines happen
COORD = st.integers(0, 60).map(lambda v: v / 2)
CHAR = st.tuples(CODES, COORD, st.sampled_from([1.0, 2.0, 3.0]), COORD, st.sampled_from([2.0, 4.0, 5.0, 2.5]))


@st.composite
def grids(draw) -> list:
    out = []
    for _ in range(draw(st.integers(0, 2))):
        xs = sorted(set(draw(st.lists(COORD, min_size=2, max_size=5))))
        ys = sorted(set(draw(st.lists(COORD, min_size=2, max_size=5))))
        if len(xs) < 2 or len(ys) < 2:
            continue
        spans = []
        for _ in range(draw(st.integers(0, 6))):
            r0 = draw(st.integers(0, len(ys) - 2))
            c0 = draw(st.integers(0, len(xs) - 2))
            spans.append((r0, draw(st.integers(r0 + 1, len(ys) - 1)), c0, draw(st.integers(c0 + 1, len(xs) - 1))))
        out.append((xs, ys, spans))
    return out


@needs_helper
@settings(max_examples=400, deadline=None)
@given(st.lists(CHAR, max_size=40), grids())
def test_random_pages_read_the_same(chars, spec) -> None:
    model = _page(chars)
    for fn in (lambda: model, lambda: _page(chars)):  # the Python path turns the arrays into Chars
        page = fn()
        grids_made = _grids(spec)
        fast = page_text_module.page_text(page, grids_made)
        assert fast is not None
        texts, free = fast
        slow_grids = _grids(spec)
        slow_lines = pdf_tables._text_in_python(_page(chars), slow_grids, False)
        assert texts == [box.text or "" for g in slow_grids for box in g.boxes]
        assert free == [(line.top, line.cells) for line in slow_lines]


@needs_helper
def test_a_page_with_a_nan_box_is_left_to_python(monkeypatch: pytest.MonkeyPatch) -> None:
    model = _page([("合", 10.0, 10.0, 100.0, 10.0), ("计", 20.0, 10.0, math.nan, 10.0), ("A", 40.0, 5.0, 100.0, 10.0)])
    assert page_text_module.page_text(model, []) is None
    fast, slow, done = _both(_page([("合", 10.0, 10.0, 100.0, 10.0), ("计", 20.0, 10.0, math.nan, 10.0)]), monkeypatch)
    assert not done and fast == slow


def test_without_the_helper_the_python_code_reads_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFEVAL_PDFIUM_HELPER", "0")
    model = _page([("合", 10.0, 10.0, 100.0, 10.0), ("计", 20.0, 10.0, 100.0, 10.0), ("A", 60.0, 5.0, 100.0, 10.0)])
    assert page_text_module.page_text(model, []) is None
    assert _items(build_page(model)) == [("line", 100.0, ("合计", "A"))]


# (characters as (text, x0, width, top, size), the free line cells expected): each threshold of
# parsers/pdf_lines at its edge, where C and Python must agree to the last bit
EDGES = [
    ([("合", 10, 10, 100, 10), ("合", 12, 10, 100, 10)], ("合合",)),  # 0.2 of the size apart: two
    ([("合", 10, 10, 100, 10), ("合", 11.9, 10, 100, 10)], ("合",)),  # closer: printed twice over itself
    ([("A", 10, 5, 100, 10), ("B", 17.5, 5, 100, 10)], ("AB",)),  # a gap of 0.25 of the size: no space
    ([("A", 10, 5, 100, 10), ("B", 17.6, 5, 100, 10)], ("A B",)),  # wider: a space
    ([("合", 10, 10, 100, 10), ("A", 40.5, 5, 100, 10)], ("合", "A")),  # wider than 2 sizes: two cells
    ([("合", 10, 10, 100, 10), ("A", 40.5, 5, 100, 10), ("B", 48.1, 5, 100, 10)], ("合", "A B")),
    ([("合", 10, 10, 100, 10), ("计", 40, 10, 100, 10)], ("合计",)),  # exactly 2 sizes: one cell
]


@needs_helper
@pytest.mark.parametrize(("chars", "cells"), EDGES)
def test_each_threshold_at_its_edge(chars, cells, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow, done = _both(_page([(t, float(x), float(w), float(top), float(s)) for t, x, w, top, s in chars]),
                             monkeypatch)
    assert done and fast == slow == [("line", 100.0, cells)]


@needs_helper
@pytest.mark.parametrize(("second_top", "lines"), [(105.0, 1), (105.5, 2)])
def test_lines_half_a_size_apart_are_one(second_top: float, lines: int, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow, done = _both(_page([("合", 10.0, 10.0, 100.0, 10.0), ("计", 30.0, 10.0, second_top, 10.0)]),
                             monkeypatch)
    assert done and fast == slow and len(fast) == lines
