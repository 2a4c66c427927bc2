"""The public copy of a release's pages: private identifiers blacked out in the pixels of each page image,
and a PDF of each file made of those images only.

A page is masked as its text is (``pseudonymise.release_masker``: the same people, the same decisions), read
two ways, and every span either reading masks is covered:

- the page's characters as they sit on the page (the text layer, or Tesseract's words on a scanned page),
  with the page furniture the message table leaves out (banners, Bates stamps);
- the page's text as the tables hold it, the text the public site masks. Its masked spans are placed on the
  characters by aligning the two readings, which differ in furniture, whitespace and OCR's slips.

Each span's characters get an opaque box, padded past the letters' edges; on a scanned page the box takes
the whole OCR word, whose letters' boxes are only shares of the word's. The boxes replace the pixels under
them, and the PDF of a file holds nothing but the redacted images (img2pdf embeds the PNGs as they are: no
text layer, nothing under a box).

Fails closed: a page where a masked span cannot be placed (its letters have no box on the page, or the two
readings do not align around it) is withheld whole: its image is black and the site says why.

Hand-written: redaction tools (PyMuPDF's redact annotations, pdf-redactor) find what to redact by their own
search of a text layer; here the decisions come from the project's masker, and scanned pages have no text
layer at all.
"""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

from .masking import Masker, merge
from .passages import Box, PageChar, line_boxes, without_space
from .text import Span

#: Padding of a box beyond its letters, as a share of the line's height: anti-aliased edges and the tails of
#: letters stay under the box. A text layer's boxes already span the font's ascent and descent; Tesseract's
#: word boxes are tight round the ink, so a scanned page's boxes get more.
PAD = 0.08
PAD_SCANNED = 0.25
#: A masked span the two readings cannot place within this many characters of its length is not placed.
SLACK = 12
#: The shortest run of letters two readings must share to count as the same place.
MIN_RUN = 3


@dataclass
class PageRedaction:
    """What is blacked out on one page: boxes as fractions of the page (left, top, right, bottom)."""

    boxes: list[Box] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    #: Why the whole page is withheld, when a span could not be placed; None when the boxes suffice.
    withheld: str | None = None
    pad: float = PAD

    def summary(self) -> str:
        """'2 names and 1 phone number blacked out', or why the page is withheld."""
        if self.withheld:
            return f"image withheld: {self.withheld}"
        if not self.kinds:
            return ""
        parts = [f"{count} {_KIND_WORDS.get(kind, kind) if count == 1 else _plural(kind)}" for kind, count in sorted(self.kinds.items())]
        return (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]) + " blacked out"


_KIND_WORDS = {"name": "name", "dob": "date of birth", "address": "address", "phone": "phone number",
               "email": "email address", "a_number": "A-number", "license": "licence number",
               "report": "report number", "ssn": "SSN", "docket": "docket number", "booking": "booking number",
               "warrant": "warrant number", "pcf": "PCF number", "sid": "SID", "fbi": "FBI number",
               "plate": "plate", "handle": "handle", "ice_id": "ICE ID"}


def _plural(kind: str) -> str:
    word = _KIND_WORDS.get(kind, kind)
    return "dates of birth" if kind == "dob" else word + ("es" if word.endswith("ss") else "s")


def _word_of(chars: list[PageChar], start: int, end: int) -> tuple[int, int]:
    """``start``–``end`` widened to the whole words they touch."""
    while start > 0 and not chars[start - 1].char.isspace():
        start -= 1
    while end < len(chars) and not chars[end].char.isspace():
        end += 1
    return start, end


class Alignment:
    """Places spans of one reading of a page (the table's text) on another (the page's characters), ignoring
    whitespace; characters one reading has and the other lacks are bridged by their matched neighbours."""

    def __init__(self, text: str, page_text: str):
        self.a, self.a_at = without_space(text)
        self.b, self.b_at = without_space(page_text)
        offset = self.b.find(self.a) if self.a else -1
        if offset >= 0:  # the usual text-layer page: the table's text is the page's, less its furniture
            self.to_b = {i: offset + i for i in range(len(self.a))}
        else:
            # Runs shorter than MIN_RUN are letters the two readings share by chance, not the same words.
            matcher = difflib.SequenceMatcher(None, self.a, self.b, autojunk=False)
            self.to_b = {block.a + k: block.b + k for block in matcher.get_matching_blocks()
                         if block.size >= MIN_RUN for k in range(block.size)}
        self.a_index = {at: i for i, at in enumerate(self.a_at)}

    def place(self, start: int, end: int) -> tuple[int, int] | None:
        """The span of the page's characters that holds ``text[start:end]``; None if it cannot be placed."""
        inside = [self.a_index[i] for i in range(start, end) if i in self.a_index]
        if not inside:
            return None
        first, last = inside[0], inside[-1]
        matched = sum(i in self.to_b for i in inside)
        before = next((self.to_b[i] + 1 for i in range(first, -1, -1) if i in self.to_b), None)
        after = next((self.to_b[i] - 1 for i in range(last, len(self.a)) if i in self.to_b), None)
        b_first = self.to_b.get(first, before)
        b_last = self.to_b.get(last, after)
        # Most of the span's letters are matched, and the place found is about as long as the span.
        if b_first is None or b_last is None or b_last < b_first or matched < 0.5 * len(inside) \
                or abs((b_last - b_first) - (last - first)) > SLACK:
            return None
        return self.b_at[b_first], self.b_at[b_last] + 1

    def occurrences(self, value: str) -> list[tuple[int, int]]:
        """Every place the page's characters spell ``value`` (whitespace aside): for a span the alignment
        cannot place, as when OCR read a form's columns in another order than the tables' text."""
        needle, _ = without_space(value)
        found, at = [], self.b.find(needle) if needle else -1
        while at >= 0:
            found.append((self.b_at[at], self.b_at[at + len(needle) - 1] + 1))
            at = self.b.find(needle, at + 1)
        return found


def redact_page(masker: Masker, chars: list[PageChar], table_text: str | None, *, scanned: bool) -> PageRedaction:
    """What to black out on a page with these characters, whose text the tables hold as ``table_text``."""
    page_text = "".join(c.char for c in chars)
    spans: list[tuple[int, int, str]] = [(s.start, s.end, s.kind) for s in masker.spans(page_text)]
    redaction = PageRedaction(pad=PAD_SCANNED if scanned else PAD)
    if not any(c.box for c in chars) and (table_text or "").strip():
        redaction.withheld = "nothing on the page could be read to place redactions"
        return redaction
    if table_text and table_text.strip():
        table_spans = masker.spans(table_text)
        if table_spans:
            alignment = Alignment(table_text, page_text)
            for span in table_spans:
                placed = alignment.place(span.start, span.end)
                places = [placed] if placed else alignment.occurrences(table_text[span.start:span.end])
                if not places:
                    redaction.withheld = (f"a masked {_KIND_WORDS.get(span.kind, span.kind)} could not be placed "
                                          "on the page")
                    return redaction
                spans += [(*place, span.kind) for place in places]
    for start, end, kind in _merged(spans):
        if scanned:
            start, end = _word_of(chars, start, end)
        boxes = [c.box for c in chars[start:end] if c.box is not None and not c.char.isspace()]
        if not boxes:
            redaction.withheld = f"a masked {_KIND_WORDS.get(kind, kind)} has no place on the page image"
            return redaction
        redaction.boxes += line_boxes(boxes)
        redaction.kinds[kind] += 1
    return redaction


def _merged(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans as one (both readings usually find the same identifier), first kind kept."""
    return [(s.start, s.end, s.kind) for s in merge(Span(a, b, kind) for a, b, kind in spans)]


def burn(image: Image.Image, redaction: PageRedaction) -> Image.Image:
    """A copy of ``image`` with each box filled black (palette index 0, or black), padded."""
    out = image.copy()
    width, height = out.size
    draw = ImageDraw.Draw(out)
    black = 0
    if redaction.withheld:
        draw.rectangle((0, 0, width, height), fill=black)
        return out
    for left, top, right, bottom in redaction.boxes:
        pad = redaction.pad * (bottom - top) * height
        draw.rectangle((left * width - pad, top * height - pad, right * width + pad, bottom * height + pad),
                       fill=black)
    return out


def redacted_pdf(images: list[Path], target: Path, dpi: int) -> str:
    """A PDF of ``images`` (PNG files, one page each, at ``dpi``) with nothing else in it; its SHA-256."""
    import img2pdf

    # The internal engine and no dates: the same images give the same bytes, so the checksum is stable.
    data = img2pdf.convert([str(p) for p in images], layout_fun=img2pdf.get_fixed_dpi_layout_fun((dpi, dpi)),
                           engine=img2pdf.Engine.internal, nodate=True)
    target.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


@dataclass
class ReleaseRedaction:
    """What a public site needs to redact a release's pages, read from the RAW processed folder: the masker,
    the pages' texts as the tables hold them, each message's cited passage (to place its highlight on the
    page image, where the public text has masks), and where the page renderings are cached."""

    masker: Masker
    page_texts: dict[tuple[str, int], str]
    passages: dict[str, str]
    cache_dir: Path

    @classmethod
    def for_release(cls, processed_dir: str | Path, *, officials=None) -> "ReleaseRedaction":
        import pandas as pd

        from .message_index import cited_passage
        from .pseudonymise import release_masker

        processed_dir = Path(processed_dir)
        pages = pd.read_parquet(processed_dir / "pages.parquet", columns=["source_file", "page", "text"])
        messages = pd.read_parquet(processed_dir / "messages.parquet")
        return cls(release_masker(processed_dir, officials=officials),
                   {(str(f), int(p)): t for f, p, t in zip(pages["source_file"], pages["page"], pages["text"])
                    if not pd.isna(p) and isinstance(t, str)},
                   {m.message_id: cited_passage(m)[1] for m in messages.itertuples()},
                   # Unredacted renderings stay beside the raw tables, never in a folder meant for publication.
                   processed_dir / ".cache" / "page-images")
