"""Whether two printings are one message, and why: sender, subject, text and time as releases print them.

The same email reaches a release as a mail file, as a printed page and inside
later messages' quoted history. Its copies agree on sender and text, but not
always on the rest: a client prints the time to the minute, rounded in one and
truncated in another ("9:36 AM" and "9:35 AM" for 09:35:42); a converter that
takes a time in the wrong zone shifts it by whole hours; signatures,
confidentiality notices, "Sent from my iPhone" and line wraps come and go. Two
printings match when they have the same sender, the same subject or one
without, the same text once those are set aside, and a time within a minute,
or whole hours apart to within a minute. Short texts ("Thanks.", "OK") match
only in the same minute: the same sender says them again and again.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pandas as pd

from lib.core.addresses import display_name
from lib.core.schema import cell_text
from lib.ingest.redaction_marks import REDACTION_MARK

#: Texts at least this alike (difflib ratio) are one text printed twice (OCR slips, a redaction here and not there).
NEAR_DUPLICATE_RATIO = 0.9
#: Printed times are to the minute, rounded or truncated: copies may differ by one.
MINUTE_SLACK = 1
#: A time taken in the wrong zone is off by whole hours: UTC against any US zone, and beyond.
MAX_ZONE_HOURS = 14
#: Texts with fewer words than this match only in the same minute, and never as part of a longer text.
SHORT_TEXT_WORDS = 6

_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|sv)\s*:\s*)+", re.IGNORECASE)
_QUOTE_MARKS = re.compile(r"^(?:\s*>)+ ?", re.MULTILINE)
#: "-- ": the signature separator of RFC 3676; what follows it is a signature.
_SIGNATURE_SEPARATOR = re.compile(r"^--\s*$", re.MULTILINE)
#: A line that closes a message ("Thanks,", "V/r", "-Kyle"): a signature block follows the last one.
_CLOSING = re.compile(
    r"^\s*(?:(?i:thanks|thank you|thx|regards|best|best regards|kind regards|v/r|vr|respectfully|sincerely"
    r"|cheers)[,.!]?|[-\u2013\u2014] ?[A-Z][\w'.]*)\s*$")
#: A signature block below a closing line: at most this many lines, short, none a sentence
#: ("Det. Jane Roe", "Office: 617-555-0101"; not "Also send the I-247.").
SIGNATURE_LINES = 12
_SENTENCE = re.compile(r"^\S+(?:\s+\S+){2,}[.?!]$")
#: What a phone or mail client adds under a message, and the notices agencies append: a paragraph
#: is cut where one begins (paragraphs are read whole, so however the lines wrap).
_APPENDED = re.compile(
    r"\b(?:sent (?:from|via|using) (?:my |the )?(?:iphone|ipad|android|blackberry|samsung|galaxy|mobile|"
    r"smartphone|phone|verizon|t-mobile|at&t|sprint|outlook|mail for|yahoo|aol|windows)"
    r"|get outlook for (?:ios|android)"
    r"|confidentiality (?:notice|statement|note|warning)"
    r"|privileged (?:and|&) confidential"
    r"|(?:warning|notice|caution|disclaimer)\s*:\s*this (?:e-?mail|message|document|communication|transmission)"
    r"|this (?:e-?mail|message|communication|transmission)(?: and any (?:attachments?|files?)[^.]{0,60}?)?"
    r" (?:is|are|may|contains?)\b[^.]{0,120}?(?:intended|confidential|privileged)"
    r"|if you (?:have )?received this (?:e-?mail|message|communication|transmission)[^.]{0,20}? in error)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def normalise_subject(subject: str | None) -> str:
    """Subject without reply/forward prefixes, case and spacing: threads share it."""
    return " ".join(_REPLY_PREFIX.sub("", cell_text(subject)).lower().split())


def comparable_text(text: str | None) -> str:
    """A message's words as its copies share them: lower case, one space apart.

    Quote markers, redaction marks and line wraps are set aside; so are the
    signature below "-- " or below the last closing line ("Thanks,", "V/r",
    "-Kyle"), and from where each begins to its paragraph's end, client stamps
    ("Sent from my iPhone") and confidentiality notices.
    """
    text = _QUOTE_MARKS.sub("", cell_text(text).replace("\r\n", "\n"))
    separator = _SIGNATURE_SEPARATOR.search(text)
    if separator:
        text = text[:separator.start()]
    lines: list[str] = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        flat = " ".join(paragraph.split())
        appended = _APPENDED.search(flat)
        lines += ([flat[:appended.start()]] if appended else paragraph.split("\n")) + [""]
    return " ".join(_WORD.findall(REDACTION_MARK.sub(" ", "\n".join(_without_signature(lines))).lower()))


def _without_signature(lines: list[str]) -> list[str]:
    """Lines above the last closing line that has text above it and a signature block (or nothing) below."""
    for i in range(len(lines) - 1, 0, -1):
        if _CLOSING.match(lines[i]) and any(line.strip() for line in lines[:i]):
            below = [line.strip() for line in lines[i + 1:] if line.strip()]
            if len(below) <= SIGNATURE_LINES and not any(len(line) > 80 or _SENTENCE.match(line) for line in below):
                return lines[:i]
            return lines
    return lines


@dataclass(frozen=True)
class TextMatch:
    """How two comparable texts agree: 'same', 'within' (the shorter inside the longer) or 'alike'."""

    how: str
    ratio: float
    short: bool  # the shorter text has fewer than SHORT_TEXT_WORDS words

    def describe(self) -> str:
        return {"same": "text", "within": "text (one within the other)"}.get(
            self.how, f"text ({self.ratio:.0%} alike)")


def compare_texts(a: str, b: str) -> TextMatch | None:
    """How two ``comparable_text`` results agree, or None when they are different texts."""
    shorter, longer = sorted((a, b), key=len)
    short = len(shorter.split()) < SHORT_TEXT_WORDS
    if a == b:
        return TextMatch("same", 1.0, short)
    if not shorter:
        return None
    if not short and f" {shorter} " in f" {longer} ":
        return TextMatch("within", len(shorter) / len(longer), short)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < NEAR_DUPLICATE_RATIO or matcher.quick_ratio() < NEAR_DUPLICATE_RATIO:
        return None
    ratio = matcher.ratio()
    return TextMatch("alike", ratio, short) if ratio >= NEAR_DUPLICATE_RATIO else None


@dataclass(frozen=True)
class TimeMatch:
    """Two printed times that can be one sending: ``hours`` of zone shift and ``minutes`` of rounding."""

    apart: int  # minutes from the first time to the second
    hours: int
    minutes: int

    @property
    def exact(self) -> bool:
        return self.apart == 0

    def describe(self) -> str:
        if self.exact:
            return "same minute"
        if not self.hours:
            return f"sent {abs(self.apart)} min apart (rounding)"
        if not self.minutes:
            return f"{abs(self.hours)} h apart (time zone)"
        return f"{abs(self.apart) // 60} h {abs(self.apart) % 60} min apart ({abs(self.hours)} h time zone, rounding)"


def time_match(a: int | None, b: int | None) -> TimeMatch | None:
    """Whether two times (whole minutes, see ``minute_of``) can be one sending, and how far apart."""
    if a is None or b is None:
        return None
    apart = b - a
    hours = round(apart / 60)
    minutes = apart - 60 * hours
    if abs(minutes) > MINUTE_SLACK or abs(hours) > MAX_ZONE_HOURS:
        return None
    return TimeMatch(apart, hours, minutes)


_WINDOW = [60 * hour + offset for hour in sorted(range(-MAX_ZONE_HOURS, MAX_ZONE_HOURS + 1), key=abs)
           for offset in sorted(range(-MINUTE_SLACK, MINUTE_SLACK + 1), key=abs)]


def window(minute: int) -> list[int]:
    """The minutes a copy of a message sent at ``minute`` may be printed at, nearest first."""
    return [minute + offset for offset in _WINDOW]


def minute_of(stamp) -> int | None:
    """A timestamp as whole minutes since 1970 (UTC), truncated as printed times are; None when undated."""
    if stamp is None or pd.isna(stamp):
        return None
    return int(pd.Timestamp(stamp).timestamp() // 60)


@dataclass(frozen=True, slots=True)
class Printing:
    """What one printing says of its message, short of its text: who, when (minute) and about what."""

    sender: str | None
    sender_name: str | None
    minute: int | None
    subject: str  # normalised; '' when none is printed

    @classmethod
    def of(cls, sender, sender_name, sent_at, subject) -> "Printing":
        return cls(cell_text(sender) or None, cell_text(sender_name) or None, minute_of(sent_at),
                   normalise_subject(subject))

    def may_be(self, other: "Printing") -> bool:
        """Same sender and no other subject: what is checked before texts are read."""
        if self.subject and other.subject and self.subject != other.subject:
            return False
        return same_sender((self.sender, self.sender_name), (other.sender, other.sender_name))


def explain_match(a: Printing, b: Printing, text_a: str, text_b: str) -> str | None:
    """Why printings ``a`` and ``b`` (texts from ``comparable_text``) are one message, or None.

    Undated printings match only each other, on the same subject.
    """
    if not a.may_be(b):
        return None
    if a.minute is None and b.minute is None:
        if a.subject != b.subject:
            return None
        when = None
    else:
        when = time_match(a.minute, b.minute)
        if when is None:
            return None
    text = compare_texts(text_a, text_b)
    if text is None or (text.short and when is not None and not when.exact):
        return None
    agreeing = "same sender, subject and " if a.subject and b.subject else "same sender and "
    return f"{agreeing}{text.describe()}; {when.describe() if when else 'both undated'}"


def _name_tokens(sender, sender_name) -> tuple[set[str], bool]:
    """Lower-case name parts from a display name, or from an address's local part (the flag)."""
    name = display_name(cell_text(sender_name)) or ""
    tokens = set(re.findall(r"[a-z]{2,}", name.lower()))
    if not tokens and cell_text(sender):
        return set(re.findall(r"[a-z]{2,}", cell_text(sender).split("@")[0].lower())), True
    return tokens, False


def same_sender(a: tuple, b: tuple) -> bool:
    """Whether two (address, display name) pairs can be the same person.

    Printed headers show an address, a name or both, so a quote of a message
    may name its sender differently from the message's own printing.
    """
    (address_a, name_a), (address_b, name_b) = a, b
    address_a, address_b = cell_text(address_a).lower(), cell_text(address_b).lower()
    if address_a and address_b:
        return address_a == address_b
    (tokens_a, local_a), (tokens_b, local_b) = _name_tokens(address_a, name_a), _name_tokens(address_b, name_b)
    if not tokens_a or not tokens_b:
        return False
    smaller, larger = sorted((tokens_a, tokens_b), key=len)
    if smaller <= larger:
        return True
    if local_a == local_b:
        return False  # two names must share their parts
    # A local part abbreviates: 'den.mcconaghy' against 'Dennis McConaghy' (but 'ann.lee' is not 'Joanne Leeds').
    local, name = (tokens_a, tokens_b) if local_a else (tokens_b, tokens_a)
    return len(local) >= 2 and all(any(part.startswith(token) for part in name) for token in local)


__all__ = ["Printing", "TextMatch", "TimeMatch", "comparable_text", "compare_texts", "explain_match",
           "minute_of", "normalise_subject", "same_sender", "time_match", "window"]
