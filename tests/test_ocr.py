"""OCR layer: real Tesseract on a printed, scanned email page."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from lib.ingest.image_boxes import black_boxes
from lib.ingest.ocr import ocr_pdf_pages, ocr_pdfs
from lib.ingest.tesseract import TesseractNotInstalled, tesseract_version
from lib.ingest.text_layer import needs_ocr, pages_to_ocr
from lib.sample.scan import scan_pdf

EMAILS = [
    {
        "header": [
            ("From:", "Sgt. Maria Lopez <mlopez@bpd.example.gov>"),
            ("Sent:", "Tuesday, March 14, 2023 9:41 AM"),
            ("To:", "ERO Boston Duty Officer <ero.boston@ice.dhs.example>"),
            ("Subject:", "RE: Detainer request for booking 23-004417"),
        ],
        "body": [
            "Good morning,",
            "",
            "We are holding the subject on the detainer you faxed last night. He is",
            "scheduled for arraignment at 10:00 and may be released on bail after that.",
            "Please confirm whether an officer will be on site to take custody.",
            "",
            "Thank you,",
            "Sgt. Maria Lopez",
            "Booking Unit",
        ],
        "bates": "BPD-ICE-000123",
    },
    {
        "header": [
            ("From:", "ERO Boston Duty Officer <ero.boston@ice.dhs.example>"),
            ("Sent:", "Tuesday, March 14, 2023 10:02 AM"),
            ("To:", "Sgt. Maria Lopez <mlopez@bpd.example.gov>"),
            ("Subject:", "RE: RE: Detainer request for booking 23-004417"),
        ],
        "body": ["Confirmed. An officer will arrive before 10:00.", "", "ERO Boston"],
        "bates": "BPD-ICE-000124",
    },
]


def write_printed_email(path: Path) -> None:
    sheet = canvas.Canvas(str(path), pagesize=letter)
    for email in EMAILS:
        y = 720
        for label, value in email["header"]:
            sheet.setFont("Helvetica-Bold", 11)
            sheet.drawString(72, y, label)
            sheet.setFont("Helvetica", 11)
            sheet.drawString(140, y, value)
            y -= 16
        y -= 16
        for line in email["body"]:
            sheet.drawString(72, y, line)
            y -= 16
        sheet.setFont("Helvetica", 9)
        sheet.drawRightString(540, 36, email["bates"])
        sheet.showPage()
    sheet.save()


def text_layer(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def fold(text: str) -> str:
    """Text with OCR's usual confusions undone, so assertions test reading, not typography.

    Spaces come and go around punctuation ("mlopez @ bpd"), and O/0 and l/1/I/|
    swap; compare with all of those erased.
    """
    return re.sub(r"\s+", "", text).translate(str.maketrans("Oo|Il", "00111"))


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("release")
    printed, scanned = folder / "printed.pdf", folder / "scanned.pdf"
    write_printed_email(printed)
    record = scan_pdf(printed, scanned, seed=11)
    return {"printed": printed, "scanned": scanned, "cache": folder / ".ocr-cache", "record": record}


@pytest.fixture(scope="module")
def first_read(release):
    return ocr_pdf_pages(release["scanned"], [1, 2], cache_dir=release["cache"], workers=2, progress=False)


def test_scanned_copy_is_image_only_and_deterministic(release, tmp_path):
    assert [text.strip() for text in text_layer(release["scanned"])] == ["", ""]
    again = tmp_path / "again.pdf"
    record = scan_pdf(release["printed"], again, seed=11)
    digest = lambda path: hashlib.sha256(path.read_bytes()).hexdigest()  # noqa: E731
    assert digest(again) == digest(release["scanned"])
    assert [page.source_page for page in record] == [1, 2]
    assert all(-1 <= page.angle <= 1 for page in record)
    scan_pdf(release["printed"], again, seed=12)
    assert digest(again) != digest(release["scanned"])


def test_scan_reports_the_redaction_boxes_it_draws(release, tmp_path):
    redacted = tmp_path / "redacted.pdf"
    record = scan_pdf(release["printed"], redacted, pages=[1], seed=3, redaction_share=1.0)
    (page,) = record
    left, top, right, bottom = page.redaction_box
    document = pdfium.PdfDocument(str(redacted))
    image = document[0].render(scale=1).to_pil().convert("L")  # 72 dpi: pixels are points
    document.close()
    # The centre of the box stays black after the slight skew.
    middle_x, middle_y = (left + right) / 2, (top + bottom) / 2
    centre = image.crop((int(middle_x) - 2, int(middle_y) - 1, int(middle_x) + 2, int(middle_y) + 1))
    assert centre.getextrema()[1] < 80


def test_reads_header_fields_and_bates(first_read):
    assert list(first_read) == [1, 2]
    for page, email in zip(first_read.values(), EMAILS):
        assert page.error is None
        assert not page.cached
        for label, value in email["header"]:
            assert fold(label + value) in fold(page.text), (label, page.text)
        assert fold(email["bates"]) in fold(page.text)


def test_confidence_is_a_mean_word_score(first_read):
    for page in first_read.values():
        assert isinstance(page.confidence, float)
        # Clean printed text scanned mildly: Tesseract is confident but not perfect.
        assert 70 <= page.confidence <= 100
        assert page.seconds > 0


def test_counts_redaction_boxes_and_drops_what_ocr_saw_in_them(release, first_read):
    truth = {page.source_page: page.redaction_box for page in release["record"]}
    assert truth[1] is not None and truth[2] is None, "seed 11 redacts page 1 only"
    assert first_read[1].redactions == 1
    assert first_read[2].redactions == 0 and first_read[2].redacted_share == 0
    left, top, right, bottom = truth[1]
    expected_share = (right - left) * (bottom - top) / (612 * 792)
    assert first_read[1].redacted_share == pytest.approx(expected_share, rel=0.15)
    # The covered words ("officer will be on site to take custody.") are gone, with no noise in their place.
    assert re.search(r"Please confirm whether an\s*\n\s*\nThank you,", first_read[1].text), first_read[1].text


def test_black_boxes_ignore_rules_letters_and_scanner_borders():
    page = Image.new("L", (2550, 3300), 245)
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, 2549, 60), fill=0)  # scanner lid along the top edge
    draw.rectangle((300, 500, 2200, 506), fill=0)  # horizontal rule under a header
    draw.text((300, 700), "Bold letters are not boxes", fill=0, font_size=80)
    draw.rectangle((400, 1000, 1100, 1060), fill=10)  # a redaction
    draw.rectangle((1300, 1000, 1700, 1060), fill=10)  # another on the same line
    assert black_boxes(page, 300) == [(400, 1000, 1100, 1060), (1300, 1000, 1700, 1060)]


def test_rerun_reads_everything_from_the_cache(release, first_read):
    again = ocr_pdf_pages(release["scanned"], [2, 1], cache_dir=release["cache"], workers=2, progress=False)
    assert list(again) == [2, 1]
    assert all(page.cached for page in again.values())
    assert [p.redactions for p in again.values()] == [first_read[2].redactions, first_read[1].redactions]
    assert {n: p.text for n, p in again.items()} == {n: p.text for n, p in first_read.items()}
    assert {n: p.confidence for n, p in again.items()} == {n: p.confidence for n, p in first_read.items()}


def test_refresh_and_other_settings_bypass_the_cache(release, first_read):
    refreshed = ocr_pdf_pages(release["scanned"], [1], cache_dir=release["cache"], progress=False, refresh=True)
    assert not refreshed[1].cached
    assert refreshed[1].text == first_read[1].text
    other_dpi = ocr_pdf_pages(release["scanned"], [2], cache_dir=release["cache"], dpi=200, progress=False)
    assert not other_dpi[2].cached


def test_timeout_reports_the_page_and_the_run_goes_on(release, tmp_path):
    cache = tmp_path / "cache"
    results = ocr_pdf_pages(release["scanned"], [1, 2, 9], cache_dir=cache, timeout=0.01, progress=False)
    assert list(results) == [1, 2, 9]
    for page in (1, 2):
        assert results[page].error == "timed out after 0.01 s"
        assert results[page].text == "" and results[page].confidence is None
    assert "could not render page 9" in results[9].error
    assert not list(cache.rglob("*.json")), "failed pages must not be cached"


def test_several_files_share_one_run(release):
    results = ocr_pdfs(
        {release["scanned"]: [1], release["printed"]: [2]}, cache_dir=release["cache"], progress=False,
    )
    assert results[release["scanned"]][1].cached
    printed = results[release["printed"]][2]
    assert not printed.cached and printed.error is None
    assert "Confirmed. An officer will arrive before 10:00." in printed.text


def test_needs_ocr_on_text_and_image_pages(release):
    printed = text_layer(release["printed"])
    assert not any(needs_ocr(text) for text in printed)
    assert all(needs_ocr(text) for text in text_layer(release["scanned"]))
    assert needs_ocr("")
    assert needs_ocr(None)
    assert needs_ocr("BPD-ICE-000123")
    assert needs_ocr("\n  Page 2 of 3\nBPD-ICE-000123 \n")
    assert needs_ocr("CONFIDENTIAL  BPD-ICE-000123  Produced under G.L. c. 66 request 2023-117",
                     furniture=[r"Produced under G\.L\. c\. 66 request [\d-]+"])
    assert needs_ocr("(cid:31)(cid:52)(cid:77) " * 30)
    assert needs_ocr("\ue001\ue017\ue020\ue003 " * 30)
    assert needs_ocr("\ufffd\ufffd\ufffd \ufffd\ufffd " * 30)
    assert not needs_ocr("Thanks. Please hold him until our officer arrives.\nBPD-ICE-000124")
    assert pages_to_ocr({1: printed[0], 2: ""}) == [2]
    assert pages_to_ocr({1: printed[0], 2: ""}, force=True) == [1, 2]


def test_missing_tesseract_names_what_to_install(release, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("TESSERACT_CMD", raising=False)
    with pytest.raises(TesseractNotInstalled, match="apt-get install tesseract-ocr tesseract-ocr-eng"):
        ocr_pdf_pages(release["scanned"], [1], cache_dir=None, progress=False)


def test_missing_language_names_its_package(release):
    with pytest.raises(TesseractNotInstalled, match="tesseract-ocr-xyz"):
        ocr_pdf_pages(release["scanned"], [1], cache_dir=None, lang="eng+xyz", progress=False)


def test_tesseract_version():
    assert re.match(r"tesseract \d+\.\d+", tesseract_version())
