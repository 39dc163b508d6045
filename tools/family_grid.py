"""Grid helpers for tools/family_specs*.py: label columns merged down, the national form's blocks."""

from __future__ import annotations


def merged(rows: list[list[str]], merge: tuple[int, ...], spans: list[int]) -> list[list]:
    """Rows of cell texts -> spec rows: in each column of `merge`, a run of equal non-empty
    texts under the same labels to its left becomes one cell with a rowspan.  A row shorter
    than the others (a row cut off) keeps only its cells."""
    def key(i: int, j: int) -> tuple:
        return tuple(rows[i][k] if k < len(rows[i]) else None for k in merge if k <= j)

    out = []
    for i, row in enumerate(rows):
        cells: list = []
        for j, text in enumerate(row):
            if j in merge and text and i and key(i - 1, j) == key(i, j):
                continue
            down = 1
            while j in merge and text and i + down < len(rows) and key(i + down, j) == key(i, j):
                down += 1
            cells.append((text, down, spans[j]))
        out.append(cells)
    return out


def with_outer(label: str, rows: list[list]) -> list[list]:
    """Put a side label (绩效指标, 年度绩效目标1（80分）) left of all the rows."""
    return [[(label, len(rows), 1)] + rows[0]] + rows[1:]


NATIONAL_HEAD = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                 "偏差原因分析及改进措施"]
NATIONAL_SPANS = [1, 1, 2, 1, 1, 1, 1, 1]  # ten columns with the 绩效指标 side label


def national(unit_rows: list[list], funds_label: str, funds: list[list[str]], goal: tuple[str, str],
             indicators: list[list[str]], total: list[str] | None) -> list[list]:
    """The MoF 2020 project grid (ten columns): header rows, 项目资金 block, 年度总体目标,
    indicator rows under 绩效指标, 总分 row (`total` = [分值, 得分], None for none)."""
    rows = list(unit_rows)
    head = ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    block = [[(head[0], 1, 2)] + head[1:]] + [[(line[0], 1, 2)] + line[1:] for line in funds]
    rows.append([(funds_label, len(block), 2)] + block[0])
    rows += block[1:]
    rows.append([("年度总体目标", 2, 1), ("预期目标", 1, 4), ("实际完成情况", 1, 5)])
    rows.append([(goal[0], 1, 4), (goal[1], 1, 5)])
    grid = merged([NATIONAL_HEAD] + indicators, (0, 1), NATIONAL_SPANS)
    rows += with_outer("绩效指标", grid)
    if total is not None:
        rows.append([("总分", 1, 7)] + total + [""])
    return rows


def units(project: str | None, competent: str, unit: str, unit_label: str = "实施单位") -> list[list]:
    """项目名称 / 主管部门 · 实施单位 rows of the national grid (no 项目名称 row for None)."""
    rows = [] if project is None else [[("项目名称", 1, 2), (project, 1, 8)]]
    return rows + [[("主管部门", 1, 2), (competent, 1, 3), (unit_label, 1, 2), (unit, 1, 3)]]


def placed(rows: list[list]) -> tuple[list[tuple[int, int, str, int, int]], int]:
    """Spec rows -> ([(row, column, text, rowspan, colspan)], grid width): where each cell sits."""
    taken: set[tuple[int, int]] = set()
    cells = []
    for i, row in enumerate(rows):
        j = 0
        for cell in row:
            while (i, j) in taken:
                j += 1
            text, down, across = (cell if isinstance(cell, tuple) else (str(cell), 1, 1))
            cells.append((i, j, text, down, across))
            taken.update((i + a, j + b) for a in range(down) for b in range(across))
            j += across
    return cells, 1 + max((j for _, j in taken), default=0)
