"""Acts read from the structure of a sentence: a person held for ICE, a release time, a check run in a police
system, a detainer taken to booking, an ICE duty covered.

The words of ``lib/reference/claims_evidence.yaml`` find the phrasings the release is known to use; these
rules find the same acts in other words by what the words do in the sentence. spaCy's dependency parser
says which word is the object of which verb and which clause hangs from it; a ``DependencyMatcher``
finds each act's verb with its object, and the checks below say whether that object is a person, a police
system or a detainer, and whether the clause gives ICE's pickup, a time or booking. "Hold the conference
room until ICE confirms" has the words of a hold but a room as its object, and is not one.

Parsing is the slow step, so only sentences that hold both an act's verb and one of its other words
(an ICE word, a time, a system, a detainer...) are parsed, a batch of messages at a time; the lemmas that
choose them come from ``lib.language``'s analysis, which the pattern search has already made. The word
lists are data (``lib/reference/evidence_acts.yaml``, ``police_systems.csv``) so that a release from
another city can name its own systems.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from spacy.matcher import DependencyMatcher, PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Token

from lib.core.models import load_model
from lib.core.paths import REFERENCE
from lib.language.analysis import _analyse

DEFAULT_ACT_WORDS = REFERENCE / "evidence_acts.yaml"
DEFAULT_SYSTEMS = REFERENCE / "police_systems.csv"

#: The lexicon category each act's rows join, so the query that reads the category reads them too.
CATEGORIES = {"holding": "holding", "release": "release_timing", "check": "checking", "serve": "serving_detainers",
              "cover": "covering_shifts"}

#: Candidate windows (sentences) gathered before they are parsed together.
_PARSE_BATCH = 64

#: Children of a verb whose clauses say what the act is for, when or where (not "and"-joined other acts).
_CLAUSE_DEPS = {"prep", "advcl", "xcomp", "advmod", "npadvmod", "dative", "acomp", "agent", "prt", "oprd"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_FIRST_AND_SECOND_PERSON = {"i", "me", "we", "us", "you", "myself", "ourselves", "yourself"}
_CLOCK = re.compile(r"^\d{1,2}(?::\d{2})?(?:[ap]\.?m\.?)?$", re.IGNORECASE)
_MILITARY = re.compile(r"^[0-2]\d[0-5]\d$")
_TIME_PREPOSITIONS = {"at", "around", "about", "by", "before", "after", "until", "till", "from"}
_SENTENCIZER = Sentencizer()
#: Words in a sentence beyond which it is read as lines (forms, tables), not prose.
_LONG_SENTENCE = 60

#: Set on the parsed words that name a police system (``police_systems.csv``), for the DependencyMatcher.
_SYSTEM_FLAG = "records_police_system"


# --- The words ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActWords:
    """The word lists of ``evidence_acts.yaml`` and the systems of ``police_systems.csv``."""

    version: str
    lists: dict
    systems: tuple[tuple[str, bool], ...]  # (alias, counts only bare: "booking", not "the hotel booking")

    def words(self, *path: str) -> frozenset[str]:
        value = self.lists
        for key in path:
            value = value[key]
        return frozenset(str(v).lower() for v in value)


def load_act_words(path: str | Path = DEFAULT_ACT_WORDS, systems: str | Path = DEFAULT_SYSTEMS) -> ActWords:
    with open(path, encoding="utf-8") as f:
        lists = yaml.safe_load(f)
    with open(systems, encoding="utf-8", newline="") as f:
        rows = [(row["alias"].strip().lower(), row["plain_word"].strip().lower() == "true")
                for row in csv.DictReader(f)]
    return ActWords(str(lists.pop("version")), lists, tuple(rows))


# --- Finding acts ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Act:
    """One act found: its category, the rule that found it, its characters in the text, and whether its
    reading is arguable (the evidence tables carry the flag)."""

    category: str
    rule: str
    start_char: int
    end_char: int
    arguable: bool = False


class ActFinder:
    """Finds acts in texts by the rules below; build once (``act_finder()``) and call ``find`` per batch."""

    def __init__(self, words: ActWords | None = None):
        self.words = words or load_act_words()
        w = self.words.words
        self.hold_verbs = w("holding", "verbs")
        self.release_transitive, self.release_intransitive = w("release", "transitive"), w("release", "intransitive")
        self.release_needs_out = w("release", "needs_out")
        self.check_verbs, self.check_nouns = w("check", "verbs"), w("check", "nouns")
        self.result_verbs = w("check", "result_verbs")
        self.serve_verbs, self.papers = w("serve", "verbs"), w("serve", "papers")
        self.cover_verbs, self.duties, self.stand_in = w("cover", "verbs"), w("cover", "duties"), w("cover", "stand_in")
        self.posts = w("cover", "posts")
        self.person_pronouns, self.person_nouns = w("person_pronouns"), w("person_nouns")
        self.ice_words, self.ice_side_nouns = w("ice_words"), w("ice_side_nouns")
        self.arrival_verbs = w("arrival_verbs")
        self.time_words, self.not_when = w("release", "time_words"), w("release", "not_when")
        self.bail_words, self.custody_places = w("release", "bail_words"), w("release", "custody_places")
        self.destinations = w("serve", "destinations")
        self.police_report_words = w("police_report_words")
        self.act_nouns = w("act_nouns")
        if not Token.has_extension(_SYSTEM_FLAG):
            Token.set_extension(_SYSTEM_FLAG, default=False)

    @cached_property
    def nlp(self):
        return load_model()  # the project's pinned model, with its parser and entity tagger

    @cached_property
    def _systems(self) -> PhraseMatcher:
        matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for alias, plain in self.words.systems:
            matcher.add("plain" if plain else "system", [self.nlp.make_doc(alias)])
        return matcher

    @cached_property
    def _matcher(self) -> DependencyMatcher:
        """Each act's verb and the word it must govern; what that word must be is checked in ``_judge``."""
        def verb(lemmas, pos=("VERB",)):
            return {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": sorted(lemmas)}, "POS": {"IN": list(pos)}}}

        def child(left, name, deps, **attrs):
            return {"LEFT_ID": left, "REL_OP": ">", "RIGHT_ID": name, "RIGHT_ATTRS": {"DEP": {"IN": deps}, **attrs}}

        system = {"_": {_SYSTEM_FLAG: True}}
        release_verbs = self.release_transitive | self.release_intransitive | self.release_needs_out
        patterns = {
            "hold": [verb(self.hold_verbs), child("verb", "object", ["dobj", "nsubjpass"])],
            "release": [verb(release_verbs)],
            "check_system_object": [verb(self.check_verbs), child("verb", "system", ["dobj", "nsubjpass", "attr",
                                                                                     "npadvmod", "conj"], **system)],
            "check_in_system": [verb(self.check_verbs), child("verb", "prep", ["prep", "dative"]),
                                child("prep", "system", ["pobj"], **system)],
            "check_query_of_system": [verb(self.check_verbs),
                                      child("verb", "query", ["dobj", "nsubj", "nsubjpass"],
                                            LEMMA={"IN": sorted(self.check_nouns)}),
                                      child("query", "system", ["compound", "amod", "nmod", "poss"], **system)],
            "system_result": [verb(self.result_verbs), child("verb", "system", ["nsubj", "csubj"], **system)],
            "system_query_result": [verb(self.result_verbs),
                                    child("verb", "query", ["nsubj"], LEMMA={"IN": sorted(self.check_nouns)}),
                                    child("query", "system", ["compound", "amod", "nmod", "poss"], **system)],
            "serve": [verb(self.serve_verbs), child("verb", "object", ["dobj", "nsubjpass"])],
            "cover_duty": [verb(self.cover_verbs), child("verb", "object", ["dobj", "advmod", "attr"])],
            "cover_for": [verb(self.stand_in), child("verb", "prep", ["prep"], LOWER="for"),
                          child("prep", "object", ["pobj"])],
        }
        matcher = DependencyMatcher(self.nlp.vocab, validate=True)
        for name, pattern in patterns.items():
            matcher.add(name, [pattern])
        return matcher

    # --- Which sentences to parse -----------------------------------------------------------------

    def find(self, texts: Iterable[str]) -> Iterator[list[Act]]:
        """The acts of each text, in order; parses only the sentences that could hold one, about
        ``_PARSE_BATCH`` at a time, so only those texts' analyses are held at once."""
        texts = [t if isinstance(t, str) else "" for t in texts]
        group: list[tuple[str, object, list[tuple[int, int]], set[int]]] = []
        waiting = 0
        for text, analysed in zip(texts, _analyse(texts)):
            sentences = _sentences(analysed, text)
            windows = self._candidate_windows(analysed, sentences)
            group.append((text, analysed, windows, {start for start, _ in sentences}))
            waiting += len(windows)
            if waiting >= _PARSE_BATCH:
                yield from self._parse(group)
                group, waiting = [], 0
        yield from self._parse(group)

    def _parse(self, group) -> Iterator[list[Act]]:
        """The acts of a group of texts: their candidate windows parsed together, then judged."""
        docs = [self._words(analysed, start, end, firsts)
                for _, analysed, windows, firsts in group for start, end in windows]
        parsed = iter(self.nlp.pipe(docs, batch_size=16))
        for _, analysed, windows, _ in group:
            acts = []
            for (start, _), doc in zip(windows, parsed):
                for category, rule, low, high, arguable in self._acts_in(doc):
                    start_char, end_char = analysed.chars(start + low, start + high)
                    acts.append(Act(category, rule, start_char, end_char, arguable))
            yield _without_overlaps(acts)

    def _candidate_windows(self, analysed, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Token ranges of the sentences that hold an act's verb and the other words its rule needs (a hold
        with the sentence after it when that one says who picks up); ranges that touch are merged."""
        doc = analysed.doc
        systems = {start for _, start, _ in self._systems(doc)}
        words = [{t.lemma_.lower() for t in doc[s:e]} | {t.lower_ for t in doc[s:e]} for s, e in sentences]
        hold_purpose = self.ice_words | self.arrival_verbs | self.ice_side_nouns | {"for"}
        released = self.release_transitive - self.release_needs_out - {"let"}
        wanted = []
        for number, ((start, end), lemmas) in enumerate(zip(sentences, words)):
            if lemmas & self.hold_verbs:
                if lemmas & hold_purpose:
                    wanted.append((start, end))
                if number + 1 < len(sentences) and words[number + 1] & hold_purpose:
                    wanted.append((start, sentences[number + 1][1]))
            timed = bool(lemmas & self.time_words) or any(t.like_num or _CLOCK.match(t.text) for t in doc[start:end])
            leaving = (lemmas & released or lemmas & {"walk", "bail"}
                       or lemmas & (self.release_needs_out | {"let"}) and lemmas & {"out", "go"}
                       or lemmas & {"post", "make"} and lemmas & self.bail_words
                       or "leave" in lemmas and lemmas & self.custody_places)
            if timed and leaving:
                wanted.append((start, end))
            if any(start <= s < end for s in systems) or (lemmas & self.serve_verbs and lemmas & self.papers) \
                    or (lemmas & self.cover_verbs and lemmas & (self.duties | self.posts)) \
                    or (lemmas & self.stand_in and "for" in lemmas):
                wanted.append((start, end))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(wanted):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def _words(self, analysed, start: int, end: int, firsts: set[int]) -> Doc:
        """The window's words as written, for the parser and entity tagger (names keep their capitals).

        Hand-written: an email's subjectless sentence ("Searched BOP for Victor Lima.") starts with a
        capitalised verb that the model takes for a name; where the lower-cased tagging of
        ``lib.language`` calls the first word of a sentence (``firsts``) a verb, it is given in lower case.
        """
        tokens = analysed.doc[start:end]
        words = [t.text.lower() if (t.i in firsts and t.pos_ == "VERB") else t.text for t in tokens]
        ends = [analysed.starts[t.i] + len(t.text) for t in tokens]
        spaces = [e < analysed.starts[t.i + 1] for t, e in zip(tokens[:-1], ends)] + [False]
        return Doc(self.nlp.vocab, words=words, spaces=spaces)

    # --- The rules --------------------------------------------------------------------------------

    def _acts_in(self, doc: Doc) -> list[tuple[str, str, int, int, bool]]:
        for match_id, start, end in self._systems(doc):
            root = doc[start:end].root
            if self.nlp.vocab.strings[match_id] == "system" or _bare(root):
                root._.set(_SYSTEM_FLAG, True)
        found = []
        for match_id, tokens in self._matcher(doc):
            rule = self.nlp.vocab.strings[match_id]
            judged = self._judge(rule, [doc[i] for i in tokens])
            if judged:
                category, name, words, arguable = judged
                end = max(t.i for t in words) + 1
                while end < len(doc) and doc[end].ent_iob_ == "I":  # a time or name is cited whole
                    end += 1
                found.append((CATEGORIES[category], f"acts.{name}", min(t.i for t in words), end, arguable))
        return found

    def _judge(self, rule: str, tokens: list[Token]):
        """(act, rule name, the words that make it, arguable) when the matched words are the act, else None."""
        verb = tokens[0]
        if _negated(verb):
            return None
        if rule == "hold":
            held = tokens[1]
            if not self._is_person(held, third_person=True):  # "keep you posted" holds no one
                return None
            purpose = self._hold_purpose(verb, held)
            if purpose is not None:
                return "holding", "hold_person_for_ice", [verb, held, purpose], False
            pickup = self._pickup_after(verb)
            if pickup is not None:  # "Could the lockup detain Ms. Osei a little longer? ERO will pick her up."
                return "holding", "hold_person_then_pickup", [verb, held, pickup], True
            return None
        if rule == "release":
            person = self._released(verb)
            when = self._release_time(verb)
            if person is None or when is None or _conditional(verb, self.not_when):
                return None
            return "release", "release_person_at_time", [verb, person, when], False
        if rule.startswith(("check_", "system_")):
            return "check", rule, tokens, False
        if rule == "serve":
            paper = tokens[1]
            if not self._is_paper(paper) and verb.lemma_.lower() == "serve" and self._is_person(paper):
                # "served him with the detainer": the person is the object, the paper comes with "with"
                paper = next((t for t in _clause_words(verb) if t.dep_ == "pobj" and t.head.lower_ == "with"
                              and self._is_paper(t)), paper)
            if not self._is_paper(paper):
                return None
            place = self._destination(verb, paper)
            return ("serve", "detainer_taken_to_custody", [verb, paper, place], False) if place is not None else None
        if rule == "cover_duty":
            duty = tokens[1]
            words = {t.lemma_.lower() for t in duty.subtree} | {t.lower_ for t in duty.subtree}
            # A post (desk, phone, inbox) is an ICE duty when the words say so: "the ERO desk", "the duty phone".
            if words & self.duties or words & self.posts and words & (self.ice_words | self.duties):
                return "cover", "cover_ice_duty", [verb, duty], False
            return None
        if rule == "cover_for":
            stood_for = tokens[2]
            if self._is_person(stood_for) or stood_for.lower_ in {"you", "them", "him", "her"} \
                    or stood_for.lemma_.lower() in self.ice_side_nouns:
                return "cover", "stand_in_for_officer", tokens, False
        return None

    def _is_person(self, token: Token, *, third_person: bool = False) -> bool:
        """A pronoun for a person, a name, or a noun for a person in custody; not a thing.

        Hand-written from the entity tagger's PERSON, the part of speech and word lists: no library
        tells a person from a thing.
        """
        lower = token.lower_
        if lower in _FIRST_AND_SECOND_PERSON:
            return not third_person
        if lower in self.person_pronouns or token.ent_type_ == "PERSON":
            return True
        if token.lemma_.lower() in self.person_nouns or lower in self.person_nouns:
            return True
        # A name the entity tagger left untyped ("Gomes"); a place or agency name is not a person.
        return token.pos_ == "PROPN" and token.ent_type_ not in {"ORG", "GPE", "FAC", "LOC", "PRODUCT", "NORP",
                                                                  "DATE", "TIME", "EVENT", "WORK_OF_ART"} \
            and not any(c.dep_ == "det" for c in token.children) and not token._.get(_SYSTEM_FLAG)

    def _ice_side(self, token: Token) -> bool:
        """ICE, or the reader's or writer's people: "ICE", "you", "your officers", "you guys", "our team"."""
        if token.lower_ in self.ice_words or token.lower_ in {"you", "we", "us"}:
            return True
        return token.lemma_.lower() in self.ice_side_nouns and any(
            c.lower_ in {"your", "our", "you", "ice", "ero"} for c in token.children)

    def _hold_purpose(self, verb: Token, held: Token) -> Token | None:
        """The word of the hold's clause that makes it for ICE: "until ICE arrives", "for ICE to collect",
        "for you guys", "till your officers come by", "pending ICE pickup"."""
        held_words = {t.i for t in held.subtree}
        for token in _clause_words(verb):
            if token.i in held_words:
                continue
            if token.lower_ in self.ice_words:
                return token
            if token.lemma_.lower() in self.arrival_verbs and token.pos_ == "VERB" and any(
                    c.dep_ in _SUBJECTS and self._ice_side(c) for c in token.children):
                return token
        # "for you guys" may hang from the held person's clause ("the individual you called about for you guys").
        for token in _clause_words(verb):
            if token.dep_ == "pobj" and token.head.lower_ == "for" and self._ice_side(token):
                return token
        return None

    def _pickup_after(self, verb: Token) -> Token | None:
        """The main verb of the next sentence, when it is ICE arriving or picking up ("ERO will pick her up")."""
        sentence = verb.sent
        if sentence.end >= len(verb.doc):
            return None
        root = verb.doc[sentence.end].sent.root
        if root.lemma_.lower() in self.arrival_verbs and any(
                c.dep_ in _SUBJECTS and self._ice_side(c) and c.lower_ not in {"you"} for c in root.children):
            return root
        return None

    def _released(self, verb: Token) -> Token | None:
        """The person a release verb lets go: the object of "release"/"discharge"/"let ... out", the passive
        subject, or the subject of "walk"/"bail"/"post bail"/"get out"/"leave the lockup"."""
        lemma = verb.lemma_.lower()
        has_out = any(c.lower_ == "out" and c.dep_ in {"prt", "advmod"} for c in verb.children)
        if lemma in self.release_needs_out and not has_out and lemma not in self.release_transitive:
            return None
        subject = _subject(verb)
        if lemma in self.release_transitive and lemma not in self.release_needs_out or has_out:
            for c in verb.children:
                if c.dep_ in {"dobj", "nsubjpass"} and self._is_person(c, third_person=True):
                    return c
                if lemma == "let" and c.dep_ in {"ccomp", "xcomp"}:  # "let Medeiros go"
                    inner = _subject(c)
                    if inner is not None and self._is_person(inner, third_person=True):
                        return inner
            passive = verb.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in verb.children)
            if passive and subject is not None and self._is_person(subject, third_person=True):
                return subject
            if lemma in self.release_transitive:
                return None
        if lemma in self.release_intransitive or has_out:
            if subject is None or not self._is_person(subject, third_person=True):
                return None
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            if lemma in {"post", "make"}:
                bail = any(o.lower_ in self.bail_words or o.lemma_.lower() in self.bail_words
                           or o.ent_type_ == "MONEY" for o in objects)
                return subject if bail else None
            if lemma == "leave":
                places = [t for t in _clause_words(verb) if t.dep_ in {"dobj", "pobj"}] + objects
                ok = any(t.lemma_.lower() in self.custody_places or t.lower_ in self.custody_places
                         or t.ent_type_ == "FAC" for t in places)
                return subject if ok else None
            return subject
        return None

    def _release_time(self, verb: Token) -> Token | None:
        """A clock time or a day to come in the release's clause (not a past year: "got out in 2014").

        Hand-written beside the entity tagger's TIME: it leaves bare clock numbers ("at 10", "1400") untyped.
        """
        for token in _clause_words(verb):
            if token.lower_ in self.time_words or token.ent_type_ == "TIME":
                return token
            following = token.doc[token.i + 1].lower_ if token.i + 1 < len(token.doc) else ""
            if _CLOCK.match(token.text) and (":" in token.text or token.head.lower_ in _TIME_PREPOSITIONS
                                             or following in self.time_words):
                return token
            if _MILITARY.match(token.text) and token.head.lower_ in _TIME_PREPOSITIONS - {"from"} \
                    and not token.text.startswith(("19", "20")):  # "at 1400", not "in 2014"
                return token
        return None

    def _is_paper(self, token: Token) -> bool:
        """ICE's detainer or warrant, or paperwork a detainer word qualifies ("the detainer paperwork")."""
        words = [token] + [c for c in token.children if c.dep_ in {"compound", "amod", "nmod"}]
        return any(w.lower_ in self.papers or w.lemma_.lower() in self.papers for w in words)

    def _destination(self, verb: Token, paper: Token) -> Token | None:
        """Where the paper went: booking, the jail, the court, their staff, a named facility; or, for
        "serve", the person served ("served on him")."""
        paper_words = {t.i for t in paper.subtree}
        for token in _clause_words(verb):
            if verb.lemma_.lower() == "serve" and token.dep_ == "pobj" and token.head.lower_ == "on" \
                    and self._is_person(token):  # "serve the I-247A on Mr. Diaz" hangs from the paper
                return token
            if token.i in paper_words:
                continue
            if token.lower_ in self.destinations or token.lemma_.lower() in self.destinations \
                    or token.ent_type_ == "FAC":
                return token
        return None

    # --- Pattern matches about things ---------------------------------------------------------------

    def about_things(self, spans: list[tuple[str, int, int, str]]) -> list[bool]:
        """For each (text, start_char, end_char, category) of a pattern match: whether its sentence shows it is
        about a thing, not a person or police records. A hold, release or service whose verb acts on a
        common noun that is no person, paper or system ("hold the package for pickup", "the new version is
        being released at 6", "serve lunch at the court"); a report whose qualifiers name no police work
        ("the quarterly overtime report is attached"). The sentences are parsed together."""
        texts = [text for text, _, _, _ in spans]
        windows = []
        for (text, start_char, end_char, _), analysed in zip(spans, _analyse(texts)):
            sentences = _sentences(analysed, text)
            window = next(((s, e) for s, e in sentences
                           if analysed.chars(s, e)[0] <= start_char < analysed.chars(s, e)[1]), None)
            windows.append((analysed, window, {s for s, _ in sentences}))
        docs = [self._words(analysed, *window, firsts) for analysed, window, firsts in windows if window]
        parsed = iter(self.nlp.pipe(docs, batch_size=16))
        result = []
        for (_, start_char, end_char, category), (analysed, window, _) in zip(spans, windows):
            if window is None:
                result.append(False)
                continue
            doc = next(parsed)
            matched = [t for t in doc if start_char <= analysed.starts[window[0] + t.i] < end_char]
            if category == "records":
                result.append(any(self._names_other_things(t) for t in matched if t.lemma_.lower() == "report"))
            else:
                result.append(self._acts_on_a_thing(matched))
        return result

    def _names_other_things(self, report: Token) -> bool:
        qualifiers = [c for c in report.children if c.dep_ in {"amod", "compound", "nmod"}]
        return bool(qualifiers) and not any(q.lower_ in self.police_report_words or q.pos_ in {"PROPN", "NUM"}
                                            or q.like_num for q in qualifiers)

    def _acts_on_a_thing(self, matched: list[Token]) -> bool:
        """Whether the verb of the matched words (or the verb they hang from) has an object (or passive
        subject, or the subject of "gets out") that is a common noun for a thing. Names, capitalised words
        and pronouns are never things here (an upper-case name is often tagged as a noun or an organisation),
        nor the act's own nouns ("release is set for 3"), nor what a copula says ("release time is 3")."""
        if not matched or any(self._is_paper(t) or self._is_person(t, third_person=True) for t in matched):
            return False  # the words name the detainer or the person themselves
        verb = next((t for t in matched if t.pos_ == "VERB"), None)
        if verb is None:  # "for pickup": the verb it hangs from
            verb = matched[0]
            while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
                verb = verb.head
        if verb.pos_ != "VERB":
            return False
        themes = [c for dep in ("dobj", "nsubjpass", "nsubj") for c in verb.children if c.dep_ == dep]
        if not themes:
            return False
        theme = themes[0]
        if theme.dep_ == "nsubj" and any(c.dep_ == "dobj" for c in verb.children):
            return False  # the subject of an active verb with an object is who acts, not what is acted on
        if theme.text[:1].isupper():
            return False  # a capitalised word is read as a name ("HOLDING SMITH for pickup")
        if theme.ent_type_ in {"TIME", "DATE"} or theme.lemma_.lower() in self.time_words | {"min", "sec", "second"} \
                or any(c.dep_ == "nummod" for c in theme.children):
            return False  # "hold off 15 min": how long, not what
        return theme.pos_ == "NOUN" and not self._is_person(theme) and not self._is_paper(theme) \
            and theme.lower_ not in self.ice_words and theme.lemma_.lower() not in self.act_nouns \
            and not theme._.get(_SYSTEM_FLAG)


# --- Helpers -----------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def act_finder() -> ActFinder:
    return ActFinder()


def _sentences(analysed, text: str) -> list[tuple[int, int]]:
    """Token ranges of the sentences of an analysed text: spaCy's rule-based sentencizer (ends at ".", "!",
    "?"; "Mr." is one token), and a blank line always ends one (lines wrapped in print do not). A run of
    more than ``_LONG_SENTENCE`` words is a form or a table the sentencizer could not split, and is split at
    each line break."""
    doc = analysed.doc
    if not len(doc):
        return []
    starts = _SENTENCIZER.predict([doc])[0]
    breaks = [text[analysed.starts[i - 1] + len(doc[i - 1].text):analysed.starts[i]] for i in range(1, len(doc))]
    bounds = [0] + [i for i in range(1, len(doc)) if starts[i] or "\n\n" in breaks[i - 1]] + [len(doc)]
    sentences = []
    for start, end in zip(bounds[:-1], bounds[1:]):
        if end - start <= _LONG_SENTENCE:
            sentences.append((start, end))
            continue
        lines = [start] + [i for i in range(start + 1, end) if "\n" in breaks[i - 1]] + [end]
        sentences.extend(zip(lines[:-1], lines[1:]))
    return sentences


def _bare(token: Token) -> bool:
    """A system named by a plain word ("booking") counts only bare: "ran it in booking", not "the hotel
    booking" or "your booking"."""
    return not any(c.dep_ in {"det", "poss", "compound", "amod"} for c in token.children)


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _conditional(verb: Token, marks: frozenset[str]) -> bool:
    """A clause that asks to be told or sets a condition: "before she is released", "if he bails"."""
    return any(c.dep_ in {"mark", "advmod"} and c.lower_ in marks for c in verb.children)


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or that of the verb it completes ("expected to be released", "and walks")."""
    for c in verb.children:
        if c.dep_ in _SUBJECTS:
            return c
    if verb.dep_ in {"xcomp", "conj"} and verb.head.i != verb.i:
        return _subject(verb.head)
    return None


def _clause_words(verb: Token) -> Iterator[Token]:
    """The words of the verb's own clause: its objects and the phrases that say why, when and where, not
    the other clauses joined to it by "and" or a comma."""
    for child in verb.children:
        if child.dep_ in _CLAUSE_DEPS or child.dep_ in {"dobj", "pobj", "nsubjpass", "ccomp"}:
            yield from child.subtree


def _without_overlaps(acts: list[Act]) -> list[Act]:
    """One act per span of text and category: the longest where two overlap."""
    kept: list[Act] = []
    for act in sorted(acts, key=lambda a: (a.start_char - a.end_char, a.start_char, a.rule)):
        if not any(k.category == act.category and k.start_char < act.end_char and act.start_char < k.end_char
                   for k in kept):
            kept.append(act)
    return sorted(kept, key=lambda a: (a.start_char, a.category))
