"""The pdfium reader's optional C helper (parsers/_pdfium_chars.c) gives the page models the reader's
own Python calls give, to the last bit, on every PDF the engine equality test reads; and a page
with skewed text, which the helper leaves to Python, reads the same as well."""

from __future__ import annotations

import re
import shutil
import sysconfig
from pathlib import Path

import pytest

from tests.test_pdf_engines import PDFS

pytest.importorskip("pypdfium2")
from parsers import c_helpers, pdf_pdfium, pdfium_chars  # noqa: E402
from tools.make_bad_pdfs import CATALOG, PAGES, build_pdf, stream  # noqa: E402

BUILT = pdfium_chars._library() is not None


def _models(data: bytes, helper: bool, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as patch:
        if not helper:
            patch.setenv(c_helpers.SWITCH, "0")
        try:
            models = list(pdf_pdfium.pdfium_pages(data))
            for model in models:
                model.char_list()  # the helper's characters are arrays until asked for
            return models
        except Exception as exc:  # noqa: BLE001 - the same error both ways is what is compared
            return repr(exc)


def skewed_pdf() -> bytes:
    """One page: a straight line of text, a line turned 30 degrees, and a straight line after it."""
    content = (b"BT /F1 12 Tf 72 720 Td (Straight before) Tj ET "
               b"BT /F1 12 Tf 0.866 0.5 -0.5 0.866 100 500 Tm (Skewed text) Tj ET "
               b"BT /F1 12 Tf 72 300 Td (Straight after) Tj ET")
    return build_pdf([CATALOG, PAGES, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                      b"/Resources << /Font << /F1 5 0 R >> >> >>", stream(content),
                      b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


@pytest.mark.skipif(not BUILT, reason="the C helper is not built (no C compiler at install)")
@pytest.mark.parametrize("path", PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_helper_reads_what_python_reads(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    assert _models(data, True, monkeypatch) == _models(data, False, monkeypatch)


@pytest.mark.skipif(not BUILT, reason="the C helper is not built (no C compiler at install)")
def test_skewed_text_is_left_to_python_and_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    data = skewed_pdf()
    left = []
    load = pdfium_chars.load

    def counting(*args):
        read = load(*args)
        if read is None:  # without the helper
            return None
        return lambda *page: left.append(page) if (got := read(*page)) is None else got

    monkeypatch.setattr(pdfium_chars, "load", counting)
    with_helper = _models(data, True, monkeypatch)
    assert len(left) == 1
    assert with_helper == _models(data, False, monkeypatch)
    assert "".join(ch.text for ch in with_helper[0].chars) == "StraightbeforeSkewedtextStraightafter"


def test_every_helper_parameter_is_declared() -> None:
    source = (Path(pdfium_chars.__file__).parent / "_pdfium_chars.c").read_text(encoding="utf-8")
    for name, declared in pdfium_chars.SIGNATURES.items():
        parameters = re.search(rf"^int {name}\(([^)]*)\)", source, re.MULTILINE)[1]
        assert len(declared) == len(parameters.split(",")), name


@pytest.mark.skipif(not (shutil.which("cc") or shutil.which("gcc"))
                    or not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists(),
                    reason="no C compiler or no Python headers: the helper is optional")
def test_the_helper_is_built_where_it_can_be() -> None:
    assert BUILT, "pip install -e . should have built parsers/_pdfium_chars (setup.py); see its warning"
