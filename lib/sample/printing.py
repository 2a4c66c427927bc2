"""How a message looks when printed from a mail client, with its quoted history.

Three print styles, as in a real production assembled from several mailboxes:

- ``outlook``: mailbox owner's name on top, then From/Sent/To/Cc/Subject/
  Attachments/Importance.
- ``date-first``: a plain export, Date/From/To/Cc/Subject in Courier.
- ``gmail``: "Gmail - <subject>" page header, the sender line, a date line and
  To/Cc, with the print URL and page count at the foot.

Quoted history is written once per message, by the client of the person who
replied, and then carried verbatim by every later reply, as mail clients do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import formats
from .jurisdiction import current
from .model import Message
from .pdf import MARGIN_LEFT, MARGIN_RIGHT, PAGE_WIDTH, Block, Field, Furniture, Line, Rule, Space
from .redaction import visible, wrap
from .world import Official

PRINT_STYLE_WEIGHTS = {"outlook": 0.6, "date-first": 0.25, "gmail": 0.15}

#: Days the release's printouts were made (Gmail puts the print date on every page).
PRINT_DATES = ("9/23/2019", "9/24/2019", "9/26/2019", "10/1/2019")

QUOTE_WIDTH = 76  # plain-text clients wrap quoted lines at about this many characters


def shown_name(o: Official, form: str) -> str:
    """A participant as a mail client shows them; shared mailboxes have one name only."""
    if o.title == "Shared mailbox":
        return current().duty_name
    return o.mention(form)


@dataclass
class PrintVariant:
    """Choices made once per printed message, so a duplicate printing matches exactly."""
    style: str
    from_form: int
    to_form: int
    body_font: str
    body_size: float
    date_form: int
    print_date: str

    @classmethod
    def pick(cls, rng: random.Random, style: str) -> "PrintVariant":
        if style == "outlook":
            font, size = rng.choice((("Helvetica", 10.0), ("Helvetica", 10.0), ("Times-Roman", 11.0)))
        elif style == "date-first":
            font, size = "Courier", 9.5
        else:
            font, size = "Helvetica", 10.0
        return cls(style, rng.randrange(3), rng.randrange(3), font, size, rng.randrange(2), rng.choice(PRINT_DATES))


class Printer:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self._history: dict[str, list[str]] = {}

    # -- quoted history --------------------------------------------------------------------------
    def history(self, m: Message) -> list[str]:
        """The quoted text below a message's own text (empty for the first of a thread)."""
        if m.in_reply_to is None:
            return []
        if m.truth_id not in self._history:
            self._history[m.truth_id] = self._quote(m.in_reply_to, m.quote_style, m.forward)
        return self._history[m.truth_id]

    def _names(self, people: list[Official], with_address: bool) -> str:
        if with_address:
            return "; ".join(f"{shown_name(o, 'last_first')} <{o.email}>" for o in people)
        return "; ".join(shown_name(o, "last_first") for o in people)

    def _quote(self, parent: Message, style: str, forward: bool) -> list[str]:
        rng = self.rng
        content = parent.own_lines + ([""] + self.history(parent) if parent.in_reply_to else [])
        sender = parent.sender
        if style == "wrote" and forward:
            head = ["---------- Forwarded message ---------",
                    f"From: {shown_name(sender, 'full')} <{sender.email}>",
                    f"Date: {formats.gmail(parent.sent_at)}",
                    f"Subject: {parent.subject}",
                    "To: " + ", ".join(f"{shown_name(o, 'full')} <{o.email}>" for o in parent.to)]
            if parent.cc:
                head.append("Cc: " + ", ".join(f"{shown_name(o, 'full')} <{o.email}>" for o in parent.cc))
            return head + [""] + content
        if style == "wrote":
            head = f"On {formats.gmail(parent.sent_at)}, {shown_name(sender, 'full')} <{sender.email}> wrote:"
            quoted = []
            for line in content:
                for part in wrap(line, QUOTE_WIDTH, lambda s: len(visible(s))) if line else [""]:
                    quoted.append(">" if not part else (f">{part}" if part.startswith(">") else f"> {part}"))
            return [head, ""] + quoted
        if style == "original-message":
            head = ["-----Original Message-----"]
            from_line = (f"{shown_name(sender, 'last_first')} [mailto:{sender.email}]" if rng.random() < 0.5
                         else shown_name(sender, "last_first"))
            addresses = False
        else:
            head = ["________________________________"]
            with_address = rng.random() < 0.4
            from_line = (f"{shown_name(sender, 'last_first')} <{sender.email}>" if with_address
                         else shown_name(sender, "last_first"))
            addresses = with_address
        head += [f"From: {from_line}", f"Sent: {formats.outlook_sent(parent.sent_at)}",
                 f"To: {self._names(parent.to, addresses)}"]
        if parent.cc:
            head.append(f"Cc: {self._names(parent.cc, addresses)}")
        head.append(f"Subject: {parent.subject}")
        if parent.importance and rng.random() < 0.5:
            head.append(f"Importance: {parent.importance}")
        return head + [""] + content

    # -- printed page blocks ---------------------------------------------------------------------
    def blocks(self, m: Message, v: PrintVariant, owner: Official) -> tuple[list[Block], Furniture]:
        header = {"outlook": self._outlook, "date-first": self._date_first, "gmail": self._gmail}[v.style]
        blocks, furniture = header(m, v, owner)
        for line in m.own_lines + ([""] + self.history(m) if m.in_reply_to else []):
            blocks.append(Line(line, v.body_font, v.body_size) if line else Space(v.body_size * 1.22))
        if v.style == "gmail" and m.attachments:
            # Gmail lists the attachments after the message
            count = len(m.attachments)
            blocks += [Rule(0.4, 6, 4), Line(f"{count} attachment{'s' if count > 1 else ''}", "Helvetica-Bold", 9)]
            blocks += [Line(a.name, "Helvetica", 9) for a in m.attachments]
        return blocks, furniture

    def _outlook(self, m: Message, v: PrintVariant, owner: Official):
        s = m.sender
        sender = (f"{shown_name(s, 'last_first')} <{s.email}>", shown_name(s, "full"),
                  shown_name(s, "last_first"))[v.from_form]
        with_address = v.to_form == 1
        names = (lambda people: "; ".join(
            shown_name(o, "full") if v.to_form == 2 else
            (f"{shown_name(o, 'last_first')} <{o.email}>" if with_address else shown_name(o, "last_first"))
            for o in people))
        font = "Helvetica"
        fields = [("From", sender), ("Sent", formats.outlook_sent(m.sent_at)), ("To", names(m.to))]
        if m.cc:
            fields.append(("Cc", names(m.cc)))
        fields.append(("Subject", m.subject))
        if m.attachments:
            fields.append(("Attachments", "; ".join(a.name for a in m.attachments)))
        if m.importance:
            fields.append(("Importance", m.importance))
        blocks: list[Block] = [Field(label, value, font, "Helvetica-Bold", 10.0, 80.0) for label, value in fields]
        blocks.append(Space(12))
        owner_name = shown_name(owner, "last_first")

        def top(page: int, pages: int) -> list[tuple]:
            return [("text", MARGIN_LEFT, 750, "Helvetica-Bold", 12, owner_name, 0.0),
                    ("rule", MARGIN_LEFT, 744, PAGE_WIDTH - MARGIN_RIGHT, 2.0)]

        return blocks, Furniture(top, content_top=734)

    def _date_first(self, m: Message, v: PrintVariant, owner: Official):
        date = formats.us_numeric(m.sent_at) if v.date_form == 0 else formats.rfc2822(m.sent_at)

        def person(o: Official) -> str:
            if v.from_form == 1 or o.title == "Shared mailbox":
                return f"{shown_name(o, 'full')} <{o.email}>"
            return f'"{shown_name(o, "last_first")}" <{o.email}>'

        fields = [("Date", date), ("From", person(m.sender)), ("To", ", ".join(person(o) for o in m.to))]
        if m.cc:
            fields.append(("Cc", ", ".join(person(o) for o in m.cc)))
        fields.append(("Subject", m.subject))
        if m.attachments:
            fields.append(("Attachments", ", ".join(a.name for a in m.attachments)))
        blocks: list[Block] = [Field(label, value, "Courier", "Courier-Bold", 9.5, 62.0) for label, value in fields]
        blocks.append(Rule(0.5, 4, 10))
        return blocks, Furniture(content_top=758)

    def _gmail(self, m: Message, v: PrintVariant, owner: Official):
        title = f"Gmail - {m.subject}"
        url = (f"https://mail.google.com/mail/u/0/?ik=0sample0&view=pt&search=all"
               f"&permmsgid=msg-f%3A{int(m.sent_at.timestamp()) * 1000 + int(m.truth_id[1:])}")
        s = m.sender
        blocks: list[Block] = [
            Line("Gmail", "Helvetica-Bold", 16, gray=0.35),
            Line(f"{shown_name(owner, 'full')} <{owner.email}>", "Helvetica-Bold", 9, align="right"),
            Rule(1.2, 4, 8),
            Line(m.subject, "Helvetica-Bold", 13),
            Line("1 message", "Helvetica", 9, gray=0.3),
            Rule(0.6, 4, 6),
            Line(f"{shown_name(s, 'full')} <{s.email}>", "Helvetica-Bold", 10),
            Line(formats.gmail(m.sent_at), "Helvetica", 9, align="right"),
            Line("To: " + ", ".join(f"{shown_name(o, 'full')} <{o.email}>" for o in m.to), "Helvetica", 9),
        ]
        if m.cc:
            blocks.append(Line("Cc: " + ", ".join(f"{shown_name(o, 'full')} <{o.email}>" for o in m.cc),
                               "Helvetica", 9))
        blocks.append(Space(10))

        def top(page: int, pages: int) -> list[tuple]:
            return [("text", MARGIN_LEFT - 18, 757, "Helvetica", 7.5, v.print_date, 0.0),
                    ("text", PAGE_WIDTH / 2 - 60, 757, "Helvetica", 7.5, title[:90], 0.0)]

        def bottom(page: int, pages: int) -> list[tuple]:
            return [("text", MARGIN_LEFT - 18, 40, "Helvetica", 7, url, 0.0),
                    ("text", PAGE_WIDTH - MARGIN_RIGHT + 4, 40, "Helvetica", 7.5, f"{page}/{pages}", 0.0)]

        return blocks, Furniture(top, bottom, content_top=742)
