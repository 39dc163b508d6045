"""Mutants of real sample files, the way attackers and damaged archives make them (issue 12).

    from tools.mutate import mutate          # mutate(data, fmt, rng) -> (name of the mutation, bytes)

Every format gets byte damage (flips, inserted junk, truncation, a spliced copy).
Zip formats (docx/xlsx) also get structural damage: a member dropped, a member's
compressed bytes damaged, and an XML member rewritten by one of the markup
mutations; HTML gets the markup mutations directly.  The markup mutations remove
tags, duplicate attributes, insert undefined entities, a DOCTYPE after a long
comment, deep nesting, absurd spans and merged ranges, cells at absurd rows,
numbers of 400 nines, deeply nested formulas and odd charsets.  PDFs also get
page-tree bombs (/Count 99999999), damaged streams (content, fonts) and lying /Length.  Used by
tests/test_hostile_props.py (under hypothesis) and benchmarks/fuzz.py.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from collections.abc import Callable

# a start tag with its attributes: <w:gridSpan w:val="2"/>, <td colspan=2>
START_TAG = re.compile(rb"<[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
# an attribute whose value is a number or a cell reference: w:val="2", r="B5", ref="A1:C3", s="3"
NUMERIC_ATTR = re.compile(rb"""(\s[\w:]+=)(["'])([A-Z]{0,3}\d+(?::[A-Z]{0,3}\d+)?)\2""")
# the text between two tags
TEXT_RUN = re.compile(rb">([^<>]{2,})<")
# a run of digits in text or values
DIGITS = re.compile(rb"\d+(?:\.\d+)?")
# the markup parts of an OOXML package worth mutating
MARKUP_MEMBER = re.compile(r"\.(?:xml|rels)$")

EXTREMES = (b"2147483648", b"99999999999999999999", b"10000000", b"100000", b"-1", b"0", b"x", b"1e400",
            b"A99999999", b"A1:XFD1048576")
SPANS = (b'<w:gridSpan w:val="2147483648"/>', b'<w:gridBefore w:val="10000000"/>',
         b'<w:gridSpan w:val="99999999999999999999"/>', b'<w:vMerge/>', b' colspan="100000"',
         b' rowspan="100000"')


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(1, len(data))]


def _junk(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.randbytes(rng.randint(1, 512)) + data[at:]


def _splice(data: bytes, rng: random.Random) -> bytes:
    a, b = sorted(rng.randrange(len(data)) for _ in range(2))
    at = rng.randrange(len(data))
    return data[:at] + data[a:b] + data[at:]


BYTE_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": _flip, "truncate": _truncate, "junk": _junk, "splice": _splice}


def _at(pattern: re.Pattern, data: bytes, rng: random.Random) -> re.Match | None:
    found = list(pattern.finditer(data))
    return rng.choice(found) if found else None


def _drop_tag(data: bytes, rng: random.Random) -> bytes:
    m = _at(START_TAG, data, rng)
    return data if m is None else data[:m.start()] + data[m.end():]


def _duplicate_attribute(data: bytes, rng: random.Random) -> bytes:
    m = _at(NUMERIC_ATTR, data, rng)
    return data if m is None else data[:m.end()] + m.group(0) + data[m.end():]


def _extreme_value(data: bytes, rng: random.Random) -> bytes:
    m = _at(NUMERIC_ATTR, data, rng)
    if m is None:
        return data
    return data[:m.start(3)] + rng.choice(EXTREMES) + data[m.end(3):]


def _entity(data: bytes, rng: random.Random) -> bytes:
    m = _at(TEXT_RUN, data, rng)
    return data if m is None else data[:m.start(1)] + b"&bogus;&#xFFFFFF;" + data[m.start(1):]


def _doctype_after_comment(data: bytes, rng: random.Random) -> bytes:
    m = _at(START_TAG, data, rng)
    at = 0 if m is None else m.start()
    hidden = b"<!--" + b"x" * 300_000 + b'--><!DOCTYPE x [<!ENTITY e "boom">]>'
    return data[:at] + hidden + data[at:]


def _nest(data: bytes, rng: random.Random) -> bytes:
    m = _at(START_TAG, data, rng)
    if m is None:
        return data
    open_, close = (b"<div>", b"</div>") if b"<td" in data or b"<p" in data[:4096] else (b"<a>", b"</a>")
    depth = rng.choice((300, 3000, 10000))
    return data[:m.start()] + open_ * depth + data[m.start():] + close * depth


def _span(data: bytes, rng: random.Random) -> bytes:
    if b"<w:tcPr>" in data:
        return data.replace(b"<w:tcPr>", b"<w:tcPr>" + rng.choice(SPANS[:4]), 1)
    if b"<w:tc>" in data:
        return data.replace(b"<w:tc>", b"<w:tc><w:tcPr>" + rng.choice(SPANS[:4]) + b"</w:tcPr>", 1)
    if b"</sheetData>" in data:
        merged = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
        if b"<mergeCells" in data:
            return re.sub(rb'ref="[A-Z]+\d+:[A-Z]+\d+"', b'ref="A1:XFD1048576"', data, count=1)
        return data.replace(b"</sheetData>", b"</sheetData>" + merged, 1)
    m = _at(re.compile(rb"<t[dh]\b"), data, rng)
    return data if m is None else data[:m.end()] + rng.choice(SPANS[4:]) + data[m.end():]


def _nines(data: bytes, rng: random.Random) -> bytes:
    m = _at(DIGITS, data, rng)
    return data if m is None else data[:m.start()] + b"9" * 400 + data[m.end():]


def _formula(data: bytes, rng: random.Random) -> bytes:
    m = _at(re.compile(rb"<v>[^<]*</v>"), data, rng)
    if m is None:
        return data
    depth = rng.choice((50, 3000))
    formula = b"<f>" + b"(" * depth + b"1" + b")" * depth + b"</f>"
    return data[:m.start()] + formula + data[m.end():]


def _charset(data: bytes, rng: random.Random) -> bytes:
    meta = b'<meta charset="' + rng.choice((b"undefined", b"base64", b"rot13", b"utf-7", b"nonsense")) + b'">'
    return meta + data


MARKUP_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "drop_tag": _drop_tag, "duplicate_attribute": _duplicate_attribute, "extreme_value": _extreme_value,
    "entity": _entity, "doctype_after_comment": _doctype_after_comment, "nest": _nest, "span": _span,
    "nines": _nines, "formula": _formula}


def _pdf_count(data: bytes, rng: random.Random) -> bytes:
    """A page tree claiming millions of pages (a page bomb)."""
    return re.sub(rb"/Count\s+\d+", b"/Count " + rng.choice((b"99999999", b"-1", b"0")), data, count=1)


def _pdf_stream(data: bytes, rng: random.Random) -> bytes:
    """A content, font or image stream with its compressed bytes damaged."""
    m = _at(re.compile(rb"stream\r?\n(.{64,}?)endstream", re.S), data, rng)
    if m is None:
        return _flip(data, rng)
    out = bytearray(data)
    for _ in range(rng.randint(1, 32)):
        out[m.start(1) + rng.randrange(len(m.group(1)))] = rng.randrange(256)
    return bytes(out)


def _pdf_length(data: bytes, rng: random.Random) -> bytes:
    """A stream whose /Length lies."""
    m = _at(re.compile(rb"/Length\s+(\d+)"), data, rng)
    return data if m is None else data[:m.start(1)] + rng.choice((b"0", b"99999999", b"7")) + data[m.end(1):]


PDF_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "pdf_count": _pdf_count, "pdf_stream": _pdf_stream, "pdf_length": _pdf_length}


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buf.getvalue()


def _damage_member(data: bytes, rng: random.Random) -> bytes:
    """A member's compressed bytes damaged, its zip directory intact."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = rng.choice(archive.infolist())
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[start + rng.randrange(max(info.compress_size, 1))] ^= 0xFF
    return bytes(out)


def mutate_zip(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    members = _members(data)
    choice = rng.random()
    if choice < 0.15:
        name = rng.choice(sorted(members))
        del members[name]
        return f"drop_member:{name}", _zip(members)
    if choice < 0.3:
        return "damage_member", _damage_member(data, rng)
    markup = sorted(n for n in members if MARKUP_MEMBER.search(n))
    main = [n for n in markup if n.startswith(("word/document", "xl/worksheets/", "xl/sharedStrings"))]
    name = rng.choice(main if main and rng.random() < 0.7 else markup)
    how = rng.choice(sorted(MARKUP_MUTATIONS))
    members[name] = MARKUP_MUTATIONS[how](members[name], rng)
    return f"{how}:{name}", _zip(members)


def mutate(data: bytes, fmt: str, rng: random.Random) -> tuple[str, bytes]:
    """One mutant of `data` (a file of format `fmt`): (what was done, its bytes)."""
    if fmt in ("docx", "xlsx") and rng.random() < 0.7:
        return mutate_zip(data, rng)
    if fmt == "html" and rng.random() < 0.7:
        how = rng.choice([*MARKUP_MUTATIONS, "charset"])
        return how, (_charset if how == "charset" else MARKUP_MUTATIONS[how])(data, rng)
    if fmt == "pdf" and rng.random() < 0.5:
        how = rng.choice(sorted(PDF_MUTATIONS))
        return how, PDF_MUTATIONS[how](data, rng)
    if fmt == "txt" and rng.random() < 0.3:
        return "nines", _nines(data, rng)
    how = rng.choice(sorted(BYTE_MUTATIONS))
    return how, BYTE_MUTATIONS[how](data, rng)
