"""Read PDF productions page by page with pypdfium2: text layer, redaction boxes, embedded files.

pypdfium2 does the reading. What it cannot know is which lines are page
furniture (Bates footers, print banners, stamps repeated on every page); that
is decided in ``lib.ingest.furniture`` and ``lib.ingest.bates``, from
repetition across the file's pages.
"""

from __future__ import annotations

import ctypes
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from lib.ingest.furniture import strip_furniture
from lib.ingest.layout import CELL_GAP, Word, page_text

#: Held around every pdfium call made while other threads may call it too (OCR
#: renders pages on a pool of threads): pdfium is not thread-safe, not even on
#: different documents. Reentrant, so a helper that holds it may call another.
PDFIUM_LOCK = threading.RLock()


class PdfUnreadable(Exception):
    """A PDF that cannot be opened; the message says why in a reporter's words."""


@dataclass
class PdfPage:
    page: int  # 1-based
    text: str
    boxes: int  # filled black rectangles (redaction boxes)
    boxed_share: float | None  # share of the page area they cover
    method: str = "text"  # "text" (text layer) or "ocr"
    confidence: float | None = None  # OCR mean word confidence, 0-100
    error: str | None = None  # why the page has no text, when it has none
    from_ocr_cache: bool = False  # OCR text reused from an earlier run


def _reason(error: Exception, path: Path) -> str:
    text = str(error)
    if "password" in text.lower():
        return "the PDF is encrypted and needs a password (set a password for it, or ask for an unencrypted copy)"
    if "format" in text.lower() or "not a PDF" in text or "File" in text:
        return "the file is damaged or is not really a PDF (pdfium could not open it)"
    return f"pdfium could not open it ({text})"


def open_pdf(path: Path, password: str | None = None) -> pdfium.PdfDocument:
    """Open a PDF or raise PdfUnreadable with a reason a reporter understands."""
    path = Path(path)
    if path.stat().st_size == 0:
        raise PdfUnreadable("the file is empty (0 bytes)")
    try:
        with PDFIUM_LOCK:
            return pdfium.PdfDocument(path, password=password)
    except pdfium.PdfiumError as error:
        raise PdfUnreadable(_reason(error, path)) from error


def _black_boxes(page: pdfium.PdfPage) -> tuple[int, float | None]:
    """Count filled black rectangles and the share of the page they cover."""
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return 0, None
    count, area = 0, 0.0
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2):
        if not pdfium_c.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a):
            continue
        if a.value == 0 or max(r.value, g.value, b.value) > 40:
            continue
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill_mode, stroke)
        if fill_mode.value == 0:
            continue
        left, bottom, right, top = obj.get_bounds()
        box_w, box_h = right - left, top - bottom
        # Redaction boxes are at least a word wide and a line high; rules are thin.
        if box_w < 12 or box_h < 6:
            continue
        count += 1
        area += box_w * box_h
    return count, min(1.0, area / (width * height))


class PdfPages:
    """An open PDF whose pages are read one at a time, as often as needed.

    A production of tens of thousands of pages is never held whole: the ingest
    surveys the pages once, then reads their text again a window at a time.
    pdfium keeps every object it has parsed until the document closes, so the
    document is reopened every ``REOPEN_PAGES`` pages read.
    """

    REOPEN_PAGES = 1000

    def __init__(self, path: Path, password: str | None = None):
        self.path, self.password = Path(path), password
        with PDFIUM_LOCK:
            self.document = open_pdf(self.path, password)
            self._count = len(self.document)
        self._pages_read = 0

    def __len__(self) -> int:
        return self._count

    def __enter__(self) -> "PdfPages":
        return self

    def __exit__(self, *exc) -> None:
        with PDFIUM_LOCK:
            self.document.close()

    def _page(self, index: int) -> pdfium.PdfPage:
        """Page ``index``; the caller holds ``PDFIUM_LOCK`` until the page is closed."""
        self._pages_read += 1
        if self._pages_read > self.REOPEN_PAGES:
            self.document.close()
            self.document = open_pdf(self.path, self.password)
            self._pages_read = 1
        return self.document[index]

    def text(self, index: int) -> str:
        """The text layer of page ``index`` (0-based)."""
        with PDFIUM_LOCK:
            page = self._page(index)
            try:
                return _text_layer(page)
            finally:
                page.close()

    def pages(self, layout: bool = True) -> Iterator[PdfPage]:
        """Every page with its text layer and redaction boxes, in order.

        ``layout=False`` gives the text in the order it was drawn, at a third of
        the cost: enough to survey a file (which pages need OCR, what repeats at
        page edges, where Bates stamps are), not to read its headers.
        """
        for index in range(self._count):
            with PDFIUM_LOCK:
                page = self._page(index)
                try:
                    text = _text_layer(page) if layout else _drawn_text(page)
                    boxes, share = _black_boxes(page)
                finally:
                    page.close()
            yield PdfPage(index + 1, text, boxes, share)


@dataclass
class EmbeddedFile:
    """A file embedded in a PDF (an attachment, or a document of a PDF portfolio).

    ``name`` is the file name the PDF gives it (``embedded-N`` when it gives
    none); ``data`` is None, and ``error`` says why, when pdfium cannot
    extract the bytes.
    """

    name: str
    data: bytes | None
    error: str | None = None


def count_embedded_files(path: Path, password: str | None = None) -> int:
    """How many files are embedded in a PDF; raises PdfUnreadable if it cannot be opened."""
    with PDFIUM_LOCK:
        document = open_pdf(path, password)
        try:
            return document.count_attachments()
        finally:
            document.close()


def embedded_files(path: Path, password: str | None = None) -> Iterator[EmbeddedFile]:
    """The files embedded in a PDF, in the PDF's order, one at a time (only one's bytes are held).

    Raises PdfUnreadable if the PDF cannot be opened; a file that cannot be
    extracted comes back with ``error`` set and the others still follow.
    """
    with PDFIUM_LOCK:
        document = open_pdf(path, password)
        count = document.count_attachments()
    try:
        for index in range(count):
            with PDFIUM_LOCK:
                embedded = _embedded_file(document, index)
            yield embedded
    finally:
        with PDFIUM_LOCK:
            document.close()


def _embedded_file(document: pdfium.PdfDocument, index: int) -> EmbeddedFile:
    try:
        attachment = document.get_attachment(index)
    except pdfium.PdfiumError as error:
        return EmbeddedFile(f"embedded-{index + 1}", None, f"pdfium could not find it ({error})")
    try:
        name = attachment.get_name().strip()
    except pdfium.PdfiumError:
        name = ""
    name = name or f"embedded-{index + 1}"
    size = ctypes.c_ulong()
    if not pdfium_c.FPDFAttachment_GetFile(attachment, None, 0, size) and size.value == 0:
        return EmbeddedFile(name, None, "the PDF holds no data for it (or its data stream is damaged)")
    if size.value == 0:
        return EmbeddedFile(name, b"")
    try:
        return EmbeddedFile(name, bytes(attachment.get_data()))
    except pdfium.PdfiumError as error:
        return EmbeddedFile(name, None, f"pdfium could not extract it ({error})")


def _drawn_text(page: pdfium.PdfPage) -> str:
    """The text layer in the order pdfium reads it."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "").replace("\x02", "")


def _text_layer(page: pdfium.PdfPage) -> str:
    """The page's text in reading order, rebuilt from the positions of its characters (``lib.ingest.layout``)."""
    textpage = page.get_textpage()
    try:
        return page_text(_words(textpage, page.get_height()))
    finally:
        textpage.close()


_RUN = re.compile(r"[^\r\n]+")
_TOKEN = re.compile(r"\S+")
_SPACE = re.compile(" ")
_LABEL_END = re.compile(r"\s*[A-Za-z][A-Za-z ]{0,14}\s*[:;]")


def _words(textpage: pdfium.PdfTextPage, height: float) -> list[Word]:
    """The page's text as positioned pieces: whole runs where pdfium's run is one straight line, else words.

    Reading a box per character costs too much on long productions, so a run of
    text between pdfium's line breaks is placed by its first, middle and last
    characters; only runs that wander across lines (OCR text layers, tables
    read out of order) are cut into words, and words into characters. A run
    that opens with a header label is cut after the label, so the gap between a
    label and its value can mark a table.
    """
    count = pdfium_c.FPDFText_CountChars(textpage)
    text = textpage.get_text_range()
    if len(text) != count:  # characters outside UCS-2 shift the text's indexes: read them one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    rect = pdfium_c.FS_RECTF()
    loose_box = pdfium_c.FPDFText_GetLooseCharBox

    def box(i: int) -> tuple[float, float, float, float]:
        loose_box(textpage, i, rect)
        return rect.left, height - rect.top, rect.right, height - rect.bottom

    def straight(start: int, end: int) -> tuple[tuple, tuple] | None:
        """The boxes of text[start:end]'s first and last characters when it runs left to right along one line."""
        first, last = box(start), box(end - 1)
        tolerance = 0.5 * max(first[3] - first[1], 1.0)
        if abs(first[1] - last[1]) >= tolerance or first[0] > last[2] + 1:
            return None
        if end - start > 2:
            middle = box((start + end - 1) // 2)
            if abs(first[1] - middle[1]) >= tolerance or not first[0] <= middle[0] + 1 <= last[2] + 2:
                return None
        return first, last

    def cut_at_gaps(start: int, end: int, first: tuple, last: tuple) -> Iterator[Word]:
        """A straight run cut where pdfium put a space between two pieces of text far apart (table cells)."""
        begin, begin_box = start, first
        for space in _SPACE.finditer(text, start + 1, end - 1):
            i = space.start()
            if pdfium_c.FPDFText_IsGenerated(textpage, i) != 1:
                continue
            before, after = box(i - 1), box(i + 1)
            if after[0] - before[2] > CELL_GAP * max(before[3] - before[1], 1.0):
                yield Word(text[begin:i], begin_box[0], begin_box[1], before[2], begin_box[3])
                begin, begin_box = i + 1, after
        yield Word(text[begin:end], begin_box[0], begin_box[1], max(begin_box[2], last[2]), begin_box[3])

    def word(start: int, end: int) -> Word:
        first, last = box(start), box(end - 1)
        return Word(text[start:end], first[0], first[1], max(first[2], last[2]), first[3])

    def pieces(start: int, end: int) -> Iterator[Word]:
        """Characters start..end cut where the next one is not to the right on the same line."""
        begin, previous = start, box(start)
        for i in range(start + 1, end):
            current = box(i)
            if abs(current[1] - previous[1]) > 0.5 * max(previous[3] - previous[1], 1.0) or current[0] < previous[0] - 1:
                yield word(begin, i)
                begin = i
            previous = current
        yield word(begin, end)

    words: list[Word] = []
    for run in _RUN.finditer(text):
        start, end = run.start(), run.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        label = _LABEL_END.match(text, start, end)
        cuts = [start, label.end(), end] if label and label.end() < end else [start, end]
        for piece_start, piece_end in zip(cuts, cuts[1:]):
            while piece_start < piece_end and text[piece_start].isspace():
                piece_start += 1
            if piece_start == piece_end:
                continue
            ends = straight(piece_start, piece_end)
            if ends:
                words.extend(cut_at_gaps(piece_start, piece_end, *ends))
                continue
            for token in _TOKEN.finditer(text, piece_start, piece_end):
                ends = straight(token.start(), token.end())
                if ends:
                    first, last = ends
                    words.append(Word(token.group(), first[0], first[1], max(first[2], last[2]), first[3]))
                else:
                    words.extend(pieces(token.start(), token.end()))
    return words


def read_pdf(path: Path, password: str | None = None) -> list[PdfPage]:
    """Every page of a PDF with its raw text layer and redaction boxes."""
    with PdfPages(path, password) as pdf:
        return list(pdf.pages())


__all__ = ["PDFIUM_LOCK", "EmbeddedFile", "PdfPage", "PdfPages", "PdfUnreadable", "count_embedded_files",
           "embedded_files", "open_pdf", "read_pdf",
           "strip_furniture"]  # strip_furniture (lib.ingest.furniture): kept importable here for tests/test_splitter.py
