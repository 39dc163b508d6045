"""Property-based (issue 12): mutants of the real samples of every format, their bytes and, for the
zip and markup formats, their structure (members, tags, attributes, spans), raise nothing from the
parsers and the mappers but selfeval's own errors.

The default run is small and the same every time (EXAMPLES per format, derandomized);
`pytest -m slow tests/test_hostile_props.py` runs SLOW_EXAMPLES new ones per format.  benchmarks/fuzz.py runs the same mutants through `convert`.
"""

from __future__ import annotations

import random
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.templates import map_document
from parsers.intake import open_input
from selfeval.errors import SelfevalError
from tests.conftest import SAMPLES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.mutate import BYTE_MUTATIONS, MARKUP_MUTATIONS, mutate_zip  # noqa: E402 - after the path is set

FORMATS = ("txt", "html", "docx", "xlsx", "pdf")
EXAMPLES = {"txt": 40, "html": 30, "docx": 30, "xlsx": 30, "pdf": 8}
SLOW_EXAMPLES = 400
SAMPLE_BYTES = {fmt: [p.read_bytes() for p in sorted((SAMPLES / fmt).glob(f"*.{fmt}"))] for fmt in FORMATS}


def _mutant(fmt: str, sample: int, how: str, rng: random.Random) -> bytes:
    data = SAMPLE_BYTES[fmt][sample % len(SAMPLE_BYTES[fmt])]
    if how == "structure":
        return mutate_zip(data, rng)[1] if fmt in ("docx", "xlsx") else MARKUP_MUTATIONS[
            rng.choice(sorted(MARKUP_MUTATIONS))](data, rng)
    return BYTE_MUTATIONS[how](data, rng)


def _only_own_errors(data: bytes, suffix: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl and pdfminer warn about damage; what matters is what escapes
        try:
            doc = open_input(data, suffix).parse(data)
            map_document(doc)
        except SelfevalError:
            pass  # the project's own, readable error: what damaged input may raise


def _how(fmt: str) -> st.SearchStrategy[str]:
    kinds = sorted(BYTE_MUTATIONS) + (["structure"] * 4 if fmt in ("docx", "xlsx", "html") else [])
    return st.sampled_from(kinds)


def _check(fmt: str, sample: int, how: str, rng: random.Random) -> None:
    _only_own_errors(_mutant(fmt, sample, how, rng), f".{fmt}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_mutants_raise_only_selfeval_errors(fmt: str) -> None:
    run = settings(max_examples=EXAMPLES[fmt], deadline=None, database=None, derandomize=True,  # same every run
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])(
        given(st.integers(0, 99), _how(fmt), st.randoms(use_true_random=False))(
            lambda sample, how, rng: _check(fmt, sample, how, rng)))
    run()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_many_mutants_raise_only_selfeval_errors(fmt: str, request: pytest.FixtureRequest) -> None:
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("a larger run: pytest -m slow tests/test_hostile_props.py")
    run = settings(max_examples=SLOW_EXAMPLES, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])(
        given(st.integers(0, 99), _how(fmt), st.randoms(use_true_random=False))(
            lambda sample, how, rng: _check(fmt, sample, how, rng)))
    run()
