"""Files embedded in a PDF (a PDF portfolio, or attachments) are read like a zip archive's members."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from lib.ingest.pdf import embedded_files
from lib.ingest.release import ingest

MAIL = b"""\
From: "Roe, Jane" <jane.roe@pd.boston.gov>
To: "Doe, John" <john.doe@ice.dhs.gov>
Subject: Booking 17-0042
Date: Tue, 11 Apr 2017 15:42:00 -0400
Message-ID: <booking-17-0042@pd.boston.gov>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

John, the subject was booked this morning. Release is set for 4 PM.
"""

PRINTED = ["From: Doe, John <john.doe@ice.dhs.gov>", "Sent: Wednesday, April 12, 2017 9:05 AM",
           "To: Roe, Jane <jane.roe@pd.boston.gov>", "Subject: RE: Booking 17-0042", "",
           "Thanks, an officer will be there before 4 PM."]

OWN_PAGE = ["From: Smith, Ann <ann.smith@pd.boston.gov>", "Sent: Monday, April 10, 2017 8:00 AM",
            "To: Doe, John <john.doe@ice.dhs.gov>", "Subject: Detainer list", "",
            "The list is attached."]

COVER = ["PDF Portfolio", "", "For the best experience, open this PDF portfolio in Acrobat X or Adobe Reader X,",
         "or later."]


def embed(pdf: Path, files: dict[str, bytes | None]) -> Path:
    """Embed ``files`` in ``pdf`` with pdfium's attachment API; None adds an entry without data."""
    document = pdfium.PdfDocument(pdf.read_bytes())
    for name, data in files.items():
        encoded = (name + "\x00").encode("utf-16-le")
        attachment = pdfium_c.FPDFDoc_AddAttachment(document, ctypes.cast(encoded, pdfium_c.FPDF_WIDESTRING))
        assert attachment, name
        if data is not None:
            assert pdfium_c.FPDFAttachment_SetFile(attachment, document, data, len(data)), name
    document.save(pdf)
    document.close()
    return pdf


def test_embedded_files_come_out_one_by_one_with_their_names(make_pdf):
    pdf = embed(make_pdf([COVER], name="portfolio.pdf"), {"thread.eml": MAIL, "missing.msg": None})
    files = {file.name: file for file in embedded_files(pdf)}
    assert files["thread.eml"].data == MAIL and files["thread.eml"].error is None
    assert files["missing.msg"].data is None and "no data" in files["missing.msg"].error


def test_a_portfolio_is_read_through_its_embedded_files(make_pdf, tmp_path):
    printed = make_pdf([PRINTED], name="printed.pdf").read_bytes()
    (tmp_path / "release").mkdir()
    make_pdf([COVER], name="release/portfolio.pdf", bates_prefix=None, banner=None)
    embed(tmp_path / "release/portfolio.pdf", {"thread.eml": MAIL, "reply.pdf": printed})

    result = ingest(tmp_path / "release")

    messages = result.messages[~result.messages.reconstructed]
    assert dict(zip(messages.source_file, messages.sender)) == {
        "portfolio.pdf/thread.eml": "jane.roe@pd.boston.gov",
        "portfolio.pdf/reply.pdf": "john.doe@ice.dhs.gov",
    }
    cover = result.pages[result.pages.source_file == "portfolio.pdf"]
    assert cover.page.tolist() == [1]
    assert cover.status.tolist() == ["not parsed"]
    assert cover.reason.tolist() == ["portfolio cover page; its 2 embedded file(s) were read"]
    assert result.pages[result.pages.source_file == "portfolio.pdf/reply.pdf"].status.tolist() == ["message"]

    (entry,) = result.report["files"]
    assert entry["file"] == "portfolio.pdf" and entry["status"] == "read"
    assert entry["embedded_files_read"] == 2
    assert sorted(e["file"] for e in entry["embedded_files"]) == ["portfolio.pdf/reply.pdf",
                                                                  "portfolio.pdf/thread.eml"]
    assert entry["messages"] == 2
    assert ("portfolio.pdf is a PDF portfolio: its 1 page(s) are only a cover; the email is in its 2 embedded "
            "file(s)") in entry["warnings"]
    assert [(row["file"], row["page"], row["reason"]) for row in result.report["pages_not_parsed"]] == [
        ("portfolio.pdf", 1, "portfolio cover page; its 2 embedded file(s) were read")]


def test_a_damaged_embedded_file_is_reported_and_the_others_read(make_pdf, tmp_path):
    (tmp_path / "release").mkdir()
    make_pdf([OWN_PAGE], name="release/production.pdf", bates_prefix="BPD-ICE-")
    embed(tmp_path / "release/production.pdf", {
        "broken.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\ntruncated in transit",
        "no-data.msg": None,
        "thread.eml": MAIL,
    })

    result = ingest(tmp_path / "release")

    messages = result.messages[~result.messages.reconstructed]
    assert dict(zip(messages.source_file, messages.sender)) == {
        "production.pdf": "ann.smith@pd.boston.gov",
        "production.pdf/thread.eml": "jane.roe@pd.boston.gov",
    }
    assert result.pages[result.pages.source_file == "production.pdf"].status.tolist() == ["message"]
    (entry,) = result.report["files"]
    assert entry["status"] == "read" and entry["embedded_files_read"] == 1
    listing = {e["file"]: e for e in entry["embedded_files"]}
    assert listing["production.pdf/thread.eml"]["status"] == "read"
    assert listing["production.pdf/broken.pdf"]["status"] == "failed"
    assert "damaged" in listing["production.pdf/broken.pdf"]["reason"]
    assert listing["production.pdf/no-data.msg"]["status"] == "failed"
    assert "no data" in listing["production.pdf/no-data.msg"]["reason"]
    warnings = "\n".join(entry["warnings"])
    assert "production.pdf/broken.pdf: failed" in warnings and "production.pdf/no-data.msg: failed" in warnings
    assert "only a cover" not in warnings
