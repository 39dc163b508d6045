"""What a file really is, from its bytes, whatever its name says.

`sniff(data)` returns a format name (`pdf`, `docx`, `xlsx`, `html`, `txt`, `png`, `jpeg`, `tiff`)
or a name for something selfeval does not read (`zip`, `ole2`, `rtf`, `binary`).
The pipeline compares it with the suffix: a file whose extension lies is read
with the parser of its real type, or fails saying what it really is.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls, and encrypted .docx/.xlsx
PDF_MAGIC = b"%PDF-"
# the signatures image files start with: scans and photos, read by OCR (parsers.scan)
IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg", b"II*\x00": "tiff", b"MM\x00*": "tiff"}
PDF_SEARCH = 1024  # PDF readers accept the header anywhere in the first KiB
# the stream name Office writes into a password-protected OOXML file (UTF-16LE in the OLE directory)
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
HEAD = 4096  # bytes looked at to tell markup from text

# an HTML document or fragment: the markup a web page or a Word "save as web page" starts with
HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                        rb"<(?:!doctype\s+html|html|head|body|meta|title|style|script|table|div|p)\b",
                        re.IGNORECASE | re.DOTALL)
# the part an OOXML package names as its main document in [Content_Types].xml
MAIN_WORD = re.compile(rb"wordprocessingml\.document\.main\+xml")
MAIN_SHEET = re.compile(rb"spreadsheetml\.sheet\.main\+xml|spreadsheetml\.template\.main\+xml")
# UTF-16 / UTF-32 byte-order marks: text, not binary, although they hold NUL bytes
TEXT_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")

# suffix -> the type a file with that name claims to be
CLAIMS = {".txt": "txt", ".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx",
          ".html": "html", ".htm": "html", ".doc": "ole2", ".xls": "ole2"}

# what each sniffed kind is called in messages
DESCRIPTIONS = {
    "pdf": "a PDF document",
    "docx": "a Word document (.docx)",
    "xlsx": "an Excel workbook (.xlsx)",
    "html": "an HTML page",
    "txt": "plain text",
    "zip": "a zip archive that is neither .docx nor .xlsx",
    "ole2": "a legacy binary Office file (.doc/.xls)",
    "rtf": "an RTF document",
    "binary": "binary data of no known type",
    "empty": "an empty file",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "tiff": "a TIFF image",
}


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size <= 1 << 20:  # a real one is a few KiB; anything bigger is left to the guard
                    types = archive.read(info)
                    if MAIN_WORD.search(types):
                        return "docx"
                    if MAIN_SHEET.search(types):
                        return "xlsx"
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, zlib.error,
            RuntimeError):  # damaged or encrypted members: the guard says which
        return "zip"
    return "zip"


def _is_binary(head: bytes) -> bool:
    if head.startswith(TEXT_BOMS):
        return False
    if b"\x00" in head:
        # BOM-less UTF-16 text has NULs in every other byte; binary has them anywhere
        return not (head[0::2].count(0) > len(head) // 4 or head[1::2].count(0) > len(head) // 4)
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    return controls > len(head) // 20


def sniff(data: bytes) -> str:
    """The real type of `data`: one of the keys of DESCRIPTIONS."""
    if not data.strip():
        return "empty"
    if data.startswith(ZIP_MAGIC):
        return _zip_kind(data)
    if data.startswith(OLE2_MAGIC):
        return "ole2"
    if PDF_MAGIC in data[:PDF_SEARCH]:
        return "pdf"
    for magic, kind in IMAGE_MAGIC.items():
        if data.startswith(magic):
            return kind
    head = data[:HEAD]
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if _is_binary(head):
        return "binary"
    text_head = head.decode("utf-16", "ignore").encode("utf-8") if b"\x00" in head[:64] else head
    if HTML_START.match(text_head.lstrip(b"\xef\xbb\xbf")):
        return "html"
    return "txt"


def describe(kind: str) -> str:
    return DESCRIPTIONS.get(kind, kind)
