"""Where the identifiers of private people occur in a text, in any spelling: the ``Detector``.

Pseudonymisation masks what a ``Detector`` finds, and the leak gate fails the
build on what it finds in the published files. It looks for the values the
entity stage found in the raw tables (``raw_identifiers``); names and
identifiers it missed are the name detector's (``names``) and the shapes'
(``patterns``) to find, in the masker and the gate alike.

Names are matched in their variants (``name_patterns``). A first or last name
alone counts only where it is unambiguous: no other known person (private or
official) uses it, it is at least three letters long, it is not an ordinary
English word, and it is written capitalised or in capitals. Values are found
by shape (every date, every 8-9 digit run, every phone-shaped number, ...) and
then compared, in canonical form (``values``), with the known values.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .name_patterns import alone_pattern, full_name_patterns, name_parts, ordinary_words, words_pattern
from .text import LETTERS, Span, fold, unquoted
from .values import DATE_SHAPES, VALUE_SHAPES, canonical, date_values

#: A name that must stay: an official acting in their role.
OFFICIAL = "official"
#: A word the release itself writes in lower case somewhere ('holding', 'heads'): never a name alone.
ORDINARY = "ordinary"



@dataclass(frozen=True)
class Identifier:
    """One value of one private person (or an official's name that must stay) from the raw tables."""

    kind: str  # name, dob, a_number, phone, email, address, license, report; "official" or "ordinary" (kept)
    value: str
    person_id: str | None = None


def _bounded(pattern: str) -> str:
    return rf"(?<![^\W_])(?:{pattern})(?![^\W_])"


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
                official_patterns += full_name_patterns(*parts) if parts[0] else [words_pattern(parts[1])]
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
        # A lone name two private people share ('FREITAS court date') is still a private name: it is masked
        # as nobody's in particular, so it takes no one's pseudonym.
        nobody = _Person(None)
        for token, persons in users.items():
            shared = set.intersection(*(full_names[id(p)] for p in persons)) if len(persons) > 1 else {True}
            if (len(token) >= 3 and token not in ordinary_words() and token not in self.ordinary
                    and token not in official_tokens):
                if shared:
                    owner_of[token] = min(persons, key=lambda p: str(p.person_id))
                else:
                    owner_of[token] = nobody
        for person, given, surnames in parts_of:
            if given:
                person.full += full_name_patterns(given, surnames)
                if len(given) > 1:  # 'Maria Garcia Lopez': Garcia may be the first of two surnames
                    person.full += full_name_patterns(given[:1], given[1:] + surnames)
            for word in given + surnames:
                if owner_of.get(fold(word)) is person:
                    person.alone.append(alone_pattern(word))
                elif owner_of.get(fold(word)) is nobody:
                    nobody.alone.append(alone_pattern(word))
                    nobody.tokens.add(fold(word))
        people[None] = nobody
        self.people = [p for p in people.values() if p.full or p.alone]
        for person in self.people:
            person.compile()
        self.by_token: dict[str, list[_Person]] = defaultdict(list)
        for person in self.people:
            for token in person.tokens:
                for part in LETTERS.findall(token):  # 'o'brien' is found from 'brien' in 'OBrien' or 'O-Brien'
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
        for match in LETTERS.finditer(text):
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
        text = unquoted(text)
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
