"""Write converted output as golden expected JSON (the ../shared/gold format), one file per source.

usage: python tools/export_expected.py OUTDIR DESTDIR

A starting point for a new golden file only: every value must then be checked by
hand against the source document before the file is committed.
"""

from __future__ import annotations

import json
import math
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd

FORM_SKIP = {"form_id", "source_path", "source_sha256", "source_format"}
ROW_SKIP = {"form_id", "page"}


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item"):
        return value.item()
    return value


def _records(df: pd.DataFrame, skip: set[str]) -> list[dict[str, object]]:
    return [{k: _plain(v) for k, v in row.items() if k not in skip} for row in df.astype(object).to_dict("records")]


def main(argv: list[str]) -> int:
    out, dest = Path(argv[0]), Path(argv[1])
    forms = pd.read_parquet(out / "forms.parquet")
    indicators = pd.read_parquet(out / "indicators.parquet")
    funds = pd.read_parquet(out / "funds.parquet")
    dest.mkdir(parents=True, exist_ok=True)
    for source, group in forms.groupby("source_path", sort=True):
        docs = []
        for form in _records(group.sort_values("form_index"), set()):
            fid = form["form_id"]
            entry = {k: v for k, v in form.items() if k not in FORM_SKIP}
            entry["indicators"] = _records(indicators[indicators.form_id == fid].sort_values("row_index"), ROW_SKIP)
            lines = _records(funds[funds.form_id == fid], {"form_id"})
            if lines:
                entry["funds"] = lines
            docs.append(entry)
        name = Path(str(source)).name.rsplit(".", 1)[0]
        target = dest / f"{name}.json"
        target.write_text(json.dumps({"source": str(source), "forms": docs}, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
