"""Building one email thread: who writes to whom, when, under which subject line."""

from __future__ import annotations

import random
import re
from datetime import datetime

from . import clock
from .model import Attachment, Message, Writer
from .signatures import signature
from .world import Official, World

#: How each agency's mail clients quote the message being answered.
QUOTE_STYLE_WEIGHTS = {
    "BPD": {"original-message": 0.7, "wrote": 0.3},
    "ERO": {"outlook-rule": 0.55, "original-message": 0.35, "wrote": 0.1},
    "HSI": {"outlook-rule": 0.6, "original-message": 0.4},
    "SCSD": {"wrote": 1.0},
    "SCDAO": {"outlook-rule": 1.0},
}


def reply_subject(parent: str, style: str, forward: bool) -> str:
    if forward:
        return ("Fwd: " if style == "wrote" else "FW: ") + parent
    if re.match(r"(?i)re:", parent):
        return parent
    return ("Re: " if style == "wrote" else "RE: ") + parent


class ThreadBuilder:
    """Adds messages to one thread; each reply answers the message before it."""

    def __init__(self, world: World, rng: random.Random, year: int, channel: str = "pdf",
                 about=None, pick_subject=None):
        self.world = world
        self.rng = rng
        self.year = year
        self.channel = channel
        self.about = about  # the subject person the thread is about
        self.pick_subject = pick_subject  # () -> another subject person, for threads about several
        self.messages: list[Message] = []
        self._styles: dict[str, str] = {}

    @property
    def last(self) -> Message | None:
        return self.messages[-1] if self.messages else None

    def quote_style(self, sender: Official, phone: bool) -> str:
        if phone:
            return "wrote"
        if sender.person_id not in self._styles:
            weights = QUOTE_STYLE_WEIGHTS[sender.agency]
            self._styles[sender.person_id] = self.rng.choices(list(weights), weights=list(weights.values()))[0]
        return self._styles[sender.person_id]

    def add(self, kind: str, sender: Official, to: list[Official], cc: list[Official] = (), *,
            pace: str = "normal", when: datetime | None = None, forward: bool = False,
            importance: str | None = None, mood: str | None = None) -> Writer:
        """Start a message; the caller writes its body through the returned Writer.

        mood picks the signature: 'normal', 'brief' or 'phone' (random when None).
        """
        parent = self.last
        if mood is None:
            mood = self.rng.choices(("normal", "brief", "phone"), weights=(55, 35, 10))[0]
        style = self.quote_style(sender, phone=mood == "phone")
        if parent is None:
            sent_at = when or clock.thread_start(self.rng, self.year)
        else:
            sent_at = when if when and when > parent.sent_at else clock.reply_time(self.rng, parent.sent_at, pace)
        message = Message(
            truth_id="", thread_id="", kind=kind, sender=sender,  # ids are given once all threads exist
            to=list(dict.fromkeys(to)), cc=[o for o in dict.fromkeys(cc) if o not in to and o is not sender],
            sent_at=sent_at, subject="", in_reply_to=parent, quote_style=style, channel=self.channel,
            importance=importance, forward=forward, about=self.about,
        )
        writer = Writer(message, self.rng)
        if parent is not None:
            message.subject = reply_subject(parent.subject, style, forward)
            writer.inherit_subject_line(parent.subject_line_notes)
            if forward:
                message.attachments = list(parent.attachments)
        writer.mood = mood
        self.messages.append(message)
        return writer

    def finish(self, writer: Writer, body: list[str | None], greeting: str | None = None) -> Message:
        """Lay out greeting and body paragraphs, then the sender's signature."""
        if greeting:
            writer.say(greeting)
        writer.say(*[p for p in body if p])
        writer.sign(signature(self.rng, writer.message.sender, writer.mood))
        return writer.message

    def attach(self, writer: Writer, name: str, kind: str = "file", subject=None) -> None:
        writer.message.attachments.append(Attachment(name, kind, subject))
