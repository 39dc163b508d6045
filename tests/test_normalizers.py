"""Every normalizer as a table of (input, expected)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from normalizers.labels import canon_label, label_base
from normalizers.numbers import (
    parse_amount,
    parse_decimal,
    parse_percent,
    parse_points,
    stated_unit_factor,
    unit_factor,
)
from normalizers.text import ascii_alnum, clean_block, clean_cell, join_wrapped, strip_html
from selfeval.errors import NumberError


@pytest.mark.parametrize(("raw", "expected"), [
    ("<p>说明：1、依据</p> <p>2、绩效</p>", "说明：1、依据\n 2、绩效\n"),
    ("a<br>b<br/>c", "a\nb\nc"),
    ('<span class="x">预算</span>执行', "预算执行"),
    ("A&amp;B&nbsp;C", "A&B\u00a0C"),
    ("没有标签", "没有标签"),
    ("1<2 且 3>2", "1<2 且 3>2"),
])
def test_strip_html(raw: str, expected: str) -> None:
    assert strip_html(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("ＣＲＭ软件２０１９年", "CRM软件2019年"),
    ("（科室）：，。", "（科室）：，。"),  # Chinese punctuation stays as written
    ("ａｂｃ", "abc"),
])
def test_ascii_alnum(raw: str, expected: str) -> None:
    assert ascii_alnum(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    (None, None),
    ("", None),
    ("  \u3000 ", None),
    ("  上海市党建服务中心\t", "上海市党建服务中心"),
    ("项目的申请、设立\n过程是否符合", "项目的申请、设立过程是否符合"),
    ("预算数为10\n0万元", "预算数为100万元"),
    ("CRM\nsoftware", "CRM software"),
    ("CRM 软件定制", "CRM 软件定制"),
    ("<p>１００％</p>", "100％"),
])
def test_clean_cell(raw: str | None, expected: str | None) -> None:
    assert clean_cell(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("<p>说明：1、依据。</p> <p>2、等级。</p> <p>3、增加。</p>", "说明：1、依据。\n2、等级。\n3、增加。"),
    ("说明：1、依据。\n\n2、等级。", "说明：1、依据。\n2、等级。"),
    ("   ", None),
])
def test_clean_block(raw: str, expected: str | None) -> None:
    assert clean_block(raw) == expected


@pytest.mark.parametrize(("pieces", "expected"), [
    (["标较为", "明确"], "标较为明确"),
    (["=22.57%", "2.65%"], "=22.57%2.65%"),
    (["Learning", "time"], "Learning time"),
    (["CTI", "平台"], "CTI平台"),
    ([], ""),
])
def test_join_wrapped(pieces: list[str], expected: str) -> None:
    assert join_wrapped(pieces) == expected


@pytest.mark.parametrize(("raw", "factor", "expected"), [
    ("2,055,983.00", Decimal(1), Decimal("2055983.00")),
    ("２，０５５，９８３．００", Decimal(1), Decimal("2055983.00")),
    ("36.968", Decimal(10000), Decimal("369680.00")),
    ("36.968万元", Decimal(1), Decimal("369680.00")),
    ("0.01万元", Decimal(1), Decimal("100.00")),
    ("1234.5元", Decimal(10000), Decimal("1234.50")),
    ("¥ 1,000", Decimal(1), Decimal("1000.00")),
    ("-3,000.5", Decimal(1), Decimal("-3000.50")),
    ("0.00", Decimal(1), Decimal("0.00")),
    ("12345678901234.56", Decimal(1), Decimal("12345678901234.56")),
])
def test_parse_amount(raw: str, factor: Decimal, expected: Decimal) -> None:
    value = parse_amount(raw, factor)
    assert value == expected and value.as_tuple().exponent == -2


@pytest.mark.parametrize("raw", ["", "无", "1,00,0", "12元34", "abc", "--1"])
def test_parse_amount_refuses(raw: str) -> None:
    with pytest.raises(NumberError):
        parse_amount(raw)


@pytest.mark.parametrize(("label", "expected"), [
    ("当年预算数（万元）：", Decimal(10000)),
    ("当年预算数(元)：", Decimal(1)),
    ("项目资金（万元）", Decimal(10000)),
    ("单位：万元", Decimal(10000)),
    ("预算执行数", Decimal(1)),
    (None, Decimal(1)),
])
def test_unit_factor(label: str | None, expected: Decimal) -> None:
    assert unit_factor(label) == expected


@pytest.mark.parametrize(("label", "expected"), [
    ("项目资金（万元）", Decimal(10000)), ("金额单位：元", Decimal(1)), ("项目资金", None), (None, None)])
def test_stated_unit_factor_says_when_no_unit_is_stated(label: str | None, expected: Decimal | None) -> None:
    assert stated_unit_factor(label) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("100.00%", 100.0), ("99.71", 99.71), ("９９．４１％", 99.41), ("98.31 %", 98.31), ("0%", 0.0),
])
def test_parse_percent(raw: str, expected: float) -> None:
    assert parse_percent(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("5", 5.0), ("５", 5.0), ("2.5", 2.5), ("8分", 8.0), (" 100 ", 100.0), ("0", 0.0),
])
def test_parse_points(raw: str, expected: float) -> None:
    assert parse_points(raw) == expected


@pytest.mark.parametrize("raw", ["五", "满分", "5-6", "", "N/A"])
def test_parse_points_refuses(raw: str) -> None:
    with pytest.raises(NumberError, match="not a number of points"):
        parse_points(raw)


def test_parse_decimal_keeps_exact_digits() -> None:
    assert parse_decimal("０.１") == Decimal("0.1")


@pytest.mark.parametrize(("raw", "expected"), [
    ("当年预算数(元)：", "当年预算数(元)"),
    ("当年预算数（元）：", "当年预算数(元)"),
    ("具体实施处（科室）:", "具体实施处(科室)"),
    ("项目 名 称：", "项目名称"),
    ("项目绩效自我评价", "项目绩效自评价"),
    ("<p>主要绩效</p>", "主要绩效"),
    (None, ""),
])
def test_canon_label(raw: str | None, expected: str) -> None:
    assert canon_label(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("当年预算数（元）：", "当年预算数"),
    ("当年预算数（万元）", "当年预算数"),
    ("预算执行率（%）：", "预算执行率"),
    ("预算执行率（％）：", "预算执行率"),
    ("具体实施处（科室）：", "具体实施处(科室)"),
])
def test_label_base(raw: str, expected: str) -> None:
    assert label_base(raw) == expected
