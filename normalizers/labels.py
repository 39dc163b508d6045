"""Label variants: （元） vs (元), 自我评价 vs 自评价, full-width colons, spaces inside labels."""

from __future__ import annotations

from functools import lru_cache

import regex

from normalizers.hanzi import fold_hanzi
from normalizers.text import ascii_alnum, strip_html

# every kind of whitespace, including the ideographic space
ANY_SPACE = regex.compile(r"[\s\u00A0\u3000]+")
# a trailing colon, ASCII or full-width, that ends a label
TRAILING_COLON = regex.compile(r"[:：]+$")
# a unit in parentheses at the end of a label: (元) (万元) (%)
TRAILING_UNIT = regex.compile(r"\((?:万元|元|%)\)$")
# bracket and colon variants folded to one spelling
FOLD = str.maketrans({"（": "(", "）": ")", "：": ":", "％": "%", "【": "[", "】": "]"})
# wording variants of one label, folded to the spelling used in lookup tables
VARIANTS = (
    (regex.compile(r"自我评价"), "自评价"),
    (regex.compile(r"自评价表"), "自评表"),
)


@lru_cache(maxsize=65536)  # pure, and called for every cell of every row while forms are located
def canon_label(text: str | None) -> str:
    """The lookup key of a label cell: no spaces or tags, ASCII brackets, no trailing colon, simplified
    characters without injected pinyin (normalizers.hanzi)."""
    if not text:
        return ""
    key = fold_hanzi(ANY_SPACE.sub("", ascii_alnum(strip_html(text))).translate(FOLD))
    key = TRAILING_COLON.sub("", key)
    for pattern, replacement in VARIANTS:
        key = pattern.sub(replacement, key)
    return key


def label_base(text: str | None) -> str:
    """canon_label without a trailing unit: 当年预算数（元）： -> 当年预算数."""
    return TRAILING_UNIT.sub("", canon_label(text))


MAX_LABEL = 40  # no label cell is longer; longer cells (remarks, goals) are never looked up as labels


@lru_cache(maxsize=8192)
def label_key(text: str) -> str | None:
    """canon_label of a label-sized cell, None for text too long to be a label (cached: labels repeat)."""
    return canon_label(text) if len(text) <= MAX_LABEL * 2 else None


@lru_cache(maxsize=8192)
def label_base_key(text: str) -> str | None:
    """label_base of a label-sized cell, None for longer text (cached)."""
    return label_base(text) if len(text) <= MAX_LABEL * 2 else None
