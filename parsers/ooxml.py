"""Office Open XML containers (.docx, .xlsx): the checks both readers make before opening one.

An OOXML file is a zip.  What arrives instead, and what its `files` row says:
an encrypted file (an OLE compound file holding an EncryptionInfo stream), a
legacy binary .doc/.xls renamed (an OLE file without one), something else, or a
zip whose directory is truncated or damaged.  The parts themselves are checked
once, by `parsers.guard.check_zip` (bounded, every XML part decompressed); a part
damaged past that is reported by the reader that meets it (`READ_ERRORS`).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from urllib.parse import unquote

from parsers.sniff import ENCRYPTION_INFO, OLE2_MAGIC, ZIP_MAGIC
from selfeval.errors import CorruptFileError, EmptyFileError, EncryptedFileError

# what reading a part of a damaged zip raises: a bad checksum, a broken or cut-off deflate stream
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)
# the folder of an OOXML package's main part -> what the package is
# a package's relationships part: word/_rels/document.xml.rels says what word/document.xml refers to
RELS_PART = "_rels/"
RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
PACKAGE_KINDS = {"word/": "a Word document (.docx)", "xl/": "an Excel workbook (.xlsx)",
                 "ppt/": "a PowerPoint presentation (.pptx)"}


def _describe(data: bytes) -> str:
    head = data[:512]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:
            return "binary content starting with bytes " + head[:8].hex(" ")
    return "plain text"


def open_zip(data: bytes, what: str, folder: str) -> zipfile.ZipFile:
    """The zip of an OOXML file, its directory read; `folder` holds its main part ('word/', 'xl/')."""
    if not data:
        raise EmptyFileError(f"empty {what} file: 0 bytes")
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTION_INFO in data:
            raise EncryptedFileError(f"the {what} file is password-protected (encrypted); "
                                     f"save it without a password to convert it")
        legacy = "doc" if what == "docx" else "xls"
        raise CorruptFileError(f"not a {what} file: it is a legacy binary Office file (OLE); "
                               f"rename it to .{legacy} to read it through LibreOffice")
    if not data.startswith(ZIP_MAGIC):
        raise CorruptFileError(f"not a {what} file: a {what} is a zip archive, this is {_describe(data)}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(f"the {what} file is truncated or damaged: its zip directory is missing "
                               f"or broken ({exc})") from exc
    except (EOFError, OSError, zlib.error, zipfile.LargeZipFile) as exc:
        raise CorruptFileError(f"the {what} file is truncated or damaged: {exc}") from exc
    names = archive.namelist()
    if not any(name.startswith(folder) for name in names):
        kind = next((k for f, k in PACKAGE_KINDS.items() if any(n.startswith(f) for n in names)), None)
        raise CorruptFileError(f"not a {what} file: the zip holds {kind or 'no ' + folder + ' part'}")
    return archive


def _target(rels_name: str, target: str) -> str:
    """The part a relationship of `rels_name` points at: word/_rels/document.xml.rels + styles.xml -> word/styles.xml."""
    if target.startswith("/"):
        return posixpath.normpath(unquote(target[1:]))
    source_dir = posixpath.dirname(posixpath.dirname(rels_name))
    return posixpath.normpath(posixpath.join(source_dir, unquote(target)))


def without_dangling(data: bytes) -> tuple[bytes, list[str]] | None:
    """The package with every relationship to a part it lacks removed (docProps/core.xml, styles.xml,
    settings.xml ... are optional), and the parts it lacked; None when nothing dangles."""
    from lxml import etree  # the guard has refused DTDs and entities: nothing here resolves one

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    missing: list[str] = []
    for name in [n for n in parts if RELS_PART in n and n.endswith(".rels")]:
        try:
            root = etree.fromstring(parts[name], parser)
        except etree.XMLSyntaxError:
            continue  # the reader reports it
        for rel in root.iter(RELATIONSHIP):
            if rel.get("TargetMode") != "External" and _target(name, rel.get("Target") or "") not in names:
                missing.append(_target(name, rel.get("Target") or ""))
                root.remove(rel)
        parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if not missing:
        return None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for name, body in parts.items():
            rebuilt.writestr(name, body)
    return out.getvalue(), sorted(set(missing))
