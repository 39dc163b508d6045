"""Spreadsheet number formats: the text a cell shows for its stored number.

Forms are read as printed, so a spreadsheet cell's text is what Excel displays:
0.9831 with `0.00%` shows `98.31%`, 2055983 with `#,##0.00` shows `2,055,983.00`,
5.0 with `General` shows `5`.  Covers what forms use: decimals, thousands
separators, percent, literal text and currency symbols, sections for negative and
zero, scientific notation; anything else falls back to General.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import regex

# [$¥-804] currency/locale tag: group `sym` is the symbol it shows
CURRENCY = regex.compile(r"\[\$(?P<sym>[^\]-]*)(?:-[^\]]*)?\]")
# any other bracketed directive: [Red], [>=100], [DBNum1]
BRACKET = regex.compile(r"\[[^\]]*\]")
# one token of a format section: "quoted", \escaped, _padding, *fill, or one character
TOKEN = regex.compile(r'"(?P<quoted>[^"]*)"|\\(?P<escaped>.)|_(?P<pad>.)|\*(?P<fill>.)|(?P<char>.)', regex.DOTALL)
# characters that place digits
DIGIT_PLACES = frozenset("0#?")
# date/time codes: a format holding one of these (outside quotes) shows a date
DATE_CODES = regex.compile(r"[ymdhs]", regex.IGNORECASE)


def general(value: float | int) -> str:
    """Excel's General format: integers without a point, other numbers without float noise."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}"


def _sections(fmt: str) -> list[str]:
    out, current, quoted = [], [], False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return out


def _tokens(section: str) -> list[tuple[bool, str]]:
    """(is_code, text) tokens: format code characters, and literals resolved to the text they show."""
    section = CURRENCY.sub(lambda m: '"' + m.group("sym") + '"', section)
    section = BRACKET.sub("", section)
    out: list[tuple[bool, str]] = []
    for m in TOKEN.finditer(section):
        if m.group("quoted") is not None:
            out.append((False, m.group("quoted")))
        elif m.group("escaped") is not None:
            out.append((False, m.group("escaped")))
        elif m.group("pad") is not None:
            out.append((False, " "))
        elif m.group("char") is not None:
            out.append((True, m.group("char")))
    return out


def _render(value: Decimal, pattern: str, literal_percent: int) -> str | None:
    """The digits of `value` laid out by the placeholder pattern (0 # ? . , E+)."""
    if "E" in pattern.upper():
        mantissa = pattern.upper().split("E")[0]
        decimals = sum(1 for ch in mantissa.split(".", 1)[1] if ch in DIGIT_PLACES) if "." in mantissa else 0
        return f"{float(value):.{decimals}E}"
    value = value * (Decimal(100) ** literal_percent)
    int_part, _, frac_part = pattern.partition(".")
    decimals = sum(1 for ch in frac_part if ch in DIGIT_PLACES)
    if not any(ch in DIGIT_PLACES for ch in pattern):
        return None
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.{decimals}f}" if "," in int_part else f"{abs(rounded):.{decimals}f}"
    if "0" not in int_part and text.startswith("0") and (decimals or rounded == 0):
        text = text[1:]
    return ("-" if rounded < 0 else "") + text


def format_number(value: float | int, fmt: str | None) -> str:
    """The text a spreadsheet shows for `value` under number format `fmt`."""
    if not fmt or fmt.lower() in ("general", "@"):
        return general(value)
    sections = _sections(fmt)
    if value < 0 and len(sections) > 1 and sections[1]:
        section, value = sections[1], -value
    elif value == 0 and len(sections) > 2 and sections[2]:
        section = sections[2]
    else:
        section = sections[0]
    if section.lower() in ("general", ""):
        return general(value)
    tokens = _tokens(section)
    codes = [i for i, (is_code, ch) in enumerate(tokens) if is_code and (ch in DIGIT_PLACES or ch == ".")]
    if not codes:
        if any(is_code and DATE_CODES.match(ch) for is_code, ch in tokens):
            return general(value)  # a date format on a plain number
        return "".join(text for _, text in tokens)  # a format of literals only
    first = codes[0]
    last = max(i for i, (is_code, ch) in enumerate(tokens) if is_code and (ch in DIGIT_PLACES or ch in ".,"))
    core = "".join(ch for is_code, ch in tokens[first:last + 1] if is_code)
    if tokens[last + 1:last + 2] in ([(True, "E")], [(True, "e")]):
        while last + 1 < len(tokens) and tokens[last + 1][0] and tokens[last + 1][1] in "Ee+-0#":
            last += 1
            core += tokens[last][1]
    percent = sum(1 for is_code, ch in tokens if is_code and ch == "%")
    exact = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    number = _render(exact, core, percent)
    if number is None:
        return general(value)
    prefix = "".join(text for _, text in tokens[:first])
    suffix = "".join(text for _, text in tokens[last + 1:])
    return prefix + number + suffix


def format_date(value: dt.date | dt.datetime | dt.time, fmt: str | None) -> str:
    """A date or time cell: 2020年3月1日 for Chinese formats, ISO otherwise."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if fmt and "年" in fmt:
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.datetime) and (value.hour or value.minute or value.second):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
