"""Tests for lib.charges.links, severity and summary: whose charge it is, on which page, and what went to ICE."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
import pytest

from lib.charges.attribution import NO_SUBJECT, UNCLEAR
from lib.charges.links import link_charges
from lib.charges.severity import (
    FELONY_OR_VIOLENT,
    LEVEL_UNKNOWN,
    MINOR_ONLY,
    NO_CHARGE,
    VIOLENCE_ARGUABLE,
    subject_severity,
)
from lib.charges.text import form_spans, unwrap
from lib.core.schema import coerce_messages

POLICE, ICE = "kyle.love@pd.boston.gov", "peadar.allen@ice.dhs.gov"

# Private subjects of the hand-made messages, and the ways they are written.
NAMES = {
    "P-smith": ["SMITH, JOHN", "John Smith"],
    "P-doe": ["DOE, JANE", "Jane Doe"],
    "P-roe": ["ROE, RICHARD", "Richard Roe"],
    "P-poe": ["Edgar Poe"],
}


def message(message_id, body, *, subject="", sender=POLICE, to=ICE, sent="2019-03-01 10:00", page=1,
            page_end=None, breaks=(), bates="BPD-000001", bates_end=None, duplicate_of=None, in_reply_to=None):
    return {"message_id": message_id, "source_file": "production.pdf", "page_start": page,
            "page_end": page_end or page, "bates_start": bates, "bates_end": bates_end or bates,
            "sent_at": pd.Timestamp(sent, tz="America/New_York"), "sender": sender, "sender_name": None,
            "to": [to], "cc": [], "subject": subject, "body": body, "quoted": "", "duplicate_of": duplicate_of,
            "reconstructed": False, "in_reply_to": in_reply_to, "page_breaks": list(breaks)}


def messages(*rows) -> pd.DataFrame:
    return coerce_messages(pd.DataFrame(list(rows)))


def entities(table: pd.DataFrame, extra: list[dict] = ()) -> pd.DataFrame:
    """PERSON rows for every written name of NAMES found in the messages, as the tagger would give them."""
    rows = list(extra)
    for row in table.itertuples():
        for field in ("subject", "body"):
            text = getattr(row, field) or ""
            for person, variants in NAMES.items():
                for variant in variants:
                    for found in re.finditer(re.escape(variant), text):
                        rows.append({"message_id": row.message_id, "field": field, "item": None,
                                     "start_char": found.start(), "end_char": found.end(), "text": variant,
                                     "label": "PERSON", "canonical": variants[-1], "person_id": person,
                                     "role": "subject", "source": "rule"})
    return pd.DataFrame(rows, columns=["message_id", "field", "item", "start_char", "end_char", "text", "label",
                                       "canonical", "person_id", "role", "source"])


def identifier(table, message_id, label, text):
    body = table.set_index("message_id").at[message_id, "body"]
    start = body.index(text)
    return {"message_id": message_id, "field": "body", "item": None, "start_char": start,
            "end_char": start + len(text), "text": text, "label": label, "canonical": text, "person_id": None,
            "role": None, "source": "rule"}


def owners(charges: pd.DataFrame) -> list[tuple]:
    return [(re.sub(r"\s+", " ", t), p if isinstance(p, str) else None, link)
            for t, p, link in zip(charges["text"], charges["person_id"], charges["link"])]


# ------------------------------------------------------------------ whose charge it is

def test_several_people_and_charges_in_one_message():
    body = ("William -\nArraignments tomorrow that you might care about:\n"
            "1. SMITH, JOHN (1/2/1980) - OUI - Dorchester District Court\n"
            "2) DOE, JANE, 2/3/1985, Shoplifting; Trespass. Lives 1 Main St, Boston\n"
            "3. ROE, RICHARD DOB 4/5/1990\n 20 Richardson St Apt 2\n Rec stolen prop (MGL 266/60)\n"
            "Reports available if you need them.\nKyle")
    table = messages(message("m1", body))
    charges = link_charges(table, entities(table))
    assert owners(charges) == [("OUI", "P-smith", "sentence"), ("Shoplifting", "P-doe", "sentence"),
                               ("Trespass", "P-doe", "sentence"),
                               ("Rec stolen prop (MGL 266/60)", "P-roe", "sentence")]
    assert set(charges["part"]) == {"own words"} and set(charges["field"]) == {"body"}
    assert (charges["text"] == [body[s:e] for s, e in zip(charges["start_char"], charges["end_char"])]).all()


def test_the_sentence_before_names_the_person_a_pronoun_stands_for():
    body = ("Please see the attached paperwork for John Smith. He was booked on OUI and is due in court.\n"
            "Jane Doe and Richard Roe were at the scene. One of them was charged with trespass.")
    table = messages(message("m1", body))
    assert owners(link_charges(table, entities(table))) == [("OUI", "P-smith", "previous sentence"),
                                                            ("trespass", None, UNCLEAR)]


def test_a_charge_with_no_subject_belongs_to_no_one():
    table = messages(message("m1", "Busy night: three arrests for OUI on the Pike, all released."),
                     message("m2", "Quiet shift. Charges are trespass.", subject="Weekly numbers"))
    charges = link_charges(table, entities(table))
    assert charges["person_id"].isna().all()
    assert set(charges["link"]) == {NO_SUBJECT}


def test_subject_line_message_and_replied_to_message_name_the_owner():
    table = messages(
        message("m1", "Any record on him?", subject="Query: DOE, JANE", sender=ICE, to=POLICE),
        message("m2", "Just the one arrest, 3/26, A&B FHM. Report attached.", subject="RE: Query: DOE, JANE"),
        message("m3", "Just the one arrest, 5/20, Mal Dest.", subject="RE: Record request", in_reply_to="m4"),
        message("m4", "Can you grab the booking sheet for Richard Roe?", subject="Record request", sender=ICE,
                to=POLICE),
        message("m5", "OUI (c. 90 § 24)", subject="John Smith"),
    )
    charges = link_charges(table, entities(table)).set_index("message_id")
    assert (charges.at["m2", "person_id"], charges.at["m2", "link"]) == ("P-doe", "subject line")
    assert (charges.at["m3", "person_id"], charges.at["m3", "link"]) == ("P-roe", "replied-to message")
    assert (charges.at["m5", "person_id"], charges.at["m5", "link"]) == ("P-smith", "subject line")


def test_a_name_the_tagger_missed_is_found_from_the_names_it_tagged_elsewhere():
    table = messages(message("m1", "Detainer lodged for SMITH, JOHN, DOB 1/2/1980."),
                     message("m2", "FYI Smith, John is on for arraignment Friday. He is charged with OUI today."))
    tagged = entities(table)
    tagged = tagged[tagged["message_id"] == "m1"]  # "Smith, John" in m2 was not tagged
    charges = link_charges(table, tagged)
    assert owners(charges) == [("OUI", "P-smith", "previous sentence")]


# ------------------------------------------------------------------ attached forms

DETAINER = ("DEPARTMENT OF HOMELAND SECURITY\nIMMIGRATION DETAINER - NOTICE OF ACTION\nForm I-247A\n"
            "Name of Alien: ROE, RICHARD\nDate of Birth: April 5, 1990\n"
            "Current charge(s): Operating after suspension (c. 90 § 23)\n")
REPORT = ("BOSTON POLICE DEPARTMENT\nINCIDENT REPORT - EXCERPT\nReport Number: I192000001\n"
          "Offense(s): Trespass (G.L. c. 266 s. 120)\nReporting Officer: Ofc. Edgar Poe\nPERSONS\n"
          "Suspect 1: DOE, JANE\nDOB: 2/3/85\n")


def test_charges_in_attached_forms_belong_to_the_forms_subject():
    body = "All,\nPlease see the attached detainer and report for John Smith.\n" + DETAINER + REPORT
    table = messages(message("m1", body, sender=ICE, to=POLICE))
    charges = link_charges(table, entities(table))
    assert owners(charges) == [("Operating after suspension (c. 90 § 23)", "P-roe", "form"),
                               ("Trespass (G.L. c. 266 s. 120)", "P-doe", "form")]
    assert set(charges["part"]) == {"attached form"}
    assert [body[s:s + 10] for s, _ in form_spans(body)] == ["DEPARTMENT", "BOSTON POL"]


def test_a_form_without_a_name_line_falls_back_to_the_message():
    body = "Detainer attached.\nIMMIGRATION DETAINER - NOTICE OF ACTION\nCurrent charge(s): OUI\n"
    table = messages(message("m1", body, subject="I-247A / John Smith", sender=ICE, to=POLICE))
    assert owners(link_charges(table, entities(table))) == [("OUI", "P-smith", "subject line")]


# ------------------------------------------------------------------ levels, pages, duplicates

def test_value_thresholds_are_those_in_force_when_the_message_was_written():
    # $800: over the $250 felony threshold before 13 April 2018, under the $1,200 one since.
    body = "John Smith was arrested for Larceny ($800) (266/30)."
    table = messages(message("m2017", body, sent="2017-03-01 09:00"), message("m2019", body, sent="2019-03-01 09:00"))
    levels = link_charges(table, entities(table)).set_index("message_id")["level"]
    assert levels.to_dict() == {"m2017": "felony", "m2019": "misdemeanor"}


def test_page_and_bates_number_of_a_charge_on_a_later_page():
    first = "Kyle,\nThree for you today. John Smith was booked on OUI.\n"
    body = first + "Jane Doe was booked on Shoplifting.\nThanks"
    table = messages(message("m1", body, page=10, page_end=11, breaks=[len(first)], bates="BPD-000010",
                             bates_end="BPD-000011"))
    charges = link_charges(table, entities(table))
    assert charges[["page", "bates"]].values.tolist() == [[10, "BPD-000010"], [11, "BPD-000011"]]
    assert charges["where"].iloc[1] == "production.pdf p. 11 (BPD-000011)"
    pages = pd.DataFrame({"source_file": ["production.pdf"], "page": [11], "bates": ["BPD-000011A"]})
    assert link_charges(table, entities(table), pages=pages)["bates"].iloc[1] == "BPD-000011A"


def test_printed_line_wraps_do_not_split_a_charge():
    text = "x" * 80 + " on Larceny\nunder $1,200 (266/30) and trespass.\n1. next item"
    assert unwrap(text) == "x" * 80 + " on Larceny under $1,200 (266/30) and trespass.\n1. next item"
    assert len(unwrap(text)) == len(text)


def test_a_message_printed_twice_is_counted_once():
    body = "John Smith was booked on OUI. DOB 1/2/1980."
    table = messages(message("m1", body), message("m1-copy", body, page=5, duplicate_of="m1"))
    tagged = entities(table, [identifier(messages(message("m1", body)), "m1", "DOB", "1/2/1980")])
    charges = link_charges(table, tagged)
    assert list(charges["message_id"]) == ["m1"]
    smith = subject_severity(charges, tagged, table).set_index("person_id").loc["P-smith"]
    assert (smith["charges"], smith["charge_mentions"], list(smith["to_ice_messages"])) == (1, 1, ["m1"])


# ------------------------------------------------------------------ subjects

def test_subject_severity_groups_and_what_went_to_ice():
    table = messages(
        # police -> ICE with a date of birth and a charge: sent
        message("m1", "John Smith, DOB 1/2/1980, was booked on A&B DW (265/15A)."),
        # police -> ICE with a name only: named, not sent
        message("m2", "Jane Doe is getting out at 3 PM."),
        # internal police message with Jane's charge: not to ICE
        message("m3", "Jane Doe was booked on Shoplifting.", to="nathan.mulroy@pd.boston.gov"),
        # ICE -> police detainer about Richard Roe
        message("m4", "Detainer attached for Richard Roe.\n" + DETAINER, subject="I-247A / Richard Roe",
                sender=ICE, to=POLICE),
        # police -> ICE, a charge whose level depends on an unknown value
        message("m5", "Edgar Poe was arrested for larceny. Report attached."),
    )
    tagged = entities(table, [identifier(table, "m1", "DOB", "1/2/1980")])
    charges = link_charges(table, tagged)
    severity = subject_severity(charges, tagged, table).set_index("person_id")
    assert severity.loc["P-smith", "severity"] == FELONY_OR_VIOLENT
    assert severity.loc["P-smith", ["level", "violent", "sent_to_ice", "to_ice"]].tolist() == [
        "felony", True, True, True]
    assert list(severity.loc["P-smith", "to_ice_messages"]) == ["m1"]
    assert severity.loc["P-doe", ["severity", "named_to_ice", "sent_to_ice", "to_ice"]].tolist() == [
        MINOR_ONLY, True, False, False]
    assert severity.loc["P-roe", ["severity", "detainer", "to_ice"]].tolist() == [MINOR_ONLY, True, True]
    assert list(severity.loc["P-roe", "detainer_messages"]) == ["m4"]
    assert severity.loc["P-poe", ["severity", "unknown_level", "sent_to_ice"]].tolist() == [LEVEL_UNKNOWN, 1, True]
    assert severity.loc["P-smith", "charge_pages"][0] == "production.pdf p. 1 (BPD-000001)"


def test_arguable_violence_and_no_charge_are_groups_of_their_own():
    table = messages(message("m1", "John Smith was booked on Threats."), message("m2", "Jane Doe called back."))
    tagged = entities(table)
    severity = subject_severity(link_charges(table, tagged), tagged, table).set_index("person_id")
    assert severity.loc["P-smith", "severity"] == VIOLENCE_ARGUABLE
    assert severity.loc["P-doe", ["severity", "charges", "most_serious"]].tolist()[:2] == [NO_CHARGE, 0]


def test_an_offence_named_twice_counts_once_with_its_known_level():
    table = messages(message("m1", "John Smith was arrested for larceny.", sent="2019-03-01 09:00"),
                     message("m2", "John Smith: Larceny under $1200 (266/30).", sent="2019-03-02 09:00"))
    tagged = entities(table)
    smith = subject_severity(link_charges(table, tagged), tagged, table).set_index("person_id").loc["P-smith"]
    assert (smith["charges"], smith["charge_mentions"], smith["level"], smith["unknown_level"]) == (
        1, 2, "misdemeanor", 0)
    assert smith["severity"] == MINOR_ONLY


# ------------------------------------------------------------------ the sample's answer key

def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _section(section: str) -> str:
    """'24(2)(a)' -> '24': pairs are compared by chapter and section, subsections aside."""
    return re.match(r"[0-9A-Za-z]+", section).group(0)


@pytest.fixture(scope="module")
def sample(sample_processed):
    from sample_truth import load_truth, match_messages

    folder = sample_processed
    tables = {name: pd.read_parquet(folder / f"{name}.parquet")
              for name in ("messages", "entities", "charges", "subject_severity")}
    truth = load_truth()
    # Each processed person is the answer key's subject whose written names its PERSON mentions match most.
    by_name: dict[str, set[str]] = {}
    for person in truth["people"]:
        if person["role"] == "subject":
            for name in [person["name"], *person["names"]]:
                by_name.setdefault(_fold(name), set()).add(person["person_id"])
    votes: dict[str, dict[str, int]] = {}
    people = tables["entities"][(tables["entities"]["label"] == "PERSON") & tables["entities"]["person_id"].notna()]
    for person_id, text in zip(people["person_id"], people["text"]):
        for truth_id in by_name.get(_fold(text), ()):
            votes.setdefault(person_id, {}).setdefault(truth_id, 0)
            votes[person_id][truth_id] += 1
    to_truth = {p: max(sorted(v), key=v.get) for p, v in votes.items()}
    messages = tables["messages"]
    truth_of = dict(zip(messages["message_id"], match_messages(messages, truth)))
    return tables, truth, to_truth, truth_of


def test_sample_charges_are_linked_to_the_right_people(sample):
    tables, truth, to_truth, truth_of = sample
    charges = tables["charges"]
    found = {(to_truth[p], c, s) for p, c, s in zip(charges["person_id"], charges["chapter"], charges["section"])
             if isinstance(p, str) and p in to_truth and isinstance(c, str) and isinstance(s, str)}
    printed = {truth_of[m] for m in tables["messages"].loc[tables["messages"]["duplicate_of"].isna(), "message_id"]}
    expected = {(c["person_id"], c["chapter"], _section(c["section"]))
                for record in truth["messages"] if record["truth_id"] in printed
                for c in record["charges"] + record["attachment_charges"]}
    right = found & expected
    precision, recall = len(right) / len(found), len(right) / len(expected)
    print(f"(subject, chapter, section) pairs: {len(found)} found, {len(expected)} in the answer key, "
          f"{len(right)} right: precision {precision:.3f}, recall {recall:.3f}")
    # Floors a little under what the sample gives (0.87 / 1.00), so a regression shows. Precision is held
    # down by civil infractions the sample names as the reason for a stop ("MV stop for a red light
    # violation"), which the answer key does not list as charges.
    assert recall >= 0.95
    assert precision >= 0.80


def test_sample_charges_in_each_message(sample):
    tables, truth, to_truth, truth_of = sample
    charges = tables["charges"]
    found = {(truth_of[m], to_truth.get(p), c, s)
             for m, p, c, s in zip(charges["message_id"], charges["person_id"], charges["chapter"], charges["section"])
             if isinstance(c, str) and isinstance(s, str)}
    messages = tables["messages"].set_index("message_id")
    # In scope: charges printed in the message's own text, subject line or attached pages as the ingest split
    # them (a forward's charges sit in its quoted history and belong to the message it quotes).
    expected = set()
    for message_id in messages.index[messages["duplicate_of"].isna()]:
        record = next(r for r in truth["messages"] if r["truth_id"] == truth_of[message_id])
        text = _fold(" ".join(f"{messages.at[message_id, 'subject'] if isinstance(messages.at[message_id, 'subject'], str) else ''} {messages.at[message_id, 'body']}".split()))
        for c in record["charges"] + record["attachment_charges"]:
            if _fold(" ".join(c["text_as_written"].split())) in text:
                expected.add((record["truth_id"], c["person_id"], c["chapter"], _section(c["section"])))
    right = found & expected
    precision, recall = len(right) / len(found), len(right) / len(expected)
    print(f"(message, subject, chapter, section): precision {precision:.3f}, recall {recall:.3f}")
    assert recall >= 0.90
    assert precision >= 0.90


def test_sample_subjects_whose_information_went_to_ice(sample):
    tables, truth, to_truth, truth_of = sample
    printed = {truth_of[m] for m in tables["messages"].loc[tables["messages"]["duplicate_of"].isna(), "message_id"]}
    expected = set()
    for record in truth["messages"]:
        if record["truth_id"] not in printed:
            continue
        charged = {c["person_id"] for c in record["charges"]}
        if record["direction"] == "police->ice" and (set(record["personal_data"]) - {"name"}):
            expected |= set(record["subjects"])
        if record["direction"] == "police->ice":
            expected |= set(record["subjects"]) & charged
        if record["direction"] == "ice->police" and record["kind"] == "detainer":
            expected |= set(record["subjects"]) | set(record["attachment_subjects"])
    severity = tables["subject_severity"]
    found = {to_truth[p] for p in severity.loc[severity["to_ice"], "person_id"] if p in to_truth}
    print(f"subjects whose information went to ICE: {len(found)} found, {len(expected)} in the answer key, "
          f"{len(found & expected)} agree")
    assert len(found & expected) / len(expected) >= 0.95
    assert len(found - expected) <= 2


# ------------------------------------------------------------------ reading the tables (notebook 03)

@pytest.fixture
def severity_table():
    table = messages(
        message("m1", "John Smith, DOB 1/2/1980, was booked on A&B DW (265/15A)."),
        message("m2", "Jane Doe, DOB 2/3/1985, was booked on Shoplifting.", sent="2019-02-01 10:00"),
        message("m4", "Detainer attached for Richard Roe.\n" + DETAINER, subject="I-247A / Richard Roe",
                sender=ICE, to=POLICE),
        message("m5", "Edgar Poe was booked on Threats. Report attached.", to="nathan.mulroy@pd.boston.gov"),
    )
    tagged = entities(table, [identifier(table, "m1", "DOB", "1/2/1980"), identifier(table, "m2", "DOB", "2/3/1985")])
    charges = link_charges(table, tagged)
    return subject_severity(charges, tagged, table), charges


def test_headline_counts_people_whose_information_went_to_ice(severity_table):
    from lib.charges.summary import headline, headline_text

    severity, _ = severity_table
    numbers = headline(severity)
    assert (numbers["to_ice"], numbers[MINOR_ONLY], numbers[FELONY_OR_VIOLENT]) == (3, 2, 1)
    assert numbers["detainer_only"] == 1
    assert numbers[VIOLENCE_ARGUABLE] == 0  # Edgar Poe's threats stayed inside the police
    assert headline_text(numbers).startswith("Of the 3 people whose information went to ICE in these emails, 2 (67%)")


def test_tables_for_the_notebook_keep_their_order_and_citations(severity_table):
    from lib.charges.summary import CLASSES, class_counts, detainers_by_class, minor_only_people

    severity, charges = severity_table
    classes = class_counts(severity)
    assert list(classes["most serious charge"]) == list(CLASSES)
    assert int(classes["all subjects"].sum()) == len(severity)
    minor = minor_only_people(severity, charges)
    assert list(minor["person_id"]) == ["P-doe", "P-roe"]  # by the date their information first went to ICE
    assert minor.set_index("person_id").at["P-doe", "charges"] == "Shoplifting (misdemeanor)"
    assert minor.set_index("person_id").at["P-roe", "how"] == "ICE detainer"
    assert minor.set_index("person_id").at["P-doe", "pages (to ICE)"] == "production.pdf p. 1 (BPD-000001)"
    detainers = detainers_by_class(severity).set_index("most serious charge")
    assert detainers.at["misdemeanor", "people with a detainer"] == 1


def test_context_never_cuts_a_name_or_an_identifier_in_half():
    gap = " " + " ".join(["word"] * 14) + " "
    body = "Notes from the weekend follow here without any stop " + "ROE, RICHARD" + gap + "Rec stolen prop"
    table = messages(message("m1", body))
    context = link_charges(table, entities(table))["context"].iloc[0]
    assert context.startswith("…ROE, RICHARD word")
    assert all(not context.startswith(f"…{cut}") for cut in ("OE, RICHARD", "E, RICHARD", "RICHARD"))


def test_charges_put_in_order_a_column_at_a_time_are_sorted_as_a_whole_table():
    from lib.charges.links import _in_charge_order

    times = pd.to_datetime(["2019-03-02", None, "2019-03-01", "2019-03-01", "2019-03-01"]).tz_localize(
        "America/New_York")
    charges = pd.DataFrame({"message_id": pd.array(["m2", "m3", "m1", "m1", "m0"], dtype="string"),
                            "field": pd.array(["body", "body", "body", "subject", "body"], dtype="string"),
                            "start_char": [5, 0, 3, 9, 1], "sent_at": times})
    expected = (charges.assign(_field=charges["field"].map({"subject": 0, "body": 1}))
                .sort_values(["sent_at", "message_id", "_field", "start_char"], na_position="last", kind="stable")
                .drop(columns="_field").reset_index(drop=True))
    pd.testing.assert_frame_equal(_in_charge_order(charges), expected)
    assert charges.columns.empty  # each column dropped once taken


def test_readings_of_went_to_ice_count_people_by_their_most_serious_charge():
    from lib import charges

    severity = pd.DataFrame({"to_ice": [True, True, False, True], "sent_to_ice": [True, False, False, False],
                             "named_to_ice": [True, True, True, True],
                             "severity": [charges.MINOR_ONLY, charges.FELONY_OR_VIOLENT, charges.MINOR_ONLY,
                                          charges.LEVEL_UNKNOWN]})
    table = charges.readings_table(severity).set_index("reading")
    assert table["people"].tolist() == [3, 1, 4]
    assert table["only non-violent, non-felony"].tolist() == [1, 1, 2]
    assert table["felony or violent"].tolist() == [1, 0, 1]


def test_people_with_a_category_of_charge_count_each_person_once():
    from lib import charges

    rows = pd.DataFrame({"person_id": ["p1", "p1", "p2", "p3"], "category": ["drug", "drug", "traffic", "drug"]})
    assert charges.people_with_category(pd.DataFrame({"person_id": ["p1", "p2"]}), rows, "drug") == 1
