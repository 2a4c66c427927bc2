"""Page images of a release's PDFs for the source pages: rendered once with pypdfium2, cached by content.

Each page is rendered in grey at ``DPI`` (a letter page is 850 by 1100 pixels: readable on a screen, light
to load) and saved as a 4-bit PNG of ``GREYS`` even grey levels: the sample's 830 pages average 26 KB, where
WebP at quality 60–75 took 33–36 KB a page on 40 of them, and the letters' edges stay clean.

The cache key is the PDF's SHA-256, the page number and every setting that changes the image, so a
rebuild renders nothing again and a changed file is rendered afresh, whatever its name.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from lib.core.digests import sha256_unchanged_file
from lib.ingest.pdf import PDFIUM_LOCK, open_pdf

DPI = 100
GREYS = 16
#: Bump when the way images are made changes.
FORMAT = 2
#: File endings of sources that have page images; mail files have no pages to show.
PDF_SUFFIXES = (".pdf",)


@dataclass(frozen=True)
class PageImage:
    path: Path  # the cached PNG
    width: int
    height: int


def has_page_images(source_file: str) -> bool:
    return source_file.lower().endswith(PDF_SUFFIXES)


def cache_key(pdf: Path, page: int, dpi: int = DPI) -> str:
    return hashlib.sha256(json.dumps({"file": sha256_unchanged_file(pdf), "page": page, "dpi": dpi, "greys": GREYS,
                                      "format": FORMAT}, sort_keys=True).encode()).hexdigest()


def render_page(document: pdfium.PdfDocument, page: int, dpi: int = DPI):
    """Page ``page`` (1-based) as a grey PIL image."""
    with PDFIUM_LOCK:
        pdf_page = document[page - 1]
        try:
            return pdf_page.render(scale=dpi / 72, grayscale=True).to_pil()
        finally:
            pdf_page.close()


#: Each of 256 grey values mapped to one of ``GREYS`` evenly spaced levels, and those levels as a palette.
_LEVEL_OF = [value * GREYS // 256 for value in range(256)]
_GREY_PALETTE = [round(level * 255 / (GREYS - 1)) for level in range(GREYS) for _ in range(3)]


def _in_greys(image):
    """A grey image as a palette image of ``GREYS`` levels: PIL writes it as a 4-bit PNG. Even levels, not
    a palette fitted to each page (``quantize``): as small for printed text, and some 14 times faster."""
    indexed = image.point(_LEVEL_OF)
    indexed.putpalette(_GREY_PALETTE)
    return indexed


def page_images(pdf: Path, pages: list[int], cache_dir: Path, dpi: int = DPI) -> dict[int, PageImage]:
    """The cached image of each of ``pages`` of ``pdf``, rendering those not cached yet."""
    found: dict[int, PageImage] = {}
    missing: list[tuple[int, Path]] = []
    for page in pages:
        target = Path(cache_dir) / f"{cache_key(pdf, page, dpi)}.png"
        size = target.with_suffix(".json")
        if target.exists() and size.exists():
            width, height = json.loads(size.read_text())
            found[page] = PageImage(target, width, height)
        else:
            missing.append((page, target))
    if not missing:
        return found
    Path(cache_dir).mkdir(parents=True, exist_ok=True)
    with PDFIUM_LOCK:
        document = open_pdf(pdf)
    try:
        for page, target in missing:
            if page > len(document):
                continue
            image = render_page(document, page, dpi)
            # Write then rename, so a killed build never leaves half an image in the cache.
            partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
            _in_greys(image).save(partial, format="PNG", compress_level=6)
            os.replace(partial, target)
            target.with_suffix(".json").write_text(json.dumps(image.size))
            found[page] = PageImage(target, *image.size)
    finally:
        with PDFIUM_LOCK:
            document.close()
    return found
