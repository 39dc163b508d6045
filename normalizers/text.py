"""Cell text repairs: HTML remnants, full-width ASCII, whitespace, wrapped pieces."""

from __future__ import annotations

import html

import regex

# a tag that ends a block of text: </p>, <br>, <br/>, </div>, </li>, </tr>
BLOCK_BREAK = regex.compile(r"<\s*(?:br\s*/?|/\s*(?:p|div|li|tr|h[1-6]))\s*>", regex.IGNORECASE)
# any other HTML/XML tag, opening or closing, with attributes
TAG = regex.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?\s*>")
# full-width ASCII letters and digits (Ａ-Ｚ ａ-ｚ ０-９), which become ASCII; CJK punctuation does not
FULLWIDTH_ALNUM = regex.compile(r"[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]")
# horizontal whitespace, including the ideographic space U+3000 and NBSP
HSPACE = regex.compile(r"[ \t\u00A0\u3000\u2002-\u200B\uFEFF]+")
# a piece of wrapped text ending / starting with a Latin letter: a space separated the two words
LATIN_END = regex.compile(r"[A-Za-z]$")
LATIN_START = regex.compile(r"^[A-Za-z]")


def strip_html(text: str) -> str:
    """Remove HTML tags, turning block ends (</p>, <br>) into newlines and entities into characters."""
    if "<" not in text and "&" not in text:
        return text
    text = BLOCK_BREAK.sub("\n", text)
    text = TAG.sub("", text)
    return html.unescape(text)


def ascii_alnum(text: str) -> str:
    """Full-width ASCII letters and digits to ASCII (ＣＲＭ２０１９ -> CRM2019); punctuation kept as written."""
    return FULLWIDTH_ALNUM.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)


def _lines(text: str) -> list[str]:
    text = ascii_alnum(strip_html(text))
    return [stripped for line in text.splitlines() if (stripped := HSPACE.sub(" ", line).strip())]


def join_wrapped(pieces: list[str]) -> str:
    """Join the pieces of a wrapped cell: nothing between them, but a space between two Latin words."""
    out = ""
    for piece in pieces:
        if out and LATIN_END.search(out) and LATIN_START.search(piece):
            out += " "
        out += piece
    return out


def clean_cell(text: str | None) -> str | None:
    """A table cell's text: tags removed, wrapped lines joined, surrounding whitespace gone; blank is None."""
    if text is None:
        return None
    return join_wrapped(_lines(text)) or None


def clean_block(text: str | None) -> str | None:
    """A block of text (the 说明 notes): like clean_cell, but its lines stay separate lines."""
    if text is None:
        return None
    return "\n".join(_lines(text)) or None
