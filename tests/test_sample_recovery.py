"""On the sample, ingest recovers every message the generator wrote, with its provenance.

Exact checks here cover the text-layer files; the scanned section is checked
against the OCR bar in test_sample_scanned.py.
"""

import pandas as pd
import pytest
from sample_truth import load_truth, match_messages

from lib.pipeline.build import load_table
from lib.sample.matching import minute_key

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def scanned_files(sample_processed):
    pages = load_table(sample_processed, "pages")
    return set(pages.source_file[pages.method == "ocr"])


@pytest.fixture(scope="module")
def messages(sample_processed, scanned_files):
    table = load_table(sample_processed, "messages")
    table["truth_id"] = match_messages(table, load_truth()).to_numpy()
    return table[~table.source_file.isin(scanned_files)].reset_index(drop=True)


@pytest.fixture(scope="module")
def truth(scanned_files):
    """The answer key, less what was printed only in scanned files."""
    truth = load_truth()
    def text_printings(record):
        return [p for p in record["printed"] if p.get("file") not in scanned_files]
    kept = []
    for record in truth["messages"]:
        printings = text_printings(record)
        if record["printed"] and not printings:
            continue
        if not record["printed"] and record["quoted_in"] and all(
                not text_printings(q) for q in truth["messages"] if q["truth_id"] in record["quoted_in"]):
            continue  # quoted only inside scanned messages
        kept.append({**record, "printed": printings})
    return {**truth, "messages": kept,
            "pages": [p for p in truth["pages"] if p["file"] not in scanned_files]}


def _printings(truth):
    return {(p["file"], p["page_start"]): (record, p) for record in truth["messages"]
            for p in record["printed"] if "page_start" in p}


def test_every_printed_message_is_found_on_its_pages(messages, truth):
    printed = messages[~messages.reconstructed & messages.page_start.notna()]
    expected = _printings(truth)
    found = {(row.source_file, int(row.page_start)): row for row in printed.itertuples()}
    assert set(found) == set(expected), "messages missed or invented"
    for key, (record, printing) in expected.items():
        row = found[key]
        assert int(row.page_end) == printing["page_end"], key
        assert (row.bates_start, row.bates_end) == (printing["bates_start"], printing["bates_end"]), key


def test_sender_date_and_subject_are_right_for_every_message(messages, truth):
    by_id = {record["truth_id"]: record for record in truth["messages"]}
    rows = messages[~messages.reconstructed]
    assert rows.truth_id.notna().all()
    errors = []
    for row in rows.itertuples():
        record = by_id[row.truth_id]
        # The address where the document shows one, else the display name.
        if not pd.isna(row.sender) and row.sender != record["sender"]:
            errors.append(("sender", row.message_id, row.sender, record["sender"]))
        if row.sender_name != record["sender_name"]:
            errors.append(("sender_name", row.message_id, row.sender_name, record["sender_name"]))
        if minute_key(row.sent_at) != minute_key(record["sent_at"]):
            errors.append(("sent_at", row.message_id, row.sent_at, record["sent_at"]))
        if row.subject != record["subject"]:
            errors.append(("subject", row.message_id, row.subject, record["subject"]))
    assert errors == []


def test_mail_files_give_one_row_per_message(messages, truth):
    expected = sum(1 for r in truth["messages"] for p in r["printed"] if "format" in p)
    assert messages.page_start.isna().sum() == expected


def test_duplicates_and_quoted_only_messages(messages, truth):
    expected_duplicates = {(p["file"], p["page_start"]) for r in truth["messages"] for p in r["printed"]
                           if p.get("duplicate")}
    duplicates = messages[messages.duplicate_of.notna()]
    assert {(r.source_file, int(r.page_start)) for r in duplicates.itertuples()} == expected_duplicates
    # Each duplicate points at a copy of the same message.
    by_id = messages.set_index("message_id").truth_id
    assert (duplicates.truth_id.to_numpy() == by_id.loc[duplicates.duplicate_of].to_numpy()).all()

    quoted_only = {r["truth_id"] for r in truth["messages"] if r["quoted_only"]}
    reconstructed = messages[messages.reconstructed]
    assert set(reconstructed.truth_id) == quoted_only
    assert len(reconstructed) == len(quoted_only)
    assert reconstructed.quoted_in.isin(messages.message_id).all()
    # Every message of the world is counted exactly once.
    unique = messages[messages.duplicate_of.isna()]
    assert len(unique) == len(truth["messages"]) and unique.truth_id.is_unique


def test_every_page_is_accounted_for(sample_processed, truth, scanned_files):
    pages = load_table(sample_processed, "pages")
    pages = pages[~pages.source_file.isin(scanned_files)]
    pdf_pages = pages[pages.method != "mail"]
    assert len(pdf_pages) == len(truth["pages"])
    expected_not_parsed = {(p["file"], p["page"]) for p in truth["pages"] if p["belongs_to"] is None}
    not_parsed = {(r.source_file, int(r.page)) for r in pdf_pages[pdf_pages.status == "not parsed"].itertuples()}
    assert not_parsed == expected_not_parsed
    assert pdf_pages.reason[pdf_pages.status == "not parsed"].notna().all()


def test_bates_numbers_are_read_from_every_page(sample_processed, truth, scanned_files):
    pages = load_table(sample_processed, "pages")
    pages = pages[~pages.source_file.isin(scanned_files)]
    expected = {(p["file"], p["page"]): p["bates"] for p in truth["pages"]}
    read = {(r.source_file, int(r.page)): r.bates for r in pages[pages.method != "mail"].itertuples()}
    assert read == expected
