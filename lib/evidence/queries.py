"""The named evidence queries (``QUERIES``): what each tests in plain words, what it can miss, and its rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from lib.core.directory import POLICE
from lib.evidence.records import NotBuilt, Records, _context, _empty_evidence, _on_repeated_line, _typed_evidence

POLICE_TO_ICE, ICE_TO_POLICE = "police->ice", "ice->police"

#: Entity labels that are a person's identifying data when a police officer passes them on.
RECORD_LABELS = ("ADDRESS", "DOB", "PHONE", "REPORT", "LICENSE")


def _one_line(text) -> str:
    return " ".join(str(text or "").split())


#: The parts of a message the sentence-structure rules read: prose, not attachment names or forwarded history.
ACT_FIELDS = ("body", "subject")

#: Patterns that name a report, which counts as police records unless its words name something else.
REPORT_PATTERNS = ("records.report_attached", "records.attached_report")

#: Categories whose pattern matches are read again in their sentence, and dropped when about a thing.
THING_CATEGORIES = ("holding", "release_timing", "serving_detainers")


def _covered(acts: pd.DataFrame, hits: pd.DataFrame) -> list[bool]:
    """Per act: whether a pattern match in the same message overlaps it (the match is kept, as cited before)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for m, s, e in zip(hits["message_id"], hits["start_char"], hits["end_char"]):
        spans.setdefault(m, []).append((s, e))
    return [any(s < end and start < e for s, e in spans.get(m, ()))
            for m, start, end in zip(acts["message_id"], acts["start_char"], acts["end_char"])]


def _about_things(records: Records, hits: pd.DataFrame, field_name: str) -> list[bool]:
    """Per pattern match: whether its sentence shows it is about a thing, not a person or police records
    (``ActFinder.about_things``): only the matches of ``THING_CATEGORIES`` and ``REPORT_PATTERNS`` are read,
    their sentences parsed together."""
    from lib.evidence.acts import act_finder

    read = (hits["category"].isin(THING_CATEGORIES) | hits["pattern_id"].isin(REPORT_PATTERNS)) \
        & ~hits["pattern_id"].str.startswith("acts.")
    if not read.any() or field_name not in ACT_FIELDS + ("quoted",):
        return [False] * len(hits)
    texts = records.field_text(field_name, ids=set(hits.loc[read, "message_id"]))
    chosen = hits[read]
    spans = [(texts[m], int(s), int(e), c) for m, s, e, c in
             zip(chosen["message_id"], chosen["start_char"], chosen["end_char"], chosen["category"])]
    things = iter(act_finder().about_things(spans))
    return [bool(r) and next(things) for r in read]


# --- Queries -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Query:
    """A named evidence query: what it tests, in plain words, and what it can miss."""

    name: str
    test: str  # the test in plain words
    found: str  # what each item found is, after its count: "12 messages <found>"
    caveat: str  # what it can miss or over-count
    run: Callable[[Records], pd.DataFrame]
    unit: str = "messages"
    needs: tuple[str, ...] = ("messages",)


QUERIES: dict[str, Query] = {}


def query(name: str, *, test: str, found: str, caveat: str, unit: str = "messages",
          needs: tuple[str, ...] = ("messages",)):
    """Register an evidence query under ``name`` (the name claims files use)."""
    def register(function: Callable[[Records], pd.DataFrame]) -> Callable[[Records], pd.DataFrame]:
        QUERIES[name] = Query(name, _one_line(test), _one_line(found), _one_line(caveat), function, unit, needs)
        return function
    return register


def pattern_evidence(records: Records, query_name: str, categories: tuple[str, ...], *,
                     fields: tuple[str, ...] = ("body",), directions: tuple[str, ...] | None = None,
                     sender_sides: tuple[str, ...] | None = None, skip_repeated_lines: bool = False,
                     acts: bool = False, not_things: bool = False) -> pd.DataFrame:
    """Matches of pattern categories in some parts of the messages sent in some directions, cited.

    With ``acts``, the acts the sentence-structure rules find (``Records.acts``) join the matches of their
    category, where no match covers them already. With ``not_things`` (and with ``acts``), a match whose
    sentence shows it is about a thing is not counted: "hold the package for pickup", "the quarterly overtime
    report is attached".
    """
    wanted = records.ids(directions=directions, sender_sides=sender_sides)
    parts = []
    for field_name in fields:
        hits = records.matches(field_name)
        hits = hits[hits["category"].isin(categories) & hits["message_id"].isin(wanted)]
        if acts and field_name in ACT_FIELDS:
            found = records.acts(field_name)
            found = found[found["category"].isin(categories) & found["message_id"].isin(wanted)]
            new = found[[not covered for covered in _covered(found, hits)]]
            hits = pd.concat([frame for frame in (hits, new) if len(frame)] or [hits], ignore_index=True)
        if (acts or not_things) and not hits.empty:
            hits = hits[[not thing for thing in _about_things(records, hits, field_name)]]
        if skip_repeated_lines and not hits.empty:
            texts = records.field_text(field_name, ids=set(hits["message_id"]))
            keep = [not _on_repeated_line(texts[m], s, records.repeated_lines)
                    for m, s in zip(hits["message_id"], hits["start_char"])]
            hits = hits[keep]
        parts.append(hits.assign(cue=hits["pattern_id"]))
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return records.cite(rows, query_name)


@query("covers_ice_shifts",
       found="in which a police officer offers to cover an ICE shift or duty",
       test="Messages from a police officer to ICE offering to cover, fill in for or work an ICE officer's shift, "
            "duty day, court detail, desk, phone or inbox: set phrasings, and sentences whose verb (cover, take, "
            "handle, work) has such a duty as its object, or that stand in for an officer (\"I can sit in "
            "for him Friday\").",
       caveat="Needs the offer in writing: cover arranged by phone, or a reply of only \"I've got it\", is not "
              "found. ICE officers covering each other's shifts are not counted. Whose duty it is is not read: a "
              "police officer covering a police colleague's shift, written to ICE, counts.")
def covers_ice_shifts(records: Records) -> pd.DataFrame:
    return pattern_evidence(records, "covers_ice_shifts", ("covering_shifts",), directions=(POLICE_TO_ICE,),
                            acts=True)


@query("holds_for_pickup",
       found="in which someone is held, or asked to be held, for ICE to pick up",
       test="Messages between police and ICE in which a person is held, or ICE asks that a person be held, "
            "for ICE to pick up, or a release is delayed until ICE arrives: set phrasings, and sentences whose "
            "holding verb (hold, keep, detain, lodge, retain) has a person as its object and a clause that points "
            "to ICE (\"until ICE arrives\", \"for ICE to collect\", \"for you guys\", \"till your officers get "
            "there\").",
       caveat="Counts requests as well as holds (the direction column tells them apart); a hold arranged by "
              "phone, or whose purpose is only in an earlier message, is not found. A refused hold (\"can't "
              "hold\") and things held (a room, a package, a spot) are excluded. A hold whose pickup is only in the "
              "next sentence (\"Could they detain her a little longer? ERO will pick her up.\") is marked arguable. "
              "The sentence rules read the parser's analysis and miss what it misreads (a name taken for a "
              "nationality, a clause attached to the wrong word).")
def holds_for_pickup(records: Records) -> pd.DataFrame:
    return pattern_evidence(records, "holds_for_pickup", ("holding",), fields=("body", "subject"),
                            directions=(POLICE_TO_ICE, ICE_TO_POLICE), acts=True)


@query("release_alerts",
       found="in which police tell ICE when someone is being released or posting bail",
       test="Messages from police to ICE giving the time of a release or bail: someone being released, "
            "posting bail, processed out of a lockup, held ready for pickup (set phrasings), and sentences whose "
            "release verb (release, discharge, free, let out, walk, bail out, leave the lockup) has a person, not a "
            "thing, as who goes, with a clock time or a day to come (\"Suffolk is releasing Mr. B at 4:30\", "
            "\"he walks at 2:45\").",
       caveat="Short follow-ups that give a time without these words (\"Booking says 15 minutes\") are found by "
              "checks_for_ice instead; a release a jail or sheriff announces to ICE directly is not counted. A "
              "release whose time is in another sentence, a request to be told (\"before she is released\"), a "
              "refusal, and things released (software, a press release) are not counted; the sentence rules miss "
              "what the parser misreads.")
def release_alerts(records: Records) -> pd.DataFrame:
    return pattern_evidence(records, "release_alerts", ("release_timing",), fields=("body", "subject"),
                            directions=(POLICE_TO_ICE,), acts=True)


@query("checks_for_ice",
       found="in which police report checks in police systems (RMV, CORI, NCIC, CJIS, RMS, booking...) to ICE",
       test="Messages from police to ICE reporting a check run for ICE: RMV, CORI or NCIC results, or what "
            "booking, the court or the jail said about a person (set phrasings), and sentences in which a check "
            "verb (run, check, query, search, look up, pull) has a police system as its object or place (\"ran "
            "her through CJIS\", \"looked him up in RMS\", \"did an NCIC check\"), or a system or its query is "
            "the subject of a result (\"NCIC came back clean\", \"his CORI lists\"). The systems are those of "
            "lib/reference/police_systems.csv.",
       caveat="Finds the check where its result or the system is written out; a check whose result is only "
              "attached, or given without naming the system, is found by passes_records_to_ice instead. A system "
              "not in police_systems.csv is not recognised, and \"booking\" counts only bare (\"in booking\", "
              "not \"the hotel booking\").")
def checks_for_ice(records: Records) -> pd.DataFrame:
    return pattern_evidence(records, "checks_for_ice", ("checking",), directions=(POLICE_TO_ICE,), acts=True)


@query("serves_ice_detainers",
       found="in which police take ICE detainers to booking or the jail",
       test="Messages from police to ICE saying an ICE detainer or warrant was taken to, or lodged with, "
            "booking, the jail or the court: set phrasings, and sentences whose verb (bring, take, carry, lodge, "
            "serve, drop off, hand, fax) has the detainer, I-247 or warrant as its object and booking, a jail, a "
            "court, its clerk or a named facility as where it went (or the person it was served on).",
       caveat="A plain \"Got it\" in reply to a detainer says nothing about what was done with it and is not "
              "counted, nor is \"I'll take care of it\". Whose warrant it is is not read: a state warrant taken "
              "to court, written to ICE, counts.")
def serves_ice_detainers(records: Records) -> pd.DataFrame:
    return pattern_evidence(records, "serves_ice_detainers", ("serving_detainers",), directions=(POLICE_TO_ICE,),
                            acts=True)


@query("ice_role_of_officer",
       found="from police describing an officer with an ICE role",
       test="Messages sent by police (to ICE or inside the department) in which a police officer is described "
            "with an ICE role: \"Task Force Officer (ICE ERO)\" in a signature, TFO statistics or credentials, "
            "deputation.",
       caveat="Mostly one officer's signature block, repeated: it shows the role, not any act. Count messages, "
              "not officers.")
def ice_role_of_officer(records: Records) -> pd.DataFrame:
    return pattern_evidence(records, "ice_role_of_officer", ("ice_role",), sender_sides=(POLICE,))


@query("passes_records_to_ice",
       found="in which police pass reports, booking data, database results or addresses to ICE",
       test="Messages from police to ICE that pass on police records: incident or arrest reports and their "
            "numbers, booking details and arrest history, RMV/CORI/NCIC results, or the address, phone or date "
            "of birth of a person written about (in the text, the subject line, attachments, or a forwarded "
            "message).",
       caveat="Signature lines repeated across many messages are set aside, so officers' own contact details do "
              "not count. A report the sentence names as something else (\"the quarterly overtime report is "
              "attached\") is not counted. Identifiers come from the entity tagger as well as the patterns; where "
              "entities are not yet built, only the patterns are read.",
       needs=("messages", "entities (if built)"))
def passes_records_to_ice(records: Records) -> pd.DataFrame:
    found = pattern_evidence(records, "passes_records_to_ice", ("records",), fields=("body", "subject", "quoted"),
                             directions=(POLICE_TO_ICE,), skip_repeated_lines=True, not_things=True)
    files = pattern_evidence(records, "passes_records_to_ice", ("record_files",), fields=("attachments",),
                             directions=(POLICE_TO_ICE,))
    identifiers = records.cite(_identifier_rows(records), "passes_records_to_ice")
    parts = [frame for frame in (found, files, identifiers) if not frame.empty]
    if not parts:
        return _empty_evidence()
    rows = pd.concat(parts, ignore_index=True)
    # A tagged identifier and a pattern often cover the same words; keep one row per span.
    rows = rows.drop_duplicates(["message_id", "field", "start_char", "end_char"])
    return _typed_evidence(rows)


def _identifier_rows(records: Records) -> pd.DataFrame:
    """Tagged addresses, dates of birth, phones, report and licence numbers in police-to-ICE text."""
    entities = records.table("entities")
    if entities is None or entities.empty:
        return pd.DataFrame()
    wanted = records.ids(directions=(POLICE_TO_ICE,))
    found = entities[entities["label"].isin(RECORD_LABELS) & entities["field"].isin(["body", "subject"])
                     & entities["message_id"].isin(wanted) & (entities["role"].fillna("") != "official")]
    texts = {field: records.field_text(field, ids=set(found.loc[found["field"] == field, "message_id"]))
             for field in ("body", "subject")}
    rows = []
    for entity in found.itertuples(index=False):
        text = texts[entity.field][entity.message_id]
        start, end = int(entity.start_char), int(entity.end_char)
        if text[start:end] != entity.text or _on_repeated_line(text, start, records.repeated_lines):
            continue  # not in the part searched (a reply's subject) or an officer's signature line
        protected = records.entity_spans(entity.field).get(entity.message_id, ())
        rows.append({"message_id": entity.message_id, "field": entity.field, "start_char": start, "end_char": end,
                     "match": entity.text, "context": _context(text, start, end, protected),
                     "cue": f"entity.{entity.label}", "arguable": False})
    return pd.DataFrame(rows)


@query("shared_without_serious_charge",
       found="whose personal data police sent to ICE, with no felony or violent charge in the release",
       test="People written about whose personal data (an identifier or a charge) a police-to-ICE message sent, "
            "and whose charges in the release are all non-violent misdemeanours or civil infractions.",
       caveat="Charges are those the release prints, as the charges stage reads them; people whose charge level "
              "is unknown, whose violence is arguable or who have no charge found are not counted either way. A "
              "felony or violence not written in these messages is invisible here.",
       unit="people", needs=("messages", "entities", "subject_severity"))
def shared_without_serious_charge(records: Records) -> pd.DataFrame:
    from lib.charges import MINOR_ONLY, SEVERITY_GROUPS

    severity = records.require("subject_severity")
    missing = [c for c in ("person_id", "name", "severity", "sent_to_ice", "to_ice_messages") if c not in severity]
    if missing:
        raise NotBuilt(f"subject_severity.parquet lacks column(s) {missing}")
    sent = severity[severity["sent_to_ice"].fillna(False).astype(bool)]
    counted = sent[sent["severity"] == MINOR_ONLY]
    first = {person.person_id: _first_message(records, list(person.to_ice_messages))
             for person in counted.itertuples(index=False)}
    bodies = records.field_text("body", ids={m for m in first.values() if m is not None})
    rows = [_first_mention(records, person.person_id, person.name, first[person.person_id], bodies)
            for person in counted.itertuples(index=False) if first[person.person_id] is not None]
    out = records.cite(pd.DataFrame([r for r in rows if r is not None]), "shared_without_serious_charge")
    groups = sent["severity"].value_counts()
    out.attrs["note"] = (f"{len(sent):,} people had personal data sent to ICE by police: "
                         + ", ".join(f"{int(groups.get(g, 0)):,} {g}" for g in SEVERITY_GROUPS)
                         + f" (only \"{MINOR_ONLY}\" is counted).")
    return out


def _first_message(records: Records, message_ids: list[str]) -> str | None:
    """The earliest (by date) of the police-to-ICE messages that sent a person's data."""
    candidates = [m for m in message_ids if m in records.messages.index]
    if not candidates:
        return None
    sent = records.messages["sent_at"]
    return min(candidates, key=lambda m: (pd.isna(sent[m]), sent[m] if not pd.isna(sent[m]) else 0, m))


def _first_mention(records: Records, person_id: str, name, message_id: str, bodies: pd.Series) -> dict:
    """The person's first mention in the message that first sent their data (``bodies``: its text)."""
    entities = records.table("entities")
    mentions = pd.DataFrame()
    if entities is not None:
        mentions = entities[(entities["message_id"] == message_id) & (entities["person_id"] == person_id)
                            & entities["field"].isin(["body", "subject"])].sort_values(["field", "start_char"])
    if len(mentions):
        mention = mentions.iloc[0]
        field_name, start, end = mention["field"], int(mention["start_char"]), int(mention["end_char"])
    else:  # named where the tagger missed them: find the name as written
        field_name = "body"
        found = re.search(re.escape(str(name or "")), bodies[message_id], re.IGNORECASE)
        start, end = (found.start(), found.end()) if found and name else (0, 0)
    text = bodies[message_id] if field_name == "body" else str(records.messages.at[message_id, field_name] or "")
    protected = records.entity_spans(field_name).get(message_id, ())
    return {"message_id": message_id, "field": field_name, "start_char": start, "end_char": end,
            "match": text[start:end], "context": _context(text, start, end, protected), "person_id": person_id,
            "cue": "no felony or violent charge", "arguable": False}


def queries_table() -> pd.DataFrame:
    """Every registered query: its name, the test in plain words, its unit, the tables it reads, its caveat."""
    return pd.DataFrame([{"query": q.name, "test": q.test, "unit": q.unit, "reads": ", ".join(q.needs),
                          "caveat": q.caveat} for q in QUERIES.values()],
                        columns=["query", "test", "unit", "reads", "caveat"])


def run_query(name: str, records: Records) -> pd.DataFrame:
    """The evidence rows of one query (``EVIDENCE_COLUMNS``); ``NotBuilt`` if a table it needs is missing."""
    if name not in QUERIES:
        raise KeyError(f"unknown query {name!r}; known: {sorted(QUERIES)}")
    return QUERIES[name].run(records)
