"""remark_arithmetic: a calculation written out in a remark whose arithmetic does not hold.

`(12491995-10184705)/10184705*100%=22.57%` is checked by evaluating the left side
with a small parser of + − × ÷ and parentheses (never eval) and comparing it with
the stated result, tolerating rounding or truncation to the result's own decimals.
`N%` means N/100 on both sides, so `x/y*100%=26.2%` compares x/y with 0.262.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

import regex

from extractor.findings.base import FormUnderCheck, decimals, row_label, within_rounding
from extractor.model import Finding

REMARK_ARITHMETIC = "remark_arithmetic"

# full-width and typographic arithmetic signs -> ASCII
ARITH_ASCII = str.maketrans("（）＋－—×÷＊／＝％．０１２３４５６７８９", "()+--*/*/=%.0123456789")
# a run of text made only of arithmetic characters that holds an '=': a written-out calculation
CALC_RUN = regex.compile(r"[\d.()+\-*/%=\s]*=[\d.()+\-*/%=\s]*")
# a thousands separator inside a number: 12,491,995
THOUSANDS = regex.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# one token of an expression: a number with an optional percent sign, or an operator / parenthesis
TOKEN = regex.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?|\.\d+)(?P<pct>%)?|(?P<op>[-+*/()]))")
# the stated result at the start of the last segment: 22.57% (whatever follows that is not arithmetic)
RESULT = regex.compile(r"^\s*(?P<num>-?\d+(?:\.\d+)?)(?:(?P<pct>%)(?!\s*[+\-*/(])|(?![\d.%+\-*/(]))")
HUNDRED = Decimal(100)


class ExpressionError(ValueError):
    """Text that is not a complete arithmetic expression."""


@dataclass
class _Parser:
    tokens: list[tuple[str, str]]  # (kind, text): kind is num, pct (a number written with %) or op
    pos: int = 0
    operators: int = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        if self.pos >= len(self.tokens):
            raise ExpressionError("unexpected end")
        self.pos += 1
        return self.tokens[self.pos - 1]

    def expr(self) -> Decimal:
        value = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()[1]
            self.operators += 1
            value = value + self.term() if op == "+" else value - self.term()
        return value

    def term(self) -> Decimal:
        value = self.factor()
        while self.peek() in ("*", "/"):
            op = self.take()[1]
            self.operators += 1
            right = self.factor()
            value = value * right if op == "*" else value / right
        return value

    def factor(self) -> Decimal:
        kind, text = self.take()
        if kind in ("num", "pct"):
            return Decimal(text) / HUNDRED if kind == "pct" else Decimal(text)
        if text == "-":
            return -self.factor()
        if text == "(":
            value = self.expr()
            if self.take()[1] != ")":
                raise ExpressionError("unbalanced parenthesis")
            return value
        raise ExpressionError(f"unexpected {text!r}")


def evaluate(text: str) -> tuple[Decimal, int]:
    """The value of an arithmetic expression and its number of operators; ExpressionError when
    the text is not one complete expression (or divides by zero)."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExpressionError(f"not arithmetic at {text[pos:]!r}")
        if m["num"] is not None:
            tokens.append(("pct" if m["pct"] else "num", m["num"]))
        else:
            tokens.append(("op", m["op"]))
        pos = m.end()
    parser = _Parser(tokens)
    try:
        value = parser.expr()
    except (DivisionByZero, InvalidOperation) as exc:
        raise ExpressionError(str(exc)) from exc
    if parser.pos != len(tokens):
        raise ExpressionError("trailing text")
    return value, parser.operators


@dataclass(frozen=True)
class Calculation:
    written: str  # as the remark writes it, e.g. (920-729)/729*100%=26.2%
    computed: Decimal  # the left side's value (percent signs applied)
    stated: Decimal  # the result as stated (percent sign applied)
    stated_text: str  # 26.2%
    places: int  # decimals of the stated result

    @property
    def percent(self) -> bool:
        return self.stated_text.endswith("%")

    def holds(self) -> bool:
        scale = HUNDRED if self.percent else Decimal(1)
        stated = float(self.stated * scale)
        # x/y*100=99.71% and x/y=99.71% write the percent inconsistently; that is notation, not arithmetic
        return any(within_rounding(float(self.computed * scale * f), stated, self.places)
                   for f in (Decimal(1), HUNDRED, 1 / HUNDRED))

    def computed_text(self) -> str:
        value = self.computed * (HUNDRED if self.percent else 1)
        stated = self.stated * (HUNDRED if self.percent else 1)
        value = min((value * f for f in (Decimal(1), HUNDRED, 1 / HUNDRED)), key=lambda v: abs(v - stated))
        return f"{value:.{self.places}f}" + ("%" if self.percent else "")


def calculations(remark: str) -> Iterator[Calculation]:
    """Every written-out calculation `expression = ... = result` in a remark."""
    text = THOUSANDS.sub("", remark.translate(ARITH_ASCII))
    for run in CALC_RUN.finditer(text):
        segments = run.group().split("=")
        result = RESULT.match(segments[-1])
        if not result:
            continue
        stated_text = result["num"] + (result["pct"] or "")
        stated = Decimal(result["num"]) / (HUNDRED if result["pct"] else 1)
        for segment in segments[:-1]:
            try:
                value, operators = evaluate(segment)
            except ExpressionError:
                continue  # the formula's words (成本控制率=项目支出金额/…) cut the run: not a calculation
            if operators:
                yield Calculation(f"{segment.strip()}={stated_text}", value, stated, stated_text,
                                  decimals(result["num"]))


def remark_arithmetic(fc: FormUnderCheck) -> Iterator[Finding]:
    for row in fc.indicators:
        if not row.remark or ("=" not in row.remark and "＝" not in row.remark):
            continue
        for calc in calculations(row.remark):
            if not calc.holds():
                yield fc.finding(REMARK_ARITHMETIC, "warning",
                                 f"{row_label(row)}: the remark writes "
                                 f"{calc.written}, but the arithmetic gives {calc.computed_text()}",
                                 row.row_index, calc.computed_text(), calc.stated_text)
