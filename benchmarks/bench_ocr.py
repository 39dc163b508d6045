#!/usr/bin/env python3
"""Seconds per scanned page on one core, and peak memory, of the OCR reader (parsers.scan).

    python benchmarks/bench_ocr.py [--source tests/data/scans] [--repeat 2]

Pins this process to one CPU (onnxruntime already runs one thread), loads the recogniser
once (its load time is reported apart: a worker pays it once per process), then reads every
scan in the folder `--repeat` times and reports the best time per page, split into image
preparation (decode, seal removal, deskew, binarise), grid finding and recognition, and the
peak resident memory of the process.  Target (issue 14): at most 3 s per page.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.scan import layout, raster, reader  # noqa: E402

SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def pages_of(path: Path) -> list[raster.Page]:
    data = path.read_bytes()
    return raster.pdf_pages(data) if path.suffix.lower() == ".pdf" else raster.image_pages(data)


def timed_run(files: list[Path]) -> dict[str, float]:
    """One pass over the files: seconds spent preparing pages, finding grids, recognising."""
    spent = {"prepare": 0.0, "grid": 0.0, "recognise": 0.0, "pages": 0}
    find, read = layout.find_tables, layout.read_lines

    def timed(name, fn):
        def wrapper(*args):
            start = time.perf_counter()
            try:
                return fn(*args)
            finally:
                spent[name] += time.perf_counter() - start
        return wrapper

    layout.find_tables, layout.read_lines = timed("grid", find), timed("recognise", read)
    try:
        for path in files:
            start = time.perf_counter()
            pages = pages_of(path)
            spent["prepare"] += time.perf_counter() - start
            for page in pages:
                layout.read_page(page, {})
            spent["pages"] += len(pages)
    finally:
        layout.find_tables, layout.read_lines = find, read
    return spent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default=str(ROOT / "tests" / "data" / "scans"), help="folder of scans")
    ap.add_argument("--repeat", type=int, default=2, help="passes over the folder, best kept")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    files = sorted(p for p in Path(args.source).iterdir() if p.suffix.lower() in SUFFIXES)
    start = time.perf_counter()
    reader._engine()
    load = time.perf_counter() - start
    runs = [timed_run(files) for _ in range(args.repeat)]
    best = min(runs, key=lambda r: r["prepare"] + r["grid"] + r["recognise"])
    pages = best["pages"]
    total = best["prepare"] + best["grid"] + best["recognise"]
    result = {
        "files": len(files), "pages": pages, "cpus": 1, "model_load_s": round(load, 2),
        "s_per_page": round(total / pages, 2),
        "prepare_s_per_page": round(best["prepare"] / pages, 2),
        "grid_s_per_page": round(best["grid"] / pages, 2),
        "recognise_s_per_page": round(best["recognise"] / pages, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average": round(os.getloadavg()[0], 1),
    }
    print(json.dumps(result))
    return 0 if result["s_per_page"] <= 3.0 else 1


if __name__ == "__main__":
    sys.exit(main())
