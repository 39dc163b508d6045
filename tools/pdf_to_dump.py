#!/usr/bin/env python3
"""Turn a PDF into an archive-style text dump, the way archive dumps of PDF forms were made.

    python tools/pdf_to_dump.py FORM.pdf [...] --out samples/txt

One line per table row fragment per page, TAB between the grid cells, a blank line
at every page break; free text (title, notes) as lines of their own.  A merged cell's
text goes on the line of whichever grid row its characters land on (a vertically
centred 一级指标 label lands mid-span; a label wrapped over two grid rows is split
over two lines), and a row cut by a page break becomes two lines, one per page.
A header row Word repeats on every page is dumped on every page.

NAME.vN.pdf is dumped to OUT/NAME.vN.txt and NAME.pdf to OUT/NAME.v0.txt (score.py maps
both to NAME.json; a plain NAME.txt is left for the archive's own dump of the form).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normalizers.text import join_wrapped  # noqa: E402
from parsers.pdf import read_pages  # noqa: E402
from parsers.pdf_lines import text_lines  # noqa: E402
from parsers.pdf_tables import Grid, Line  # noqa: E402

# a variant suffix at the end of a file stem: NAME.v3
VARIANT = re.compile(r"\.v\d+$")


def _grid_lines(grid: Grid) -> list[str]:
    lines = []
    for r in range(len(grid.owner)):
        lo, hi = grid.ys[r], grid.ys[r + 1]
        cells = []
        for c, box in enumerate(grid.owner[r]):
            if box is None or c != box.c0 or not box.r0 <= r < box.r1:
                cells.append("")
                continue
            chars = [ch for ch in box.chars if lo <= (ch.top + ch.bottom) / 2 < hi]
            cells.append(join_wrapped([text for _top, text in text_lines(chars)]))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def pdf_to_dump(data: bytes) -> str:
    out: list[str] = []
    for k, page in enumerate(read_pages(data, keep_chars=True)):
        if k:
            out.append("")
        for item in page.items:
            if isinstance(item, Line):
                out.append("\t".join(item.cells))
            else:
                out.extend(_grid_lines(item))
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="+")
    ap.add_argument("--out", default=str(ROOT / "samples" / "txt"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in args.pdfs:
        path = Path(name)
        stem = path.stem if VARIANT.search(path.stem) else path.stem + ".v0"
        target = out / (stem + ".txt")
        target.write_text(pdf_to_dump(path.read_bytes()), encoding="utf-8")
        print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
