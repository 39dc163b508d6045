"""Label lookup in running text: the text folded as canon_label folds labels (injected pinyin dropped,
traditional characters simplified, full-width brackets and colon made ASCII), with the position in
the original text of every folded character, so that what is found in the folded text can be cut
out of the original, as written."""

from __future__ import annotations

from normalizers.hanzi import INJECTED_PINYIN, T2S

# full-width brackets and colon, folded one character for one for label lookup
FOLD_PUNCT = str.maketrans({"（": "(", "）": ")", "：": ":"})


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """The text with injected pinyin dropped and characters folded for lookup, and for each folded
    character its position in the text."""
    skip = {i for m in INJECTED_PINYIN.finditer(text) for i in range(m.start(), m.end())}
    keep = [i for i in range(len(text)) if i not in skip]
    return "".join(text[i] for i in keep).translate(T2S).translate(FOLD_PUNCT), keep


def original_end(text: str, where: list[int], end: int) -> int:
    """The end in the original text of folded text ending at `end`: after the last character's
    injected pinyin, which belongs to it (合計(jì))."""
    last = where[end - 1] + 1
    m = INJECTED_PINYIN.match(text, last)
    return m.end() if m else last
