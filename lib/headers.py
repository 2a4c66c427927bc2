"""Recognise and parse the header blocks of printed email.

No library reads headers out of *printed* mail (the stdlib parses RFC 5322
sources, not a PDF's text layer), so this is hand-written. It knows the common
print styles:

- Outlook:     From: / Sent: / To: / Cc: / Subject: / Attachments: / Importance:
- date-first:  Date: / From: / To: / Subject:  (Lotus Notes, Apple Mail, exports)
- Gmail print: "Name <addr>" then a date line, then To: / Cc:

and tolerates common OCR damage in labels ("Frorn:", "Sent :", "Subject;").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.utils import getaddresses

from lib.dates import DATE_LINE

# Field label -> canonical field. Variants include OCR misreads seen in scans.
_LABELS = {
    "from": r"fr[o0]m|frorn|fron|fiom",
    "sent": r"sent|sen[t1l]",
    "date": r"date|dale",
    "to": r"to|t[o0a]",
    "cc": r"cc|c[ce<]",
    "bcc": r"bcc",
    "subject": r"subject|subj|sub[j]ect|subjecl|re",
    "attachments": r"attachments?|attached|attachment\(s\)",
    "importance": r"importance|priority",
}
_LABEL_LINE = re.compile(
    r"^\s*(?P<label>" + "|".join(f"(?:{v})" for v in _LABELS.values()) + r")\s*[:;]\s?(?P<value>.*)$",
    re.IGNORECASE,
)
_CANONICAL = [(k, re.compile(rf"^(?:{v})$", re.IGNORECASE)) for k, v in _LABELS.items()]

#: Lines that introduce quoted history.
QUOTE_SEPARATOR = re.compile(
    r"^\s*(?:-{2,}\s*(?:Original|Forwarded)\s+Message\s*-{2,}"
    r"|-{3,}\s*Forwarded by .*|_{10,}|Begin forwarded message:?)\s*$",
    re.IGNORECASE,
)
#: "On Tue, Apr 11, 2017 at 3:42 PM, Jane Roe <jane.roe@x.gov> wrote:" (possibly wrapped).
WROTE_LINE = re.compile(r"^\s*On\s+(?P<date>.+?),?\s+(?P<who>[^,]*?(?:<[^>]+>)?)\s*wrote:\s*$", re.IGNORECASE)
WROTE_START = re.compile(r"^\s*On\s+\S.*\d", re.IGNORECASE)
WROTE_END = re.compile(r"wrote:\s*$", re.IGNORECASE)

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+\s?@\s?[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Spaces inside the brackets are OCR damage ("marc.groogan @ pd. boston.gov"); clean_email removes them.
_ANGLE = re.compile(r"[<\[]\s*(?:mailto:)?\s*([^<>\[\]\s]+\s?@\s?[^<>\[\]]+?)\s*[>\]]", re.IGNORECASE)
_GMAIL_SENDER = re.compile(r"^\s*(?P<name>[^<>@]{2,80}?)\s*<(?P<addr>[^<>\s]+\s?@\s?[^<>\s]+)>\s*(?P<rest>.*)$")
_TITLES = re.compile(
    r"^(?:(?:sgt|det|lt|capt|cpt|officer|ofc|po|dep|supt|supv|sdo|ddo|do|sa|agent|mr|mrs|ms|dr|insp|sergeant|detective"
    r"|lieutenant|captain|deputy|superintendent)\.?\s+)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Address:
    """One correspondent as printed: display name and/or email address."""

    name: str | None
    email: str | None

    def label(self) -> str:
        """The address where shown, else the name: what the message table lists."""
        return self.email or self.name or ""


@dataclass
class HeaderBlock:
    """A recognised header block: lines [start, end) of the page or message text."""

    start: int
    end: int
    style: str
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def sender(self) -> Address:
        return parse_person(self.fields.get("from", ""))

    @property
    def date_raw(self) -> str | None:
        return self.fields.get("sent") or self.fields.get("date")

    def recipients(self, which: str) -> list[Address]:
        return parse_address_list(self.fields.get(which, ""))


def clean_email(text: str) -> str:
    """Lower-case an address and remove spaces OCR puts around '@' and dots."""
    return re.sub(r"\s*([@.])\s*", r"\1", text.strip().strip("'\"<>[]().,;")).lower()


def display_name(raw: str | None) -> str | None:
    """A display name as 'First Last': 'Roe, Jane M. (BPD)' -> 'Jane M. Roe'."""
    if not raw:
        return None
    name = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", raw)
    name = name.replace('"', " ")
    name = re.sub(r"(?<![A-Za-z])'|'(?![A-Za-z])", " ", name).strip(" ,;:")  # keep O'Loughlin
    name = " ".join(name.split())
    if not name or "@" in name:
        return None
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        # "Roe, Jane" but not "Jane Roe, Jr." or "Roe, Det."
        if first and last and not re.fullmatch(r"(?:jr|sr|ii|iii|iv)\.?", first, re.IGNORECASE):
            name = f"{first} {last}"
    name = _TITLES.sub("", name).strip()
    if name.isupper() or name.islower():
        name = " ".join(part.capitalize() if not re.fullmatch(r"[A-Z]\.?", part) else part for part in name.split())
    return name or None


def parse_person(text: str) -> Address:
    """'Roe, Jane <jane.roe@pd.boston.gov>', 'jane.roe@x.gov', 'Jane Roe' -> Address."""
    text = (text or "").strip()
    if not text:
        return Address(None, None)
    angle = _ANGLE.search(text)
    if angle:
        email = clean_email(angle.group(1))
        name = display_name(text[: angle.start()] + " " + text[angle.end():])
        return Address(name, email)
    bare = _EMAIL.search(text)
    if bare:
        rest = (text[: bare.start()] + text[bare.end():]).strip()
        return Address(display_name(rest), clean_email(bare.group(0)))
    return Address(display_name(text), None)


def parse_address_list(text: str) -> list[Address]:
    """Split a To:/Cc: value into correspondents.

    Outlook separates with ';' and writes names as 'Last, First'; other clients
    separate with ','. A comma only separates people when each side carries its
    own address, or when no part looks like 'Last, First'.
    """
    text = " ".join((text or "").split())
    if not text:
        return []
    if ";" in text:
        parts = [p for p in text.split(";") if p.strip()]
        return [a for a in map(parse_person, parts) if a.name or a.email]
    if "@" in text:
        # A comma-separated list with addresses: let the stdlib handle quoting.
        pairs = getaddresses([text.replace("[mailto:", "<").replace("]", ">")])
        people: list[Address] = []
        pending_name: list[str] = []
        for name, addr in pairs:
            if addr and "@" in addr:
                full = " ".join(pending_name + [name]).strip()
                people.append(Address(display_name(full), clean_email(addr)))
                pending_name = []
            elif name or addr:
                pending_name.append(name or addr)
        if pending_name:
            people.extend(Address(display_name(n), None) for n in pending_name)
        return [a for a in people if a.name or a.email]
    # Names only, comma-separated: 'Roe, Jane' is one person, 'Jane Roe, John Doe' two.
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) == 2 and all(len(p.split()) <= 2 for p in parts) and len(parts[0].split()) == 1:
        return [parse_person(text)]
    if parts and all(len(p.split()) == 1 for p in parts) and len(parts) % 2 == 0:
        # 'Roe, Jane, Doe, John'
        return [parse_person(f"{parts[i]}, {parts[i + 1]}") for i in range(0, len(parts), 2)]
    return [parse_person(p) for p in parts]


def label_of(line: str) -> tuple[str, str] | None:
    """(field, value) when a line is a header field, e.g. 'Sent : Tue...' -> ('sent', 'Tue...')."""
    match = _LABEL_LINE.match(line)
    if not match:
        return None
    raw_label = match.group("label")
    for name, pattern in _CANONICAL:
        if pattern.match(raw_label):
            if name == "subject" and raw_label.lower() == "re":
                return None  # "RE: something" alone is a subject's text, not a label
            return name, match.group("value").strip()
    return None


_LIST_FIELDS = {"to", "cc", "bcc", "attachments"}


# Email headers print the time of day; memos and forms with To:/From:/Date: lines
# (an I-247A detainer, a memorandum) print only the date.
_TIME_OF_DAY = re.compile(r"\d{1,2}\s?[:.;]\s?[0-5O]\d")


def _valid(fields: dict[str, str]) -> str | None:
    """The print style when the fields make a real header block, else None."""
    has_from = bool(fields.get("from"))
    has_date = bool(_TIME_OF_DAY.search(fields.get("sent") or fields.get("date") or ""))
    has_to = "to" in fields or "subject" in fields
    if has_from and has_date and has_to:
        return "outlook" if "sent" in fields else "date-first"
    return None


_RECIPIENT_NAME = re.compile(r"^[\"']?[A-Za-z][A-Za-z.'\"()\- ]{0,60}$")


def _looks_like_recipients(text: str) -> bool:
    """Whether a line reads as a list of correspondents, not a sentence of the body."""
    parts = [p.strip() for p in re.split(r"[;,]", text) if p.strip()]
    return bool(parts) and all(
        "@" in part or (_RECIPIENT_NAME.match(part) and len(part.split()) <= 4) for part in parts)


def _looks_like_continuation(line: str, field_name: str, previous_value: str) -> bool:
    stripped = line.strip()
    if not stripped or label_of(line):
        return False
    if field_name in ("to", "cc", "bcc"):
        return _looks_like_recipients(stripped) and bool(
            "@" in stripped or previous_value.rstrip().endswith((";", ","))
            or re.match(r"^[A-Z][\w'-]+,\s*[A-Z]", stripped) and ";" in stripped)
    if field_name == "attachments":
        return bool(re.search(r"\.\w{2,4}\b", stripped)) and previous_value.rstrip().endswith((";", ","))
    return False


def find_header_blocks(lines: list[str]) -> list[HeaderBlock]:
    """Every header block in ``lines``, in order, in the styles this module knows."""
    blocks: list[HeaderBlock] = []
    i = 0
    while i < len(lines):
        block = _labelled_block(lines, i) or _gmail_block(lines, i)
        if block:
            blocks.append(block)
            i = block.end
        else:
            i += 1
    return blocks


def _labelled_block(lines: list[str], start: int) -> HeaderBlock | None:
    first = label_of(lines[start])
    if not first or first[0] not in ("from", "date", "sent"):
        return None
    fields: dict[str, str] = {}
    current = None
    i = start
    while i < len(lines):
        found = label_of(lines[i])
        if found:
            name, value = found
            if name in fields and fields[name]:
                break  # a second From:/Sent: starts the next block
            fields[name] = value
            current = name
            i += 1
            continue
        if current and _looks_like_continuation(lines[i], current, fields[current]):
            fields[current] = f"{fields[current]} {lines[i].strip()}"
            i += 1
            continue
        if current == "subject" and not fields["subject"] and lines[i].strip():
            # Subject value printed on the line below its label.
            fields["subject"] = lines[i].strip()
            i += 1
            continue
        break
    style = _valid(fields)
    if not style:
        return None
    return HeaderBlock(start, i, style, fields)


def _gmail_block(lines: list[str], start: int) -> HeaderBlock | None:
    """'Jane Roe <jane.roe@x.gov>' + date (same or next line) + 'To:' within two lines."""
    sender = _GMAIL_SENDER.match(lines[start])
    if not sender:
        return None
    rest = sender.group("rest").strip()
    i = start + 1
    if rest and DATE_LINE.match(rest):
        date = rest
    elif i < len(lines) and DATE_LINE.match(lines[i]):
        date = lines[i].strip()
        i += 1
    else:
        return None
    fields = {"from": f"{sender.group('name')} <{sender.group('addr')}>", "date": date}
    while i < len(lines):
        found = label_of(lines[i])
        if found and found[0] in ("to", "cc", "bcc", "subject"):
            fields[found[0]] = found[1]
            current = found[0]
            i += 1
            while i < len(lines) and _looks_like_continuation(lines[i], current, fields[current]):
                fields[current] += " " + lines[i].strip()
                i += 1
            continue
        break
    if "to" not in fields:
        return None
    return HeaderBlock(start, i, "gmail", fields)


def parse_wrote_line(text: str) -> tuple[str | None, Address] | None:
    """('Tue, Apr 11, 2017 at 3:42 PM', Address) from an 'On ... wrote:' line."""
    text = " ".join(text.split())
    match = re.match(r"^On\s+(?P<body>.+?)\s*wrote:\s*$", text, re.IGNORECASE)
    if not match:
        return None
    body = match.group("body")
    # The date ends at the time ("3:42 PM") or year; the sender follows.
    when = re.match(r"^(?P<date>.*?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*[+-]\d{4})?|.*?\d{4})[,\s]+(?P<who>.+)$", body)
    if not when:
        return None
    return when.group("date").strip(" ,"), parse_person(when.group("who"))
