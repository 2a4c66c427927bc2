"""People: canonical names, stable person ids, resolution of partial mentions, roles.

"Sgt. Det. Jane Roe", "Roe, Jane", "JANE ROE", "Jane M. Roe", "J. Roe" and "Jane"
(where only one Jane is in view) are one person. A person's id is derived from
the canonical name, so the same release gives the same ids on every machine.

Roles: an ``official`` writes or receives messages in the release, or is on the
officials list (``lib/reference/officials.csv``, one public source each); every
other person is a ``subject``, a private individual written about.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from lib.entities.patterns import PERSON_TITLES, TITLE_ACRONYMS, title_phrases
from lib.entities.reference import Official, load_officials

OFFICIAL, SUBJECT = "official", "subject"

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


# -- names --------------------------------------------------------------------------------------

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


def person_id(key: str) -> str:
    """Stable id from a person's key (their folded canonical name, or an address)."""
    return "P-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def name_from_email(address: str | None) -> str | None:
    """'jane.roe@pd.boston.gov' / 'jane.m.roe@...' -> 'Jane Roe'; None for 'jroe@...' or shared mailboxes."""
    if not address or "@" not in address:
        return None
    local = address.split("@", 1)[0].lower()
    parts = [p for p in re.split(r"[._]", local) if p]
    if len(parts) not in (2, 3) or not all(re.sub(r"['’-]", "", p).isalpha() for p in parts):
        return None
    if len(parts[0]) < 2 or len(parts[-1]) < 2 or (len(parts) == 3 and len(parts[1]) > 1):
        return None
    if {"duty", "desk", "mailbox", "office", "info", "admin", "unit", "team", "boston", "ero", "hsi"} & set(parts):
        return None
    return f"{_smart_case(parts[0])} {_smart_case(parts[-1])}"


# -- resolution ---------------------------------------------------------------------------------

@dataclass(slots=True)
class Mention:
    """One written reference to a person, in a message (slotted: a large release has millions)."""

    message_id: str | None
    text: str
    email: str | None = None
    correspondent: bool = False


@dataclass
class Person:
    person_id: str
    key: str
    names: Counter = field(default_factory=Counter)
    emails: Counter = field(default_factory=Counter)
    correspondent: bool = False
    official: Official | None = None

    @property
    def name(self) -> str:
        if self.official is not None:
            return self.official.name
        # Prefer a form as people write it ('Jane Roe' over 'JANE ROE'), then the most frequent.
        ranked = sorted(self.names.items(), key=lambda kv: (kv[0].isupper() or kv[0].islower(), -kv[1], kv[0]))
        if ranked:
            return ranked[0][0]
        return self.key.removeprefix("email:")

    @property
    def email(self) -> str | None:
        return self.emails.most_common(1)[0][0] if self.emails else None


def _surname(name: Name, compound_surnames: set[str]) -> str:
    """The family name, taking 'Garcia Lopez' whole where the release writes it as one surname."""
    last = name.last or ""
    if name.middle and fold(f"{name.middle[-1]} {last}") in compound_surnames:
        last = f"{name.middle[-1]} {last}"
    return last


def _full_key(name: Name, compound_surnames: set[str]) -> str:
    return f"{formal_first(name.first)} {fold(_surname(name, compound_surnames))}"


class PeopleResolver:
    """Groups mentions into people: full names first, then partial names where unambiguous."""

    def __init__(self, officials: tuple[Official, ...] | None = None):
        self.officials = load_officials() if officials is None else officials

    def resolve(self, mentions: list[Mention]) -> tuple[list[Person | None], dict[str, Person]]:
        """The person of each mention (None where no name can be read), and the people by id."""
        parse = lru_cache(maxsize=None)(parse_name)  # one Name per spelling: a release repeats its names
        names = [parse(m.text) if m.text else None for m in mentions]
        emails_to_names = self._names_behind_emails(mentions, names)
        for i, mention in enumerate(mentions):
            if names[i] is None and mention.email:
                derived = emails_to_names.get(mention.email) or name_from_email(mention.email)
                names[i] = parse(derived) if derived else None

        compound = {fold(n.last) for n in names if n and n.is_full and n.last and " " in n.last}
        keys: list[str | None] = [(_full_key(n, compound) if n and n.is_full else None) for n in names]
        words: dict[str, tuple[str, ...]] = {}
        for key, name in zip(keys, names):
            if key and key not in words:
                words[key] = _name_words(name, compound)

        official_keys: dict[str, Official] = {}
        for official in self.officials:
            canonical_key = None
            for written in (official.name, *official.aliases):
                parsed = parse_name(written)
                if parsed and parsed.is_full:
                    key = _full_key(parsed, compound)
                    canonical_key = canonical_key or key
                    official_keys[key] = official
                    words.setdefault(key, _name_words(parsed, compound))
                    words.setdefault(canonical_key, words[key])

        # Full names: one cluster per key; OCR variants, shortened forms and officials' aliases folded in.
        counts = Counter(k for k in keys if k)
        merge_into = self._merge_variants(counts)
        canonical_of = {o.name: _full_key(parse_name(o.name), compound) for o in self.officials
                        if parse_name(o.name) and parse_name(o.name).is_full}
        for key, official in official_keys.items():
            if key != canonical_of.get(official.name):
                merge_into.setdefault(key, canonical_of.get(official.name, key))
        together = defaultdict(set)
        for key, mention in zip(keys, mentions):
            if key:
                together[merge_into.get(key, key)].add(mention.message_id)
        for short, long_ in _shortened_names(words, merge_into, together).items():
            merge_into.setdefault(short, long_)
        for variant, usual in _names_of_one_address(keys, mentions, merge_into).items():
            merge_into.setdefault(variant, usual)
        keys = [_follow(merge_into, k) if k else None for k in keys]

        people: dict[str, Person] = {}
        by_key: dict[str, Person] = {}

        def person_for(key: str) -> Person:
            if key not in by_key:
                by_key[key] = Person(person_id(key), key)
                people[by_key[key].person_id] = by_key[key]
            return by_key[key]

        resolved: list[Person | None] = [None] * len(mentions)
        in_message: dict[str | None, set[str]] = defaultdict(set)
        writing: dict[str | None, set[str]] = defaultdict(set)
        for i, key in enumerate(keys):
            if key:
                resolved[i] = person_for(key)
                in_message[mentions[i].message_id].add(key)
                if mentions[i].correspondent:
                    writing[mentions[i].message_id].add(key)

        # Addresses without a readable name are people of their own, keyed by the address.
        for i, mention in enumerate(mentions):
            if resolved[i] is None and names[i] is None and mention.email:
                resolved[i] = person_for("email:" + mention.email)

        # Partial names ('Jane', 'Roe', 'J. Roe'): the one matching correspondent of the message,
        # else the one matching person named in it, else the one in the release or on the officials list.
        known = sorted(set(by_key) | {_follow(merge_into, k) for k in official_keys})
        candidates_of: dict[Name, list[str]] = {}  # the same partial name recurs across a release
        for i, name in enumerate(names):
            if resolved[i] is not None or name is None:
                continue
            if name not in candidates_of:
                candidates_of[name] = [k for k in known if k in words and _partial_matches(name, words[k])]
            candidates = candidates_of[name]
            message_id = mentions[i].message_id
            for tier in ([k for k in candidates if k in writing[message_id]],
                         [k for k in candidates if k in in_message[message_id]], candidates):
                if tier:
                    break
            resolved[i] = person_for(tier[0] if len(tier) == 1 else _partial_key(name))

        for i, person in enumerate(resolved):
            if person is None:
                continue
            mention, name = mentions[i], names[i]
            if name is not None and name.is_full and person.key == keys[i] and words.get(keys[i]) == \
                    _name_words(name, compound):
                person.names[_display(name, compound)] += 1
            elif name is not None and person.key == _partial_key(name):
                person.names[name.display] += 1
            if mention.email:
                person.emails[mention.email] += 1
            person.correspondent |= mention.correspondent
        for key, official in official_keys.items():
            target = _follow(merge_into, key)
            if target in by_key:
                by_key[target].official = official
        # A person only ever named in shortened forms still gets a name.
        for i, person in enumerate(resolved):
            if person is not None and not person.names and names[i] is not None:
                person.names[_display(names[i], compound) if names[i].is_full else names[i].display] += 1
        return resolved, people

    @staticmethod
    def _names_behind_emails(mentions: list[Mention], names: list[Name | None]) -> dict[str, str]:
        """The name most often written with each address."""
        seen: dict[str, Counter] = defaultdict(Counter)
        for mention, name in zip(mentions, names):
            if mention.email and name is not None and name.is_full:
                seen[mention.email][name.display] += 1
        return {email: counter.most_common(1)[0][0] for email, counter in seen.items()}

    @staticmethod
    def _merge_variants(counts: Counter) -> dict[str, str]:
        """Map each spelling variant of a full name to the most frequent spelling."""
        groups: dict[str, list[str]] = defaultdict(list)
        for key in counts:
            first, _, last = key.partition(" ")
            groups[f"{skeleton(first)} {skeleton(last)}"].append(key)
        merge: dict[str, str] = {}
        for keys in groups.values():
            best = max(keys, key=lambda k: (counts[k], k))
            merge.update({k: best for k in keys if k != best})
        # One dropped or doubled letter in a long surname, same first name: 'Galagher' ~ 'Gallagher'.
        remaining = sorted((k for k in counts if k not in merge), key=lambda k: (-counts[k], k))
        by_first: dict[str, list[str]] = defaultdict(list)
        for key in remaining:
            by_first[key.partition(" ")[0]].append(key)
        for keys in by_first.values():
            for i, key in enumerate(keys):
                if key in merge:
                    continue
                last = key.partition(" ")[2]
                for other in keys[i + 1:]:
                    other_last = other.partition(" ")[2]
                    if other not in merge and min(len(last), len(other_last)) >= 6 \
                            and _one_edit_apart(last, other_last):
                        merge[other] = key
        return merge


def _name_words(name: Name, compound_surnames: set[str]) -> tuple[str, ...]:
    """Folded words of a full name, given names first: ('maria', 'eugenia', 'sotelo', 'mora')."""
    surname = _surname(name, compound_surnames)
    middle = list(name.middle)
    if middle and " " in surname and surname.split()[0] == middle[-1]:
        middle = middle[:-1]  # 'Sotelo' of 'Maria Eugenia Sotelo Mora' belongs to the surname
    given = [formal_first(name.first), *(fold(m) for m in middle if not is_initial(m))]
    return tuple(w for w in (*given, *(fold(p) for p in surname.split())) if w)


def _display(name: Name, compound_surnames: set[str]) -> str:
    """'Luiz Gustavo Azevedo', 'Gregory Gallagher' (middle initials left out)."""
    surname = _surname(name, compound_surnames)
    middle = [m for m in name.middle if not is_initial(m)]
    if middle and " " in surname and surname.split()[0] == middle[-1]:
        middle = middle[:-1]
    return " ".join([name.first or "", *middle, surname]).strip()


def _follow(merge_into: dict[str, str], key: str) -> str:
    seen = set()
    while key in merge_into and key not in seen:
        seen.add(key)
        key = merge_into[key]
    return key


def _shortened_names(words: dict[str, tuple[str, ...]], merge_into: dict[str, str],
                     together: dict[str, set]) -> dict[str, str]:
    """'Valles Briones' -> 'Eva Valles Briones', 'Juan Carlos' -> 'Juan Carlos Mejia'.

    A name whose words open or close exactly one longer name is that person:
    the one named in the same message when there is one, else the one in the release.
    """
    merged: dict[str, str] = {}
    heads = sorted({_follow(merge_into, k) for k in words})
    for short in heads:
        short_words = words.get(short)
        if not short_words or len(short_words) < 2:
            continue
        longer = [k for k in heads if k != short and len(words.get(k, ())) > len(short_words)
                  and (words[k][-len(short_words):] == short_words or words[k][:len(short_words)] == short_words)]
        nearby = [k for k in longer if together.get(k, set()) & together.get(short, set())]
        chosen = nearby or longer
        if len(chosen) == 1:
            merged[short] = chosen[0]
    return merged


def _names_of_one_address(keys: list[str | None], mentions: list[Mention],
                          merge_into: dict[str, str]) -> dict[str, str]:
    """'Kyle Hove' <kyle.love@...> once, 'Kyle Love' <kyle.love@...> a hundred times: an OCR misreading.

    A correspondent's rarer name is merged into the usual name of the same address
    when the first names agree, so a shared mailbox never merges two people.
    """
    by_address: dict[str, Counter] = defaultdict(Counter)
    for key, mention in zip(keys, mentions):
        if key and mention.email and mention.correspondent:
            by_address[mention.email][_follow(merge_into, key)] += 1
    merged = {}
    for counter in by_address.values():
        (usual, count), *others = counter.most_common()
        for variant, seen in others:
            first, usual_first = variant.partition(" ")[0], usual.partition(" ")[0]
            if seen < count and (first == usual_first or skeleton(first) == skeleton(usual_first)
                                 or (min(len(first), len(usual_first)) >= 4 and _one_edit_apart(first, usual_first))):
                merged[variant] = usual
    return merged


def _one_edit_apart(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    for i in range(len(long_)):
        if long_[:i] + long_[i + 1:] == short:
            return True
    return False


def key_for_name(text: str) -> str:
    """The key a written name is filed under (its person id is ``person_id(key)``)."""
    name = parse_name(text)
    if name is None:
        return "partial:" + fold(text)
    return _full_key(name, set()) if name.is_full else _partial_key(name)


def _partial_key(name: Name) -> str:
    if name.single:
        return "partial:" + fold(name.single)
    return f"partial:{fold(name.first or '')[:1]} {fold(name.last or '')}"


def _partial_matches(name: Name, words: tuple[str, ...]) -> bool:
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


# -- roles --------------------------------------------------------------------------------------

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
