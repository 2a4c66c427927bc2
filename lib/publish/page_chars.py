"""A page's characters with their boxes, as fractions of the page (0–1, y downwards), to place highlights.

A page read from its text layer gives pdfium's character boxes. A scanned page (its text read by OCR) has
no text layer, so Tesseract reads its image again for word boxes: the ingest keeps only the text. Each
word's box is shared out among its letters by their count, which is close enough to highlight a passage
line by line. OCR boxes are cached by the PDF's hash and page, so a rebuild does not read the page again.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from lib.core.digests import sha256_unchanged_file
from lib.ingest.pdf import PDFIUM_LOCK, open_pdf

from .page_images import render_page
from .passages import PageChar

#: Resolution of the image Tesseract reads for word boxes: as the ingest reads scanned pages.
OCR_DPI = 300
#: Bump when the cached OCR boxes change.
FORMAT = 2


def text_layer_chars(document: pdfium.PdfDocument, page: int) -> list[PageChar]:
    """The characters of page ``page`` (1-based) of an open PDF, in pdfium's order, with their boxes."""
    with PDFIUM_LOCK:
        pdf_page = document[page - 1]
        textpage = pdf_page.get_textpage()
        try:
            width, height = pdf_page.get_size()
            count = pdfium_c.FPDFText_CountChars(textpage)
            rect = pdfium_c.FS_RECTF()
            chars = []
            for i in range(count):
                char = chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
                if char.isspace() or not pdfium_c.FPDFText_GetLooseCharBox(textpage, i, rect):
                    chars.append(PageChar(char if char.isspace() else " ", None))
                    continue
                chars.append(PageChar(char, (rect.left / width, 1 - rect.top / height,
                                             rect.right / width, 1 - rect.bottom / height)))
            return chars
        finally:
            textpage.close()
            pdf_page.close()


def _words_to_chars(words: list[tuple[str, tuple[float, float, float, float]]]) -> list[PageChar]:
    heights = sorted(bottom - top for _, (_, top, _, bottom) in words)
    # A "word" far flatter than the page's words is a rule or a speck Tesseract read as a dash: no box to draw.
    flat = 0.4 * heights[len(heights) // 2] if heights else 0
    chars: list[PageChar] = []
    for number, (text, (left, top, right, bottom)) in enumerate(words):
        if bottom - top < flat:
            chars += [PageChar(c, None) for c in text]
        else:
            step = (right - left) / len(text)
            chars += [PageChar(c, (left + i * step, top, left + (i + 1) * step, bottom)) for i, c in enumerate(text)]
        # Tesseract splits an address at its @ ('nelson @ice.dhs.gov'): read as two words, its domain
        # would look like a social media handle.
        following = words[number + 1][0] if number + 1 < len(words) else ""
        if not (text.endswith("@") or following.startswith("@")):
            chars.append(PageChar(" ", None))
    return chars


def ocr_chars(document: pdfium.PdfDocument, pdf: Path, page: int, cache_dir: Path) -> list[PageChar]:
    """The characters Tesseract reads on page ``page`` of a scanned PDF, each with a share of its word's box."""
    key = hashlib.sha256(json.dumps({"file": sha256_unchanged_file(pdf), "page": page, "dpi": OCR_DPI, "format": FORMAT},
                                    sort_keys=True).encode()).hexdigest()
    cached = Path(cache_dir) / f"{key}.ocr.json"
    if cached.exists():
        return _words_to_chars([(w, tuple(b)) for w, b in json.loads(cached.read_text(encoding="utf-8"))])
    from lib.ingest.ocr_text import tsv_words
    from lib.ingest.tesseract import tesseract_command, tesseract_tsv

    image = render_page(document, page, OCR_DPI)
    tsv, error = tesseract_tsv(image, tesseract=tesseract_command(), dpi=OCR_DPI)
    if error is not None:  # the page is shown without highlights; the next build tries again
        warnings.warn(f"{pdf.name}, page {page}: no word boxes to highlight passages with ({error})", stacklevel=2)
        return []
    width, height = image.size
    words = [(word.text, (word.left / width, word.top / height, word.right / width, word.bottom / height))
             for word, _, _ in tsv_words(tsv)]
    Path(cache_dir).mkdir(parents=True, exist_ok=True)
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
    partial.write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, cached)
    return _words_to_chars(words)


def page_chars(pdf: Path, pages: dict[int, str], cache_dir: Path) -> dict[int, list[PageChar]]:
    """The characters of each page of ``pdf`` in ``pages`` (page -> how its text was read: 'text' or 'ocr')."""
    with PDFIUM_LOCK:
        document = open_pdf(pdf)
    try:
        return {page: ocr_chars(document, pdf, page, cache_dir) if method == "ocr" else
                text_layer_chars(document, page) for page, method in pages.items() if page <= len(document)}
    finally:
        with PDFIUM_LOCK:
            document.close()
