"""The print-style release: deterministic, its answer key consistent with the pages, marked synthetic.

These tests check the generated corpus itself, not the project's parser.
"""

import csv
import re
import shutil
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from lib.sample import BANNER
from lib.sample.print_style_blocks import NOTES_FOOTER, ROUTING_FOOTER
from lib.sample.print_styles import KEY_COLUMNS, KEY_FILE, STYLES, generate_print_styles

HAS_TESSERACT = shutil.which("tesseract") is not None


def generate(folder: Path) -> Path:
    generate_print_styles(folder, ocr=HAS_TESSERACT)
    return folder


@pytest.fixture(scope="module")
def release(print_style_release) -> Path:
    return print_style_release


def key_rows(release: Path) -> list[dict]:
    with (release / KEY_FILE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def page_texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def flat(text: str) -> str:
    return " ".join(text.split())


def pdfs(release: Path, folder: str) -> list[Path]:
    return sorted((release / folder).glob("*.pdf"))


@pytest.mark.slow
def test_the_same_seed_writes_the_same_key_and_page_texts(release, tmp_path):
    again = generate(tmp_path / "again")
    assert (again / KEY_FILE).read_bytes() == (release / KEY_FILE).read_bytes()
    files = sorted(p.relative_to(release) for p in release.rglob("*.pdf"))
    assert files == sorted(p.relative_to(again) for p in again.rglob("*.pdf"))
    for name in files:
        assert page_texts(again / name) == page_texts(release / name), name
    for name in files:  # the OCR'd file too: Tesseract runs single-threaded and its time stamp is fixed
        assert (again / name).read_bytes() == (release / name).read_bytes(), name


def test_another_seed_from_the_command_line_writes_another_release(release, tmp_path):
    from lib.__main__ import main

    assert main(["sample", "--print-styles", str(tmp_path / "other"), "--seed", "7", "--no-ocr"]) == 0
    other = key_rows(tmp_path / "other")
    assert other and [r["subject"] for r in other] != [r["subject"] for r in key_rows(release)]
    assert not any(r["file"].startswith("ocr/") for r in other)


def test_the_key_has_its_columns_and_every_style(release):
    with (release / KEY_FILE).open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == list(KEY_COLUMNS)
    rows = key_rows(release)
    assert {r["style"] for r in rows} == set(STYLES)
    text_rows = [r for r in rows if r["file"].startswith("text/")]
    assert 40 <= len(text_rows) <= 60


def test_every_key_row_points_at_pages_that_exist(release):
    pages = {}
    for row in key_rows(release):
        path = release / row["file"]
        if path not in pages:
            pages[path] = len(page_texts(path))
        assert 1 <= int(row["page_start"]) <= int(row["page_end"]) <= pages[path], row
    total = sum(pages.values())
    assert 40 <= total <= 70


def test_sent_parses_and_is_empty_only_where_no_header_says_when(release):
    for row in key_rows(release):
        if row["style"] in ("no-header", "continued-from-previous-volume"):
            assert row["sent"] == "" and row["sender"] == "", row
            continue
        assert datetime.strptime(row["sent"], "%Y-%m-%d %H:%M"), row
        assert re.fullmatch(r"redacted|[A-Z][\w'-]+ [A-Z][\w'-]+", row["sender"]), row
    assert any(r["sender"] == "redacted" for r in key_rows(release))


def test_sent_is_new_york_time_where_the_page_prints_utc(release):
    """The table export prints '+0000'; the key gives the same instant in New York."""
    from zoneinfo import ZoneInfo

    for row in key_rows(release):
        if row["style"] != "outlook-table" or not row["file"].startswith("text/"):
            continue
        text = page_texts(release / row["file"])[int(row["page_start"]) - 1]
        printed = re.search(r"Sent:\s*(\w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d):\d\d \+0000", text).group(1)
        utc = datetime.strptime(printed, "%a, %d %b %Y %H:%M").replace(tzinfo=ZoneInfo("UTC"))
        assert utc.astimezone(ZoneInfo("America/New_York")).strftime("%Y-%m-%d %H:%M") == row["sent"], row


def test_each_subject_is_on_its_first_page_text_layer(release):
    for row in key_rows(release):
        if row["file"].startswith("text/"):
            page = page_texts(release / row["file"])[int(row["page_start"]) - 1]
            assert flat(row["subject"]) in flat(page), row


def test_a_gmail_message_lies_on_pages_of_its_own_conversation(release):
    rows = [r for r in key_rows(release) if r["style"] == "gmail" and r["file"].startswith("text/")]
    texts = page_texts(release / rows[0]["file"])
    for row in rows:
        for page in range(int(row["page_start"]), int(row["page_end"]) + 1):
            assert f"Gmail - {row['subject']}"[:80] in texts[page - 1], (row, page)


def test_bates_stamps_are_on_their_pages_and_empty_where_none_is_printed(release):
    stamped = set()
    for row in key_rows(release):
        if not row["file"].startswith("text/"):
            continue
        texts = page_texts(release / row["file"])
        for page, bates in ((row["page_start"], row["bates_start"]), (row["page_end"], row["bates_end"])):
            if bates:
                assert bates in texts[int(page) - 1], row
                stamped.add(row["file"])
    assert stamped and len(stamped) < len({r["file"] for r in key_rows(release) if r["file"].startswith("text/")})


def test_the_table_export_skips_bates_numbers_between_messages(release):
    rows = [r for r in key_rows(release) if r["file"].endswith("outlook-table-vol1.pdf")]
    numbers = [int(r["bates_start"].rsplit("-", 1)[1]) for r in rows]
    pages = [int(r["page_start"]) for r in rows]
    assert any(b2 - b1 > p2 - p1 for (b1, p1), (b2, p2) in zip(zip(numbers, pages), zip(numbers[1:], pages[1:])))


def test_footers_that_are_not_bates_numbers(release):
    rows = key_rows(release)
    for style, footer in (("lotus-notes", NOTES_FOOTER), ("no-header", ROUTING_FOOTER)):
        files = {r["file"] for r in rows if r["style"] == style and r["file"].startswith("text/")}
        assert files and all(r["bates_start"] == "" for r in rows if r["file"] in files)
        for name in files:
            assert all(flat(footer) in flat(text) for text in page_texts(release / name))
    assert re.search(r"\b\d{5}-\d{4}\b", NOTES_FOOTER)


def test_the_continued_volume_begins_mid_header(release):
    [row] = [r for r in key_rows(release) if r["style"] == "continued-from-previous-volume"]
    assert row["page_start"] == "1"
    first_page = page_texts(release / row["file"])[0]
    body = first_page.split(BANNER, 1)[1]
    assert "Subject:" in body and "Cc:" in body
    assert body.index("Cc:") < body.index("Subject:")
    assert "From:" not in body[: body.index("Subject:")] and "Sent:" not in body[: body.index("Subject:")]


def test_several_plain_messages_share_a_page(release):
    rows = [r for r in key_rows(release) if r["style"] == "plain-date-first-rules" and r["file"].startswith("text/")]
    by_file = {}
    for r in rows:
        by_file.setdefault(r["file"], []).append(int(r["page_start"]))
    assert len(by_file) == 2
    for starts in by_file.values():
        assert len(starts) > len(set(starts))  # two messages begin on one page
    texts = {name: "".join(page_texts(release / name)) for name in by_file}
    assert any("=" * 40 in t for t in texts.values()) and any("-" * 40 in t for t in texts.values())


def test_image_only_files_have_no_text_layer(release):
    scanned = pdfs(release, "scanned")
    assert scanned
    for path in scanned:
        document = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(document)):
                assert document[i].get_textpage().count_chars() == 0, (path, i + 1)
        finally:
            document.close()
    assert {r["style"] for r in key_rows(release) if r["file"].startswith("scanned/")} == {
        "outlook-table", "plain-date-first-rules"}


@pytest.mark.skipif(not HAS_TESSERACT, reason="Tesseract is not installed")
def test_the_ocrd_rendition_has_a_text_layer_on_every_page(release):
    [path] = pdfs(release, "ocr")
    texts = page_texts(path)
    assert 4 <= len(texts) <= 8
    assert all(len(flat(t)) > 100 for t in texts)
    assert all(r["page_end"] and int(r["page_end"]) <= len(texts) for r in key_rows(release)
               if r["file"].startswith("ocr/"))


def test_every_file_is_marked_synthetic(release):
    for path in sorted(release.rglob("*.pdf")):
        document = pdfium.PdfDocument(str(path))
        try:
            assert "SYNTHETIC" in document.get_metadata_dict()["Title"], path
        finally:
            document.close()
    for path in pdfs(release, "text"):
        assert all(BANNER in text for text in page_texts(path)), path
    assert BANNER in (release / "README.md").read_text(encoding="utf-8")
