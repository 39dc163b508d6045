#!/usr/bin/env python3
"""Make scanned copies of PDF forms: what an office scanner or a phone makes of a printed form.

    python tools/make_scans.py                       # the committed set: tests/data/scans/
    python tools/make_scans.py --out DIR PDF... --condition NAME [--format png]

Every page is rendered (pypdfium2) at the condition's resolution, then, as the condition
says: put on tinted paper or made grey, stamped with a red round seal (semi-transparent,
over the table), tilted, blurred, given paper noise and specks, and JPEG-compressed.  The
result is written as an image-only PDF (pages as JPEG images, no text layer), or as PNG /
JPEG (one-page forms) or multi-page TIFF.  A scan keeps its form's name with a variant
number (`NAME.vN.EXT`), so the scorer maps it to the form's expected output; the committed
set's conditions are listed in tests/data/scans.tsv.  Seeded: the same command
makes the same files.

Needs the ocr extra (pypdfium2, Pillow, numpy).
"""

from __future__ import annotations

import argparse
import io
import math
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "scans"


@dataclass(frozen=True)
class Condition:
    dpi: int = 200
    colour: bool = False  # tinted paper kept in colour (else grey)
    tilt: float = 0.0  # degrees, counter-clockwise
    seal: bool = False
    blur: float = 0.0  # Gaussian radius, pixels
    noise: float = 0.0  # standard deviation of the paper grain, grey levels
    quality: int = 85  # JPEG quality of the stored image


CONDITIONS = {
    "clean200": Condition(),
    "grey150": Condition(dpi=150, noise=6, quality=75),
    "tilt2": Condition(tilt=2.0, noise=5, quality=75),
    "tilt-2": Condition(tilt=-2.0, blur=0.6),
    "seal": Condition(colour=True, seal=True, tilt=0.7, noise=4, quality=75),
    "seal300": Condition(dpi=300, colour=True, seal=True, tilt=-1.2, blur=0.8, noise=6, quality=70),
    "rough": Condition(dpi=150, colour=True, seal=True, tilt=1.5, blur=0.6, noise=10, quality=55),
}

# the committed set: (sample PDF, variant number, condition, format)
COMMITTED = [
    ("samples/pdf/mof_county_2023.pdf", 21, "grey150", "pdf"),
    ("samples/pdf/mof_district_2023.pdf", 22, "tilt2", "pdf"),
    ("samples/pdf/mof_hospital_2021.pdf", 23, "seal", "pdf"),
    ("samples/pdf/mof_school_2022.pdf", 24, "rough", "pdf"),
    ("samples/pdf/mof_province_2022.pdf", 25, "tilt-2", "tif"),
]


def render(pdf: Path, dpi: int) -> list[Image.Image]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(document))]
    finally:
        document.close()


def _seal(page: Image.Image, rng: random.Random, dpi: int) -> Image.Image:
    """A red round seal: ring, star and a ring of strokes standing for its text, multiplied over
    the page (print under it stays readable) at a random place in the lower half."""
    radius = int(0.8 * dpi)  # about 40 mm across
    cx = rng.randint(page.width // 2, page.width - radius - 10)
    cy = rng.randint(page.height // 4, page.height // 2)
    overlay = Image.new("RGB", page.size, (255, 255, 255))
    draw = ImageDraw.Draw(overlay)
    red = (220, 40, 40)
    width = max(3, dpi // 40)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=red, width=width)
    star = [(cx + 0.3 * radius * (1 if k % 2 == 0 else 0.4) * math.sin(k * math.pi / 5),
             cy - 0.3 * radius * (1 if k % 2 == 0 else 0.4) * math.cos(k * math.pi / 5)) for k in range(10)]
    draw.polygon(star, fill=red)
    for k in range(18):  # the seal's text: short radial strokes round the ring
        angle = math.pi * (0.8 + 1.4 * k / 17)
        r0, r1 = 0.62 * radius, 0.85 * radius
        draw.line((cx + r0 * math.cos(angle), cy + r0 * math.sin(angle),
                   cx + r1 * math.cos(angle), cy + r1 * math.sin(angle)), fill=red, width=width)
    mixed = np.asarray(page, dtype=np.float32) * np.asarray(overlay, dtype=np.float32) / 255.0
    alpha = 0.85
    out = np.asarray(page, dtype=np.float32) * (1 - alpha) + mixed * alpha
    return Image.fromarray(out.clip(0, 255).astype(np.uint8))


def scan(page: Image.Image, cond: Condition, rng: random.Random) -> Image.Image:
    if cond.seal:
        page = _seal(page, rng, cond.dpi)
    arr = np.asarray(page, dtype=np.float32)
    if cond.colour:
        arr = arr * np.array([0.97, 0.95, 0.88], dtype=np.float32) + 4  # yellowish paper
    image = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if not cond.colour:
        image = image.convert("L")
    if cond.tilt:
        fill = 255 if image.mode == "L" else (247, 242, 228)
        image = image.rotate(cond.tilt, resample=Image.BICUBIC, fillcolor=fill)
    if cond.blur:
        image = image.filter(ImageFilter.GaussianBlur(cond.blur))
    if cond.noise:
        arr = np.asarray(image, dtype=np.float32)
        nprng = np.random.default_rng(rng.randrange(2**32))
        arr = arr + nprng.normal(0, cond.noise, arr.shape[:2])[..., None].squeeze() if arr.ndim == 2 else \
            arr + nprng.normal(0, cond.noise, arr.shape[:2])[..., None]
        specks = nprng.random(arr.shape[:2]) < 0.0004  # dust: dark specks on the paper
        arr[specks] = 60
        image = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=cond.quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def write(pages: list[Image.Image], path: Path, dpi: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    first, rest = pages[0], pages[1:]
    fmt = path.suffix.lower().lstrip(".")
    if fmt == "pdf":
        first.save(path, "PDF", save_all=True, append_images=rest, resolution=dpi)
    elif fmt in ("tif", "tiff"):
        first.save(path, "TIFF", save_all=True, append_images=rest, dpi=(dpi, dpi), compression="tiff_adobe_deflate")
    elif fmt in ("jpg", "jpeg"):
        first.save(path, "JPEG", quality=90, dpi=(dpi, dpi))
    else:
        first.save(path, "PNG", dpi=(dpi, dpi), optimize=True)
    if fmt in ("png", "jpg", "jpeg") and rest:
        raise SystemExit(f"{path}: {len(pages)} pages do not fit one {fmt} image; use pdf or tif")


def make(pdf: Path, out: Path, condition: str, seed: int) -> None:
    cond = CONDITIONS[condition]
    rng = random.Random(f"{pdf.name}:{condition}:{seed}")
    write([scan(p, cond, rng) for p in render(pdf, cond.dpi)], out, cond.dpi)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--condition", choices=sorted(CONDITIONS), default="clean200")
    parser.add_argument("--format", default="pdf", choices=["pdf", "png", "jpg", "tif"])
    parser.add_argument("--variant", type=int, default=9)
    args = parser.parse_args(argv)
    if not args.pdfs:
        manifest = ["file\tsource\tcondition\t" + "\t".join(Condition.__dataclass_fields__)]
        for source, variant, condition, fmt in COMMITTED:
            name = f"{Path(source).stem}.v{variant}.{fmt}"
            make(ROOT / source, OUT / name, condition, 0)
            fields = "\t".join(str(v) for v in CONDITIONS[condition].__dict__.values())
            manifest.append(f"{name}\t{source}\t{condition}\t{fields}")
        (OUT.parent / "scans.tsv").write_text("\n".join(manifest) + "\n", encoding="utf-8")
        return 0
    for pdf in args.pdfs:
        stem = pdf.name.split(".")[0]
        make(pdf, args.out / f"{stem}.v{args.variant}.{args.format}", args.condition, 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
