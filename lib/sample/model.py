"""Messages of the synthetic world, and the writer that records what a message discloses.

Every personal detail enters a message body through ``Writer``, so the ground
truth (which subjects, which categories of personal data, which charges) is
exactly what the text says.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from . import charges as charge_forms
from . import formats
from .jurisdiction import current
from .redaction import truth_marks
from .world import Official, Subject


@dataclass
class Attachment:
    name: str
    kind: str  # "i247a" | "incident_report" | "file" (listed but not printed)
    subject: Subject | None = None
    blocks: list | None = None  # printed pages, composed once (see attachments.py)
    notes: object | None = None  # what the pages disclose

    @property
    def printable(self) -> bool:
        return self.kind in ("i247a", "incident_report")


@dataclass
class Message:
    truth_id: str
    thread_id: str
    kind: str
    sender: Official
    to: list[Official]
    cc: list[Official]
    sent_at: datetime
    subject: str
    in_reply_to: "Message | None" = None
    about: Subject | None = None  # the thread's subject person, if any
    quote_style: str = "original-message"  # how this message quotes its history
    channel: str = "pdf"  # "pdf" | "eml" | "mbox"
    quoted_only: bool = False  # never printed on its own, only inside later replies
    duplicate: bool = False  # printed a second time from another mailbox
    importance: str | None = None
    forward: bool = False
    paragraphs: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    subjects: list[Subject] = field(default_factory=list)
    personal_data: set[str] = field(default_factory=set)
    charges: list[dict] = field(default_factory=list)
    phrases: list[dict] = field(default_factory=list)
    decoys: list[dict] = field(default_factory=list)
    printings: list[dict] = field(default_factory=list)
    quoted_in: list[str] = field(default_factory=list)
    #: (subject, category) disclosed in the subject line; replies inherit them with the line
    subject_line_notes: list[tuple[Subject, str]] = field(default_factory=list)

    @property
    def own_lines(self) -> list[str]:
        """The message's own text: body then signature, as logical lines."""
        lines: list[str] = []
        for i, paragraph in enumerate(self.paragraphs):
            if i:
                lines.append("")
            lines.extend(paragraph.split("\n"))
        if self.signature:
            lines.append("")
            lines.extend(self.signature)
        return lines

    @property
    def own_text(self) -> str:
        return "\n".join(self.own_lines)

    @property
    def redaction_marks(self) -> list[dict]:
        return truth_marks(self.own_text)

    @property
    def participants(self) -> list[Official]:
        return list(dict.fromkeys([self.sender, *self.to, *self.cc]))

    def chain(self) -> list["Message"]:
        """This message and everything it quotes, newest first."""
        out, m = [], self
        while m is not None:
            out.append(m)
            m = m.in_reply_to
        return out

    def direction(self) -> str:
        def side(o: Official) -> str:
            return current().sides.get(o.agency, "other")
        sender = side(self.sender)
        recipients = {side(o) for o in [*self.to, *self.cc]}
        if sender == "police" and "ice" in recipients:
            return "police->ice"
        if sender == "ice" and "police" in recipients:
            return "ice->police"
        if recipients == {sender} and sender != "other":
            return "internal"
        return "other"


class Writer:
    """Writes a message body one paragraph at a time, noting every disclosure."""

    def __init__(self, message: Message, rng: random.Random):
        self.message = message
        self.rng = rng
        self.mood = "normal"  # signature mood: 'normal', 'brief' or 'phone'
        self._in_subject_line = False

    @contextmanager
    def subject_line(self):
        """Disclosures made inside this block are in the subject line, which replies repeat."""
        self._in_subject_line = True
        try:
            yield
        finally:
            self._in_subject_line = False

    def inherit_subject_line(self, notes: list[tuple[Subject, str]]) -> None:
        """A reply repeats the subject line, and with it what the line disclosed."""
        with self.subject_line():
            for person, category in notes:
                self._note(person, category)

    def one_of(self, *options):
        """Call one of the given builders; only the chosen one discloses anything."""
        return self.rng.choice(options)()

    # -- paragraphs ------------------------------------------------------------------------------
    def say(self, *paragraphs: str) -> None:
        self.message.paragraphs.extend(p for p in paragraphs if p is not None)

    def sign(self, lines: list[str]) -> None:
        self.message.signature = lines

    # -- disclosures about a subject -------------------------------------------------------------
    def _note(self, subject: Subject, category: str) -> None:
        if subject not in self.message.subjects:
            self.message.subjects.append(subject)
        self.message.personal_data.add(category)
        if self._in_subject_line:
            self.message.subject_line_notes.append((subject, category))

    def name(self, s: Subject, form: str | None = None) -> str:
        self._note(s, "name")
        text = {
            None: lambda: formats.subject_name(s.first, s.last, self.rng),
            "full": lambda: s.name,
            "upper": lambda: f"{s.last.upper()}, {s.first.upper()}",
            "first": lambda: s.first,
            "last": lambda: s.last,
            "last_upper": lambda: s.last.upper(),
        }[form]()
        s.names_used.add(text)
        return text

    def dob(self, s: Subject) -> str:
        self._note(s, "dob")
        return formats.dob(s.dob, self.rng)

    def address(self, s: Subject) -> str:
        self._note(s, "address")
        return formats.address(s.street, s.unit, s.neighbourhood.name, s.zip_code, self.rng)

    def phone(self, s: Subject) -> str:
        self._note(s, "phone")
        return formats.phone(s.phone, self.rng)

    def a_number(self, s: Subject) -> str:
        self._note(s, "a_number")
        return formats.a_number(s.a_number, self.rng)

    def license(self, s: Subject) -> str:
        self._note(s, "license")
        return formats.license_number(s.license, self.rng)

    def report(self, s: Subject) -> str:
        self._note(s, "police_report")
        return s.report_number

    def charges(self, s: Subject, limit: int | None = None) -> str:
        """The subject's charges as one phrase, e.g. 'OAS (c90 s23) and Uninsured MV'."""
        if s not in self.message.subjects:
            self.message.subjects.append(s)
        picked = s.charges[:limit] if limit else s.charges
        texts = []
        for charge in picked:
            text = charge_forms.written(charge, self.rng)
            texts.append(text)
            self.message.charges.append({"person_id": s.person_id, **charge_forms.truth_entry(charge, text)})
        if len(texts) == 1:
            return texts[0]
        joiner = self.rng.choice((", ", "; ", " / "))
        if self.rng.random() < 0.5:
            return joiner.join(texts[:-1]) + " and " + texts[-1]
        return joiner.join(texts)
