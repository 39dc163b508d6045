"""Numbers as forms print them: full-width digits, thousands separators, 元/万元, percentages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import regex

from normalizers.hanzi import fold_hanzi
from selfeval.errors import NumberError

# full-width digits and the signs that go with numbers
FULLWIDTH_NUMERIC = str.maketrans("０１２３４５６７８９．，％－＋　", "0123456789.,%-+ ", "")
# a thousands separator: a comma between a digit and exactly three digits
THOUSANDS = regex.compile(r"(?<=\d)[,，](?=\d{3}(?:\D|$))")
# the number itself: optional sign, digits, optional decimals (matched after ascii_numeric: − is -)
NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
NUMBER = regex.compile(NUM)
# a currency amount with its optional unit: ¥ 1,234.50 元 / 36.968万元
AMOUNT = regex.compile(rf"^[¥￥]?\s*(?P<num>{NUM})\s*(?P<unit>万元|万|元)?$")
# a percentage: 99.71% / 99.71 / 99.71 %
PERCENT = regex.compile(rf"^(?P<num>{NUM})\s*%?$")
# points: 5 / 5分 / 5.0 分
POINTS = regex.compile(rf"^(?P<num>{NUM})\s*分?$")
# the unit named in a label: 当年预算数（万元） / 预算执行数(元)
LABEL_UNIT = regex.compile(r"[（(]\s*(?P<unit>万元|元)\s*[)）]|单位\s*[:：]?\s*(?P<unit2>万元|元)")

UNIT_FACTORS = {"元": Decimal(1), "万元": Decimal(10000), "万": Decimal(10000)}
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(10) ** 16  # yuan: decimal(18,2) holds 16 integer digits
MAX_POINTS = Decimal(10) ** 15  # a weight, score or percentage past this is no form's (and sums stay finite)


def ascii_numeric(text: str) -> str:
    """Full-width digits, point, comma, percent and signs to ASCII; separators removed."""
    text = text.translate(FULLWIDTH_NUMERIC).strip()
    return THOUSANDS.sub("", text).replace(" ", "").replace("−", "-")


def parse_decimal(text: str) -> Decimal:
    cleaned = ascii_numeric(text)
    if not NUMBER.fullmatch(cleaned):
        raise NumberError(f"not a number: {text!r}")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise NumberError(f"not a number: {text!r}") from exc


def stated_unit_factor(label: str | None) -> Decimal | None:
    """The factor to yuan a label states: （万元） / 单位：万元 -> 10000, (元) -> 1, no unit -> None."""
    m = LABEL_UNIT.search(fold_hanzi(label)) if label else None  # 萬元 is 万元
    return UNIT_FACTORS[m.group("unit") or m.group("unit2")] if m else None


def unit_factor(label: str | None) -> Decimal:
    """The factor to yuan a label names: （万元） -> 10000, (元) or nothing -> 1."""
    stated = stated_unit_factor(label)
    return Decimal(1) if stated is None else stated


def parse_amount(text: str, factor: Decimal = Decimal(1)) -> Decimal:
    """An amount in yuan, exact to the fen: '2,055,983.00' -> 2055983.00; '36.968', 10000 -> 369680.00.

    A unit written after the number (元, 万元) overrides the label's factor.
    """
    cleaned = ascii_numeric(text)
    m = AMOUNT.match(cleaned)
    if not m:
        raise NumberError(f"not an amount: {text!r}")
    if m.group("unit"):
        factor = UNIT_FACTORS[m.group("unit")]
    value = Decimal(m.group("num")) * factor
    if abs(value) >= MAX_AMOUNT:
        raise NumberError(f"amount too large: {text[:40]!r} does not fit decimal(18,2)")
    try:
        return value.quantize(CENT)
    except InvalidOperation as exc:  # more digits than decimal arithmetic holds
        raise NumberError(f"amount too large: {text[:40]!r}") from exc


def _bounded(number: str, text: str) -> float:
    value = Decimal(number)
    if abs(value) >= MAX_POINTS:
        raise NumberError(f"number too large: {text[:40]!r}")
    return float(value)


def parse_percent(text: str) -> float:
    """A percentage as its number: '100.00%' -> 100.0, '99.71' -> 99.71."""
    m = PERCENT.match(ascii_numeric(text))
    if not m:
        raise NumberError(f"not a percentage: {text!r}")
    return _bounded(m.group("num"), text)


def parse_points(text: str) -> float:
    """A weight or a score: '5' -> 5.0, '５分' -> 5.0, '2.5' -> 2.5."""
    m = POINTS.match(ascii_numeric(text))
    if not m:
        raise NumberError(f"not a number of points: {text!r}")
    return _bounded(m.group("num"), text)

