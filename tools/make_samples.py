"""Render the seed's four forms as Word, web-page and spreadsheet files that look like an office made them.

    python tools/make_samples.py [--gold tests/golden/000_fbae7522b0b69a6d.json] [--out samples]

Writes samples/{docx,html,xlsx}/NAME.EXT and variants NAME.vN.EXT (score.py maps
NAME.vN.EXT to NAME.json).  Every file holds the same four forms, laid out the
ways archives lay them out: merged 一级指标 cells, borders, a CJK font, the title
and the 说明 notes inside the table (merged rows) or outside it (paragraphs), the
header block as a table or as '项目名称：xxx' paragraphs, 合计 merged across three
columns or not, numbers stored as numbers (with display formats, 执行率 as a
fraction with a percent format) or as text, one form per sheet or all on one
sheet, header rows repeated on each page, a GBK page with navigation, breadcrumbs
and a footer.  Deterministic: re-running gives the same content.
"""

from __future__ import annotations

import argparse
import html
import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "000_fbae7522b0b69a6d"

# (printed label, gold field, kind) of the header block, two to a line
HEADER_LINES = [
    [("项目名称：", "project_name", "text"), ("预算单位：", "budget_unit", "text")],
    [("具体实施处(科室)：", "implementing_dept", "text"), ("是否为经常性项目：", "recurring", "text")],
    [("当年预算数(元)：", "budget_current_yuan", "money"), ("上年预算金额(元)：", "budget_previous_yuan", "money")],
    [("预算执行数(元)：", "budget_executed_yuan", "money"), ("预算执行率(%)：", "execution_rate_pct", "pct")],
    [("项目年度总目标：", "annual_goal", "text")],
    [("自评时间：", "eval_date", "text")],
    [("绩效等级：", "grade", "text")],
    [("主要绩效：", "main_achievements", "text")],
    [("主要问题：", "main_problems", "text")],
    [("改进措施：", "improvements", "text")],
]
COLUMNS = ["一级指标", "指标名称", "指标解释", "权重", "自评分", "备注"]


@dataclass
class Value:
    """A cell's content: its printed text, and the number a spreadsheet would store."""
    text: str | None
    number: float | None = None
    fmt: str | None = None  # spreadsheet number format for `number`
    fraction: bool = False  # a percentage: stored as number/100 with a percent format


@dataclass
class C:
    value: Value
    cs: int = 1
    rs: int = 1
    bold: bool = False
    center: bool = False


@dataclass
class Table:
    rows: list[list[C]]
    widths: list[float]  # column widths in cm
    header_rows: list[int] = field(default_factory=list)  # rows repeated on each page


@dataclass
class Para:
    text: str
    title: bool = False


@dataclass(frozen=True)
class Style:
    header: str = "table"  # 'table' (own 4-column table), 'main' (rows of the indicator table), 'paras',
    # or 'paras2' (a line's two pairs on one paragraph)
    title_in_table: bool = False
    notes_in_table: bool = False
    totals_merged: bool = False  # 合计 merged across the first three columns
    label_break: bool = False  # 一级指标 label printed on two lines: 投入与管理 / (36分)
    remark_paras: bool = False  # long remarks split into two paragraphs at a sentence end
    widths: tuple[float, ...] = (2.2, 3.2, 4.2, 1.2, 1.2, 5.5)
    font: str = "宋体"
    size: float = 10.5


def _text(v: object) -> str | None:
    return None if v is None else str(v)


def _header_value(form: dict, name: str, kind: str) -> Value:
    v = form.get(name)
    if v is None:
        return Value(None)
    if kind == "money":
        return Value(f"{v:,.2f}", float(v), "#,##0.00")
    if kind == "pct":
        return Value(f"{v:.2f}%", float(v), "0.00%", fraction=True)
    return Value(str(v))


def _points(v: float) -> Value:
    return Value(f"{v:g}", float(v), "General")


def _split_sentence(text: str | None) -> str | None:
    """A long remark as two paragraphs (joined by a newline) at its first sentence end past the middle."""
    if not text or len(text) < 60:
        return text
    cut = text.find("。", len(text) // 2)
    return text if cut < 0 or cut == len(text) - 1 else text[:cut + 1] + "\n" + text[cut + 1:]


def form_blocks(form: dict, style: Style) -> list[Table | Para]:
    blocks: list[Table | Para] = []
    rows: list[list[C]] = []
    header: list[list[C]] = []
    if style.title_in_table and style.header == "main":  # the title is a merged row atop the table it heads
        rows.append([C(Value(form["title"]), cs=6, bold=True, center=True)])
    elif style.title_in_table and style.header == "table":
        header.append([C(Value(form["title"]), cs=4, bold=True, center=True)])
    else:
        blocks.append(Para(form["title"], title=True))
    for line in HEADER_LINES:
        if style.header in ("paras", "paras2"):  # one 'label：value' per line, or a line's pairs on one line
            pairs = [f"{label}{_header_value(form, name, kind).text or ''}" for label, name, kind in line]
            blocks.extend([Para("\u3000\u3000".join(pairs))] if style.header == "paras2" else map(Para, pairs))
            continue
        if style.header == "main":  # label | value (2 cols) | label | value (2 cols), 6 columns
            cells = []
            for label, name, kind in line:
                cells.append(C(Value(label), bold=True))
                cells.append(C(_header_value(form, name, kind), cs=2 if len(line) == 2 else 5))
            header.append(cells)
        else:  # own 4-column table
            cells = []
            for label, name, kind in line:
                cells.append(C(Value(label), bold=True))
                cells.append(C(_header_value(form, name, kind), cs=1 if len(line) == 2 else 3))
            header.append(cells)
    if style.header == "table":
        blocks.append(Table(header, [3.5, 5.5, 3.5, 5.0]))
    elif style.header == "main":
        rows.extend(header)
    head_row = len(rows)
    rows.append([C(Value(c), bold=True, center=True) for c in COLUMNS])
    groups: list[list[dict]] = []
    for ind in form["indicators"]:
        if groups and groups[-1][0]["level1"] == ind["level1"]:
            groups[-1].append(ind)
        else:
            groups.append([ind])
    for group in groups:
        first = group[0]
        sep = "\n" if style.label_break else " "
        label = f"{first['level1']}{sep}({first['level1_points']:g}分)"
        for k, ind in enumerate(group):
            row = [C(Value(label), rs=len(group), center=True)] if k == 0 else []
            remark = _split_sentence(ind["remark"]) if style.remark_paras else ind["remark"]
            row += [C(Value(ind["name"])), C(Value(_text(ind["explanation"]))), C(_points(ind["weight"]), center=True),
                    C(_points(ind["score"]), center=True), C(Value(remark))]
            rows.append(row)
    if style.totals_merged:
        rows.append([C(Value("合计"), cs=3, bold=True, center=True), C(_points(form["total_weight"]), center=True),
                     C(_points(form["total_score"]), center=True), C(Value(None))])
    else:
        rows.append([C(Value("合计"), bold=True, center=True), C(Value(None)), C(Value(None)),
                     C(_points(form["total_weight"]), center=True), C(_points(form["total_score"]), center=True),
                     C(Value(None))])
    if style.notes_in_table:
        rows.append([C(Value(form["notes"]), cs=6)])
    blocks.append(Table(rows, list(style.widths), header_rows=[head_row]))
    if not style.notes_in_table:
        blocks.extend(Para(line) for line in form["notes"].splitlines())
    return blocks


@dataclass(frozen=True)
class Variant:
    suffix: str  # '' for NAME.EXT, '.v1' for NAME.v1.EXT
    style: Style
    options: dict = field(default_factory=dict)


VARIANTS = {
    "docx": [
        Variant("", Style()),
        Variant(".v1", Style(header="main", title_in_table=True, notes_in_table=True, totals_merged=True,
                             widths=(1.8, 2.6, 5.0, 1.0, 1.0, 6.4), font="仿宋_GB2312", size=10)),
        Variant(".v2", Style(header="paras2", totals_merged=True, label_break=True, remark_paras=True,
                             widths=(2.6, 3.6, 3.6, 1.4, 1.4, 5.0), font="SimSun", size=9)),
    ],
    "html": [
        Variant("", Style(), {"charset": "utf-8"}),
        Variant(".v1", Style(header="main", title_in_table=True, notes_in_table=True, totals_merged=True,
                             remark_paras=True), {"charset": "gbk", "chrome": True, "one_table": True}),
        Variant(".v2", Style(header="paras", totals_merged=True, label_break=True),
                {"charset": "gb2312", "chrome": True}),
        Variant(".v3", Style(header="paras2", title_in_table=True, notes_in_table=False, remark_paras=True,
                             font="Microsoft YaHei"), {"charset": "utf-8", "chrome": "html5"}),
    ],
    "xlsx": [
        Variant("", Style(totals_merged=True), {"numbers": True, "formulas": True}),
        Variant(".v1", Style(header="main", title_in_table=True, notes_in_table=True, label_break=True),
                {"numbers": False, "one_sheet": True}),
        Variant(".v2", Style(header="paras2", totals_merged=True, notes_in_table=True),
                {"numbers": True, "one_sheet": True, "pct_format": "0%"}),
    ],
}


def render(fmt: str, forms: list[dict], variant: Variant, path: Path) -> None:
    blocks = [form_blocks(form, variant.style) for form in forms]
    if fmt == "docx":
        write_docx(blocks, variant.style, path)
    elif fmt == "html":
        path.write_bytes(render_html(blocks, variant.style, variant.options))
    else:
        write_xlsx(blocks, variant.style, variant.options, path)


def _html_cell(c: C, tag: str = "td") -> str:
    attrs = []
    if c.cs > 1:
        attrs.append(f'colspan="{c.cs}"')
    if c.rs > 1:
        attrs.append(f'rowspan="{c.rs}"')
    if c.center:
        attrs.append('align="center"')
    text = c.value.text or ""
    lines = [html.escape(t) for t in text.split("\n")]
    if len(lines) > 1 and len(text) > 40:
        body = "".join(f"<p>{t}</p>" for t in lines)
    else:
        body = "<br>".join(lines) or "&nbsp;"
    if c.bold:
        body = f"<b>{body}</b>"
    return f"<{tag}{' ' if attrs else ''}{' '.join(attrs)}><span style=\"font-family:{'宋体'}\">{body}</span></{tag}>"


def render_html(blocks: list[list[Table | Para]], style: Style, options: dict) -> bytes:
    charset = options.get("charset", "utf-8")
    out = ["<!DOCTYPE html>", "<html>", "<head>", f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
           "<title>项目绩效自评价公开</title>",
           "<style>table{border-collapse:collapse} td,th{border:1px solid #000;padding:2px 4px;"
           f"font-family:'{style.font}',SimSun;font-size:{style.size}pt}}</style>",
           "<script>var _hmt = _hmt || []; document.write('统计');</script>", "</head>", "<body>"]
    if options.get("chrome") == "html5":
        out += ['<header><div class="logo">上海市党建服务中心</div><nav><a href="/">首页</a><a href="/zwgk/">政务公开</a>'
                '<a href="/jxgl/">绩效管理</a></nav></header>',
                '<ol class="breadcrumb"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li>绩效自评</li></ol>',
                "<main><article><header><h1>关于2019年度项目绩效自评结果的公告</h1>",
                '<div class="meta">来源：本站　发布日期：2020-06-30　浏览次数：1024</div></header>']
    elif options.get("chrome"):
        out += ['<div class="header"><div class="logo">上海市党建服务中心</div>',
                '<ul class="nav"><li><a href="/">首页</a></li><li><a href="/xxgk/">信息公开</a></li>'
                '<li><a href="/czyjs/">财政预决算</a></li><li><a href="/jxpj/">绩效评价</a></li></ul></div>',
                '<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; 绩效自评</div>',
                '<div class="content">', "<h1>2019年度项目绩效自评结果公开</h1>",
                "<p class=\"info\">发布时间：2020-06-30</p>"]
    for form in blocks:
        out.append('<div class="form">')
        for block in form:
            if isinstance(block, Para):
                tag = "h2" if block.title else "p"
                out.append(f"<{tag}>{html.escape(block.text)}</{tag}>")
                continue
            cols = "".join(f'<col style="width:{w}cm">' for w in block.widths)
            out.append(f'<table border="1" cellspacing="0" cellpadding="2"><colgroup>{cols}</colgroup>')
            if block.header_rows and options.get("chrome"):  # the column header row in its own section
                h = block.header_rows[0]
                sections = [("tbody", block.rows[:h], "td"), ("thead" if h == 0 else "tbody", [block.rows[h]], "th"),
                            ("tbody", block.rows[h + 1:], "td")]
                for tag, rows, cell_tag in sections:
                    if rows:
                        out.append(f"<{tag}>" + "".join("<tr>" + "".join(_html_cell(c, cell_tag) for c in row)
                                                        + "</tr>" for row in rows) + f"</{tag}>")
            else:
                out += ["<tr>\n  " + "\n  ".join(_html_cell(c) for c in row) + "\n</tr>" for row in block.rows]
            out.append("</table>")
        out.append("</div>")
    if options.get("chrome") == "html5":
        out += ['<div class="fontsize">【字体：大 中 小】</div>',
                '<div class="pn"><p>上一篇：关于2018年度项目绩效自评结果的公告</p><p>下一篇：无</p></div>',
                '<div class="related"><h3>相关文章</h3><ul><li><a href="/a">2018年度部门决算</a></li>'
                '<li><a href="/b">2019年度部门预算</a></li><li><a href="/c">2019年度部门决算</a></li></ul></div>',
                "</article></main>", "<footer><p>版权所有 上海市党建服务中心　联系电话：021-00000000</p></footer>",
                "<p>网站标识码：3100000000　沪公网安备 31000000000000号</p>"]
    elif options.get("chrome"):
        out += ["</div>", '<div class="footer"><p>主办：中共上海市委组织部 &nbsp; 承办：上海市党建服务中心</p>',
                "<p>版权所有 © 上海市党建服务中心 沪ICP备00000000号</p></div>"]
    out += ["</body>", "</html>"]
    text = "\n".join(out) + "\n"
    return text.encode("gb18030" if charset in ("gbk", "gb2312") else charset)


def grid(table: Table) -> list[tuple[int, int, C]]:
    """(row, column, cell) of every cell, placing rowspans and colspans the way HTML does."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            taken.update((r + dr, c + dc) for dr in range(cell.rs) for dc in range(cell.cs))
            c += cell.cs
    return out


def _set_font(run_or_style, style: Style, size: float | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = style.font
    font.size = Pt(size or style.size)
    font.bold = bold or None
    rpr = run_or_style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), style.font)


def write_docx(forms: list[list[Table | Para]], style: Style, path: Path) -> None:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = docx.Document()
    _set_font(document.styles["Normal"], style)
    document.core_properties.author = "上海市党建服务中心"
    for k, form in enumerate(forms):
        if k:
            document.add_page_break()
        for block in form:
            if isinstance(block, Para):
                p = document.add_paragraph()
                _set_font(p.add_run(block.text), style, 16 if block.title else None, block.title)
                if block.title:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                continue
            ncols = len(block.widths)
            table = document.add_table(rows=len(block.rows), cols=ncols)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for row in table.rows:
                for c, cell in enumerate(row.cells):
                    cell.width = Cm(block.widths[c])
            for r in block.header_rows:
                tr_pr = table.rows[r]._tr.get_or_add_trPr()
                flag = OxmlElement("w:tblHeader")
                flag.set(qn("w:val"), "true")
                tr_pr.append(flag)
            for r, c, spec in grid(block):
                cell = table.cell(r, c)
                if spec.cs > 1 or spec.rs > 1:
                    cell = cell.merge(table.cell(r + spec.rs - 1, c + spec.cs - 1))
                lines = (spec.value.text or "").split("\n")
                for i, line in enumerate(lines):
                    p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    if line:
                        _set_font(p.add_run(line), style, bold=spec.bold)
                    if spec.center:
                        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            document.add_paragraph()
    document.save(path)


def write_xlsx(forms: list[list[Table | Para]], style: Style, options: dict, path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "项目绩效自评" if options.get("one_sheet") else "表1"
    r0 = 1
    for k, form in enumerate(forms):
        if k and not options.get("one_sheet"):
            sheet = workbook.create_sheet(f"表{k + 1}")
            r0 = 1
        for i, w in enumerate(style.widths):
            sheet.column_dimensions["ABCDEF"[i]].width = w * 4.2
        for block in form:
            if isinstance(block, Para):
                cell = sheet.cell(r0, 1, block.text)
                cell.font = Font(name=style.font, size=16 if block.title else style.size, bold=block.title)
                cell.alignment = Alignment(horizontal="center" if block.title else "left")
                sheet.merge_cells(start_row=r0, start_column=1, end_row=r0, end_column=6)
                r0 += 1
                continue
            totals = next((r for r, row in enumerate(block.rows) if row[0].value.text == "合计"), None)
            for r, c, spec in grid(block):
                value = spec.value
                cell = sheet.cell(r0 + r, c + 1)
                if options.get("formulas") and r == totals and value.number is not None:  # =SUM of the column
                    first, last = r0 + block.header_rows[0] + 1, r0 + r - 1
                    cell.value = f"=SUM({'ABCDEF'[c]}{first}:{'ABCDEF'[c]}{last})"
                elif options.get("numbers") and value.number is not None:
                    cell.value = value.number / 100 if value.fraction else value.number
                    cell.number_format = options.get("pct_format", value.fmt) if value.fraction else value.fmt
                else:
                    cell.value = value.text
                cell.font = Font(name=style.font, size=style.size, bold=spec.bold)
                cell.alignment = Alignment(wrap_text=True, vertical="center",
                                           horizontal="center" if spec.center else "left")
                for dr in range(spec.rs):
                    for dc in range(spec.cs):
                        sheet.cell(r0 + r + dr, c + 1 + dc).border = border
                if spec.cs > 1 or spec.rs > 1:
                    sheet.merge_cells(start_row=r0 + r, start_column=c + 1,
                                      end_row=r0 + r + spec.rs - 1, end_column=c + spec.cs)
            r0 += len(block.rows)
        r0 += 2
    workbook.properties.creator = "上海市党建服务中心"
    workbook.save(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "golden" / f"{NAME}.json")
    parser.add_argument("--out", type=Path, default=ROOT / "samples")
    parser.add_argument("--formats", nargs="*", default=list(VARIANTS))
    args = parser.parse_args(argv)
    forms = json.loads(args.gold.read_text(encoding="utf-8"))["forms"]
    stem = args.gold.stem
    for fmt in args.formats:
        (args.out / fmt).mkdir(parents=True, exist_ok=True)
        for variant in VARIANTS[fmt]:
            path = args.out / fmt / f"{stem}{variant.suffix}.{fmt}"
            render(fmt, forms, variant, path)
            print(f"wrote {path.relative_to(args.out.parent) if args.out.is_absolute() else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
