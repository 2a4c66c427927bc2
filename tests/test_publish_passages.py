"""Finding a cited passage on its page by its text, and its boxes line by line (lib/publish/passages.py)."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from lib.publish.page_chars import text_layer_chars
from lib.publish.passages import PageChar, line_boxes, locate, passage_boxes


def _chars(lines: list[str], *, width: float = 10, height: float = 12, leading: float = 20) -> list[PageChar]:
    """A page typed in a fixed-width font: each line's characters boxed, lines joined by a box-less break."""
    chars = []
    for row, line in enumerate(lines):
        top = 100 + row * leading
        chars += [PageChar(c, None if c == " " else (50 + i * width, top, 50 + (i + 1) * width, top + height))
                  for i, c in enumerate(line)]
        chars.append(PageChar("\n", None))
    return chars


def test_locate_ignores_line_breaks_and_runs_of_spaces():
    text = "From: A\nI'll check with\nERO   and get back\nto you.\nKyle"
    start, end = locate(text, "I'll check with ERO and get back to you.")
    assert text[start:end] == "I'll check with\nERO   and get back\nto you."


def test_locate_takes_the_longest_opening_found_when_the_page_parts_from_the_passage():
    # A Bates footer printed in the middle of the passage: the opening up to it is still the best match.
    text = "Header\nWe have the subject in custody for\nBPD-ICE-000123\nshoplifting."
    start, end = locate(text, "We have the subject in custody for shoplifting.")
    assert text[start:end] == "We have the subject in custody for"


def test_locate_gives_none_when_the_passage_is_not_on_the_page():
    assert locate("Nothing of the kind is printed here.", "Detainer lodged for the subject") is None
    assert locate("", "anything") is None
    assert locate("some text", "   ") is None


def test_a_short_passage_must_match_whole():
    assert locate("ICE ERO Boston", "ERO") == (4, 7)
    assert locate("ICE ERO Boston", "ERX") is None


def test_passage_boxes_are_one_union_box_per_line():
    chars = _chars(["From: Kyle Love", "I'll check with ERO and", "get back to you.", "Kyle"])
    boxes = passage_boxes(chars, "ERO and get back to you.")
    assert boxes == [(50 + 16 * 10, 120, 50 + 23 * 10, 132), (50, 140, 50 + 16 * 10, 152)]


def test_passage_not_found_has_no_boxes():
    assert passage_boxes(_chars(["Nothing to see"]), "Detainer lodged for the subject") == []


def test_line_boxes_start_a_line_where_the_text_goes_back_to_the_margin():
    # Two lines whose boxes overlap in height (tight leading) are still two lines.
    boxes = [(10, 0, 20, 10), (20, 0, 30, 10), (10, 6, 20, 16), (20, 6, 30, 16)]
    assert line_boxes(boxes) == [(10, 0, 30, 10), (10, 6, 30, 16)]


def test_text_layer_boxes_of_a_real_pdf_cover_the_passage(tmp_path):
    """On a PDF written by reportlab, the passage's box sits where reportlab drew the line."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    path = tmp_path / "page.pdf"
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 720, "Subject: Question")
    pdf.drawString(72, 700, "I'll check with ERO and get back to you.")
    pdf.save()
    document = pdfium.PdfDocument(path)
    try:
        chars = text_layer_chars(document, 1)
    finally:
        document.close()
    [(left, top, right, bottom)] = passage_boxes(chars, "check with ERO and get back")
    width, height = letter
    assert left == pytest.approx(72 / width + 0.035, abs=0.02)
    assert 1 - bottom == pytest.approx(700 / height, abs=0.01)  # the baseline, near the box's bottom
    assert top < 1 - 700 / height < bottom + 0.01 and right < 0.6


def test_ocr_words_share_their_box_among_their_letters_and_specks_get_none():
    from lib.publish.page_chars import _words_to_chars

    words = [("ERO", (0.1, 0.2, 0.13, 0.21)), ("-", (0.2, 0.3, 0.21, 0.3005)), ("Boston", (0.14, 0.2, 0.2, 0.21))]
    chars = _words_to_chars(words)
    assert "".join(c.char for c in chars) == "ERO - Boston "
    assert chars[0].box == pytest.approx((0.1, 0.2, 0.11, 0.21)) and chars[4].box is None
    assert passage_boxes(chars, "- Boston") == [pytest.approx((0.14, 0.2, 0.2, 0.21))]  # the speck drawn nowhere
