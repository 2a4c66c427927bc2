"""Printed email as records offices release it, scored against hand-labelled answer keys.

- ``tests/data/real_world/``: 65 real pages of a federal FOIA production (Outlook prints, scanned, OCR'd,
  Bates-stamped, redacted), with a key labelled by hand from the page images (see its README);
- the print-style corpus of the sample generator: every layout the ingest reads, with its key.

A message is *fully right* when it is found on its first page with its sender (or "redacted"), minute,
subject, last page and Bates numbers right (``lib.ingest.answer_key``). ``make bench`` prints the same figures
beside those of the peer tool pdf2mbox.
"""

import pandas as pd
import pytest

from lib.core.paths import ROOT
from lib.ingest.answer_key import FIELDS, from_messages, load_key, score
from lib.ingest.release import ingest

REAL = ROOT / "tests" / "data" / "real_world"
#: The share of printed messages that must be found and fully right.
BAR = 0.95


@pytest.fixture(scope="module")
def real():
    return ingest(REAL)


@pytest.fixture(scope="module")
def real_score(real):
    return score(load_key(REAL / "nih_foia_key.csv"), from_messages(real.messages))


def _report(result) -> str:
    wrong = result.rows[~(result.rows["found"] & result.rows[list(FIELDS)].all(axis=1))]
    return f"{result.summary()}\n{wrong.to_string()}"


def test_real_pages_give_nearly_every_printed_message_fully_right(real_score):
    summary = real_score.summary()
    assert summary["found"] == summary["messages"], _report(real_score)
    assert summary["fully_right"] >= BAR * summary["messages"], _report(real_score)
    for field in FIELDS:
        assert summary[f"{field}_right"] >= BAR * summary["messages"], (field, _report(real_score))


def test_real_pages_invent_no_message(real_score):
    assert real_score.extra.empty, real_score.extra.to_string()


def test_every_real_page_is_accounted_for(real):
    pages = real.pages
    assert len(pages) == 65
    assert ((pages["status"] == "message") | pages["reason"].notna()).all()


def test_names_printed_with_their_unit_keep_the_unit_apart(real):
    printed = real.messages[~real.messages["reconstructed"]]
    fauci = printed[printed["sender_name"] == "Anthony Fauci"]
    assert len(fauci) >= 35
    assert fauci["sender_org"].str.startswith("NIH/NIAI").all()  # OCR reads NIAID as NIAIO on some pages
    assert not fauci["sender_name"].str.contains(r"[\[\](){}]").any()


def test_redacted_senders_are_recorded_as_redacted(real):
    redacted = real.messages[real.messages["sender_redacted"]]
    assert {(r.source_file.split("/")[-1], r.page_start) for r in redacted.itertuples() if not r.reconstructed} >= {
        ("nih-foia-pages-1977-1987.pdf", 1), ("nih-foia-pages-1977-1987.pdf", 7)}
    assert redacted["sender_name"].isna().all()


def test_confidence_says_how_each_header_was_read(real):
    printed = real.messages[~real.messages["reconstructed"]]
    assert set(printed["parse_confidence"]) <= {"high", "medium", "low"}
    no_subject = printed[printed["subject"].isna()]
    assert (no_subject["parse_confidence"] != "high").all()
    partial = printed[printed["print_style"] == "partial"]
    assert len(partial) == 1 and (partial["parse_confidence"] == "low").all()
    assert all("positions" in " ".join(flags) for flags in printed[printed["print_style"] == "outlook"]["parse_flags"]
               if "table" in " ".join(flags))


def test_a_page_that_opens_inside_a_header_is_kept_as_a_message(real):
    first = real.messages[real.messages["source_file"].str.endswith("0459-0466.pdf") & (real.messages["page_start"] == 1)]
    [row] = first.itertuples()
    assert row.subject == "URGENT- Need your input" and pd.isna(row.sent_at)
    assert any("Pollard" in name for name in row.cc)


@pytest.fixture(scope="module")
def styles_score(print_style_release):
    key = load_key(print_style_release / "answer_key.csv")
    return key, score(key, from_messages(ingest(print_style_release).messages))


def test_every_print_style_is_read(styles_score):
    key, result = styles_score
    summary = result.summary()
    assert summary["found"] == summary["messages"], _report(result)
    assert summary["fully_right"] >= BAR * summary["messages"], _report(result)
    assert result.extra.empty, result.extra.to_string()
    rows = result.rows.assign(style=key["style"].to_numpy())
    right = rows["found"] & rows[list(FIELDS)].all(axis=1)
    by_style = right.groupby(rows["style"]).mean()
    assert (by_style >= 0.8).all(), by_style.to_string()
