"""Decode text files whose encoding archives never state: BOMs, UTF-8, GB18030/GBK, BOM-less UTF-16."""

from __future__ import annotations

import codecs
from typing import NamedTuple

import regex

from selfeval.errors import BinaryContentError, EmptyFileError, EncodingError

# (BOM, codec) pairs, longest BOM first so UTF-32 is not mistaken for UTF-16
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# control characters that never appear in a text file (TAB, LF, CR, FF are fine)
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}
# every byte but those control bytes: deleting them leaves just the control bytes, to count
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL)


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 byte order whose NUL pattern the data shows: ASCII text in UTF-16 has NUL high bytes."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nul, odd_nul = data[0::2].count(0), data[1::2].count(0)
    if odd_nul > 4 * even_nul:
        return "utf-16-le"
    if even_nul > 4 * odd_nul:
        return "utf-16-be"
    return None


# characters decoded from bytes that were never text: controls and private-use code points
BAD_CHAR = regex.compile(r"[\x00-\x08\x0B\x0E-\x1F\uE000-\uF8FF]")
# characters outside ASCII, and those of them real Chinese text is made of
NON_ASCII = regex.compile(r"[^\x00-\x7F]")
COMMON_CJK = regex.compile(r"[\u4E00-\u9FFF\u3000-\u303F\uFF00-\uFFEF“”‘’…—·]")
SAMPLE = 65536  # characters examined when judging a decoding
# bytes that may be damaged in otherwise valid UTF-8 (read, and said where): at most 16, and at most one
# in 500 (Latin-1 or GBK text is "damaged" every few bytes)
MAX_DAMAGED = 16
DAMAGED_SHARE = 500


class Decoded(NamedTuple):
    text: str
    encoding: str
    damaged: tuple[int, ...] = ()  # offsets of bytes that were not valid in `encoding` (read as U+FFFD)


def _looks_like_text(text: str) -> bool:
    sample = text[:SAMPLE]
    return len(BAD_CHAR.findall(sample)) < 0.01 * max(len(sample), 1)


def _plausible_cjk(text: str) -> bool:
    """GB18030 and UTF-16 decode most byte soup; real Chinese text is mostly common CJK and punctuation."""
    sample = text[:SAMPLE]
    non_ascii = len(NON_ASCII.findall(sample))
    return non_ascii == 0 or len(COMMON_CJK.findall(sample)) > 0.9 * non_ascii


def decode_text(data: bytes, *, what: str = "file") -> Decoded:
    """Return (text, encoding name, damaged byte offsets).  Raises EmptyFileError, BinaryContentError
    or EncodingError."""
    if not data.strip():
        raise EmptyFileError(f"empty {what}: {'0 bytes' if not data else 'only whitespace'}")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), codec)
            except UnicodeDecodeError as exc:
                raise EncodingError(f"{what} starts with a {codec} byte-order mark but is not valid {codec} "
                                    f"(byte {exc.start + len(bom)})") from exc
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        text = _try(data, utf16) if utf16 else None
        if text is not None:
            return Decoded(text, utf16)
        raise BinaryContentError(f"binary content, not text: NUL byte at offset {data.index(0)}")
    controls = len(data.translate(None, _NOT_CONTROL_BYTES))
    if controls > max(2, len(data) // 200):
        raise BinaryContentError(f"binary content, not text: {controls} control bytes in {len(data)} bytes")
    for codec in ("utf-8", "gb18030", "utf-16-le", "utf-16-be"):
        text = _try(data, codec)
        if text is not None:
            return Decoded(text, codec)
    damaged = _damaged_utf8(data)
    if damaged:  # UTF-8 but for a few bytes (a damaged disk, a cut copy): read the rest, say where
        return Decoded(data.decode("utf-8", "replace"), "utf-8", damaged)
    raise EncodingError("cannot determine the encoding: the bytes are not text in UTF-8, GB18030/GBK or UTF-16")


def damaged_bytes_warning(decoded: Decoded) -> str:
    """What a parser says of a text read with a few damaged bytes."""
    at = ", ".join(f"{offset:,}" for offset in decoded.damaged)
    return (f"{len(decoded.damaged)} damaged byte(s) at offset(s) {at}: not valid {decoded.encoding}, read as "
            f"U+FFFD; the rest of the file is intact")


def _damaged_utf8(data: bytes) -> tuple[int, ...]:
    """The offsets of the bytes that are not UTF-8, when they are few (MAX_DAMAGED, DAMAGED_SHARE)."""
    bad: list[int] = []
    pos = 0
    limit = min(MAX_DAMAGED, len(data) // DAMAGED_SHARE)
    while len(bad) <= limit:
        try:
            data[pos:].decode("utf-8")
        except UnicodeDecodeError as exc:
            bad.extend(range(pos + exc.start, pos + exc.end))
            pos += exc.end
            continue
        return tuple(bad)
    return ()


def _try(data: bytes, codec: str) -> str | None:
    """The text when the data decodes strictly in `codec` to plausible text, else None."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if codec == "utf-8":  # strict UTF-8 of non-control bytes is text
        return text
    return text if _looks_like_text(text) and _plausible_cjk(text) else None
