"""Template mappers: find the forms in a parsed document and map each with its template.

A document is cut into forms at each title line (项目绩效自评价, 项目支出绩效自评表 ...)
and, for forms printed without a title, at a second 项目名称 label.  Each form's
template is read from its title, else from the labels it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

from extractor.templates import mof_self_eval, sh_self_eval
from extractor.templates.draft import FormDraft
from normalizers.labels import label_base_key, label_key
from parsers.rows import RawDocument, RawRow
from selfeval.errors import NoFormFoundError

Mapper = Callable[[Sequence[RawRow], str | None], FormDraft]

# template id -> mapper; the one place that says which forms selfeval knows
MAPPERS: dict[str, Mapper] = {
    sh_self_eval.TEMPLATE: sh_self_eval.map_form,
    mof_self_eval.TEMPLATE: mof_self_eval.map_form,
}

# a title line (canonical label form): 项目绩效自评价 / 项目绩效自我评价 / 2022年度项目支出绩效自评表
# ... optionally followed by its year: 项目支出绩效自评表（2022年度）
SH_TITLE = regex.compile(r"项目(?:绩效)?自评价(?:表)?(?:\(\d{4}年度?\))?$")
MOF_TITLE = regex.compile(r"(?:(?:项目)?支出(?:绩效)?自评表|项目绩效自评表)(?:\(\d{4}年度?\))?$")
# labels only the national form has
MOF_MARKERS = frozenset({"年度资金总额", "三级指标", "年度总体目标", "全年预算数", "全年执行数"})
PROJECT_NAME = "项目名称"
# a label and its value in one cell: 项目名称：上海市… (the label part)
INLINE_LABEL = regex.compile(r"^\s*([^:：]{2,12})\s*[:：]")


@dataclass(frozen=True)
class FormSpan:
    template: str
    start: int
    end: int
    title: str | None


def title_template(row: RawRow) -> str | None:
    texts = [t for t in row.texts if t]
    if not texts or len(set(texts)) != 1 or len(texts[0]) > 60:
        return None
    key = label_key(texts[0]) or ""
    if MOF_TITLE.search(key):
        return "mof_self_eval"
    if SH_TITLE.search(key):
        return "sh_self_eval"
    return None


def _has_label(row: RawRow, key: str) -> bool:
    return any(t and (label_base_key(t) == key or ((m := INLINE_LABEL.match(t)) is not None and m.group(1) == key))
               for t in row.texts)


def split_forms(doc: RawDocument) -> list[FormSpan]:
    starts: list[tuple[int, str | None, str | None]] = []  # (row, template from title, title)
    seen_name = False
    for i, row in enumerate(doc.rows):
        template = title_template(row)
        if template:
            starts.append((i, template, next(t for t in row.texts if t)))
            seen_name = False
        elif _has_label(row, PROJECT_NAME):
            if not starts or seen_name:
                starts.append((i, None, None))
            seen_name = True
    spans = []
    for k, (start, template, title) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(doc.rows)
        if template is None:
            rows = doc.rows[start:end]
            keys = {label_base_key(t) for row in rows for t in row.texts if t}
            template = "mof_self_eval" if keys & MOF_MARKERS else "sh_self_eval"
        spans.append(FormSpan(template, start, end, title))
    return spans


def _seen_cells(doc: RawDocument, limit: int = 6) -> str:
    seen: list[str] = []
    for row in doc.rows:
        for t in row.texts:
            if t and t.strip() not in seen:
                seen.append(t.strip()[:20])
            if len(seen) >= limit:
                return "、".join(repr(s) for s in seen)
    return "、".join(repr(s) for s in seen) or "no text at all"


def map_document(doc: RawDocument) -> list[FormDraft]:
    """Every form in the document, mapped; NoFormFoundError when there is none."""
    spans = split_forms(doc)
    if not spans:
        raise NoFormFoundError(f"no known form found: no 项目绩效自评价 / 项目支出绩效自评表 title and no "
                               f"项目名称 label; the file starts with {_seen_cells(doc)}")
    drafts = []
    for span in spans:
        mapper = MAPPERS.get(span.template)
        if mapper is None:
            raise NoFormFoundError(f"found a {span.template} form at row {doc.rows[span.start].line}, "
                                   f"a template this version cannot map yet")
        drafts.append(mapper(doc.rows[span.start:span.end], span.title))
    if all(span.title is None and not draft.indicators and not draft.funds for span, draft in zip(spans, drafts, strict=True)):
        raise NoFormFoundError(f"no known form found: no 项目绩效自评价 / 项目支出绩效自评表 title, and no table "
                               f"of either form (its header cells: {_header_cells(doc)})")
    return drafts


# a cell that can be a table's column name: short, no digits
HEADER_CELL = regex.compile(r"^[^\d]{2,16}$")


# words column names end with: 三级指标 / 指标值 / 预算数 / 分值 / 执行率 / 科目名称 ...
HEADER_WORD = regex.compile(r"(?:指标|值|数|分|率|名称|措施|备注|金额|序号|编码|科目|情况)$")


def _header_cells(doc: RawDocument) -> str:
    """The cells of the row that looks most like a table header (three or more short column names)."""
    best: list[str] = []
    best_score = 0
    for row in doc.rows:
        texts = [t.strip() for t in row.texts if t and t.strip()]
        if len(texts) >= 3 and all(HEADER_CELL.match(t) for t in texts):
            score = sum(bool(HEADER_WORD.search(t)) for t in texts)
            if score > best_score:
                best, best_score = list(dict.fromkeys(texts)), score
    return "、".join(repr(c) for c in best) if best else _seen_cells(doc)
