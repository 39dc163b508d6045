#!/usr/bin/env python3
"""Build the PDF samples of the seed forms: DOCX renderings made with python-docx, printed to PDF
by LibreOffice (headless), as Word/WPS exports in the archives are.

    python tools/make_pdf_samples.py            # writes samples/pdf/*.pdf
    python tools/make_pdf_samples.py --keep-docx DIR   # also keeps the intermediate DOCX files

Needs python-docx (pip extra `docx`) and LibreOffice with CJK fonts, e.g. on Debian:
    apt-get install -y libreoffice-writer-nogui fonts-noto-cjk fonts-wqy-microhei fonts-arphic-uming

Every form is rendered from the golden JSON tests/golden/NAME.json: title, the header
block (label/value table), the indicator table (一级指标 labels as vertical merges, a header
row repeated on every page, rows allowed to break across pages), the 合计 row and the 说明
notes.  The variants differ in font, font size, page size and orientation, column widths,
where merged labels and numbers sit vertically, and in how the forms follow one another, so
that tables run over page breaks, rows split at them, and merged labels land on either page.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
NAME = "000_fbae7522b0b69a6d"

PAGE_SIZES = {"A4": (Mm(210), Mm(297)), "Letter": (Mm(215.9), Mm(279.4)), "B5": (Mm(176), Mm(250))}
VALIGN = {"top": WD_CELL_VERTICAL_ALIGNMENT.TOP, "center": WD_CELL_VERTICAL_ALIGNMENT.CENTER,
          "bottom": WD_CELL_VERTICAL_ALIGNMENT.BOTTOM}


@dataclass(frozen=True)
class Variant:
    suffix: str  # '' for NAME.pdf, '.v1' for NAME.v1.pdf
    font: str
    size: float  # body font size in points
    page: str = "A4"
    landscape: bool = False
    margin_mm: float = 20
    widths: tuple[float, ...] = (2.2, 3.0, 4.2, 1.0, 1.1, 6.5)  # relative indicator column widths
    label_valign: str = "center"  # where the merged 一级指标 label sits in its merged cell
    number_valign: str = "center"  # where 权重 / 自评分 sit in their cells
    label_style: str = "{name} ({points}分)"
    commas: bool = True  # 2,055,983.00 or 2055983.00
    new_page_per_form: bool = True
    repeat_header: bool = True
    notes_in_table: bool = False  # the 说明 notes as a last full-width row of the indicator table
    header_widths: tuple[float, ...] = (2.0, 3.5, 2.0, 3.0)
    single_table: bool = False  # header block and indicator table as one 6-column table
    title_in_table: bool = False  # with single_table: the title as the table's first row
    page_numbers: bool = False  # a 第 N 页 footer
    extra: dict = field(default_factory=dict)


VARIANTS = (
    Variant("", "WenQuanYi Micro Hei", 10.5),
    Variant(".v1", "Noto Sans CJK SC", 9, page="Letter", landscape=True, margin_mm=15,
            widths=(1.8, 3.0, 5.0, 0.9, 1.0, 8.0), label_valign="top", label_style="{name}（{points}分）",
            new_page_per_form=False),
    Variant(".v2", "AR PL UMing CN", 12, page="B5", margin_mm=15,
            widths=(1.6, 2.4, 3.0, 0.9, 1.0, 7.5), label_valign="bottom", number_valign="top",
            label_style="{name}\n({points}分)", commas=False, notes_in_table=True),
    Variant(".v3", "WenQuanYi Micro Hei Mono", 11, page="Letter", margin_mm=22,
            widths=(2.5, 3.5, 3.5, 1.2, 1.2, 5.5), label_valign="center", number_valign="bottom",
            repeat_header=False, new_page_per_form=False, single_table=True, title_in_table=True,
            page_numbers=True),
)


def _set_font(run, font: str, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _write(cell, text: str, v: Variant, *, bold: bool = False, align=None) -> None:
    lines = text.split("\n") if text else [""]
    para = cell.paragraphs[0]
    for k, line in enumerate(lines):
        if k:
            para = cell.add_paragraph()
        para.paragraph_format.space_after = Pt(0)
        para.paragraph_format.space_before = Pt(0)
        if align is not None:
            para.alignment = align
        _set_font(para.add_run(line), v.font, v.size, bold)


def _borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "6")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _widths(table, rel: tuple[float, ...], usable) -> None:
    total = sum(rel)
    table.autofit = False
    for col, w in zip(table.columns, rel, strict=False):
        col.width = int(usable * w / total)
    for row in table.rows:
        for cell, w in zip(row.cells, rel, strict=False):
            cell.width = int(usable * w / total)


def _money(value: float | None, v: Variant) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}" if v.commas else f"{value:.2f}"


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def _paragraph(doc, text: str, v: Variant, *, size: float | None = None, bold: bool = False,
               center: bool = False) -> None:
    para = doc.add_paragraph()
    para.paragraph_format.space_after = Pt(2)
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(para.add_run(text), v.font, size or v.size, bold)


def _header_values(form: dict, v: Variant) -> list[tuple]:
    rate = form["execution_rate_pct"]
    return [
        ("项目名称：", form["project_name"], "预算单位：", form["budget_unit"]),
        ("具体实施处(科室)：", form["implementing_dept"], "是否为经常性项目：", form["recurring"]),
        ("当年预算数(元)：", _money(form["budget_current_yuan"], v),
         "上年预算金额(元)：", _money(form["budget_previous_yuan"], v)),
        ("预算执行数(元)：", _money(form["budget_executed_yuan"], v),
         "预算执行率(%)：", f"{rate:.2f}%" if rate is not None else ""),
        ("项目年度总目标：", form["annual_goal"]),
        ("自评时间：", form["eval_date"]),
        ("绩效等级：", form["grade"]),
        ("主要绩效：", form["main_achievements"]),
        ("主要问题：", form["main_problems"]),
        ("改进措施：", form["improvements"]),
    ]


def _fill_header(table, first: int, form: dict, v: Variant) -> None:
    """The label/value rows, from row `first`: on 4 columns, or on the 6 of a single table."""
    wide = len(table.columns) == 6
    for r, values in enumerate(_header_values(form, v), start=first):
        cells = table.rows[r].cells
        if len(values) == 2:
            targets = [cells[0], cells[1].merge(cells[-1])]
        elif wide:
            targets = [cells[0], cells[1].merge(cells[2]), cells[3], cells[4].merge(cells[5])]
        else:
            targets = list(cells)
        for cell, text in zip(targets, values, strict=True):
            _write(cell, text or "", v)


def _new_table(doc, rows: int, cols: int):
    table = doc.add_table(rows=rows, cols=cols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(table)
    return table


def _fill_indicators(table, first: int, form: dict, v: Variant) -> None:
    """Indicator header row at row `first`, indicator rows, 合计, and the notes row if wanted."""
    inds = form["indicators"]
    center = WD_ALIGN_PARAGRAPH.CENTER
    for c, text in enumerate(("一级指标", "指标名称", "指标解释", "权重", "自评分", "备注")):
        _write(table.rows[first].cells[c], text, v, bold=True, align=center)
    if v.repeat_header and first == 0:
        _repeat_header(table.rows[first])
    start = first
    for i, ind in enumerate(inds, start=first + 1):
        cells = table.rows[i].cells
        _write(cells[1], ind["name"] or "", v)
        _write(cells[2], ind["explanation"] or "", v)
        _write(cells[3], _num(ind["weight"]), v, align=center)
        _write(cells[4], _num(ind["score"]), v, align=center)
        _write(cells[5], ind["remark"] or "", v)
        for c in (3, 4):
            cells[c].vertical_alignment = VALIGN[v.number_valign]
        k = i - first - 1
        if k + 1 == len(inds) or inds[k + 1]["level1"] != ind["level1"]:
            top = table.rows[start + 1].cells[0]
            merged = top.merge(cells[0]) if start + 1 != i else top
            head = inds[start - first]
            _write(merged, v.label_style.format(name=head["level1"], points=_num(head["level1_points"])), v,
                   align=center)
            merged.vertical_alignment = VALIGN[v.label_valign]
            start = i
    total = table.rows[first + len(inds) + 1].cells
    _write(total[0].merge(total[2]), "合计", v, align=center)
    _write(total[3], _num(form["total_weight"]), v, align=center)
    _write(total[4], _num(form["total_score"]), v, align=center)
    if v.notes_in_table:
        notes = table.rows[first + len(inds) + 2].cells
        _write(notes[0].merge(notes[5]), form["notes"] or "", v)


def _form(doc, form: dict, v: Variant, usable) -> None:
    n_ind = 1 + len(form["indicators"]) + 1 + (1 if v.notes_in_table else 0)
    n_head = len(_header_values(form, v))
    if v.single_table:  # title row, header block and indicator table in one 6-column table
        title = 1 if v.title_in_table else 0
        if not title:
            _paragraph(doc, form["title"], v, size=v.size + 6, bold=True, center=True)
        table = _new_table(doc, title + n_head + n_ind, 6)
        if title:
            cells = table.rows[0].cells
            _write(cells[0].merge(cells[5]), form["title"], v, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _fill_header(table, title, form, v)
        _fill_indicators(table, title + n_head, form, v)
        _widths(table, v.widths, usable)
    else:
        _paragraph(doc, form["title"], v, size=v.size + 6, bold=True, center=True)
        table = _new_table(doc, n_head, 4)
        _fill_header(table, 0, form, v)
        _widths(table, v.header_widths, usable)
        _paragraph(doc, "", v)
        table = _new_table(doc, n_ind, 6)
        _fill_indicators(table, 0, form, v)
        _widths(table, v.widths, usable)
    if not v.notes_in_table and form["notes"]:
        for line in form["notes"].split("\n"):
            _paragraph(doc, line, v)


def _page_numbers(section, v: Variant) -> None:
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(para.add_run("第 "), v.font, 9)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)
    _set_font(para.add_run(" 页"), v.font, 9)


def build_docx(gold: dict, v: Variant, path: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    width, height = PAGE_SIZES[v.page]
    if v.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(v.margin_mm))
    usable = width - 2 * Mm(v.margin_mm)
    if v.page_numbers:
        _page_numbers(section, v)
    for k, form in enumerate(gold["forms"]):
        if k and v.new_page_per_form:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif k:
            doc.add_paragraph()
        _form(doc, form, v, usable)
    doc.save(path)


FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Serif CJK SC", "AR PL UMing CN",
         "WenQuanYi Micro Hei Mono")


def random_variant(k: int, rng: random.Random) -> Variant:
    """A random variant for robustness sweeps (written to a scratch folder, not committed)."""
    return Variant(
        f".v{100 + k}", rng.choice(FONTS), rng.choice((8, 9, 10, 10.5, 11, 12, 14)), page=rng.choice(list(PAGE_SIZES)),
        landscape=rng.random() < 0.4, margin_mm=rng.choice((12, 18, 25, 30)),
        widths=tuple(round(rng.uniform(lo, hi), 1) for lo, hi in
                     ((1.2, 3), (2, 4), (2, 6), (0.7, 1.5), (0.7, 1.5), (3, 9))),
        label_valign=rng.choice(list(VALIGN)), number_valign=rng.choice(list(VALIGN)),
        label_style=rng.choice(("{name} ({points}分)", "{name}（{points}分）", "{name}\n({points}分)",
                                "{name}\n（{points}分）")),
        commas=rng.random() < 0.7, new_page_per_form=rng.random() < 0.5, repeat_header=rng.random() < 0.7,
        notes_in_table=rng.random() < 0.3, single_table=rng.random() < 0.4, title_in_table=rng.random() < 0.5,
        page_numbers=rng.random() < 0.4,
        header_widths=tuple(round(rng.uniform(1.2, 4), 1) for _ in range(4)))


def to_pdf(docx: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is not installed: apt-get install -y libreoffice-writer-nogui")
    profile = out_dir / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(docx)], check=True, capture_output=True)
    return out_dir / (docx.stem + ".pdf")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "samples" / "pdf"))
    ap.add_argument("--keep-docx", default=None, help="folder to keep the intermediate DOCX files in")
    ap.add_argument("--only", default=None, help="build only the variant with this suffix, e.g. .v2")
    ap.add_argument("--sweep", type=int, default=0, metavar="N",
                    help="instead, build N random variants NAME.v1KK.pdf (for robustness checks; do not commit)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    variants = [random_variant(k, rng) for k in range(args.sweep)] if args.sweep else VARIANTS
    gold = json.loads((ROOT / "tests" / "golden" / f"{NAME}.json").read_text(encoding="utf-8"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for v in variants:
            if args.only is not None and v.suffix != args.only:
                continue
            docx = tmpdir / f"{NAME}{v.suffix}.docx"
            build_docx(gold, v, docx)
            pdf = to_pdf(docx, tmpdir)
            shutil.copyfile(pdf, out / pdf.name)
            if args.keep_docx:
                Path(args.keep_docx).mkdir(parents=True, exist_ok=True)
                shutil.copyfile(docx, Path(args.keep_docx) / docx.name)
            print(f"{out / pdf.name}: {pdf.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
