"""Write the bad office files the tests feed the pipeline: tests/data/bad/*.

    python tools/make_bad_files.py

Each file is broken the way archives break them: a .docx that is not a zip, a
truncated .docx/.xlsx, a workbook with no form in it, an empty workbook, a page
with no table, a spreadsheet saved as .docx, a .docx/.xlsx whose main part's
compressed bytes are damaged (its zip directory intact), an encrypted .docx and
.xlsx (needs `pip install msoffcrypto-tool`, used only here).
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "bad"
SAMPLE = "000_fbae7522b0b69a6d"


def damage_part(data: bytes, part: str) -> bytes:
    """`data` with 8 bytes in the middle of `part`'s compressed stream inverted; all else intact."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    middle = info.header_offset + 30 + name_len + extra_len + info.compress_size // 2
    damaged = bytearray(data)
    for i in range(middle, middle + 8):
        damaged[i] ^= 0xFF
    return bytes(damaged)


def main() -> int:
    import openpyxl

    OUT.mkdir(parents=True, exist_ok=True)
    docx_bytes = (ROOT / "samples" / "docx" / f"{SAMPLE}.docx").read_bytes()
    xlsx_bytes = (ROOT / "samples" / "xlsx" / f"{SAMPLE}.xlsx").read_bytes()
    (OUT / "not_a_zip.docx").write_text("项目绩效自评价\n项目名称：这是一个改了后缀的文本文件\n", encoding="utf-8")
    (OUT / "truncated.docx").write_bytes(docx_bytes[: len(docx_bytes) // 2])
    (OUT / "truncated.xlsx").write_bytes(xlsx_bytes[: len(xlsx_bytes) // 3])
    (OUT / "spreadsheet_named.docx").write_bytes(xlsx_bytes)
    (OUT / "damaged_part.docx").write_bytes(damage_part(docx_bytes, "word/document.xml"))
    (OUT / "damaged_part.xlsx").write_bytes(damage_part(xlsx_bytes, "xl/worksheets/sheet1.xml"))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "人员名单"
    for row in (["序号", "姓名", "部门"], [1, "张三", "办公室"], [2, "李四", "财务处"]):
        sheet.append(row)
    workbook.save(OUT / "no_form.xlsx")
    openpyxl.Workbook().save(OUT / "empty_workbook.xlsx")
    (OUT / "no_table.html").write_bytes(
        '<html><head><meta charset="gbk"><title>通知</title></head><body><h1>关于开展项目绩效自评的通知</h1>'
        "<p>各单位：请于6月30日前报送项目绩效自评价表。</p></body></html>".encode("gb18030"))
    try:
        import msoffcrypto.format.ooxml as ooxml
    except ImportError:
        print("msoffcrypto-tool is not installed: encrypted.docx/.xlsx left as they are")
    else:
        encrypted = io.BytesIO()
        ooxml.OOXMLFile(io.BytesIO(docx_bytes)).encrypt("123456", encrypted)
        (OUT / "encrypted.docx").write_bytes(encrypted.getvalue())
        encrypted = io.BytesIO()
        ooxml.OOXMLFile(io.BytesIO(xlsx_bytes)).encrypt("123456", encrypted)
        (OUT / "encrypted.xlsx").write_bytes(encrypted.getvalue())
    for path in sorted(OUT.iterdir()):
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
