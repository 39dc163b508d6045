"""Wrap repair: join the fragments of a table row that a page break split over several lines.

A long cell split at a page break shows up as an extra line of mostly empty cells,
before or after the line that holds the rest of its row.  Which one it belongs to
is read from the text itself: an unfinished neighbouring cell, a fragment that
begins mid-sentence or stops mid-word, and (weakly) where the page break fell.
"""

from __future__ import annotations

from collections.abc import Sequence

# characters that end a finished cell text: a sentence end, optionally inside a closing quote/bracket
SENTENCE_END = frozenset("。！？!?；;")
CLOSERS = frozenset("”’）)」』】》\"'")
# characters no cell starts with unless it continues the text before it
CONTINUATION_START = frozenset("，。、；：？！）》」』”’%,.;:)]%")
# how much a page break right before / after a fragment counts, against the text's evidence
BREAK_WEIGHT = 10


def is_finished(text: str) -> bool:
    """Does the text end the way a complete cell ends (。！？；, possibly inside closing quotes)?"""
    text = text.rstrip()
    while text and text[-1] in CLOSERS:
        text = text[:-1]
    return bool(text) and text[-1] in SENTENCE_END


def starts_mid_sentence(text: str) -> bool:
    text = text.lstrip()
    return bool(text) and (text[0] in CONTINUATION_START or text[0].islower())


def _evidence(frag: Sequence[str | None], prev: Sequence[str | None] | None,
              nxt: Sequence[str | None] | None, columns: Sequence[int]) -> int:
    """Positive: the fragment continues the row before it; negative: it begins the row after it."""
    score = 0
    for c in columns:
        piece = frag[c] if c < len(frag) else None
        if not piece:
            continue
        before = prev[c] if prev is not None and c < len(prev) else None
        after = nxt[c] if nxt is not None and c < len(nxt) else None
        if before:
            score += 2 if not is_finished(before) else -1
        else:
            score -= 1
        if after:
            score -= 2 if starts_mid_sentence(after) else 0
        else:
            score += 1
        score += 2 if starts_mid_sentence(piece) else 0
        score += 1 if is_finished(piece) else -2
    return score


def group_fragments(lines: Sequence[Sequence[str | None]], core: Sequence[bool],
                    breaks: Sequence[bool] | None = None,
                    columns: Sequence[int] | None = None) -> list[list[int]]:
    """Group table lines into rows: one group per core line, fragments joined where they belong.

    lines:   the cell texts of each line (None for blank cells)
    core:    which lines are whole rows (they carry the row's numbers); the rest are fragments
    breaks:  breaks[i] is True when a page break (blank line) lies just before line i
    columns: the columns whose text wraps (default: all)
    Returns the line indices of each row, in reading order.  Fragments with no core
    line in the table form no row.
    """
    n = len(lines)
    breaks = breaks or [False] * n
    cores = [i for i in range(n) if core[i]]
    if not cores:
        return []
    width = max((len(line) for line in lines), default=0)
    cols = list(columns) if columns is not None else list(range(width))
    groups = {i: [i] for i in cores}
    bounds = [-1, *cores, n]
    for prev_core, next_core in zip(bounds, bounds[1:], strict=False):
        run = list(range(prev_core + 1, next_core))
        if not run:
            continue
        prev = lines[prev_core] if prev_core >= 0 else None
        nxt = lines[next_core] if next_core < n else None
        if prev is None:
            groups[next_core][:0] = run
            continue
        if nxt is None:
            groups[prev_core].extend(run)
            continue
        # choose the split point s: run[:s] continues prev, run[s:] begins next
        nets = []
        for i in run:
            net = _evidence(lines[i], prev, nxt, cols)
            # rows are cut only at page breaks, so where the break lies outweighs textual evidence
            if breaks[i]:  # a page break before this fragment: it is cut from the row above
                net += BREAK_WEIGHT
            if i + 1 < n and breaks[i + 1]:  # a page break after it: it is cut from the row below
                net -= BREAK_WEIGHT
            nets.append(net)
        best_s, best_total, total = 0, 0, 0
        for s, net in enumerate(nets, start=1):
            total += net
            if total > best_total:
                best_s, best_total = s, total
        groups[prev_core].extend(run[:best_s])
        groups[next_core][:0] = run[best_s:]
    return [groups[i] for i in cores]
