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
from extractor.templates.runon import relined
from normalizers.hanzi import INJECTED_PINYIN
from normalizers.labels import label_base_key, label_key
from normalizers.text import clean_cell
from parsers.rows import RawDocument, RawRow
from selfeval.errors import NoFormFoundError

Mapper = Callable[[Sequence[RawRow], str | None], FormDraft]

# template id -> mapper; the one place that says which forms selfeval knows
MAPPERS: dict[str, Mapper] = {
    sh_self_eval.TEMPLATE: sh_self_eval.map_form,
    mof_self_eval.TEMPLATE: mof_self_eval.map_form,
    mof_self_eval.DEPT_TEMPLATE: mof_self_eval.map_dept_form,
}

# a title line (canonical label form): 项目绩效自评价 / 项目绩效自我评价 / 2022年度项目支出绩效自评表
# ... optionally followed by its year: 项目支出绩效自评表（2022年度）
SH_TITLE = regex.compile(r"项目(?:绩效)?自评价(?:表)?(?:\(\d{4}年度?\))?$")
# the national form and its regional kinds, whatever comes before: 项目支出绩效自评表, 财政预算支出项目
# 绩效目标自评表, 县级专项资金绩效目标自评表, 共享工程项目自评表, a title cut after 自评 (…绩效目标自评)
MOF_TITLE = regex.compile(r"(?:自评表|绩效目标自评|绩效自评|项目自评)(?:\(\d{4}年度?\))?$")
# the department-wide form: 部门整体支出绩效自评表 / 部门整体绩效目标自评表
DEPT_TITLE = regex.compile(r"部门整体(?:支出)?绩效(?:目标)?自评")
# labels only the national form has
MOF_MARKERS = frozenset({"年度资金总额", "三级指标", "年度总体目标", "全年预算数", "全年执行数"})
# the labels a form's header block opens with: the project's name, or the department's on a
# department-wide form; a second one in a file starts the next form printed without a title
NAME_LABELS = frozenset({"项目名称", "转移支付(项目)名称", "转移支付项目名称", "部门名称", "评价部门名称",
                         "部门(单位)名称"})
PROJECT_NAME = "项目名称"
# a label and its value in one cell: 项目名称：上海市… (the label part)
INLINE_LABEL = regex.compile(r"^\s*([^:：]{2,12})\s*[:：]")
LONGEST_TITLE = 60
WRAPPED_TAIL = 6  # a title's wrapped tail (自评表) may read as a title alone; a longer title line is one
# a line that begins inside a word: the rest of injected pinyin cut by the wrap, (xiàng)目…
MID_WORD = regex.compile(r"^[(（]?[a-z\u00e0-\u00fc\u0101-\u01dc]")
# an attachment heading above a title: 附件： / 附表2
ATTACHMENT = regex.compile(r"^附[件表]\s*\d*\s*[:：]?$")


@dataclass(frozen=True)
class FormSpan:
    template: str
    start: int
    end: int
    title: str | None


def title_template(row: RawRow) -> str | None:
    """The template a title line names, else None."""
    text = _title_text(row)
    return text_template(text) if text else None


def text_template(text: str) -> str | None:
    """The template a title's text names (项目支出绩效自评表 -> mof_self_eval), else None."""
    if _length(text) > LONGEST_TITLE:
        return None
    key = label_key(text) or ""
    if DEPT_TITLE.search(key):
        return mof_self_eval.DEPT_TEMPLATE
    if SH_TITLE.search(key) and not key.endswith("自评表"):
        return sh_self_eval.TEMPLATE
    if MOF_TITLE.search(key):
        return mof_self_eval.TEMPLATE
    if SH_TITLE.search(key):
        return sh_self_eval.TEMPLATE
    return None


def _title_text(row: RawRow) -> str | None:
    """The text of a line that may be a title (or part of one): one text, maybe repeated over a merge."""
    texts = [t for t in row.texts if t]
    return texts[0].strip() if texts and len(set(texts)) == 1 and _length(texts[0]) <= LONGEST_TITLE else None


def _length(text: str) -> int:
    """A title's length as printed, without the pinyin a mirror site injected (項(xiàng)目)."""
    return len(INJECTED_PINYIN.sub("", text)) if "(" in text else len(text)


def _has_label(row: RawRow, keys: frozenset[str]) -> bool:
    return any(t and (label_base_key(t) in keys or ((m := INLINE_LABEL.match(t)) is not None
                                                     and label_key(m.group(1)) in keys))
               for t in row.texts)


def _starts(doc: RawDocument) -> list[tuple[int, str | None, str | None]]:
    """(row, template from title, title) of each form start: a title line, or a name label with
    no title before it (a second name label in a form starts the next form)."""
    starts: list[tuple[int, str | None, str | None]] = []
    seen_name = False
    skip = -1
    for i, row in enumerate(doc.rows):
        if i == skip:
            continue
        title = _title_text(row)
        template = text_template(title) if title else None
        # the next line, over one blank line (a text dump's paragraph gap)
        k = i + 2 if i + 2 < len(doc.rows) and doc.rows[i + 1].is_blank else i + 1
        wrapped = _title_text(doc.rows[k]) if title and not template and k < len(doc.rows) else None
        if wrapped and not ATTACHMENT.match(title) \
                and (len(wrapped) <= WRAPPED_TAIL or MID_WORD.match(wrapped) or not text_template(wrapped)) \
                and (template := text_template(title + wrapped)):
            title, skip = title + wrapped, k  # a title wrapped over two lines: …项目绩效 / 自评表
        if template:
            starts.append((i, template, title))
            seen_name = False
        elif _has_label(row, NAME_LABELS):
            if not starts or seen_name:
                starts.append((i, None, None))
            seen_name = True
    return _drop_repeated_titles(doc, starts)


def _drop_repeated_titles(doc: RawDocument, starts: list[tuple[int, str | None, str | None]]
                          ) -> list[tuple[int, str | None, str | None]]:
    """A title repeated at the top of the next page (or a page heading) is no new form: a title
    whose rows up to the next start hold no name label and no indicator table header continues
    the form before it."""
    kept: list[tuple[int, str | None, str | None]] = []
    for k, (start, template, title) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(doc.rows)
        rows = doc.rows[start + 1:end]
        empty = not any(_has_label(r, NAME_LABELS) for r in rows) \
            and not any(mof_self_eval.is_indicator_header(rows, j) for j in range(min(len(rows), 40)))
        if title is not None and empty and (kept or (k + 1 < len(starts) and starts[k + 1][2] == title)):
            continue  # ... or a page heading that repeats the title of the form under it
        kept.append((start, template, title))
    return kept


# the closing labels of a form (its 评价结论 / 存在问题 / 改进措施 rows)
CLOSING_LABELS = frozenset({"评价结论", "存在问题", "改进措施"})


def split_forms(doc: RawDocument) -> list[FormSpan]:
    starts = _starts(doc)
    if starts and starts[0][0] > 0 and any(_has_label(r, CLOSING_LABELS) for r in doc.rows[:starts[0][0]]):
        starts.insert(0, (0, None, None))  # the tail of a form before the next form's title
    if not starts:  # the tail of a form, with no title and no header block: found by its table
        if any(mof_self_eval.is_indicator_header(doc.rows, j) for j in range(len(doc.rows))):
            starts = [(0, None, None)]
    spans = []
    for k, (start, template, title) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(doc.rows)
        if template is None:
            rows = doc.rows[start:end]
            keys = {label_base_key(t) for row in rows for t in row.texts if t}
            template = "mof_self_eval" if keys & MOF_MARKERS or not keys & {"指标名称", "权重", "自评分"} \
                else "sh_self_eval"
        if k == 0 and start > 0 and title is not None:
            start = _pre_title(doc, start)
        spans.append(FormSpan(template, start, end, title))
    return spans


def _pre_title(doc: RawDocument, start: int) -> int:
    """The first form's start moved up over the free lines above its title (附表2, a unit and date line)."""
    i = start
    while i > 0 and doc.rows[i - 1].table is None and len([t for t in doc.rows[i - 1].texts if t]) <= 1:
        i -= 1
    return i


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
    doc = relined(doc, mof_self_eval.HEADER_LABELS)  # a form's header run together on one line: cut at its labels
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
        drafts.append(_map_one(mapper, doc, span, len(drafts)))
    if all(span.title is None and not _evaluated(draft) for span, draft in zip(spans, drafts, strict=True)):
        raise NoFormFoundError(f"no known form found: no 项目绩效自评价 / 项目支出绩效自评表 title, and no table "
                               f"of either form (its header cells: {_header_cells(doc)})")
    return drafts


def _map_one(mapper: Mapper, doc: RawDocument, span: FormSpan, position: int) -> FormDraft:
    """One form mapped; a defect met while mapping it fails this form alone: it is kept with its
    template and title and a `form_failed` finding, and the file's other forms go on."""
    try:
        return mapper(doc.rows[span.start:span.end], span.title)
    except Exception as exc:  # noqa: BLE001 - one odd form must not lose the file's other forms
        return failed_draft(span.template, span.title, position, doc.rows[span.start].line, exc)


def failed_draft(template: str, title: str | None, position: int, line: int | None,
                 exc: BaseException) -> FormDraft:
    """The draft of a form that could not be mapped: its template and title, and a finding saying why
    (line: the source row the form starts at, where known)."""
    draft = FormDraft(template)
    draft.fields["title"] = clean_cell(title)
    where = f" (from row {line})" if line is not None else ""
    draft.failed = (f"form {position + 1}{where} could not be mapped: internal error "
                    f"({type(exc).__name__}: {exc}); please report this file")
    draft.note("form_failed", "error", draft.failed)
    return draft


def _evaluated(draft: FormDraft) -> bool:
    """Does a form printed without a title show an evaluation: a result or score in its indicator
    rows, spending in its funds, a total?  (A 绩效目标申报表 has targets only: it is no self-evaluation.)"""
    results = ("actual_value", "score")
    return any(row.get(k) is not None for row in draft.indicators for k in results) or any(
        line.get("budget_executed_yuan") is not None for line in draft.funds) or draft.fields.get("total_score") is not None


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
