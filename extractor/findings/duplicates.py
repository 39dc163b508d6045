"""duplicate_form: the same form filed several times, across files or formats, is one form.

Unlike the other rules this one looks across files, so it is not raised while converting (a file
added later can make an earlier form a copy): the audit commands raise it over the whole output
folder (`extractor.outputs.audit_tables`).  Two forms are copies when they name the same project,
budget unit and fiscal year (compared after NFKC and without whitespace; an unstated year matches
an unstated year); a form without a project name is nobody's copy.  Each group of copies is one
population unit for `sample`, represented by its first filing (by source_path, then form_index).
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from extractor.schema import FINDINGS

DUPLICATE_FORM = "duplicate_form"
KEY_COLUMNS = ("project_name", "budget_unit", "fiscal_year")
MAX_NAMED = 10  # copies a message names one by one


def _canon(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


def copy_groups(forms: pd.DataFrame) -> pd.Series:
    """form_id -> the form_id of the first filing of the same form (itself when it is the first)."""
    order = forms.sort_values(["source_path", "form_index"], kind="stable")
    keys = pd.Series(["\x1f".join(_canon(v) for v in row) for row in order[list(KEY_COLUMNS)].itertuples(index=False)],
                     index=order.index)
    keys[order["project_name"].isna()] = order["form_id"][order["project_name"].isna()]  # nobody's copy
    first = order["form_id"].groupby(keys.to_numpy()).transform("first")
    return pd.Series(first.to_numpy(), index=order["form_id"].to_numpy()).reindex(forms["form_id"])


def _filing(row) -> str:
    return f"{row.source_path} form {int(row.form_index) + 1}"


def duplicate_findings(forms: pd.DataFrame) -> pd.DataFrame:
    """One `duplicate_form` finding (info) on every form filed more than once, naming the other copies."""
    first = copy_groups(forms)
    frame = forms.assign(first=first.to_numpy()).sort_values(["source_path", "form_index"], kind="stable")
    rows = []
    for _, group in frame.groupby("first", sort=True):
        if len(group) < 2:
            continue
        filings = [_filing(r) for r in group.itertuples()]
        for i, r in enumerate(group.itertuples()):
            others = filings[:i] + filings[i + 1:]
            named = "; ".join(others[:MAX_NAMED]) + (f"; and {len(others) - MAX_NAMED} more"
                                                     if len(others) > MAX_NAMED else "")
            rows.append({"form_id": r.form_id, "row_index": None, "rule": DUPLICATE_FORM, "severity": "info",
                         "message": f"the same form (project, unit and year) is filed {len(group)} times; "
                                    f"counted once, as {filings[0]}; the other copies: {named}",
                         "expected": "1", "actual": str(len(group))})
    return pd.DataFrame(rows, columns=FINDINGS.names)
