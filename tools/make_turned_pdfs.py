#!/usr/bin/env python3
"""Build the turned-page PDF samples from samples/pdf with pdfium: the same forms, their pages turned.

    python tools/make_turned_pdfs.py               # writes tests/data/pdf/NAME.rotN.pdf and NAME.sideN.pdf
    python tools/make_turned_pdfs.py --sweep DIR   # every sample turned and scaled, into DIR (do not commit)

- NAME.rotN.pdf: every page's content drawn turned back in a Form XObject, and /Rotate N
  righting it, so it shows as samples/pdf/NAME.pdf does (scanners and landscape pages in
  portrait documents make such pages);
- NAME.sideN.pdf: the same without the /Rotate: the text runs up (90), upside down (180)
  or down (270) the page;
- NAME.scaledP.pdf (sweep only): every page and its content scaled to P percent (text sizes
  then come from the matrix, not the font size alone), on a MediaBox with a shifted corner.

The engine equality test (tests/test_pdf_engines.py) reads tests/data/pdf, and the sweep
folder when SELFEVAL_PDF_SWEEP names it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "pdf"
# the committed samples: source sample -> the turns made of it
ROTATED = {"mof_county_2023": (90, 180, 270)}
SIDEWAYS = {"mof_school_2022": (90, 180, 270)}


def turned_pdf(src: Path, dst: Path, rotation: int, set_rotate: bool = True) -> None:
    """`src` with every page's content turned the other way and, with set_rotate, /Rotate
    `rotation` set so that it shows as before."""
    source, out = pdfium.PdfDocument(src), pdfium.PdfDocument.new()
    for index in range(len(source)):
        w, h = source[index].get_size()
        # user space (x, y) of the displayed point (u, v): the inverse of the viewer's turn
        matrix, size = {90: ((0, 1, -1, 0, h, 0), (h, w)), 180: ((-1, 0, 0, -1, w, h), (w, h)),
                        270: ((0, -1, 1, 0, 0, w), (h, w))}[rotation]
        page = out.new_page(*size)
        form = source.page_as_xobject(index, out).as_pageobject()
        form.transform(pdfium.PdfMatrix(*matrix))
        page.insert_obj(form)
        page.gen_content()
        if set_rotate:
            page.set_rotation(rotation)
    out.save(dst)


def scaled_pdf(src: Path, dst: Path, scale: float, origin: tuple[float, float]) -> None:
    """`src` with every page and its content scaled by `scale`, on a MediaBox whose corner is `origin`."""
    source, out = pdfium.PdfDocument(src), pdfium.PdfDocument.new()
    ox, oy = origin
    for index in range(len(source)):
        w, h = source[index].get_size()
        page = out.new_page(w * scale, h * scale)
        page.set_mediabox(ox, oy, ox + w * scale, oy + h * scale)
        form = source.page_as_xobject(index, out).as_pageobject()
        form.transform(pdfium.PdfMatrix(scale, 0, 0, scale, ox, oy))
        page.insert_obj(form)
        page.gen_content()
    out.save(dst)


def make_samples(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for sources, kind, set_rotate in ((ROTATED, "rot", True), (SIDEWAYS, "side", False)):
        for name, rotations in sources.items():
            for rotation in rotations:
                dst = out / f"{name}.{kind}{rotation}.pdf"
                turned_pdf(SAMPLES / f"{name}.pdf", dst, rotation, set_rotate)
                print(f"{dst}: {dst.stat().st_size // 1024} KB")


def make_sweep(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for src in sorted(SAMPLES.glob("*.pdf")):
        for rotation in (90, 180, 270):
            turned_pdf(src, out / f"{src.stem}.rot{rotation}.pdf", rotation)
            turned_pdf(src, out / f"{src.stem}.side{rotation}.pdf", rotation, set_rotate=False)
        scaled_pdf(src, out / f"{src.stem}.scaled70.pdf", 0.7, (0, 0))
        scaled_pdf(src, out / f"{src.stem}.scaled130.pdf", 1.3, (36.5, -20.25))
        print(f"{out}: {src.stem}.*")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "tests" / "data" / "pdf"), help="where the committed samples go")
    ap.add_argument("--sweep", metavar="DIR", help="instead, write every sample turned and scaled to DIR")
    args = ap.parse_args(argv)
    if args.sweep:
        make_sweep(Path(args.sweep))
    else:
        make_samples(Path(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
