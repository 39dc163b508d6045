"""Audit samples of converted forms: `selfeval sample OUT_DIR --n N --seed S --method M`.

Four designs, each reproducible from its seed (Python's `random.Random`, whose
stream is stable across versions), over the forms in form_id order:

- random: simple random sampling without replacement;
- stratified: by a column, proportional allocation (largest remainders), at least
  one form per stratum, simple random sampling within each;
- risk: forms drawn one by one with probability proportional to their weight,
  risk score + 1 (risk = severity-weighted findings; the +1 keeps clean forms
  reachable as controls) — Efraimidis–Spirakis keys u^(1/w);
- mus: monetary-unit sampling on budget_current_yuan: forms at or above the
  sampling interval are taken with certainty (repeatedly, as the interval shrinks),
  the rest by systematic selection from a random start over cumulative amounts.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from extractor.outputs import SEVERITY_WEIGHTS, finding_counts
from extractor.sample_designs import METHODS, STRATA
from selfeval.errors import UsageError

BLANK_STRATUM = "(blank)"


@dataclass
class Sample:
    """The forms drawn (row positions in the population, in draw order) and why each was."""

    method: str
    seed: int
    population: int
    picks: list[int] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    probabilities: list[float | None] = field(default_factory=list)  # inclusion probability, when known
    design: dict[str, str] = field(default_factory=dict)  # what the auditor's file records about the draw

    def take(self, position: int, reason: str, probability: float | None) -> None:
        self.picks.append(position)
        self.reasons.append(reason)
        self.probabilities.append(probability)


def population(forms: pd.DataFrame) -> pd.DataFrame:
    """The population units: one form per group of copies (duplicate_form), its first filing, with the
    number of filings it stands for in `copies`; in form_id order, so a draw is reproducible."""
    from extractor.findings.duplicates import copy_groups

    first = copy_groups(forms).to_numpy()
    units = forms[first == forms["form_id"].to_numpy()].copy()
    units["copies"] = units["form_id"].map(pd.Series(first).value_counts()).astype("int64")
    return units.sort_values("form_id", kind="stable").reset_index(drop=True)


def draw(forms: pd.DataFrame, findings: pd.DataFrame, n: int, seed: int, method: str,
         by: str | None = None) -> Sample:
    """Draw the sample; `forms` must be in a stable order (the caller sorts by form_id)."""
    if method not in METHODS:
        raise UsageError(f"unknown sampling method {method!r}: one of {', '.join(METHODS)}")
    if n < 1:
        raise UsageError("--n must be at least 1")
    rng = random.Random(seed)
    sample = Sample(method, seed, len(forms))
    sample.design = {"method": method, "seed": str(seed), "n requested": str(n), "population (forms)": str(len(forms))}
    if "copies" in forms:
        sample.design["filings in the output (copies of one form counted once)"] = str(int(forms["copies"].sum()))
    if n > len(forms):
        sample.design["note"] = f"n requested ({n}) is more than the population ({len(forms)} forms)"
    if method == "random":
        _random(sample, len(forms), n, rng)
    elif method == "stratified":
        _stratified(sample, forms, n, rng, by)
    elif method == "risk":
        _risk(sample, forms, findings, n, rng)
    else:
        _mus(sample, forms, n, rng)
    return sample


def _random(sample: Sample, size: int, n: int, rng: random.Random) -> None:
    k = min(n, size)
    for position in rng.sample(range(size), k):
        sample.take(position, f"simple random sample: {k} of {size} forms", k / size)


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Proportional allocation of n over strata of the given sizes, at least one per stratum, never
    more than a stratum holds; rounded by largest remainders."""
    total = sum(sizes.values())
    quota = {h: n * size / total for h, size in sizes.items()}
    alloc = {h: min(sizes[h], max(1, math.floor(q))) for h, q in quota.items()}
    target = max(n, len(sizes))  # one per stratum may take more than n
    target = min(target, total)
    while sum(alloc.values()) < target:
        h = max((h for h in alloc if alloc[h] < sizes[h]), key=lambda h: (quota[h] - alloc[h], sizes[h]))
        alloc[h] += 1
    while sum(alloc.values()) > target:
        h = max((h for h in alloc if alloc[h] > 1), key=lambda h: (alloc[h] - quota[h], -sizes[h]))
        alloc[h] -= 1
    return alloc


def _stratified(sample: Sample, forms: pd.DataFrame, n: int, rng: random.Random, by: str | None) -> None:
    if by not in STRATA:
        raise UsageError(f"--method stratified needs --by, one of {', '.join(STRATA)}")
    keys = [BLANK_STRATUM if pd.isna(v) else str(v) for v in forms[by]]
    members: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        members.setdefault(key, []).append(position)
    alloc = allocate({h: len(m) for h, m in members.items()}, n)
    sample.design["stratified by"] = by
    sample.design["allocation"] = "; ".join(f"{h}: {alloc[h]} of {len(members[h])}" for h in sorted(members))
    for h in sorted(members):
        k, size = alloc[h], len(members[h])
        for position in rng.sample(members[h], k):
            sample.take(position, f"stratum {by}={h}: {k} of {size} forms (proportional allocation)", k / size)


def severity_counts(forms: pd.DataFrame, findings: pd.DataFrame) -> list[Counter[str]]:
    """Each form's findings counted by severity, in the order of `forms`."""
    position = {form_id: i for i, form_id in enumerate(forms["form_id"])}
    counts: list[Counter[str]] = [Counter() for _ in position]
    for form_id, severity in zip(findings["form_id"], findings["severity"], strict=True):
        if form_id in position:
            counts[position[form_id]][severity] += 1
    return counts


def _risk(sample: Sample, forms: pd.DataFrame, findings: pd.DataFrame, n: int, rng: random.Random) -> None:
    counts = severity_counts(forms, findings)
    scores = [sum(SEVERITY_WEIGHTS.get(s, 0) * k for s, k in c.items()) for c in counts]
    keys = sorted(((rng.random() ** (1 / (score + 1)), position) for position, score in enumerate(scores)),
                  reverse=True)
    sample.design["risk score"] = ("sum over the form's findings of " + ", ".join(
        f"{s} {w}" for s, w in SEVERITY_WEIGHTS.items()) + "; drawn with probability proportional to score + 1")
    for _, position in keys[:min(n, len(keys))]:
        found = ", ".join(f"{counts[position][s]} {s}" for s in SEVERITY_WEIGHTS if counts[position][s])
        sample.take(position, f"risk score {scores[position]} ({found or 'no findings'}): drawn with "
                    f"probability proportional to risk score + 1", None)


def _mus(sample: Sample, forms: pd.DataFrame, n: int, rng: random.Random) -> None:
    amounts = [None if pd.isna(v) else Decimal(v) for v in forms["budget_current_yuan"]]
    eligible = [p for p, a in enumerate(amounts) if a is not None and a > 0]
    skipped = len(amounts) - len(eligible)
    sample.design["amount"] = "budget_current_yuan"
    sample.design["forms without a positive amount (not sampled)"] = str(skipped)
    certain: list[int] = []
    rest = list(eligible)
    while True:
        slots = n - len(certain)
        if slots <= 0 or not rest:
            break
        interval = sum(amounts[p] for p in rest) / slots
        big = [p for p in rest if amounts[p] >= interval]
        if not big:
            break
        certain += big
        taken = set(big)
        rest = [p for p in rest if p not in taken]
    for p in certain:
        sample.take(p, f"budget {amounts[p]:,.2f} is at or above the sampling interval: taken with certainty", 1.0)
    slots = n - len(certain)
    sample.design["forms taken with certainty"] = str(len(certain))
    if slots <= 0 or not rest:
        return
    total = sum(amounts[p] for p in rest)
    interval = total / slots
    start = Decimal(rng.random()) * interval
    sample.design["sampling interval (yuan)"] = f"{interval:,.2f}"
    sample.design["random start (yuan)"] = f"{start:,.2f}"
    cumulative = Decimal(0)
    point = start
    for p in rest:
        low, cumulative = cumulative, cumulative + amounts[p]
        if low <= point < cumulative:
            sample.take(p, f"monetary unit {point:,.2f} falls in this form's budget {amounts[p]:,.2f} "
                        f"(cumulative {low:,.2f}–{cumulative:,.2f}; interval {interval:,.2f}, "
                        f"start {start:,.2f})", float(amounts[p] / interval))
            point += interval


def sample_table(forms: pd.DataFrame, findings: pd.DataFrame, sample: Sample) -> pd.DataFrame:
    """The sampled forms (every forms column) with why and how each was drawn, in draw order."""
    counts = finding_counts(forms, findings).set_index("form_id")
    out = forms.iloc[sample.picks].reset_index(drop=True)
    out.insert(0, "sample_order", range(1, len(out) + 1))
    out["selection_method"] = sample.method
    out["selection_reason"] = sample.reasons
    out["inclusion_probability"] = pd.array(sample.probabilities, dtype="Float64")
    out["n_findings"] = out["form_id"].map(counts["n_findings"]).astype("int64")
    out["risk_score"] = out["form_id"].map(counts["risk_score"]).astype("int64")
    return out
