#!/usr/bin/env python3
"""Build the small bad PDFs under tests/data/bad/ that the PDF error tests read.

    python tools/make_bad_pdfs.py

- scanned.pdf    one page holding only an image: no text layer
- cid_font.pdf   text in a Type0 font with Identity encoding and no ToUnicode map: (cid:N)
(truncated.pdf, a PDF cut short, is made by tools/make_bad_inputs.py)
- encrypted.pdf  the good PDF encrypted with a user password (needs `qpdf` on PATH)
- not_a_pdf.pdf  a text file named .pdf
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "bad"


def build_pdf(objects: list[bytes]) -> bytes:
    """A PDF from its objects (object 1 must be the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"


PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def text_pdf() -> bytes:
    content = b"BT /F1 14 Tf 72 720 Td (Project self evaluation, page one) Tj ET"
    return build_pdf([
        CATALOG, PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def scanned_pdf() -> bytes:
    width = height = 16
    pixels = bytes((x * 16 + y * 8) % 256 for y in range(height) for x in range(width))
    content = b"q 400 0 0 560 97 141 cm /Im1 Do Q"
    return build_pdf([
        CATALOG, PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        stream(content),
        stream(pixels, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 " % (width, height)),
    ])


def cid_pdf() -> bytes:
    glyphs = b"".join(b"%04X" % g for g in range(100, 160))
    content = b"BT /F1 12 Tf 72 720 Td <" + glyphs + b"> Tj 0 -20 Td <" + glyphs + b"> Tj ET"
    return build_pdf([
        CATALOG, PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 7 0 R /DW 1000 /CIDToGIDMap /Identity >>",
        b"<< /Type /FontDescriptor /FontName /ABCDEF+SimSun /Flags 4 /FontBBox [0 -141 1000 859] "
        b"/ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>",
    ])


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    good = text_pdf()
    (OUT / "scanned.pdf").write_bytes(scanned_pdf())
    (OUT / "cid_font.pdf").write_bytes(cid_pdf())
    (OUT / "not_a_pdf.pdf").write_text("项目名称：这不是PDF文件\n", encoding="utf-8")
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        print("qpdf not found: encrypted.pdf not rebuilt", file=sys.stderr)
    else:
        plain = OUT / "plain.tmp.pdf"
        plain.write_bytes(good)
        subprocess.run([qpdf, "--encrypt", "user-pw", "owner-pw", "256", "--", str(plain),
                        str(OUT / "encrypted.pdf")], check=True)
        plain.unlink()
    for path in sorted(OUT.glob("*.pdf")):
        print(f"{path}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
