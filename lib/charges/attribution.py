"""Whose charge it is: the rules that tie a span of a message to one private subject (``LINK_RULES``).

The rules, in order, are those of ``lib.charges.links``' docstring: ``_Message``
holds one message's text, its printed forms and passages, and where its subjects
are named; ``_Message.owner`` applies the rules to a span of its subject line or
body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lib.charges.text import _PASSAGE_BREAK, _SENTENCE_END, _breaks, _span_around, form_spans

#: Values of ``link``: the rule that named the owner, or why there is none.
UNCLEAR, NO_SUBJECT = "unclear", "no subject named"
LINK_RULES = ("form", "sentence", "previous sentence", "passage", "subject line", "message", "replied-to message",
              UNCLEAR, NO_SUBJECT)

# A line naming the person a form is about.
_FORM_NAME_LINE = re.compile(
    r"^[ \t]*(?:name(?:\s+of\s+(?:alien|subject|defendant|arrestee))?|suspect(?:\s*#?\s*\d+)?|defendant|arrestee|"
    r"subject(?:'s)?\s+name|detainee|alien(?:'s)?\s+name|person\s+arrested)[ \t]*:",
    re.I | re.M)


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    person_id: str


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
