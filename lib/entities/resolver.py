"""People from their mentions: full names first, then partial names where unambiguous.

"Sgt. Det. Jane Roe", "Roe, Jane", "JANE ROE", "Jane M. Roe", "J. Roe" and "Jane"
(where only one Jane is in view) are one person; spelling variants, shortened
forms, officials' aliases and a correspondent's rarer name for one address are
folded in. Each person gets the id of their key (``keys.py``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import numpy as np

from lib.entities.keys import display_name, full_key, name_words, partial_key, partial_matches, person_id
from lib.entities.mention_table import Codes, Mention, MentionTable, per_code
from lib.entities.names import fold, name_from_email, parse_name, skeleton
from lib.entities.reference import Official, load_officials


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
        names = Codes()  # the distinct parsed names
        name = per_code([names.code(parse_name(text)) for text in mentions.texts], mentions.text)
        named_by = _names_behind_emails(email, name, names)
        email_name = per_code([names.code(parse_name(named_by.get(code) or name_from_email(address)))
                                for code, address in enumerate(mentions.emails)], email)
        name = np.where((name < 0) & (email >= 0), email_name, name)

        used_names = [names[code] for code in np.unique(name[name >= 0]).tolist()]
        compound = {fold(n.last) for n in used_names if n.is_full and n.last and " " in n.last}
        keys = Codes()  # the full names' keys, then the keys they merge into
        key_of_name = [-1] * len(names)
        for n in used_names:
            if n.is_full:
                key_of_name[names.code(n)] = keys.code(full_key(n, compound))
        key = per_code(key_of_name, name)
        has_key = key >= 0
        # A key's words are those of the first name written with it.
        words: dict[str, tuple[str, ...]] = {}
        counts: Counter = Counter()
        keyed = np.flatnonzero(has_key)
        for k, first, count in _first_seen(key[has_key]):
            words[keys[k]] = name_words(names[int(name[keyed[first]])], compound)
            counts[keys[k]] = count

        official_keys: dict[str, Official] = {}
        for official in self.officials:
            canonical_key = None
            for written in (official.name, *official.aliases):
                parsed = parse_name(written)
                if parsed and parsed.is_full:
                    official_key = full_key(parsed, compound)
                    canonical_key = canonical_key or official_key
                    official_keys[official_key] = official
                    words.setdefault(official_key, name_words(parsed, compound))
                    words.setdefault(canonical_key, words[official_key])

        # Full names: one cluster per key; OCR variants, shortened forms and officials' aliases folded in.
        merge_into = self._merge_variants(counts)
        canonical_of = {o.name: full_key(parse_name(o.name), compound) for o in self.officials
                        if parse_name(o.name) and parse_name(o.name).is_full}
        for official_key, official in official_keys.items():
            if official_key != canonical_of.get(official.name):
                merge_into.setdefault(official_key, canonical_of.get(official.name, official_key))
        mention_keys = list(keys.values)
        merged = per_code([keys.code(merge_into.get(k, k)) for k in mention_keys], key)
        together = _messages_of(merged[has_key], message[has_key], keys)
        for short, long_ in _shortened_names(words, merge_into, together).items():
            merge_into.setdefault(short, long_)
        addressed = np.flatnonzero(has_key & (email >= 0) & correspondent)
        written_to = zip([mentions.emails[e] for e in email[addressed].tolist()],
                         [keys[k] for k in key[addressed].tolist()])
        for variant, usual in _names_of_one_address(written_to, merge_into).items():
            merge_into.setdefault(variant, usual)
        key = per_code([keys.code(_follow(merge_into, k)) for k in mention_keys], key)
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
                                            if k in words and partial_matches(names[name_code], words[k])]
            candidates = candidates_of[name_code]
            in_this_message = int(_pairs(message[i], 0))
            for tier in ([k for k, code in candidates if _holds(writing, in_this_message | code)],
                         [k for k, code in candidates if _holds(in_message, in_this_message | code)],
                         [k for k, _ in candidates]):
                if tier:
                    break
            own_partial[i] = len(tier) != 1
            person_of[i] = person_for(tier[0] if len(tier) == 1 else partial_key(names[name_code]))
        del in_message, writing, candidates_of

        # Names as written count where they are the key's own name, or a partial name's own person's.
        displays = Codes()
        written = np.full(len(mentions), -1, dtype=np.int32)
        full = has_key & (person_of >= 0)
        pairs, where = np.unique(_pairs(key[full], name[full]), return_inverse=True)
        display_of_pair = []
        for pair in pairs.tolist():
            k, n = pair >> 32, pair & _LOW
            own = words.get(keys[k]) == name_words(names[n], compound)
            display_of_pair.append(displays.code(display_name(names[n], compound)) if own else -1)
        written[full] = np.array(display_of_pair, dtype=np.int32)[where]
        written[own_partial] = per_code([displays.code(n.display) for n in names.values], name[own_partial])
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
            people[p].names[display_name(n, compound) if n.is_full else n.display] += 1
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


def _names_behind_emails(email: np.ndarray, name: np.ndarray, names: Codes) -> dict[int, str]:
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


def _messages_of(keys_of: np.ndarray, message: np.ndarray, keys: Codes) -> dict[str, np.ndarray]:
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
