"""Spans that need context to be found: the finders the refiner runs after trimming and checking its spans.

A date in brackets after a name is a date of birth, 'LAST, FIRST' alone on a line or
before a DOB or A-number is a person, a lone 'Greg,' opening a line is a person, an
'S12345678' near 'license' is a licence, a place after a street address belongs to it,
and the end of a full name, repeated later, is that name. The refiner also calls
``name_before`` (the name before a DOB or A-number) and ``address_end`` (a street's
unit, city, state and ZIP) while it refines the ruler's spans.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from . import values
from .labels import RULE_LABELS
from .patterns import (
    LICENSE_VALUE,
    STATE_WORDS,
    TITLE_ACRONYMS,
    UNIT_WORDS,
    Flags,
    date_forms,
    is_name_text,
    person_patterns,
    role_after_name_patterns,
    title_phrases,
)
from .person_spans import (
    CUE_WORDS,
    NEVER_A_NAME,
    NOT_NAMES,
    NOT_SALUTATIONS,
    PARTICLES,
    RULE,
    TITLE_WORDS,
    clean_person,
    is_name_word,
    looks_like_name,
)

_TITLE_PHRASES = title_phrases() | {(w.lower(),) for w in TITLE_ACRONYMS}
_ACRONYM_TITLES = {w.lower() for w in TITLE_ACRONYMS}
_LICENSE_CUES = {"license", "licence", "lic", "dl", "oln", "d/l", "driver", "drivers", "permit", "rmv"}
_LICENSE_VALUE = re.compile(LICENSE_VALUE)
_UNIT_WORDS = set(UNIT_WORDS)
_STATE_WORDS = set(STATE_WORDS)
_UNIT_VALUE = re.compile(r"^#?\d{1,4}[A-Za-z]{0,2}$|^[A-Z]$")
_GLUED_UNIT = re.compile(r"^#\d{1,4}[A-Za-z]?$|^\d{1,2}(?:F|R|FL|L)$")
_CITY_WORD = re.compile(r"^[A-Z][A-Za-z'’.\-]+$")
_SUBJECT_PREFIXES = {"re", "fw", "fwd", ":", "-", "subject"}
_MATCH_KEYS = ("LICENSE", "BRACKETED_DATE", "LISTED_DATE", "TITLED_NAME", "ROLE_AFTER_NAME", "CAPITALS",
               "LAST_FIRST")

_Matches = list[tuple[int, int]]


class ContextSpans:
    """Adds the spans that need context to the refined rule spans of a doc."""

    def __init__(self, vocab, flag: Flags):
        # One Matcher for every context rule: each Matcher pass costs a walk over the whole doc.
        self.matcher = Matcher(vocab, validate=False)
        self.matcher.add("LICENSE", [[{"SHAPE": "Xdddd", "LENGTH": 9}]])
        self.matcher.add("BRACKETED_DATE", [[{"ORTH": "("}, *form, {"ORTH": ")"}] for form in date_forms(flag)])
        self.matcher.add("LISTED_DATE", [[{"ORTH": ","}, *form] for form in date_forms(flag)])
        self.matcher.add("TITLED_NAME", [pattern["pattern"] for pattern in person_patterns(flag)])
        self.matcher.add("ROLE_AFTER_NAME", role_after_name_patterns(flag))
        self.matcher.add("CAPITALS", [[{**flag("NAME"), "IS_UPPER": True, "IS_ALPHA": True, "LENGTH": {">=": 2},
                                        "OP": "{2,4}"}]])
        self.matcher.add("LAST_FIRST", [[flag("NAME", "{1,3}"), {"ORTH": ","}, flag("NAME", "{1,2}")]])
        self.keys = {vocab.strings[key]: key for key in _MATCH_KEYS}

    def __call__(self, doc: Doc, rules: list[Span], models: list[Span], today: date) -> list[Span]:
        """The rule spans with those found in context added; the model's spans are read, not changed."""
        found: dict[str, _Matches] = {key: [] for key in _MATCH_KEYS}
        for key, start, end in self.matcher(doc):
            found[self.keys[key]].append((start, end))
        rules = list(rules)
        rules.extend(_bracketed_dates(doc, found["BRACKETED_DATE"], found["LISTED_DATE"], today))
        rules.extend(_titled_names(doc, rules, found["TITLED_NAME"]))
        rules.extend(_names_before_roles(doc, rules, found["ROLE_AFTER_NAME"]))
        rules.extend(_bare_licenses(doc, rules, found["LICENSE"]))
        rules.extend(_name_lines(doc, rules, found["LAST_FIRST"]))
        rules.extend(_names_in_capitals(doc, rules, found["CAPITALS"]))
        rules.extend(_names_after_dashes(doc, models))
        rules.extend(_salutations(doc, rules, models))
        rules = _extend_addresses(doc, rules, models)
        rules.extend(_repeated_names(doc, rules, models))
        return rules


def _titled_names(doc: Doc, rules: list[Span], matches: _Matches) -> list[Span]:
    """'Sgt. Det. Jane Roe', 'From: Roe, Jane', 'Name: JOHN DOE', 'Hi Greg': the name after the cue."""
    taken = _tokens(rules)
    found = []
    for start, end in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if any(i in taken for i in range(start, end)) or not _title_is_whole(doc[start:end]):
            continue
        for span in clean_person(doc, start, end, RULE)[:1]:
            found.append(span)
            taken.update(range(start, end))
    return found


def _names_before_roles(doc: Doc, rules: list[Span], matches: _Matches) -> list[Span]:
    """'Todd M. Lyons, acting field office director': the name before a comma and a role."""
    taken = _tokens(rules)
    found = []
    for start, end in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        comma = next(i for i in range(start, end) if doc[i].text == ",")
        possessive = end < len(doc) and doc[end].lower_ in ("'s", "’s")  # 'Texas, sheriff's offices'
        if possessive or any(i in taken for i in range(start, comma)):
            continue
        for span in clean_person(doc, start, comma, RULE)[:1]:
            found.append(span)
            taken.update(range(start, comma))
    return found


def _bracketed_dates(doc: Doc, bracketed: _Matches, listed: _Matches, today: date) -> list[Span]:
    """A date right after a name is a date of birth: 'EVA VALLES BRIONES (2/17/97)',
    'WATSON, Louis (18MAR1981)', and in lists 'LUEVANO, LEONEL, May 7, 1980, Guatemala'."""
    found = []
    for matches, closing, comma_form in ((bracketed, 1, False), (listed, 0, True)):
        for start, end in matches:
            names = name_before(doc, start + 1, comma_form=comma_form, max_words=5)
            if not names:
                continue
            iso = values.date_of_birth(doc[start + 1:end - closing].text, today)
            if iso:
                found.append(Span(doc, start + 1, end - closing, label="DOB", kb_id=iso, span_id=RULE))
                found.extend(names)
    return found


def _bare_licenses(doc: Doc, rules: list[Span], matches: _Matches) -> list[Span]:
    """'S12345678' without a cue right before it, but with 'license' / 'DL' a few words away."""
    taken = _tokens(rules)
    found = []
    for start, end in matches:
        token = doc[start]
        if not _LICENSE_VALUE.match(token.text) or start in taken:
            continue
        window = doc[max(0, start - 8):min(len(doc), end + 4)]
        if any(t.lower_.rstrip(".#:") in _LICENSE_CUES for t in window):
            found.append(Span(doc, start, end, label="LICENSE", kb_id=token.text.upper(), span_id=RULE))
    return found


def _name_lines(doc: Doc, rules: list[Span], matches: _Matches) -> list[Span]:
    """'BALLESTEROS, MARIBEL' or 'RE: WATSON, Louis' as a line (or subject) of its own."""
    taken = _tokens(rules)
    found = []
    for start, end in matches:
        if any(i in taken for i in range(start, end)):
            continue
        before = start
        while before > 0 and doc[before - 1].lower_ in _SUBJECT_PREFIXES:
            before -= 1
        opens_line = before == 0 or "\n" in doc[before - 1].text
        # ... or opening a sentence: 'Mercado, Adela has a pretrial ...'
        closes_line = end == len(doc) or "\n" in doc[end].text or doc[end].text in ("-", "–", "(") or (
            doc[end].is_lower and doc[end].is_alpha)
        if opens_line and closes_line and looks_like_name(doc[start:end]):
            found.append(Span(doc, start, end, label="PERSON", kb_id=values.whitespace(doc[start:end].text),
                              span_id=RULE))
    return found


def _names_in_capitals(doc: Doc, rules: list[Span], matches: _Matches) -> list[Span]:
    """'Holding MARIA EUGENIA MORENO MAYORGA for pickup': a name in capitals inside a lower-case sentence."""
    taken = _tokens(rules)
    found = []
    for start, end in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if any(i in taken for i in range(start, end)):
            continue
        before = doc[start - 1] if start else None
        after = doc[end] if end < len(doc) else None
        if after is None or not (after.is_lower and after.is_alpha):
            continue
        if before is not None and before.is_upper and before.is_alpha and before.lower_ not in NOT_NAMES:
            continue
        if any(t.lower_ in NEVER_A_NAME for t in doc[start:end]):
            continue
        found.append(Span(doc, start, end, label="PERSON", kb_id=doc[start:end].text, span_id=RULE))
        taken.update(range(start, end))
    return found


def _salutations(doc: Doc, rules: list[Span], models: list[Span]) -> list[Span]:
    """'Greg, can you run ...': a lone name opening a line, followed by a comma."""
    taken = _tokens(rules) | _tokens(s for s in models if s.label_ == "PERSON" or len(s) > 1)
    found = []
    for i in range(len(doc) - 1):
        if doc[i + 1].text != "," or i in taken or (i > 0 and "\n" not in doc[i - 1].text):
            continue
        token = doc[i]
        if not is_name_word(token) or token.lower_ in NOT_SALUTATIONS or len(token) < 3 or token.is_upper:
            continue
        following = doc[i + 2] if i + 2 < len(doc) else None
        if following is None or "\n" in following.text or following.is_lower or following.text == "I":
            found.append(Span(doc, i, i + 1, label="PERSON", kb_id=token.text, span_id=RULE))
    return found


def name_before(doc: Doc, cue_start: int, comma_form: bool = False, max_words: int = 4) -> list[Span]:
    """'DOE, JOHN DOB 1/2/90', 'MENDEZ, CARLOS A-204558193': the words right before name a person."""
    end = cue_start
    while end > 0 and (doc[end - 1].text in ("(", "-", ",", ":", "–") or
                       ("\n" in doc[end - 1].text and end == cue_start)):
        end -= 1
    start = end
    while start > 0 and end - start < max_words + 1 and (
            doc[start - 1].text == "," or is_name_word(doc[start - 1])):
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


def _extend_addresses(doc: Doc, rules: list[Span], models: list[Span]) -> list[Span]:
    """'12 Main St, Riverside': the model's place after a street address belongs to it."""
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
        if len(words) >= 2 and all(is_name_word(t) for t in words):
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
            if len(words[i]) > 2 and words[i].lower() not in PARTICLES and words[i - 1] not in ("-", "–"):
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
        if token.text in starts and i not in taken and is_name_word(token) and not (
                i > 0 and is_name_word(doc[i - 1]) and (i - 1) not in taken):
            for size in range(min(longest, len(doc) - i), 0, -1):
                if tuple(t.text for t in doc[i:i + size]) in endings and not any(
                        j in taken for j in range(i, i + size)):
                    found.append(Span(doc, i, i + size, label="PERSON", kb_id=doc[i:i + size].text, span_id=RULE))
                    taken.update(range(i, i + size))
                    i += size - 1
                    break
        i += 1
    return found


def _tokens(spans) -> set[int]:
    return {i for span in spans for i in range(span.start, span.end)}


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
        if word in TITLE_WORDS or (word in CUE_WORDS and not is_name_text(token.text)):
            if word:
                cue.append(word)
            continue
        break
    if not cue or cue[0] not in TITLE_WORDS:
        return True  # a header, greeting or 'Name:' cue, not a title
    if cue[0] in _ACRONYM_TITLES and any(t.is_upper and len(t) > 1 for t in span[i:]):
        return False  # 'DO NOT DISSEMINATE': an acronym title before words in capitals
    # The cue must end in a whole title: 'Special Agent in Charge', 'Police Officer'; not '... charge.'
    return any(tuple(cue[k:]) in _TITLE_PHRASES for k in range(len(cue)))


def address_end(doc: Doc, end: int) -> int:
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

