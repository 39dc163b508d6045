"""parsers.pdf_render.render_page: a page or a region of it as an image, as a viewer shows it."""

from __future__ import annotations

import pytest

from selfeval.errors import EncryptedFileError, InputError
from tests.conftest import DATA, SAMPLES

pytest.importorskip("pypdfium2")
pytest.importorskip("PIL")
from PIL import ImageChops  # noqa: E402

from parsers.pdf_render import render_page  # noqa: E402

PAGE = SAMPLES / "pdf" / "mof_county_2023.pdf"  # US Letter, 612 x 792 points


def test_a_page_renders_at_its_dpi() -> None:
    image = render_page(PAGE, 0, dpi=144)
    assert image.mode == "RGB" and image.size == (1224, 1584)


def test_a_box_in_page_model_coordinates_renders_that_region() -> None:
    # the 项目名称 row of the first table (x0, top, x1, bottom in points, from the top-left corner)
    cell = render_page(PAGE.read_bytes(), 0, dpi=144, box=(84, 98, 517, 126))
    assert cell.size == (433 * 2, 28 * 2)
    whole = render_page(PAGE, 0, dpi=144)
    assert ImageChops.difference(cell, whole.crop((168, 196, 168 + cell.width, 196 + cell.height))).getbbox() is None


def test_a_page_turned_by_rotate_renders_upright() -> None:
    turned = render_page(DATA / "pdf" / "mof_county_2023.rot90.pdf", 0, dpi=72)
    assert ImageChops.difference(turned, render_page(PAGE, 0, dpi=72)).getbbox() is None


def test_errors() -> None:
    with pytest.raises(EncryptedFileError):
        render_page(DATA / "bad" / "encrypted.pdf", 0)
    with pytest.raises(InputError, match="no page index 2"):
        render_page(PAGE, 2)
    with pytest.raises(InputError, match="not on the page"):
        render_page(PAGE, 0, box=(0, 0, 700, 10))
