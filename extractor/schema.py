"""The Arrow schema of every output table, derived from its record class (docs/contract.md, version 1).

`extractor.model` declares each table once, as a frozen dataclass; this module turns its fields
into Arrow columns through one type map.  Writers build every table from these schemas; nothing
is inferred from data.  The column order of each schema is the column order of the Parquet files:
the record's field order, but for the columns a table puts first (findings: form_id, row_index).
"""

from __future__ import annotations

from dataclasses import fields

import pyarrow as pa

from extractor.model import SCHEMA_VERSION, FileResult, Finding, Form, Fund, Indicator, LabelValue

__all__ = ["RECORDS", "SCHEMA_VERSION", "TABLES", "record_schema"]
YUAN = pa.decimal128(18, 2)  # the Arrow type of every money column: yuan with two decimals

# a record field's Python type (its annotation without `| None`) -> the column's Arrow type
ARROW_TYPES: dict[str, pa.DataType] = {"str": pa.string(), "Decimal": YUAN, "float": pa.float64(),
                                       "int": pa.int32()}
NARROWER: dict[str, pa.DataType] = {"fiscal_year": pa.int16()}  # columns narrower than their Python type


def _python_type(annotation: object) -> str:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", str(annotation))
    return text.replace(" ", "").removesuffix("|None")


def record_schema(record: type, first: tuple[str, ...] = ()) -> pa.Schema:
    """The Arrow schema of a record class: the `first` fields, then the others in declaration order."""
    by_name = {f.name: f for f in fields(record)}
    order = [*first, *(name for name in by_name if name not in first)]
    return pa.schema([(name, NARROWER.get(name) or ARROW_TYPES[_python_type(by_name[name].type)])
                      for name in order])


# table name -> the record class of one row
RECORDS: dict[str, type] = {
    "forms": Form,
    "indicators": Indicator,
    "funds": Fund,
    "findings": Finding,
    "files": FileResult,
    "fields": LabelValue,
}

FORMS = record_schema(Form)
INDICATORS = record_schema(Indicator)
FUNDS = record_schema(Fund)
FINDINGS = record_schema(Finding, first=("form_id", "row_index"))  # the Parquet order since version 1
FILES = record_schema(FileResult)
FIELDS = record_schema(LabelValue)

TABLES: dict[str, pa.Schema] = {
    "forms": FORMS,
    "indicators": INDICATORS,
    "funds": FUNDS,
    "findings": FINDINGS,
    "files": FILES,
    "fields": FIELDS,
}
