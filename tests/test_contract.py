"""docs/contract.md, the record classes and the Arrow schemas describe the same tables and columns."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pyarrow as pa
import pytest

from extractor.findings import RULES
from extractor.findings.codes import EXPLAINED
from extractor.findings.duplicates import DUPLICATE_FORM
from extractor.model import SEVERITIES, STATUSES, TEMPLATES
from extractor.schema import RECORDS, SCHEMA_VERSION, TABLES, record_schema

CONTRACT = Path(__file__).resolve().parent.parent / "docs" / "contract.md"
SECTION = re.compile(r"^### (?P<table>\w+)(?P<pending> \(being added\))?$", re.M)
COLUMN = re.compile(r"^\| (?P<name>[a-z_0-9]+) \| (?P<type>[a-z0-9(),]+) \| ", re.M)
DECIMAL = re.compile(r"^decimal128\((\d+),(\d+)\)$")


def _arrow(doc_type: str) -> pa.DataType:
    m = DECIMAL.match(doc_type)
    return pa.decimal128(int(m[1]), int(m[2])) if m else pa.type_for_alias(doc_type)


def documented() -> dict[str, tuple[bool, list[tuple[str, pa.DataType]]]]:
    """table -> (pending, [(column, Arrow type)]) from the column tables of docs/contract.md."""
    text = CONTRACT.read_text(encoding="utf-8")
    heads = list(SECTION.finditer(text))
    tables = {}
    for head, nxt in zip(heads, [*heads[1:], None], strict=True):
        body = text[head.end():nxt.start() if nxt else len(text)].split("\n## ")[0]
        tables[head["table"]] = (bool(head["pending"]),
                                 [(m["name"], _arrow(m["type"])) for m in COLUMN.finditer(body)
                                  if m["type"] != "type"])  # the column table's own header row
    return tables


def test_every_table_is_documented_and_every_documented_table_is_written_or_pending() -> None:
    docs = documented()
    assert set(TABLES) == set(RECORDS)
    assert {t for t, (pending, _) in docs.items() if not pending} == set(TABLES)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_documented_columns_are_the_schema_and_the_record(table: str) -> None:
    _, columns = documented()[table]
    schema = TABLES[table]
    assert [(f.name, f.type) for f in schema] == columns
    assert {f.name for f in fields(RECORDS[table])} == set(schema.names)
    assert record_schema(RECORDS[table], first=tuple(schema.names)) == schema  # the record's types


def test_codes_and_version_are_documented() -> None:
    text = CONTRACT.read_text(encoding="utf-8")
    assert text.startswith(f"# The output contract (schema version {SCHEMA_VERSION})")
    for code in (*RULES, *STATUSES, *SEVERITIES, *TEMPLATES):
        assert f"`{code}`" in text, code


def test_the_tie_can_fail() -> None:
    """A column documented under another type, or missing, is told apart."""
    columns = documented()["forms"][1]
    assert ("fiscal_year", pa.int16()) in columns and ("fiscal_year", pa.int32()) not in columns
    assert [c for c, _ in columns] != [c for c, _ in documented()["funds"][1]]


def test_rule_codes_documented_are_those_the_report_explains() -> None:
    """docs/contract.md's rule table is extractor/findings/codes.py's EXPLAINED, word for word."""
    section = CONTRACT.read_text(encoding="utf-8").split("## Rule codes")[1].split("\n## ")[0]
    rows = re.findall(r"^\| `(\w+)` \| ([a-z /]+) \| (.+) \|$", section, re.M)
    assert {code: (severity, why) for code, severity, why in rows} == EXPLAINED
    assert set(RULES) | {DUPLICATE_FORM} <= set(EXPLAINED)
