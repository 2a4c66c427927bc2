"""Pages without a usable text layer, read with Tesseract: the OCR settings, and the results put on the pages."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from lib.ingest.pdf import PdfPage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OcrSettings:
    """How scanned pages are read. ``cache_dir`` None disables the OCR cache."""

    enabled: bool = True
    force: bool = False  # OCR every page, even those with a usable text layer
    cache_dir: str | None = None
    workers: int | None = None  # Tesseract processes (default: every core)
    lang: str = "eng"
    dpi: int = 300


def _read_scanned_pages(path: Path, scanned: list[PdfPage], password: str | None, ocr: OcrSettings) -> list[str]:
    """OCR the pages without a usable text layer (all pages when forced); return warnings.

    ``scanned`` are the pages that need OCR (all, when forced), with their text
    layer. How many pages came from the OCR cache is logged, not reported: it
    depends on earlier runs, not on the release.
    """
    from lib.ingest import ocr as ocr_module
    from lib.ingest.tesseract import TesseractNotInstalled

    todo = [page.page for page in scanned]
    if not todo:
        return []
    if not ocr.enabled:
        for page in scanned:
            page.error = "no usable text layer and OCR is switched off"
        return [f"{len(todo)} page(s) without a text layer were not read (OCR off)"]
    try:
        results = ocr_module.ocr_pdf_pages(path, todo, cache_dir=ocr.cache_dir, workers=ocr.workers,
                                           lang=ocr.lang, dpi=ocr.dpi, progress=False, password=password)
    except TesseractNotInstalled as error:
        for page in scanned:
            page.error = f"no usable text layer, and OCR is unavailable: {error}"
        return [f"{len(todo)} scanned page(s) not read: {error}"]
    log.info("%s: %d of %d OCR pages from the cache", path.name, sum(r.cached for r in results.values()),
             len(results))
    for page in scanned:
        result = results.get(page.page)
        if result is None:
            continue
        page.from_ocr_cache = result.cached
        if result.error:
            page.error = f"OCR failed: {result.error}"
            continue
        page.text, page.method, page.confidence = result.text, "ocr", result.confidence
        if result.redactions is not None:
            page.boxes, page.boxed_share = result.redactions, result.redacted_share
    return [f"{len(todo)} page(s) without a usable text layer read by OCR"]
