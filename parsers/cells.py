"""A text line's cells: TAB-separated (a text dump), or `|`-separated (a web page saved as text,
a Markdown table written by a document converter).

Which one a file uses is read from its content, never its name: a file is `|`-separated when
enough of its lines carry ` | ` cell separators.  Two `|` styles are met:

- Markdown: `| a | b |` (outer pipes optional), `|---|---|` separator lines.  One line, one row,
  blank cells kept (`|  | b |`): the row is on its grid, as a TAB dump's.
- web text: `a | b | ||||` (the row's filled cells, then the grid's padding) where a row ends in the padding cells of the page's grid, and a
  cell holding a line break leaves its row open: a line ending in `text |` goes on on the next
  line, and a line starting with `|` continues the row before it.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

# a Markdown table's separator line: |---|:---:| / ---|---
MD_SEPARATOR = regex.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
# a cell separator: a `|` not escaped with a backslash (Markdown writes a literal | as \|)
PIPE = regex.compile(r"(?<!\\)\|")
# a line whose row is still open: it ends in a filled cell and one `|` (the next cell wrapped)
OPEN_END = regex.compile(r"[^|\s]\s*\|\s*$")
# a row's padding cells at its end: the blank grid positions a web page pads each row with (`||||`)
PADDING = regex.compile(r"\|\|\s*$")
# a Markdown heading's marks: # 项目支出绩效自评表
MD_HEADING = regex.compile(r"^\s*#{1,6}\s+")
# a Markdown row: outer pipes on both ends
MD_ROW = regex.compile(r"^\s*\|.*\|\s*$")

PIPE_LINES_MIN = 3  # fewer `|` lines than this in a file: a stray `|` in prose, not a table
PIPE_SHARE_MIN = 0.2  # ... or fewer than this share of its non-blank lines


def _is_pipe_line(line: str) -> bool:
    return "\t" not in line and bool(PIPE.search(line))


def is_pipe_file(lines: Sequence[str]) -> bool:
    """Does the file separate its cells with `|`?"""
    filled = [line for line in lines if line.strip()]
    piped = [line for line in filled if _is_pipe_line(line)]
    return len(piped) >= PIPE_LINES_MIN and len(piped) >= PIPE_SHARE_MIN * len(filled)


def _split(line: str) -> list[str]:
    return [part.strip().replace("\\|", "|") for part in PIPE.split(line)]


def _trimmed(parts: list[str]) -> list[str]:
    """A row's cells without the blank padding cells at its end."""
    while parts and not parts[-1]:
        parts.pop()
    return parts


def pipe_rows(lines: Sequence[str]) -> tuple[list[tuple[int, list[str]]], bool]:
    """(1-based line number of its first line, cells) of each row of a `|`-separated file (a
    blank line is a row of no cells: a page break, as in a text dump), and whether the rows are
    collapsed (web text: merged and blank cells dropped) rather than on their grid (Markdown)."""
    piped = [line for line in lines if _is_pipe_line(line)]
    markdown = any(MD_SEPARATOR.match(line) and "-" in line for line in lines) or \
        sum(bool(MD_ROW.match(line)) for line in piped) >= 0.8 * len(piped)
    # a page that never pads its rows leaves every line `open`, and one whose rows end in no padding
    # (`||`) keeps each row on its line, a blank first cell as a leading `|`: then each line is a row
    joins = not markdown and sum(bool(OPEN_END.search(line)) for line in piped) <= 0.5 * len(piped) \
        and any(PADDING.search(line) for line in piped)
    rows: list[tuple[int, list[str]]] = []
    open_row = False
    for number, line in enumerate(lines, start=1):
        if markdown and MD_SEPARATOR.match(line) and "-" in line:
            continue
        if markdown:
            line = MD_HEADING.sub("", line)
        parts = _split(line) if _is_pipe_line(line) else [line.strip()]
        if markdown and MD_ROW.match(line):
            parts = parts[1:-1]
        continues = joins and rows and line.strip() and (open_row or line.lstrip().startswith("|"))
        if continues:
            cells = rows[-1][1]
            cells[-1:] = [(cells[-1] + " " + parts[0]).strip() if cells else parts[0], *parts[1:]]
        else:
            rows.append((number, parts if line.strip() else []))
        open_row = joins and bool(OPEN_END.search(line))
    return [(number, _trimmed(cells)) for number, cells in rows], not markdown
