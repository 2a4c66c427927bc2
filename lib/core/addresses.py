"""Correspondents as printed in a header: 'Roe, Jane M. (PD) [E] <jane.roe@pd.example.gov>' -> name, address,
unit, or a redaction.

No library reads these: ``email.utils`` parses RFC 5322 addresses, not what OCR makes of a printed one
(spaced '@', grey-box debris, FOIA exemption codes, status marks), so this is hand-written. The ingest uses it
to read headers, and every analysis to recognise the same correspondent under the spellings of a release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import getaddresses

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+\s?@\s?[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# Spaces inside the brackets are OCR damage ("marc.groogan @ pd. city.gov"); clean_email removes them.
_ANGLE = re.compile(r"[<\[]\s*(?:mailto:)?\s*([^<>\[\]@]+?@[^<>\[\]@]+?)\s*[>\]]", re.IGNORECASE)

_TITLES = re.compile(
    r"^(?:(?:sgt|det|lt|capt|cpt|officer|ofc|po|dep|supt|supv|sdo|ddo|do|sa|agent|mr|mrs|ms|dr|insp|sergeant|detective"
    r"|lieutenant|captain|deputy|superintendent)\.?\s+)+",
    re.IGNORECASE,
)


#: A FOIA exemption code as printed, "(b)(6)", and as OCR reads the grey box it labels:
#: "CbH6J>", "(b)( >", "Cb_)_C_. 6l", "(b=)=(6)".
REDACTION_CODE = re.compile(r"[(\[{C]\s?b(?=[\s)\]}H>(<_~=\-.:\"'0-9]|$)[\s)\]}H>(<C_~=\-.:\"'`^0-9SJl|!]{0,12}")
#: Debris OCR reads off grey boxes and rules: runs of dashes, tildes, equals signs and stray marks.
BOX_DEBRIS = re.compile(r"(?<![\w@])[-=~_.,'\"!`^:|*]{3,}(?:[A-Za-z]?[-=~_.,'\"!`^:|*]{2,})*")
#: An agency employee's status mark after a name: [E], [C], and OCR's [El, [E), (E], {E].
STATUS_MARK = re.compile(r"[\[({]\s?[ECG]\s?(?:[\])}lJ|1~X](?![a-z])|(?=\s|$|;|,))")
#: The organisation and unit printed with a name: "(NIH/NIAID)", "{NIH/N IAID)", "EOP/OVP".
UNIT = re.compile(r"[({]\s*(?P<paren>[A-Z0-9][A-Za-z0-9 .]*(?:/\s*[A-Za-z0-9 .]+)+)\s*[)}]"
                  r"|(?<![\w/])(?P<bare>[A-Z]{2,}(?:/[A-Z0-9]{2,})+)(?![\w/])")
# Degrees and honours after a name ("Barton Haynes, M.D.", "Chen, Huabiao, M.D.").
_DEGREES = re.compile(r"(?:,\s*|\s+)(?:M\s?\.?\s?D\.?|Ph\.?\s?D\.?|M\.?\s?B\.?|Ch\.?\s?B\.?|MPH|M\.?S\.?N?|RN|Esq\.?|"
                      r"J\.?D\.?|FAAN|FACP)(?=\s*(?:,|$))", re.IGNORECASE)


#: A Lotus Notes hierarchical name: 'Penny Gonzalez/Records/SCSD@SCSD'.
_NOTES_NAME = re.compile(r"\b(?P<name>[A-Z][\w'.-]*(?: [A-Za-z][\w'.-]*){1,4})(?P<units>(?:/[A-Za-z][\w&-]*)+)(?:@[\w-]+)?")


def clean_value(text: str | None) -> str:
    """A header value without OCR box debris and doubled spaces (redaction codes kept)."""
    return " ".join(BOX_DEBRIS.sub(" ", text or "").split())


@dataclass(frozen=True)
class Address:
    """One correspondent as printed: display name and/or email address, unit, or a redaction."""

    name: str | None
    email: str | None
    unit: str | None = None  # "NIH/NIAID" from "Fauci, Anthony (NIH/NIAID) [E]"
    redacted: bool = False  # blacked out: only an exemption code where the person was

    def label(self) -> str:
        """The address where shown, else the name: what the message table lists."""
        return self.email or self.name or ("(redacted)" if self.redacted else "")


def clean_email(text: str) -> str:
    """Lower-case an address and remove spaces OCR puts around '@' and dots."""
    return re.sub(r"\s*([@.])\s*", r"\1", text.strip().strip("'\"<>[]().,;")).lower()


def display_name(raw: str | None) -> str | None:
    """A display name as 'First Last': 'Roe, Jane M. (PD)' -> 'Jane M. Roe'.

    Units, status marks, redaction codes, degrees and titles are dropped:
    'Fauci, Anthony (NIH/NIAID) [E]' -> 'Anthony Fauci', 'Barton Haynes, M.D.' -> 'Barton Haynes'.
    """
    if not raw:
        return None
    name = REDACTION_CODE.sub(" ", clean_value(raw))
    if "," not in name:  # 'Last, First UNIT/SUB' is not a Notes name
        name = _NOTES_NAME.sub(r"\g<name>", name)
    name = STATUS_MARK.sub(" ", UNIT.sub(" ", name))
    name = re.sub(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}", " ", name)
    name = name.replace('"', " ").replace("<", " ").replace(">", " ")
    name = re.sub(r"(?<![A-Za-z])'|'(?![A-Za-z])", " ", name).strip(" ,;:")  # keep O'Loughlin
    name = " ".join(part for part in name.split() if not part.isdigit())
    while True:
        shorter = _DEGREES.sub("", name).strip(" ,")
        if shorter == name:
            break
        name = shorter
    if not name or "@" in name or not re.search(r"[A-Za-z]{2}", name):
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


def unit_of(raw: str | None) -> str | None:
    """The organisation/unit printed with a name: 'Fauci, Anthony (NIH/NIAID) [E]' -> 'NIH/NIAID'."""
    notes = _NOTES_NAME.search(clean_value(raw)) if "," not in (raw or "") else None
    if notes:
        return notes.group("units").lstrip("/")
    match = UNIT.search(clean_value(raw))
    if not match:
        return None
    return re.sub(r"\s+", "", match.group("paren") or match.group("bare")) or None


def is_redacted(raw: str | None) -> bool:
    """Whether a value holds a redaction code and nothing else that could name a person."""
    text = clean_value(raw)
    if not REDACTION_CODE.search(text):
        return False
    rest = REDACTION_CODE.sub(" ", text)
    return not re.search(r"[A-Za-z]{2}", re.sub(r"\b(?:redacted|b|mailto)\b", " ", rest, flags=re.IGNORECASE))


def parse_person(text: str) -> Address:
    """'Roe, Jane <jane.roe@pd.city.gov>', 'jane.roe@x.gov', 'Jane Roe', '(b)(6)' -> Address."""
    text = clean_value(text)
    if not text:
        return Address(None, None)
    if is_redacted(text):
        return Address(None, None, redacted=True)
    unit = unit_of(text)
    angle = _ANGLE.search(text)
    if angle:
        email = clean_email(angle.group(1))
        name = display_name(text[: angle.start()] + " " + text[angle.end():])
        return Address(name, email, unit)
    bare = _EMAIL.search(text)
    if bare:
        rest = (text[: bare.start()] + text[bare.end():]).strip()
        return Address(display_name(rest), clean_email(bare.group(0)), unit)
    return Address(display_name(text), None, unit)


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
