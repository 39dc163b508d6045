"""Run-on text: a form's cells run together on one long line (a search excerpt, a document-sharing
site's text view), with or without spaces between them.

The line is cut at the form's known labels (项目名称, 主管部门, 项目实施单位, 填报日期, 自评总分 …,
found in the folded text, so 項(xiàng)目名稱 is found too; the longest label at the leftmost
place wins).  A label gets a value only where the text between it and the next label settles
it: a unit that ends as units do (…局, …中心, …政府), a date, a number of points, a project name
with no page chrome in it; in spaced text one word only (a space may be a cell border).  Each
settled pair becomes a row `label | value`, as a grid's header row; everything else stays one
cell of text (so no block reader takes a label out of it).  A title run into the line (…自评表,
its （2022年度）) becomes a line of its own; a document site's page number before it (`1、`)
is dropped.  Values stay as written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import regex

from extractor.templates.draft import FormDraft
from extractor.templates.fields import points_or_note
from extractor.templates.header import read_header
from normalizers.fold_positions import fold_with_positions, original_end
from normalizers.hanzi import INJECTED_PINYIN, T2S
from normalizers.text import clean_cell
from parsers.rows import Cell, RawDocument, RawRow

RUNON_MIN = 60  # a shorter line is an ordinary line of text
# label fields a run-on value is read for, and how a value for each must look
SETTLED_FIELDS = ("project_name", "competent_dept", "budget_unit", "budget_unit+competent_dept", "eval_date",
                  "total_score", "_")
# labels that only end a value: the blocks after the header
STOP_LABELS = ("项目资金来源", "项目资金", "预算资金", "预算执行情况", "资金来源", "资金情况", "年度资金总额", "年初预算",
               "全年预算数", "预算数", "年度总体目标", "项目年度目标", "年初设定目标", "绩效指标", "一级指标",
               "项目权重", "财政审核", "评价内容")
# a unit's name ends as units do: 池州市贵池区棠溪镇人民政府 / 随州市急救中心 / 区园林和林业局
UNIT = regex.compile(r"(?:局|委员会|委|中心|政府|院|站|所|馆|办公室|办|处|部|厅|会|校|学|队|公司|社|室|园|场|机关|大队)$")
# a date as printed after 填报日期: 2022年3月22日 / 2023.6.28 (its last character may be OCR-damaged: 23H)
DATE = regex.compile(r"^\d{4}(?:年\d{1,2}月\d{1,2}\S?|[.\-/]\d{1,2}[.\-/]\d{1,2})$")
# points: 98 / 92.5
POINTS = regex.compile(r"^\d{1,3}(?:\.\d+)?$")
# page chrome of document-sharing sites, never part of a value
CHROME = regex.compile(r"由会员分享|在线阅读|珍藏版|\.docx?|\.xlsx?|\.pdf|上传|下载|文档|www\.|http")
# the title run into the line's start: …项目支出绩效自评表 (2022年度) / …绩效自评表(2021年)
TITLE_END = regex.compile(r"(?P<title>[^\s:：、]*(?:自评表|绩效目标自评|绩效自评))(?P<gap>\s*)(?P<year>[(（]\d{4}年度?[)）])?\s*$")
# a document site's page number before the text of a page: 1、
PAGE_PREFIX = regex.compile(r"^\d{1,2}、")
# the colon between a label and its value
COLON = regex.compile(r"^[\s:：]+")
MAX_VALUE = 60
SPACED_WORDS = 10  # a line of this many space-separated words is spaced text (spaces between its cells)


Labels = Mapping[str, str]  # the mapper's header labels: label_base -> forms column ("_…": kept out)
_TABLES: dict[int, tuple[regex.Pattern[str], dict[str, str]]] = {}


def _table(labels: Labels) -> tuple[regex.Pattern[str], dict[str, str]]:
    """The pattern finding every known label (spaces allowed inside), and label -> field."""
    if id(labels) not in _TABLES:
        fields = {label: field for label, field in labels.items() if len(label) > 2}
        fields = {k: v if v in SETTLED_FIELDS or v.startswith("_") else "stop" for k, v in fields.items()}
        fields.update({label: "stop" for label in STOP_LABELS})
        alternatives = [r"\s*".join(regex.escape(ch) for ch in label) for label in sorted(fields, key=len, reverse=True)]
        _TABLES[id(labels)] = (regex.compile("|".join(alternatives)), fields)
    return _TABLES[id(labels)]


def relined(doc: RawDocument, labels: Labels) -> RawDocument:
    """The document with its run-on lines cut at their labels (the same document if it has none)."""
    rows: list[RawRow] = []
    for row in doc.rows:
        texts = [t for t in row.texts if t]
        pieces = _pieces(texts[0], labels) if len(texts) == 1 else None
        if pieces is None:
            rows.append(row)
            continue
        rows += [RawRow(cells=tuple(Cell(c) for c in cells), page=row.page, line=row.line) for cells in pieces]
    if len(rows) == len(doc.rows):
        return doc
    return RawDocument(rows=rows, pages=doc.pages, warnings=doc.warnings)


def _pieces(text: str, labels: Labels) -> list[list[str]] | None:
    label_pattern, label_field = _table(labels)
    folded, where = fold_with_positions(text)
    found = [m for m in label_pattern.finditer(folded)
             if label_field[regex.sub(r"\s+", "", m.group())] in SETTLED_FIELDS]
    short = len(text) < RUNON_MIN
    if len(found) < (1 if short else 2) or (short and (found[0].start() or regex.search(r"\s", text.strip()))):
        return None  # not a header run together: a long line with two labels, or a short unspaced one opening with one
    matches = list(label_pattern.finditer(folded))
    bounds = [(where[m.start()], original_end(text, where, m.end()), regex.sub(r"\s+", "", m.group()))
              for m in matches]
    spaced = len(text.split()) >= SPACED_WORDS
    pieces = _before(text[:bounds[0][0]])
    for k, (start, end, label) in enumerate(bounds):
        stop = bounds[k + 1][0] if k + 1 < len(bounds) else len(text)
        value = COLON.sub("", text[end:stop]).strip()
        # a value ends at the next label, or at the end of a short line (a long one may be cut off)
        if _settles(label_field[label], value, stop < len(text) or len(text) < RUNON_MIN):
            # spaced text stays a line of words, for the flat-text reader; else a header row's cells
            pieces.append([f"{text[start:end]} {value}"] if spaced else [text[start:end], value])
        elif label_field[label] in SETTLED_FIELDS:
            pieces.append([text[start:end]])  # a value not settled is left out: no reader may take it
        else:
            pieces.append([text[start:stop].strip()])
    return [p for p in pieces if any(p)]


def _before(text: str) -> list[list[str]]:
    """The text before the first label: page chrome, and maybe the title with its year."""
    folded, where = fold_with_positions(text)
    m = TITLE_END.search(folded)
    if m is None or not m.group("title"):
        return [[text.strip()]]
    start, end = where[m.start("title")], where[m.end("title") - 1] + 1
    title = PAGE_PREFIX.sub("", text[start:end])
    year = text[where[m.start("year")]:where[m.end("year") - 1] + 1] if m.group("year") else ""
    if year and not m.group("gap"):  # the year printed on the title line: 自评表(2021年)
        title, year = title + year, ""
    return [[PAGE_PREFIX.sub("", text[:start].strip())], [title], [year]]


def _settles(field: str, value: str, closed: bool) -> bool:
    """Does the text between a label and the next one settle the label's value?"""
    if field not in SETTLED_FIELDS or not closed or not value or len(value) > MAX_VALUE or CHROME.search(value):
        return False
    if regex.search(r"\s", value):
        return False  # spaced text: a space may be a cell border, and where the value ends is unsure
    key = value.translate(T2S)
    if field == "eval_date":
        return bool(DATE.match(key))
    if field == "total_score":
        return bool(POINTS.match(key)) and float(key) <= 100
    if field in ("competent_dept", "budget_unit", "budget_unit+competent_dept"):
        return bool(UNIT.search(INJECTED_PINYIN.sub("", key)))
    return True



def read_pairs(rows: Sequence[RawRow], draft: FormDraft, labels: Labels) -> None:
    """The settled `label | value` rows of a form read as flat text (their values, nothing else)."""
    pairs = [(i, row) for i, row in enumerate(rows) if len([t for t in row.texts if t]) == 2]
    for hv in read_header(pairs, labels):
        for name in hv.field.split("+"):
            if name.startswith("_") or draft.fields.get(name) is not None or not hv.value:
                continue
            value = clean_cell(hv.value)
            draft.fields[name] = points_or_note(value, name, None, draft) if name == "total_score" else value


def is_pair(row: RawRow, labels: Labels) -> bool:
    """Is the row a run-on header's settled `label | value` (two cells, a known label first)?"""
    texts = [t for t in row.texts if t]
    return len(texts) == 2 and _table(labels)[1].get(regex.sub(r"\s+", "", fold_with_positions(texts[0])[0])) \
        in SETTLED_FIELDS
