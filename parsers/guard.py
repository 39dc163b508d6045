"""Checks run on a file's bytes before any parser sees them: hostile input fails here, clearly.

- size: a file over the size limit is refused before it is read (`check_size`).
- zip containers (.docx/.xlsx): the declared uncompressed sizes, their total,
  the compression ratios and the entry count are bounded, and every XML part
  is decompressed in bounded chunks (its actual size must match what it
  declares), so a zip bomb never reaches a parser (`check_zip`).
- XML parts and HTML: DOCTYPE/ENTITY declarations are refused before parsing,
  wherever they stand (the whole part or page is scanned, not a prefix: a
  declaration after a long comment is caught too), so no entity, exponential
  ("billion laughs") or external, is ever resolved (`check_xml_part`, `check_html`).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from selfeval.errors import CorruptFileError, HostileInputError, InputTooLargeError, UsageError

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    max_size: int = 200 * MB  # bytes of the file itself (--max-size)
    max_unzipped: int = 512 * MB  # total uncompressed bytes a zip container may declare
    max_part: int = 128 * MB  # uncompressed bytes of any one XML part
    # uncompressed/compressed, checked for parts over RATIO_FLOOR: real text XML reaches ~300:1 (100,000
    # short paragraphs); deflate tops out at ~1030:1, which only runs of one byte reach
    max_ratio: int = 1000
    max_entries: int = 20_000

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise UsageError(f"limit {name} must be a positive whole number, got {value!r}")


RATIO_FLOOR = 1 * MB  # small parts compress very well (repetitive XML) and are harmless
CHUNK = 1 * MB
OVERLAP = 64  # bytes of one chunk scanned again with the next: a declaration cut between them is found

# an XML document type or entity declaration: `<!DOCTYPE` or `<!ENTITY` (never in a real OOXML part)
XML_DECLARATION = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)\b", re.IGNORECASE)
# an entity declaration anywhere in an HTML page (HTML has none of its own)
HTML_ENTITY_DECL = re.compile(r"<!\s*ENTITY\b", re.IGNORECASE)
# a DOCTYPE with an internal subset `[ ... ]`, where entities are declared
HTML_DOCTYPE_SUBSET = re.compile(r"<!\s*DOCTYPE[^>\[]*\[", re.IGNORECASE)
# the parts of an OOXML package that are surely not markup (pictures, embedded binaries): not scanned for
# declarations, which a picture's bytes could hold by chance (every part is still decompressed and checked)
BINARY_PART = re.compile(r"\.(?:png|jpe?g|gif|bmp|tiff?|emf|wmf|bin|ico|wdp|svgz)$", re.IGNORECASE)


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB // 10 else f"{n / 1024:.1f} KB"


def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_size:
        raise InputTooLargeError(f"file is {_mb(size)}, over the {_mb(limits.max_size)} size limit "
                                 f"(raise it with --max-size)")


def _codec(head: bytes) -> str:
    """The codec that shows markup declarations in bytes starting with `head` (UTF-8, GB or UTF-16)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:64].count(0) > 8:
        return "utf-16-be" if head.startswith(b"\xfe\xff") or head[:1] == b"\x00" else "utf-16-le"
    return "latin-1"


def check_xml_part(text: bytes, name: str, codec: str | None = None) -> None:
    """Refuse a part (or a piece of one, read with the codec of its start) that declares a DTD or entity."""
    if XML_DECLARATION.search(text.decode(codec or _codec(text), "ignore")):
        raise HostileInputError(f"{name} declares a DOCTYPE or ENTITY (possible entity expansion or "
                                f"external entity attack); refused without parsing it")


def check_html(data: bytes) -> None:
    text = data.decode(_codec(data), "ignore")
    if HTML_ENTITY_DECL.search(text) or HTML_DOCTYPE_SUBSET.search(text):
        raise HostileInputError("the page declares XML entities in its DOCTYPE (possible entity expansion "
                                "or external entity attack); refused without parsing it")


def _check_entry(info: zipfile.ZipInfo, limits: Limits) -> None:
    if info.file_size > limits.max_part:
        raise HostileInputError(f"zip bomb suspected: part {info.filename} declares {_mb(info.file_size)} "
                                f"uncompressed (limit {_mb(limits.max_part)})")
    if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        ratio = info.file_size // max(info.compress_size, 1)
        raise HostileInputError(f"zip bomb suspected: part {info.filename} expands {ratio}:1 "
                                f"({_mb(info.compress_size)} -> {_mb(info.file_size)})")


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Decompress one part in bounded chunks: its real size must be the declared one; scan all of it."""
    total = 0
    codec = None
    tail = b""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if total > info.file_size:
                    raise HostileInputError(f"zip bomb suspected: part {info.filename} expands past its "
                                            f"declared size of {info.file_size} bytes")
                if not BINARY_PART.search(info.filename):
                    codec = codec or _codec(chunk)
                    check_xml_part(tail + chunk, info.filename, codec)
                    tail = chunk[-OVERLAP:]
    except zipfile.BadZipFile as exc:
        if "magic number" in str(exc) or "header" in str(exc).lower():  # bytes added or cut before the part
            raise CorruptFileError(f"the zip is damaged: part {info.filename} is not where its directory says "
                                   f"({exc})") from exc
        # zipfile stops at the declared size; a forged size then fails the checksum
        raise CorruptFileError(f"part {info.filename} does not decompress to its declared size and checksum "
                               f"(a corrupt file, or a zip bomb with forged sizes): {exc}") from exc
    except (zlib.error, EOFError) as exc:  # the compressed bytes themselves are damaged or cut short
        raise CorruptFileError(f"part {info.filename} is damaged: its compressed data cannot be "
                               f"decompressed ({exc})") from exc


def check_zip(data: bytes, limits: Limits, what: str = "zip") -> None:
    """Refuse zip bombs and XML parts with entity declarations before a parser opens the package."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > limits.max_entries:
                raise HostileInputError(f"zip bomb suspected: {len(infos)} entries (limit {limits.max_entries})")
            declared = sum(i.file_size for i in infos)
            if declared > limits.max_unzipped:
                raise HostileInputError(f"zip bomb suspected: parts declare {_mb(declared)} uncompressed in a "
                                        f"{_mb(len(data))} file (limit {_mb(limits.max_unzipped)})")
            for info in infos:
                _check_entry(info, limits)
            for info in infos:
                if not info.is_dir():
                    _read_part(archive, info)
    except HostileInputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise CorruptFileError(f"the {what} file is truncated or damaged: its zip directory is missing "
                               f"or unreadable ({exc})") from exc
    except NotImplementedError as exc:
        raise CorruptFileError(f"zip container uses an unsupported feature: {exc}") from exc
    except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted entries
        raise CorruptFileError(f"zip container cannot be read: {exc}") from exc
