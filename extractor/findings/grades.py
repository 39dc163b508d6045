"""grade_band: the stated grade against the total score, under the form's own grade bands."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from extractor.findings.base import FormUnderCheck, pts
from extractor.model import Finding

GRADE_BAND = "grade_band"
FULL_SCALE = 100.0  # the bands grade a total out of 100 points

# inclusive marks: （含） / (含)
_INCL = r"\s*(?:[（(]\s*含\s*[)）])?"
# a grade name after 为: 优秀 / 良好 / 合格 / 不合格 / 中 / 差 / 一般 / 优 / 良
_GRADE = r"(?P<grade>不合格|不及格|优秀|良好|合格|及格|一般|较差|优|良|中|差)"
# a range band: 75（含）-90分为良好 / 90(含)～100分为优秀 / 60-75（含）分为合格
BAND_RANGE = regex.compile(r"(?P<lo>\d+(?:\.\d+)?)\s*分?(?P<loi>" + _INCL + r")\s*[-－—~～至到]\s*"
                           r"(?P<hi>\d+(?:\.\d+)?)\s*分?(?P<hii>" + _INCL + r")\s*分?\s*(?:的\s*)?(?:为|是|评为|：|:)\s*"
                           + _GRADE)
# an open band above: 90分（含）以上为优秀
BAND_ABOVE = regex.compile(r"(?P<lo>\d+(?:\.\d+)?)\s*分?(?P<loi>" + _INCL + r")\s*以上\s*(?:的\s*)?(?:为|是|评为)\s*"
                           + _GRADE)
# an open band below: 60分以下为不合格
BAND_BELOW = regex.compile(r"(?P<hi>\d+(?:\.\d+)?)\s*分?(?P<hii>" + _INCL + r")\s*以下\s*(?:的\s*)?(?:为|是|评为)\s*"
                           + _GRADE)


@dataclass(frozen=True)
class Band:
    grade: str
    lo: float
    hi: float
    lo_marked: bool  # （含） printed on the lower bound
    hi_marked: bool  # （含） printed on the upper bound


# the Shanghai form's bands (its 说明 prints them): 优秀 / 良好 / 合格 / 不合格
DEFAULT_BANDS = (Band("优秀", 90, 100, True, False), Band("良好", 75, 90, True, False),
                 Band("合格", 60, 75, True, False), Band("不合格", 0, 60, False, False))
# the national form's bands (财预〔2020〕10号): 优 90（含）-100, 良 80（含）-90, 中 60（含）-80, 差 below 60
NATIONAL_BANDS = (Band("优", 90, 100, True, False), Band("良", 80, 90, True, False),
                  Band("中", 60, 80, True, False), Band("差", 0, 60, False, False))


def parse_bands(notes: str | None) -> tuple[Band, ...]:
    """The grade bands a form's 说明 prints; empty when it prints none."""
    if not notes:
        return ()
    bands = []
    for m in BAND_RANGE.finditer(notes):
        bands.append(Band(m["grade"], float(m["lo"]), float(m["hi"]), bool(m["loi"].strip()),
                          bool(m["hii"].strip())))
    for m in BAND_ABOVE.finditer(notes):
        bands.append(Band(m["grade"], float(m["lo"]), math.inf, bool(m["loi"].strip()), False))
    for m in BAND_BELOW.finditer(notes):
        bands.append(Band(m["grade"], -math.inf, float(m["hi"]), False, bool(m["hii"].strip())))
    return tuple(bands) if len({b.grade for b in bands}) >= 2 else ()


def _contains(band: Band, bands: tuple[Band, ...], score: float) -> bool:
    """A bound marked （含） belongs to its band; an unmarked shared bound belongs to the band that
    does not mark it only if neither marks it (then the upper band, as 90-100 / 75-90 read); the top
    of the highest band is included."""
    if band.lo < score < band.hi:
        return True
    if score == band.lo:
        return band.lo_marked or not any(b.hi == band.lo and b.hi_marked for b in bands)
    if score == band.hi:
        if band.hi_marked or band.hi == max(b.hi for b in bands):
            return True
        return not any(b.lo == band.hi for b in bands)
    return False


def grade_for(score: float, bands: tuple[Band, ...]) -> str | None:
    for band in bands:
        if _contains(band, bands, score):
            return band.grade
    return None


def grade_band(fc: FormUnderCheck) -> Iterator[Finding]:
    form = fc.form
    stated = form.grade
    total = form.total_score
    if total is None and not fc.truncated and fc.indicators and all(r.score is not None for r in fc.indicators):
        total = sum(r.score for r in fc.indicators if r.score is not None) + (form.funds_score or 0)
    if stated is None or total is None:
        return
    if form.total_weight is not None and abs(form.total_weight - FULL_SCALE) > 1e-6:
        return  # the bands are points out of 100; a form on another scale cannot be read against them
    printed = parse_bands(form.notes)
    if printed:
        bands, source = printed, "the form's own bands (说明)"
    elif stated in {b.grade for b in NATIONAL_BANDS}:
        bands, source = NATIONAL_BANDS, "the national bands (优 90 / 良 80 / 中 60)"
    else:
        bands, source = DEFAULT_BANDS, "the default bands (优秀 90 / 良好 75 / 合格 60)"
    if stated not in {b.grade for b in bands}:
        return  # a grade the bands do not name: nothing to compare it with
    expected = grade_for(total, bands)
    if expected is None or expected == stated:
        return
    # against the form's own printed bands it is an error; against bands assumed for it, a warning
    severity = "error" if printed else "warning"
    yield fc.finding(GRADE_BAND, severity, f"total score {pts(total)} is {expected} under {source}, "
                     f"the form states {stated}", None, expected, stated)
