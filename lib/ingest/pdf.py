"""Read PDF productions page by page: text layer, Bates numbers, redaction boxes.

pypdfium2 does the reading. What it cannot know is which lines are page
furniture (Bates footers, print banners, stamps repeated on every page); that
is decided here, from repetition across the file's pages.
"""

from __future__ import annotations

import ctypes
import re
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from lib.ingest.headers import label_of
from lib.ingest.layout import CELL_GAP, Word, page_text

#: A Bates number: a prefix of two or more letters, optional separators, 4-10 digits.
#: OCR may read 0 as O and 1 as l inside the digits.
BATES = re.compile(r"\b([A-Z]{2,}(?:[-_ ][A-Z0-9]{2,})*[-_ ]?[0-9Ol]{3,9}[0-9l])\b")

#: Redaction marks written into the text: FOIA exemption codes and [REDACTED].
REDACTION_MARK = re.compile(
    r"\(\s*b\s*\)\s*\(\s*[1-9]\s*\)(?:\s*\(\s*[A-F]\s*\))?|\[\s*REDACTED\s*\]|\bREDACTED\b",
    re.IGNORECASE,
)

#: Furniture by its look, however rarely it repeats: a browser's print footer
#: ("https://mail.google.com/... 1/2").
PRINT_FOOTER = re.compile(r"^\s*(?:https?://\S+|about:blank|file:///\S+)\s+\d+\s*/\s*\d+\s*$")

# Furniture lines sit within this many non-empty lines of the top or bottom.
_EDGE_LINES = 3
# A line is furniture when it recurs at a page edge on this share of the file's
# pages (and on at least _FURNITURE_MIN_PAGES). Set high: the same email printed
# twice repeats its own lines at page edges too, and those are content.
_FURNITURE_SHARE = 0.8
_FURNITURE_MIN_PAGES = 3


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


def _shape(line: str) -> str:
    """A line with digits generalised, so 'Page 3 of 9' and 'Page 4 of 9' match.

    Marks at either end are dropped: on a scan, OCR reads the edge of a
    banner's frame as '|' on one page and '[' on the next.
    """
    return re.sub(r"\d+", "#", " ".join(re.sub(r"^[^\w(]+|[^\w)]+$", "", line.lower()).split()))


def _edge_indexes(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]


def bates_candidates(text: str) -> list[str]:
    """Every stamp-shaped 'PREFIX digits' near the bottom (or top) of a page, bottom first."""
    lines = [line for line in text.split("\n") if line.strip()]
    found = []
    for line in list(reversed(lines[-_EDGE_LINES:])) + lines[:_EDGE_LINES]:
        line = re.sub(r"(?<=\d) (?=\d\b)", "", line)  # OCR splits a final digit off: "BPD-ICE-00081 1"
        for match in BATES.finditer(line):
            candidate = match.group(1)
            digits = re.search(r"[0-9Ol]+$", candidate)
            if digits and len(digits.group(0)) >= 4 and any(ch.isdigit() for ch in digits.group(0)):
                found.append(normalise_bates(candidate))
    return list(dict.fromkeys(found))


def find_bates(text: str) -> str | None:
    """The first stamp-shaped number at a page's edge; ``BatesSurvey`` decides which shape is the Bates number."""
    candidates = bates_candidates(text)
    return candidates[0] if candidates else None


def split_bates(bates: str) -> tuple[str, int] | None:
    """'NIH-001109' -> ('NIH-', 1109)."""
    match = re.match(r"^(.*?)(\d+)$", bates)
    return (match.group(1), int(match.group(2))) if match else None


class BatesSurvey:
    """Learns a file's Bates stamp from its pages, then numbers every page.

    Records offices stamp each page with a constant prefix and a rising number.
    Other 'WORD digits' at a page's foot (a ZIP code 'NC 27699-2301', 'To: POP
    2020', a form number) repeat without rising, or stand alone. The stamp is
    the prefix whose numbers rise across the most pages; a file of one page
    takes a zero-padded number of six digits or more. A page where OCR missed the
    stamp is filled only when its neighbours' numbers leave exactly one number
    for it.
    """

    def __init__(self) -> None:
        self.candidates: dict[int, list[str]] = {}

    def add(self, page: int, text: str) -> None:
        self.candidates[page] = bates_candidates(text)

    def prefix(self) -> str | None:
        """The prefix of the file's Bates stamp, or None when its pages carry none."""
        by_prefix: dict[str, dict[int, str]] = {}  # prefix -> page -> digits as printed
        for page, candidates in sorted(self.candidates.items()):
            for candidate in candidates:
                parts = split_bates(candidate)
                if parts:
                    by_prefix.setdefault(parts[0], {}).setdefault(page, candidate[len(parts[0]):])
        best, best_pages = None, 0
        for prefix, digits in by_prefix.items():
            values = [int(digits[page]) for page in sorted(digits)]
            if len(values) >= 2:
                rising = sum(b > a for a, b in zip(values, values[1:]))
                if rising < 0.8 * (len(values) - 1):
                    continue
            else:
                [printed] = digits.values()
                if not (len(printed) >= 6 and printed.startswith("0")):
                    continue
            if len(values) > best_pages:
                best, best_pages = prefix, len(values)
        return best

    def numbers(self) -> dict[int, tuple[str, str]]:
        """page -> (Bates number, 'printed' or 'filled') for every page that has one."""
        prefix = self.prefix()
        if prefix is None:
            return {}
        stamped: dict[int, str] = {}
        for page, candidates in self.candidates.items():
            match = next((c for c in candidates if (split_bates(c) or ("",))[0] == prefix), None)
            if match:
                stamped[page] = match
        result = {page: (bates, "printed") for page, bates in stamped.items()}
        for page in self.candidates:
            if page in stamped or page - 1 not in stamped or page + 1 not in stamped:
                continue
            before, after = split_bates(stamped[page - 1])[1], split_bates(stamped[page + 1])[1]
            if after - before == 2:
                width = len(stamped[page - 1]) - len(prefix)
                result[page] = (f"{prefix}{before + 1:0{width}d}", "filled")
        return result


def normalise_bates(bates: str) -> str:
    """Repair OCR letter/digit swaps in the number part: 'BPD-ICE-OOO12l' -> 'BPD-ICE-000121'."""
    match = re.match(r"^(.*?[A-Z])([-_ ]?)([0-9Ol]+)$", bates)
    if not match:
        return bates
    prefix, sep, number = match.groups()
    return prefix + sep + number.replace("O", "0").replace("l", "1")


class FurnitureSurvey:
    """Counts the line shapes at each page's edges across a file; then names its furniture.

    Pages can be added in any order and then forgotten: only the counts are kept.
    """

    def __init__(self) -> None:
        self.edge_counts: Counter[str] = Counter()
        self.pages = 0

    def add(self, text: str) -> None:
        lines = text.split("\n")
        self.edge_counts.update({_shape(lines[i]) for i in _edge_indexes(lines)})
        self.pages += 1

    def furniture(self) -> set[str]:
        """Shapes of the lines that are furniture: those at the edges of most pages."""
        threshold = max(_FURNITURE_MIN_PAGES, int(_FURNITURE_SHARE * self.pages + 0.5))
        return {shape for shape, n in self.edge_counts.items() if n >= threshold and shape.strip()}


def clean_page(text: str, furniture: set[str], bates: str | None) -> str:
    """A page's text without its furniture lines, print footers and its own Bates number."""
    lines = text.split("\n")
    drop = set()
    for i in _edge_indexes(lines):
        line = lines[i]
        if label_of(line):
            continue  # header field lines are never furniture
        if (_shape(line) in furniture or PRINT_FOOTER.match(line)
                or (bates and normalise_bates(re.sub(r"(?<=\d) (?=\d\b)", "", line.strip())) == bates)):
            drop.add(i)
    return "\n".join(line for i, line in enumerate(lines) if i not in drop).strip("\n")


def strip_furniture(texts: list[str]) -> tuple[list[str], list[str | None], set[str]]:
    """Remove repeated page furniture from a file's pages.

    Returns the cleaned texts, each page's Bates number, and the furniture line
    shapes found (for the ingest report).
    """
    survey = FurnitureSurvey()
    for text in texts:
        survey.add(text)
    furniture = survey.furniture()
    bates = [find_bates(text) for text in texts]
    return [clean_page(text, furniture, b) for text, b in zip(texts, bates)], bates, furniture


def count_redaction_marks(text: str) -> int:
    return len(REDACTION_MARK.findall(text))
