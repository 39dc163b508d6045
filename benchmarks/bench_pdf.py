#!/usr/bin/env python3
"""Time `selfeval convert -j 1` with each PDF engine against the bare library passes over the same pages.

    python benchmarks/bench_pdf.py [--source DIR ...] [--copies 5] [--repeat 3]

In one run, on one folder of PDFs (each source PDF copied `--copies` times, every
copy a distinct file), best of `--repeat`:

- bare pdfplumber pass: open each file, `extract_words()` on every page and close it
  (the least a pdfplumber-based reader does), and the same keeping the pages open (as the
  figure in issue 13 was measured; slower);
- bare pdfium pass: open each file, load every page and its text page, every
  character's box (FPDFText_GetCharBox) and every path object's segments;
- `selfeval convert -j 1` with `--pdf-engine pdfium` and with `--pdf-engine pdfplumber`
  (parse, map, check, write Parquet; one worker process, as `-j 1` runs).

Targets (issue 13): convert with pdfium <= 1/10 of the bare pdfplumber pass and <= 1.5x the
bare pdfium pass.  Each pass's wall-clock and CPU seconds are printed (CPU: this process and
convert's worker), and the ratios of both: on a busy machine the CPU figures are the steadier.
"""

from __future__ import annotations

import argparse
import ctypes
import io
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2.raw as pdfium  # noqa: E402

from extractor.cli import main as selfeval  # noqa: E402


def bare_pdfplumber(files: list[Path], close_pages: bool = True) -> int:
    """open each file, extract_words() on every page; close_pages drops each page's parsed objects
    after it (pdfplumber otherwise keeps them until the file is closed, and is slower for it)."""
    import pdfplumber  # here, not above: convert's worker imports this script (its __main__) too

    words = 0
    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                words += len(page.extract_words())
                if close_pages:
                    page.close()
    return words


def _paths(page, matrix, x, y) -> int:
    segments = 0
    for k in range(pdfium.FPDFPage_CountObjects(page)):
        obj = pdfium.FPDFPage_GetObject(page, k)
        if pdfium.FPDFPageObj_GetType(obj) != pdfium.FPDF_PAGEOBJ_PATH:
            continue
        pdfium.FPDFPageObj_GetMatrix(obj, matrix)
        for s in range(pdfium.FPDFPath_CountSegments(obj)):
            segment = pdfium.FPDFPath_GetPathSegment(obj, s)
            pdfium.FPDFPathSegment_GetPoint(segment, x, y)
            pdfium.FPDFPathSegment_GetType(segment)
            pdfium.FPDFPathSegment_GetClose(segment)
            segments += 1
    return segments


def bare_pdfium(files: list[Path]) -> int:
    box = [ctypes.c_double() for _ in range(4)]
    matrix, x, y = pdfium.FS_MATRIX(), ctypes.c_float(), ctypes.c_float()
    chars = 0
    for path in files:
        data = path.read_bytes()
        doc = pdfium.FPDF_LoadMemDocument64(data, len(data), None)
        for index in range(pdfium.FPDF_GetPageCount(doc)):
            page = pdfium.FPDF_LoadPage(doc, index)
            textpage = pdfium.FPDFText_LoadPage(page)
            n = pdfium.FPDFText_CountChars(textpage)
            for k in range(n):
                pdfium.FPDFText_GetCharBox(textpage, k, *box)
            chars += n
            _paths(page, matrix, x, y)
            pdfium.FPDFText_ClosePage(textpage)
            pdfium.FPDF_ClosePage(page)
        pdfium.FPDF_CloseDocument(doc)
    return chars


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (convert's worker): unlike the wall
    clock, it does not count the time other processes of a busy machine take."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def convert(folder: Path, out: Path, engine: str) -> str:
    buffer = io.StringIO()
    with redirect_stdout(buffer), redirect_stderr(io.StringIO()):
        code = selfeval(["convert", str(folder), "--out", str(out), "-j", "1", "--pdf-engine", engine])
    if code not in (0, 1):  # 1: some files failed (their rows say why), which is work done too
        raise SystemExit(f"selfeval convert failed ({code}): {buffer.getvalue()}")
    return buffer.getvalue().strip().splitlines()[-1]


def _copy(sources: list[Path], folder: Path, copies: int) -> list[Path]:
    folder.mkdir()
    for k in range(copies):
        for src in sources:
            # a distinct trailing comment makes each copy a distinct file (selfeval skips duplicates)
            (folder / f"{src.stem}.c{k}.pdf").write_bytes(src.read_bytes() + b"%% copy %d\n" % k)
    return sorted(folder.glob("*.pdf"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", action="append", help="a folder of PDFs to copy (repeatable; default samples/pdf)")
    ap.add_argument("--copies", type=int, default=5, help="copies of each PDF in the benchmark folder")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each pass, best time kept")
    args = ap.parse_args(argv)
    sources = sorted(p for folder in (args.source or [str(ROOT / "samples" / "pdf")]) for p in Path(folder).glob("*.pdf"))
    with tempfile.TemporaryDirectory() as tmp:
        files = _copy(sources, Path(tmp) / "pdfs", args.copies)
        pages = 0
        for path in files:
            data = path.read_bytes()
            doc = pdfium.FPDF_LoadMemDocument64(data, len(data), None)
            pages += pdfium.FPDF_GetPageCount(doc)
            pdfium.FPDF_CloseDocument(doc)
        passes: dict[str, Callable[[int], object]] = {
            "bare pdfplumber pass (open + extract_words, page by page)": lambda run: bare_pdfplumber(files),
            "  the same, pages kept open until the file closes": lambda run: bare_pdfplumber(files, close_pages=False),
            "bare pdfium pass (open + every char box + path objects)": lambda run: bare_pdfium(files),
            "selfeval convert -j 1 --pdf-engine pdfium": lambda run: convert(files[0].parent, Path(tmp) / f"a{run}", "pdfium"),
            "selfeval convert -j 1 --pdf-engine pdfplumber":
                lambda run: convert(files[0].parent, Path(tmp) / f"b{run}", "pdfplumber"),
        }
        best = {name: float("inf") for name in passes}
        cpu = dict(best)
        said = {}
        for run in range(args.repeat):
            for name, fn in passes.items():
                start, start_cpu = time.perf_counter(), cpu_seconds()
                said[name] = fn(run)
                best[name] = min(best[name], time.perf_counter() - start)
                cpu[name] = min(cpu[name], cpu_seconds() - start_cpu)
    print(f"{len(files)} PDFs ({len(sources)} sources x {args.copies} copies), {pages} pages; best of {args.repeat} runs")
    print(f"  {'':<58} {'wall s':>8} {'pages/s':>8} {'CPU s':>8}")
    for name, seconds in best.items():
        print(f"  {name:<58} {seconds:8.2f} {pages / seconds:8.1f} {cpu[name]:8.2f}")
    for label, t in (("wall clock", best), ("CPU time", cpu)):
        plumber, kept, bare, fast, slow = t.values()
        print(f"{label}: convert (pdfium) / bare pdfplumber {fast / plumber:.3f} (target <= 0.100; pages kept open: "
              f"{fast / kept:.3f}); convert (pdfium) / bare pdfium {fast / bare:.2f} (target <= 1.50); "
              f"convert (pdfplumber) / bare pdfplumber {slow / plumber:.2f}; bare pdfplumber / bare pdfium {plumber / bare:.1f}")
    print(f"convert: {said[list(passes)[3]]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
