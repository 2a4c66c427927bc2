"""Turn pages of a text PDF into an image-only "printed and scanned" PDF.

Records offices often print email, scan the paper and release the scans, so
the synthetic sample needs pages with no text layer and the damage a scanner
adds: a slight skew, paper tone, blur, sensor noise, JPEG compression and the
odd black redaction box. The damage is mild on purpose: the pages should stay
readable by OCR, as most real scans are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter

#: Share of pages that receive one redaction box.
REDACTION_SHARE = 0.3


@dataclass(frozen=True)
class ScannedPage:
    """What was done to one page: the truth a test of OCR or redaction counting needs."""

    source_page: int
    angle: float
    #: Black box drawn before the skew, as (left, top, right, bottom) in PDF points
    #: from the page's top-left corner; None when the page has no redaction.
    redaction_box: tuple[float, float, float, float] | None


def scan_pdf(
    src_pdf: str | Path,
    dst_pdf: str | Path,
    *,
    pages: Iterable[int] | None = None,
    seed: int = 0,
    dpi: int = 150,
    redaction_share: float = REDACTION_SHARE,
    jpeg_quality: int = 75,
    bilevel: bool = False,
    redactable: Mapping[int, Sequence[tuple[float, float]]] | None = None,
    title: str | None = None,
    subject: str | None = None,
) -> list[ScannedPage]:
    """Write ``pages`` (1-based; all when None) of ``src_pdf`` as scanned images to ``dst_pdf``.

    The result is deterministic for a given ``seed``: each page's damage is
    drawn from a generator seeded with ``(seed, page number)``, so scanning a
    subset of pages gives the same images as scanning them all.

    Pages are stored as greyscale JPEG (``jpeg_quality``), or with
    ``bilevel=True`` as black-and-white CCITT G4 images, about an eighth of the size.
    ``redactable`` limits where a redaction box may go: for each page number,
    the vertical bands (top, bottom), in PDF points from the top of the page,
    whose lines may be blacked out (a page missing from it gets no box); by
    default any body line may be. ``title`` and ``subject`` go into the PDF's
    document information.
    Returns what was done to each page, in output order.
    """
    dst_pdf = Path(dst_pdf)
    images, record = scan_pages(src_pdf, pages=pages, seed=seed, dpi=dpi, redaction_share=redaction_share,
                                bilevel=bilevel, redactable=redactable)
    dst_pdf.parent.mkdir(parents=True, exist_ok=True)
    compression = {} if bilevel else {"quality": jpeg_quality}
    images[0].save(
        dst_pdf, format="PDF", save_all=True, append_images=images[1:],
        resolution=float(dpi), **compression, subject=subject,
        # No timestamps or file name, so the same seed gives the same bytes.
        title=title, creationDate=None, modDate=None,
    )
    return record


def scan_pages(
    src_pdf: str | Path,
    *,
    pages: Iterable[int] | None = None,
    seed: int = 0,
    dpi: int = 150,
    redaction_share: float = REDACTION_SHARE,
    bilevel: bool = False,
    redactable: Mapping[int, Sequence[tuple[float, float]]] | None = None,
) -> tuple[list[Image.Image], list[ScannedPage]]:
    """The scanned images of ``pages`` of ``src_pdf`` and what was done to each (see ``scan_pdf``)."""
    document = pdfium.PdfDocument(str(src_pdf))
    try:
        page_numbers = list(pages) if pages is not None else list(range(1, len(document) + 1))
        if not page_numbers:
            raise ValueError("no pages to scan")
        bad = [n for n in page_numbers if not 1 <= n <= len(document)]
        if bad:
            raise ValueError(f"pages out of range 1..{len(document)}: {bad}")
        images, record = [], []
        for number in page_numbers:
            rng = np.random.default_rng([seed, number])
            clean = document[number - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            bands = None
            if redactable is not None:
                bands = [(top * dpi / 72, bottom * dpi / 72) for top, bottom in redactable.get(number, ())]
            scanned, angle, box = _scan_damage(
                clean, rng, dpi=dpi, redaction_share=redaction_share, bilevel=bilevel, bands=bands,
            )
            images.append(scanned)
            in_points = tuple(round(value * 72 / dpi, 1) for value in box) if box else None
            record.append(ScannedPage(number, round(angle, 3), in_points))
    finally:
        document.close()
    return images, record


def _scan_damage(
    page: Image.Image, rng: np.random.Generator, *, dpi: int, redaction_share: float, bilevel: bool,
    bands: list[tuple[float, float]] | None = None,
) -> tuple[Image.Image, float, tuple[int, int, int, int] | None]:
    """(scanned image, skew angle, redaction box in pixels) for a clean grayscale render."""
    box = None
    if rng.random() < redaction_share:
        page, box = _redact_one_line(page, rng, bands)

    # Paper fed slightly crooked; the uncovered corners are the white scanner lid.
    angle = rng.uniform(-1.0, 1.0)
    page = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)

    # Grey paper and faded toner, then optics blur scaled to the resolution.
    page = ImageEnhance.Contrast(page).enhance(rng.uniform(0.75, 0.95))
    page = ImageEnhance.Brightness(page).enhance(rng.uniform(0.95, 1.02))
    page = page.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.5) * dpi / 150))

    # Sensor noise, then the scanner's white point, which cleans most of it off the paper.
    pixels = np.asarray(page, dtype=np.float32)
    pixels = pixels + rng.normal(0.0, rng.uniform(3.0, 7.0), size=pixels.shape)
    pixels = pixels * (255.0 / rng.uniform(235.0, 245.0))
    scanned = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    if bilevel:
        # Many offices scan to black and white; the threshold eats thin strokes a little.
        scanned = scanned.point(lambda value: 255 if value > 150 else 0).convert("1")
    return scanned, angle, box


def _redact_one_line(
    page: Image.Image, rng: np.random.Generator, bands: list[tuple[float, float]] | None = None,
) -> tuple[Image.Image, tuple[int, int, int, int] | None]:
    """Black out part of one text line in the body (not the header or the footer).

    With ``bands`` (pixel rows, top and bottom), only a line whose middle lies in one of them.
    """
    ink = np.asarray(page) < 128
    height = ink.shape[0]
    rows_with_ink = ink.any(axis=1)
    lines = _runs(rows_with_ink)
    body = [(top, bottom) for top, bottom in lines if 0.25 * height < top and bottom < 0.8 * height]
    if bands is not None:
        body = [(top, bottom) for top, bottom in body
                if any(low <= (top + bottom) / 2 <= high for low, high in bands)]
    if not body:
        return page, None
    top, bottom = body[int(rng.integers(len(body)))]
    columns = np.flatnonzero(ink[top:bottom].any(axis=0))
    left, right = int(columns[0]), int(columns[-1])
    span = right - left
    box_width = max(int(span * rng.uniform(0.15, 0.5)), bottom - top)
    box_left = left + int(rng.integers(max(span - box_width, 0) + 1))
    pad = max((bottom - top) // 4, 1)

    box = (box_left - pad, top - pad, box_left + box_width + pad, bottom + pad)
    redacted = page.copy()
    ImageDraw.Draw(redacted).rectangle(box, fill=0)
    return redacted, box


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True values, end exclusive."""
    padded = np.concatenate([[False], flags, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist()))
