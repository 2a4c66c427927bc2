"""Roles of people, and the titles written before their names.

An ``official`` writes or receives messages in the release, or is on the
officials list (``lib/reference/officials.csv``, one public source each); every
other person is a ``subject``, a private individual written about. A title of
office written before a name ('Det.', 'Special Agent') marks an official too.
"""

from __future__ import annotations

from lib.entities.patterns import TITLE_ACRONYMS, title_phrases
from lib.entities.resolver import Person

OFFICIAL, SUBJECT = "official", "subject"


def role_of(person: Person) -> str:
    return OFFICIAL if person.correspondent or person.official is not None else SUBJECT


#: Titles as lower-case words without periods, for matching whole titles only ('special agent in charge').
_TITLE_PHRASES = title_phrases() | {(a.lower(),) for a in TITLE_ACRONYMS}
_LONGEST_TITLE = max(len(p) for p in _TITLE_PHRASES)
#: Titles that are no office: 'Mr.', 'Ms.', 'Dr.' and the like.
_HONORIFICS = {("mr",), ("ms",), ("mrs",), ("dr",), ("miss",), ("mx",), ("sir",), ("hon",), ("rev",)}


def _title_words(words: list[str]) -> list[tuple[str, ...]]:
    """The whole titles that end ``words``, last first: ['Sgt.', 'Det.'] -> [('det',), ('sgt',)]."""
    keys = [w.lower().strip(".,:;") for w in words]
    found = []
    end = len(keys)
    while end > 0:
        for size in range(min(_LONGEST_TITLE, end), 0, -1):
            if tuple(keys[end - size:end]) in _TITLE_PHRASES:
                found.append(tuple(keys[end - size:end]))
                end -= size
                break
        else:
            break
    return found


def is_official_title(title: str) -> bool:
    """'Det.', 'Sgt. Det.', 'Special Agent in Charge', 'Judge' yes; 'Mr.', 'Dr.', 'in' no."""
    titles = _title_words(title.split())
    return bool(titles) and sum(len(t) for t in titles) == len(title.split()) and any(
        t not in _HONORIFICS for t in titles)


def titles_before(text: str, start: int, window: int = 48) -> str | None:
    """The whole titles written right before a name ('Sgt. Det.' in 'Sgt. Det. Jane Roe'); never 'in'."""
    before = text[max(0, start - window):start].split()
    titles = _title_words(before)
    size = sum(len(t) for t in titles)
    return " ".join(before[len(before) - size:]) if size else None
