"""Written names of people: parsing, folding and casing; canonical names and names read from addresses.

"Sgt. Det. Jane Roe", "Roe, Jane", "JANE ROE" and "Jane M. Roe" parse to one
``Name``; OCR misreadings ('R0e', 'GaIlagher') fold together. Keys and ids built
from names are in ``keys.py``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lib.core.profile import active_profile
from lib.entities.patterns import PERSON_TITLES, TITLE_ACRONYMS

#: Local words that make an address's local part a shared mailbox ('city.ero@'), from the profile.
_MAILBOX_WORDS = tuple(active_profile().local_words.mailbox_words)

_TITLE_WORDS = ({w.lower().rstrip(".") for t in PERSON_TITLES for w in t.split()} - {"and", "of", "the"}) | {
    a.lower() for a in TITLE_ACRONYMS} | {"hon", "rev", "sir", "madam", "miss", "mx", "esq"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "esq"}
_SMALL_SURNAME_WORDS = {"de", "del", "da", "dos", "das", "van", "von", "la", "le", "di", "st", "y", "mac"}

#: Common English nicknames and the names they shorten; 'Greg Gallagher' is 'Gregory Gallagher'.
NICKNAMES = {
    "greg": "gregory", "bill": "william", "billy": "william", "will": "william", "willie": "william",
    "marty": "martin", "mike": "michael", "mick": "michael", "jim": "james", "jimmy": "james",
    "bob": "robert", "bobby": "robert", "rob": "robert", "tom": "thomas", "tommy": "thomas",
    "joe": "joseph", "joey": "joseph", "dave": "david", "chris": "christopher", "matt": "matthew",
    "dan": "daniel", "danny": "daniel", "steve": "steven", "tony": "anthony", "kate": "katherine",
    "katie": "katherine", "kathy": "katherine", "liz": "elizabeth", "beth": "elizabeth", "jen": "jennifer",
    "jenny": "jennifer", "sue": "susan", "pat": "patrick", "rick": "richard", "rich": "richard",
    "dick": "richard", "ed": "edward", "eddie": "edward", "ted": "edward", "andy": "andrew",
    "ben": "benjamin", "nick": "nicholas", "sam": "samuel", "tim": "timothy", "jon": "jonathan",
    "ken": "kenneth", "larry": "lawrence", "jeff": "jeffrey", "ray": "raymond", "ron": "ronald",
    "don": "donald", "frank": "francis", "fran": "francis", "jack": "john", "johnny": "john",
    "pete": "peter", "phil": "philip", "walt": "walter", "vinny": "vincent", "alex": "alexander",
    "jerry": "gerald", "gerry": "gerald", "terry": "terrence", "kev": "kevin", "josh": "joshua",
    "mattie": "matthew", "abby": "abigail", "becky": "rebecca", "meg": "margaret", "peggy": "margaret",
}

# OCR confuses these letter shapes; names equal after this mapping are one name.
_OCR_CONFUSIONS = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("0", "o"), ("1", "l"), ("|", "l"), ("!", "l"),
                   ("5", "s"), ("8", "b"), ("i", "l"))
_DIGIT_LETTERS = str.maketrans({"0": "o", "1": "l", "5": "s", "8": "b", "|": "l"})


@dataclass(frozen=True)
class Name:
    """A person's name as parts. ``first`` may be an initial; one-word names set only ``single``."""

    first: str | None = None
    middle: tuple[str, ...] = ()
    last: str | None = None
    single: str | None = None

    @property
    def is_full(self) -> bool:
        return bool(self.first and self.last and not is_initial(self.first))

    @property
    def display(self) -> str:
        if self.single:
            return self.single
        return " ".join(p for p in (self.first, self.last) if p)


def is_initial(word: str | None) -> bool:
    return bool(word) and len(word.rstrip(".")) == 1


def fold(text: str) -> str:
    """Lower-case ASCII letters only: 'José O'Brien' -> 'joseobrien'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", text.lower().translate(_DIGIT_LETTERS))


def skeleton(text: str) -> str:
    """A folded name with OCR look-alikes collapsed: 'Gallaqher'/'GaIlagher' share one skeleton."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    for seen, meant in _OCR_CONFUSIONS:
        value = value.replace(seen, meant)
    return re.sub(r"[^a-z]", "", value)


def formal_first(first: str | None) -> str:
    key = fold(first or "")
    return NICKNAMES.get(key, key)


def _smart_case(word: str) -> str:
    """'O'BRIEN' -> "O'Brien", 'MCDONALD' -> 'McDonald', 'garcia-lopez' -> 'Garcia-Lopez'."""
    if not (word.isupper() or word.islower()) or is_initial(word):
        return word.upper() if is_initial(word) else word
    parts = re.split(r"([-'’ ])", word.lower())
    cased = "".join(p[:1].upper() + p[1:] for p in parts)
    if re.match(r"Mc[a-z]", cased):
        cased = "Mc" + cased[2:].capitalize()
    return cased


def _fix_ocr_digits(word: str) -> str:
    """'R0e' -> 'Roe': digits inside an otherwise alphabetic name are misread letters."""
    if any(ch.isdigit() for ch in word) and sum(ch.isalpha() for ch in word) >= len(word) - 1 >= 2:
        return word.translate(_DIGIT_LETTERS)
    return word


def parse_name(text: str | None) -> Name | None:
    """Parse a written name; titles, suffixes and possessives are dropped. None when nothing is left."""
    if not text:
        return None
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>", " ", str(text))
    text = re.sub(r"['’]s\b", "", text).replace('"', " ").strip(" ,;:-\t\n")
    if text.endswith(".") and not re.search(r"(?:^|\s)\w\.$", text):
        text = text[:-1]  # a sentence's full stop, not an initial's
    text = " ".join(text.split())
    if not text or "@" in text:
        return None
    family: list[str] = []
    if text.count(",") == 1:
        before, after = (p.strip() for p in text.split(","))
        if after and before and fold(after) not in _SUFFIXES and not _all_titles(after):
            family = _clean_words(before.split(), strip_titles=True)
            text = after
        else:
            text = before or after
    words = _clean_words(text.split(), strip_titles=True)
    if not words and not family:
        return None
    if family:
        if not words:
            return Name(single=" ".join(family))
        return Name(first=words[0], middle=tuple(words[1:]), last=" ".join(family))
    if len(words) == 1:
        return None if is_initial(words[0]) else Name(single=words[0])
    last_start = len(words) - 1
    while last_start > 1 and words[last_start - 1].lower() in _SMALL_SURNAME_WORDS:
        last_start -= 1
    return Name(first=words[0], middle=tuple(words[1:last_start]), last=" ".join(words[last_start:]))


def _clean_words(words: list[str], strip_titles: bool) -> list[str]:
    """Drop titles before and suffixes after a name; fix case and digits misread by OCR."""
    words = [w for w in words if w.strip(".-")]
    if strip_titles:
        while len(words) > 1 and words[0].lower().rstrip(".") in _TITLE_WORDS:
            words.pop(0)
    while len(words) > 1 and (fold(words[-1]) in _SUFFIXES or words[-1].lower().rstrip(".") in _TITLE_WORDS):
        words.pop()
    if all(w.lower().rstrip(".") in _TITLE_WORDS for w in words):
        return []
    cased = [_smart_case(_fix_ocr_digits(w)) for w in words]
    # 'DA CUNHA' -> 'da Cunha': particles inside a name stay lower case.
    return [w.lower() if i and w.lower() in _SMALL_SURNAME_WORDS else w for i, w in enumerate(cased)]


def _all_titles(text: str) -> bool:
    words = text.split()
    return bool(words) and all(w.lower().rstrip(".") in _TITLE_WORDS for w in words)


def canonical_name(text: str | None) -> str | None:
    """'Sgt. Det. Jane Roe' / 'ROE, JANE' -> 'Jane Roe'."""
    name = parse_name(text)
    return name.display if name else None


def name_from_email(address: str | None) -> str | None:
    """'jane.roe@pd.example.gov' / 'jane.m.roe@...' -> 'Jane Roe'; None for 'jroe@...' or shared mailboxes."""
    if not address or "@" not in address:
        return None
    local = address.split("@", 1)[0].lower()
    parts = [p for p in re.split(r"[._]", local) if p]
    if len(parts) not in (2, 3) or not all(re.sub(r"['’-]", "", p).isalpha() for p in parts):
        return None
    if len(parts[0]) < 2 or len(parts[-1]) < 2 or (len(parts) == 3 and len(parts[1]) > 1):
        return None
    if {"duty", "desk", "mailbox", "office", "info", "admin", "unit", "team", "ero", "hsi", *_MAILBOX_WORDS} & set(parts):
        return None
    return f"{_smart_case(parts[0])} {_smart_case(parts[-1])}"
