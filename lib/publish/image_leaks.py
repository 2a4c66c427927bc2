"""The leak gate's reading of the page images and PDFs a site publishes.

Every page image under ``sources/pages/`` is read again by Tesseract, as published (after redaction), and
what it reads is checked as the site's text is: the raw tables' identifiers, the independent name detector
and the identifier shapes. An image may show no more than the text its source page publishes beside it,
which the text scan has read: what Tesseract finds that this text does not hold is a leak of the image
(``image_leaks``). The image is read at ``OCR_SCALE`` times its size: on the sample's printed pages
Tesseract then reads about 97% of the words the text layer holds, against 88% at 100 dpi. Words it makes
out of a solid black box are dropped: no reader sees them.

Every PDF under ``sources/pdf/`` must be what was checked: no text layer, and each page's picture the page
image read above, pixel for pixel (to within rendering noise). A PDF that holds anything else is a leak
the gate cannot vouch for.

Readings are cached by the image's bytes (and Tesseract's version), so a rebuild reads only changed pages.
Pages are read in threads, each running one Tesseract process on one core: safe from any caller.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PIL import Image, ImageChops

from .identifiers import Detector
from .leaks import Gate, Leak, scan_text
from .masking import merge

OCR_SCALE = 2
#: Bump when the reading changes.
FORMAT = 2
PAGE_IMAGES = "sources/pages"
PDFS = "sources/pdf"
#: A PDF page rendered at its image's resolution shows the image's own pixels; these allow only for the
#: rounding of a page size that is not a whole number of pixels (at most a few dozen pixels of a page, far
#: fewer than one printed word).
PIXEL_TOLERANCE = 0.00005
GREY_TOLERANCE = 16


def read_image(path: Path, cache_dir: Path | None = None) -> str:
    """What Tesseract reads on the image at ``path``, read at ``OCR_SCALE`` times its size; cached by content."""
    from lib.ingest.image_boxes import black_boxes
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
    # Letters Tesseract makes out of a solid black box are not on the page for anyone to read.
    text, _ = _text_and_confidence(tsv, black_boxes(grey, dpi * OCR_SCALE))
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, cached)
    return text


def page_image_files(site_dir: Path) -> list[Path]:
    folder = Path(site_dir) / PAGE_IMAGES
    return sorted(folder.glob("*.png")) if folder.exists() else []


#: Characters OCR takes for one another, mapped to one of them, so a value read '1 Main' on the image and
#: '| Main' in the text is the same value.
_CONFUSABLE = str.maketrans({"1": "l", "I": "l", "|": "l", "!": "l", "i": "l", "0": "o", "O": "o", "5": "s",
                             "S": "s"})
#: How alike (difflib's ratio) a word read on the image must be to a word of the page's text to be that word.
SAME_WORD = 0.7
#: Letters and digits a value needs before it is looked for in the page's text regardless of spacing.
LONG_VALUE = 8


def _normal(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.translate(_CONFUSABLE).lower())


def _words(text: str) -> set[str]:
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    return words | {re.sub(r"[^\w]|\d|_", "", w).lower() for w in text.split()}  # 'V/r' read as 'Vr'


def _numbers(text: str) -> set[str]:
    return {d for d in (re.sub(r"\D", "", w) for w in re.split(r"[^\d().\-/ ]+", text)) if len(d) >= 4}


class PublishedPage:
    """The text a page's source page publishes beside its image, which the text scan has checked, and
    (``raw``) the page's text before masking, from the raw tables."""

    def __init__(self, text: str, raw: str | None = None):
        self.normal = _normal(text)
        self.normal_words = f" {' '.join(_normal(w) for w in text.split())} "
        self.words = _words(text)
        self.raw = raw
        #: What the page prints that the published text masks: the words and numbers an image must not show.
        self.masked_words = _words(raw) - self.words if raw is not None else set()
        self.masked_numbers = _numbers(raw) - _numbers(text) if raw is not None else set()

    def shows_masked(self, value: str) -> bool:
        """``value`` resembles something the page prints and the published text masks. Without the raw
        text every value is taken to."""
        if self.raw is None:
            return True
        words = [w.lower() for w in re.findall(r"[^\W\d_]+", value) if len(w) >= 3]
        if any(w in self.masked_words or difflib.get_close_matches(w, self.masked_words, 1, SAME_WORD) for w in words):
            return True
        number = re.sub(r"\D", "", value)
        return len(number) >= 4 and any(number in n or n in number for n in self.masked_numbers)

    def shows(self, value: str) -> bool:
        """The page's text holds ``value`` as OCR may have read it: word for word, or, for a value long enough
        not to turn up inside other words by chance, with OCR's spacing ignored."""
        normal = _normal(value)
        if not normal:
            return False
        return f" {' '.join(_normal(w) for w in value.split())} " in self.normal_words or \
            (len(normal) >= LONG_VALUE and normal in self.normal)

    def has_words_of(self, name: str) -> bool:
        """Every word of a name-shaped span is (nearly) a word of the page's text. One- and two-letter words
        are OCR's reading of marks (quote markers, box edges), not a name the text lacks."""
        words = [w.lower() for w in re.findall(r"[^\W\d_]+", name) if len(w) >= 3]
        return all(w in self.words or difflib.get_close_matches(w, self.words, 1, SAME_WORD) for w in words)


_SECTION = re.compile(r'<section class="source-page-text[^"]*" id="p(\d+)">(.*?)</section>', re.DOTALL)
_PRE = re.compile(r"<pre>(.*?)</pre>", re.DOTALL)


def published_pages(site_dir: Path, raw_texts: dict[str, str] | None = None) -> dict[str, PublishedPage]:
    """Each page image's name -> the text its source page shows beside it (and its raw text, from
    ``raw_texts``: image name -> the page's text before masking)."""
    found = {}
    raw_texts = raw_texts or {}
    for source in sorted((Path(site_dir) / "sources").glob("*.html")):
        for number, section in _SECTION.findall(source.read_text(encoding="utf-8")):
            text = _PRE.search(section)
            name = f"{source.stem}-p{number}.png"
            found[name] = PublishedPage(html.unescape(text.group(1)) if text else "", raw_texts.get(name))
    return found


def image_leaks(text: str, gate: Gate, page: PublishedPage | None, where: str) -> list[Leak]:
    """Leaks in what Tesseract read on one page image.

    The image may show no more than the page's published text, which the text scan has read: an identifier
    of the raw tables, an identifier shape or a name-shaped span is a leak unless that text holds it too
    (as OCR may have misread it). The raw tables' identifiers are matched exactly; name-shaped spans word by
    word, near enough to allow for OCR's slips ('Aheame' for 'Ahearne'). A name-shaped span or shape that
    resembles nothing the page prints and its text masks is OCR's reading of marks (quote markers read as
    'VV VY', exemption labels on records-office boxes), not a private word left visible.
    """
    page = page or PublishedPage("")
    spans = [(span, "raw tables") for span in gate.detector.find(text)] + gate.spans(text)
    kept = [(span, by) for span, by in spans if not page.shows(text[span.start:span.end])
            and not (by == "name detector" and page.has_words_of(text[span.start:span.end]))
            and (by == "raw tables" or page.shows_masked(text[span.start:span.end]))]
    if not kept:
        return []
    # One scan of all of them, so no leak's context shows another; each says what found it.
    leaks = []
    for leak, _ in scan_text(text, gate.detector, where, spans=[span for span, _ in kept]):
        leaks.append(leak)
    found_by = [next(by for span, by in sorted(kept, key=lambda k: (k[0].start, -k[0].end))
                     if merged.start <= span.start < merged.end) for merged in merge(span for span, _ in kept)]
    return [Leak(leak.file, leak.identifier_kind, leak.context, by) for leak, by in zip(leaks, found_by)]


def scan_page_images(site_dir: str | Path, gate: Gate | Detector, cache_dir: Path | None = None,
                     workers: int | None = None, raw_texts: dict[str, str] | None = None) -> list[Leak]:
    """Leaks Tesseract reads on the site's page images, each naming the image (which names its page).
    With a ``Detector`` only, its identifiers and the identifier shapes are looked for. ``raw_texts``:
    image name -> the page's text before masking (see ``image_leaks``)."""
    site_dir = Path(site_dir)
    gate = gate if isinstance(gate, Gate) else Gate(gate)
    images = page_image_files(site_dir)
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        texts = list(pool.map(lambda p: read_image(p, cache_dir), images))
    pages = published_pages(site_dir, raw_texts)
    leaks: list[Leak] = []
    for path, text in zip(images, texts):
        leaks += image_leaks(text, gate, pages.get(path.name), f"{path.relative_to(site_dir).as_posix()} (read by OCR)")
    return list(dict.fromkeys(leaks))


_PAGE_IMAGE = re.compile(r"^(.+)-p(\d+)\.png$")


def check_pdfs(site_dir: str | Path) -> list[Leak]:
    """PDFs that hold anything but the site's checked page images: a text layer, a page whose picture is
    not its image under ``sources/pages/`` (matched by the PDF's name and the page number), or a PDF anywhere
    but ``sources/pdf/``."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    from lib.ingest.pdf import PDFIUM_LOCK

    site_dir = Path(site_dir)
    problems: list[Leak] = []
    page_images_by_file: dict[str, dict[int, Path]] = {}  # file slug -> page -> its checked image
    for image in page_image_files(site_dir):
        if match := _PAGE_IMAGE.match(image.name):
            page_images_by_file.setdefault(match.group(1), {})[int(match.group(2))] = image
    for pdf in sorted(p for p in site_dir.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file()):
        relative = pdf.relative_to(site_dir).as_posix()
        if pdf.parent != site_dir / PDFS:  # the text scan does not read PDFs: one anywhere else is unchecked
            problems.append(Leak(relative, "unchecked content", f"a PDF outside {PDFS}/", "PDF check"))
            continue
        images = page_images_by_file.get(pdf.name.removesuffix("-redacted.pdf"), {})
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
