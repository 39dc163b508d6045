"""Decode text files whose encoding archives never state: BOMs, UTF-8, GB18030/GBK, BOM-less UTF-16."""

from __future__ import annotations

import codecs
import re

from extractor.errors import BinaryContentError, EmptyFileError, EncodingError

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
# one character that does not belong in a text file: a control character above, or private use
_NOT_TEXT = re.compile("[" + "".join(f"\\x{c:02x}" for c in sorted(_CONTROL)) + "\ue000-\uf8ff]")


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is NUL the way UTF-16 text of ASCII/CJK lays it out."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nul = data[0::2].count(0) / (len(data) / 2)
    odd_nul = data[1::2].count(0) / (len(data) / 2)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    bad = len(_NOT_TEXT.findall(text))
    return bad / len(text) < 0.01


def _plausible_gb(text: str) -> bool:
    """GB18030 decodes most byte soup; real Chinese text is mostly common CJK, ASCII and CJK punctuation."""
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if not non_ascii:
        return True
    common = sum(1 for ch in non_ascii if 0x4E00 <= ord(ch) <= 0x9FFF or 0x3000 <= ord(ch) <= 0x303F
                 or 0xFF00 <= ord(ch) <= 0xFFEF or ch in "“”‘’…—·")
    return common / len(non_ascii) > 0.9


def decode_text(data: bytes, *, what: str = "file") -> tuple[str, str]:
    """Return (text, encoding name).  Raises EmptyFileError, BinaryContentError or EncodingError."""
    if not data.strip():
        raise EmptyFileError(f"empty {what}: {'0 bytes' if not data else 'only whitespace'}")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec
            except UnicodeDecodeError as exc:
                raise EncodingError(f"{what} starts with a {codec} byte-order mark but is not valid {codec} "
                                    f"(byte {exc.start + len(bom)})") from exc
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError as exc:
            raise EncodingError(f"{what} looks like {utf16} without a byte-order mark but does not decode "
                                f"(byte {exc.start})") from exc
    if b"\x00" in data:
        raise BinaryContentError(f"binary content, not text: NUL byte at offset {data.index(0)}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise EncodingError(f"cannot determine the encoding: not UTF-8 (invalid byte at {utf8_error.start}) "
                                f"and not GB18030 (invalid byte at {exc.start})") from exc
        if not _looks_like_text(text):
            raise BinaryContentError("binary content, not text: control bytes throughout") from utf8_error
        if not _plausible_gb(text):
            raise EncodingError("cannot determine the encoding: not UTF-8, and as GB18030 it decodes to "
                                "characters that are not Chinese text") from utf8_error
        return text, "gb18030"
    if not _looks_like_text(text):
        raise BinaryContentError("binary content, not text: control bytes throughout")
    return text, "utf-8"
