"""How other mail clients and records offices lay a printed message out.

One function per print style turns a message (with its quoted history) into
``print_flow`` blocks; each style's page furniture (print banners, page
numbers, footers) is a function of the page's place. The layouts follow real
productions: an Outlook export whose header is a two-column table, an Outlook
memo with the mailbox owner's banner, a From/To/Cc/Subject/Date memo, Gmail
and Lotus Notes prints, a plain-text export of several messages per page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

from . import formats
from .model import Message
from .print_flow import (
    PAGE_WIDTH,
    Block,
    Columns,
    Gap,
    KeepTogether,
    PageBreak,
    PagePlace,
    Para,
    Rule,
    Run,
    Start,
    Style,
    Tab,
    blocks_height,
)
from .redaction import redact
from .world import Official

SHARED_MAILBOX = "ERO Boston Duty"


# -- how people are named ---------------------------------------------------------------------------

def org_unit(o: Official) -> str:
    """'ICE/ERO/FUGOPS', 'BPD/BIS': the organisation path a directory prints after a name."""
    if o.agency == "BPD":
        unit = {"Bureau of Investigative Services": "BIS", "Boston Regional Intelligence Center": "BRIC",
                "Patrol": "PATROL"}.get(o.unit, o.unit.split()[1] if o.unit.startswith("District") else "HQ")
        return f"BPD/{unit}"
    if o.agency == "ERO":
        return "ICE/ERO/" + ("FUGOPS" if "Fugitive" in o.unit else "CAP" if "Criminal Alien" in o.unit else "BOS")
    return {"HSI": "ICE/HSI/BOS", "SCSD": "SCSD/RECORDS", "SCDAO": "SCDAO/DORCH"}[o.agency]


def is_federal(o: Official) -> bool:
    return o.agency in ("ERO", "HSI")


def directory_name(o: Official) -> str:
    """'Long, Joseph (ICE/ERO/FUGOPS) [E]' for the agency's own staff, 'Moore, Anthony' for others."""
    if o.title == "Shared mailbox":
        return SHARED_MAILBOX
    if is_federal(o):
        return f"{o.mention('last_first')} ({org_unit(o)}) [E]"
    return o.mention("last_first")


def notes_name(o: Official, domain: bool = False) -> str:
    """'Roy Howley/Records/SCSD', with '@SCSD' when mail routes across domains; outsiders by address."""
    if o.agency != "SCSD":
        return f"{o.mention('full')} <{o.email}>"
    unit = o.unit.split(", ")[-1]
    return f"{o.mention('full')}/{unit}/{o.agency}" + (f"@{o.agency}" if domain else "")


def with_address(o: Official, redacted: bool) -> str:
    """'Moore, Anthony <...>' with the address hidden under a (b)(6) box when ``redacted``."""
    if o.title == "Shared mailbox":
        return f"{SHARED_MAILBOX} <{o.email}>"
    address = redact("b6", o.email) if redacted else o.email
    if is_federal(o) and redacted:
        return f"{directory_name(o)} {address}"
    return f"{directory_name(o)} <{address}>"


def full_with_address(o: Official) -> str:
    if o.title == "Shared mailbox":
        return f"{SHARED_MAILBOX} <{o.email}>"
    return f"{o.mention('full')} <{o.email}>"


# -- shared pieces ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Frame:
    """The text column of a style."""
    left: float
    right: float


def body_blocks(lines: list[str], frame: Frame, style: Style, role: str = "body") -> list[Block]:
    """Logical lines as wrapped paragraphs; a blank line is a gap, leading spaces an indent."""
    blocks: list[Block] = []
    space = stringWidth(" ", style.font, style.size)
    for line in lines:
        if not line.strip():
            blocks.append(Gap(style.size * 1.2))
            continue
        indent = (len(line) - len(line.lstrip(" "))) * space
        blocks.append(Para([Run(line.strip(), style)], frame.left + indent, frame.right, role=role))
    return blocks


def inline_field(label: str, value: str, frame: Frame, label_style: Style, value_style: Style) -> Para:
    """'From: value' with a bold label, wrapping back to the margin (quoted headers)."""
    return Para([Run(f"{label}:", label_style), Run(f" {value}", value_style)], frame.left, frame.right,
                role="header")


def tabbed_field(label: str, value: str, frame: Frame, value_x: float, label_style: Style, value_style: Style,
                 wrap_under_label: bool) -> Para:
    """A header row: label, then the value at ``value_x``; wrapped lines under the label or the value."""
    return Para([Run(label, label_style), Tab(value_x), Run(value, value_style)], frame.left, frame.right,
                wrap_x=frame.left if wrap_under_label else value_x, role="header")


def names(people: list[Official], form, sep: str = "; ") -> str:
    return sep.join(form(o) for o in people)


# -- 1. Outlook export, header as a two-column table ----------------------------------------------------

TABLE_FRAME = Frame(72, 540)
TABLE_VALUE_X = 180
TABLE_LABEL = Style("Helvetica-Bold", 10.5)
TABLE_VALUE = Style("Helvetica", 10.5)
TABLE_BODY = Style("Helvetica", 11)
QUOTE_BODY = Style("Helvetica", 10.5)


@dataclass
class TableOptions:
    redact_sender: bool = False  # the records office withheld who sent it
    separators: tuple[str, ...] = ("grey-rule",)  # per quoted message: grey-rule | short-rule | original
    head_cut: bool = False  # printed from the To list's second line on: the head is in another volume


def outlook_table(m: Message, key: str, options: TableOptions) -> list[Block]:
    f = TABLE_FRAME
    sender = redact("b6", f"{m.sender.name} <{m.sender.email}>") if options.redact_sender \
        else directory_name(m.sender)
    rows = [("From:", sender), ("Sent:", formats.utc_header(m.sent_at)),
            ("To:", names(m.to, directory_name, ";"))]
    if m.cc:
        rows.append(("Cc:", names(m.cc, directory_name, ";")))
    rows.append(("Subject:", m.subject))
    if m.attachments:
        rows.append(("Attachments:", "; ".join(a.name for a in m.attachments)))
    if m.importance:
        rows.append(("Importance:", m.importance))
    header = [tabbed_field(label, value, f, TABLE_VALUE_X, TABLE_LABEL, TABLE_VALUE, wrap_under_label=True)
              for label, value in rows]
    if options.head_cut:
        header = header[2:]
        header[0].skip_lines = 1
    blocks: list[Block] = [Start(key), *header, Gap(26)]
    lines = withhold_name(m.own_lines, m.sender) if options.redact_sender else m.own_lines
    blocks += body_blocks(lines, f, TABLE_BODY)
    for i, parent in enumerate(m.chain()[1:]):
        blocks += table_quote(parent, options.separators[i % len(options.separators)])
    return blocks


def withhold_name(lines: list[str], o: Official) -> list[str]:
    """The lines with every word of a person's name under a (b)(6) box, as when the sender is withheld."""
    words = {o.first, o.last, o.nickname}
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w)
                         + r")\b")
    return [line if "⟦" in line else pattern.sub(lambda hit: redact("b6", hit.group(1)), line) for line in lines]


def table_quote(parent: Message, separator: str) -> list[Block]:
    """A quoted message: a separator, then From/Sent/To/Cc/Subject with bold labels inline."""
    f = TABLE_FRAME
    blocks: list[Block] = [Gap(14), KeepTogether(110)]
    if separator == "grey-rule":
        blocks.append(Rule(f.left, f.right, 0.8, 0.78, before=4, after=6))
    elif separator == "short-rule":
        blocks.append(Rule(f.left, f.left + 230, 0.6, 0.0, before=4, after=6))
    else:
        blocks.append(Para([Run("-----Original Message-----", QUOTE_BODY)], f.left, f.right, role="header"))
    fields = [("From", with_address(parent.sender, redacted=True)),
              ("Sent", formats.outlook_sent(parent.sent_at)),
              ("To", names(parent.to, lambda o: with_address(o, redacted=True)))]
    if parent.cc:
        fields.append(("Cc", names(parent.cc, lambda o: with_address(o, redacted=True))))
    fields.append(("Subject", parent.subject))
    blocks += [inline_field(label, value, f, TABLE_LABEL, TABLE_VALUE) for label, value in fields]
    blocks.append(Gap(12))
    return blocks + body_blocks(parent.own_lines, f, QUOTE_BODY)


def bates_centred(place: PagePlace) -> list[tuple]:
    if not place.bates:
        return []
    width = stringWidth(place.bates, "Helvetica", 8)
    return [("text", (PAGE_WIDTH - width) / 2, 30, "Helvetica", 8, place.bates, 0.0)]


def bates_right(place: PagePlace) -> list[tuple]:
    if not place.bates:
        return []
    width = stringWidth(place.bates, "Helvetica-Bold", 10)
    return [("text", PAGE_WIDTH - 54 - width, 24, "Helvetica-Bold", 10, place.bates, 0.0)]


# -- 2. Classic Outlook memo: the mailbox owner's banner over a thick rule ------------------------------

BANNER_FRAME = Frame(54, 558)
BANNER_TOP = 732


def outlook_banner(m: Message, key: str, body: Style, name_form: int) -> list[Block]:
    f = BANNER_FRAME
    label, value = Style("Helvetica-Bold", body.size), Style(body.font, body.size)
    person = (lambda o: o.mention("last_first") if o.title != "Shared mailbox" else SHARED_MAILBOX,
              lambda o: o.mention("full") if o.title != "Shared mailbox" else SHARED_MAILBOX,
              lambda o: f"{o.mention('last_first')} <{o.email}>" if o.title != "Shared mailbox"
              else f"{SHARED_MAILBOX} <{o.email}>")[name_form]
    rows = [("From:", person(m.sender)), ("Sent:", formats.outlook_sent(m.sent_at)), ("To:", names(m.to, person))]
    if m.cc:
        rows.append(("Cc:", names(m.cc, person)))
    rows.append(("Subject:", m.subject))
    if m.attachments:
        rows.append(("Attachments:", "; ".join(a.name for a in m.attachments)))
    if m.importance:
        rows.append(("Importance:", m.importance))
    blocks: list[Block] = [Start(key)]
    blocks += [tabbed_field(lab, val, f, f.left + 86, label, value, wrap_under_label=False) for lab, val in rows]
    blocks.append(Gap(14))
    blocks += body_blocks(m.own_lines, f, body)
    for parent in m.chain()[1:]:
        blocks += [Gap(12), Para([Run("-----Original Message-----", body)], f.left, f.right, role="header")]
        lines = [f"From: {person(parent.sender)}", f"Sent: {formats.outlook_sent(parent.sent_at)}",
                 f"To: {names(parent.to, person)}"]
        if parent.cc:
            lines.append(f"Cc: {names(parent.cc, person)}")
        lines.append(f"Subject: {parent.subject}")
        blocks += body_blocks(lines, f, body, role="header") + [Gap(body.size * 1.2)]
        blocks += body_blocks(parent.own_lines, f, body)
    return blocks


def banner_furniture(place: PagePlace) -> list[tuple]:
    ops = bates_right(place)
    if place.page_in_document == 1:
        owner = place.document["owner"]
        ops += [("text", 54, 748, "Helvetica-Bold", 12, owner, 0.0), ("rule", 54, 741, 558, 2.4, 0.0)]
    return ops


# -- 3. Memo with the date last: From / To / Cc / Subject / Date ----------------------------------------

MEMO_FRAME = Frame(54, 558)


def memo_date_last(m: Message, key: str, date_form: int) -> list[Block]:
    f = MEMO_FRAME
    label, value, body = Style("Helvetica-Bold", 10), Style("Helvetica", 10), Style("Helvetica", 10)
    date = (formats.rfc2822, formats.apple, lambda d: formats.outlook_sent(d))[date_form](m.sent_at)
    rows = [("From:", full_with_address(m.sender)), ("To:", names(m.to, full_with_address, ", "))]
    if m.cc:
        rows.append(("Cc:", names(m.cc, full_with_address, ", ")))
    rows += [("Subject:", m.subject), ("Date:", date)]
    blocks: list[Block] = [Start(key)]
    blocks += [tabbed_field(lab, val, f, f.left + 58, label, value, wrap_under_label=False) for lab, val in rows]
    blocks += [Rule(f.left, f.right, 0.5, 0.5, before=6, after=12)]
    blocks += body_blocks(m.own_lines, f, body)
    quoted: list[str] = []
    for depth, parent in enumerate(m.chain()[1:], 1):
        # Apple-style quoting: each earlier message one '>' deeper
        outer = "> " * (depth - 1)
        quoted += ["", f"{outer}On {formats.apple(parent.sent_at)}, {full_with_address(parent.sender)} wrote:", ""]
        quoted += [f"{'> ' * depth}{line}".rstrip() for line in parent.own_lines]
    return blocks + body_blocks(quoted, f, Style("Helvetica", 10, 0.25))


# -- 4. Gmail ---------------------------------------------------------------------------------------------

GMAIL_FRAME = Frame(54, 558)
GMAIL_TOP = 742


def gmail_conversation(messages: list[Message], keys: list[str], owner: Official, date_on_sender_line: list[bool]
                       ) -> list[Block]:
    """A conversation printed from Gmail: title, message count, then each message's head and text."""
    f = GMAIL_FRAME
    count = len(messages)
    personal = redact("b6", f"{owner.first}.{owner.last}@gmail.com".lower())  # width only: never drawn
    blocks: list[Block] = [
        Para([Run("Gmail", Style("Helvetica-Bold", 16, 0.35))], f.left, f.right, role="header"),
        Para([Run(f"{owner.mention('full')} <{personal}>", Style("Helvetica-Bold", 9))],
             f.left, f.right, align="right", role="header"),
        Rule(f.left, f.right, 1.2, 0.0, before=4, after=8),
        Para([Run(messages[0].subject, Style("Helvetica-Bold", 13))], f.left, f.right, role="header"),
        Para([Run(f"{count} message{'s' if count > 1 else ''}", Style("Helvetica", 9, 0.3))], f.left, f.right,
             role="header"),
    ]
    for m, key, same_line in zip(messages, keys, date_on_sender_line, strict=True):
        date = formats.gmail(m.sent_at)
        date_style = Style("Helvetica", 9)
        sender = [Run(m.sender.mention("full"), Style("Helvetica-Bold", 10)),
                  Run(f" <{m.sender.email}>", Style("Helvetica", 9, 0.3))]
        blocks += [Gap(8), Rule(f.left, f.right, 0.6, 0.6, before=4, after=10), KeepTogether(70), Start(key)]
        if same_line:
            blocks.append(Para(sender + [Tab(f.right - stringWidth(date, date_style.font, date_style.size)),
                                         Run(date, date_style)], f.left, f.right, role="header"))
        else:
            blocks += [Para(sender, f.left, f.right, role="header"),
                       Para([Run(date, date_style)], f.left, f.right, align="right", role="header")]
        blocks.append(Para([Run("To: " + names(m.to, full_with_address, ", "), Style("Helvetica", 9, 0.3))],
                           f.left, f.right, role="header"))
        if m.cc:
            blocks.append(Para([Run("Cc: " + names(m.cc, full_with_address, ", "), Style("Helvetica", 9, 0.3))],
                               f.left, f.right, role="header"))
        blocks.append(Gap(10))
        blocks += body_blocks(m.own_lines, f, Style("Helvetica", 10.5))
        if m.in_reply_to is not None:
            blocks += [Gap(4), Para([Run("[Quoted text hidden]", Style("Helvetica", 9, 0.4))], f.left, f.right)]
        if m.attachments:
            blocks += [Gap(6), Para([Run(f"{len(m.attachments)} attachment{'s' if len(m.attachments) > 1 else ''}",
                                         Style("Helvetica-Bold", 9))], f.left, f.right)]
            blocks += [Para([Run(a.name, Style("Helvetica", 9))], f.left, f.right) for a in m.attachments]
    return blocks


def gmail_furniture(place: PagePlace) -> list[tuple]:
    doc = place.document
    return [("text", 36, 764, "Helvetica", 7.5, doc["printed"], 0.0),
            ("text", PAGE_WIDTH / 2 - 60, 764, "Helvetica", 7.5, doc["title"][:80], 0.0),
            ("text", 36, 22, "Helvetica", 7, doc["url"], 0.0),
            ("text", PAGE_WIDTH - 52, 22, "Helvetica", 7.5, f"{place.page_in_document}/{place.document_pages}",
             0.0)]


# -- 5. Lotus Notes memo ----------------------------------------------------------------------------------

NOTES_FRAME = Frame(54, 558)
NOTES_RIGHT_X = 250
NOTES_VALUE_X = 300
#: A footer no one should take for a Bates number: an address whose ZIP+4 looks like one.
NOTES_FOOTER = "Suffolk County Sheriff's Department  |  200 Nashua Street  |  Boston, MA 02114-1102"


def lotus_notes(m: Message, key: str, domain_names: bool) -> list[Block]:
    f = NOTES_FRAME
    bold, plain, small = Style("Helvetica-Bold", 10), Style("Helvetica", 10), Style("Helvetica", 9)
    label = Style("Helvetica", 9, 0.35)

    def row(name: str, value: str) -> Para:
        return Para([Run(name, label), Tab(NOTES_VALUE_X), Run(value, plain)], NOTES_RIGHT_X, f.right,
                    wrap_x=NOTES_VALUE_X, role="header")

    right = [row("To", names(m.to, lambda o: notes_name(o, domain_names), ", "))]
    right.append(row("cc", names(m.cc, lambda o: notes_name(o, domain_names), ", ") if m.cc else ""))
    right.append(row("Subject", m.subject))
    left = [Para([Run(notes_name(m.sender, domain_names), bold)], f.left, NOTES_RIGHT_X - 10, role="header"),
            Para([Run(formats.slashed(m.sent_at), small)], f.left, NOTES_RIGHT_X - 10, role="header")]
    blocks: list[Block] = [Start(key), Columns(left, right), Rule(f.left, f.right, 0.5, 0.4, before=6, after=12)]
    blocks += body_blocks(m.own_lines, f, plain)
    for parent in m.chain()[1:]:
        # Notes 8.5 history: "-----X wrote: -----" then To/From/Date/Subject
        lines = ["", f"-----{notes_name(parent.sender)} wrote: -----",
                 "To: " + names(parent.to, notes_name, ", "), f"From: {notes_name(parent.sender)}",
                 f"Date: {formats.slashed(parent.sent_at, space=False)}", f"Subject: {parent.subject}", ""]
        blocks += body_blocks(lines, f, Style("Helvetica", 9.5), role="header")
        blocks += body_blocks(parent.own_lines, f, Style("Helvetica", 9.5))
    return blocks


def notes_furniture(place: PagePlace) -> list[tuple]:
    width = stringWidth(NOTES_FOOTER, "Helvetica", 8)
    return [("text", (PAGE_WIDTH - width) / 2, 34, "Helvetica", 8, NOTES_FOOTER, 0.0)]


# -- 6. Plain-text export, Date first, messages one after another -------------------------------------------

PLAIN_FRAME = Frame(54, 558)
PLAIN = Style("Courier", 9.5)
PLAIN_RULE_CHARS = 78
PLAIN_KEEP_WHOLE = 360.0  # points: messages shorter than about half a page are not split


def plain_date_first(m: Message, key: str, rule_char: str, name_form: int) -> list[Block]:
    """One message of the export; the rule after it separates it from the next."""
    f = PLAIN_FRAME
    hang = f.left + stringWidth("Subject: ", PLAIN.font, PLAIN.size)
    person = (lambda o: f'"{o.mention("last_first")}" <{o.email}>' if o.title != "Shared mailbox"
              else f"{SHARED_MAILBOX} <{o.email}>", full_with_address)[name_form]
    fields = [("Date", formats.slashed(m.sent_at)), ("From", person(m.sender)), ("To", names(m.to, person, ", "))]
    if m.cc:
        fields.append(("Cc", names(m.cc, person, ", ")))
    fields.append(("Subject", m.subject))
    lines = list(m.own_lines)
    for parent in m.chain()[1:]:
        lines += ["", "-----Original Message-----", f"From: {person(parent.sender)}",
                  f"Sent: {formats.slashed(parent.sent_at)}", f"To: {names(parent.to, person, ', ')}",
                  f"Subject: {parent.subject}", ""] + parent.own_lines
    message = [Para([Run(f"{label}: {value}", PLAIN)], f.left, f.right, wrap_x=hang, role="header")
               for label, value in fields]
    message += [Gap(PLAIN.size * 1.2), *body_blocks(lines, f, PLAIN), Gap(PLAIN.size * 1.2),
                Para([Run(rule_char * PLAIN_RULE_CHARS, PLAIN)], f.left, f.right, role="header")]
    # A short message moves whole to the next page; a long one starts where it is, once its head fits.
    height = blocks_height(message)
    keep = KeepTogether(height if height < PLAIN_KEEP_WHOLE else blocks_height(message[:len(fields) + 4]))
    return [keep, Start(key), *message, Gap(PLAIN.size * 1.2)]


def page_of_pages(place: PagePlace) -> list[tuple]:
    text = f"Page {place.number} of {place.file_pages}"
    width = stringWidth(text, "Courier", 8)
    return [("text", (PAGE_WIDTH - width) / 2, 30, "Courier", 8, text, 0.0)]


# -- 7. A forward or reply whose earlier messages each keep an inline header block --------------------------

CHAIN_FRAME = Frame(54, 558)


def chain_separator(quoting: Message) -> str:
    """How a client marks the message it quotes: by the quoting message's client and whether it forwards."""
    if quoting.quote_style == "wrote":
        return "forwarded" if quoting.forward else "original"
    return "underscores" if quoting.quote_style == "outlook-rule" else "original"


def forwarded_chain(m: Message, key: str, break_before: int | None) -> list[Block]:
    """The top message's header, its text, then every earlier message under its own header block.

    ``break_before`` starts the quoted block of that index on a new page, so a
    continuation page opens with a header block that is not a new message.
    """
    f = CHAIN_FRAME
    label, value, body = Style("Helvetica-Bold", 10), Style("Helvetica", 10), Style("Helvetica", 10)
    rows = [("From:", f"{m.sender.mention('full')} <{m.sender.email}>"), ("Sent:", formats.outlook_sent(m.sent_at)),
            ("To:", names(m.to, full_with_address))]
    if m.cc:
        rows.append(("Cc:", names(m.cc, full_with_address)))
    rows.append(("Subject:", m.subject))
    blocks: list[Block] = [Start(key)]
    blocks += [tabbed_field(lab, val, f, f.left + 80, label, value, wrap_under_label=False) for lab, val in rows]
    blocks.append(Gap(16))
    blocks += body_blocks(m.own_lines, f, body)
    chain = m.chain()
    for i, parent in enumerate(chain[1:]):
        separator = chain_separator(chain[i])
        blocks.append(PageBreak() if i == break_before else Gap(14))
        if separator == "forwarded":
            head = [Para([Run("---------- Forwarded message ---------", body)], f.left, f.right, role="header")]
            fields = [("From", full_with_address(parent.sender)), ("Date", formats.gmail(parent.sent_at)),
                      ("Subject", parent.subject), ("To", names(parent.to, full_with_address, ", "))]
        else:
            text = "________________________________" if separator == "underscores" \
                else "-----Original Message-----"
            head = [Para([Run(text, body)], f.left, f.right, role="header")]
            fields = [("From", full_with_address(parent.sender)), ("Sent", formats.outlook_sent(parent.sent_at)),
                      ("To", names(parent.to, full_with_address)), ("Subject", parent.subject)]
        blocks += head + [inline_field(lab, val, f, label, value) for lab, val in fields]
        blocks.append(Gap(10))
        blocks += body_blocks(parent.own_lines, f, body)
    return blocks


# -- 8. No header: the subject as a bold title, then the text -------------------------------------------------

NO_HEADER_FRAME = Frame(72, 540)
#: A routing note some offices stamp at the foot; neither a header nor a Bates number.
ROUTING_FOOTER = "To: POP 2020"


def no_header(m: Message, key: str) -> list[Block]:
    f = NO_HEADER_FRAME
    blocks: list[Block] = [Start(key), Para([Run(m.subject, Style("Helvetica-Bold", 13))], f.left, f.right,
                                            role="header"), Gap(10)]
    return blocks + body_blocks(m.own_lines, f, Style("Times-Roman", 11))


def routing_furniture(place: PagePlace) -> list[tuple]:
    return [("text", 72, 40, "Helvetica", 8, ROUTING_FOOTER, 0.0),
            ("text", PAGE_WIDTH - 72 - stringWidth(f"{place.page_in_document}", "Helvetica", 8), 40,
             "Helvetica", 8, f"{place.page_in_document}", 0.0)]
