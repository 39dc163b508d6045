#!/usr/bin/env python3
"""Build the regression samples of issue 12 under tests/data/hostile/, one per defect, named after it.

    python tools/make_hostile_files.py [OUT_DIR]      (default: tests/data/hostile; deterministic bytes)

Each is the smallest file that showed the defect: an absurd span or merged range,
damaged or malformed XML, a DOCTYPE hidden after a long comment, deep nesting, a
formula of 3,000 nested parentheses, a chain of 5,000 formulas, numbers of 400
nines, a damaged byte.  tests/test_hostile_files.py says what each must give.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = "000_fbae7522b0b69a6d"
FIXED_TIME = (2024, 1, 1, 0, 0, 0)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
              'officedocument.wordprocessingml.document.main+xml"/></Types>')
DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'officeDocument" Target="word/document.xml"/></Relationships>')
HIDDEN_DOCTYPE = "<!--" + "x" * 300_000 + '--><!DOCTYPE w:document [<!ENTITY name "项目名称">]>'


def _zip(parts: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, body in parts.items():
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), body, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _docx(body: str, prolog: str = "") -> bytes:
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<w:document {W}><w:body>{body}</w:body></w:document>'
    return _zip({"[Content_Types].xml": DOCX_TYPES, "_rels/.rels": DOCX_RELS, "word/document.xml": document})


def _cell(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def _table(*rows: str, row_props: str = "") -> str:
    return "<w:tbl>" + "".join(f"<w:tr><w:trPr>{row_props}</w:trPr>{r}</w:tr>" for r in rows) + "</w:tbl>"


def docx_files() -> dict[str, bytes]:
    two = _cell("项目名称") + _cell("乡村振兴")
    seed = _members(SAMPLES / "docx" / f"{SEED}.docx")
    optional = {n: b for n, b in seed.items() if n not in ("docProps/core.xml", "word/styles.xml", "word/settings.xml")}
    paragraphs = "<w:p><w:r><w:t>项目绩效目标完成情况良好。</w:t></w:r></w:p>" * 100_000  # deflates ~290:1
    return {
        "docx_gridspan_2e31.docx": _docx(_table(_cell("项目名称", '<w:gridSpan w:val="2147483648"/>'))),
        "docx_gridbefore_1e7.docx": _docx(_table(two, row_props='<w:gridBefore w:val="10000000"/>')),
        "docx_gridspan_overflow.docx": _docx(_table(_cell("x", '<w:gridSpan w:val="99999999999999999999"/>'))),
        "docx_vmerge_without_start.docx": _docx(_table(two, _cell("续", "<w:vMerge/>") + _cell("b"))),
        "docx_entity_refs_after_long_comment.docx": _docx(_table(_cell("&name;") + _cell("乡村振兴")), HIDDEN_DOCTYPE),
        "docx_missing_optional_parts.docx": _zip(optional),
        "docx_100k_paragraphs.docx": _docx(paragraphs),
    }


def _damage_part(data: bytes, part: str) -> bytes:
    """`data` with 8 bytes in the middle of `part`'s compressed stream inverted; all else intact."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    middle = info.header_offset + 30 + name_len + extra_len + info.compress_size // 2
    damaged = bytearray(data)
    for i in range(middle, middle + 4):
        damaged[i] ^= 0xFF
    return bytes(damaged)


XLSX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
              'spreadsheetml.sheet.main+xml"/>'
              '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
              'officedocument.spreadsheetml.worksheet+xml"/>'
              '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-'
              'officedocument.spreadsheetml.worksheet+xml"/></Types>')
XLSX_RELS = DOCX_RELS.replace("word/document.xml", "xl/workbook.xml")
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {S} {R}><sheets>'
            '<sheet name="自评表" sheetId="1" r:id="rId1"/><sheet name="说明" sheetId="2" r:id="rId2"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 + "".join(f'<Relationship Id="rId{k}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                           f'relationships/worksheet" Target="worksheets/sheet{k}.xml"/>' for k in (1, 2))
                 + "</Relationships>")


def _sheet(cells: str, after: str = "", prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<worksheet {S}><sheetData>{cells}'
            f"</sheetData>{after}</worksheet>")


def _row(r: int, *cells: str) -> str:
    return f'<row r="{r}">{"".join(cells)}</row>'


def _text(ref: str, text: str, attrs: str = "") -> str:
    return f'<c r="{ref}" t="inlineStr"{attrs}><is><t>{text}</t></is></c>'


def _xlsx(sheet1: str, sheet2: str | None = None, extra: dict[str, str] | None = None) -> bytes:
    sheet2 = sheet2 if sheet2 is not None else _sheet(_row(1, _text("A1", "说明")))
    parts = {"[Content_Types].xml": XLSX_TYPES, "_rels/.rels": XLSX_RELS, "xl/workbook.xml": WORKBOOK,
             "xl/_rels/workbook.xml.rels": WORKBOOK_RELS, "xl/worksheets/sheet1.xml": sheet1,
             "xl/worksheets/sheet2.xml": sheet2, **(extra or {})}
    return _zip({k: v for k, v in parts.items() if v is not None})


def xlsx_files() -> dict[str, bytes]:
    form = _row(1, _text("A1", "项目名称"), _text("B1", "乡村振兴"))
    chain = "".join(_row(r, f'<c r="A{r}"><f>A{r + 1}+1</f></c>') for r in range(1, 5001))
    parens = _row(1, '<c r="A1"><f>' + "(" * 3000 + "1" + ")" * 3000 + "</f></c>")
    missing_first = _xlsx(_sheet(form))
    missing_first = _zip({n: b for n, b in _members_of(missing_first).items() if n != "xl/worksheets/sheet1.xml"})
    return {
        "xlsx_merged_whole_sheet.xlsx": _xlsx(_sheet(form, '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/>'
                                                           "</mergeCells>")),
        "xlsx_cell_at_row_99999999.xlsx": _xlsx(_sheet(form + _row(99_999_999, _text("A99999999", "合计")))),
        "xlsx_mismatched_tag.xlsx": _xlsx(_sheet(form).replace("</row>", "</rowx>")),
        "xlsx_truncated_sheet_xml.xlsx": _xlsx(_sheet(form)[:-40]),
        "xlsx_duplicate_attribute.xlsx": _xlsx(_sheet(form).replace('<c r="A1"', '<c r="A1" r="A1"')),
        "xlsx_undefined_entity.xlsx": _xlsx(_sheet(form).replace("项目名称", "项目&bogus;名称")),
        "xlsx_style_index_out_of_range.xlsx": _xlsx(_sheet(_row(1, '<c r="A1" s="9999"><v>1</v></c>'))),
        "xlsx_shared_string_out_of_range.xlsx": _xlsx(_sheet(_row(1, '<c r="A1" t="s"><v>9999</v></c>'))),
        "xlsx_first_sheet_part_missing.xlsx": missing_first,
        "xlsx_doctype_after_long_comment.xlsx": _xlsx(_sheet(form, prolog=HIDDEN_DOCTYPE.replace("w:document", "worksheet"))),
        "xlsx_formula_3000_parens.xlsx": _xlsx(_sheet(form + parens.replace('r="1"', 'r="2"').replace("A1", "A2"))),
        "xlsx_formula_chain_5000.xlsx": _xlsx(_sheet(chain)),
        "zip_damaged_content_types.xlsx": _damage_part(_xlsx(_sheet(form)), "[Content_Types].xml"),
    }


def _members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def html_files() -> dict[str, bytes]:
    seed = (SAMPLES / "html" / f"{SEED}.html").read_bytes()
    spans = seed.replace(b"<td", b'<td rowspan="100000" colspan="100000"', 1)
    nested = seed.replace(b"<body>", b"<body>" + b"<div>" * 10_000, 1).replace(b"</body>", b"</div>" * 10_000 + b"</body>", 1)
    hidden = seed.replace(b"<body>", b"<body><!--" + b"x" * 300_000 + b'--><!DOCTYPE x [<!ENTITY e "boom">]>', 1)
    return {
        "html_rowspan_colspan_100000.html": spans,
        "html_meta_charset_undefined.html": b'<meta charset="undefined">' + seed,
        # control bytes after every element: lxml refuses them when a dropped element's tail moves
        "html_control_characters.html": seed.replace(b">\n", b">\x01\x0b\n"),
        "html_nested_10000_tags.html": nested,
        "html_entity_after_long_comment.html": hidden,
        "html_utf8_one_damaged_byte.html": seed[:seed.index("项目".encode()) + 1] + b"\xff" + seed[seed.index("项目".encode()) + 2:],
    }


def txt_files() -> dict[str, bytes]:
    seed = (SAMPLES / "txt" / f"{SEED}.txt").read_bytes()
    at = seed.index("项目".encode())
    nines = seed.replace("(36分)".encode(), ("(" + "9" * 400 + "分)").encode(), 1).replace(b"\t5\t", b"\t" + b"9" * 400 + b"\t", 1)
    big = seed.replace(b"2,055,983.00", b"9" * 30, 1)
    dump = (SAMPLES / "txt" / f"{SEED}.v0.txt").read_bytes()
    header = dump.rfind("一级指标\t指标名称".encode(), 0, 33_801)
    return {
        "txt_table_cut_before_its_first_row.txt": dump[:header + 190],  # the last form's table: a header, half a row
        "txt_utf8_one_damaged_byte.txt": seed[:at + 1] + b"\xff" + seed[at + 2:],
        "txt_score_400_nines.txt": nines,
        "txt_budget_past_decimal_18_2.txt": big,
    }


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "hostile"
    out.mkdir(parents=True, exist_ok=True)
    for name, data in {**docx_files(), **xlsx_files(), **html_files(), **txt_files()}.items():
        (out / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
