"""Charges tied to the people and the messages they belong to.

Public API:

- ``link_charges(messages, entities)``: one row per charge found in a message's
  subject line, its own text or a form printed with it (an I-247A detainer, an
  incident report), with the private subject it belongs to, the exact page and
  Bates number, the date and the direction of the message (``CHARGE_COLUMNS``).
- ``subject_severity(charges, entities, messages)``: one row per private
  subject: the most serious charge, how many charges, whether their
  information went to ICE, and where to check it (``SEVERITY_COLUMNS``).

Whose charge it is. A charge belongs to a private subject (a PERSON entity
with role "subject"); officials are never owners. The first rule that gives
one person decides, and ``link`` says which (``LINK_RULES``):

1. ``form``: in a printed form, the person on its name line ("Name of Alien:",
   "Suspect 1:", "Defendant:"...), else the only subject the form names; a
   form that names no one goes on to rule 5;
2. ``sentence``: the nearest subject named before the charge in its sentence,
   else the first named after it in that sentence;
3. ``previous sentence``: the sentence just before names exactly one subject
   ("...a detainer for Fernando Teixeira. He was booked on OUI");
4. ``passage``: the passage before the charge names exactly one subject (two
   or more: "unclear"). A passage is a list item, a paragraph (text between
   blank lines) or, in printed pages, which lose blank lines, the message's
   own text;
5. ``subject line``: the message's subject line names exactly one subject;
6. ``message``: the subject line and own text together name exactly one;
7. ``replied-to message``: the message it answers names exactly one subject.

Otherwise ``person_id`` is null, with ``link`` "unclear" (several people and
nothing to choose between them) or "no subject named": never a guess.
Charges in a subject line use rules 2, 6 and 7. Subjects are found where the
entity table tags them, and by the full names (two words or more) it tags for
one subject elsewhere in the release, where the tagger missed them.

Levels follow ``lib.charges.statutes.extract`` with ``as_of`` the message's date, so a
value threshold is the one in force when the message was written (the charge
itself may be older: a limit of the method). A line broken by the printer
inside a charge is read as one line (``unwrap``). Repeated printings
(``duplicate_of``) are left out, so a message printed twice counts once.
"""

from __future__ import annotations

import bisect
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lib.charges.statutes import SERIOUSNESS, Charge, extract, most_serious, seriousness
from lib.core.cite import PageStamps, message_bates, message_page, where
from lib.core.context import kwic
from lib.core.directory import direction, unique_messages
from lib.core.forms import ATTACHED_FORM, OWN_WORDS, SUBJECT_LINE, form_start
from lib.core.requests import request_kinds
from lib.core.schema import TIMEZONE
from lib.core.tables import (
    BATCH_ROWS,
    DECODE_THREADS,
    TableWriter,
    iter_frames,
    iter_joined_batches,
    read_rows,
    release_freed_memory,
)

CHARGE_COLUMNS = {
    "message_id": "the message holding the charge",
    "field": "'subject' (subject line) or 'body' (own text and attached forms)",
    "part": "'subject line', 'own words' or 'attached form'",
    "start_char": "offset of the charge in the field's text",
    "end_char": "end offset (exclusive)",
    "text": "the charge as written",
    "context": "the sentence or line around the charge, on one line",
    "offense": "offence named in the offence table; null when a statute covers several",
    "offense_id": "row of lib/reference/ma_offenses.csv",
    "chapter": "M.G.L. chapter (or '8 U.S.C.' for federal law)",
    "section": "section",
    "level": "'felony', 'misdemeanor', 'civil'; null when the text does not settle it",
    "violent": "True/False; null where the table marks violence as arguable",
    "seriousness": "class used to rank charges (lib.charges.statutes.SERIOUSNESS)",
    "category": "offence category (motor vehicle, property, person, drug, ...)",
    "basis": "how it was recognised: 'statute', 'abbreviation' or 'words'",
    "note": "what decided or left open the level",
    "person_id": "the private subject the charge belongs to; null when unclear",
    "link": "the rule that decided person_id (see the module's docstring)",
    "page": "the page holding the charge (page breaks inside the message taken into account)",
    "bates": "that page's Bates number",
    "where": "'file p. N (Bates)' for a reader",
    "sent_at": "when the message was sent (America/New_York)",
    "direction": "police->ice, ice->police, internal-police, internal-ice or other",
    "reconstructed": "True when the message survives only as a quote in another message",
}

#: Identifiers whose presence next to a name makes a message carry someone's personal data.
PERSONAL_DATA_LABELS = ("DOB", "ADDRESS", "PHONE", "A_NUMBER", "LICENSE", "REPORT")

#: Severity groups of a subject, most serious first.
FELONY_OR_VIOLENT = "felony or violent"
VIOLENCE_ARGUABLE = "violence arguable"
LEVEL_UNKNOWN = "level unknown"
MINOR_ONLY = "non-violent, non-felony only"
NO_CHARGE = "no charge found"
SEVERITY_GROUPS = (FELONY_OR_VIOLENT, VIOLENCE_ARGUABLE, LEVEL_UNKNOWN, MINOR_ONLY, NO_CHARGE)

SEVERITY_COLUMNS = {
    "person_id": "the private subject",
    "name": "the name the release writes most often for them",
    "charges": "distinct offences charged (an offence named in several messages counts once)",
    "charge_mentions": "charge rows linked to them",
    "most_serious": "the most serious offence (lib.charges.statutes.most_serious over their offences)",
    "most_serious_text": "that charge as written, first time seen",
    "chapter": "its chapter",
    "section": "its section",
    "level": "its level; null when unknown",
    "violent": "its violent flag; null when arguable",
    "seriousness": "its seriousness class",
    "felony": "any of their offences is a felony",
    "any_violent": "any of their offences is violent",
    "unknown_level": "offences whose level the text does not settle",
    "arguable_violence": "offences whose violence the table marks as arguable",
    "severity": "group, one of SEVERITY_GROUPS",
    "named_to_ice": "a police->ice message names them",
    "sent_to_ice": "a police->ice message names them with personal data (identifier or charge)",
    "detainer": "an ICE detainer message to police is about them",
    "to_ice": "sent_to_ice or detainer: their information went to ICE",
    "charge_messages": "messages with a charge linked to them",
    "to_ice_messages": "police->ice messages that sent their personal data",
    "detainer_messages": "ICE detainer messages about them",
    "charge_pages": "where each charge is printed: 'file p. N (Bates)'",
    "to_ice_pages": "where each message that sent their data or lodged a detainer is printed",
    "first_to_ice": "when the first of those messages was sent",
}


#: Values of ``link``: the rule that named the owner, or why there is none.
UNCLEAR, NO_SUBJECT = "unclear", "no subject named"
LINK_RULES = ("form", "sentence", "previous sentence", "passage", "subject line", "message", "replied-to message",
              UNCLEAR, NO_SUBJECT)

# A line naming the person a form is about.
_FORM_NAME_LINE = re.compile(
    r"^[ \t]*(?:name(?:\s+of\s+(?:alien|subject|defendant|arrestee))?|suspect(?:\s*#?\s*\d+)?|defendant|arrestee|"
    r"subject(?:'s)?\s+name|detainee|alien(?:'s)?\s+name|person\s+arrested)[ \t]*:",
    re.I | re.M)
# Where passages break: blank lines and list items ("1.", "2)", "-", "•" opening a line).
_PASSAGE_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]+\S)")
# A sentence ends at . ! ? before a capital, digit or bracket; not after a title or an initial.
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Lt|No|Jr|Sr))(?<!\b(?:Mrs|Det|Sgt|Ofc|Ave|Apt))"
                           r"[.!?](?=\s+[\"'(]?[A-Z0-9])")
_CONTEXT_WIDTH = 160
# A line break inside a long printed line is a wrap, not the end of a charge ("...on Larceny\nunder $1,200
# (266/30)"), unless the next line opens a list item or a "Label:" line.
_WRAPPED_LINE = re.compile(r"(?<=[^\n]{70})\n(?![ \t]*(?:\d{1,2}[.)]\s|[-*•]\s|[A-Z][\w #/]{0,30}:|\n))")


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    person_id: str


# --------------------------------------------------------------------------- text geometry

def form_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each printed form in a text, in order (see ``lib.core.forms.form_start``)."""
    starts: list[int] = []
    offset = 0
    while offset < len(text):
        found = form_start(text[offset:])
        if found is None:
            break
        # A title found right at the line after a form's first line is that form's own heading.
        if not (starts and found == 0):
            starts.append(offset + found)
        line_end = text.find("\n", offset + found)
        if line_end < 0:
            break
        offset = line_end + 1
    return [(s, starts[i + 1] if i + 1 < len(starts) else len(text)) for i, s in enumerate(starts)]


def _breaks(text: str, pattern: re.Pattern, lo: int, hi: int) -> list[int]:
    return [m.end() for m in pattern.finditer(text, lo, hi)]


def _span_around(cuts: list[int], lo: int, hi: int, position: int) -> tuple[int, int]:
    """The piece of [lo, hi) cut at ``cuts`` that holds ``position``."""
    inner = [c for c in cuts if lo < c < hi]
    i = bisect.bisect_right(inner, position)
    return (inner[i - 1] if i else lo), (inner[i] if i < len(inner) else hi)


def unwrap(text: str) -> str:
    """``text`` with printed line wraps made spaces; offsets are unchanged."""
    return _WRAPPED_LINE.sub(" ", text)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _context(text: str, lo: int, hi: int, start: int, end: int, protected: list[tuple[int, int]] = ()) -> str:
    """The sentence [lo, hi) around a charge, cut to about _CONTEXT_WIDTH characters by the excerpt rule
    (``lib.core.context``), never inside a ``protected`` span (an entity): a half name would escape masking."""
    half = max((_CONTEXT_WIDTH - (end - start)) // 2, 20)
    return kwic(text, start, end, half, mark="", within=(lo, hi), protected=protected).strip()


def _spans(entities: pd.DataFrame) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """(message_id, field) -> every entity span in the subject line or body."""
    inside = entities[entities["field"].isin(["body", "subject"])]
    out: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for message_id, field, start, end in zip(inside["message_id"], inside["field"], inside["start_char"],
                                             inside["end_char"]):
        out.setdefault((message_id, field), []).append((int(start), int(end)))
    return out


# --------------------------------------------------------------------------- owners

def _distinct(mentions: list[_Mention]) -> set[str]:
    return {m.person_id for m in mentions}


def _only(mentions: list[_Mention]) -> str | None:
    people = _distinct(mentions)
    return next(iter(people)) if len(people) == 1 else None


class _Message:
    """One message's text, its forms and passages, and where its subjects are named."""

    def __init__(self, body: str, subject: str, body_mentions: list[_Mention], subject_mentions: list[_Mention],
                 replied_to: list[_Mention]):
        self.body, self.subject = body, subject
        self.body_mentions, self.subject_mentions, self.replied_to = body_mentions, subject_mentions, replied_to
        self.forms = form_spans(body)
        own_end = self.forms[0][0] if self.forms else len(body)
        self.own_end = own_end
        self.passage_cuts = _breaks(body, _PASSAGE_BREAK, 0, own_end)
        self.sentence_cuts = {"body": sorted(set(self.passage_cuts) | set(_breaks(body, _SENTENCE_END, 0, len(body)))),
                              "subject": _breaks(subject, _SENTENCE_END, 0, len(subject))}
        self.form_subjects = [self._form_subject(lo, hi) for lo, hi in self.forms]

    def _form_subject(self, lo: int, hi: int) -> str | None:
        inside = [m for m in self.body_mentions if lo <= m.start and m.end <= hi]
        named = []
        for line in _FORM_NAME_LINE.finditer(self.body, lo, hi):
            line_end = self.body.find("\n", line.end())
            line_end = hi if line_end < 0 else min(line_end, hi)
            named += [m for m in inside if line.end() <= m.start < line_end]
        return _only(named) if named else _only(inside)

    def form_of(self, position: int) -> int | None:
        for i, (lo, hi) in enumerate(self.forms):
            if lo <= position < hi:
                return i
        return None

    def sentence(self, field: str, start: int, end: int) -> tuple[int, int]:
        text = self.body if field == "body" else self.subject
        lo, hi = _span_around(self.sentence_cuts[field], 0, len(text), start)
        return lo, max(hi, end)

    def owner(self, field: str, start: int, end: int) -> tuple[str | None, str]:
        """Who a span of the body or subject line is about, and the rule that says so (``LINK_RULES``)."""
        form = self.form_of(start) if field == "body" else None
        if form is not None:
            if self.form_subjects[form]:
                return self.form_subjects[form], "form"
        else:
            person, rule = self._nearby(field, start, end)
            if rule:
                return person, rule
        person = _only(self.subject_mentions)
        if person and field == "body":
            return person, "subject line"
        own = [m for m in self.body_mentions if m.start < self.own_end]
        if _distinct(own + self.subject_mentions):
            person = _only(own + self.subject_mentions)
            return (person, "message") if person else (None, UNCLEAR)
        person = _only(self.replied_to)
        return (person, "replied-to message") if person else (None, NO_SUBJECT)

    def _nearby(self, field: str, start: int, end: int) -> tuple[str | None, str | None]:
        """The sentence, previous sentence and passage rules; (None, None) when none applies."""
        mentions = self.body_mentions if field == "body" else self.subject_mentions
        lo, hi = self.sentence(field, start, end)
        before = [m for m in mentions if lo <= m.start and m.end <= start]
        if before:
            return before[-1].person_id, "sentence"
        after = [m for m in mentions if end <= m.start and m.end <= hi]
        if after:
            return after[0].person_id, "sentence"
        if field != "body":
            return None, None
        passage_lo, _ = _span_around(self.passage_cuts, 0, self.own_end, start)
        if lo > passage_lo:
            previous_lo, _ = _span_around(self.sentence_cuts["body"], passage_lo, lo, lo - 1)
            person = _only([m for m in mentions if previous_lo <= m.start and m.end <= lo])
            if person:
                return person, "previous sentence"
        passage = [m for m in mentions if passage_lo <= m.start and m.end <= start]
        if passage:
            person = _only(passage)
            return (person, "passage") if person else (None, UNCLEAR)
        return None, None


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


class ReleaseContext:
    """What linking a message needs from the rest of the release, without the release's texts.

    Subjects are found where the entity table tags them, and by the full names
    it tags for one subject elsewhere in the release ("MATIAS, Filipe" in a
    reply when "MATIAS, FILIPE" was tagged in the detainer): ``find_names``
    looks for those in every batch of messages before any is linked, because a
    reply needs the subjects of the message it answers. Each message is given
    to ``find_names`` once.

    The mentions are held as one table (``_MENTION_COLUMNS``), not as lists of
    objects per message: a large release has tens of thousands of them, and only
    those of the batch being linked become ``_Mention`` objects.
    """

    def __init__(self, headers: pd.DataFrame, entities: pd.DataFrame, pages: pd.DataFrame | None = None, *,
                 include_duplicates: bool = False):
        self.include_duplicates = include_duplicates
        # Five values for tens of thousands of messages: categorical codes, not strings.
        self.directions = direction(headers, include_duplicates=include_duplicates).astype("category")
        self.bates_of_page = PageStamps(pages)
        people = entities[(entities["label"] == "PERSON") & (entities["role"] == "subject")
                          & entities["person_id"].notna()]
        in_text = people[people["field"].isin(["body", "subject"])]
        self._tagged = pd.DataFrame({"message_id": in_text["message_id"].astype(pd.StringDtype()),
                                     "field": in_text["field"].astype(pd.StringDtype()),
                                     "start": in_text["start_char"].astype("int64"),
                                     "end": in_text["end_char"].astype("int64"),
                                     "person_id": in_text["person_id"].astype(pd.StringDtype())},
                                    columns=_MENTION_COLUMNS).reset_index(drop=True)
        self._searched: list[pd.Series] = []  # ids of the messages find_names has seen
        self._found: list[pd.DataFrame] = []  # their mentions, tagged and found
        self._mentions: pd.DataFrame | None = None  # every mention, in (start, end) order
        self._owner_of = _name_keys(people)
        self._finder = _NameFinder(list(self._owner_of)) if self._owner_of else None

    def find_names(self, messages: pd.DataFrame) -> None:
        """Add the subjects named in these messages where the tagger missed them."""
        if self._finder is None:
            return
        self._mentions = None
        tagged_of = _mention_lists(self._tagged[self._tagged["message_id"].isin(messages["message_id"])])
        rows = []
        for message_id, subject, body in zip(messages["message_id"], messages["subject"], messages["body"]):
            for field, text in (("subject", subject), ("body", body)):
                tagged = tagged_of.get((message_id, field), [])
                if isinstance(text, str):
                    for found in self._finder.finditer(text):
                        lo, hi = found.start(), found.end()
                        overlapping = [m for m in tagged if m.start < hi and lo < m.end]
                        # A full name wins over a part of it tagged alone ("Miguel" in "Barrera, Miguel").
                        if all(lo <= m.start and m.end <= hi and hi - lo > m.end - m.start for m in overlapping):
                            tagged[:] = [m for m in tagged if m not in overlapping]
                            tagged.append(_Mention(lo, hi, self._owner_of[_name_key(found.group(0))]))
                rows += [(message_id, field, m.start, m.end, m.person_id) for m in tagged]
        self._searched.append(messages["message_id"].astype(pd.StringDtype()))
        self._found.append(_mention_table(rows))

    def _in_order(self) -> pd.DataFrame:
        """Every mention: those tagged in messages find_names has not seen, and those of the messages it has."""
        if self._mentions is None:
            unseen = (self._tagged[~self._tagged["message_id"].isin(pd.concat(self._searched))] if self._searched
                      else self._tagged)
            every = pd.concat([unseen, *self._found], ignore_index=True) if self._found else unseen
            # Stable: mentions of one span keep the order they were tagged or found in.
            self._mentions = every.sort_values(["start", "end"], kind="stable", ignore_index=True)
            self._found, self._searched = [], []
            self._tagged = self._mentions  # where a later find_names starts from
        return self._mentions

    def messages(self, table: pd.DataFrame) -> dict[str, _Message]:
        """The messages of ``table`` ready for linking (after ``find_names`` has seen every message)."""
        parents = table["in_reply_to"].dropna() if "in_reply_to" in table else pd.Series([], dtype="string")
        mentions = self._in_order()
        mentions = _mention_lists(mentions[mentions["message_id"].isin(table["message_id"])
                                           | mentions["message_id"].isin(parents)])
        by_id = {}
        for row in table.itertuples(index=False):
            parent = getattr(row, "in_reply_to", None)
            replied = [] if parent is None or pd.isna(parent) else (
                mentions.get((parent, "body"), []) + mentions.get((parent, "subject"), []))
            by_id[row.message_id] = _Message(_text(row.body), _text(row.subject),
                                             mentions.get((row.message_id, "body"), []),
                                             mentions.get((row.message_id, "subject"), []), replied)
        return by_id

    @classmethod
    def of(cls, messages: pd.DataFrame, entities: pd.DataFrame, pages: pd.DataFrame | None = None, *,
           include_duplicates: bool = False) -> "ReleaseContext":
        """The context of a release held in memory."""
        context = cls(messages, entities, pages, include_duplicates=include_duplicates)
        context.find_names(messages)
        return context


_MENTION_COLUMNS = ["message_id", "field", "start", "end", "person_id"]


def _mention_table(rows: list[tuple]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=_MENTION_COLUMNS)
    return table.astype({"message_id": pd.StringDtype(), "field": pd.StringDtype(), "start": "int64", "end": "int64",
                         "person_id": pd.StringDtype()})


def _mention_lists(mentions: pd.DataFrame) -> dict[tuple[str, str], list[_Mention]]:
    """(message_id, field) -> its mentions, in the table's order."""
    lists: dict[tuple[str, str], list[_Mention]] = {}
    for message_id, field, start, end, person in zip(*(mentions[c].tolist() for c in _MENTION_COLUMNS)):
        lists.setdefault((message_id, field), []).append(_Mention(start, end, person))
    return lists


def _text(value) -> str:
    return value if isinstance(value, str) else ""


# --------------------------------------------------------------------------- pages

# --------------------------------------------------------------------------- charges

def _as_of(sent_at):
    return None if sent_at is None or pd.isna(sent_at) else pd.Timestamp(sent_at).date()


def link_charges(messages: pd.DataFrame, entities: pd.DataFrame, *, pages: pd.DataFrame | None = None,
                 include_duplicates: bool = False) -> pd.DataFrame:
    """Every charge in each message's subject line, own text and attached forms, with its owner and page.

    One row per charge as written (``CHARGE_COLUMNS``); a charge repeated in a
    message (in the email and in the form printed with it) gives two rows.
    ``entities`` is the entity table (``lib.entities.tagging.tag_messages``): its subject
    PERSON mentions decide whose charge it is. ``pages`` (the page table, for
    Bates numbers of inner pages) is optional.
    """
    context = ReleaseContext.of(messages, entities, pages, include_duplicates=include_duplicates)
    table = unique_messages(messages, include_duplicates)
    rows = charge_rows(table, context.messages(table), entities, context)
    return _typed_charges(rows, _zone(table))


def charge_rows(table: pd.DataFrame, texts: dict[str, _Message], entities: pd.DataFrame,
                context: ReleaseContext) -> pd.DataFrame:
    """The charges of some unique messages (``table``, indexed as in the whole message table), untyped."""
    entity_spans = _spans(entities)
    rows = []
    for row in table.itertuples():
        message = texts[row.message_id]
        protected = {field: entity_spans.get((row.message_id, field), []) + [
            (m.start, m.end) for m in (message.body_mentions if field == "body" else message.subject_mentions)]
            for field in ("subject", "body")}
        as_of = _as_of(row.sent_at)
        for field, text in (("subject", message.subject), ("body", message.body)):
            for charge in extract(unwrap(text), as_of=as_of):
                person, link = message.owner(field, charge.start_char, charge.end_char)
                if field == "subject":
                    part = SUBJECT_LINE
                else:
                    part = ATTACHED_FORM if message.form_of(charge.start_char) is not None else OWN_WORDS
                page = message_page(row, field, charge.start_char)
                bates = message_bates(row, page, context.bates_of_page)
                lo, hi = message.sentence(field, charge.start_char, charge.end_char)
                if part == ATTACHED_FORM:  # a form's lines are its fields: the line is the context
                    line_end = text.find("\n", charge.end_char)
                    lo, hi = text.rfind("\n", 0, charge.start_char) + 1, len(text) if line_end < 0 else line_end
                rows.append({
                    "message_id": row.message_id, "field": field, "part": part,
                    "start_char": charge.start_char, "end_char": charge.end_char, "text": charge.matched,
                    "context": _context(text, lo, hi, charge.start_char, charge.end_char,
                                        protected[field]),
                    "offense": charge.offense, "offense_id": charge.offense_id, "chapter": charge.chapter,
                    "section": charge.section, "level": charge.level, "violent": charge.violent,
                    "seriousness": seriousness(charge), "category": charge.category, "basis": charge.basis,
                    "note": charge.note, "person_id": person, "link": link, "page": page, "bates": bates,
                    "where": where(row.source_file, page, bates), "sent_at": row.sent_at,
                    "direction": context.directions.get(row.Index, "other"),
                    "reconstructed": bool(row.reconstructed),
                })
    return pd.DataFrame(rows, columns=list(CHARGE_COLUMNS))


def _zone(table: pd.DataFrame):
    """The time zone of the table's ``sent_at``, or None when its times are naive."""
    return table["sent_at"].dt.tz if isinstance(table["sent_at"].dtype, pd.DatetimeTZDtype) else None


def _typed_charges(out: pd.DataFrame, tz) -> pd.DataFrame:
    strings = [c for c in CHARGE_COLUMNS if c not in ("start_char", "end_char", "violent", "page", "sent_at",
                                                      "reconstructed")]
    out = out.astype({c: pd.StringDtype() for c in strings})
    out = out.astype({"start_char": "int64", "end_char": "int64", "page": "Int64", "violent": "boolean",
                      "reconstructed": bool})
    out["sent_at"] = pd.to_datetime(out["sent_at"], utc=tz is not None)
    if tz is not None:
        out["sent_at"] = out["sent_at"].dt.tz_convert(tz)
    return _in_charge_order(out)


def _charge_order(keys: pa.Table) -> np.ndarray:
    """Row positions putting charges in order: by time sent, message, subject line before body, offset.

    ``keys`` holds the charges' ``sent_at``, ``message_id``, ``field`` and
    ``start_char``. Arrow's sort is stable and puts missing times last.
    """
    ranked = pa.table({"sent_at": keys["sent_at"], "message_id": keys["message_id"],
                       "field": pc.index_in(keys["field"], value_set=pa.array(["subject", "body"])),
                       "start_char": keys["start_char"]})
    return pc.sort_indices(ranked, sort_keys=[(column, "ascending", "at_end") for column in ranked.column_names]
                           ).to_numpy()


def _in_charge_order(charges: pd.DataFrame) -> pd.DataFrame:
    """``charges`` in charge order (``_charge_order``); ``charges`` is left empty.

    Taken a column at a time, each dropped from ``charges`` once copied: a
    release's charges are never held twice.
    """
    order = _charge_order(pa.Table.from_pandas(charges[["sent_at", "message_id", "field", "start_char"]],
                                               preserve_index=False))
    return pd.DataFrame({column: charges.pop(column).iloc[order].reset_index(drop=True)
                         for column in list(charges.columns)})


def _write_in_charge_order(found: Path, dest: Path) -> None:
    """The charges at ``found`` put in charge order at ``dest``, as Arrow: pandas would hold them three times.

    Written a row group at a time, so the sorted copy is never whole.
    """
    table = pq.read_table(found, use_threads=DECODE_THREADS)
    order = _charge_order(table)
    with TableWriter(dest, table.schema) as writer:
        for start in range(0, max(len(order), 1), BATCH_ROWS):  # once at least: a table without charges
            writer.write(table.take(order[start:start + BATCH_ROWS]))


# --------------------------------------------------------------------------- subjects

def _value(value):
    return None if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) else value


#: What ``_charge_of`` and ``_offence_key`` read of a charge row.
_OFFENCE_COLUMNS = ["offense", "offense_id", "chapter", "section", "level", "violent", "category", "text"]
#: What ``SeverityEvidence.table`` reads of the charges.
_SEVERITY_CHARGE_COLUMNS = ["message_id", "person_id", "where", *_OFFENCE_COLUMNS]


def _charge_of(row) -> Charge:
    violent = _value(row["violent"])
    return Charge(_value(row["offense"]), _value(row["chapter"]), _value(row["section"]), _value(row["level"]),
                  None if violent is None else bool(violent), _value(row["category"]), _one_line(str(row["text"])))


def _offence_key(row) -> tuple:
    """Mentions of one offence: same table row, else same statute, else same words."""
    if _value(row["offense_id"]) is not None:
        return ("offense", row["offense_id"])
    if _value(row["chapter"]) is not None:
        return ("statute", row["chapter"], _value(row["section"]))
    return ("text", _one_line(str(row["text"])).lower())


def _offences(rows: pd.DataFrame) -> list[Charge]:
    """One charge per offence: the most serious reading among its mentions (a known level beats unknown).

    ``matched`` holds the charge as first written in that reading.
    """
    groups: dict[tuple, list[Charge]] = {}
    for _, row in rows.iterrows():
        groups.setdefault(_offence_key(row), []).append(_charge_of(row))
    return [most_serious(charges) for charges in groups.values()]


def _personal_data_owners(messages: dict[str, _Message], entities: pd.DataFrame) -> dict[str, set[str]]:
    """message_id -> subjects whose identifiers (PERSONAL_DATA_LABELS) the message gives."""
    owners: dict[str, set[str]] = {}
    identifiers = entities[entities["label"].isin(PERSONAL_DATA_LABELS) & entities["field"].isin(["body", "subject"])
                           & entities["message_id"].isin(list(messages))]
    for message_id, field, start, end, person, role in zip(
            identifiers["message_id"], identifiers["field"], identifiers["start_char"], identifiers["end_char"],
            identifiers["person_id"], identifiers["role"]):
        if not pd.isna(person):
            if role == "subject":
                owners.setdefault(message_id, set()).add(str(person))
            continue
        owner, _ = messages[message_id].owner(field, int(start), int(end))
        if owner:
            owners.setdefault(message_id, set()).add(owner)
    return owners


def _detainer_subjects(message: _Message) -> set[str]:
    """Who a detainer message is about: its form's subject, else the subject line's, else the only one named."""
    from_forms = {p for p in message.form_subjects if p}
    if from_forms:
        return from_forms
    if message.subject_mentions:
        return _distinct(message.subject_mentions)
    person = _only([m for m in message.body_mentions if m.start < message.own_end])
    return {person} if person else set()


def _names(entities: pd.DataFrame) -> dict[str, str]:
    people = entities[(entities["label"] == "PERSON") & entities["person_id"].notna()]
    names: dict[str, str] = {}
    for person, group in people.groupby("person_id", sort=True):
        counts = Counter(v for v in group["canonical"].fillna(group["text"]).tolist() if isinstance(v, str))
        names[str(person)] = min(counts, key=lambda n: (-counts[n], n)) if counts else ""
    return names


def subject_severity(charges: pd.DataFrame, entities: pd.DataFrame, messages: pd.DataFrame, *,
                     include_duplicates: bool = False) -> pd.DataFrame:
    """One row per private subject named in the messages (``SEVERITY_COLUMNS``).

    ``charges`` is ``link_charges``' table. Whose information went to ICE:

    - ``sent_to_ice``: a police->ice message names them in its subject line or
      own text together with personal data about them: an identifier
      (``PERSONAL_DATA_LABELS``: date of birth, address, phone, A-number,
      licence, report number) or a charge, tied to them by the rules of
      ``link_charges``. A name alone (``named_to_ice``) is not counted.
    - ``detainer``: an ICE->police message that ``lib.core.requests.request_kinds``
      reads as a detainer is about them (the subject of its printed form, else
      the subjects of its subject line, else the only subject it names).

    ``to_ice`` is either. Offences named in several messages count once; the
    most serious is chosen by ``lib.charges.statutes.most_serious`` (unknown levels
    rank last, and ``unknown_level`` says how many there are, never guessed).
    """
    context = ReleaseContext.of(messages, entities, include_duplicates=include_duplicates)
    table = unique_messages(messages, include_duplicates)
    evidence = SeverityEvidence()
    evidence.add(table, context.messages(table), entities, charges, context.directions)
    return evidence.table(charges, _names(entities))


class SeverityEvidence:
    """Whose information went to ICE (see ``subject_severity``), gathered a batch of messages at a time.

    Kept per message only for the messages that sent a subject's data to ICE or
    lodged a detainer: where each is printed and when it was sent.
    """

    def __init__(self) -> None:
        self.named_to_ice: set[str] = set()
        self.sent: dict[str, list[str]] = {}
        self.detainers: dict[str, list[str]] = {}
        self.where_of: dict[str, str] = {}
        self.sent_at: dict = {}
        self.subjects: set[str] = set()  # subjects the entity table tags in the subject lines and texts
        self._message_ids: list[pd.Series] = []

    def add(self, table: pd.DataFrame, texts: dict[str, _Message], entities: pd.DataFrame, charges: pd.DataFrame,
            directions: pd.Series) -> None:
        """Unique messages (indexed as in the whole table), their texts, entities and charges, in table order."""
        kinds = request_kinds(table, include_duplicates=True)
        self._message_ids.append(table["message_id"].astype(pd.StringDtype()))
        mentioned = entities[(entities["label"] == "PERSON") & (entities["role"] == "subject")
                             & entities["person_id"].notna() & entities["message_id"].isin(table["message_id"])
                             & entities["field"].isin(["body", "subject"])]
        self.subjects.update(mentioned["person_id"].astype(str))
        charged = charges[charges["person_id"].notna() & charges["message_id"].isin(table["message_id"])]
        charge_owners: dict[str, set[str]] = {}
        for message_id, person in zip(charged["message_id"], charged["person_id"]):
            charge_owners.setdefault(message_id, set()).add(str(person))
        data_owners = _personal_data_owners(texts, entities)
        for row in table.itertuples():
            message = texts[row.message_id]
            named = _distinct(message.body_mentions) | _distinct(message.subject_mentions)
            to_ice = False
            if directions.get(row.Index) == "police->ice":
                self.named_to_ice |= named
                for person in sorted(named & (data_owners.get(row.message_id, set())
                                              | charge_owners.get(row.message_id, set()))):
                    self.sent.setdefault(person, []).append(row.message_id)
                    to_ice = True
            if directions.get(row.Index) == "ice->police" and bool(kinds.at[row.Index, "detainer"]):
                for person in sorted(_detainer_subjects(message)):
                    self.detainers.setdefault(person, []).append(row.message_id)
                    to_ice = True
            if to_ice:
                self.where_of[row.message_id] = where(row.source_file, row.page_start, row.bates_start)
                self.sent_at[row.message_id] = row.sent_at

    def table(self, charges: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
        """One row per subject; ``names`` is ``_names`` of the entity table."""
        named_to_ice, sent, detainers, where_of, sent_at = (self.named_to_ice, self.sent, self.detainers,
                                                            self.where_of, self.sent_at)
        unique_ids = pd.concat(self._message_ids) if self._message_ids else pd.Series([], dtype=pd.StringDtype())
        # Only the columns read below: the context of each charge is most of the table's memory.
        charged = charges.loc[charges["person_id"].notna() & charges["message_id"].isin(unique_ids),
                              _SEVERITY_CHARGE_COLUMNS]
        subjects = sorted(self.subjects | set(charged["person_id"].astype(str)))
        # Row positions, not a table per person: a large release has tens of thousands of subjects.
        by_person = charged.groupby("person_id", sort=False).indices
        rows = []
        for person in subjects:
            mine = charged.iloc[by_person.get(person, [])]
            offences = _offences(mine)
            top = most_serious(offences)
            felony = any(c.level == "felony" for c in offences)
            violent = any(c.violent is True for c in offences)
            unknown = sum(c.level is None for c in offences)
            arguable = sum(c.violent is None for c in offences)
            if top is None:
                severity = NO_CHARGE
            elif felony or violent:
                severity = FELONY_OR_VIOLENT
            elif arguable:
                severity = VIOLENCE_ARGUABLE
            elif unknown:
                severity = LEVEL_UNKNOWN
            else:
                severity = MINOR_ONLY
            sent_ids = list(dict.fromkeys(sent.get(person, [])))
            detainer_ids = list(dict.fromkeys(detainers.get(person, [])))
            rows.append({
                "person_id": person, "name": names.get(person, ""), "charges": len(offences),
                "charge_mentions": len(mine),
                "most_serious": None if top is None else (top.offense or f"c. {top.chapter} s. {top.section}"),
                "most_serious_text": None if top is None else top.matched,
                "chapter": None if top is None else top.chapter, "section": None if top is None else top.section,
                "level": None if top is None else top.level, "violent": None if top is None else top.violent,
                "seriousness": None if top is None else seriousness(top),
                "felony": felony, "any_violent": violent, "unknown_level": unknown, "arguable_violence": arguable,
                "severity": severity, "named_to_ice": person in named_to_ice, "sent_to_ice": bool(sent_ids),
                "detainer": bool(detainer_ids), "to_ice": bool(sent_ids or detainer_ids),
                "charge_messages": list(dict.fromkeys(mine["message_id"].astype(str))),
                "to_ice_messages": sent_ids, "detainer_messages": detainer_ids,
                "charge_pages": list(dict.fromkeys(mine["where"].astype(str))),
                "to_ice_pages": [where_of[m] for m in dict.fromkeys(sent_ids + detainer_ids)],
                "first_to_ice": min((sent_at[m] for m in sent_ids + detainer_ids if not pd.isna(sent_at[m])),
                                    default=pd.NaT),
            })
        out = pd.DataFrame(rows, columns=list(SEVERITY_COLUMNS))
        strings = ["person_id", "name", "most_serious", "most_serious_text", "chapter", "section", "level",
                   "seriousness", "severity"]
        out = out.astype({c: pd.StringDtype() for c in strings})
        out = out.astype({"charges": "int64", "charge_mentions": "int64", "unknown_level": "int64",
                          "arguable_violence": "int64", "violent": "boolean"})
        for column in ("felony", "any_violent", "named_to_ice", "sent_to_ice", "detainer", "to_ice"):
            out[column] = out[column].astype(bool)
        out["first_to_ice"] = pd.to_datetime(out["first_to_ice"], utc=True).dt.tz_convert(TIMEZONE)
        return out.sort_values("person_id", kind="stable").reset_index(drop=True)


def link_release(out: Path, charges_path: Path, *, batch_rows: int = BATCH_ROWS) -> pd.DataFrame:
    """Write ``link_charges`` of a built release to ``charges_path``; return its ``subject_severity``.

    The texts are read a batch at a time. Held in memory: the directions of
    messages, each page's Bates number, the subjects' mentions and names, and
    what the severity table needs of each batch; the charges wait on disk. The
    tables are the same as the in-memory functions give.
    """
    messages_path, entities_path = out / "messages.parquet", out / "entities.parquet"
    headers = read_rows(messages_path, _HEADER_COLUMNS)
    # Only subjects own charges and appear in the severity table: officials' rows stay on disk.
    people = read_rows(entities_path, _PEOPLE_COLUMNS,
                       where=lambda rows: rows["label"].eq("PERSON") & rows["role"].eq("subject"))
    pages = read_rows(out / "pages.parquet", ["source_file", "page", "bates"])
    context = ReleaseContext(headers, people, pages)
    zone = _zone(headers)
    names = _names(people)
    del pages, headers, people  # below, nothing refers to them (even an empty slice would keep one whole)
    for batch in iter_frames(messages_path, columns=["message_id", "subject", "body"], batch_rows=batch_rows):
        context.find_names(batch)
    release_freed_memory()
    evidence = SeverityEvidence()
    first = 0
    # Each batch's charges wait in a scratch file, not in memory: held across the batches, their small
    # buffers would sit among those of the texts and keep the memory these free from going back.
    with tempfile.TemporaryDirectory() as scratch:
        found = Path(scratch) / "charges.parquet"
        with TableWriter(found) as writer:
            for batch, entities in iter_joined_batches(messages_path, entities_path, columns=_LINKED_COLUMNS,
                                                       related_columns=_ENTITY_COLUMNS, batch_rows=batch_rows):
                batch.index = range(first, first + len(batch))  # as in the whole table: directions are keyed so
                first += len(batch)
                table = unique_messages(batch)
                texts = context.messages(table)
                charges = _typed_charges(charge_rows(table, texts, entities, context), zone)
                evidence.add(table, texts, entities, charges, context.directions)
                writer.write(charges)
                del batch, entities, table, texts, charges
                release_freed_memory()
        if found.exists():
            _write_in_charge_order(found, charges_path)
        else:
            empty = pd.DataFrame(columns=_LINKED_COLUMNS)
            _typed_charges(charge_rows(empty, {}, pd.DataFrame(columns=_ENTITY_COLUMNS), context),
                           zone).to_parquet(charges_path, index=False)
    del context
    release_freed_memory()
    return evidence.table(pd.read_parquet(charges_path, columns=_SEVERITY_CHARGE_COLUMNS), names)


_HEADER_COLUMNS = ["message_id", "sent_at", "sender", "sender_name", "to", "cc", "duplicate_of", "quoted_in",
                   "in_reply_to"]
_LINKED_COLUMNS = ["message_id", "source_file", "page_start", "page_end", "bates_start", "bates_end", "sent_at",
                   "subject", "body", "duplicate_of", "reconstructed", "in_reply_to", "page_breaks"]
_PEOPLE_COLUMNS = ["message_id", "field", "start_char", "end_char", "text", "label", "canonical", "person_id",
                   "role"]
_ENTITY_COLUMNS = ["message_id", "field", "start_char", "end_char", "label", "person_id", "role"]


# --------------------------------------------------------------------------- reading the tables (notebook 03)

#: Most serious charge classes in display order, with people for whom the emails name no charge last.
CLASSES = (*SERIOUSNESS, NO_CHARGE)
TO_ICE, NOT_TO_ICE = "information went to ICE", "not shown going to ICE"
CLASS_COLOURS = {"violent felony": "#7f1d1d", "felony": "#c2410c", "violent misdemeanor": "#b45309",
                 "misdemeanor": "#1f4e99", "civil": "#86a9e0", "unknown": "#9ca3af", NO_CHARGE: "#d1d5db"}


def most_serious_class(severity: pd.DataFrame) -> pd.Series:
    """Each subject's most serious charge class (``CLASSES``); "no charge found" where the emails name none."""
    return severity["seriousness"].fillna(NO_CHARGE).astype(pd.StringDtype()).rename("most serious charge")


def class_counts(severity: pd.DataFrame) -> pd.DataFrame:
    """People by most serious charge class, split by whether their information went to ICE, in ``CLASSES`` order."""
    classes = most_serious_class(severity)
    went = severity["to_ice"].map({True: TO_ICE, False: NOT_TO_ICE})
    table = pd.crosstab(classes, went).reindex(index=list(CLASSES), columns=[TO_ICE, NOT_TO_ICE], fill_value=0)
    table["all subjects"] = table.sum(axis=1)
    return table.rename_axis(index="most serious charge", columns=None).reset_index()


def level_violence(severity: pd.DataFrame) -> pd.DataFrame:
    """Subjects with a charge: the level of their most serious charge by its violent flag (unknown shown)."""
    charged = severity[severity["charges"] > 0]
    level = charged["level"].fillna("unknown").rename("level")
    violent = charged["violent"].map({True: "violent", False: "not violent"}).fillna("arguable").rename("violent")
    table = pd.crosstab(level, violent).reindex(index=["felony", "misdemeanor", "civil", "unknown"],
                                                columns=["violent", "not violent", "arguable"], fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.rename_axis(index="level of the most serious charge", columns=None).reset_index()


def severity_groups(severity: pd.DataFrame, *, mask: pd.Series | None = None) -> pd.DataFrame:
    """People in each severity group (``SEVERITY_GROUPS``), with shares, among ``mask`` (default: all)."""
    chosen = severity if mask is None else severity[mask]
    counts = chosen["severity"].value_counts().reindex(list(SEVERITY_GROUPS), fill_value=0)
    total = int(counts.sum())
    return pd.DataFrame({"severity": list(SEVERITY_GROUPS), "people": counts.astype(int).to_numpy(),
                         "share": (counts / total).round(3).to_numpy() if total else 0.0})


def headline(severity: pd.DataFrame) -> dict:
    """How many of the people whose information went to ICE faced only non-violent, non-felony charges."""
    went = severity[severity["to_ice"]]
    groups = went["severity"].value_counts()
    n = {g: int(groups.get(g, 0)) for g in SEVERITY_GROUPS}
    sent = severity[severity["sent_to_ice"]]
    return {"to_ice": len(went), **n,
            "minor_share": n[MINOR_ONLY] / len(went) if len(went) else float("nan"),
            "with_charge": len(went) - n[NO_CHARGE],
            "sent_to_ice": len(sent), "sent_minor_only": int((sent["severity"] == MINOR_ONLY).sum()),
            "detainer_only": int((went["detainer"] & ~went["sent_to_ice"]).sum())}


def headline_text(numbers: dict) -> str:
    """``headline`` in one paragraph."""
    if not numbers["to_ice"]:
        return "No subject's information is shown going to ICE in these messages."
    upper = numbers[MINOR_ONLY] + numbers[VIOLENCE_ARGUABLE] + numbers[LEVEL_UNKNOWN]
    return (f"Of the {numbers['to_ice']:,} people whose information went to ICE in these emails, "
            f"{numbers[MINOR_ONLY]:,} ({numbers['minor_share']:.0%}) faced only non-violent, non-felony charges "
            f"as the emails write them; {numbers[FELONY_OR_VIOLENT]:,} faced a felony or violent charge. "
            f"For {numbers[VIOLENCE_ARGUABLE]:,} more the violence of a charge is arguable and for "
            f"{numbers[LEVEL_UNKNOWN]:,} a charge's level is not settled by the text, so the count could be as "
            f"high as {upper:,}; the emails name no charge for {numbers[NO_CHARGE]:,}.")


def charge_list(charges: pd.DataFrame) -> pd.Series:
    """Per subject: their distinct offences as 'offence (level)', in order of first mention."""
    linked = charges[charges["person_id"].notna()]
    out = {}
    for person, rows in linked.groupby("person_id", sort=True):
        seen: dict[tuple, str] = {}
        for _, row in rows.iterrows():
            key = _offence_key(row)
            if key not in seen:
                name = _value(row["offense"]) or _one_line(str(row["text"]))
                seen[key] = f"{name} ({_value(row['level']) or 'level unknown'})"
        out[str(person)] = "; ".join(seen.values())
    return pd.Series(out, name="charges as written", dtype=pd.StringDtype())


def minor_only_people(severity: pd.DataFrame, charges: pd.DataFrame) -> pd.DataFrame:
    """People whose information went to ICE and who faced only non-violent, non-felony charges, with citations."""
    chosen = severity[severity["to_ice"] & (severity["severity"] == MINOR_ONLY)]
    listed = charge_list(charges)
    out = pd.DataFrame({
        "person_id": chosen["person_id"], "name": chosen["name"],
        "charges": chosen["person_id"].map(listed),
        "how": chosen.apply(lambda r: " and ".join(
            [w for w, flag in (("police sent data", r["sent_to_ice"]), ("ICE detainer", r["detainer"])) if flag]),
            axis=1),
        "first to ICE": chosen["first_to_ice"].dt.strftime("%Y-%m-%d"),
        "pages (to ICE)": chosen["to_ice_pages"].map(lambda v: "; ".join(v)),
        "pages (charges)": chosen["charge_pages"].map(lambda v: "; ".join(v)),
    })
    return out.sort_values(["first to ICE", "person_id"], kind="stable").reset_index(drop=True)


def detainers_by_class(severity: pd.DataFrame) -> pd.DataFrame:
    """People with an ICE detainer, by the class of their most serious charge (``CLASSES``)."""
    chosen = severity[severity["detainer"]]
    counts = most_serious_class(chosen).value_counts().reindex(list(CLASSES), fill_value=0)
    return pd.DataFrame({"most serious charge": list(CLASSES), "people with a detainer": counts.astype(int).to_numpy()})


def plot_classes(table: pd.DataFrame, *, title: str = ""):
    """Horizontal bars of ``class_counts``: people by most serious charge, to ICE or not."""
    import matplotlib.pyplot as plt

    rows = table.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 4.2))
    left = np.zeros(len(rows))
    for column, colour in ((TO_ICE, "#b3261e"), (NOT_TO_ICE, "#9ca3af")):
        values = rows[column].to_numpy()
        ax.barh(rows["most serious charge"], values, left=left, color=colour, label=column)
        left += values
    for y, total in enumerate(left):
        ax.text(total + 0.3, y, f"{int(total)}", va="center", fontsize=9)
    ax.set_xlabel("people (private subjects)")
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=False)
    fig.tight_layout()
    return fig


def plot_detainers(table: pd.DataFrame, *, title: str = ""):
    """Bars of ``detainers_by_class``."""
    import matplotlib.pyplot as plt

    rows = table.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 3.6))
    colours = [CLASS_COLOURS[c] for c in rows["most serious charge"]]
    ax.barh(rows["most serious charge"], rows["people with a detainer"], color=colours)
    for y, value in enumerate(rows["people with a detainer"]):
        ax.text(value + 0.2, y, f"{int(value)}", va="center", fontsize=9)
    ax.set_xlabel("people with an ICE detainer in the emails")
    ax.set_title(title)
    fig.tight_layout()
    return fig
