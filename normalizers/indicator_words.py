"""The 一级 / 二级 indicator label vocabulary, in one place: every reader that must tell a label
from a name, join a wrapped label or check one builds its patterns from these words.

Words are given without the 指标 that may follow them (产出 for 产出 / 产出指标), simplified
(match them against normalizers.labels.canon_label or hanzi.fold_hanzi keys).
"""

from __future__ import annotations

from collections.abc import Iterable

# 一级 labels of the national framework (2020/2021 templates)
LEVEL1 = ("产出", "效益", "效果", "满意度")
# 一级 labels of the older framework (项目决策 / 项目管理 / 项目产出 / 项目效益)
OLD_LEVEL1 = ("项目决策", "项目管理", "项目产出", "项目效益", "项目效果")
# 成本: a 一级 label of its own in the 2021 framework, a 二级 under 产出 before it
COST = ("成本",)
# 二级 labels of the national framework
LEVEL2 = ("数量", "质量", "时效", "成本", "经济效益", "社会效益", "生态效益", "环境效益", "可持续影响", "服务对象满意度")
# 二级 labels of regional kinds: 产出数量 (Hubei), 满意度 alone, the 2021 成本 sub-kinds
REGIONAL_LEVEL2 = ("产出数量", "产出质量", "产出时效", "产出成本", "社会公益效益", "满意度", "经济成本", "社会成本",
                   "生态环境成本")
# 二级 labels of the older framework
OLD_LEVEL2 = ("项目目标", "项目立项", "项目实施", "决策过程", "资金落实", "资金投入", "资金管理", "业务管理", "财务管理",
              "投入管理", "组织管理", "组织实施")

ALL_WORDS = tuple(dict.fromkeys((*LEVEL1, *OLD_LEVEL1, *COST, *LEVEL2, *REGIONAL_LEVEL2, *OLD_LEVEL2)))


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the words, longest first (so that 产出数量 wins over 产出)."""
    return "|".join(sorted(dict.fromkeys(words), key=lambda w: (-len(w), w)))


def starts(words: Iterable[str]) -> str:
    """An alternation of the words' first two characters: where a label of them begins."""
    return alternation(w[:2] for w in words)
