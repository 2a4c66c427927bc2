"""The component after ``ner``: trims, checks and completes spans, and sets canonical values.

Rule spans win over the model's where they overlap. The refiner

- trims cue words from cue-and-value matches ('DOB 3/14/88' -> '3/14/88') and
  drops values that do not check out (a 13th month, a 'Date:' that is no DOB);
- cleans the model's PERSON spans (titles, possessives, line breaks, field
  labels such as 'Addr') and rejects ones that are not names;
- adds spans that need context: a date in brackets after a name is a date of
  birth, 'LAST, FIRST' alone on a line or before a DOB or A-number is a person,
  a lone 'Greg,' opening a line is a person, an 'S12345678' near 'license' is
  a licence, a place after a street address belongs to it;
- stores each span's canonical value in ``ent.kb_id_`` and its origin ('rule' or
  'model') in ``ent.id_``.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from . import values
from .flags import assign_flags
from .labels import MODEL_LABELS, RULE_LABELS
from .patterns import (
    COMMON_CHAPTERS,
    DOB_CUES,
    GREETINGS,
    LICENSE_VALUE,
    MONTH_WORDS,
    NOT_NAME_WORDS,
    STATE_WORDS,
    STATUTE_PREFIXES,
    STREET_SUFFIXES,
    TITLE_ACRONYMS,
    UNIT_WORDS,
    VALUE,
    Flags,
    date_forms,
    is_name_text,
    person_patterns,
    role_after_name_patterns,
    title_phrases,
    title_words,
)
from .reference import Institutions

RULE, MODEL = "rule", "model"

_TITLE_WORDS = title_words() | {w.lower() for w in TITLE_ACRONYMS}
_TITLE_PHRASES = title_phrases() | {(w.lower(),) for w in TITLE_ACRONYMS}
_ACRONYM_TITLES = {w.lower() for w in TITLE_ACRONYMS}
_CUE_WORDS = _TITLE_WORDS | set(GREETINGS) | {
    "", ".", ",", ":", ";", "-", "from", "to", "cc", "bcc", "name", "defendant", "suspect", "arrestee", "aka",
    "a/k/a", "alias", "morning", "afternoon", "evening", "you"}
_NOT_NAMES = set(NOT_NAME_WORDS)
#: Words that open a line, followed by a comma, without being a name ('Also, ...').
_NOT_SALUTATIONS = {
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
_NEVER_A_NAME = _NOT_PERSON_WORDS | _TITLE_WORDS | _NOT_NAMES
_PARTICLES = {"de", "del", "da", "dos", "das", "van", "von", "la", "le", "di", "y", "bin", "al"}
_LICENSE_CUES = {"license", "licence", "lic", "dl", "oln", "d/l", "driver", "drivers", "permit", "rmv"}
_RMV_QUERY_WORDS = {"query", "queries", "check", "checks", "inquiry", "printout", "print", "record", "records",
                    "photo", "lookup", "look", "hit", "search", "history", "return", "info"}
_MONTH_WORDS = set(MONTH_WORDS)
_LICENSE_VALUE = re.compile(LICENSE_VALUE)
_DOB_CUES = set(DOB_CUES)
_UNIT_WORDS = set(UNIT_WORDS)
_STREET_SUFFIXES = {w.rstrip(".") for w in STREET_SUFFIXES} - {"court", "park", "hill", "way", "row", "square"}
_STATE_WORDS = set(STATE_WORDS)
_UNIT_VALUE = re.compile(r"^#?\d{1,4}[A-Za-z]{0,2}$|^[A-Z]$")
_GLUED_UNIT = re.compile(r"^#\d{1,4}[A-Za-z]?$|^\d{1,2}(?:F|R|FL|L)$")
_CITY_WORD = re.compile(r"^[A-Z][A-Za-z'’.\-]+$")
_SUBJECT_PREFIXES = {"re", "fw", "fwd", ":", "-", "subject"}


@Language.factory("records_refiner", default_config={"agencies_path": None})
def make_records_refiner(nlp: Language, name: str, agencies_path: str | None):
    from .reference import load_institutions

    return RecordsRefiner(nlp, load_institutions(agencies_path), Flags(assign_flags(nlp.vocab)))


class RecordsRefiner:
    """Trims, checks and completes the ruler's and the model's spans; sets canonical values."""

    def __init__(self, nlp: Language, institutions: Institutions, flag: Flags):
        self.institutions = institutions
        # One Matcher for every context rule: each Matcher pass costs a walk over the whole doc.
        self.matcher = Matcher(nlp.vocab, validate=False)
        self.matcher.add("LICENSE", [[{"SHAPE": "Xdddd", "LENGTH": 9}]])
        self.matcher.add("BRACKETED_DATE", [[{"ORTH": "("}, *form, {"ORTH": ")"}] for form in date_forms(flag)])
        self.matcher.add("LISTED_DATE", [[{"ORTH": ","}, *form] for form in date_forms(flag)])
        self.matcher.add("TITLED_NAME", [pattern["pattern"] for pattern in person_patterns(flag)])
        self.matcher.add("ROLE_AFTER_NAME", role_after_name_patterns(flag))
        self.matcher.add("CAPITALS", [[{**flag("NAME"), "IS_UPPER": True, "IS_ALPHA": True, "LENGTH": {">=": 2},
                                        "OP": "{2,4}"}]])
        self.matcher.add("LAST_FIRST", [[flag("NAME", "{1,3}"), {"ORTH": ","}, flag("NAME", "{1,2}")]])
        self.keys = {nlp.vocab.strings[key]: key for key in ("LICENSE", "BRACKETED_DATE", "LISTED_DATE",
                                                               "TITLED_NAME", "ROLE_AFTER_NAME", "CAPITALS",
                                                               "LAST_FIRST")}

    def __call__(self, doc: Doc) -> Doc:
        today = date.today()
        self.found: dict[str, list[tuple[int, int, int]]] = {key: [] for key in self.keys.values()}
        for key, start, end in self.matcher(doc):
            self.found[self.keys[key]].append((key, start, end))
        rules: list[Span] = []
        models: list[Span] = []
        for ent in doc.ents:
            if ent.label_ in RULE_LABELS:
                span = self._refine_rule(doc, ent, today)
                if span is not None:
                    rules.append(span)
                    if ent.label_ in ("DOB", "A_NUMBER"):
                        rules.extend(self._name_before(doc, ent.start, comma_form=ent.label_ == "A_NUMBER"))
            elif ent.label_ == "PERSON":
                models.extend(self._clean_person(doc, ent.start, ent.end, MODEL))
            elif ent.label_ in MODEL_LABELS:
                models.append(Span(doc, ent.start, ent.end, label=ent.label_,
                                   kb_id=values.whitespace(ent.text), span_id=MODEL))
        rules.extend(self._bracketed_dates(doc, today))
        rules.extend(self._titled_names(doc, rules))
        rules.extend(self._names_before_roles(doc, rules))
        rules.extend(self._bare_licenses(doc, rules))
        rules.extend(self._name_lines(doc, rules))
        rules.extend(self._names_in_capitals(doc, rules))
        rules.extend(_names_after_dashes(doc, models))
        rules.extend(self._salutations(doc, rules, models))
        rules = self._extend_addresses(doc, rules, models)
        rules.extend(_repeated_names(doc, rules, models))
        doc.set_ents(_without_overlaps(rules, models), default="outside")
        return doc

    # -- rule spans -----------------------------------------------------------------------

    def _refine_rule(self, doc: Doc, ent: Span, today: date) -> Span | None:
        label, start, end = ent.label_, ent.start, ent.end
        if ent.id_ == VALUE:
            value_start, end = _value_tokens(doc, label, start, end)
            if value_start >= end or (label == "DOB" and not _is_birth_cue(doc[start:value_start])):
                return None
            start = value_start
        text = doc[start:end].text
        if label in ("AGENCY", "COURT", "FACILITY"):
            if doc[start].lower_ in ("the", "a", "an") and end - start > 1:
                start += 1
                text = doc[start:end].text
            code = ent.id_ if ent.id_ and ent.id_ != VALUE else self.institutions.code_for_alias(text)
            if code == "RMV" and end < len(doc) and doc[end].lower_ in _RMV_QUERY_WORDS:
                label, code = "FORM", "RMV"
            canonical = code or values.whitespace(text)
        elif label == "ADDRESS":
            if not doc[start].text[:1].isdigit():
                return None
            end = _address_end(doc, end)
            canonical = values.whitespace(doc[start:end].text)
        elif label == "STATUTE":
            canonical = _statute(doc, start, text)
        elif label == "FORM":
            canonical = ent.id_ if ent.id_ and ent.id_ != VALUE else values.form(text)
        else:
            while label == "PHONE" and end - start > 1 and doc[end - 1].is_punct:
                end -= 1
            text = doc[start:end].text
            canonical = _CANONICAL[label](text) if label != "DOB" else values.date_of_birth(text, today)
        if canonical is None:
            return None
        return Span(doc, start, end, label=label, kb_id=canonical, span_id=RULE)

    def _titled_names(self, doc: Doc, rules: list[Span]) -> list[Span]:
        """'Sgt. Det. Jane Roe', 'From: Roe, Jane', 'Name: JOHN DOE', 'Hi Greg': the name after the cue."""
        taken = _tokens(rules)
        found = []
        matches = sorted(((start, end) for _, start, end in self.found["TITLED_NAME"]), key=lambda m: (m[0] - m[1], m[0]))
        for start, end in matches:
            if any(i in taken for i in range(start, end)) or not _title_is_whole(doc[start:end]):
                continue
            for span in self._clean_person(doc, start, end, RULE)[:1]:
                found.append(span)
                taken.update(range(start, end))
        return found

    def _names_before_roles(self, doc: Doc, rules: list[Span]) -> list[Span]:
        """'Todd M. Lyons, acting field office director': the name before a comma and a role."""
        taken = _tokens(rules)
        found = []
        for _, start, end in sorted(self.found["ROLE_AFTER_NAME"], key=lambda m: (m[1] - m[2], m[1])):
            comma = next(i for i in range(start, end) if doc[i].text == ",")
            possessive = end < len(doc) and doc[end].lower_ in ("'s", "’s")  # 'Massachusetts, sheriff's offices'
            if possessive or any(i in taken for i in range(start, comma)):
                continue
            for span in self._clean_person(doc, start, comma, RULE)[:1]:
                found.append(span)
                taken.update(range(start, comma))
        return found

    def _bracketed_dates(self, doc: Doc, today: date) -> list[Span]:
        """A date right after a name is a date of birth: 'EVA VALLES BRIONES (2/17/97)',
        'WATSON, Louis (18MAR1981)', and in lists 'LUEVANO, LEONEL, May 7, 1980, Guatemala'."""
        found = []
        for key, closing, comma_form in (("BRACKETED_DATE", 1, False), ("LISTED_DATE", 0, True)):
            for _, start, end in self.found[key]:
                names = self._name_before(doc, start + 1, comma_form=comma_form, max_words=5)
                if not names:
                    continue
                iso = values.date_of_birth(doc[start + 1:end - closing].text, today)
                if iso:
                    found.append(Span(doc, start + 1, end - closing, label="DOB", kb_id=iso, span_id=RULE))
                    found.extend(names)
        return found

    def _bare_licenses(self, doc: Doc, rules: list[Span]) -> list[Span]:
        """'S12345678' without a cue right before it, but with 'license' / 'DL' a few words away."""
        taken = _tokens(rules)
        found = []
        for _, start, end in self.found["LICENSE"]:
            token = doc[start]
            if not _LICENSE_VALUE.match(token.text) or start in taken:
                continue
            window = doc[max(0, start - 8):min(len(doc), end + 4)]
            if any(t.lower_.rstrip(".#:") in _LICENSE_CUES for t in window):
                found.append(Span(doc, start, end, label="LICENSE", kb_id=token.text.upper(), span_id=RULE))
        return found

    def _name_lines(self, doc: Doc, rules: list[Span]) -> list[Span]:
        """'BALLESTEROS, MARIBEL' or 'RE: WATSON, Louis' as a line (or subject) of its own."""
        taken = _tokens(rules)
        found = []
        for _, start, end in self.found["LAST_FIRST"]:
            if any(i in taken for i in range(start, end)):
                continue
            before = start
            while before > 0 and doc[before - 1].lower_ in _SUBJECT_PREFIXES:
                before -= 1
            opens_line = before == 0 or "\n" in doc[before - 1].text
            # ... or opening a sentence: 'Mercado, Adela has a pretrial ...'
            closes_line = end == len(doc) or "\n" in doc[end].text or doc[end].text in ("-", "–", "(") or (
                doc[end].is_lower and doc[end].is_alpha)
            if opens_line and closes_line and _looks_like_name(doc[start:end]):
                found.append(Span(doc, start, end, label="PERSON", kb_id=values.whitespace(doc[start:end].text),
                                  span_id=RULE))
        return found

    def _names_in_capitals(self, doc: Doc, rules: list[Span]) -> list[Span]:
        """'Holding MARIA EUGENIA MORENO MAYORGA for pickup': a name in capitals inside a lower-case sentence."""
        taken = _tokens(rules)
        found = []
        for _, start, end in sorted(self.found["CAPITALS"], key=lambda m: (m[1] - m[2], m[1])):
            if any(i in taken for i in range(start, end)):
                continue
            before = doc[start - 1] if start else None
            after = doc[end] if end < len(doc) else None
            if after is None or not (after.is_lower and after.is_alpha):
                continue
            if before is not None and before.is_upper and before.is_alpha and before.lower_ not in _NOT_NAMES:
                continue
            if any(t.lower_ in _NEVER_A_NAME for t in doc[start:end]):
                continue
            found.append(Span(doc, start, end, label="PERSON", kb_id=doc[start:end].text, span_id=RULE))
            taken.update(range(start, end))
        return found

    def _salutations(self, doc: Doc, rules: list[Span], models: list[Span]) -> list[Span]:
        """'Greg, can you run ...': a lone name opening a line, followed by a comma."""
        taken = _tokens(rules) | _tokens(s for s in models if s.label_ == "PERSON" or len(s) > 1)
        found = []
        for i in range(len(doc) - 1):
            if doc[i + 1].text != "," or i in taken or (i > 0 and "\n" not in doc[i - 1].text):
                continue
            token = doc[i]
            if not _is_name_word(token) or token.lower_ in _NOT_SALUTATIONS or len(token) < 3 or token.is_upper:
                continue
            following = doc[i + 2] if i + 2 < len(doc) else None
            if following is None or "\n" in following.text or following.is_lower or following.text == "I":
                found.append(Span(doc, i, i + 1, label="PERSON", kb_id=token.text, span_id=RULE))
        return found

    def _name_before(self, doc: Doc, cue_start: int, comma_form: bool = False, max_words: int = 4) -> list[Span]:
        """'DOE, JOHN DOB 1/2/90', 'MENDEZ, CARLOS A-204558193': the words right before name a person."""
        end = cue_start
        while end > 0 and (doc[end - 1].text in ("(", "-", ",", ":", "–") or
                           ("\n" in doc[end - 1].text and end == cue_start)):
            end -= 1
        start = end
        while start > 0 and end - start < max_words + 1 and (
                doc[start - 1].text == "," or _is_name_word(doc[start - 1])):
            start -= 1
        while start < end and doc[start].text == ",":
            start += 1
        words = [t for t in doc[start:end] if t.text != ","]
        commas = sum(t.text == "," for t in doc[start:end])
        if len(words) < 2 or commas > 1 or (comma_form and commas != 1):
            return []
        if any(t.ent_type_ in RULE_LABELS for t in doc[start:end]):
            return []
        return [Span(doc, start, end, label="PERSON", kb_id=values.whitespace(doc[start:end].text), span_id=RULE)]

    def _extend_addresses(self, doc: Doc, rules: list[Span], models: list[Span]) -> list[Span]:
        """'12 Main St, Dorchester': the model's place after a street address belongs to it."""
        places = {span.start: span for span in models if span.label_ in ("GPE", "LOC", "FAC")}
        extended = []
        for span in rules:
            if span.label_ == "ADDRESS" and span.end + 1 < len(doc) and doc[span.end].text == ",":
                place = places.get(span.end + 1)
                if place is not None and not any(t.text in _STATE_WORDS or t.like_num for t in span[-2:]):
                    span = Span(doc, span.start, place.end, label="ADDRESS",
                                kb_id=values.whitespace(doc[span.start:place.end].text), span_id=RULE)
            extended.append(span)
        return extended

    # -- people ---------------------------------------------------------------------------

    def _clean_person(self, doc: Doc, start: int, end: int, origin: str) -> list[Span]:
        """Split a name at line breaks and non-name words, drop titles and possessives, reject non-names."""
        pieces, piece_start = [], start
        for i in range(start, end):
            token = doc[i]
            dash_between_words = token.text in ("-", "–") and (token.whitespace_ or doc[i - 1].whitespace_)
            if "\n" in token.text or token.text in (";", "(", ")", "/", "&") or dash_between_words or (
                    token.is_lower and token.lower_ not in _PARTICLES and i > start):
                pieces.append((piece_start, i))
                piece_start = i + 1
        pieces.append((piece_start, end))
        spans = []
        for s, e in pieces:
            while s < e and (doc[s].lower_.rstrip(".-") in _CUE_WORDS or doc[s].is_space or doc[s].is_punct):
                s += 1
            while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space or doc[e - 1].lower_ in ("'s", "’s")):
                e -= 1
            if s >= e or not _looks_like_name(doc[s:e]):
                continue
            if origin == MODEL:
                s = _surname_before(doc, s)
            if e < len(doc) and doc[e].is_title and doc[e].lower_.rstrip(".") in _STREET_SUFFIXES:
                continue  # 'Ortega Ave'
            # 'arrested in Dorchester': one word after 'in' is a place, not a person; 'WBUR' is a call sign.
            if origin == MODEL and e - s == 1 and (
                    (s > 0 and doc[s - 1].lower_ in ("in", "at", "near")) or (doc[s].is_upper and len(doc[s]) <= 5)):
                continue
            spans.append(Span(doc, s, e, label="PERSON", kb_id=values.whitespace(doc[s:e].text), span_id=origin))
        return spans


def _names_after_dashes(doc: Doc, models: list[Span]) -> list[Span]:
    """'RE: Release - Leonel Robles Yáñez', read by the model as one ORG: the name after the dash."""
    found = []
    for span in models:
        if span.label_ == "PERSON":
            continue
        dashes = [t.i for t in span if t.text in ("-", "–") and t.whitespace_]
        if not dashes:
            continue
        start = dashes[-1] + 1
        words = doc[start:span.end]
        if len(words) >= 2 and all(_is_name_word(t) for t in words):
            found.append(Span(doc, start, span.end, label="PERSON", kb_id=words.text, span_id=RULE))
    return found


def _repeated_names(doc: Doc, rules: list[Span], models: list[Span]) -> list[Span]:
    """'Gregory Gallagher ... Gallagher said': the end of a full name, repeated in the same text, is that name."""
    endings: set[tuple[str, ...]] = set()
    for span in (*rules, *models):
        words = [t.text for t in span if not t.is_space]
        if span.label_ != "PERSON" or len(words) < 2 or "," in words:
            continue
        for i in range(1, len(words)):
            # 'Gallagher', 'Paz Flores', 'Medina-Perez': never from inside a hyphenated word.
            if len(words[i]) > 2 and words[i].lower() not in _PARTICLES and words[i - 1] not in ("-", "–"):
                endings.add(tuple(words[i:]))
    if not endings:
        return []
    starts = {ending[0] for ending in endings}
    longest = max(len(ending) for ending in endings)
    # The model's other labels give way ('Zakim' read as an ORG); rules and its names do not.
    taken = _tokens(rules) | _tokens(s for s in models if s.label_ == "PERSON")
    found = []
    i = 0
    while i < len(doc):
        token = doc[i]
        if token.text in starts and i not in taken and _is_name_word(token) and not (
                i > 0 and _is_name_word(doc[i - 1]) and (i - 1) not in taken):
            for size in range(min(longest, len(doc) - i), 0, -1):
                if tuple(t.text for t in doc[i:i + size]) in endings and not any(
                        j in taken for j in range(i, i + size)):
                    found.append(Span(doc, i, i + size, label="PERSON", kb_id=doc[i:i + size].text, span_id=RULE))
                    taken.update(range(i, i + size))
                    i += size - 1
                    break
        i += 1
    return found


def _surname_before(doc: Doc, start: int) -> int:
    """'for Sánchez, Juan': where the model found 'Juan', the surname before the comma is part of the name."""
    if start < 2 or doc[start - 1].text != "," or not _is_name_word(doc[start - 2]) or len(doc[start - 2]) < 2:
        return start
    new_start = start - 2
    if new_start > 0 and _is_name_word(doc[new_start - 1]):
        new_start -= 1
    opens_sentence = new_start == 0 or doc[new_start - 1].text in (".", "!", "?", ":") or \
        "\n" in doc[new_start - 1].text
    if opens_sentence and doc[new_start].lower_ in _NOT_SALUTATIONS:
        return start
    if any(t.ent_type_ and t.ent_type_ != "PERSON" for t in doc[new_start:start]):
        return start
    return new_start


def _tokens(spans) -> set[int]:
    return {i for span in spans for i in range(span.start, span.end)}


def _statute(doc: Doc, start: int, text: str) -> str | None:
    canonical = values.statute(text)
    if canonical is None:
        return None
    prefixed = doc[start].lower_ in STATUTE_PREFIXES
    chapter = canonical.split()[2]
    # '94C/32A' bare is a citation of a chapter police cite daily; '3/14' is a date.
    if "/" in text and not prefixed and chapter not in COMMON_CHAPTERS:
        return None
    # 'c. 90' alone may be anything; with 'MGL' before it or a section after it, it is a citation.
    if not prefixed and "§" not in canonical:
        return None
    return canonical


def _title_is_whole(span: Span) -> bool:
    """'Police Officer Jane Roe' yes; 'Police Jane Roe', 'ADA. Docket', 'DO NOT DISSEMINATE', 'charge. Instead' no."""
    cue: list[str] = []
    i = 0
    for i, token in enumerate(span):
        word = token.lower_.rstrip(".")
        if token.text == ".":
            if cue and cue[-1] in _ACRONYM_TITLES:
                return False  # 'ADA.' ends a sentence
            continue
        if word in _TITLE_WORDS or (word in _CUE_WORDS and not is_name_text(token.text)):
            if word:
                cue.append(word)
            continue
        break
    if not cue or cue[0] not in _TITLE_WORDS:
        return True  # a header, greeting or 'Name:' cue, not a title
    if cue[0] in _ACRONYM_TITLES and any(t.is_upper and len(t) > 1 for t in span[i:]):
        return False  # 'DO NOT DISSEMINATE': an acronym title before words in capitals
    # The cue must end in a whole title: 'Special Agent in Charge', 'Police Officer'; not '... charge.'
    return any(tuple(cue[k:]) in _TITLE_PHRASES for k in range(len(cue)))


def _is_birth_cue(cue: Span) -> bool:
    """'DOB', 'born on', 'date of birth'; a bare 'Date:' is not one."""
    return bool({t.lower_ for t in cue} & _DOB_CUES)


def _address_end(doc: Doc, end: int) -> int:
    """Extend a street ('12 Main St') over its unit, city, state and ZIP where they follow."""
    n = len(doc)

    def at(i: int) -> str:
        return doc[i].text if i < n else ""

    def skip_comma(i: int) -> int:
        return i + 1 if at(i) == "," else i

    def unit(i: int) -> int:
        j = skip_comma(i)
        if at(j).lower() in _UNIT_WORDS:
            k = j + 1 + (at(j + 1) in ("#", "."))
            if _UNIT_VALUE.match(at(k)):
                return k + 1
        if _GLUED_UNIT.match(at(j)):
            return j + 1
        return i

    def zip_code(i: int) -> int:
        if re.fullmatch(r"\d{5}", at(i)):
            if at(i + 1) == "-" and re.fullmatch(r"\d{4}", at(i + 2)):
                return i + 3
            return i + 1
        return i

    def state_and_zip(i: int) -> int:
        j = skip_comma(i)
        if at(j) in _STATE_WORDS:
            return zip_code(j + 1)
        return zip_code(j) if zip_code(j) > j else i

    end = unit(end)
    tail = state_and_zip(end)
    if tail > end:
        return tail
    j = skip_comma(end)
    k = j
    while k < n and k - j < 3 and _CITY_WORD.match(at(k)) and at(k).lower() not in _UNIT_WORDS \
            and at(k) not in _STATE_WORDS:
        k += 1
    if k > j:
        after_city = state_and_zip(k)
        if after_city > k:
            return after_city
        if at(k) == "(" and unit(k + 1) > k + 1 and at(unit(k + 1)) == ")":
            return unit(k + 1) + 1
    return end


def _is_name_word(token) -> bool:
    return is_name_text(token.text) and token.lower_ not in _NOT_NAMES \
        and token.lower_ not in _NOT_PERSON_WORDS


def _looks_like_name(span: Span) -> bool:
    text = span.text
    if any(ch.isdigit() for ch in text) or "@" in text:
        return False
    words = [t for t in span if t.is_alpha or "'" in t.text or "’" in t.text or "-" in t.text]
    if not words or not any(t.text[0].isupper() for t in words):
        return False
    if all(t.lower_.rstrip(".-") in _NEVER_A_NAME for t in words):
        return False
    if len(words) > 1 and words[-1].lower_.rstrip(".") in _STREET_SUFFIXES:
        return False  # a street: 'Clark Ave'
    return not any(t.lower_ in _NOT_PERSON_WORDS for t in words)


def _value_tokens(doc: Doc, label: str, start: int, end: int) -> tuple[int, int]:
    """The tokens of a cue-and-value match that carry the value."""
    if label == "LICENSE":
        for i in range(start, end):
            if values.license_number(doc[i].text):
                return i, i + 1
            if doc[i].text == "$" and i + 1 < end and values.license_number(doc[i:i + 2].text):
                return i, i + 2
        return start, start
    if label == "DOB":
        def is_value(t):
            return any(ch.isdigit() for ch in t.text) or t.lower_ in _MONTH_WORDS
    else:
        def is_value(t):
            return any(ch.isdigit() for ch in t.text)
    first = next((i for i in range(start, end) if is_value(doc[i])), end)
    last = next((i for i in range(end - 1, first - 1, -1) if is_value(doc[i])), first - 1)
    return first, last + 1


def _without_overlaps(preferred: list[Span], others: list[Span]) -> list[Span]:
    """Preferred spans win; longer first within each group."""
    taken: set[int] = set()
    kept = []
    for group in (preferred, others):
        for span in sorted(group, key=lambda s: (s.start - s.end, s.start)):
            tokens = range(span.start, span.end)
            if not any(i in taken for i in tokens):
                kept.append(span)
                taken.update(tokens)
    return sorted(kept, key=lambda s: s.start)


_CANONICAL = {
    "A_NUMBER": values.a_number,
    "PHONE": values.phone,
    "EMAIL": values.email,
    "ADDRESS": values.whitespace,
    "LICENSE": values.license_number,
    "STATUTE": values.statute,
    "REPORT": values.report_number,
}
