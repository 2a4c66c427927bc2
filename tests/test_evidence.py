"""Tests of lib.evidence: claims files, each evidence query on planted and decoy messages, citations,
the summary, and recall of the sample's planted cases against its answer key."""

from __future__ import annotations

import re
import textwrap
import unicodedata

import pandas as pd
import pytest
import yaml

from lib import evidence
from lib.charges import FELONY_OR_VIOLENT, LEVEL_UNKNOWN, MINOR_ONLY
from lib.core.paths import ROOT, SAMPLE_RAW
from lib.core.schema import coerce_messages

BPD, ICE, SHERIFF = "jane.roe@pd.boston.gov", "sam.doe@ice.dhs.gov", "pat.lee@scsdma.org"
BPD2, ICE2 = "mark.moe@pd.boston.gov", "ann.poe@ice.dhs.gov"


def message(message_id: str, body: str, sender: str = BPD, to: tuple[str, ...] = (ICE,), *, subject: str = "Note",
            sent: str = "2017-03-01 10:00", **extra) -> dict:
    return {"message_id": message_id, "source_file": "prod.pdf", "page_start": 1, "page_end": 1,
            "bates_start": "BPD-000001", "sent_at": pd.Timestamp(sent, tz="America/New_York"), "sender": sender,
            "sender_name": None, "to": list(to), "cc": [], "subject": subject, "body": body, "quoted": "",
            "redactions": 0, "attachments": [], "reconstructed": False, **extra}


def records(*rows: dict, **tables) -> evidence.Records:
    return evidence.Records({"messages": coerce_messages(pd.DataFrame(list(rows))), **tables})


def found(query: str, recs: evidence.Records) -> set[str]:
    return set(evidence.run_query(query, recs)["message_id"])


# --- Each query on planted and decoy messages --------------------------------------------------------

def test_covers_ice_shifts_needs_a_police_officer_offering_ice_work():
    recs = records(
        message("offer", "I can cover Monday for you, I'm around."),
        message("fill", "I filled in for Agent Smith on the duty desk last week."),
        message("agents", "I can cover for the special agents on leave next week."),
        message("take", "Happy to take your shift Saturday."),
        message("ice-internal", "I can cover Monday.", sender=ICE2, to=(ICE,)),
        message("declined", "I can't cover Monday, sorry."),
        message("letter", "Cover letter attached."),
    )
    assert found("covers_ice_shifts", recs) == {"offer", "fill", "agents", "take"}


def test_holds_for_pickup_finds_holds_and_requests_but_not_refusals_or_bail():
    recs = records(
        message("held", "Holding DOE, JOHN (A# 012345678) for pickup at B-2. Let me know your ETA."),
        message("asked", "Can you ask them to hold him at the desk until we get there?", sender=ICE, to=(BPD,)),
        message("detainer", "We can hold him on the detainer until 5."),
        message("subject-line", "Thanks", subject="Holding for pickup"),
        message("reply-subject", "Is he out yet?", sender=ICE, to=(BPD,), subject="RE: Holding for pickup"),
        message("refused", "They can't hold him until you get there."),
        message("bail", "He's held on bail at Nashua Street Jail."),
        message("wait", "Hold on, let me check."),
        message("internal", "Holding him for pickup at B-2.", to=(BPD2,)),
    )
    assert found("holds_for_pickup", recs) == {"held", "asked", "detainer", "subject-line"}


def test_release_alerts_are_police_telling_ice_of_a_release():
    recs = records(
        message("out", "FYI JOHN DOE is getting out at 3:00 PM."),
        message("bail", "This guy is at Nashua St. and has a detainer. His state case bail was reduced the other day, "
                        "he may be able to post it."),
        message("processed", "Judge released him on PR. He'll be processed out of the lockup around 11:30 AM."),
        message("asks", "Please let us know before she is released.", sender=ICE, to=(BPD,)),
        message("promise", "I'll let you know when he is released."),
        message("court", "He has a pretrial on Monday at 9:00 AM, Courtroom 2."),
        message("sheriff", "Inmate DOE is due for release on 3/15.", sender=SHERIFF, to=(ICE,)),
        message("negated", "He won't be released until his trial."),
    )
    assert found("release_alerts", recs) == {"out", "bail", "processed"}


def test_checks_for_ice_are_results_sent_to_ice():
    recs = records(
        message("ran", "Ran him. RMV: S12345678 (SUSPENDED)."),
        message("cori", "CORI shows larceny 2015. Nothing in NCIC."),
        message("booking", "Booking says 15 minutes."),
        message("request", "Can you run him through RMV and CORI?", sender=ICE, to=(BPD,)),
        message("internal", "CORI shows nothing.", to=(BPD2,)),
    )
    assert found("checks_for_ice", recs) == {"ran", "cori", "booking"}


def test_serves_ice_detainers_is_the_detainer_taken_to_booking():
    recs = records(
        message("booking", "Got it. I'll get it over to booking at Nashua Street Jail."),
        message("lodged", "Lodged with Nashua Street Jail records."),
        message("transport", "Custody. He'll be brought over from Nashua Street Jail in the morning."),
        message("ack", "Thanks, got it. Will keep you posted."),
        message("ice-asks", "Can you make sure booking has it?", sender=ICE, to=(BPD,)),
    )
    assert found("serves_ice_detainers", recs) == {"booking", "lodged"}


def test_ice_role_of_officer_is_a_police_sender_describing_an_ice_role():
    recs = records(
        message("signature", "Thanks.\nDet. Jane Roe\nDetective, Task Force Officer (ICE ERO)\nBoston Police"),
        message("stats", "Need your TFO stats by Friday please.", sender=BPD2, to=(BPD,)),
        message("ice-mention", "Anything from the BPD TFO goes to the duty box.", sender=ICE2, to=(ICE,)),
        message("other-force", "The gang task force officer called back."),
    )
    assert found("ice_role_of_officer", recs) == {"signature", "stats"}


SIGNATURE = "Det. Jane Roe\n1 Schroeder Plaza, Boston, MA 02120"


def test_passes_records_to_ice_reads_text_attachments_forwards_and_tagged_identifiers():
    rows = [
        message("report", "Report I172081684 is attached. Address on the report is 8 Jones Court, Charlestown 02129."),
        message("attachment", "Attached.", attachments=["I172085595.pdf"]),
        message("forward", "See #2 below.", subject="FW: Daily arrests",
                quoted="-----Original Message-----\nFrom: Mark Moe\nSubject: Daily arrests\n"
                       "2. DOE, JOHN, DOB 5/7/80\n Address: 14 Sanchez Avenue, Hyde Park"),
        message("tagged", "He's staying with his cousin at 12 Elm St now."),
        message("ice-asks", "DOB 5/7/80. Need a current address?", sender=ICE, to=(BPD,)),
        message("bulletin", "Address: 14 Sanchez Avenue, Hyde Park. DOB 5/7/80", to=(BPD2,)),
        message("a-number", "DOE (A# 044915385) made bail."),
        message("asking", "Need a current address?"),
    ]
    # Five thank-yous whose only "address" is the liaison's own, in a signature line.
    rows += [message(f"thanks{i}", f"Thanks {i}.\n{SIGNATURE}") for i in range(5)]
    address = "12 Elm St"
    tagged = pd.DataFrame([
        {"message_id": "tagged", "field": "body", "start_char": rows[3]["body"].index(address),
         "end_char": rows[3]["body"].index(address) + len(address), "text": address, "label": "ADDRESS",
         "role": None, "person_id": None},
        *[{"message_id": f"thanks{i}", "field": "body", "start_char": len(f"Thanks {i}.\nDet. Jane Roe\n"),
           "end_char": len(f"Thanks {i}.\n{SIGNATURE}"), "text": "1 Schroeder Plaza, Boston, MA 02120",
           "label": "ADDRESS", "role": None, "person_id": None} for i in range(5)],
    ])
    recs = records(*rows, entities=tagged)
    rows_found = evidence.run_query("passes_records_to_ice", recs)
    assert set(rows_found["message_id"]) == {"report", "attachment", "forward", "tagged"}
    assert set(rows_found.loc[rows_found["message_id"] == "forward", "field"]) == {"quoted"}
    assert set(rows_found.loc[rows_found["message_id"] == "attachment", "field"]) == {"attachments"}
    assert "entity.ADDRESS" in set(rows_found.loc[rows_found["message_id"] == "tagged", "cue"])
    # A tagged identifier and a pattern over the same words give one row, not two.
    assert not rows_found.duplicated(["message_id", "field", "start_char", "end_char"]).any()


def _person(message_id: str, body: str, name: str, person_id: str) -> dict:
    start = body.index(name)
    return {"message_id": message_id, "field": "body", "start_char": start, "end_char": start + len(name),
            "text": name, "label": "PERSON", "role": "subject", "person_id": person_id}


def test_shared_without_serious_charge_counts_only_minor_charges_sent_to_ice():
    bodies = {"m1": "John Doe, DOB 5/7/80, lives 3 Elm St.", "m2": "Ana Ruiz, DOB 1/2/90, was arrested for ABDW.",
              "m3": "Li Wu, DOB 3/3/85, larceny.", "m0": "John Doe, DOB 5/7/80, again."}
    recs = records(message("m0", bodies["m0"], sent="2017-03-02 10:00"), message("m1", bodies["m1"]),
                   message("m2", bodies["m2"]), message("m3", bodies["m3"]),
                   entities=pd.DataFrame([_person("m1", bodies["m1"], "John Doe", "P1"),
                                          _person("m0", bodies["m0"], "John Doe", "P1"),
                                          _person("m2", bodies["m2"], "Ana Ruiz", "P2"),
                                          _person("m3", bodies["m3"], "Li Wu", "P4")]),
                   subject_severity=pd.DataFrame([
                       {"person_id": "P1", "name": "John Doe", "severity": MINOR_ONLY, "sent_to_ice": True,
                        "to_ice_messages": ["m0", "m1"]},
                       {"person_id": "P2", "name": "Ana Ruiz", "severity": FELONY_OR_VIOLENT, "sent_to_ice": True,
                        "to_ice_messages": ["m2"]},
                       {"person_id": "P3", "name": "Bo Li", "severity": MINOR_ONLY, "sent_to_ice": False,
                        "to_ice_messages": []},
                       {"person_id": "P4", "name": "Li Wu", "severity": LEVEL_UNKNOWN, "sent_to_ice": True,
                        "to_ice_messages": ["m3"]},
                   ]))
    out = evidence.run_query("shared_without_serious_charge", recs)
    assert out[["person_id", "message_id", "match"]].values.tolist() == [["P1", "m1", "John Doe"]]  # first by date
    assert "3 people had personal data sent to ICE" in out.attrs["note"]


def test_a_query_whose_table_is_not_built_is_reported_not_counted():
    recs = records(message("m1", "John Doe, DOB 5/7/80."))
    with pytest.raises(evidence.NotBuilt, match="subject_severity"):
        evidence.run_query("shared_without_serious_charge", recs)
    claim = evidence.Claim(id="c", statement="s", speaker="x", role="", date="2019", venue="", source="",
                           source_url="https://example.org", verification="v",
                           tests=(evidence.ClaimTest("shared_without_serious_charge"), evidence.ClaimTest("release_alerts")))
    summary = evidence.evaluate([claim], recs)
    assert summary["confidence"].tolist() == ["not yet built", "none found"]
    assert summary["count"].isna().tolist() == [True, False]
    assert "not yet built" in summary.loc[0, "note"]


# --- Citations ---------------------------------------------------------------------------------------

def test_a_match_is_cited_to_the_page_and_bates_number_that_hold_it():
    body = "First page text here.\nFYI JOHN DOE is getting out at 3:00 PM."
    recs = records(message("m1", body, page_start=4, page_end=5, page_breaks=[body.index("FYI")]),
                   pages=pd.DataFrame({"source_file": ["prod.pdf", "prod.pdf"], "page": [4, 5],
                                       "bates": ["BPD-000004", "BPD-000005"]}))
    row = evidence.run_query("release_alerts", recs).iloc[0]
    assert body[row["start_char"]:row["end_char"]] == row["match"] == "getting out"
    assert (row["page"], row["bates"], row["where"]) == (5, "BPD-000005", "prod.pdf p. 5 (BPD-000005)")
    assert row["direction"] == "police->ice" and "**getting out**" in row["context"]


def test_repeated_printings_count_once():
    recs = records(message("m1", "FYI JOHN DOE is getting out at 3:00 PM."),
                   message("m2", "FYI JOHN DOE is getting out at 3:00 PM.", duplicate_of="m1"))
    assert found("release_alerts", recs) == {"m1"}


# --- Claims files -------------------------------------------------------------------------------------

CLAIM = {"id": "c1", "statement": "We are not agents of ICE.", "speaker": "A. Person", "date": "2019-04-09",
         "source_url": "https://example.org/a", "verification": "Checked against the report.",
         "tests": ["holds_for_pickup", {"query": "release_alerts", "reads_as": "Alerts at release."}]}


def write_claims(tmp_path, *claims) -> str:
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump({"version": "1", "claims": list(claims)}, sort_keys=False))
    return path


def test_load_claims_reads_statements_and_tests(tmp_path):
    (claim,) = evidence.load_claims(write_claims(tmp_path, CLAIM))
    assert claim.queries == ["holds_for_pickup", "release_alerts"]
    assert claim.tests[1].reads_as == "Alerts at release."
    path = tmp_path / "dated.yaml"
    path.write_text(write_claims(tmp_path, CLAIM).read_text().replace("'2019-04-09'", "2019-04-09"))
    assert evidence.load_claims(path)[0].date == "2019-04-09"  # an unquoted YAML date keeps its text


@pytest.mark.parametrize("change, message", [
    ({"tests": ["no_such_query"]}, "unknown query"),
    ({"verification": ""}, "missing"),
    ({"date": "9 April 2019"}, "not YYYY-MM-DD"),
    ({"speech": "x"}, "unknown field"),
])
def test_load_claims_names_the_claim_at_fault(tmp_path, change, message):
    with pytest.raises(evidence.ClaimsError, match=message):
        evidence.load_claims(write_claims(tmp_path, CLAIM | change))


def test_every_query_is_described():
    table = evidence.queries_table()
    assert table["query"].tolist() == list(evidence.QUERIES)
    assert (table["test"].str.len() > 60).all() and (table["caveat"].str.len() > 40).all()


def test_load_claims_refuses_a_repeated_id(tmp_path):
    with pytest.raises(evidence.ClaimsError, match="used twice"):
        evidence.load_claims(write_claims(tmp_path, CLAIM, CLAIM))


def test_the_real_case_claims_are_sourced_and_say_what_was_verified():
    claims = evidence.load_claims(ROOT / "data" / "raw" / "claims.yaml")
    ids = {c.id for c in claims}
    assert {"not_agents_of_ice", "databases_are_ours", "serious_crime_only", "trust_act_abided"} <= ids
    for claim in claims:
        assert claim.source_url.startswith("https://") and "example.org" not in claim.source_url
        assert len(claim.verification) > 80
        assert claim.would_change
    gross = next(c for c in claims if c.id == "not_agents_of_ice")
    assert (gross.speaker, gross.date) == ("William Gross", "2019-04-09")


def test_the_sample_claims_are_fictional():
    claims = evidence.load_claims(SAMPLE_RAW / "claims.yaml")
    for claim in claims:
        assert "(fictional)" in claim.speaker
        assert claim.source_url.startswith("https://example.org/")
    assert evidence.claims_file_for(SAMPLE_RAW) == SAMPLE_RAW / "claims.yaml"
    assert evidence.claims_file_for(ROOT / "data" / "raw" / "no-such-release") == ROOT / "data" / "raw" / "claims.yaml"


# --- Summary -------------------------------------------------------------------------------------------

def _rows(n: int, months: int, **flags) -> pd.DataFrame:
    return pd.DataFrame({
        "message_id": [f"m{i}" for i in range(n)], "person_id": None,
        "sent_at": [pd.Timestamp(f"2017-{1 + i % months:02d}-01", tz="America/New_York") for i in range(n)],
        "arguable": flags.get("arguable", False), "reconstructed": flags.get("reconstructed", False),
        "redactions": flags.get("redactions", 0),
    })


@pytest.mark.parametrize("rows, level", [
    (_rows(6, 3), "high"),
    (_rows(6, 1), "medium"),
    (_rows(3, 2), "medium"),
    (_rows(1, 1), "low"),
    (_rows(6, 3, arguable=True), "low"),
    (_rows(0, 1), "none found"),
])
def test_confidence_rules(rows, level):
    assert evidence.confidence(rows, evidence.QUERIES["release_alerts"])[0] == level


def test_timing_counts_messages_before_and_after_a_statement_at_its_precision():
    rows = _rows(3, 3)  # 1 January, 1 February, 1 March 2017
    assert evidence.timing(rows, "2017-02") == "1 before the statement, 1 in the same month, 1 after"
    assert evidence.timing(rows, "2017-02-15") == "2 before the statement, 1 after"
    assert evidence.timing(rows.iloc[0:0], "2017") == ""


def test_examples_are_distinct_messages_spread_over_time():
    rows = _rows(20, 10).sort_values("sent_at").reset_index(drop=True)
    rows = pd.concat([rows, rows.iloc[[0]]], ignore_index=True)
    picked = evidence.examples(rows, 5)
    assert len(picked) == 5 and picked["message_id"].is_unique
    assert picked["message_id"].iloc[0] == rows["message_id"].iloc[0]


# --- The sample against its answer key ---------------------------------------------------------------

@pytest.fixture(scope="module")
def sample(sample_records):
    from sample_truth import load_truth, match_messages

    recs = sample_records
    truth = load_truth()
    truth_ids = match_messages(recs.messages.reset_index(drop=True), truth).set_axis(recs.messages.index)
    by_id = {record["truth_id"]: record for record in truth["messages"]}
    return recs, truth, {m: by_id[t] for m, t in truth_ids.items() if t}


THREAD_KINDS: dict[str, set[str]] = {}


def _reply(record) -> bool:
    return bool(re.match(r"(?i)\s*(re|fw|fwd)\s*:", record["subject"] or ""))


def _own_record_data(record) -> set[str]:
    """Record data the message itself passes (a reply's subject repeats the date of birth ICE gave)."""
    data = (set(record["personal_data"]) | set(record.get("attachment_personal_data") or [])) & {
        "address", "phone", "police_report", "license", "dob"}
    return data - {"dob"} if _reply(record) and "DOB" in (record["subject"] or "") else data


HOLD_TEMPLATES = re.compile(r"^Holding .* for pickup|ask them to hold|hold off", re.MULTILINE)
DETAINER_DELIVERY = re.compile(r"get it over to booking|^Lodged with", re.MULTILINE)

#: Per query: the answer key's planted cases (all must be found) and decoys (none may be).
PLANTED_AND_DECOYS = {
    "release_alerts": (
        lambda r: r["kind"] == "release_alert" and "assignment" not in THREAD_KINDS[r["thread_id"]],
        lambda r: r["kind"] in {"release_notice", "detainer", "court_notice", "logistics", "thanks", "shift_coverage",
                                "internal_stats", "court_inquiry", "court_inquiry_reply", "records_reply",
                                "records_query", "info_request"}),
    "holds_for_pickup": (
        lambda r: bool(HOLD_TEMPLATES.search(r["body"])) or r["subject"] == "Holding for pickup",
        lambda r: r["kind"] in {"court_notice", "court_notice_reply", "detainer", "detainer_ack", "logistics",
                                "shift_coverage", "internal_stats", "thanks", "records_query", "records_reply",
                                "info_request", "release_notice", "release_notice_reply"}
        or "can't hold" in r["body"] or "held on bail" in r["body"]),
    "checks_for_ice": (
        lambda r: r["kind"] == "records_reply" or r["body"].startswith("Booking says"),
        lambda r: r["kind"] in {"records_query", "internal_inquiry_reply", "court_inquiry_reply", "detainer_ack",
                                "thanks", "logistics", "shift_coverage", "release_alert", "court_notice"}),
    "serves_ice_detainers": (
        lambda r: r["kind"] == "detainer_ack" and bool(DETAINER_DELIVERY.search(r["body"])),
        lambda r: r["kind"] in {"detainer_ack", "detainer", "court_inquiry_reply", "release_alert", "thanks",
                                "logistics", "records_reply"}),
    # The sample's shift coverage is ICE officers covering each other: every one is a decoy.
    "covers_ice_shifts": (lambda r: False, lambda r: r["kind"] in {"shift_coverage", "logistics", "thanks"}),
    "ice_role_of_officer": (
        lambda r: (r["sender"] or "").endswith("pd.boston.gov") and bool(re.search(r"Task Force Officer|\bTFO\b",
                                                                                   r["body"])),
        lambda r: (r["sender"] or "").endswith("ice.dhs.gov")),
    "passes_records_to_ice": (
        lambda r: r["direction"] == "police->ice" and (bool(_own_record_data(r))
                                                        or r["kind"] in {"records_reply", "forward"}),
        lambda r: r["direction"] != "police->ice" or not (
            set(r["personal_data"]) | set(r.get("attachment_personal_data") or [])) & {
            "address", "phone", "police_report", "license", "dob"} and r["kind"] not in {"records_reply", "forward"}),
}


@pytest.mark.parametrize("query", list(PLANTED_AND_DECOYS))
def test_sample_recall_of_planted_cases_and_no_decoys(sample, query):
    recs, truth, record_of = sample
    for record in truth["messages"]:
        THREAD_KINDS.setdefault(record["thread_id"], set()).add(record["kind"])
    is_planted, is_decoy = PLANTED_AND_DECOYS[query]
    planted = {m for m, r in record_of.items() if is_planted(r)}
    decoys = {m for m, r in record_of.items() if is_decoy(r) and not is_planted(r)}
    hits = set(evidence.run_query(query, recs)["message_id"])
    recall = len(hits & planted) / len(planted) if planted else float("nan")
    print(f"{query}: {len(hits)} found; {len(hits & planted)} of {len(planted)} planted (recall {recall:.2f}); "
          f"{len(hits & decoys)} of {len(decoys)} decoys; {len(hits - planted - decoys)} neither")
    assert not hits & decoys
    if planted:
        # One printed reply in the sample lost its attachment line in printing; everything else is found.
        assert recall >= 0.95


def _fold(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    if text.count(",") == 1:
        last, first = text.split(",")
        text = f"{first} {last}"
    return " ".join(sorted(re.findall(r"[a-z]+", text)))


def test_sample_people_named_to_ice_without_serious_charges(sample):
    """Against the answer key: people whose data went to ICE in police messages, every charge a misdemeanour."""
    recs, truth, record_of = sample
    names = {}
    for person in truth["people"]:
        if person["role"] == "subject":
            for name in [person["name"], *person["names"]]:
                names.setdefault(_fold(name), person["person_id"])
    people = {p["person_id"]: p for p in truth["people"]}
    violent = {"assault", "violent_felony", "sex_offense"}

    def minor(person) -> bool:
        return bool(person["charges"]) and all(c["level_hint"] == "misdemeanor" and c["category"] not in violent
                                               for c in person["charges"])

    sent = {s for r in record_of.values() if r["direction"] == "police->ice" and set(r["personal_data"]) - {"name"}
            for s in r["subjects"]}
    planted = {s for s in sent if minor(people[s])}
    decoys = sent - planted  # a felony or violent charge in the answer key
    rows = evidence.run_query("shared_without_serious_charge", recs)
    severity = recs.table("subject_severity").set_index("person_id")
    hits = {names.get(_fold(severity.at[p, "name"])) for p in rows["person_id"]}
    print(f"shared_without_serious_charge: {len(hits)} found; {len(hits & planted)} of {len(planted)} planted "
          f"(recall {len(hits & planted) / len(planted):.2f}); {len(hits & decoys)} of {len(decoys)} with a "
          f"serious charge; {rows.attrs['note']}")
    assert None not in hits
    assert not hits & decoys
    # People whose charge level the release leaves open are not counted, so recall is partial by design.
    assert len(hits & planted) / len(planted) >= 0.6


def test_every_sample_match_is_the_text_at_its_offsets(sample, sample_processed):
    recs, _, _ = sample
    claims = evidence.load_claims(SAMPLE_RAW / "claims.yaml")
    rows = evidence.evidence(claims, recs)
    assert len(rows) > 100
    messages = pd.read_parquet(sample_processed / "messages.parquet").set_index("message_id")  # texts as printed
    for row in rows.itertuples():
        text = str(messages.at[row.message_id, row.field] or "") if row.field != "attachments" else \
            "\n".join(messages.at[row.message_id, "attachments"])
        assert text[row.start_char:row.end_char] == row.match, row
    summary = evidence.evaluate(claims, recs)
    print(textwrap.indent(summary[["claim", "query", "count", "confidence"]].to_string(index=False), "  "))
    assert summary["count"].notna().all()


def test_masked_identifiers_in_published_tables_still_count_as_records():
    """Published tables mask identifiers; masking makes data lines repeat, but they are not signatures."""
    rows = [message(f"m{i}", f"Attached. Address on the report is [ADDRESS], phone [PHONE].\n{SIGNATURE}")
            for i in range(5)]
    rows.append(message("file", "Attached.", attachments=["[REPORT].pdf"]))
    rows_found = evidence.run_query("passes_records_to_ice", records(*rows))
    assert set(rows_found["message_id"]) == {"m0", "m1", "m2", "m3", "m4", "file"}
    assert not rows_found["match"].str.contains("Schroeder").any()


@pytest.mark.slow
def test_sample_counts_are_the_same_on_the_published_tables(sample, sample_public):
    recs, _, _ = sample
    claims = evidence.load_claims(SAMPLE_RAW / "claims.yaml")
    raw = evidence.evaluate(claims, recs)
    public = evidence.evaluate(claims, evidence.Records.load(sample_public))
    assert public["count"].tolist() == raw["count"].tolist()


def test_evidence_with_texts_read_a_batch_at_a_time_is_that_of_the_tables_in_memory(sample_processed):
    from lib.core.tables import text_batches

    claims = evidence.load_claims(SAMPLE_RAW / "claims.yaml")
    texts = text_batches(sample_processed / "messages.parquet", ["body", "quoted"], batch_rows=100)
    on_disk = evidence.Records.load(sample_processed, texts=texts)
    assert "body" not in on_disk.tables["messages"]  # the texts stay on disk
    in_memory = evidence.Records({path.stem: pd.read_parquet(path) for path in sample_processed.glob("*.parquet")})
    pd.testing.assert_frame_equal(evidence.evidence(claims, on_disk), evidence.evidence(claims, in_memory))
