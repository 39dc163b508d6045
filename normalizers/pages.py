"""Page furniture: a line that is only a page number, printed in a page's header or footer."""

from __future__ import annotations

import regex

# a line that is only a page number: 1 / - 1 - / 第1页 / 第 1 页 共 3 页 / 1/3 / Page 1 of 3
PAGE_NUMBER = regex.compile(r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
                            r"|\d+\s*/\s*\d+|\d+|Page\s+\d+(?:\s+of\s+\d+)?)\s*$", regex.IGNORECASE)


def is_page_number(text: str | None) -> bool:
    return bool(text) and bool(PAGE_NUMBER.match(text))
