#!/usr/bin/env python3
"""Time `selfeval convert` on a folder of PDFs against the bare pdfplumber pass over the same pages.

    python benchmarks/bench_pdf.py [--copies 5] [--repeat 3] [--source samples/pdf]

The bare pass opens each file and runs `extract_words()` on every page: the least any
pdfplumber-based reader does.  It is also timed closing each page after it (pdfplumber
otherwise keeps every page's parsed objects until the file is closed; selfeval closes
each page once read, which on long files saves garbage-collection time).  Both run in this process, alternately, `--repeat` times;
the best time of each is reported with their ratio (target: at most 1.3).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from extractor.cli import main as selfeval  # noqa: E402


def bare_pass(files: list[Path], close_pages: bool = False) -> int:
    """open each file, extract_words() on every page; close_pages also drops each page's
    parsed objects after it, as selfeval does (pdfplumber keeps them until the file closes)."""
    words = 0
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                words += len(page.extract_words())
                if close_pages:
                    page.close()
    return words


def convert(folder: Path, out: Path) -> str:
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        code = selfeval(["convert", str(folder), "--out", str(out), "-j", "1"])  # one process, as the bare pass
    if code != 0:
        raise SystemExit(f"selfeval convert failed ({code}): {buffer.getvalue()}")
    return buffer.getvalue().strip().splitlines()[-1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default=str(ROOT / "samples" / "pdf"), help="folder of PDFs to copy")
    ap.add_argument("--copies", type=int, default=5, help="copies of each PDF in the benchmark folder")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each, best time kept")
    args = ap.parse_args(argv)
    sources = sorted(Path(args.source).glob("*.pdf"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pdfs"
        folder.mkdir()
        for k in range(args.copies):
            for src in sources:
                # a distinct trailing comment makes each copy a distinct file (selfeval skips duplicates)
                (folder / f"{src.stem}.c{k}.pdf").write_bytes(src.read_bytes() + b"%% copy %d\n" % k)
        files = sorted(folder.glob("*.pdf"))
        pages = 0
        for path in files:
            with pdfplumber.open(path) as pdf:
                pages += len(pdf.pages)
        bare: list[float] = []
        tight: list[float] = []
        full: list[float] = []
        summary = ""
        for run in range(args.repeat):
            start = time.perf_counter()
            bare_pass(files)
            bare.append(time.perf_counter() - start)
            start = time.perf_counter()
            bare_pass(files, close_pages=True)
            tight.append(time.perf_counter() - start)
            start = time.perf_counter()
            summary = convert(folder, Path(tmp) / f"out{run}")
            full.append(time.perf_counter() - start)
    b, t, f = min(bare), min(tight), min(full)
    print(f"{len(files)} PDFs, {pages} pages; best of {args.repeat} runs")
    print(f"bare pdfplumber pass (open + extract_words on every page): {b:.2f} s ({pages / b:.1f} pages/s)")
    print(f"  the same, closing each page after it:                   {t:.2f} s ({pages / t:.1f} pages/s)")
    print(f"selfeval convert (parse, map, write Parquet):             {f:.2f} s ({pages / f:.1f} pages/s)")
    print(f"ratio convert / bare: {f / b:.2f}  (target <= 1.3); convert / bare closing pages: {f / t:.2f}")
    print(f"convert: {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
