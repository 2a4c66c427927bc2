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

from lib.core.addresses import REDACTION_CODE, Address, clean_value, parse_address_list, parse_person
from lib.ingest.dates import DATE_LINE

# Field label -> canonical field. Variants include OCR misreads seen in scans.
_LABELS = {
    "from": r"fr[o0]m|frorn|fron|fiom|sender",
    # e-discovery exports and slip sheets: "Date Sent:", "Sent Date:", "Sent On:"
    "sent": r"sent|sen[t1l]|datesent|sentdate|senton",
    "date": r"date|dale",
    "to": r"to|t[o0a]|recipients?",
    "cc": r"cc|c[ce<]",
    "bcc": r"bcc",
    "subject": r"subject|subj|sub[j]ect|subjecl|re",
    "attachments": r"attachments?|attached|attachment\(s\)",
    "importance": r"importance|priority",
}
# A label as OCR may print it: letters with stray spaces ("Se nt", "Subj ec t"), then optionally a
# redaction code or a run of box debris before the colon ("From (b)(6) :", "To -----=-c-= :").
_LABEL_LINE = re.compile(
    r"^\s*(?P<label>[A-Za-z](?:\s?[A-Za-z]){0,13})"
    # One character at a time, so a long run of debris with no colon fails fast: punctuation, brackets and
    # digits, the b of "(b)", and a letter between two marks ("-c-").
    r"(?P<junk>(?:[\s\-=~_.,'\"!`^()\d]|(?<=\()b(?=\))|(?<=[-=~_])[a-z](?=[-=~_]))*)"
    r"\s*[:;]\s?(?P<value>.*)$",
    re.IGNORECASE,
)
_CANONICAL = [(k, re.compile(rf"^(?:{v})$", re.IGNORECASE)) for k, v in _LABELS.items()]

#: Lines that introduce quoted history.
QUOTE_SEPARATOR = re.compile(
    r"^\s*(?:\S{0,3}-*\s*(?:Original|Forwarded)\s+Message\s*-{2,}"
    r"|-{3,}\s*Forwarded by .*|-{3,}[^-].*\bwrote:\s*-{3,}|_{10,}|Begin forwarded message:?)\s*$",
    re.IGNORECASE,
)
#: "On Tue, Apr 11, 2017 at 3:42 PM, Jane Roe <jane.roe@x.gov> wrote:" (possibly wrapped).
WROTE_LINE = re.compile(r"^\s*On\s+(?P<date>.+?),?\s+(?P<who>[^,]*?(?:<[^>]+>)?)\s*wrote:\s*$", re.IGNORECASE)
WROTE_START = re.compile(r"^\s*On\s+\S.*\d", re.IGNORECASE)
WROTE_END = re.compile(r"wrote:\s*$", re.IGNORECASE)

_GMAIL_SENDER = re.compile(r"^\s*(?P<name>[^<>@]{2,80}?)\s*<(?P<addr>[^<>\s]+\s?@\s?[^<>\s]+)>\s*(?P<rest>.*)$")

@dataclass
class HeaderBlock:
    """A recognised header block: lines [start, end) of the page or message text."""

    start: int
    end: int
    style: str
    fields: dict[str, str] = field(default_factory=dict)
    #: Printed as a two-column table (labels in one column, values beside them): how mail
    #: clients print a message's own header, never the headers quoted in its history.
    tabular: bool = False

    @property
    def sender(self) -> Address:
        return parse_person(self.fields.get("from", ""))

    @property
    def date_raw(self) -> str | None:
        return self.fields.get("sent") or self.fields.get("date")

    def recipients(self, which: str) -> list[Address]:
        return parse_address_list(self.fields.get(which, ""))


def label_of(line: str) -> tuple[str, str] | None:
    """(field, value) when a line is a header field, e.g. 'Se nt : Tue...' -> ('sent', 'Tue...').

    A redaction code printed between the label and its colon belongs to the
    value (it marks a blacked-out address), so it is kept at the value's end.
    """
    match = _LABEL_LINE.match(line)
    if not match:
        return None
    raw_label = match.group("label")
    compact = raw_label.replace(" ", "")
    if compact.lower() == "re" or (" " in raw_label and len(compact) < 4):
        return None  # "RE: something" is a subject's text; "T o" too short to trust
    for name, pattern in _CANONICAL:
        if pattern.match(compact):
            value = match.group("value").strip()
            code = REDACTION_CODE.search(match.group("junk"))
            if code:
                value = f"{value} {code.group(0)}".strip()
            return name, value
    return None


_LIST_FIELDS = {"to", "cc", "bcc", "attachments"}


# Email headers print the time of day; memos and forms with To:/From:/Date: lines
# (an I-247A detainer, a memorandum) print only the date.
_TIME_OF_DAY = re.compile(r"\d{1,2}\s?[:.;]\s?[0-5O]\d")


def _valid(fields: dict[str, str], tabular: bool = False) -> str | None:
    """The print style when the fields make a real header block, else None.

    A table of labels with a time of day is a header even when the sender's
    value is missing (OCR lost it): the message's sender is then unknown.
    """
    has_from = bool(fields.get("from")) or (tabular and "from" in fields)
    has_date = bool(_TIME_OF_DAY.search(fields.get("sent") or fields.get("date") or ""))
    has_to = "to" in fields or "subject" in fields
    if has_from and has_date and has_to:
        return "outlook" if "sent" in fields else "date-first"
    return None


#: A header table row as ``lib.ingest.layout`` writes it: the label, its colon, a tab.
TABLE_ROW = re.compile(r"^\s*[^\t:;]{1,24}[:;]\t")


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
        block = _labelled_block(lines, i) or _gmail_block(lines, i) or _notes_block(lines, i)
        if block:
            blocks.append(block)
            i = block.end
        else:
            i += 1
    return blocks


def _label_run_block(lines: list[str], start: int) -> HeaderBlock | None:
    """Labels printed in a run and their values in a run after them, paired in order.

    Text extraction without positions gives a two-column header table that
    way ("From:", "Sent:", "To:", "Subject:", then the four values). Only used
    where no positions marked the table (no tabs): positions pair each label
    with what is beside it, and a missing value stays missing.
    """
    labels = []
    i = start
    while i < len(lines) and "\t" not in lines[i]:
        found = label_of(lines[i])
        if not found or found[1] or found[0] in labels:
            break
        labels.append(found[0])
        i += 1
    if len(labels) < 3:
        return None
    values = []
    while i < len(lines) and len(values) < len(labels):
        if lines[i].strip():
            if label_of(lines[i]):
                return None
            values.append(clean_value(lines[i]))
        i += 1
    if len(values) < len(labels):
        return None
    fields = dict(zip(labels, values))
    style = _valid(fields)
    return HeaderBlock(start, i, style, fields) if style else None


def _labelled_block(lines: list[str], start: int) -> HeaderBlock | None:
    first = label_of(lines[start])
    if not first or first[0] not in ("from", "date", "sent"):
        return None
    run = _label_run_block(lines, start)
    if run:
        return run
    fields: dict[str, str] = {}
    table_rows = 0
    current = None
    i = start
    while i < len(lines):
        found = label_of(lines[i])
        if found:
            name, value = found
            if name in fields and fields[name]:
                break  # a second From:/Sent: starts the next block
            fields[name] = clean_value(value)
            table_rows += bool(TABLE_ROW.match(lines[i]))
            current = name
            i += 1
            continue
        if not lines[i].strip() and i + 1 < len(lines) and label_of(lines[i + 1]) and current:
            following = label_of(lines[i + 1])[0]
            if following not in fields:
                i += 1  # a blank line OCR set between two rows of one block
                continue
        if table_rows:
            # Positions joined most wrapped values to their rows already; a line they left
            # between two rows (wider spacing on a scan) still belongs to the row above.
            following = label_of(lines[i + 1]) if i + 1 < len(lines) else None
            if (lines[i].strip() and current in _LIST_FIELDS and following
                    and following[0] not in fields and following[0] not in ("from", "date", "sent")):
                fields[current] = f"{fields[current]} {clean_value(lines[i])}".strip()
                i += 1
                continue
            break
        if current and _looks_like_continuation(lines[i], current, fields[current]):
            fields[current] = f"{fields[current]} {clean_value(lines[i])}"
            i += 1
            continue
        if current == "subject" and not fields["subject"] and lines[i].strip():
            # Subject value printed on the line below its label (text order, no positions).
            fields["subject"] = clean_value(lines[i])
            i += 1
            continue
        break
    # A table when its first row is one and most rows are: an inline quoted block may still set
    # one value apart (a grey box pushes "(b)(6)" to the right), never its From line.
    tabular = bool(TABLE_ROW.match(lines[start])) and 2 * table_rows >= len(fields)
    style = _valid(fields, tabular)
    if not style:
        return None
    return HeaderBlock(start, i, style, fields, tabular)


def _next_filled(lines: list[str], i: int, limit: int = 2) -> int:
    """The index of the next non-blank line from ``i``, skipping at most ``limit`` blank lines."""
    skipped = 0
    while i < len(lines) and not lines[i].strip() and skipped < limit:
        i, skipped = i + 1, skipped + 1
    return i


def _gmail_block(lines: list[str], start: int) -> HeaderBlock | None:
    """'Jane Roe <jane.roe@x.gov>' + date (same or next line) + 'To:' within two lines.

    OCR may set blank lines between the parts (a scan's spacing): up to two are skipped.
    """
    sender = _GMAIL_SENDER.match(lines[start])
    if not sender:
        return None
    rest = sender.group("rest").strip()
    i = _next_filled(lines, start + 1)
    pending = None  # the To: line, when the date printed at the right of the page landed on it (a skewed scan)
    if rest and DATE_LINE.match(rest):
        date = rest
    elif i < len(lines) and DATE_LINE.match(lines[i]):
        date = lines[i].strip()
        i = _next_filled(lines, i + 1)
    elif i < len(lines) and "\t" in lines[i] and DATE_LINE.match(lines[i].rsplit("\t", 1)[1]):
        pending, date = (part.strip() for part in lines[i].rsplit("\t", 1))
    else:
        return None
    fields = {"from": f"{sender.group('name')} <{sender.group('addr')}>", "date": date}
    while i < len(lines):
        found = label_of(pending if pending is not None else lines[i])
        pending = None
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


# Lotus Notes prints labels without colons in a column of their own: "To", "cc", "bcc", "Subject".
_NOTES_LABEL = re.compile(r"^(?P<label>To|cc|bcc|Subject)(?:\s+(?P<value>.*))?$", re.IGNORECASE)


def _notes_cells(line: str) -> tuple[list[str], str | None, str]:
    """A Notes header line as (cells left of the label, label, the label's value)."""
    cells = [cell.strip() for cell in line.split("\t")]
    for n, cell in enumerate(cells):
        label = _NOTES_LABEL.match(cell)
        if label and (n > 0 or label.group("label").lower() == "subject" or len(cells) > 1):
            value = " ".join([label.group("value") or ""] + cells[n + 1:]).strip()
            return [c for c in cells[:n] if c], label.group("label").lower(), value
    return [c for c in cells if c], None, ""


def _notes_block(lines: list[str], start: int) -> HeaderBlock | None:
    """A Lotus Notes memo header: sender and date down the left, To/cc/bcc/Subject labels on the right.

    The sender ('Jane Roe/Unit/Org', or a name with its <address> on the next
    line) and the date come first in their column; the block ends with its
    Subject line. Labels carry no colons, so a block needs both its To and its
    Subject label beside a left column holding a time of day.
    """
    left, label, value = _notes_cells(lines[start])
    if label != "to" or not left:
        return None
    fields: dict[str, str] = {"to": value}
    left_column = [left]
    i = start + 1
    current = "to"
    while i < len(lines) and i < start + 12:
        left, label, value = _notes_cells(lines[i])
        if label:
            fields[label] = value
            current = label
        elif not lines[i].strip():
            break
        elif "\t" in lines[i] and len(left) > 1:
            left, value = left[:1], " ".join(left[1:])  # a left cell and the current field's wrapped value
            fields[current] = f"{fields[current]} {value}".strip()
        elif "\t" not in lines[i] and current == "subject":
            break
        left_column.append(left)
        i += 1
        if label == "subject":
            break
    left_text = [" ".join(cells) for cells in left_column if cells]
    date_index = next((n for n, text in enumerate(left_text) if _TIME_OF_DAY.search(text) and re.search(r"\d{1,4}[/.-]\d", text)), None)
    if date_index is None or "subject" not in fields or date_index == 0:
        return None
    fields["from"] = " ".join(left_text[:date_index])
    fields["date"] = left_text[date_index]
    fields = {name: clean_value(text) for name, text in fields.items()}
    return HeaderBlock(start, i, "lotus-notes", fields, tabular=True)


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
