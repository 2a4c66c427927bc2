"""Identifiers of private people in the raw tables, and where they occur in any text.

Pseudonymisation masks what a ``Detector`` finds, and the leak gate fails the
build on what it finds in the published files. These are the values the
entity stage found; names and identifiers it missed are the name detector's
(``names``) and the shapes' (``patterns``) to find, in the masker and the
gate alike.

Names are matched in their variants ("Maria Garcia", "GARCIA, MARIA",
"Garcia, Maria L.", "José"/"Jose"). A first or last name alone counts only
where it is unambiguous: no other known person (private or official) uses it,
it is at least three letters long, it is not an ordinary English word, and it
is written capitalised or in capitals. Values are found by shape (every date,
every 8-9 digit run, every phone-shaped number, ...) and then compared, in
canonical form, with the values in the raw tables: "3/14/88", "03-14-1988" and
"March 14, 1988" are one date; "A# 123-456-789" and "123456789" one A-number.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd

from lib.core.paths import REFERENCE

from .text import MONTH as _MONTH
from .text import MONTHS, Span, digits, fold, strip_accents

REFERENCE_DIR = REFERENCE
OFFICIALS_CSV = REFERENCE_DIR / "officials.csv"
AGENCIES_CSV = REFERENCE_DIR / "agencies.csv"

#: Kinds of identifier, and the entity label each comes from.
LABEL_KIND = {"PERSON": "name", "DOB": "dob", "A_NUMBER": "a_number", "PHONE": "phone", "EMAIL": "email",
              "ADDRESS": "address", "LICENSE": "license", "REPORT": "report"}
#: Labels private whoever they belong to; phone, email and address are an official's own at work.
ALWAYS_PRIVATE = {"DOB", "A_NUMBER", "LICENSE", "REPORT"}
#: A name that must stay: an official acting in their role.
OFFICIAL = "official"
#: A word the release itself writes in lower case somewhere ('holding', 'heads'): never a name alone.
ORDINARY = "ordinary"

#: Words before a name that are not part of it.
TITLES = {"mr", "mrs", "ms", "miss", "dr", "det", "detective", "sgt", "sergeant", "officer", "ofc", "po", "lt",
          "capt", "agent", "sa", "sdo", "do", "tfo", "atty", "attorney", "judge", "subject", "defendant",
          "suspect", "victim", "juvenile", "commissioner", "mayor", "councilor", "trooper", "jr", "sr", "ii", "iii",
          "fyi", "inmate", "detainee", "arrestee", "prisoner", "re", "fw", "fwd", "id", "no"}

#: Names that are also ordinary words (or places, months, agencies): never matched alone.
COMMON_WORDS = set("""
    will may june april august mark bill grace hope rose joy faith lane young king brown white black green gray
    grey street court police state city county ice dhs hsi ero boston street avenue park hill case jail office
    chase price rich long short sharp strong wise hunt fox wolf lamb bird fish bush wood woods field fields
    hall halls ward rice page penny chance dean major rob sue pat art ray sky star summer winter autumn dawn
    day night may march jan christian angel sunday monday tuesday wednesday thursday friday saturday
    st ave av rd blvd ct dr ln pl ter terr pkwy sq hwy cir hl road drive place terrace square highway
    boulevard parkway circle plaza wharf row way
    poss dist att viol op oui lic susp unlic veh mv dob aka
    north south east west love baker cook miller smith taylor carter mason porter turner walker dale glen
    guy norman frank earnest ernest rod jack don van von de la del los las da di le ben max august
    """.split())

@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """Words never taken for a lone name: the list above and spaCy's English stop words ('This', 'One')."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(COMMON_WORDS | {w.casefold() for w in STOP_WORDS})


_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_PART = re.compile(r"[^\W\d_]+")
_ADDRESSES = re.compile(r"\S*@\S+|\b(?:https?://|www\.)\S+|\S+\.(?:gov|com|org|net|edu|us|pdf|eml|msg|docx?)\b\S*",
                        re.IGNORECASE)
_SPACE = r"[\s\u00a0_]+"
_NAME_SEP = r"[\s\u00a0_\-]+"


@dataclass(frozen=True)
class Identifier:
    """One value of one private person (or an official's name that must stay) from the raw tables."""

    kind: str  # name, dob, a_number, phone, email, address, license, report; "official" or "ordinary" (kept)
    value: str
    person_id: str | None = None


# -- text helpers --------------------------------------------------------------------------------

def _name_words(text: str) -> list[str]:
    """Words of a written name, without titles and single letters (initials are matched, not required)."""
    return [w for w in _WORD.findall(text) if fold(w) not in TITLES and len(w) > 1]


def name_parts(name: str) -> tuple[list[str], list[str]] | None:
    """(given names, surnames) of a written name: 'GARCIA LOPEZ, Maria' -> (['Maria'], ['GARCIA', 'LOPEZ'])."""
    if "," in name:
        surname, _, given = name.partition(",")
        given_words, surname_words = _name_words(given), _name_words(surname)
        if given_words and surname_words:
            return given_words, surname_words
    words = _name_words(name)
    if not words:
        return None
    # Particles before the last word belong to the surname: 'Cristian de la Fuente', 'DE LA FUENTE'.
    from .lexicon import particles

    first_surname = len(words) - 1
    while first_surname > 0 and fold(words[first_surname - 1]) in particles():
        first_surname -= 1
    if first_surname == 0:
        return [], words
    return words[:first_surname], words[first_surname:]


def _word_pattern(word: str) -> str:
    """A word with or without its accents, with either apostrophe, hyphen or space inside."""
    forms = {word, strip_accents(word)}
    escaped = [re.escape(f).replace("'", "['’]?").replace("’", "['’]?").replace(r"\-", _NAME_SEP) for f in forms]
    return "(?:" + "|".join(sorted(escaped, key=len, reverse=True)) + ")"


def _words_pattern(words: list[str]) -> str:
    return _NAME_SEP.join(_word_pattern(w) for w in words)


def _bounded(pattern: str) -> str:
    return rf"(?<![^\W_])(?:{pattern})(?![^\W_])"


# -- values: shapes and canonical forms -----------------------------------------------------------

def _year_options(text: str) -> list[int]:
    year = int(text)
    return [year] if len(text) == 4 else [1900 + year, 2000 + year]


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_number(text: str) -> int | None:
    key = fold(text).rstrip(".")[:3]
    for i, name in enumerate(MONTHS):
        if name.startswith(key):
            return i + 1
    return None


DATE_SHAPES = re.compile(
    r"(?<![\d/.\-])(?P<a>\d{1,2})\s*(?P<s>[/.\-])\s*(?P<b>\d{1,2})\s*(?P=s)\s*(?P<c>\d{4}|\d{2})(?![\d/.\-])"
    r"|(?<![\d/.\-])(?P<iy>(?:19|20)\d{2})(?P<is>[/.\-])(?P<im>\d{1,2})(?P=is)(?P<id>\d{1,2})(?![\d/.\-])"
    rf"|(?<![^\W\d_])(?P<mm>{_MONTH})\s*(?P<md>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<my>(?:19|20)\d{{2}})(?!\d)"
    rf"|(?<![\d])(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?[\s\-]*(?P<dm>{_MONTH})[\s,\-]*(?P<dy>\d{{4}}|\d{{2}})(?!\d)",
    re.IGNORECASE)


def date_values(match: re.Match) -> set[str]:
    """Every ISO date a written date can mean (month/day or day/month, 19xx or 20xx)."""
    found = set()
    if match.group("a"):
        a, b = int(match.group("a")), int(match.group("b"))
        for year in _year_options(match.group("c")):
            found |= {_iso(year, a, b), _iso(year, b, a)}
    elif match.group("iy"):
        found.add(_iso(int(match.group("iy")), int(match.group("im")), int(match.group("id"))))
    elif match.group("mm"):
        month = _month_number(match.group("mm"))
        found.add(_iso(int(match.group("my")), month, int(match.group("md"))) if month else None)
    elif match.group("dd"):
        month = _month_number(match.group("dm"))
        for year in _year_options(match.group("dy")):
            found.add(_iso(year, month, int(match.group("dd"))) if month else None)
    return {d for d in found if d}


def canonical_dates(text: str) -> set[str]:
    return {d for m in DATE_SHAPES.finditer(text) for d in date_values(m)}


#: Shapes of each value kind; a match is a leak when its canonical form is a known value.
VALUE_SHAPES = {
    "a_number": re.compile(r"(?<![0-9B-Zb-z])(?:\d{3}[\s.\-]?\d{3}[\s.\-]?\d{3}|\d{2}[\s.\-]?\d{3}[\s.\-]?\d{3})(?![\d])"),
    "phone": re.compile(r"(?<![\d])(?:\+?1[\s.\-]?)?(?:\(\s*\d{3}\s*\)|\d{3})[\s.\-]{0,2}\d{3}[\s.\-]?\d{4}(?![\d])"),
    "license": re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]{1,2}[\s\-]?)?\d{7,9}(?![A-Za-z0-9])"),
    "report": re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]{1,2}[\s\-#]?)?\d{6,10}(?![\d])"),
    "email": re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.IGNORECASE),
    "address": re.compile(r"(?<![\w\-/])(\d{1,5}[A-Za-z]?)(?:\s*-\s*\d{1,5}[A-Za-z]?)?[\s\u00a0]+"
                          r"((?:[^\W\d_][\w'’.\-]*[\s\u00a0]+){0,2}[^\W\d_][\w'’\-]*)"),
}

STREET_SUFFIXES = {"st", "street", "ave", "av", "avenue", "rd", "road", "blvd", "boulevard", "way", "pl", "place",
                   "ter", "terr", "terrace", "ct", "court", "dr", "drive", "ln", "lane", "pkwy", "parkway", "sq",
                   "square", "hwy", "highway", "row", "cir", "circle", "park", "wharf", "plaza", "hl", "hill"}


def canonical(kind: str, text: str) -> set[str]:
    """The canonical forms a value can take (several for an ambiguous date)."""
    if kind == "dob":
        return canonical_dates(text)
    if kind == "a_number":
        found = digits(text)
        return {found.zfill(9)} if len(found) in (8, 9) else set()
    if kind == "phone":
        found = digits(text)
        if len(found) == 11 and found.startswith("1"):
            found = found[1:]
        return {found} if len(found) == 10 else set()
    if kind == "license":
        found = re.sub(r"[^A-Za-z0-9]", "", text).upper()
        return {found} if 7 <= len(found) <= 11 and any(c.isdigit() for c in found) else set()
    if kind == "report":
        found = digits(text)
        return {found} if len(found) >= 6 else set()
    if kind == "email":
        found = text.strip().strip("<>[]()").lower().removeprefix("mailto:")
        return {found} if "@" in found else set()
    if kind == "address":
        return {key} if (key := address_key(text)) else set()
    return set()


def address_key(text: str) -> str | None:
    """'45 BOWDOIN ST Apt 2, Dorchester' -> '45 bowdoin': house number and the street's name."""
    match = VALUE_SHAPES["address"].search(text)
    if not match:
        return None
    words = [fold(w) for w in re.findall(r"[^\W\d_][\w'’\-]*", match.group(2))]
    name = [w for w in words if w.rstrip(".") not in STREET_SUFFIXES] or words
    return f"{match.group(1).lower()} {name[0]}" if name else None


# -- the detector --------------------------------------------------------------------------------

class _Person:
    """One private person's name patterns."""

    def __init__(self, person_id: str | None):
        self.person_id = person_id
        self.full: list[str] = []
        self.alone: list[str] = []
        self.tokens: set[str] = set()
        self.full_re: re.Pattern | None = None
        self.alone_re: re.Pattern | None = None

    def compile(self) -> None:
        longest_first = sorted(set(self.full), key=len, reverse=True)
        self.full_re = re.compile(_bounded("|".join(longest_first)), re.IGNORECASE) if self.full else None
        self.alone_re = re.compile(_bounded("|".join(sorted(set(self.alone), key=len, reverse=True)))) \
            if self.alone else None


def full_name_patterns(given: list[str], surnames: list[str]) -> list[str]:
    """Regexes for a name written in full: 'First [M.] Last', 'Last, First [M.]', 'LAST FIRST', 'F. Last'."""
    first, middles = given[0], given[1:]
    middle = "".join(rf"(?:{_SPACE}(?:{_word_pattern(m)}|{re.escape(m[0])}\.?))?" for m in middles) \
        + rf"(?:{_SPACE}[A-Z]\.?)?"
    patterns = []
    surname_forms = [surnames] + ([[surnames[0]], [surnames[-1]]] if len(surnames) > 1 else [])
    for last in surname_forms:
        last_re = _words_pattern(last)
        patterns += [
            _word_pattern(first) + middle + _SPACE + last_re,
            last_re + r"\s*,\s*" + _word_pattern(first) + middle,
            last_re + _SPACE + _word_pattern(first) + r"(?=\s*[\n,;(]|\s+[A-Z]\.?\s|$)",
        ]
    if len(surnames[-1]) >= 3:  # 'M. Garcia', case-sensitively: 'e.id' in code is no initial and surname
        patterns.append(rf"(?-i:{re.escape(first[0].upper())}\.\s?(?:{_words_pattern(surnames)}|"
                        rf"{_words_pattern([w.upper() for w in surnames])}))")
    return patterns


def _alone_pattern(word: str) -> str:
    """A lone name, case-sensitively: capitalised or in capitals."""
    forms = {word[:1].upper() + word[1:], word.upper()}
    forms |= {strip_accents(f) for f in forms}
    return "(?:" + "|".join(re.escape(f).replace("'", "['’]").replace("’", "['’]") for f in sorted(forms)) + ")"


class Detector:
    """Finds the identifiers of private people in a text."""

    def __init__(self, identifiers: Iterable[Identifier]):
        identifiers = list(identifiers)
        self.values: dict[str, set[str]] = defaultdict(set)
        self.value_owner: dict[tuple[str, str], str | None] = {}
        for item in identifiers:
            if item.kind in VALUE_SHAPES or item.kind == "dob":
                for value in canonical(item.kind, item.value):
                    self.values[item.kind].add(value)
                    self.value_owner.setdefault((item.kind, value), item.person_id)
        self.ordinary = {fold(i.value) for i in identifiers if i.kind == ORDINARY}
        self._build_names([i for i in identifiers if i.kind == "name"],
                          [i for i in identifiers if i.kind == OFFICIAL])

    # names ------------------------------------------------------------------------------------
    def _build_names(self, names: list[Identifier], officials: list[Identifier]) -> None:
        people: dict[str | None, _Person] = {}
        parts_of: list[tuple[_Person, list[str], list[str]]] = []
        for item in names:
            parts = name_parts(item.value)
            if not parts:
                continue
            person = people.setdefault(item.person_id or f"?{item.value}", _Person(item.person_id))
            given, surnames = parts
            person.tokens |= {fold(w) for w in given + surnames}
            parts_of.append((person, given, surnames))
        official_tokens: set[str] = set()
        official_patterns = []
        for item in officials:
            parts = name_parts(item.value)
            if parts:
                official_tokens |= {fold(w) for w in parts[0] + parts[1]}
                official_patterns += full_name_patterns(*parts) if parts[0] else [_words_pattern(parts[1])]
        # Whose tokens: a lone name is unambiguous when exactly one person uses it and no official does.
        # A lone name is unambiguous when everyone using it has the same first and last name: the
        # entity stage sometimes splits one person in two ('Mairtin Marrinan', 'FYI MARRINAN, MAIRTIN').
        full_names: dict[int, set[tuple]] = defaultdict(set)
        for person, given, surnames in parts_of:
            if given:
                full_names[id(person)].add((fold(given[0]), fold(surnames[-1])))
        users: dict[str, list[_Person]] = defaultdict(list)
        for person in people.values():
            for token in person.tokens:
                users[token].append(person)
        owner_of: dict[str, _Person] = {}
        for token, persons in users.items():
            shared = set.intersection(*(full_names[id(p)] for p in persons)) if len(persons) > 1 else {True}
            if (len(token) >= 3 and token not in ordinary_words() and token not in self.ordinary
                    and token not in official_tokens and shared):
                owner_of[token] = min(persons, key=lambda p: str(p.person_id))
        for person, given, surnames in parts_of:
            if given:
                person.full += full_name_patterns(given, surnames)
                if len(given) > 1:  # 'Maria Garcia Lopez': Garcia may be the first of two surnames
                    person.full += full_name_patterns(given[:1], given[1:] + surnames)
            for word in given + surnames:
                if owner_of.get(fold(word)) is person:
                    person.alone.append(_alone_pattern(word))
        self.people = [p for p in people.values() if p.full or p.alone]
        for person in self.people:
            person.compile()
        self.by_token: dict[str, list[_Person]] = defaultdict(list)
        for person in self.people:
            for token in person.tokens:
                for part in _PART.findall(token):  # 'o'brien' is found from 'brien' in 'OBrien' or 'O-Brien'
                    self.by_token[part].append(person)
        self.official_re = (re.compile(_bounded("|".join(sorted(set(official_patterns), key=len, reverse=True))),
                                       re.IGNORECASE) if official_patterns else None)
        self.official_tokens = official_tokens

    def official_spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self.official_re.finditer(text)] if self.official_re else []

    def names(self, text: str) -> list[Span]:
        """Private people's names, except where the text is an official's name.

        Each candidate person's patterns run only in windows around the words of their names, so a long
        page costs little more than reading it once.
        """
        hits: dict[int, list[int]] = defaultdict(list)
        persons: dict[int, _Person] = {}
        for match in _PART.finditer(text):
            for person in self.by_token.get(fold(match.group()), ()):
                hits[id(person)].append(match.start())
                persons[id(person)] = person
        if not hits:
            return []
        spans = []
        for key, positions in hits.items():
            person = persons[key]
            for start, end in _windows(positions, len(text)):
                while end < len(text) and text[end].isalnum():
                    end += 1
                for pattern in (person.full_re, person.alone_re):
                    if pattern is not None:
                        spans += [Span(m.start(), m.end(), "name", person.person_id)
                                  for m in pattern.finditer(text, start, end)]
        spans = list(dict.fromkeys(spans))
        if spans and self.official_re is not None:
            shields = self.official_spans(text)
            spans = [s for s in spans if not any(a <= s.start and s.end <= b for a, b in shields)]
        return _join_adjacent(spans, text)

    # values -----------------------------------------------------------------------------------
    def value_spans(self, text: str) -> list[Span]:
        spans = []
        if self.values.get("dob"):
            for match in DATE_SHAPES.finditer(text):
                hits = date_values(match) & self.values["dob"]
                if hits:
                    spans.append(Span(*match.span(), "dob", self.value_owner.get(("dob", min(hits)))))
        for kind, shape in VALUE_SHAPES.items():
            known = self.values.get(kind)
            if not known:
                continue
            for match in shape.finditer(text):
                for value in canonical(kind, match.group(0)):
                    if value in known:
                        start, end = match.span()
                        if kind == "address":
                            end = _address_end(text, start, end)
                        spans.append(Span(start, end, kind, self.value_owner.get((kind, value))))
                        break
        return spans

    def find(self, text: str) -> list[Span]:
        """Every identifier of a private person in ``text``, possibly overlapping."""
        if not text:
            return []
        return self.names(text) + self.value_spans(text)


NAME_WINDOW = 120


def _windows(positions: list[int], length: int) -> list[tuple[int, int]]:
    """Merged stretches of text around each position."""
    windows: list[tuple[int, int]] = []
    for position in sorted(positions):
        start, end = max(0, position - NAME_WINDOW), min(length, position + NAME_WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def _join_adjacent(spans: list[Span], text: str) -> list[Span]:
    """One person's name parts with only separators between ('VALLES-BRIONES-EVA') become one span."""
    joined: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        last = joined[-1] if joined else None
        if (last is not None and last.person_id == span.person_id and span.start >= last.start
                and re.fullmatch(r"[\s\-_,.]{0,3}", text[last.end:span.start] if span.start > last.end else "")):
            joined[-1] = Span(last.start, max(last.end, span.end), "name", last.person_id)
        else:
            joined.append(span)
    return joined


def _address_end(text: str, start: int, end: int) -> int:
    """Extend a matched 'number street' to the whole address written there (suffix, unit, town, zip)."""
    from .patterns import ADDRESS

    match = ADDRESS.match(text, start)
    return max(end, match.end()) if match else end


# -- building the identifier list from the raw tables ---------------------------------------------

def read_officials(officials=None) -> list[str]:
    """Names (and aliases) of public officials who keep their names: a CSV path, or a list of names.

    The default is ``lib/reference/officials.csv`` (columns name,title,agency,aliases,source_url; every
    row needs a source).
    """
    if officials is not None and not isinstance(officials, (str, Path)):
        return [getattr(o, "name", o) for o in officials] + [a for o in officials for a in getattr(o, "aliases", ())]
    path = Path(officials) if officials is not None else OFFICIALS_CSV
    if not path.exists():
        return []
    names = []
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not (row.get("source_url") or "").strip():
                raise ValueError(f"{path}: {row.get('name')}: every public official needs a source_url")
            names.append(row["name"].strip())
            names += [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
    return names


def agency_domains(path: Path = AGENCIES_CSV) -> set[str]:
    """Email domains of the agencies in the reference table: their staff's addresses are work addresses."""
    if not Path(path).exists():
        return set()
    with open(path, newline="", encoding="utf-8") as handle:
        return {d.strip().lower() for row in csv.DictReader(handle)
                for d in (row.get("email_domains") or "").split("|") if d.strip()}


#: People-table columns listing the ways a person's name was written.
NAME_LIST_COLUMNS = ("variants", "names", "aliases")


def _items(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) or hasattr(value, "tolist") else []


def _present(value) -> bool:
    """A usable string: not None, NaN or pd.NA, not blank."""
    return isinstance(value, str) and value.strip() != ""


def is_official_role(value) -> bool:
    return isinstance(value, str) and value == "official"


#: Street-suffix abbreviations: a "name" ending in one is a street the entity stage took for a person.
_STREET_ABBREVIATIONS = {"st", "ave", "av", "rd", "blvd", "ct", "dr", "ln", "pl", "ter", "terr", "pkwy", "sq", "hwy",
                         "cir", "hl"}


def _looks_like_street(name: str) -> bool:
    words = _WORD.findall(name)
    return len(words) > 1 and fold(words[-1]).rstrip(".") in _STREET_ABBREVIATIONS


@dataclass
class Roles:
    """Who keeps their name. Everyone else is private (fail closed)."""

    officials: set[str]  # person ids of officials
    known: set[str]  # every person id in the people table

    def is_official(self, person_id, role) -> bool:
        """The people table decides for a person it lists; otherwise the entity's own role."""
        if isinstance(person_id, str) and person_id in self.known:
            return person_id in self.officials
        return is_official_role(role)

    def is_private_entity(self, row) -> bool:
        if getattr(row, "label", None) in ALWAYS_PRIVATE:
            return True
        return not self.is_official(getattr(row, "person_id", None), getattr(row, "role", None))


def _count(value) -> int:
    try:
        return 0 if value is None or pd.isna(value) else int(value)
    except (TypeError, ValueError):
        return 0


def roles_from(people: pd.DataFrame | None, official_names: list[str]) -> Roles:
    """Officials: people on the public-officials list, and people the table calls 'official' with evidence.

    Evidence is an email address, an agency, or appearing as a correspondent in at least two messages.
    A person called 'official' with none of these (a private person misread as a recipient, a stray
    header line) is treated as private. Without those columns, the table's role is trusted.
    """
    if people is None or people.empty:
        return Roles(set(), set())
    listed = {fold(n) for n in official_names}
    has_evidence = any(c in people for c in ("email", "agency", "sent", "received"))
    officials = set()
    for row in people.itertuples():
        name = getattr(row, "name", None)
        on_list = _present(name) and fold(str(name)) in listed
        evidence = (not has_evidence or _present(getattr(row, "email", None)) or _present(getattr(row, "agency", None))
                    or _count(getattr(row, "sent", 0)) + _count(getattr(row, "received", 0)) >= 2)
        if on_list or (is_official_role(getattr(row, "role", None)) and evidence):
            officials.add(row.person_id)
    return Roles(officials, {p for p in people["person_id"] if isinstance(p, str)})


def identifiers_from_tables(people: pd.DataFrame | None, entities: pd.DataFrame | None,
                            officials=None, texts: Iterable[str] = ()) -> list[Identifier]:
    """Every private person's identifiers in the raw people and entities tables, plus officials' names.

    Anyone who is not an official is private (fail closed): role 'subject', a missing role, a role the
    table does not know, or 'official' without evidence (see ``roles_from``). ``texts`` (the release's
    text) tells which words of people's names are also ordinary words, written in lower case there.
    """
    official_names = read_officials(officials)
    roles = roles_from(people, official_names)
    found: list[Identifier] = [Identifier(OFFICIAL, n) for n in official_names]
    if people is not None and not people.empty:
        for row in people.itertuples():
            name, email = getattr(row, "name", None), getattr(row, "email", None)
            names = [str(name)] if _present(name) else []
            names += [str(v) for column in NAME_LIST_COLUMNS for v in _items(getattr(row, column, None))
                      if _present(v)]
            if row.person_id in roles.officials:
                found += [Identifier(OFFICIAL, n, row.person_id) for n in names]
                continue
            found += [Identifier("name", n, row.person_id) for n in names if not _looks_like_street(n)]
            if _present(email):
                found.append(Identifier("email", str(email), row.person_id))
    if entities is not None and not entities.empty:
        for row in entities.itertuples():
            kind = LABEL_KIND.get(row.label)
            if kind is None:
                continue
            person_id = getattr(row, "person_id", None)
            person_id = person_id if _present(person_id) else None
            if not roles.is_private_entity(row):
                if kind == "name" and _present(row.text):
                    found.append(Identifier(OFFICIAL, str(row.text), person_id))
                continue
            for value in {getattr(row, "text", None), getattr(row, "canonical", None)}:
                if _present(value) and not (kind == "name" and _looks_like_street(value)):
                    found.append(Identifier(kind, str(value), person_id))
    name_words = {fold(w) for i in found if i.kind == "name" for w in _PART.findall(i.value)}
    found += [Identifier(ORDINARY, w) for w in sorted(name_words & lower_case_words(texts))]
    return list(dict.fromkeys(found))


def lower_case_words(texts: Iterable[str], *, at_least: int = 1) -> set[str]:
    """Words a release writes in lower case in its prose (folded), ``at_least`` times: ordinary words there.

    Email addresses, handles and links are written in lower case whatever they hold: they do not count.
    """
    from collections import Counter

    prose = (_ADDRESSES.sub(" ", text) for text in texts if isinstance(text, str))
    counts = Counter(fold(w) for text in prose for w in _PART.findall(text) if w.islower())
    return {w for w, n in counts.items() if n >= at_least}


def release_texts(processed_dir: str | Path) -> list[str]:
    """The release's own text: message bodies, quotes and subjects, and page texts."""
    processed_dir = Path(processed_dir)
    texts: list[str] = []
    for name, columns in (("messages", ("subject", "body", "quoted")), ("pages", ("text",))):
        path = processed_dir / f"{name}.parquet"
        if path.exists():
            table = pd.read_parquet(path, columns=None)
            for column in columns:
                if column in table:
                    texts += [t for t in table[column].tolist() if isinstance(t, str)]
    return texts


def read_raw_tables(processed_dir: str | Path) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    processed_dir = Path(processed_dir)
    tables = []
    for name in ("people", "entities"):
        path = processed_dir / f"{name}.parquet"
        tables.append(pd.read_parquet(path) if path.exists() else None)
    return tables[0], tables[1]


def identifiers_from(processed_dir: str | Path, *, officials=None) -> list[Identifier]:
    """The identifiers of every private person in a RAW processed folder (people and entities tables)."""
    people, entities = read_raw_tables(processed_dir)
    return identifiers_from_tables(people, entities, officials, release_texts(processed_dir))
