"""Reading back a converted output folder (DIR/<table>.parquet), for the audit commands."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from extractor.schema import TABLES
from selfeval.errors import UsageError

LATER_TABLES = ("fields",)  # tables added within schema version 1: an older output folder has none
SEVERITY_WEIGHTS = {"error": 10, "warning": 3, "info": 1}  # a form's risk score: the sum over its findings


def read_tables(out_dir: Path, names: tuple[str, ...] = tuple(TABLES)) -> dict[str, pd.DataFrame]:
    """The named tables of a `convert` output folder; UsageError when the folder is not one."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise UsageError(f"no such output folder: {out_dir}")
    tables = {}
    for name in names:
        path = out_dir / f"{name}.parquet"
        if not path.exists() and name in LATER_TABLES and (out_dir / "forms.parquet").exists():
            tables[name] = TABLES[name].empty_table().to_pandas()  # written by an earlier version 1
            continue
        if not path.exists():
            raise UsageError(f"{out_dir} has no {name}.parquet: run `selfeval convert ... --out {out_dir}` first")
        tables[name] = pd.read_parquet(path)
    return tables


def audit_tables(out_dir: Path, names: tuple[str, ...] = tuple(TABLES)) -> dict[str, pd.DataFrame]:
    """The tables as the audit commands see them: `findings` also holds the findings that look across
    files (duplicate_form), which `convert` cannot raise file by file."""
    from extractor.findings.duplicates import duplicate_findings

    tables = read_tables(out_dir, tuple(dict.fromkeys(("forms", "findings", *names))))
    extra = duplicate_findings(tables["forms"])
    if len(extra):
        found = tables["findings"]
        tables["findings"] = pd.concat([found, extra.astype(found.dtypes.to_dict())], ignore_index=True) \
            if len(found) else extra
    return tables


def finding_counts(forms: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    """Per form: n_error, n_warning, n_info, n_findings, risk_score (severity-weighted), rules (codes)."""
    counts = pd.DataFrame({"form_id": forms["form_id"]})
    per = pd.crosstab(findings["form_id"], findings["severity"]) if len(findings) else pd.DataFrame()
    for severity in SEVERITY_WEIGHTS:
        column = per[severity] if severity in per else pd.Series(dtype="int64")
        counts[f"n_{severity}"] = counts["form_id"].map(column).fillna(0).astype("int64")
    counts["n_findings"] = counts[[f"n_{s}" for s in SEVERITY_WEIGHTS]].sum(axis=1)
    counts["risk_score"] = sum(counts[f"n_{s}"] * w for s, w in SEVERITY_WEIGHTS.items())
    rules = findings.groupby("form_id")["rule"].agg(lambda r: ", ".join(sorted(set(r))))
    counts["rules"] = counts["form_id"].map(rules)
    return counts
