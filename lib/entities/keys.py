"""The keys people are filed under: a folded full name or a partial one, and the stable id of each key.

A person's id is derived from the canonical name, so the same release gives the
same ids on every machine.
"""

from __future__ import annotations

import hashlib

from lib.entities.names import NICKNAMES, Name, fold, formal_first, is_initial, parse_name


def person_id(key: str) -> str:
    """Stable id from a person's key (their folded canonical name, or an address)."""
    return "P-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _surname(name: Name, compound_surnames: set[str]) -> str:
    """The family name, taking 'Garcia Lopez' whole where the release writes it as one surname."""
    last = name.last or ""
    if name.middle and fold(f"{name.middle[-1]} {last}") in compound_surnames:
        last = f"{name.middle[-1]} {last}"
    return last


def full_key(name: Name, compound_surnames: set[str]) -> str:
    return f"{formal_first(name.first)} {fold(_surname(name, compound_surnames))}"


def name_words(name: Name, compound_surnames: set[str]) -> tuple[str, ...]:
    """Folded words of a full name, given names first: ('maria', 'eugenia', 'sotelo', 'mora')."""
    surname = _surname(name, compound_surnames)
    middle = list(name.middle)
    if middle and " " in surname and surname.split()[0] == middle[-1]:
        middle = middle[:-1]  # 'Sotelo' of 'Maria Eugenia Sotelo Mora' belongs to the surname
    given = [formal_first(name.first), *(fold(m) for m in middle if not is_initial(m))]
    return tuple(w for w in (*given, *(fold(p) for p in surname.split())) if w)


def display_name(name: Name, compound_surnames: set[str]) -> str:
    """'Luiz Gustavo Azevedo', 'Gregory Gallagher' (middle initials left out)."""
    surname = _surname(name, compound_surnames)
    middle = [m for m in name.middle if not is_initial(m)]
    if middle and " " in surname and surname.split()[0] == middle[-1]:
        middle = middle[:-1]
    return " ".join([name.first or "", *middle, surname]).strip()


def key_for_name(text: str) -> str:
    """The key a written name is filed under (its person id is ``person_id(key)``)."""
    name = parse_name(text)
    if name is None:
        return "partial:" + fold(text)
    return full_key(name, set()) if name.is_full else partial_key(name)


def partial_key(name: Name) -> str:
    if name.single:
        return "partial:" + fold(name.single)
    return f"partial:{fold(name.first or '')[:1]} {fold(name.last or '')}"


def partial_matches(name: Name, words: tuple[str, ...]) -> bool:
    """Do 'Jane', 'Roe', 'Sotelo', 'J. Roe' or 'Greg' fit the full name with these words?"""
    if not words:
        return False
    given, surname_words = words[0], words[1:]
    surname = "".join(surname_words)
    if name.single:
        word = fold(name.single)
        return bool(word) and (NICKNAMES.get(word, word) == given or word in surname_words or word == surname)
    if name.first and name.last:
        last = fold(name.last)
        return (last == surname or last in surname_words) and given.startswith(fold(name.first)[:1])
    return False
