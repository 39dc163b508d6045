"""Write tests/data/findings/: one consistent Shanghai form, and one variant per findings rule.

Each variant changes the clean form in one place so that exactly one rule fires
(tests/test_findings.py lists what each must raise).  Run from the repository root:

    python tools/make_findings_forms.py
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "findings"

CLEAN = """项目绩效自评价\t\t\t
项目名称：\t测试平台运维项目\t预算单位：\t测试服务中心
具体实施处(科室)：\t\t是否为经常性项目：\t是
当年预算数(元)：\t1,000,000.00\t上年预算金额(元)：\t0.00
预算执行数(元)：\t950,000.00\t预算执行率(%)：\t95.00%
项目年度总目标：\t完成平台建设与运维。\t\t
自评时间：\t2020年3月\t\t
绩效等级：\t良好\t\t
主要绩效：\t平台访问量较2018年增长25.00%，用户满意度达95.00%。\t\t
主要问题：\t用户投诉较多。\t\t
改进措施：\t加强用户服务。\t\t

一级指标\t指标名称\t指标解释\t权重\t自评分\t备注
投入与管理 (30分)\t预算执行率\t反映项目预算执行的进度\t10\t9\t预算执行率=950000/1000000*100%=95.00%，未全部执行，扣1分，该指标得9分。
\t资金使用的合规性\t项目资金使用是否符合相关规定\t20\t20\t资金使用合规，该指标得满分。
产出目标 (40分)\t平台访问量增长率\t考察平台访问量增长情况\t20\t15\t平台访问量增长率=(125-100)/100*100%=25.00%，低于目标，因此扣5分。
\t建设完成率\t考察平台建设完成情况\t20\t20\t平台已按计划完成建设。
效果目标 (30分)\t用户满意度\t考察用户满意度\t30\t20\t用户满意度为95.00%，但投诉较多，该指标得20分。
合计\t\t\t100\t84\t

说明：1、依据本项目应实现的绩效目标或工作计划，对照已完成的情况，进行绩效自评。

2、绩效等级说明：自评分合计90（含）-100分为优秀，75（含）-90分为良好，60（含）-75分为合格，0-60分为不合格。
"""

# variant name -> (text in the clean form, its replacement), one pair or several
VARIANTS: dict[str, tuple[str, str] | list[tuple[str, str]]] = {
    "weight_sum": ("合计\t\t\t100\t84", "合计\t\t\t90\t84"),
    "level1_points": ("产出目标 (40分)", "产出目标 (45分)"),
    "score_exceeds_weight": [("建设完成率\t考察平台建设完成情况\t20\t20", "建设完成率\t考察平台建设完成情况\t20\t22"),
                             ("合计\t\t\t100\t84", "合计\t\t\t100\t86")],
    "score_sum": ("合计\t\t\t100\t84", "合计\t\t\t100\t85"),
    "grade_band": ("绩效等级：\t良好", "绩效等级：\t优秀"),
    "grade_band_own_bands": ("90（含）-100分为优秀，75（含）-90分为良好",
                             "80（含）-100分为优秀，75（含）-80分为良好"),
    "execution_rate_mismatch": ("预算执行率(%)：\t95.00%", "预算执行率(%)：\t96.00%"),
    "remark_arithmetic": ("=950000/1000000*100%=95.00%", "=950000/1000000*100%=94.00%"),
    "remark_score_mismatch": ("该指标得20分", "该指标得25分"),
    "remark_score_mismatch_deduction": ("因此扣5分", "因此扣4分"),
    "summary_figure_mismatch": ("较2018年增长25.00%", "较2018年增长30.00%"),
    "missing_field_project_name": ("项目名称：\t测试平台运维项目", "项目名称：\t"),
    "missing_field_score": ("建设完成率\t考察平台建设完成情况\t20\t20", "建设完成率\t考察平台建设完成情况\t20\t"),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "clean.txt").write_text(CLEAN, encoding="utf-8")
    for name, change in VARIANTS.items():
        text = CLEAN
        for old, new in change if isinstance(change, list) else [change]:
            assert text.count(old) == 1, f"{name}: {old!r} must occur once in the clean form"
            text = text.replace(old, new)
        (OUT / f"{name}.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
