"""`selfeval check OUT_DIR EXPECTED...`: converted tables against expected JSON forms, field by field.

An expected file is NAME.json in the shape of tests/golden: {"forms": [{form fields...,
"indicators": [rows...], "funds": [lines...]}]}.  It checks the output rows whose source_path
is NAME.EXT or NAME.vN.EXT.  The matching rules are those of the project's scorer:

- forms are matched by form_index, indicator rows by row_index, funds lines by position;
- every key of an expected form is a field (but indicators, funds, uncertain, form_index, source,
  url and x_* keys); every key of an indicator row (row_index aside) and of a funds line;
- text is compared after NFKC, HTML-tag and whitespace removal; numbers (money included)
  within 0.006; a missing document, form, row or column makes every expected field wrong;
- `uncertain` entries of an expected form (e.g. `indicators[3].name`, `funds[*]`) are not checked;
- output indicator rows beyond the expected ones count as one wrong field, `ind.extra_rows`.

Precision counts only the fields the output filled (not null): a wrong value is worse than a null.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from selfeval.errors import UsageError

NOT_FIELDS = {"indicators", "funds", "uncertain", "form_index", "source", "url"}
TOLERANCE = 0.006
MAX_MISSES = 400
_TAG = re.compile(r"<[^>]+>")
_STEM = re.compile(r"^(.*?)(\.v\d+)?\.[A-Za-z0-9]+$")
_UNCERTAIN = re.compile(r"^(indicators|funds)\[(\*|\d+)(?:\.\.(\d*))?\](?:\.([\w/]+))?|^(\w+)")


def canon_text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", _TAG.sub("", str(value))))
    return text or None


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, InvalidOperation):
        return None
    return None if math.isnan(number) else number


def same(expected: object, actual: object) -> bool:
    """One field: text after canon_text, numbers (float, int, Decimal) within TOLERANCE, null is null."""
    if isinstance(expected, (bool, str)) or (expected is None and isinstance(actual, str)):
        return canon_text(expected) == canon_text(actual)
    if expected is None:
        return canon_text(actual) is None
    got = _number(actual) if isinstance(actual, (int, float, Decimal, str)) else None
    return got is not None and abs(float(expected) - got) <= TOLERANCE  # type: ignore[arg-type]


def stem_of(path: object) -> str:
    """samples/txt/NAME.v2.txt -> NAME: the expected file that checks it is NAME.json."""
    name = Path(str(path)).name
    m = _STEM.match(name)
    return m.group(1) if m else name


def _uncertain(entries: Iterable[str] | None, n_rows: int) -> set[str]:
    """Expected 'uncertain' entries -> keys 'field', 'ind:i:field', 'ind:i:*', 'fund:i:*'."""
    out = set()
    for entry in entries or ():
        m = _UNCERTAIN.match(entry.strip())
        if not m:
            continue
        if m.group(5):
            out.add(m.group(5))
            continue
        kind = "ind" if m.group(1) == "indicators" else "fund"
        first, last = m.group(2), m.group(3)
        if first == "*":
            rows: Iterable[int] = range(n_rows)
        elif last is None:
            rows = [int(first)]
        else:
            rows = range(int(first), int(last) + 1 if last else max(n_rows, int(first) + 1))
        out.update(f"{kind}:{i}:{f}" for i in rows for f in (m.group(4) or "*").split("/"))
    return out


@dataclass
class CheckResult:
    """The tally of one check; `misses` holds the first MAX_MISSES wrong fields."""

    total: int = 0
    correct: int = 0
    emitted: int = 0
    emitted_ok: int = 0
    forms: int = 0
    perfect: int = 0
    documents: int = 0
    by_field: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_format: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    misses: list[dict] = field(default_factory=list)
    expected_without_output: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0

    @property
    def precision(self) -> float:
        return 100.0 * self.emitted_ok / self.emitted if self.emitted else 0.0

    @property
    def wrong_values(self) -> int:
        return self.emitted - self.emitted_ok

    @property
    def nulls(self) -> int:
        return self.total - self.correct - self.wrong_values

    @property
    def all_match(self) -> bool:
        return self.total > 0 and self.correct == self.total and not self.expected_without_output

    def worst_fields(self, n: int = 25) -> list[tuple[str, int, int]]:
        worst = [(k, ok, all_) for k, (ok, all_) in self.by_field.items() if ok < all_]
        return sorted(worst, key=lambda w: (w[1] - w[2], w[0]))[:n]

    def tally(self, fmt: str, name: str, where: str, expected: object, actual: object) -> bool:
        ok = same(expected, actual)
        self.total += 1
        self.correct += ok
        if canon_text(actual) is not None:
            self.emitted += 1
            self.emitted_ok += ok
        for counts in (self.by_field[name], self.by_format[fmt]):
            counts[0] += ok
            counts[1] += 1
        if not ok and len(self.misses) < MAX_MISSES:
            self.misses.append({"where": where, "field": name, "gold": expected, "pred": actual})
        return ok


def load_expected(paths: Sequence[Path]) -> dict[str, dict]:
    """NAME -> expected document, from folders of NAME.json and from NAME.json files."""
    expected = {}
    for path in map(Path, paths):
        if not path.exists():
            raise UsageError(f"no such expected file or folder: {path}")
        files = sorted(path.glob("*.json")) if path.is_dir() else [path]
        for file in files:
            try:
                expected[file.stem] = json.loads(file.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise UsageError(f"{file} is not a JSON file of expected forms: {exc}") from exc
    return expected


def _records(out_dir: Path, name: str) -> list[dict]:
    path = out_dir / f"{name}.parquet"
    if not path.exists():
        return []
    import pandas as pd  # here: the CLI (and a spawned worker re-importing it) loads no pandas

    frame = pd.read_parquet(path)
    return frame.astype(object).where(pd.notna(frame), None).to_dict("records")


def _by(records: list[dict], key: str) -> dict[object, list[dict]]:
    grouped: dict[object, list[dict]] = defaultdict(list)
    for record in records:
        grouped[record.get(key)].append(record)
    return grouped


@dataclass(frozen=True)
class _Output:
    documents: dict[str, list[dict]]  # file name -> its forms rows
    indicators: dict[object, list[dict]]
    funds: dict[object, list[dict]]

    @classmethod
    def read(cls, out_dir: Path) -> _Output:
        forms = _records(out_dir, "forms")
        return cls({Path(str(k)).name: v for k, v in _by(forms, "source_path").items()},
                   _by(_records(out_dir, "indicators"), "form_id"), _by(_records(out_dir, "funds"), "form_id"))


def _check_form(result: CheckResult, fmt: str, where: str, gold: dict, pred: dict, out: _Output) -> bool:
    unc = _uncertain(gold.get("uncertain"), len(gold.get("indicators", [])))
    ok = True
    for key, value in gold.items():
        if key not in NOT_FIELDS and key not in unc and not key.startswith("x_"):
            ok &= result.tally(fmt, "form." + key, where, value, pred.get(key))
    rows = {int(r["row_index"]): r for r in out.indicators.get(pred.get("form_id"), [])}
    for gold_row in gold.get("indicators", []):
        i = gold_row["row_index"]
        row = rows.get(i, {})
        for key, value in gold_row.items():
            if key != "row_index" and not key.startswith("x_") and not {f"ind:{i}:{key}", f"ind:{i}:*"} & unc:
                ok &= result.tally(fmt, "ind." + key, f"{where}/r{i}", value, row.get(key))
    extra = len(rows) - len(gold.get("indicators", []))
    if extra > 0:
        ok &= result.tally(fmt, "ind.extra_rows", where, 0, extra)
    lines = out.funds.get(pred.get("form_id"), [])
    for i, gold_line in enumerate(gold.get("funds", [])):
        line = lines[i] if i < len(lines) else {}
        for key, value in gold_line.items():
            if not key.startswith("x_") and not {f"fund:{i}:{key}", f"fund:{i}:*"} & unc:
                ok &= result.tally(fmt, "funds." + key, f"{where}/f{i}", value, line.get(key))
    return ok


def compare(out_dir: Path, expected: Sequence[Path], inputs: Path | None = None,
            only: str | None = None) -> CheckResult:
    """Check the output folder against the expected files.  With `inputs`, every file under that
    folder with an expected file is checked, and one with no output makes all its fields wrong."""
    gold = load_expected(expected)
    out = _Output.read(Path(out_dir))
    names = sorted(p.name for p in Path(inputs).rglob("*") if p.is_file()) if inputs else sorted(out.documents)
    keep = re.compile(only) if only else None
    result = CheckResult()
    for name in names:
        stem = stem_of(name)
        if stem not in gold or (keep and not keep.search(name)):
            continue
        result.documents += 1
        fmt = Path(name).suffix.lstrip(".").lower()
        preds = {int(r.get("form_index") or 0): r for r in out.documents.get(name, [])}
        for gold_form in gold[stem]["forms"]:
            index = gold_form.get("form_index", 0)
            result.forms += 1
            result.perfect += _check_form(result, fmt, f"{name}#{index}", gold_form, preds.get(index, {}), out)
    seen = {stem_of(n) for n, forms in out.documents.items() if forms}
    result.expected_without_output = sorted(set(gold) - seen)
    return result


def summary_lines(result: CheckResult, worst: int = 10, misses: int = 10) -> list[str]:
    """What `selfeval check` prints."""
    lines = [f"checked {result.forms} forms of {result.documents} documents",
             f"accuracy {result.accuracy:.2f}% ({result.correct}/{result.total} fields)",
             f"forms perfect {result.perfect}/{result.forms}",
             f"precision {result.precision:.2f}% ({result.emitted} fields filled): "
             f"{result.wrong_values} wrong values, {result.nulls} nulls where a value was expected"]
    lines += [f"format {fmt}: {ok}/{all_}" for fmt, (ok, all_) in sorted(result.by_format.items())]
    if result.worst_fields():
        lines.append("worst fields:")
        lines += [f"  {name}: {ok}/{all_}" for name, ok, all_ in result.worst_fields(worst)]
        lines.append("first wrong fields:")
        lines += [f"  {m['where']} {m['field']}: expected {m['gold']!r}, got {m['pred']!r}"
                  for m in result.misses[:misses]]
    if result.expected_without_output:
        lines.append("expected but not in the output: " + ", ".join(result.expected_without_output))
    lines.append("everything matches" if result.all_match else "MISMATCH")
    return lines


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="a folder written by `selfeval convert`")
    parser.add_argument("expected", type=Path, nargs="+", metavar="EXPECTED",
                        help="a folder of NAME.json expected forms (the shape of tests/golden), or such files")
    parser.add_argument("--inputs", type=Path, metavar="DIR",
                        help="check every file under DIR that has an expected file, converted or not")


def command(args: argparse.Namespace) -> int:
    if not Path(args.out_dir).is_dir():
        raise UsageError(f"no such output folder: {args.out_dir}")
    result = compare(args.out_dir, args.expected, args.inputs)
    print("\n".join(summary_lines(result)))
    return 0 if result.all_match else 1
