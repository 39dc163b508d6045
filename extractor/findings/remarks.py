"""Rules that read the narrative: a remark's stated points against the score column, and the
主要绩效 summary's figures against the same measures' figures in the remarks."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex

from extractor.findings.base import EPSILON, FormUnderCheck, decimals, pts, row_label
from extractor.model import Finding

REMARK_SCORE_MISMATCH = "remark_score_mismatch"
SUMMARY_FIGURE_MISMATCH = "summary_figure_mismatch"

_NUM = r"(?P<n>\d+(?:\.\d+)?)"
# what makes a 得…分 a scoring rule rather than this row's result: 可得 / 则得 / 即得 / 方可得 / 每项得,
# or a rule going on after it (得5分，每延迟一周扣1分 / 得5分，否则不得分)
_RULE_BEFORE = r"(?<![每各可则即才就])(?<!每[项个次条处]|每一项|方可)"
_RULE_AFTER = r"(?!\s*[，,；;]?\s*(?:每|否则|反之|不得分))"
# a remark's conclusion that the row earned N points: 该指标得6分 / 故得1分 / 得 0.5 分 / 该指标得分为6分
EARNED = regex.compile(_RULE_BEFORE + r"(?:得\s*" + _NUM + r"\s*分|得分\s*[为是:：]?\s*(?P<n2>\d+(?:\.\d+)?)"
                       r"\s*分?)" + _RULE_AFTER)
# a remark's conclusion of full marks: 该指标得满分 (not 未得满分 / 不得满分 / 没有得满分 / 可得满分)
FULL_MARKS = regex.compile(r"(?<![未不没无])(?<!没有|不能|未能)" + _RULE_BEFORE + r"得满分" + _RULE_AFTER)
# a deduction: 扣2分 / 扣除1分 / 扣 0.5 分 (not 每…扣1分, a scoring rule)
DEDUCTED = regex.compile(r"(?<![每各])扣(?:除|减)?\s*" + _NUM + r"\s*分")
# a total deduction, which stands for all the others: 共扣3分 / 合计扣除3分
TOTAL_DEDUCTED = regex.compile(r"(?:共|合计|累计|总计)\s*扣(?:除|减)?\s*" + _NUM + r"\s*分")
# a scoring rule mentioned in the remark, whose 扣N分 are not this row's deduction
PER_ITEM = regex.compile(r"每[^，。；,;]{0,12}扣")


def _expected_score(remark: str, weight: float | None) -> tuple[float, str] | None:
    """The score a remark states for its row, and the phrase that states it: the last 得N分, else
    the deductions from the weight, else 得满分.  None when the remark states none, or reads both
    ways (扣2分 … 得满分)."""
    if "分" not in remark:
        return None
    earned = list(EARNED.finditer(remark))
    if earned:
        last = earned[-1]
        return float(last["n"] or last["n2"]), last.group()
    if weight is None:
        return None
    full = FULL_MARKS.search(remark)
    total = TOTAL_DEDUCTED.search(remark)
    deductions = [] if PER_ITEM.search(remark) else list(DEDUCTED.finditer(remark))
    if full and (total or deductions):
        return None
    if full:
        return weight, full.group()
    if total:
        return weight - float(total["n"]), total.group()
    if deductions:
        lost = sum(float(m["n"]) for m in deductions)
        return weight - lost, "，".join(m.group() for m in deductions)
    return None


def remark_score_mismatch(fc: FormUnderCheck) -> Iterator[Finding]:
    for row in fc.indicators:
        if not row.remark or row.score is None:
            continue
        stated = _expected_score(row.remark, row.weight)
        if stated is None:
            continue
        expected, phrase = stated
        if abs(expected - row.score) > EPSILON:
            of = f" of {pts(row.weight)}" if row.weight is not None else ""
            yield fc.finding(REMARK_SCORE_MISMATCH, "warning",
                             f"{row_label(row)}: the remark says “{phrase}” "
                             f"({pts(expected)}{of}), the score column says {pts(row.score)}",
                             row.row_index, pts(expected), pts(row.score))


# a clause boundary in narrative text
CLAUSE = regex.compile(r"[，。；;,！!？?\n]")
# a percentage figure: 96.22% / 100％
PERCENT_FIGURE = regex.compile(r"(?P<n>\d+(?:\.\d+)?)\s*[%％]")
# words around a measure's name that do not change which measure it is
FILLER = regex.compile(r"较?(?:19|20)\d{2}年度?|较上年|比上年|同比|本项目|该项目|其中|总体|整体|的|了|约|共|"
                       r"[“”\"'（）()]")
# connectors between a measure's name and its figure, at the end of the text before the figure (a
# direction — 增长 / 下降 / 提高 — stays in the name: 投诉率下降5% is not 投诉率为5%)
CONNECTOR = regex.compile(r"(?:达到|达|为|是|在|：|:|\s)+$")
# growth wording: 增长率 / 增幅 / 增长幅度 all name the growth
GROWTH = regex.compile(r"增长率|增长幅度|增幅")
# an equals sign, ASCII or full-width: a written-out calculation's name ends at the first one
EQUALS = regex.compile(r"[=＝]")
# a run of digits inside a measure's name: the name starts after the last one (2019年…较2018年 are gone already)
DIGITS = regex.compile(r"\d[\d.]*")
MIN_KEY = 4  # characters: shorter names (满意度) are too generic to say two figures measure one thing
MIN_SUFFIX_KEY = 6  # characters a name must have to match a longer one it ends (学习时长增长 in 远教平台学习时长增长)


def _measure_key(before: str) -> str | None:
    """The measure a figure belongs to, from the clause text before it."""
    if "=" in before or "＝" in before:
        before = EQUALS.split(before, maxsplit=1)[0]  # 增长率=(…)/…=14.84%: the name is before '='
    before = CONNECTOR.sub("", before)
    before = GROWTH.sub("增长", FILLER.sub("", before))
    before = CONNECTOR.sub("", before)
    if DIGITS.search(before):
        before = DIGITS.split(before)[-1]
    before = before.strip()
    return before if len(before) >= MIN_KEY else None


def figures(text: str) -> list[tuple[str, str]]:
    """(measure, figure) for every percentage figure in a text that follows a measure's name.
    In a written-out calculation only its result counts: 增长率=(…)/…*100%=14.84%."""
    out = []
    for clause in CLAUSE.split(text):
        if "%" not in clause and "％" not in clause:
            continue
        if "=" in clause or "＝" in clause:
            last_eq = max(clause.rfind("="), clause.rfind("＝"))
            m = PERCENT_FIGURE.match(clause, last_eq + 1)
            key = _measure_key(clause[:last_eq]) if m else None
            if key:
                out.append((key, m["n"]))
            continue
        start = 0
        for m in PERCENT_FIGURE.finditer(clause):
            key = _measure_key(clause[start:m.start()])  # the name since the previous figure
            start = m.end()
            if key:
                out.append((key, m["n"]))
    return out


def _same_measure(a: str, b: str) -> bool:
    """Equal names, or a name of at least MIN_SUFFIX_KEY characters that ends the other (项目完成率 does
    not stand for 子项目完成率)."""
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) >= MIN_SUFFIX_KEY and long.endswith(short))


def _agree(a: str, b: str) -> bool:
    """Two printed figures agree when the more precise rounds to the less precise."""
    places = min(decimals(a), decimals(b))
    half = Decimal(1).scaleb(-places) / 2
    return abs(Decimal(a) - Decimal(b)) <= half


def summary_figure_mismatch(fc: FormUnderCheck) -> Iterator[Finding]:
    summary = fc.form.main_achievements
    claimed = figures(summary) if summary and ("%" in summary or "％" in summary) else []
    if not claimed:
        return
    remark_figures = [(key, fig, row) for row in fc.indicators
                      if row.remark and ("%" in row.remark or "％" in row.remark)
                      for key, fig in figures(row.remark)]
    reported = set()
    for key, fig in claimed:
        same = [(k, f, row) for k, f, row in remark_figures if _same_measure(key, k)]
        if not same or any(_agree(fig, f) for _, f, _ in same) or (key, fig) in reported:
            continue
        reported.add((key, fig))
        _, other, row = same[0]
        yield fc.finding(SUMMARY_FIGURE_MISMATCH, "warning",
                         f"主要绩效 gives {key} as {fig}%, the remark of "
                         f"{row_label(row)} gives {other}%",
                         row.row_index, f"{other}%", f"{fig}%")
