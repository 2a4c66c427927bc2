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
from typing import Callable, Iterable, Iterator

import numpy as np

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


class _Codes:
    """Distinct values in the order first seen, each coded by its position; None is code -1."""

    def __init__(self):
        self.values: list = []
        self._codes: dict = {}

    def code(self, value) -> int:
        if value is None:
            return -1
        found = self._codes.get(value)
        if found is None:
            found = self._codes[value] = len(self.values)
            self.values.append(value)
        return found

    def __getitem__(self, code: int):
        return self.values[code]

    def __len__(self) -> int:
        return len(self.values)


def _per_code(values: Iterable[int], codes: np.ndarray) -> np.ndarray:
    """``values[code]`` for each of ``codes``, -1 where the code is -1 (int32)."""
    lookup = np.fromiter(values, dtype=np.int32)
    return np.append(lookup, np.int32(-1))[codes]  # code -1 picks the appended -1


@dataclass(frozen=True, eq=False)
class MentionTable:
    """Mentions as columns of integer codes, for a release's worth of them.

    A ``Mention`` with its strings costs a few hundred bytes and a large release
    has hundreds of thousands, while its names and addresses repeat: here each
    distinct text and address is kept once and a mention is four small numbers.
    Code -1 stands for no text or no address (an empty one is none). Messages
    are codes only: the resolver just asks whether two mentions share one.
    """

    message: np.ndarray  # int32: equal codes, same message
    text: np.ndarray  # int32 code into ``texts``
    email: np.ndarray  # int32 code into ``emails``
    correspondent: np.ndarray  # bool
    texts: list[str]
    emails: list[str]

    @classmethod
    def of(cls, mentions: Iterable[Mention]) -> "MentionTable":
        builder = MentionTableBuilder()
        builder.append(mentions)
        return builder.table()

    def __len__(self) -> int:
        return len(self.message)

    def take(self, positions: np.ndarray) -> "MentionTable":
        """The mentions at ``positions``, in that order."""
        return MentionTable(self.message[positions], self.text[positions], self.email[positions],
                            self.correspondent[positions], self.texts, self.emails)


class MentionTableBuilder:
    """Collects mentions a list at a time into one ``MentionTable``, each distinct string kept once."""

    def __init__(self):
        self._texts, self._emails = _Codes(), _Codes()
        self._messages: dict = {}
        self._chunks: list[tuple[np.ndarray, ...]] = []
        self._size = 0

    def append(self, mentions: Iterable[Mention]) -> range:
        """Add mentions; their positions in the table."""
        columns: tuple[list, ...] = ([], [], [], [])
        for mention in mentions:
            columns[0].append(self._messages.setdefault(mention.message_id, len(self._messages)))
            columns[1].append(self._texts.code(mention.text or None))
            columns[2].append(self._emails.code(mention.email or None))
            columns[3].append(bool(mention.correspondent))
        chunk = (*(np.array(c, dtype=np.int32) for c in columns[:3]), np.array(columns[3], dtype=bool))
        self._chunks.append(chunk)
        start, self._size = self._size, self._size + len(chunk[0])
        return range(start, self._size)

    def table(self) -> MentionTable:
        columns = [np.concatenate([c[i] for c in self._chunks]) if self._chunks
                   else np.zeros(0, dtype=bool if i == 3 else np.int32) for i in range(4)]
        return MentionTable(*columns, self._texts.values, self._emails.values)


class PeopleResolver:
    """Groups mentions into people: full names first, then partial names where unambiguous."""

    def __init__(self, officials: tuple[Official, ...] | None = None):
        self.officials = load_officials() if officials is None else officials

    def resolve(self, mentions: list[Mention]) -> tuple[list[Person | None], dict[str, Person]]:
        """The person of each mention (None where no name can be read), and the people by id."""
        person_of, people = self.resolve_table(MentionTable.of(mentions))
        return [people[p] if p >= 0 else None for p in person_of.tolist()], {p.person_id: p for p in people}

    def resolve_table(self, mentions: MentionTable) -> tuple[np.ndarray, list[Person]]:
        """``resolve`` for mentions as columns: each one's person as a position in the people list (-1: none).

        The people are listed in the order ``resolve`` meets them. Names, keys
        and addresses are worked on once each; what is per mention is held in
        arrays, so a large release costs bytes per mention, not objects.
        """
        message, email, correspondent = mentions.message, mentions.email, mentions.correspondent
        names = _Codes()  # the distinct parsed names
        name = _per_code([names.code(parse_name(text)) for text in mentions.texts], mentions.text)
        named_by = _names_behind_emails(email, name, names)
        email_name = _per_code([names.code(parse_name(named_by.get(code) or name_from_email(address)))
                                for code, address in enumerate(mentions.emails)], email)
        name = np.where((name < 0) & (email >= 0), email_name, name)

        used_names = [names[code] for code in np.unique(name[name >= 0]).tolist()]
        compound = {fold(n.last) for n in used_names if n.is_full and n.last and " " in n.last}
        keys = _Codes()  # the full names' keys, then the keys they merge into
        key_of_name = [-1] * len(names)
        for n in used_names:
            if n.is_full:
                key_of_name[names.code(n)] = keys.code(_full_key(n, compound))
        key = _per_code(key_of_name, name)
        has_key = key >= 0
        # A key's words are those of the first name written with it.
        words: dict[str, tuple[str, ...]] = {}
        counts: Counter = Counter()
        keyed = np.flatnonzero(has_key)
        for k, first, count in _first_seen(key[has_key]):
            words[keys[k]] = _name_words(names[int(name[keyed[first]])], compound)
            counts[keys[k]] = count

        official_keys: dict[str, Official] = {}
        for official in self.officials:
            canonical_key = None
            for written in (official.name, *official.aliases):
                parsed = parse_name(written)
                if parsed and parsed.is_full:
                    official_key = _full_key(parsed, compound)
                    canonical_key = canonical_key or official_key
                    official_keys[official_key] = official
                    words.setdefault(official_key, _name_words(parsed, compound))
                    words.setdefault(canonical_key, words[official_key])

        # Full names: one cluster per key; OCR variants, shortened forms and officials' aliases folded in.
        merge_into = self._merge_variants(counts)
        canonical_of = {o.name: _full_key(parse_name(o.name), compound) for o in self.officials
                        if parse_name(o.name) and parse_name(o.name).is_full}
        for official_key, official in official_keys.items():
            if official_key != canonical_of.get(official.name):
                merge_into.setdefault(official_key, canonical_of.get(official.name, official_key))
        mention_keys = list(keys.values)
        merged = _per_code([keys.code(merge_into.get(k, k)) for k in mention_keys], key)
        together = _messages_of(merged[has_key], message[has_key], keys)
        for short, long_ in _shortened_names(words, merge_into, together).items():
            merge_into.setdefault(short, long_)
        addressed = np.flatnonzero(has_key & (email >= 0) & correspondent)
        written_to = zip([mentions.emails[e] for e in email[addressed].tolist()],
                         [keys[k] for k in key[addressed].tolist()])
        for variant, usual in _names_of_one_address(written_to, merge_into).items():
            merge_into.setdefault(variant, usual)
        key = _per_code([keys.code(_follow(merge_into, k)) for k in mention_keys], key)
        del merged, together, addressed

        people: list[Person] = []
        by_key: dict[str, int] = {}

        def person_for(person_key: str) -> int:
            if person_key not in by_key:
                by_key[person_key] = len(people)
                people.append(Person(person_id(person_key), person_key))
            return by_key[person_key]

        person_of = np.full(len(mentions), -1, dtype=np.int32)
        person_of[has_key] = _made_in_order(key[has_key], lambda k: person_for(keys[k]))
        # The (message, key) pairs of the names in each message, and of its correspondents' names.
        in_message = np.unique(_pairs(message[has_key], key[has_key]))
        writing = np.unique(_pairs(message[has_key & correspondent], key[has_key & correspondent]))

        # Addresses without a readable name are people of their own, keyed by the address.
        address_only = (name < 0) & (email >= 0)
        person_of[address_only] = _made_in_order(email[address_only],
                                                 lambda e: person_for("email:" + mentions.emails[e]))

        # Partial names ('Jane', 'Roe', 'J. Roe'): the one matching correspondent of the message,
        # else the one matching person named in it, else the one in the release or on the officials list.
        known = sorted(set(by_key) | {_follow(merge_into, k) for k in official_keys})
        candidates_of: dict[int, list[tuple[str, int]]] = {}  # the same partial name recurs across a release
        own_partial = np.zeros(len(mentions), dtype=bool)  # a partial name that is a person of its own
        for i in np.flatnonzero((person_of < 0) & (name >= 0)).tolist():
            name_code = int(name[i])
            if name_code not in candidates_of:
                candidates_of[name_code] = [(k, keys.code(k)) for k in known
                                            if k in words and _partial_matches(names[name_code], words[k])]
            candidates = candidates_of[name_code]
            in_this_message = int(_pairs(message[i], 0))
            for tier in ([k for k, code in candidates if _holds(writing, in_this_message | code)],
                         [k for k, code in candidates if _holds(in_message, in_this_message | code)],
                         [k for k, _ in candidates]):
                if tier:
                    break
            own_partial[i] = len(tier) != 1
            person_of[i] = person_for(tier[0] if len(tier) == 1 else _partial_key(names[name_code]))
        del in_message, writing, candidates_of

        # Names as written count where they are the key's own name, or a partial name's own person's.
        displays = _Codes()
        written = np.full(len(mentions), -1, dtype=np.int32)
        full = has_key & (person_of >= 0)
        pairs, where = np.unique(_pairs(key[full], name[full]), return_inverse=True)
        display_of_pair = []
        for pair in pairs.tolist():
            k, n = pair >> 32, pair & _LOW
            own = words.get(keys[k]) == _name_words(names[n], compound)
            display_of_pair.append(displays.code(_display(names[n], compound)) if own else -1)
        written[full] = np.array(display_of_pair, dtype=np.int32)[where]
        written[own_partial] = _per_code([displays.code(n.display) for n in names.values], name[own_partial])
        _count_in_order(people, "names", person_of, written, displays.values)
        _count_in_order(people, "emails", person_of, email, mentions.emails)
        for p in np.unique(person_of[(person_of >= 0) & correspondent]).tolist():
            people[p].correspondent = True
        for official_key, official in official_keys.items():
            target = _follow(merge_into, official_key)
            if target in by_key:
                people[by_key[target]].official = official
        # A person only ever named in shortened forms still gets a name: their first.
        unnamed = np.array([not person.names for person in people] + [False])  # code -1: no person
        first_named = np.flatnonzero((name >= 0) & unnamed[person_of])
        for p, first, _ in _first_seen(person_of[first_named]):
            n = names[int(name[first_named[first]])]
            people[p].names[_display(n, compound) if n.is_full else n.display] += 1
        return person_of, people

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
                     together: dict[str, np.ndarray]) -> dict[str, str]:
    """'Valles Briones' -> 'Eva Valles Briones', 'Juan Carlos' -> 'Juan Carlos Mejia'.

    A name whose words open or close exactly one longer name is that person:
    the one named in the same message when there is one, else the one in the release.
    """
    merged: dict[str, str] = {}
    heads = sorted({_follow(merge_into, k) for k in words})
    # The longer names each run of words opens or closes, looked up rather than searched for per name.
    opened_or_closed: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for head in heads:
        head_words = words.get(head, ())
        for size in range(1, len(head_words)):
            for run in {head_words[:size], head_words[-size:]}:
                opened_or_closed[run].append(head)
    for short in heads:
        short_words = words.get(short)
        if not short_words or len(short_words) < 2:
            continue
        longer = [k for k in opened_or_closed.get(short_words, ()) if k != short]
        nearby = [k for k in longer if _share_a_message(together.get(k), together.get(short))]
        chosen = nearby or longer
        if len(chosen) == 1:
            merged[short] = chosen[0]
    return merged


def _names_of_one_address(written: Iterable[tuple[str, str]], merge_into: dict[str, str]) -> dict[str, str]:
    """'Kyle Hove' <kyle.love@...> once, 'Kyle Love' <kyle.love@...> a hundred times: an OCR misreading.

    ``written``: (address, key) of each correspondent written with both, in order.
    A correspondent's rarer name is merged into the usual name of the same address
    when the first names agree, so a shared mailbox never merges two people.
    """
    by_address: dict[str, Counter] = defaultdict(Counter)
    for address, key in written:
        by_address[address][_follow(merge_into, key)] += 1
    merged = {}
    for counter in by_address.values():
        (usual, count), *others = counter.most_common()
        for variant, seen in others:
            first, usual_first = variant.partition(" ")[0], usual.partition(" ")[0]
            if seen < count and (first == usual_first or skeleton(first) == skeleton(usual_first)
                                 or (min(len(first), len(usual_first)) >= 4 and _one_edit_apart(first, usual_first))):
                merged[variant] = usual
    return merged


def _names_behind_emails(email: np.ndarray, name: np.ndarray, names: _Codes) -> dict[int, str]:
    """The full name most often written with each address (by address code)."""
    full = np.array([n.is_full for n in names.values] + [False])[name] & (email >= 0)  # code -1: no name
    seen: dict[int, Counter] = defaultdict(Counter)
    for pair, _, count in _first_seen(_pairs(email[full], name[full])):
        seen[pair >> 32][names[pair & _LOW].display] += count
    return {address: counter.most_common(1)[0][0] for address, counter in seen.items()}


#: The low half of a pair of codes (see ``_pairs``).
_LOW = 0xFFFFFFFF


def _pairs(first, second) -> np.ndarray:
    """Two non-negative codes as one sortable integer: ``first << 32 | second``."""
    return (np.asarray(first, dtype=np.int64) << 32) | np.asarray(second, dtype=np.int64)


def _first_seen(codes: np.ndarray) -> Iterator[tuple[int, int, int]]:
    """Each distinct code with where it first appears and how often, in the order first seen."""
    distinct, first, counts = np.unique(codes, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    return zip(distinct[order].tolist(), first[order].tolist(), counts[order].tolist())


def _made_in_order(codes: np.ndarray, make: Callable[[int], int]) -> np.ndarray:
    """``make(code)`` once per distinct code, in the order first seen; the results, one per code."""
    distinct, first, where = np.unique(codes, return_index=True, return_inverse=True)
    made = np.empty(len(distinct), dtype=np.int32)
    for i in np.argsort(first, kind="stable").tolist():
        made[i] = make(int(distinct[i]))
    return made[where]


def _holds(sorted_values: np.ndarray, value: int) -> bool:
    at = int(np.searchsorted(sorted_values, value))
    return at < len(sorted_values) and int(sorted_values[at]) == value


def _messages_of(keys_of: np.ndarray, message: np.ndarray, keys: _Codes) -> dict[str, np.ndarray]:
    """The messages each key is written in, as sorted message codes."""
    pairs = np.unique(_pairs(keys_of, message))
    owner = pairs >> 32
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if len(pairs) else np.zeros(0, dtype=int)
    ends = np.r_[starts[1:], len(pairs)]
    return {keys[int(owner[s])]: pairs[s:e] & _LOW for s, e in zip(starts.tolist(), ends.tolist())}


def _share_a_message(messages: np.ndarray | None, others: np.ndarray | None) -> bool:
    return messages is not None and others is not None and len(np.intersect1d(messages, others,
                                                                               assume_unique=True)) > 0


def _count_in_order(people: list[Person], counter: str, person_of: np.ndarray, codes: np.ndarray,
                    values: list[str]) -> None:
    """Count each person's values (``codes`` into ``values``; -1 is none) into their ``counter``.

    Counted in the order first seen, as one mention at a time would: ``Counter.most_common`` breaks
    ties by that order.
    """
    counted = (person_of >= 0) & (codes >= 0)
    for pair, _, count in _first_seen(_pairs(person_of[counted], codes[counted])):
        getattr(people[pair >> 32], counter)[values[pair & _LOW]] += count


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
