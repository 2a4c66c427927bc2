"""Scanned productions: OCR'd pages go through the same splitting, with confidence and a cache."""

import shutil

import pandas as pd
import pytest

from lib.ingest.release import OcrSettings, ingest
from lib.pipeline.build import build, load_table
from lib.sample.scan import scan_pdf

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None,
                                reason="Tesseract is not installed (make system-deps installs it)")

FIRST = ["From: Roe, Jane <jane.roe@pd.boston.gov>", "Sent: Tuesday, April 11, 2017 3:42 PM",
         "To: Doe, John <john.doe@ice.dhs.gov>", "Subject: Report request", "",
         "John, the report you asked for is attached.", "Thanks, Jane"]
SECOND = ["From: Doe, John <john.doe@ice.dhs.gov>", "Sent: Wednesday, April 12, 2017 9:05 AM",
          "To: Roe, Jane <jane.roe@pd.boston.gov>", "Subject: RE: Report request", "",
          "Got it, thank you."]



@pytest.fixture
def scanned(make_pdf, tmp_path):
    source = make_pdf([FIRST, SECOND], name="printed.pdf", bates_prefix="BPD-ICE-")
    release = tmp_path / "release"
    release.mkdir()
    scan_pdf(source, release / "scanned.pdf", seed=3, dpi=200)
    return release


def test_scanned_pages_are_read_and_split(scanned):
    result = ingest(scanned, ocr=OcrSettings(cache_dir=None))
    pages = result.pages
    assert pages.method.tolist() == ["ocr", "ocr"]
    assert pages.confidence.between(50, 100).all()
    assert pages.bates.tolist() == ["BPD-ICE-000001", "BPD-ICE-000002"]
    messages = result.messages[~result.messages.reconstructed]
    assert messages.sender.tolist() == ["jane.roe@pd.boston.gov", "john.doe@ice.dhs.gov"]
    assert messages.subject.tolist() == ["Report request", "RE: Report request"]
    assert messages.sent_at.tolist() == [pd.Timestamp("2017-04-11 15:42", tz="America/New_York"),
                                         pd.Timestamp("2017-04-12 09:05", tz="America/New_York")]
    assert messages.page_start.tolist() == [1, 2]


def test_ocr_off_reports_the_pages_instead_of_losing_them(scanned):
    result = ingest(scanned, ocr=OcrSettings(enabled=False))
    assert (result.pages.status == "not parsed").all()
    assert result.pages.reason.str.contains("OCR is switched off").all()
    assert result.report["totals"]["pages_not_parsed"] == 2


@pytest.mark.slow
def test_a_rebuild_reads_nothing_again(scanned, tmp_path):
    out = tmp_path / "out"
    first = build(scanned, out, progress=False)
    assert first.read_files == 1
    assert load_table(out, "pages").method.tolist() == ["ocr", "ocr"]
    cached_pages = sorted((out / ".cache" / "ocr").rglob("*.json"))
    assert len(cached_pages) == 2
    # Same pages in a renamed file: the file cache misses, the page cache answers, no OCR runs.
    (scanned / "scanned.pdf").rename(scanned / "renamed.pdf")
    from lib.ingest.pdf import read_pdf

    reread = read_pdf(scanned / "renamed.pdf")
    from lib.ingest.scanned import _read_scanned_pages
    _read_scanned_pages(scanned / "renamed.pdf", reread, None,
                        OcrSettings(cache_dir=str(out / ".cache" / "ocr"), workers=1))
    assert [page.from_ocr_cache for page in reread] == [True, True]
    second = build(scanned, out, progress=False)
    assert second.read_files == 1
    [entry] = second.report["files"]
    assert "2 page(s) without a usable text layer read by OCR" in entry["warnings"]
    assert load_table(out, "pages").method.tolist() == ["ocr", "ocr"]
