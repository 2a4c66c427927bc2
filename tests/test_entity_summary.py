"""Tests of lib.entities.summary: which entities are personal data, messages passing each category, citations."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from lib.core.schema import coerce_messages
from lib.entities import named
from lib.entities import summary as es

KYLE = "kyle.love@pd.boston.gov"
CONAL = "conal.r.ahearne@ice.dhs.gov"

SIGNATURE = ("Kyle\nDet. Kyle Love\nBoston Police Department\nBureau of Investigative Services\n"
             "1 Schroeder Plaza, Boston, MA 02120\nOffice: 617-555-0142")
REPORT_FORM = ("BOSTON POLICE DEPARTMENT\nINCIDENT REPORT - EXCERPT\nReport Number: I172000001\n"
               "Suspect 1: ROE, JANE\nDOB: 1/2/90\nAddress: 5 Elm St, Boston, MA 02124\nPhone: 617-555-0188")


def message(message_id: str, body: str, **fields) -> dict:
    row = {"message_id": message_id, "source_file": "release.pdf", "page_start": 10, "page_end": 10,
           "bates_start": "BPD-000010", "bates_end": "BPD-000010", "sent_at": "2017-03-06T10:00:00-05:00",
           "sender": KYLE, "sender_name": "Kyle Love", "to": [CONAL], "cc": [], "subject": "",
           "body": body, "quoted": "", "redactions": 0, "reconstructed": False, "page_breaks": []}
    return {**row, **fields}


def table(*rows: dict) -> pd.DataFrame:
    return coerce_messages(pd.DataFrame(list(rows)))


def entity(messages: pd.DataFrame, message_id: str, text: str, label: str, *, field: str = "body",
           occurrence: int = 0, canonical: str | None = None, person_id: str | None = None,
           role: str | None = None) -> dict:
    """An entity row whose offsets are found in the message's text."""
    written = messages.set_index("message_id").at[message_id, field]
    start = -1
    for _ in range(occurrence + 1):
        start = written.index(text, start + 1)
    return {"message_id": message_id, "field": field, "item": None, "start_char": start,
            "end_char": start + len(text), "text": text, "label": label, "canonical": canonical or text,
            "person_id": person_id, "role": role, "source": "rule"}


def entities(*rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=["message_id", "field", "item", "start_char", "end_char", "text",
                                              "label", "canonical", "person_id", "role", "source"])
    for column in ("item", "start_char", "end_char"):
        frame[column] = frame[column].astype("Int64")
    return frame


# --- Contact details of officials and institutions are not personal data ----------

@pytest.fixture
def contacts():
    messages = table(
        message("m1", f"Jane Roe lives at 5 Elm St, Boston, MA 02124, cell 617-555-0199.\n{SIGNATURE}"),
        message("m2", "Please\nnotify DHS by calling 508-555-0172.\nThanks"),
        message("m3", "Call me on 617-555-0142 when you are out."),
        # A greeting's name is not a signature: the tagger linked this number to the person greeted.
        message("m4", "Conal,\nAddress on the report is 9 Oak St, phone 857-555-0124.", sender=KYLE),
        # An institution named before a value is its source here, not its owner.
        message("m5", "Ran him. RMV: address 7 Ash St, phone 617-555-0111. He's at Nashua Street Jail, "
                      "address on the booking is 8 Elm St."),
    )
    rows = entities(
        entity(messages, "m1", "5 Elm St, Boston, MA 02124", "ADDRESS"),
        entity(messages, "m1", "617-555-0199", "PHONE"),
        entity(messages, "m1", "Boston Police Department", "AGENCY", canonical="BPD"),
        entity(messages, "m1", "Bureau of Investigative Services", "AGENCY", canonical="BIS"),
        entity(messages, "m1", "1 Schroeder Plaza, Boston, MA 02120", "ADDRESS"),
        entity(messages, "m1", "617-555-0142", "PHONE"),
        entity(messages, "m2", "DHS", "AGENCY"),
        entity(messages, "m2", "508-555-0172", "PHONE"),
        entity(messages, "m3", "617-555-0142", "PHONE"),
        entity(messages, "m4", "857-555-0124", "PHONE", person_id="P-conal", role="official"),
        entity(messages, "m5", "RMV", "AGENCY"),
        entity(messages, "m5", "7 Ash St", "ADDRESS"),
        entity(messages, "m5", "617-555-0111", "PHONE"),
        entity(messages, "m5", "Nashua Street Jail", "FACILITY"),
        entity(messages, "m5", "8 Elm St", "ADDRESS"),
    )
    return messages, rows


def test_signature_blocks_and_institution_numbers_are_contact_details(contacts):
    messages, rows = contacts
    flagged = es.contact_details(rows, messages)
    found = dict(zip(rows["message_id"] + " " + rows["text"], flagged))
    assert found["m1 1 Schroeder Plaza, Boston, MA 02120"] and found["m1 617-555-0142"]
    assert found["m2 508-555-0172"]  # "notify DHS by calling ..."
    assert found["m3 617-555-0142"]  # the office number, known from a signature elsewhere
    assert not found["m1 5 Elm St, Boston, MA 02124"] and not found["m1 617-555-0199"]
    assert not found["m4 857-555-0124"]
    assert not found["m5 7 Ash St"] and not found["m5 617-555-0111"] and not found["m5 8 Elm St"]
    assert not found["m1 Boston Police Department"]  # only addresses and numbers are flagged


def test_masked_values_are_not_taken_for_a_known_office_number():
    messages = table(message("m1", "Boston Police Department\nOffice: [PHONE]"),
                     message("m2", "Lives at [ADDRESS], cell [PHONE]."))
    rows = entities(entity(messages, "m1", "Boston Police Department", "AGENCY"),
                    entity(messages, "m1", "[PHONE]", "PHONE"), entity(messages, "m2", "[PHONE]", "PHONE"))
    assert es.contact_details(rows, messages).tolist() == [False, True, False]


def test_a_blank_line_ends_a_signature_block():
    messages = table(message("m1", "Boston Police Department\n\nHis cell is\n617-555-0101"))
    rows = entities(entity(messages, "m1", "Boston Police Department", "AGENCY"),
                    entity(messages, "m1", "617-555-0101", "PHONE"))
    assert not es.contact_details(rows, messages).any()


# --- Personal data in each message's own text -------------------------------------

@pytest.fixture
def release():
    messages = table(
        message("m1", f"FYI Jane Roe, DOB 1/2/90, A# 123456789, is out at 3.\n{SIGNATURE}",
                subject="Jane Roe release"),
        message("m2", "Got it. Thanks, Kyle", sender=CONAL, sender_name="Conal Ahearne", to=[KYLE],
                sent_at="2017-03-06T11:00:00-05:00", quoted="> FYI Jane Roe, DOB 1/2/90"),
        # The form's second page begins at "Suspect 1".
        message("m3", f"Report attached.\n{REPORT_FORM}", sent_at="2019-02-01T09:00:00-05:00",
                page_start=20, page_end=21, bates_start="BPD-000020", bates_end="BPD-000021",
                page_breaks=[f"Report attached.\n{REPORT_FORM}".index("Suspect 1")]),
        message("m1-copy", f"FYI Jane Roe, DOB 1/2/90, A# 123456789, is out at 3.\n{SIGNATURE}",
                subject="Jane Roe release", duplicate_of="m1", page_start=30, page_end=30),
        message("m4", "Roe is at Nashua Street.", sender="sgt.smith@pd.boston.gov", to=["det.jones@pd.boston.gov"],
                sent_at="2019-03-01T09:00:00-05:00"),
    )
    rows = entities(
        entity(messages, "m1", "Jane Roe", "PERSON", field="subject", person_id="P-roe", role="subject"),
        entity(messages, "m1", "Jane Roe", "PERSON", person_id="P-roe", role="subject"),
        entity(messages, "m1", "1/2/90", "DOB", canonical="1990-01-02"),
        entity(messages, "m1", "123456789", "A_NUMBER", canonical="A123456789"),
        entity(messages, "m1", "Kyle Love", "PERSON", person_id="P-kyle", role="official"),
        entity(messages, "m1", "Boston Police Department", "AGENCY", canonical="BPD"),
        entity(messages, "m1", "Bureau of Investigative Services", "AGENCY", canonical="BIS"),
        entity(messages, "m1", "1 Schroeder Plaza, Boston, MA 02120", "ADDRESS"),
        entity(messages, "m1", "617-555-0142", "PHONE"),
        entity(messages, "m1-copy", "Jane Roe", "PERSON", person_id="P-roe", role="subject"),
        entity(messages, "m2", "Kyle", "PERSON", person_id="P-kyle", role="official"),
        entity(messages, "m2", "Jane Roe", "PERSON", field="quoted", person_id="P-roe", role="subject"),
        entity(messages, "m3", "I172000001", "REPORT"),
        entity(messages, "m3", "ROE, JANE", "PERSON", person_id="P-roe", role="subject"),
        entity(messages, "m3", "1/2/90", "DOB", canonical="1990-01-02"),
        entity(messages, "m3", "5 Elm St, Boston, MA 02124", "ADDRESS"),
        entity(messages, "m3", "617-555-0188", "PHONE"),
        entity(messages, "m4", "Roe", "PERSON", person_id="P-roe2", role="subject"),
    )
    rows = pd.concat([rows, entities({"message_id": "m1", "field": "sender_name", "item": None, "start_char": 0,
                                      "end_char": 9, "text": "Kyle Love", "label": "PERSON",
                                      "canonical": "Kyle Love", "person_id": "P-kyle", "role": "official",
                                      "source": "header"})], ignore_index=True)
    pages = pd.DataFrame({"source_file": ["release.pdf"] * 3, "page": [10, 20, 21],
                          "bates": ["BPD-000010", "BPD-000020", "BPD-000021"]})
    people = pd.DataFrame({"person_id": ["P-roe", "P-roe2", "P-kyle"], "name": ["Jane Roe", "Roe", "Kyle Love"],
                           "role": ["subject", "subject", "official"], "agency": [None, None, "BPD"],
                           "official_title": [None, None, None], "titles": [[], [], ["Det."]]})
    return messages, rows, pages, people


def test_personal_data_is_own_text_of_each_message_once(release):
    messages, rows, _, _ = release
    found = es.personal_data(rows, messages)
    assert set(found["message_id"]) == {"m1", "m3", "m4"}  # not the copy, not m2's quoted history
    m1 = found[found["message_id"] == "m1"]
    assert sorted(m1["category"].astype(str)) == ["a_number", "dob", "name", "name"]  # officials and office aside
    assert list(m1.loc[m1["field"] == "subject", "part"]) == [es.SUBJECT_LINE]
    m3 = found[found["message_id"] == "m3"].set_index(found.loc[found["message_id"] == "m3", "category"].astype(str))
    assert set(m3.index) == {"name", "dob", "address", "phone", "police_report"}
    assert set(m3["part"]) == {"attached form"}


def test_passes_by_message_counts_each_message_once_with_its_direction(release):
    messages, rows, _, _ = release
    passes = es.passes_by_message(es.personal_data(rows, messages), messages)
    assert list(passes["message_id"]) == ["m1", "m2", "m3", "m4"]
    assert list(passes["direction"]) == ["police->ice", "ice->police", "police->ice", "internal-police"]
    assert list(passes["month"]) == ["2017-03", "2017-03", "2019-02", "2019-03"]
    assert passes["period"].iloc[0] != passes["period"].iloc[2]
    assert list(passes["name"]) == [True, False, True, True]
    assert list(passes["any_identifier"]) == [True, False, True, False]
    assert list(passes["license"]) == [False] * 4


def test_direction_table_gives_denominators_first(release):
    messages, rows, _, _ = release
    passes = es.passes_by_message(es.personal_data(rows, messages), messages)
    counts = es.direction_table(passes).set_index("category")
    assert counts.loc["(all messages)"].to_dict() == {"police->ice": 2, "ice->police": 1, "other": 1, "all": 4}
    assert counts.loc["name"].to_dict() == {"police->ice": 2, "ice->police": 0, "other": 1, "all": 3}
    assert counts.loc["police report", "police->ice"] == 1
    assert counts.loc["anything beyond a name", "police->ice"] == 2


def test_monthly_and_period_tables(release):
    messages, rows, _, _ = release
    passes = es.passes_by_message(es.personal_data(rows, messages), messages)
    monthly = es.monthly_table(passes)
    assert set(monthly["direction"]) == {"police->ice", "ice->police"}  # internal mail aside
    march = monthly[(monthly["month"] == "2017-03") & (monthly["direction"] == "police->ice")].set_index("category")
    assert march.loc["name", "messages"] == 1 and march.loc["name", "of"] == 1
    assert march.loc["address", "messages"] == 0
    by_period = es.period_table(passes).set_index("category")
    assert by_period.loc["(all messages)"].sum() == 3
    assert by_period.loc["date of birth"].sum() == 2


def test_monthly_wide_and_parts_tables_keep_the_category_order(release):
    messages, rows, _, _ = release
    found = es.personal_data(rows, messages)
    wide = es.monthly_wide(es.monthly_table(es.passes_by_message(found, messages)), es.TO_ICE)
    assert list(wide.columns) == ["month", "of", *es.CATEGORY_NAMES.values()]
    assert wide[["month", "of", "name", "police report"]].values.tolist() == [["2017-03", 1, 1, 0],
                                                                              ["2019-02", 1, 1, 1]]
    parts = es.parts_table(found).set_index("category")
    assert list(parts.columns) == [es.SUBJECT_LINE, "own words", "attached form"]
    assert parts.loc["name"].tolist() == [1, 2, 1]  # m1 subject line; m1 and m4 own words; m3 form
    assert parts.loc["licence number"].tolist() == [0, 0, 0]


def test_cite_gives_the_exact_page_and_its_bates_number(release):
    messages, rows, pages, _ = release
    found = es.personal_data(rows, messages)
    cited = es.cite(found, messages, pages).set_index(["message_id", "text"])
    assert cited.loc[("m3", "I172000001"), "page"] == 20
    assert cited.loc[("m3", "617-555-0188"), "page"] == 21
    assert cited.loc[("m3", "617-555-0188"), "bates"] == "BPD-000021"
    assert cited.loc[("m3", "617-555-0188"), "where"] == "release.pdf p. 21 (BPD-000021)"
    assert cited.loc[("m1", "1/2/90"), "where"] == "release.pdf p. 10 (BPD-000010)"


def test_cite_says_when_a_message_survives_only_as_a_quote():
    messages = table(message("r1", "Jane Roe DOB 1/2/90", reconstructed=True, quoted_in="m9", page_start=12,
                             page_end=12, bates_start=None, bates_end=None, page_breaks=[3]))
    rows = entities(entity(messages, "r1", "1/2/90", "DOB"))
    pages = pd.DataFrame({"source_file": ["release.pdf"], "page": [12], "bates": ["BPD-000012"]})
    cited = es.cite(rows, messages, pages).iloc[0]
    assert cited["page"] == 12 and cited["bates"] == "BPD-000012"  # the quote's page, not offset by breaks
    assert cited["check"] == "recovered from the quoted history of m9"


def test_add_context_marks_the_entity_on_one_line():
    messages = table(message("m1", "Line one\nJane Roe, DOB 1/2/90, is out."))
    rows = entities(entity(messages, "m1", "1/2/90", "DOB"))
    # The cut keeps the name whole (lib.core.context): "…Roe" would read as another name.
    assert es.add_context(rows, messages, width=9)["context"].iloc[0] == "…Jane Roe, DOB **1/2/90**, is out."


def test_check_sample_is_seeded_stratified_and_independent_of_row_order(release):
    messages, rows, pages, _ = release
    found = es.personal_data(rows, messages)
    first = es.check_sample(found, messages, pages, per_group=1, seed=7)
    again = es.check_sample(found.iloc[::-1], messages, pages, per_group=1, seed=7)
    pd.testing.assert_frame_equal(first, again)
    assert first["category"].astype(str).tolist() == ["name", "dob", "address", "phone", "a_number",
                                                      "police_report"]
    assert set(first["correct"]) == {""}
    assert {"context", "where", "check"} <= set(first.columns)


def test_counted_rows_cover_personal_data_agencies_and_officials(release):
    messages, rows, _, _ = release
    counted = es.counted_rows(es.personal_data(rows, messages), rows, messages)
    by_group = counted.groupby("category", observed=True).size()
    assert by_group["agency"] == 2 and by_group["official"] == 2  # m1's signature, m2's "Kyle"; no headers
    assert by_group["name"] == 4
    assert "m1-copy" not in set(counted["message_id"])


def test_examples_are_the_first_messages_each_way(release):
    messages, rows, pages, _ = release
    found = es.personal_data(rows, messages)
    passes = es.passes_by_message(found, messages)
    shown = es.examples(found, passes, messages, pages, per_category=1)
    names = shown[shown["category"] == "name"]
    assert list(names["message_id"]) == ["m1"]  # m4 is internal, m3 later
    assert "m4" not in set(shown["message_id"])


# --- Who is named -------------------------------------------------------------------

def test_agency_table_tells_a_sentence_from_a_letterhead(release):
    messages, rows, _, _ = release
    extra = table(message("m5", "Arrested by Boston Police Department officers."))
    messages = pd.concat([messages, extra], ignore_index=True)
    rows = pd.concat([rows, entities(entity(extra, "m5", "Boston Police Department", "AGENCY", canonical="BPD"))],
                     ignore_index=True)
    agencies = es.agency_table(rows, messages).set_index("agency")
    assert agencies.loc["BPD", "messages"] == 2 and agencies.loc["BPD", "in_text"] == 1
    assert agencies.loc["BIS", "in_text"] == 0
    assert agencies.loc["BPD", "name"] == "Boston Police Department"


def test_official_table_does_not_count_a_senders_own_signature(release):
    messages, rows, _, people = release
    officials = es.official_table(rows, people, messages).set_index("person_id")
    assert officials.loc["P-kyle", "named_by_others"] == 1  # Conal's "Thanks, Kyle", not Kyle's own signature
    assert officials.loc["P-kyle", "sent"] == 1


def test_subject_table_flags_names_to_check(release):
    messages, rows, _, people = release
    found = es.personal_data(rows, messages)
    subjects = es.subject_table(found, es.passes_by_message(found, messages), people).set_index("person_id")
    assert subjects.loc["P-roe", "messages"] == 2 and subjects.loc["P-roe", "police->ice"] == 2
    assert subjects.loc["P-roe", "check"] == ""
    assert subjects.loc["P-roe2", "check"] == "one-word name"
    assert named._doubt("Todd Daniel", ["Officer"]) == "written after 'Officer'"
    assert named._doubt("Yong Zhao", ["in"]) == ""  # 'in' (from 'Special Agent in Charge') is no officer's title


def test_headline_states_denominators(release):
    messages, rows, _, people = release
    found = es.personal_data(rows, messages)
    passes = es.passes_by_message(found, messages)
    text = es.headline(passes, es.subject_table(found, passes, people))
    assert text.startswith("4 unique messages; 2 police -> ICE and 1 ICE -> police.")
    assert "2 distinct people written about are named (1 of them flagged to check)" in text
    assert "Not counted" not in text
    assert es.headline(passes, es.subject_table(found, passes, people), 3).endswith(
        "Not counted: printed forms in the quoted history of 3 messages.")


def test_forms_printed_after_quoted_history_are_listed():
    messages = table(message("m1", "Here you go.", quoted=f"> Can you send the report?\n{REPORT_FORM}"),
                     message("m2", f"Here you go.\n{REPORT_FORM}"))
    assert list(es.forms_in_quoted_history(messages)["message_id"]) == ["m1"]


def test_describe_corrections():
    empty = pd.DataFrame(columns=["id", "action", "rows", "applied", "reason"])
    assert es.describe_corrections(empty).startswith("No reviewed corrections")
    table_ = pd.DataFrame({"id": ["merge-a", "delete-b"], "action": ["merge", "delete"], "rows": [3, 0],
                           "applied": [True, False], "reason": ["same person", "form word"]})
    text = es.describe_corrections(table_)
    assert text.startswith("2 reviewed corrections listed, 1 applied on this build, changing 3 entity rows.")
    assert "delete-b" in text


def test_figures_draw(release):
    messages, rows, _, _ = release
    passes = es.passes_by_message(es.personal_data(rows, messages), messages)
    for fig in (es.plot_directions(es.direction_table(passes), title="t"),
                es.plot_monthly(es.monthly_table(passes), title="t")):
        assert isinstance(fig, plt.Figure)
        plt.close(fig)
    empty = es.monthly_table(passes[passes["direction"] == "internal-police"])
    plt.close(es.plot_monthly(empty))


# --- The sample's answer key ------------------------------------------------------

def test_sample_messages_passing_each_category(sample_processed):
    """Precision and recall of "message passes this category" against the sample's answer key.

    In scope: what the answer key says each message discloses in its subject line
    and own text, plus what its attachments disclose where the attachment pages
    were printed into the message's own text. Attachments printed after a reply's
    quoted history land in ``quoted``, which the tagger does not read; how much
    that misses is printed too.
    """
    from sample_truth import load_truth, match_messages

    from lib.language import form_start

    messages = pd.read_parquet(sample_processed / "messages.parquet")
    found = es.personal_data(pd.read_parquet(sample_processed / "entities.parquet"), messages)
    passes = es.passes_by_message(found, messages).set_index("message_id")
    truth = load_truth()
    record_of = {r["truth_id"]: r for r in truth["messages"]}
    # Text-layer files only: OCR'd pages have their own, lower bar (test_sample_scanned.py).
    pages = pd.read_parquet(sample_processed / "pages.parquet")
    scanned = set(pages["source_file"][pages["method"] == "ocr"])
    unique = messages[messages["duplicate_of"].isna() & ~messages["source_file"].isin(scanned)]
    truth_of = dict(zip(unique["message_id"], match_messages(unique, truth)))
    assert all(truth_of.values())
    form_in_body = {m for m, body in zip(unique["message_id"], unique["body"]) if form_start(body) is not None}
    scores = {}
    for category in es.CATEGORIES:
        predicted = set(passes.index[passes[category]]) & set(truth_of)
        expected, printed = set(), set()
        for message_id, truth_id in truth_of.items():
            record = record_of[truth_id]
            attached = category in record["attachment_personal_data"]
            if category in record["personal_data"] or (attached and message_id in form_in_body):
                expected.add(message_id)
            if category in record["personal_data"] or (attached and any(
                    a["printed_pages"] for a in record["attachment_details"])):
                printed.add(message_id)
        right = predicted & expected
        precision = len(right) / len(predicted) if predicted else 1.0
        recall = len(right) / len(expected) if expected else 1.0
        scores[category] = (precision, recall)
        print(f"{category:<14} {len(predicted):>4} found, {len(expected):>4} in the answer key: precision "
              f"{precision:.3f}, recall {recall:.3f}; counting attachments printed after quoted history too: "
              f"recall {len(predicted & printed) / len(printed):.3f}")
    # Floors a little under what the sample gives, so a regression shows. Names are held down by the tagger
    # reading some subjects' names as organisations (subject lines such as "Detainer - Carolina Álvarez").
    floors = {"name": (0.95, 0.70), "dob": (0.97, 0.97), "address": (0.95, 0.95), "phone": (0.90, 0.85),
              "a_number": (0.97, 0.97), "license": (0.95, 0.95), "police_report": (0.97, 0.97)}
    for category, (precision, recall) in scores.items():
        assert precision >= floors[category][0], category
        assert recall >= floors[category][1], category


def test_sample_people_written_about(sample_processed):
    """Distinct people written about, against the answer key's subjects named in the messages."""
    from sample_truth import load_truth

    tables = {name: pd.read_parquet(sample_processed / f"{name}.parquet")
              for name in ("messages", "entities", "people")}
    found = es.personal_data(tables["entities"], tables["messages"])
    subjects = es.subject_table(found, es.passes_by_message(found, tables["messages"]), tables["people"])
    expected = load_truth()["summary"]["subjects_mentioned"]
    unflagged = int(subjects["check"].eq("").sum())
    print(f"people written about: {len(subjects)} found ({unflagged} not flagged to check), {expected} in the "
          f"answer key")
    # Splits of one person in two and names the tagger misses pull either way; a large gap means a regression.
    assert abs(unflagged - expected) <= 0.15 * expected


def test_the_summary_with_texts_read_a_batch_at_a_time_is_that_of_the_tables_in_memory(sample_processed):
    from lib.core.tables import text_batches

    messages = pd.read_parquet(sample_processed / "messages.parquet")
    entities = pd.read_parquet(sample_processed / "entities.parquet")
    pages = pd.read_parquet(sample_processed / "pages.parquet", columns=["source_file", "page", "bates"])
    without_texts = messages.drop(columns=["body", "quoted"])
    texts = text_batches(sample_processed / "messages.parquet", ["body", "quoted"], batch_rows=60)
    personal = es.personal_data(entities, without_texts, texts=texts)
    pd.testing.assert_frame_equal(personal, es.personal_data(entities, messages))
    passes = es.passes_by_message(personal, messages)
    pd.testing.assert_frame_equal(es.examples(personal, passes, without_texts, pages, texts=texts),
                                  es.examples(personal, passes, messages, pages))
    counted = es.counted_rows(personal, entities, messages)
    pd.testing.assert_frame_equal(es.check_sample(counted, without_texts, pages, texts=texts),
                                  es.check_sample(counted, messages, pages))
    pd.testing.assert_frame_equal(es.forms_in_quoted_history(without_texts, texts),
                                  es.forms_in_quoted_history(messages))
    pd.testing.assert_frame_equal(es.agency_table(entities, without_texts, texts=texts),
                                  es.agency_table(entities, messages))
