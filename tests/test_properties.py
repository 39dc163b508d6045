"""Property-based: the TXT parser and every normalizer raise nothing but selfeval's own errors on any input."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from normalizers import label_pieces, labels, merged_labels, numbers, text, wraps
from parsers.guard import Limits, check_html, check_zip
from parsers.intake import open_input
from parsers.sniff import sniff
from parsers.txt import parse_txt
from selfeval.errors import SelfevalError

# text that looks like form cells: CJK, digits (ASCII and full-width), units, punctuation, tags, TABs
CELLISH = st.text(alphabet=st.sampled_from(list("0123456789０１２３４５６７８９.,，%％-−+ 元万分()（）：:<>/p"
                                                "br项目绩效自评价指标一级投入与管理合计说明\t\n\r 　")) | st.characters(),
                  max_size=60)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _only_own_errors(fn: Callable[..., object], *args: object) -> None:
    try:
        fn(*args)
    except SelfevalError:
        pass  # the project's own, readable error: what bad input may raise


@SETTINGS
@given(st.binary(max_size=2000))
def test_txt_parser_on_any_bytes(data: bytes) -> None:
    _only_own_errors(parse_txt, data)


@SETTINGS
@given(st.text(max_size=500), st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-16-le"]))
def test_txt_parser_on_any_text_in_any_encoding(body: str, codec: str) -> None:
    _only_own_errors(parse_txt, body.encode(codec, "replace"))


@SETTINGS
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".docx", ".xlsx", ".html", ".pdf", ".doc", ""]))
def test_guard_and_sniff_on_any_bytes(data: bytes, suffix: str) -> None:
    assert isinstance(sniff(data), str)
    _only_own_errors(open_input, data, suffix)
    _only_own_errors(check_zip, b"PK\x03\x04" + data, Limits())
    _only_own_errors(check_html, data)


ONE_TEXT = [labels.canon_label, labels.label_base, label_pieces.split_points, numbers.ascii_numeric,
            numbers.parse_decimal, numbers.unit_factor, numbers.stated_unit_factor, numbers.parse_amount, numbers.parse_percent,
            numbers.parse_points, text.strip_html, text.ascii_alnum, text.clean_cell, text.clean_block,
            wraps.is_finished, wraps.starts_mid_sentence]


@pytest.mark.parametrize("fn", ONE_TEXT, ids=lambda f: f"{f.__module__}.{f.__name__}")
@SETTINGS
@given(value=CELLISH)
def test_text_normalizers(fn: Callable[[str], object], value: str) -> None:
    _only_own_errors(fn, value)


@SETTINGS
@given(CELLISH, st.sampled_from(["1", "10000", "0.0001"]))
@example("100000000000000000000000000", "1")  # once escaped as decimal.InvalidOperation
def test_amount_with_any_factor(value: str, factor: str) -> None:
    from decimal import Decimal
    _only_own_errors(numbers.parse_amount, value, Decimal(factor))


@SETTINGS
@given(st.lists(CELLISH, max_size=6))
def test_join_wrapped(pieces: list[str]) -> None:
    _only_own_errors(text.join_wrapped, pieces)


PIECES = st.lists(st.builds(label_pieces.LabelPiece, CELLISH, st.integers(0, 8), st.integers(0, 8)), max_size=5)
WEIGHTS = st.lists(st.one_of(st.none(), st.floats(0, 100, allow_nan=False)), max_size=9)


@SETTINGS
@given(PIECES, WEIGHTS)
def test_merged_labels(pieces: list[label_pieces.LabelPiece], weights: list[float | None]) -> None:
    try:
        found = label_pieces.join_label_pieces(pieces)
    except SelfevalError:
        return
    _only_own_errors(merged_labels.assign_labels, weights, found)


LINES = st.lists(st.lists(st.one_of(st.none(), CELLISH), min_size=1, max_size=5), max_size=8)


@SETTINGS
@given(LINES, st.data())
def test_group_fragments(lines: list[list[str | None]], data: st.DataObject) -> None:
    core = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    breaks = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    _only_own_errors(wraps.group_fragments, lines, core, breaks)
