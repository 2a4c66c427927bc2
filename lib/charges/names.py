"""Subjects' full names in any text: the names of two words or more the entity table tags for one subject.

``_name_keys`` picks the names a subject goes by that no one else shares;
``_NameFinder`` finds them in a text where the tagger missed them.
"""

from __future__ import annotations

import re

import pandas as pd

_STREET_WORDS = re.compile(r"\b(?:st|street|ave|avenue|rd|road|ct|court|pl|place|ter|terrace|way|blvd|sq|square|"
                           r"park|id)\.?$", re.I)


def _name_key(text: str) -> str:
    return re.sub(r"\s*,\s*", ", ", " ".join(str(text).split())).casefold()


def _name_keys(people: pd.DataFrame) -> dict[str, str]:
    """The names of two words or more each subject goes by, where no one else shares them -> the subject."""
    owners: dict[str, set[str]] = {}
    for person, text in zip(people["person_id"], people["text"]):
        key = _name_key(text)
        if len(re.findall(r"[^\W\d_]+", key)) >= 2 and len(key) >= 6 and not _STREET_WORDS.search(key):
            owners.setdefault(key, set()).add(str(person))
            if key.count(",") == 1:  # "matias, filipe" is also written "filipe matias"
                last, first = (part.strip() for part in key.split(","))
                owners.setdefault(f"{first} {last}", set()).add(str(person))
    return {key: next(iter(p)) for key, p in owners.items() if len(p) == 1}


def _name_pattern(keys: list[str]) -> str:
    return "|".join(r"\s*,\s*".join(r"\s+".join(map(re.escape, part.split())) for part in key.split(","))
                    for key in keys)


class _NameFinder:
    """Finds subjects' full names in a text, in any case, across line breaks and around commas.

    The same matches as one regex alternation of every name (longest first,
    not inside a word), but names are grouped by their first word so that only
    the names that can start at a word are tried there: one alternation of the
    thousands of names of a large release is tried at every position of every
    text. Written here because no library matches names across any whitespace
    with these word boundaries.
    """

    _WORD = re.compile(r"\w+")

    def __init__(self, keys: list[str]):
        keys = sorted(keys, key=len, reverse=True)
        firsts = [self._WORD.match(key) for key in keys]
        self._whole = None
        self._by_first: dict[str, re.Pattern] = {}
        if not all(firsts):  # a name that starts with a sign: try every name everywhere
            self._whole = re.compile(rf"(?<!\w)(?:{_name_pattern(keys)})(?!\w)", re.I)
            return
        groups: dict[str, list[str]] = {}
        for key, first in zip(keys, firsts):
            groups.setdefault(first.group(0), []).append(key)
        self._by_first = {first: re.compile(rf"(?:{_name_pattern(group)})(?!\w)", re.I)
                          for first, group in groups.items()}

    def finditer(self, text: str):
        if self._whole is not None:
            yield from self._whole.finditer(text)
            return
        end = 0
        for word in self._WORD.finditer(text):
            if word.start() < end:
                continue
            pattern = self._by_first.get(word.group(0).casefold())
            found = pattern.match(text, word.start()) if pattern is not None else None
            if found:
                yield found
                end = found.end()
