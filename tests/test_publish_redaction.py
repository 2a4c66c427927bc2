"""The public copy of the pages (lib/publish/redaction.py) and the gate's reading of it (lib/publish/image_leaks.py):
identifiers are blacked out where the text masker masks them, a page that cannot be redacted is withheld, the PDFs
hold the checked images and nothing else, and Tesseract finds a name left on an image."""

from __future__ import annotations

import hashlib

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from lib.publish.identifiers import Detector, Identifier
from lib.publish.image_leaks import check_pdfs, scan_page_images
from lib.publish.masking import Masker
from lib.publish.page_chars import text_layer_chars
from lib.publish.page_images import DPI, render_page
from lib.publish.passages import PageChar
from lib.publish.patterns import Keep
from lib.publish.redaction import Alignment, PageRedaction, burn, redact_page, redacted_pdf

PRIVATE = [Identifier("name", "Maria Lopez", "s1"), Identifier("phone", "6175550142", "s1")]


def masker() -> Masker:
    return Masker(Detector(PRIVATE), {"s1": "Person 001"}, Keep())


def grid_chars(text: str) -> list[PageChar]:
    """Characters laid out as a monospaced page: 80 columns, each line 1/60 of the page high."""
    chars, line, column = [], 0, 0
    for char in text:
        if char == "\n":
            chars.append(PageChar(char, None))
            line, column = line + 1, 0
            continue
        box = (column / 80, line / 60, (column + 1) / 80, (line + 1) / 60)
        chars.append(PageChar(char, None if char.isspace() else box))
        column += 1
    return chars


def write_pdf(path, lines: list[str], size: int = 14) -> None:
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.setFont("Courier", size)
    for i, line in enumerate(lines):
        pdf.drawString(72, 700 - 2 * size * i, line)
    pdf.showPage()
    pdf.save()


# -- placing the table's spans on the page's characters ---------------------------------------------

@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.text(alphabet="abcdefXYZ0123.,", min_size=1, max_size=9), min_size=3, max_size=30),
       breaks=st.lists(st.sampled_from([" ", "  ", "\n", " \r\n", "\t"]), min_size=30, max_size=30),
       pick=st.data())
def test_a_span_of_the_tables_text_lands_on_the_same_letters_of_the_page(words, breaks, pick):
    table_text = " ".join(words)
    # The page holds the same words laid out otherwise, between a banner and a Bates stamp.
    page_text = "BANNER LINE\r\n" + "".join(w + breaks[i] for i, w in enumerate(words)) + "\r\nBATES-000001"
    first = pick.draw(st.integers(0, len(words) - 1))
    last = pick.draw(st.integers(first, len(words) - 1))
    start = sum(len(w) + 1 for w in words[:first])
    end = sum(len(w) + 1 for w in words[:last + 1]) - 1
    placed = Alignment(table_text, page_text).place(start, end)
    assert placed is not None
    assert "".join(page_text[placed[0]:placed[1]].split()) == "".join(table_text[start:end].split())


def test_a_letter_misread_inside_a_span_is_bridged_by_its_neighbours():
    table_text = "Call Maria Lopez at home"
    page_text = "Call Mar1a Lopez at home"  # OCR read an i as a 1
    start = table_text.index("Maria")
    placed = Alignment(table_text, page_text).place(start, start + len("Maria Lopez"))
    assert page_text[placed[0]:placed[1]] == "Mar1a Lopez"


def test_a_span_read_in_another_order_is_found_by_its_letters():
    masker_ = masker()
    table_text = "who stated that Maria Lopez\n17 Main Street had pushed him"
    page_text = "Name: Maria Lopez DOB: 1990 Address: 17 Main Street. Narrative: who stated that she had pushed him"
    redaction = redact_page(masker_, grid_chars(page_text), table_text, scanned=True)
    assert redaction.withheld is None and redaction.kinds["name"] >= 1
    alignment = Alignment(table_text, page_text)
    assert [page_text[a:b] for a, b in alignment.occurrences("17 Main\nStreet")] == ["17 Main Street"]
    assert alignment.occurrences("Jane Roe") == []


def test_a_span_the_page_does_not_hold_is_not_placed():
    assert Alignment("Call Maria Lopez now", "Nothing alike on this page at all").place(5, 16) is None


# -- deciding what to black out ---------------------------------------------------------------------

def test_the_page_is_masked_as_its_text_and_the_boxes_cover_the_identifiers():
    text = "SYNTHETIC BANNER\nWe have Maria Lopez in custody.\nCell 617-555-0142, call before 5.\nBATES-1"
    chars = grid_chars(text)
    redaction = redact_page(masker(), chars, "We have Maria Lopez in custody.\nCell 617-555-0142, call before 5.",
                            scanned=False)
    assert redaction.withheld is None and redaction.kinds == {"name": 1, "phone": 1}
    name = [c.box for c in chars[text.index("Maria"):text.index("Maria") + len("Maria Lopez")] if c.box]
    covered = redaction.boxes[0]
    assert covered[0] <= name[0][0] and covered[2] >= name[-1][2] and covered[1] <= name[0][1]
    assert "2 " not in redaction.summary() and redaction.summary() == "1 name and 1 phone number blacked out"


def test_a_name_only_the_furniture_holds_is_still_blacked_out():
    text = "Printed for Maria Lopez\nNothing else here."
    redaction = redact_page(masker(), grid_chars(text), "Nothing else here.", scanned=False)
    assert redaction.kinds == {"name": 1} and redaction.withheld is None


def test_a_scanned_page_loses_whole_words():
    text = "Subject: Maria Lopez's release"
    chars = grid_chars(text)
    redaction = redact_page(masker(), chars, text, scanned=True)
    left, _, right, _ = redaction.boxes[0]
    assert left == pytest.approx(text.index("Maria") / 80) and right == pytest.approx((text.index("release") - 1) / 80)


def test_a_masked_span_that_cannot_be_placed_withholds_the_page():
    chars = grid_chars("A page whose text layer says something else entirely.")
    redaction = redact_page(masker(), chars, "We have Maria Lopez in custody.", scanned=False)
    assert redaction.withheld and "name" in redaction.withheld
    assert redaction.summary().startswith("image withheld")


def test_a_page_with_nothing_readable_on_it_is_withheld():
    chars = [PageChar(c, None) for c in "We have Maria Lopez"]
    assert redact_page(masker(), chars, "We have Maria Lopez", scanned=True).withheld
    assert redact_page(masker(), [], "Some text the tables hold", scanned=True).withheld


# -- burning the boxes in ----------------------------------------------------------------------------

def test_burning_replaces_the_pixels_under_each_box_and_leaves_the_rest():
    image = Image.new("L", (200, 100), 255)
    out = burn(image, PageRedaction(boxes=[(0.1, 0.1, 0.5, 0.3)], pad=0))
    assert out.getpixel((40, 20)) == 0 and out.getpixel((150, 80)) == 255
    assert image.getpixel((40, 20)) == 255  # the cached rendering is not touched
    assert burn(image, PageRedaction(withheld="reason")).getextrema() == (0, 0)


def test_a_burnt_page_keeps_its_palette_and_no_text(tmp_path):
    pdf = tmp_path / "prod.pdf"
    write_pdf(pdf, ["We have Maria Lopez in custody."])
    document = pdfium.PdfDocument(str(pdf))
    chars = text_layer_chars(document, 1)
    image = render_page(document, 1).convert("P")
    document.close()
    redaction = redact_page(masker(), chars, "We have Maria Lopez in custody.", scanned=False)
    out = burn(image, redaction)
    left, top, right, bottom = redaction.boxes[0]
    middle = (round((left + right) / 2 * out.width), round((top + bottom) / 2 * out.height))
    assert out.mode == "P" and out.convert("L").getpixel(middle) == 0


# -- the PDFs: the checked images and nothing else ---------------------------------------------------------

def _site_with_pdf(tmp_path, lines):
    site = tmp_path / "site"
    (site / "sources" / "pages").mkdir(parents=True)
    (site / "sources" / "pdf").mkdir(parents=True)
    pngs = []
    for number, line in enumerate(lines, start=1):
        source = tmp_path / f"in{number}.pdf"
        write_pdf(source, [line])
        document = pdfium.PdfDocument(str(source))
        image = render_page(document, 1)
        document.close()
        target = site / "sources" / "pages" / f"prod-p{number}.png"
        image.save(target, dpi=(DPI, DPI))
        pngs.append(target)
    digest = redacted_pdf(pngs, site / "sources" / "pdf" / "prod-redacted.pdf", DPI)
    return site, pngs, digest


def test_the_redacted_pdf_is_its_images_only_and_the_same_bytes_every_time(tmp_path):
    site, pngs, digest = _site_with_pdf(tmp_path, ["first page", "second page"])
    pdf = site / "sources" / "pdf" / "prod-redacted.pdf"
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == digest
    assert redacted_pdf(pngs, tmp_path / "again.pdf", DPI) == digest
    document = pdfium.PdfDocument(str(pdf))
    assert len(document) == 2 and round(document[0].get_width()) == 612  # letter at 100 dpi
    assert all(document[i].get_textpage().count_chars() == 0 for i in range(2))
    document.close()
    assert check_pdfs(site) == []


def test_a_pdf_with_a_text_layer_or_another_picture_fails_the_check(tmp_path):
    site, pngs, _ = _site_with_pdf(tmp_path, ["first page", "second page"])
    pdf = site / "sources" / "pdf" / "prod-redacted.pdf"
    write_pdf(pdf, ["Maria Lopez"])  # a text PDF in place of the images
    assert [leak.context for leak in check_pdfs(site)] == ["page 1 has a text layer"]

    redacted_pdf(pngs, pdf, DPI)
    pngs[1].replace(pngs[0])  # the image checked as page 1 is no longer the PDF's page 1
    assert [leak.context for leak in check_pdfs(site)] == ["page 1 is not the checked page image",
                                                           "page 2 has no checked page image"]


# -- the gate reads the images -------------------------------------------------------------------------

@pytest.mark.slow
def test_tesseract_finds_a_name_left_on_a_page_image_and_none_once_it_is_burnt(tmp_path):
    site = tmp_path / "site"
    (site / "sources" / "pages").mkdir(parents=True)
    pdf = tmp_path / "prod.pdf"
    text = "We have Maria Lopez in custody. Cell 617-555-0142."
    write_pdf(pdf, [text], size=11)
    document = pdfium.PdfDocument(str(pdf))
    image, chars = render_page(document, 1), text_layer_chars(document, 1)
    document.close()
    image.save(site / "sources" / "pages" / "prod-p1.png", dpi=(DPI, DPI))
    leaks = scan_page_images(site, Detector(PRIVATE), tmp_path / "ocr")
    assert {leak.identifier_kind for leak in leaks} == {"name", "phone"}
    assert all("(read by OCR)" in leak.file and "Maria" not in str(leak) for leak in leaks)

    burn(image, redact_page(masker(), chars, text, scanned=False)).save(site / "sources" / "pages" / "prod-p1.png",
                                                                        dpi=(DPI, DPI))
    assert scan_page_images(site, Detector(PRIVATE), tmp_path / "ocr") == []


def test_a_pdf_anywhere_else_on_the_site_is_unchecked_content(tmp_path):
    site, _, _ = _site_with_pdf(tmp_path, ["first page"])
    write_pdf(site / "report.pdf", ["Maria Lopez"])
    assert [(leak.file, leak.context) for leak in check_pdfs(site)] == [("report.pdf", "a PDF outside sources/pdf/")]


def test_the_gate_counts_what_the_image_shows_beyond_its_published_text():
    from lib.publish.image_leaks import PublishedPage, image_leaks
    from lib.publish.leaks import Gate

    gate = Gate(Detector(PRIVATE + [Identifier("name", "Ana Ruiz", "s2")]))
    published = PublishedPage("We have Person 001 in custody. Bananas at the ruiz-free market.",
                              "We have Maria Lopez in custody. Bananas at the ruiz-free market.")
    assert image_leaks("We have Person 001 in custody.", gate, published, "p1.png") == []
    # OCR's slips in the published text's own words are not leaks; a private name the text masks is.
    assert image_leaks("We have Pers0n OO1 in cust0dy.", gate, published, "p1.png") == []
    assert {leak.identifier_kind for leak in image_leaks("We have Maria Lopez in custody.", gate, published,
                                                         "p1.png")} == {"name"}
    # A short name is not taken for shown because its letters turn up inside other words of the text.
    assert image_leaks("Ask Ana Ruiz about it.", gate, published, "p1.png")
