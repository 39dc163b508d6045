#!/usr/bin/env python3
"""Write the real-form family regression samples: tests/data/families/NAME.{html,txt,v1.txt,v2.txt,docx,xlsx}.

    python tools/make_family_samples.py [--out tests/data/families]

Each sample (tools/family_specs.py) copies the layout of one family of real published forms
(../shared/real: the gold's x_grid) with content of its own.  The html is a page of <p> lines
and <table>s with the real merges (rowspan/colspan); the txt is its text dump the way a PDF
dump reads: one line per grid row, one TAB-separated field per grid column, a merged cell's text
once, in its first column of its first row (the columns and rows it covers empty), a row cut off
in the source (fewer cells) ending where its cells end, a blank line between tables; NAME.v1.txt
is the page saved as text, cells separated by ' | '; NAME.v2.txt the TAB dump where a cell's
printed line wraps go on lines of their own (产出指标 / (50分) on two lines); docx and xlsx by tools/family_office.py.
Deterministic: rerunning rewrites the same bytes.  The expected output, tests/data/families/expected/NAME.json, is written by hand from
what the form says, not by this script.
"""

from __future__ import annotations

import argparse
import html
from pathlib import Path

from family_office import to_docx, to_xlsx  # type: ignore[import-not-found]
from family_specs import SAMPLES  # type: ignore[import-not-found]

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "families"
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<style>table {{ border-collapse: collapse; }} td {{ border: 1px solid #000; padding: 2px 4px; }}</style>
</head><body>
{body}
</body></html>
"""


def _cell(cell: object) -> tuple[str, int, int]:
    """A spec cell: 'text' or ('text', rowspan, colspan)."""
    if isinstance(cell, tuple):
        return cell[0], cell[1], cell[2]
    return str(cell), 1, 1


def _td(cell: object) -> str:
    text, rows, cols = _cell(cell)
    span = (f' rowspan="{rows}"' if rows > 1 else "") + (f' colspan="{cols}"' if cols > 1 else "")
    return f"<td{span}>{'<br/>'.join(html.escape(part) for part in text.split(chr(10)))}</td>"


def to_html(blocks: list) -> str:
    body = []
    for kind, content in blocks:
        if kind == "p":
            body.append(f'<p align="center">{html.escape(content)}</p>')
        else:
            rows = "\n".join("<tr>" + "".join(map(_td, row)) + "</tr>" for row in content)
            body.append(f'<table border="1" cellspacing="0">\n<tbody>\n{rows}\n</tbody>\n</table>')
    title = next((content for kind, content in blocks if kind == "p"), "")
    return PAGE.format(title=html.escape(title), body="\n".join(body))


def _positions(rows: list[list], wraps: bool = False) -> list[list[str]]:
    """Spec rows -> one text per grid column per row: a merged cell's text in its first grid
    column of its first row, the columns and rows it spans empty."""
    taken: set[tuple[int, int]] = set()
    grid: list[dict[int, str]] = []
    ends: list[int] = []
    for i, row in enumerate(rows):
        line: dict[int, str] = {}
        j = 0
        for cell in row:
            while (i, j) in taken:
                j += 1
            text, down, across = _cell(cell)
            line[j] = text if wraps else text.replace("\n", "")
            taken.update((i + a, j + b) for a in range(down) for b in range(across))
            j += across
        grid.append(line)
        ends.append(j)
    width = 1 + max((j for i, j in taken), default=0)
    return [[line.get(j, "") for j in range(width if (i, end) in taken or end >= width else end)]
            for i, (line, end) in enumerate(zip(grid, ends, strict=True))]


def _wrapped(row: list[str]) -> list[str]:
    """One grid row whose cells wrap: line k holds the k-th printed line of every cell."""
    parts = [text.split("\n") for text in row]
    depth = max((len(p) for p in parts), default=1)
    return ["\t".join(p[k] if k < len(p) else "" for p in parts) for k in range(depth)]


def to_txt(blocks: list, wraps: bool = False) -> str:
    lines: list[str] = []
    for kind, content in blocks:
        if kind == "p":
            lines.append(content)
            continue
        if lines:
            lines.append("")
        lines += [line for row in _positions(content, wraps) for line in _wrapped(row)]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def to_pipe_text(blocks: list) -> str:
    """A web page saved as text: each table row one line, its cells as the page has them
    (a merged cell once, where its <td> is), separated by ' | '."""
    lines: list[str] = []
    for kind, content in blocks:
        if kind == "p":
            lines.append(content)
        else:
            lines += [" | ".join(_cell(cell)[0].replace("\n", "") for cell in row) for row in content]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (formats, blocks) in SAMPLES.items():
        if "html" in formats:
            (args.out / f"{name}.html").write_text(to_html(blocks), encoding="utf-8")
        if "txt" in formats:
            (args.out / f"{name}.txt").write_text(to_txt(blocks), encoding="utf-8")
        if "wraps" in formats:
            (args.out / f"{name}.v2.txt").write_text(to_txt(blocks, wraps=True), encoding="utf-8")
        if "pipe" in formats:
            (args.out / f"{name}.v1.txt").write_text(to_pipe_text(blocks), encoding="utf-8")
        if "docx" in formats:
            to_docx(blocks, args.out / f"{name}.docx")
        if "xlsx" in formats:
            to_xlsx(blocks, args.out / f"{name}.xlsx")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
