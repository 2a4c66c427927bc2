"""The leak gate's reading of the page images and PDFs a site publishes.

Every page image under ``sources/pages/`` is read again by Tesseract, as published (after redaction), and its
text is checked as the site's text is: the raw tables' identifiers, the independent name detector and the
identifier shapes (``leaks.text_leaks``). The image is read at ``OCR_SCALE`` times its size: on the sample's
printed pages Tesseract then reads about 97% of the words the text layer holds, against 88% at 100 dpi.

Every PDF under ``sources/pdf/`` must be what was checked: no text layer, and each page's picture the page
image read above, pixel for pixel (to within rendering noise). A PDF that holds anything else is a leak
the gate cannot vouch for.

Readings are cached by the image's bytes (and Tesseract's version), so a rebuild reads only changed pages.
Pages are read in threads, each running one Tesseract process on one core: safe from any caller.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageChops

from .leaks import Gate, Leak, text_leaks

OCR_SCALE = 2
#: Bump when the reading changes.
FORMAT = 1
PAGE_IMAGES = "sources/pages"
PDFS = "sources/pdf"
#: A PDF page rendered at its image's resolution shows the image's own pixels; these allow only for the
#: rounding of a page size that is not a whole number of pixels (at most a few dozen pixels of a page, far
#: fewer than one printed word).
PIXEL_TOLERANCE = 0.00005
GREY_TOLERANCE = 16


def read_image(path: Path, cache_dir: Path | None = None) -> str:
    """What Tesseract reads on the image at ``path``, read at ``OCR_SCALE`` times its size; cached by content."""
    from lib.ingest.ocr_text import _text_and_confidence
    from lib.ingest.tesseract import tesseract_command, tesseract_tsv, tesseract_version

    data = path.read_bytes()
    key = hashlib.sha256(data + json.dumps([tesseract_version(), OCR_SCALE, FORMAT]).encode()).hexdigest()
    cached = Path(cache_dir) / f"{key}.txt" if cache_dir else None
    if cached is not None and cached.exists():
        return cached.read_text(encoding="utf-8")
    with Image.open(path) as image:
        dpi = round(image.info.get("dpi", (100, 100))[0])
        grey = image.convert("L")
    grey = grey.resize((grey.width * OCR_SCALE, grey.height * OCR_SCALE), Image.LANCZOS)
    tsv, error = tesseract_tsv(grey, tesseract=tesseract_command(), dpi=dpi * OCR_SCALE)
    if error is not None:
        raise RuntimeError(f"{path.name}: Tesseract could not read the image to check it ({error})")
    text, _ = _text_and_confidence(tsv)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, cached)
    return text


def page_image_files(site_dir: Path) -> list[Path]:
    folder = Path(site_dir) / PAGE_IMAGES
    return sorted(folder.glob("*.png")) if folder.exists() else []


def scan_page_images(site_dir: str | Path, gate: Gate, cache_dir: Path | None = None,
                     workers: int | None = None) -> list[Leak]:
    """Leaks Tesseract reads on the site's page images, each naming the image (which names its page)."""
    site_dir = Path(site_dir)
    images = page_image_files(site_dir)
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        texts = list(pool.map(lambda p: read_image(p, cache_dir), images))
    leaks: list[Leak] = []
    for path, text in zip(images, texts):
        leaks += text_leaks(text, gate, f"{path.relative_to(site_dir).as_posix()} (read by OCR)")
    return list(dict.fromkeys(leaks))


_PAGE_NUMBER = re.compile(r"-p(\d+)\.png$")


def check_pdfs(site_dir: str | Path) -> list[Leak]:
    """PDFs that hold anything but the site's checked page images: a text layer, a page whose picture is
    not its image under ``sources/pages/`` (matched by the PDF's name and the page number), or a PDF anywhere
    but ``sources/pdf/``."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from lib.ingest.pdf import PDFIUM_LOCK

    site_dir = Path(site_dir)
    problems: list[Leak] = []
    for pdf in sorted(p for p in site_dir.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file()):
        relative = pdf.relative_to(site_dir).as_posix()
        if pdf.parent != site_dir / PDFS:  # the text scan does not read PDFs: one anywhere else is unchecked
            problems.append(Leak(relative, "unchecked content", f"a PDF outside {PDFS}/", "PDF check"))
            continue
        stem = pdf.name.removesuffix("-redacted.pdf")
        images = {int(m.group(1)): p for p in page_image_files(site_dir)
                  if p.name.startswith(f"{stem}-p") and (m := _PAGE_NUMBER.search(p.name))}
        with PDFIUM_LOCK:
            document = pdfium.PdfDocument(str(pdf))
            try:
                for number in range(1, len(document) + 1):
                    page = document[number - 1]
                    textpage = page.get_textpage()
                    has_text = textpage.count_chars() > 0
                    textpage.close()
                    kinds = [item.type for item in page.get_objects()]
                    image = images.get(number)
                    if has_text:
                        problems.append(Leak(relative, "unchecked content", f"page {number} has a text layer",
                                             "PDF check"))
                    elif kinds != [pdfium_c.FPDF_PAGEOBJ_IMAGE]:
                        problems.append(Leak(relative, "unchecked content",
                                             f"page {number} holds more than one image", "PDF check"))
                    elif image is None:
                        problems.append(Leak(relative, "unchecked content",
                                             f"page {number} has no checked page image", "PDF check"))
                    else:
                        with Image.open(image) as checked:
                            expected = checked.convert("L")
                        shown = page.render(scale=expected.width / page.get_width(), grayscale=True).to_pil()
                        if shown.size != expected.size or _differs(shown.convert("L"), expected):
                            problems.append(Leak(relative, "unchecked content",
                                                 f"page {number} is not the checked page image", "PDF check"))
                    page.close()
            finally:
                document.close()
    return problems


def _differs(shown: Image.Image, expected: Image.Image) -> bool:
    difference = ImageChops.difference(shown, expected).point(lambda v: 255 if v > GREY_TOLERANCE else 0)
    histogram = difference.histogram()
    return histogram[255] > PIXEL_TOLERANCE * shown.width * shown.height
