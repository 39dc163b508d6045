"""Spreadsheet formulas saved without their values (files written by scripts, never opened in Excel).

Excel stores a formula's last value beside it; a workbook written by a program
often stores only the formula, so the 合计 row's `=SUM(D5:D24)` would read as a
blank cell.  This evaluates what forms use — SUM/AVERAGE/MIN/MAX/ROUND over cells
and ranges, + - * / and parentheses, on the same sheet — and gives up (None)
on anything else.
"""

from __future__ import annotations

from collections.abc import Callable

import regex
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

# one token of a formula: a range or cell ref ($A$1:B2, D5), a number, a function name, an operator
TOKEN = regex.compile(r"\s*(?:(?P<ref>\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)|(?P<num>\d+(?:\.\d*)?|\.\d+)"
                      r"|(?P<func>[A-Z][A-Z0-9.]*)\s*\(|(?P<op>[-+*/(),]))")
FUNCTIONS: dict[str, Callable[[list[float]], float]] = {
    "SUM": sum,
    "AVERAGE": lambda xs: sum(xs) / len(xs),
    "MIN": min,
    "MAX": max,
}
MAX_DEPTH = 20  # formulas referring to formulas
MAX_NESTING = 100  # parentheses and signs inside one formula: past this it is no form's (and Python's stack ends)
MAX_RANGE = 100_000  # cells one range may name: SUM(A1:XFD1048576) is no form's total


class FormulaError(ValueError):
    """A formula this evaluator does not read."""


def _tokens(formula: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = formula.lstrip("=").upper()
    while pos < len(text.rstrip()):
        m = TOKEN.match(text, pos)
        if not m:
            raise FormulaError(f"cannot read {formula!r} at {text[pos:pos + 10]!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class Evaluator:
    """Values of formula cells of one sheet; `value(row, col)` gives a cell's number or None."""

    def __init__(self, formulas: dict[tuple[int, int], str], values: dict[tuple[int, int], object]) -> None:
        self.formulas = formulas
        self.values = values
        self.cache: dict[tuple[int, int], float | None] = {}

    def value(self, row: int, col: int, depth: int = 0) -> float | None:
        if (row, col) in self.cache:
            return self.cache[(row, col)]
        formula = self.formulas.get((row, col))
        if formula is None:
            v = self.values.get((row, col))
            return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None
        if depth > MAX_DEPTH:
            raise FormulaError("formulas refer to each other too deeply")
        self.cache[(row, col)] = result = _Parser(_tokens(formula), self, depth + 1).parse()
        return result


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], sheet: Evaluator, depth: int) -> None:
        self.tokens, self.pos, self.sheet, self.depth = tokens, 0, sheet, depth
        self.nesting = 0

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        token = self._peek()
        if token is None:
            raise FormulaError("formula ends too early")
        self.pos += 1
        return token

    def parse(self) -> float:
        value = self._sum()
        if self._peek() is not None:
            raise FormulaError(f"unexpected {self._peek()[1]!r}")
        return value

    def _sum(self) -> float:
        self.nesting += 1  # every nested parenthesis, call argument and sign passes here or in _unary
        if self.nesting > MAX_NESTING:
            raise FormulaError(f"formula nested more than {MAX_NESTING} deep")
        value = self._product()
        while self._peek() in (("op", "+"), ("op", "-")):
            op = self._take()[1]
            value = value + self._product() if op == "+" else value - self._product()
        self.nesting -= 1
        return value

    def _product(self) -> float:
        value = self._unary()
        while self._peek() in (("op", "*"), ("op", "/")):
            op = self._take()[1]
            right = self._unary()
            if op == "/" and right == 0:
                raise FormulaError("division by zero")
            value = value * right if op == "*" else value / right
        return value

    def _unary(self) -> float:
        if self._peek() == ("op", "-"):
            self._take()
            self.nesting += 1
            if self.nesting > MAX_NESTING:
                raise FormulaError(f"formula nested more than {MAX_NESTING} deep")
            value = -self._unary()
            self.nesting -= 1
            return value
        return self._atom()

    def _atom(self) -> float:
        kind, text = self._take()
        if kind == "num":
            return float(text)
        if kind == "ref":
            values = self._cells(text)
            if len(values) != 1:
                raise FormulaError(f"a range {text} where a number belongs")
            return values[0]
        if kind == "op" and text == "(":
            value = self._sum()
            if self._take() != ("op", ")"):
                raise FormulaError("unbalanced parentheses")
            return value
        if kind == "func":
            return self._call(text)
        raise FormulaError(f"unexpected {text!r}")

    def _call(self, name: str) -> float:
        args: list[float] = []
        while True:
            token = self._peek()
            if token is not None and token[0] == "ref" and self.tokens[self.pos + 1:self.pos + 2] in (
                    [("op", ",")], [("op", ")")]):
                self._take()
                args.extend(self._cells(token[1]))
            else:
                args.append(self._sum())
            sep = self._take()
            if sep == ("op", ")"):
                break
            if sep != ("op", ","):
                raise FormulaError(f"unexpected {sep[1]!r} in {name}()")
        if name == "ROUND" and len(args) == 2:
            return round(args[0], int(args[1]))
        if name not in FUNCTIONS or (not args and name != "SUM"):
            raise FormulaError(f"function {name}() is not evaluated")
        return FUNCTIONS[name](args)

    def _cells(self, ref: str) -> list[float]:
        ref = ref.replace("$", "")
        try:
            if ":" not in ref:
                row, col = coordinate_to_tuple(ref)
                value = self.sheet.value(row, col, self.depth)
                return [value if value is not None else 0.0]
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError) as exc:  # FormulaError is a ValueError too: it passes unchanged
            if isinstance(exc, FormulaError):
                raise
            raise FormulaError(f"not a cell or range: {ref}") from exc
        if (max_row - min_row + 1) * (max_col - min_col + 1) > MAX_RANGE:
            raise FormulaError(f"range {ref} names more than {MAX_RANGE:,} cells")
        out = []
        for r in range(min_row, max_row + 1):
            for c in range(min_col, max_col + 1):
                value = self.sheet.value(r, c, self.depth)
                if value is not None:
                    out.append(value)
        return out
