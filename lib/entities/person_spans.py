"""PERSON spans: which words can be part of a name, and a span cut down to the name it holds.

The refiner cleans the model's PERSON spans with these; the finders of ``context_spans`` clean
and test the names they add with the same words, so both read a name alike.
"""

from __future__ import annotations

import csv

from spacy.tokens import Doc, Span

from lib.core.profile import active_profile

from . import values
from .patterns import GREETINGS, NOT_NAME_WORDS, STREET_SUFFIXES, TITLE_ACRONYMS, is_name_text, title_words

#: Where a span came from, stored in ``ent.id_``.
RULE, MODEL = "rule", "model"

TITLE_WORDS = title_words() | {w.lower() for w in TITLE_ACRONYMS}
CUE_WORDS = TITLE_WORDS | set(GREETINGS) | {
    "", ".", ",", ":", ";", "-", "from", "to", "cc", "bcc", "name", "defendant", "suspect", "arrestee", "aka",
    "a/k/a", "alias", "morning", "afternoon", "evening", "you"}
NOT_NAMES = set(NOT_NAME_WORDS)
#: Words that open a line, followed by a comma, without being a name ('Also, ...').
NOT_SALUTATIONS = {
    "also", "however", "yes", "no", "ok", "okay", "sure", "well", "so", "now", "again", "today", "tomorrow",
    "yesterday", "sorry", "great", "perfect", "unfortunately", "additionally", "finally", "first", "second",
    "lastly", "meanwhile", "currently", "fyi", "update", "note", "attached", "below", "above", "regards",
    "sincerely", "respectfully", "best", "cheers", "thanks", "folks", "guys", "everyone", "gentlemen", "team",
    "all", "sir", "hi", "hello", "hey", "otherwise", "apparently", "anyway", "correct", "understood", "copy",
    "roger", "agreed", "absolutely", "definitely", "actually", "basically", "then", "here", "there", "later",
    "earlier", "tonight", "please", "thx", "v/r", "respectfully", "vir", "vlr", "v/t"}
#: Words the model sometimes reads as a name: field labels, sign-offs, charges.
_NOT_PERSON_WORDS = {
    "thanks", "thank", "regards", "best", "sent", "hi", "hello", "dob", "cc", "re", "fw", "fwd", "subject",
    "attachments", "importance", "high", "copy", "sir", "addr", "address", "ph", "phone", "tel", "cell", "fax",
    "email", "name", "charges", "charge", "docket", "lic", "license", "status", "case", "report", "rpt", "unit",
    "desk", "office", "mobile", "happy", "hunting", "please", "advise", "larceny", "assault", "battery",
    "trespassing", "warrant", "detainer", "booking", "bail", "arraignment", "outstanding", "received",
    "classification", "spreadsheet", "roster", "shift", "overtime", "attached", "resisting", "threats", "victim",
    "suspended", "uninsured", "mv", "dest", "rape", "mal", "op", "oper", "unlic", "not", "outside", "per",
    "booking", "bookings", "arrest", "arrests", "disorderly", "crash", "stopped", "dv", "a&b", "liaison",
    "construction", "inc", "llc", "corp", "corporation", "company", "co", "group", "associates", "services",
    "news", "media", "times", "globe", "herald", "university", "college", "school", "hospital", "church",
    "bank", "market", "store", "restaurant", "cafe", "bar", "motors", "auto", "realty", "trust", "act",
    "oui", "liquor", "trespass", "person", "sensitive", "enforcement", "law", "confidential", "confidentiality",
    "notice", "urgent", "important", "reminder", "stolen", "property", "drug", "drugs", "firearm", "gun",
    "warrants", "detainers", "hold", "rec", "prop", "unlicensed", "operation", "operating", "possession",
    # words of the printed detainer and warrant forms
    "biometric", "determination", "confirmation", "removal", "removable", "alien", "aliens", "probable",
    "cause", "order", "orders", "records", "identity", "statements", "proceedings", "pendency", "final",
    "immigration", "officer", "signature", "notice", "action", "custody", "release", "date", "time", "heads",
    "poss", "id", "subject", "offense", "offenses", "reported", "reporting", "location", "persons",
    "entered", "approved", "reviewed", "narrative",
    # vehicle models in incident narratives ('a blue Dodge Caravan')
    "caravan", "camry", "accord", "civic", "altima", "explorer", "corolla", "sentra", "malibu", "impala",
    "tahoe", "odyssey", "prius", "rav4", "cr-v", "e-350", "sienna", "highlander", "equinox", "silverado",
}
NEVER_A_NAME = _NOT_PERSON_WORDS | TITLE_WORDS | NOT_NAMES


def _place_phrases() -> frozenset[tuple[str, ...]]:
    """The profile's place names and aliases and the state's names, each as lower-cased words."""
    profile = active_profile()
    names = [profile.state.name, *profile.state.words]
    with profile.table("places").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names += [row["name"], *(row.get("aliases") or "").split("|")]
    return frozenset(tuple(n.lower().split()) for n in names if n and n.strip())


PLACE_PHRASES = _place_phrases()
_LONGEST_PLACE = max((len(p) for p in PLACE_PHRASES), default=0)


def only_places(span: Span) -> bool:
    """True when the span's words are whole place names of the profile and nothing else ('Fort Worth, Texas')."""
    words = [t.lower_ for t in span if not (t.is_punct or t.is_space)]
    reachable = {0}
    for i in range(len(words)):
        if i in reachable:
            reachable |= {i + n for n in range(1, _LONGEST_PLACE + 1) if tuple(words[i:i + n]) in PLACE_PHRASES}
    return bool(words) and len(words) in reachable
PARTICLES = {"de", "del", "da", "dos", "das", "van", "von", "la", "le", "di", "y", "bin", "al"}
_STREET_SUFFIXES = {w.rstrip(".") for w in STREET_SUFFIXES} - {"court", "park", "hill", "way", "row", "square"}


def clean_person(doc: Doc, start: int, end: int, origin: str) -> list[Span]:
    """Split a name at line breaks and non-name words, drop titles and possessives, reject non-names."""
    pieces, piece_start = [], start
    for i in range(start, end):
        token = doc[i]
        dash_between_words = token.text in ("-", "–") and (token.whitespace_ or doc[i - 1].whitespace_)
        if "\n" in token.text or token.text in (";", "(", ")", "/", "&") or dash_between_words or (
                token.is_lower and token.lower_ not in PARTICLES and i > start):
            pieces.append((piece_start, i))
            piece_start = i + 1
    pieces.append((piece_start, end))
    spans = []
    for s, e in pieces:
        while s < e and (doc[s].lower_.rstrip(".-") in CUE_WORDS or doc[s].is_space or doc[s].is_punct):
            s += 1
        while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space or doc[e - 1].lower_ in ("'s", "’s")):
            e -= 1
        if s >= e or not looks_like_name(doc[s:e]):
            continue
        if origin == MODEL:
            s = _surname_before(doc, s)
        if only_places(doc[s:e]):
            continue  # 'Fort Worth, Texas' on a signature's address line
        if e < len(doc) and doc[e].is_title and doc[e].lower_.rstrip(".") in _STREET_SUFFIXES:
            continue  # 'Ortega Ave'
        # 'arrested in Riverside': one word after 'in' is a place, not a person; 'WBUR' is a call sign.
        if origin == MODEL and e - s == 1 and (
                (s > 0 and doc[s - 1].lower_ in ("in", "at", "near")) or (doc[s].is_upper and len(doc[s]) <= 5)):
            continue
        spans.append(Span(doc, s, e, label="PERSON", kb_id=values.whitespace(doc[s:e].text), span_id=origin))
    return spans


def _surname_before(doc: Doc, start: int) -> int:
    """'for Sánchez, Juan': where the model found 'Juan', the surname before the comma is part of the name."""
    if start < 2 or doc[start - 1].text != "," or not is_name_word(doc[start - 2]) or len(doc[start - 2]) < 2:
        return start
    new_start = start - 2
    if new_start > 0 and is_name_word(doc[new_start - 1]):
        new_start -= 1
    opens_sentence = new_start == 0 or doc[new_start - 1].text in (".", "!", "?", ":") or \
        "\n" in doc[new_start - 1].text
    if opens_sentence and doc[new_start].lower_ in NOT_SALUTATIONS:
        return start
    if any(t.ent_type_ and t.ent_type_ != "PERSON" for t in doc[new_start:start]):
        return start
    return new_start


def is_name_word(token) -> bool:
    return is_name_text(token.text) and token.lower_ not in NOT_NAMES \
        and token.lower_ not in _NOT_PERSON_WORDS


def looks_like_name(span: Span) -> bool:
    text = span.text
    if any(ch.isdigit() for ch in text) or "@" in text:
        return False
    words = [t for t in span if t.is_alpha or "'" in t.text or "’" in t.text or "-" in t.text]
    if not words or not any(t.text[0].isupper() for t in words):
        return False
    if all(t.lower_.rstrip(".-") in NEVER_A_NAME for t in words):
        return False
    if len(words) > 1 and words[-1].lower_.rstrip(".") in _STREET_SUFFIXES:
        return False  # a street: 'Clark Ave'
    return not any(t.lower_ in _NOT_PERSON_WORDS for t in words)
