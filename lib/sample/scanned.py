"""The scanned volume: a production printed like the others, then released as page images.

Its messages are threads of their own, printed on pages with the banner and
Bates numbers, then turned into an image-only PDF by ``scan.scan_pdf`` (slight
skew, noise, black and white at 250 dpi). On some pages someone blacked out
part of an officer's name or phone number in a signature block with a marker
before scanning, as (b)(6) redactions often are. Only there: header fields
stay whole, so who wrote a message, when and under which subject can be read,
and so do the sentences that name people and charges, so the answer key's
subjects and charges stay exactly what the page shows. What each box hides is
kept in the truth.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium

from .pdf import MARGIN_LEFT, PAGE_HEIGHT, Production
from .redaction import visible
from .scan import scan_pdf

SCANNED_FILE = "scanned/BPD-ICE-Production-Vol3-2019-scanned.pdf"
SCANNED_YEAR = 2019
#: Black and white at 250 dpi: under 20 KB a page, read by Tesseract as well as greyscale at five
#: times the size; at 200 dpi it lost digits of some Bates numbers.
SCAN_DPI = 250
SCAN_BILEVEL = True
#: Share of pages with a marker redaction, among those with a signature line it may cover.
SCAN_REDACTION_SHARE = 0.5
#: A phone number as signatures print them: 617.555.0123, (617) 555-0123, 6175550123.
PHONE = re.compile(r"\d{3}\D{0,2}\d{3}\D?\d{4}")

#: Lines that belong to a header, printed or quoted: never blacked out, nor the lines that follow
#: them until a blank line (wrapped recipient lists).
HEADER_LINE = re.compile(
    r"^[>\s]*(?:(?:From|Sent|To|Cc|Subject|Date|Importance|Attachments)\s*:|-{5,}|_{5,}|On\s.*\d{4})"
    r"|wrote:\s*$", re.IGNORECASE)
#: A line shorter than this (a sign-off, a name) is left alone.
MIN_REDACTABLE_CHARS = 12


def markable_lines(messages) -> set[str]:
    """Signature lines a redactor would black out: the signer's name and phone numbers."""
    return {visible(line) for m in messages for line in m.signature
            if m.sender.last in line or PHONE.search(visible(line))}


def redactable_bands(ops: list[tuple], signature_lines: set[str]) -> list[tuple[float, float]]:
    """Vertical bands (top, bottom; points from the page top) of the signature lines on a page.

    A signature line is one of ``signature_lines`` (quoted or not), set in the
    page's body font from the left margin, outside header blocks, with no
    email address.
    """
    lines: dict[float, list[tuple]] = {}
    for op in ops:
        if op[0] == "text":
            lines.setdefault(round(op[2], 2), []).append(op)
    ordered = sorted(lines.items(), key=lambda item: -item[0])  # top of the page first
    styles = Counter((op[3], op[4]) for _, line in ordered for op in line if abs(op[1] - MARGIN_LEFT) < 0.5)
    if not styles:
        return []
    body_style = styles.most_common(1)[0][0]
    bands: list[tuple[float, float]] = []
    in_header, previous_y = False, None
    for y, line in ordered:
        line.sort(key=lambda op: op[1])
        text = "".join(op[5] for op in line)
        size = line[0][4]
        if previous_y is not None and previous_y - y > 1.6 * size * 1.22:
            in_header = False  # a blank line closes a header block
        previous_y = y
        if HEADER_LINE.search(text):
            in_header = True
            continue
        if (in_header or abs(line[0][1] - MARGIN_LEFT) > 0.5 or any((op[3], op[4]) != body_style for op in line)
                or "@" in text or len(text.strip()) < MIN_REDACTABLE_CHARS
                or text.lstrip("> ").strip() not in signature_lines):
            continue
        bands.append((round(PAGE_HEIGHT - y - 0.9 * size, 2), round(PAGE_HEIGHT - y + 0.3 * size, 2)))
    return bands


def scan_volume(production: Production, destination: Path, seed: int, signature_lines: set[str]) -> None:
    """Scan the saved text volume to ``destination``; note on each page record what the scan did.

    ``production`` must have kept its pages' content operations (``keep_ops``).
    Each page record gains ``scan``: the skew in degrees, and the marker box
    (left, top, right, bottom in points from the page's top-left corner, before
    the skew) with the text under it, or None.
    """
    assert production.content_ops is not None, "the production must keep its content operations"
    redactable = {number: bands for number, ops in enumerate(production.content_ops, 1)
                  if (bands := redactable_bands(ops, signature_lines))}
    record = scan_pdf(production.path, destination, seed=seed, dpi=SCAN_DPI, bilevel=SCAN_BILEVEL,
                      redaction_share=SCAN_REDACTION_SHARE, redactable=redactable)
    document = pdfium.PdfDocument(str(production.path))
    try:
        for scanned, page in zip(record, production.pages, strict=True):
            box = scanned.redaction_box
            hidden = None
            if box is not None:
                left, top, right, bottom = box
                text_page = document[scanned.source_page - 1].get_textpage()
                # Characters at the box's edges may be only partly covered.
                hidden = " ".join(text_page.get_text_bounded(left, PAGE_HEIGHT - bottom, right,
                                                             PAGE_HEIGHT - top).split())
            page["scan"] = {"skew_degrees": scanned.angle, "redaction_box": list(box) if box else None,
                            "hidden_text": hidden}
    finally:
        document.close()
