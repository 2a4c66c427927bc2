"""One citation rule (lib.core.cite): the page holding a passage and the Bates number printed on that page."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.core.cite import PageStamps, cite, message_bates, message_page, where


def _message(**overrides) -> pd.Series:
    row = {"message_id": "m1", "source_file": "vol1.pdf", "page_start": 6, "page_end": 7,
           "bates_start": "BPD-000006", "bates_end": "BPD-000007", "page_breaks": [100],
           "quoted_page_start": None, "quoted_breaks": None, "reconstructed": False, "quoted_in": None}
    row.update(overrides)
    return pd.Series(row)


PAGES = pd.DataFrame({"source_file": ["vol1.pdf"] * 3, "page": pd.array([6, 7, 8], dtype="Int64"),
                      "bates": pd.array(["BPD-000006", "BPD-000007", "BPD-000008"], dtype="string")})


def test_page_stamps_find_a_page_by_file_and_number_and_the_last_listing_wins():
    pages = pd.DataFrame({"source_file": ["a.pdf", "a.pdf", "a.pdf", "b.pdf", "b.pdf"],
                          "page": pd.array([1, 2, 2, 1, None], dtype="Int64"),
                          "bates": pd.array(["A-1", "A-2", "A-2 again", None, "B-?"], dtype="string")})
    stamps = PageStamps(pages)
    assert stamps.get("a.pdf", 1) == "A-1"
    assert stamps.get("a.pdf", 2) == "A-2 again"  # as a dict filled row by row
    assert stamps.get("a.pdf", 3) is None
    assert stamps.get("b.pdf", 1) is None  # listed without a Bates number
    assert stamps.get("c.pdf", 1) is None
    assert stamps.get("a.pdf", None) is None
    assert PageStamps(None).get("a.pdf", 1) is None


def test_a_passage_on_a_messages_second_page_cites_that_pages_stamp():
    message = _message()
    assert message_page(message, "body", 99) == 6
    assert message_page(message, "body", 100) == 7
    assert message_bates(message, 7, PageStamps(PAGES)) == "BPD-000007"


def test_subject_lines_and_headers_cite_the_first_page():
    message = _message()
    for field in ("subject", "to", "attachments"):
        assert message_page(message, field, 500) == 6


def test_quoted_history_counts_its_own_page_breaks():
    message = _message(quoted_page_start=7, quoted_breaks=[40])
    assert message_page(message, "quoted", 10) == 7
    assert message_page(message, "quoted", 40) == 8
    assert message_page(_message(), "quoted", 10) == 6  # no quoted pages recorded: the first page


def test_a_message_recovered_from_a_quote_cites_where_the_quote_begins():
    message = _message(reconstructed=True, quoted_in="m9", page_breaks=[3])
    assert message_page(message, "body", 50) == 6


def test_without_a_stamp_the_number_is_counted_on_only_when_the_messages_last_stamp_agrees():
    stamps = PageStamps(None)
    assert message_bates(_message(), 6, stamps) == "BPD-000006"
    assert message_bates(_message(), 7, stamps) == "BPD-000007"
    # A gap in the stamps (a withheld page): counting on would name another page.
    assert message_bates(_message(bates_end="BPD-000009"), 7, stamps) is None
    assert message_bates(_message(bates_start=None), 7, stamps) is None
    assert message_bates(_message(), None, stamps) == "BPD-000006"


def test_cite_adds_source_page_bates_and_where_to_any_table():
    messages = pd.DataFrame([_message(), _message(message_id="m2", page_start=8, page_end=8, bates_start=None,
                                                  bates_end=None, page_breaks=[])])
    rows = pd.DataFrame({"message_id": ["m1", "m1", "m2"], "field": ["body", "subject", "body"],
                         "start_char": [150, 150, 0], "other": [1, 2, 3]})
    cited = cite(rows, messages, PAGES)
    assert cited["page"].tolist() == [7, 6, 8]
    assert cited["bates"].tolist() == ["BPD-000007", "BPD-000006", "BPD-000008"]
    assert cited["where"].tolist() == ["vol1.pdf p. 7 (BPD-000007)", "vol1.pdf p. 6 (BPD-000006)",
                                       "vol1.pdf p. 8 (BPD-000008)"]
    assert cited["other"].tolist() == [1, 2, 3]


def test_where_reads_as_a_reader_finds_the_page():
    assert where("vol1.pdf", 12, "BPD-000123") == "vol1.pdf p. 12 (BPD-000123)"
    assert where("a.eml", None, None) == "a.eml"
    assert where("a.pdf", pd.NA, "") == "a.pdf"


# --- every citation on the sample --------------------------------------------------------------------------

def _wrong_citations(table: pd.DataFrame, messages: pd.DataFrame, stamps: dict) -> list[tuple]:
    if "source_file" not in table:
        table = table.assign(source_file=table["message_id"].map(dict(zip(messages["message_id"],
                                                                          messages["source_file"]))))
    cited = table.dropna(subset=["page"])
    return [(m, f, int(p), b, stamps[(f, int(p))]) for m, f, p, b in
            zip(cited["message_id"], cited["source_file"], cited["page"], cited["bates"])
            if (f, int(p)) in stamps and stamps[(f, int(p))] != b]


@pytest.fixture(scope="module")
def sample_tables(sample_processed):
    read = lambda name: pd.read_parquet(sample_processed / f"{name}.parquet")  # noqa: E731
    return {name: read(name) for name in ("messages", "pages", "entities", "language_hits", "charges")}


def test_every_table_that_cites_the_sample_gives_the_stamp_printed_on_that_page(sample_tables, sample_processed,
                                                                                sample_records):
    from lib import evidence, language
    from lib.entities import summary as es

    messages, pages = sample_tables["messages"], sample_tables["pages"]
    stamps = {(f, int(p)): b for f, p, b in zip(pages["source_file"], pages["page"], pages["bates"])
              if isinstance(b, str)}
    hits = sample_tables["language_hits"]
    claims = evidence.load_claims(evidence.claims_file_for(sample_processed))
    personal = es.personal_data(sample_tables["entities"], messages)
    tables = {
        "language_hits": hits,
        "charges": sample_tables["charges"],
        "language review": language.review(hits, messages, pages=pages),
        "claims evidence": evidence.evidence(claims, sample_records),
        "entity check sample": es.check_sample(personal, messages, pages, per_group=5, seed=1),
    }
    checked = 0
    for name, table in tables.items():
        if "page" not in table:  # tables a reporter reads give the citation as one 'where' line
            parsed = table["where"].str.extract(r"^(?P<source_file>.*?) p\. (?P<page>\d+)(?: \((?P<bates>[^)]*)\))?$")
            table = table.assign(**parsed)
        assert {"page", "bates", "message_id"} <= set(table.columns), name
        assert _wrong_citations(table, messages, stamps) == [], name
        checked += int(table["page"].notna().sum())
    # Passages past a message's first page are where a rule that cites the first page goes wrong.
    later = hits.merge(messages[["message_id", "page_start"]], on="message_id")
    assert (later["page"] > later["page_start"]).sum() > 100
    assert checked > 2_000
