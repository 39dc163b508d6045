#!/usr/bin/env python3
"""Build the hostile and broken inputs under tests/data/bad/ (deterministic: re-running gives the same bytes).

usage: python tools/make_bad_inputs.py [OUT_DIR]   (default: tests/data/bad)
"""

from __future__ import annotations

import random
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
              'officedocument.wordprocessingml.document.main+xml"/></Types>')
XLSX_TYPES = DOCX_TYPES.replace("/word/document.xml", "/xl/workbook.xml").replace(
    "wordprocessingml.document.main", "spreadsheetml.sheet.main")
WORD_BODY = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             '<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>')
LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
          + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                    for i in range(1, 10))
          + ']>\n')
XXE = '<?xml version="1.0"?>\n<!DOCTYPE x [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def _zip(path: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)


def _lying_sizes(path: Path, part: str, declared: int) -> None:
    """Rewrite the uncompressed size `part` declares (local and central headers) to `declared`."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[at + size_at:at + size_at + 4] = declared.to_bytes(4, "little")
            at += 4
    path.write_bytes(bytes(data))


def build(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    zeros = b"<w:t>" + b"0" * (150 << 20) + b"</w:t>"
    _zip(out / "zip_bomb.docx", {"[Content_Types].xml": DOCX_TYPES.encode(), "word/document.xml": zeros})
    _zip(out / "zip_bomb.xlsx", {"[Content_Types].xml": XLSX_TYPES.encode(), "xl/workbook.xml": b"<a/>",
                                 "xl/worksheets/sheet1.xml": b" " * (20 << 20)})
    _zip(out / "zip_bomb_lying_size.docx", {"[Content_Types].xml": DOCX_TYPES.encode(),
                                            "word/document.xml": WORD_BODY.format(text="x" * 200_000).encode()})
    _lying_sizes(out / "zip_bomb_lying_size.docx", "word/document.xml", 1000)
    _zip(out / "entity_bomb.docx", {"[Content_Types].xml": DOCX_TYPES.encode(),
                                    "word/document.xml": (LAUGHS + WORD_BODY.format(text="&lol9;")).encode()})
    _zip(out / "external_entity.xlsx", {"[Content_Types].xml": XLSX_TYPES.encode(),
                                        "xl/workbook.xml": (XXE + "<workbook>&xxe;</workbook>").encode()})
    (out / "external_entity.html").write_text(
        XXE.replace("x [", "html [") + "<html><body><table><tr><td>&xxe;</td></tr></table></body></html>\n",
        encoding="utf-8")
    (out / "entity_bomb.html").write_text(
        LAUGHS.replace("lolz [", "html [") + "<html><body><p>&lol9;</p></body></html>\n", encoding="utf-8")
    (out / "truncated.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n"
                                        b"endobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Cou")
    (out / "random_bytes.txt").write_bytes(random.Random(7).randbytes(4096))
    (out / "empty.txt").write_bytes(b"")
    _zip(out / "word_named_txt.txt", {"[Content_Types].xml": DOCX_TYPES.encode(),
                                      "word/document.xml": WORD_BODY.format(text="项目绩效自评价").encode()})
    (out / "legacy_word.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "bad")
