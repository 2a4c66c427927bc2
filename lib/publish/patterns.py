"""The second net: identifiers recognised by their shape and the words around them.

Entity offsets and the raw tables catch the identifiers the entity stage
found; these patterns catch the ones it missed. They are deliberately
narrow where a shape is common (a date is masked only after a birth cue, a
bare nine-digit number only near "alien") and broad where it is not (an
A-prefixed nine-digit number, a Massachusetts licence, a BPD incident number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import MONTH as _MONTH
from .text import Span, digits, unquoted

_DATE = (rf"(?:\d{{1,2}}\s*[/.\-]\s*\d{{1,2}}\s*[/.\-]\s*(?:\d{{4}}|\d{{2}})(?!\d)"
         rf"|(?:19|20)\d{{2}}[/.\-]\d{{1,2}}[/.\-]\d{{1,2}}(?!\d)"
         rf"|{_MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s*(?:19|20)\d{{2}}(?!\d)"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?[\s\-]*{_MONTH}[\s,\-]*(?:\d{{4}}|\d{{2}})(?!\d))")
_DOB_CUE = r"(?:\bD\.?\s?O\.?\s?B\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bb/d\b|\bborn\b(?:\s+on)?|\bYOB\b)"
_A_DIGITS = r"(?:\d{3}[\s.\-]?\d{3}[\s.\-]?\d{3}|\d{2}[\s.\-]?\d{3}[\s.\-]?\d{3}|\d{8,9})"

_STREET_SUFFIX = ("St|Street|Ave|Av|Avenue|Rd|Road|Blvd|Boulevard|Way|Pl|Place|Ter|Terr|Terrace|Ct|Court|Dr|Drive|"
                  "Ln|Lane|Pkwy|Parkway|Sq|Square|Hwy|Highway|Row|Cir|Circle|Park|Wharf|Plaza|Hl|Hill")
#: Words that start an institution's name, not a street's ("2 District Court cases").
_NOT_STREET = ("District|Superior|Municipal|Juvenile|Housing|Probate|Family|Land|Immigration|Federal|County|"
               "Supreme|Appeals|Police|Open|Pending|Prior|Separate|Different|Other|More|Of|The|And|In|At")
_S = r"[\s\u00a0]"
_UNIT = rf"(?:,?{_S}*(?i:apt|apartment|unit|suite|ste|fl|floor|rm|room|#)\.?{_S}*#?{_S}*[\w\-]{{1,5}}\b)"
_TOWN_WORD = rf"[A-Z][A-Za-z'’.\-]+,?{_S}+"
_TOWN = (rf"(?:,?{_S}+(?:{_TOWN_WORD}){{0,2}}?(?:MA|Mass\.?|Massachusetts)\b\.?(?:{_S}+\d{{5}}(?:-\d{{4}})?)?"
         rf"|,?{_S}+(?:{_TOWN_WORD}){{0,2}}\d{{5}}(?:-\d{{4}})?\b"
         rf"|,{_S}+(?:{_TOWN_WORD})?[A-Z][A-Za-z'’.\-]+(?={_S}*\((?i:apt|apartment|unit|#)))")
_UNIT_AFTER = rf"(?:{_S}*\((?i:apt|apartment|unit|#)[^)]{{0,8}}\))"


def _street(word: str, suffixes: str) -> str:
    """House number, one to three words of street name, a street suffix; then unit, town, zip if written."""
    return (rf"\d{{1,5}}[A-Za-z]?(?:\s*-\s*\d{{1,5}}[A-Za-z]?)?{_S}+(?:(?!(?i:{_NOT_STREET})\b){word}{_S}+){{1,3}}"
            rf"(?:{suffixes})\b\.?{_UNIT}?{_TOWN}?{_UNIT_AFTER}?")


#: A street address written in title case or in capitals, with its unit, town and zip where present.
_TITLE_WORD = r"[A-Z][A-Za-z'’.\-]*"
_CAPS_WORD = r"[A-Z][A-Z'’.\-]+"
ADDRESS = re.compile(rf"(?<![\w\-/])(?:{_street(_TITLE_WORD, _STREET_SUFFIX)}|{_street(_CAPS_WORD, _STREET_SUFFIX.upper())})")

#: Massachusetts trial court dockets ('1705CR002968': year, court, case type, number), Superior Court
#: ('SUCR2017-10234') and federal ('1:17-cr-10234-DJC') docket numbers.
_CASE_TYPES = "CR|CV|RO|AC|MH|SC|SP|JV|JD|YO|WR|PC|CL|SU|IN|BC|BP|DR|CI|CP|TR|MV|MI|JC|SM|CE|CH|SJ|CA"
_DOCKET = (rf"(?:\d{{2}}[\s\-]?\d{{2}}[\s\-]?(?:{_CASE_TYPES})[\s\-]?\d{{3,7}}"
           rf"|SU(?:CR|CV)[\s\-]?(?:19|20)?\d{{2}}[\s\-]?\d{{3,6}}(?:[\s\-]\d{{3}})?"
           rf"|\d{{1,2}}:\d{{2}}-(?:cr|cv|mj|mc|po)-\d{{3,6}}(?:-[A-Z]{{2,4}})?)")
#: A cue word, then '#', 'no.', 'number' or 'id' (or nothing), then the value ({cue} is filled in).
_NUMBER_CUE = r"\b(?:{cue})\s*(?:#|no\.?|num(?:ber)?\.?|id\.?)?\s*(?:is|was)?\s*[:#]?\s*"
#: An identifier after its cue: letters and digits with at least five digits ('17-012345', 'I172034567').
_ID_VALUE = r"(?P<v>(?=(?:[A-Z\-\s]{0,4}\d){5})[A-Z]{0,4}[\s\-]?\d[\dA-Z\-]{3,16}[\dA-Z])(?![\w\-])"


def _cued(cue: str) -> re.Pattern:
    """A cue word ('docket', 'booking'), then '#', 'no.', 'number' or nothing, then an identifier."""
    return re.compile(_NUMBER_CUE.replace("{cue}", cue) + _ID_VALUE, re.IGNORECASE)


@dataclass(frozen=True)
class Shape:
    kind: str
    regex: re.Pattern
    group: str | int = 0  # the part to mask: the value, not its cue


SHAPES = (
    Shape("dob", re.compile(rf"{_DOB_CUE}\s*(?:is|was|of|in|on)?\s*[:#\-–]?\s*(?P<v>{_DATE}|(?:19|20)\d{{2}}\b)",
                            re.IGNORECASE), "v"),
    Shape("a_number", re.compile(rf"(?<![\w])A(?:[\s\-]?#|-|:)?\s?{_A_DIGITS}(?![\w])")),
    Shape("a_number", re.compile(rf"(?:\balien\s+(?:registration\s+)?(?:number|no\.?|num|#|file)|\bA[\s\-]?(?:number|no\.?|num|file)\b)"
                                 rf"\s*(?:is|was)?\s*[:#\-]?\s*(?P<v>A?\s?{_A_DIGITS})(?![\w])", re.IGNORECASE), "v"),
    Shape("ssn", re.compile(r"(?<![\d\-])\d{3}-\d{2}-\d{4}(?![\d\-])")),
    Shape("license", re.compile(r"(?<![A-Za-z0-9])(?:S\d{8}|SA\d{7})(?![A-Za-z0-9])")),
    Shape("license", re.compile(r"(?:\blic(?:ense|ence)?\b\.?|\bOLN\b|\bD/?L\b|\bdriver'?s?\s+licen[cs]e\b)\s*(?:#|no\.?|number)?"
                                r"\s*[:#]?\s*(?:(?:MA|Mass\.?)\s+)?(?P<v>[A-Z]{0,2}\d{6,9})(?![A-Za-z0-9])", re.IGNORECASE), "v"),
    Shape("report", re.compile(r"(?<![A-Za-z0-9])I\d{9}(?![A-Za-z0-9])")),
    Shape("report", re.compile(r"(?:\bCC\b|\bC\.C\.|\bincident\b|\bcomplaint\b|\breport\b|\brpt\b\.?)\s*(?:#|no\.?|number|num)"
                               r"\s*[:#]?\s*(?P<v>[A-Z]?\d{6,10})(?![\w])", re.IGNORECASE), "v"),
    Shape("address", ADDRESS),
    # Case identifiers: a court docket, booking, warrant, PCF, SID or FBI number, a plate or a social media
    # account leads to the person as surely as a name (a docket number opens the court's public index).
    Shape("docket", re.compile(rf"(?<![\w\-/]){_DOCKET}(?![\w])", re.IGNORECASE)),
    Shape("docket", _cued(r"docket|case|indictment|complaint"), "v"),
    Shape("booking", _cued(r"booking|bkg|bk|arrest"), "v"),
    Shape("report", _cued(r"CC|C\.C\.|incident|report|rpt|CAD|event"), "v"),
    Shape("warrant", _cued(r"warrant|wms|wrnt|wt"), "v"),
    Shape("pcf", _cued(r"PCF|BOP|CORI|person\s+file"), "v"),
    Shape("sid", _cued(r"SID|state\s+id(?:entification)?|SBI"), "v"),
    Shape("fbi", _cued(r"FBI|UCN|FBI\s+ID"), "v"),
    Shape("ice_id", _cued(r"subject\s+ID|FINS|EID|EARM|IDENT"), "v"),
    Shape("ssn", re.compile(r"\b(?:SSN|SS\s?#|SS\s+no\.?|soc(?:ial)?\s+sec(?:urity)?(?:\s+(?:number|no\.?|#))?)\s*[:#]?\s*"
                            r"(?P<v>\d{3}[\s\-.]?\d{2}[\s\-.]?\d{4})(?!\d)", re.IGNORECASE), "v"),
    Shape("plate", re.compile(r"\b(?:plates?|reg(?:istration|\.)?|tag|MA\s+(?:PC|PL|reg)|veh(?:icle)?\s+reg)\s*"
                              r"(?:#|no\.?|number)?\s*[:#]?\s*(?:(?:MA|Mass\.?|[A-Z]{2})\s+)?"
                              r"(?P<v>(?=[A-Z0-9\s\-]{0,8}\d)(?=[A-Z0-9\s\-]{0,8}[A-Z]|\d{3,7}\b)"
                              r"[A-Z0-9]{1,4}(?:[\s\-]?[A-Z0-9]{1,4})?)(?![\w\-])"), "v"),
    Shape("handle", re.compile(r"(?<![\w.@/])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])")),
    Shape("handle", re.compile(r"(?:https?://)?(?:www\.|m\.)?(?:facebook|fb|instagram|twitter|x|tiktok|snapchat|"
                               r"linkedin|youtube)\.com/[\w.\-/@?=%]+", re.IGNORECASE)),
    Shape("handle", re.compile(r"\b(?:IG|FB|insta(?:gram)?|facebook|snap(?:chat)?|twitter|tiktok)\s*"
                               r"(?:handle|name|account|page|id)?\s*[:\-]\s*(?P<v>@?[A-Za-z0-9_.]{2,30})",
                               re.IGNORECASE), "v"),
)

PHONE = re.compile(r"(?<![\w\-])(?:\+?1[\s.\-]?)?(?:\(\s*\d{3}\s*\)|\d{3})[\s.\-]{0,2}\d{3}[\s.\-]?\d{4}"
                   r"(?:\s*(?:x|ext\.?|extension)\s*\d{1,5})?(?![\w\-])", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_BARE_NINE = re.compile(r"(?<![\w\-])\d{3}[\s\-]?\d{3}[\s\-]?\d{3}(?![\w\-])")
_ALIEN_CUE = re.compile(r"\balien\b|\bA[\s\-]?(?:number|no\.?|file|#)", re.IGNORECASE)
ALIEN_WINDOW = 60


@dataclass(frozen=True)
class Keep:
    """Values that look like identifiers but belong to officials at work, so they stay."""

    phones: frozenset[str] = frozenset()  # ten digits
    emails: frozenset[str] = frozenset()  # lower-case addresses
    domains: frozenset[str] = frozenset()  # agencies' mail domains

    def keeps_email(self, address: str, cut: bool = False) -> bool:
        """Whether an address is kept. ``cut``: the text shows only its beginning ('david.williams@ice.d...'
        where a table was truncated for display), so it is kept when some kept address begins with it."""
        address = address.lower()
        domain = address.rsplit("@", 1)[-1]
        parts = domain.split(".")
        if address in self.emails or any(".".join(parts[i:]) in self.domains for i in range(len(parts))):
            return True
        return cut and (any(kept.startswith(address) for kept in self.emails)
                        or any(kept.startswith(domain) for kept in self.domains))

    def keeps_phone(self, text: str) -> bool:
        found = digits(re.split(r"(?i)x|ext", text)[0])
        return found[-10:] in self.phones


#: Column headings of a table that say what its cells hold ('Name | DOB | Docket | Booking').
TABLE_COLUMNS = (
    ("name", r"(?:full\s+)?names?|subject|defendant|arrestee|inmate|detainee|person|alien|aka|alias"),
    ("dob", r"d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|born"),
    ("address", r"address|addr\.?|residence|home"),
    ("phone", r"phone|cell|tel\.?|telephone|mobile"),
    ("a_number", r"a\s?#|a-?number|a-?file|alien\s+(?:#|no\.?|number)"),
    ("docket", r"docket(?:\s+(?:#|no\.?|number))?|case\s+(?:#|no\.?|number)"),
    ("booking", r"booking(?:\s+(?:#|no\.?|number))?|bkg\s*#?"),
    ("report", r"cc\s*#?|incident(?:\s+(?:#|no\.?|number))?|report\s*(?:#|no\.?|number)?|rpt\.?\s*#?"),
    ("warrant", r"warrant(?:\s+(?:#|no\.?|number))?"),
    ("pcf", r"pcf\s*#?"), ("sid", r"sid\s*#?"), ("fbi", r"fbi\s*#?|ucn"), ("ssn", r"ssn|ss\s?#"),
    ("plate", r"plate|reg\.?|registration"), ("email", r"e-?mail"),
    ("handle", r"instagram|ig|facebook|fb|snapchat|twitter|tiktok|handle|social\s+media"),
)
_TABLE_HEADING = [(kind, re.compile(rf"\s*(?:{pattern})\s*:?\s*", re.IGNORECASE)) for kind, pattern in TABLE_COLUMNS]
#: A cell already masked or pseudonymised: '[DOB]', 'Person 017'.
_MASKED_CELL = re.compile(r"(?:\[[A-Z][A-Z\- ]*\]|Person\s+\d+)(?:[\s,;]+(?:\[[A-Z][A-Z\- ]*\]|Person\s+\d+))*")
_CELL_SEPARATOR = re.compile(r"\s*\|\s*|\t+|\s{3,}")


def table_cells(text: str) -> list[Span]:
    """Cells of a plain-text table under a heading that names an identifier ('DOB', 'Booking', 'Name').

    A table is a heading line split by '|', tabs or wide spacing with at least one such heading, and the lines
    below it split the same way; a blank line or a line that is not split ends it.
    """
    if "|" not in text and "\t" not in text and "   " not in text:
        return []
    spans: list[Span] = []
    kinds: list[str | None] | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        cells, cursor = [], 0
        for separator in _CELL_SEPARATOR.finditer(line.rstrip("\r\n")):
            cells.append((cursor, separator.start()))
            cursor = separator.end()
        cells.append((cursor, len(line.rstrip("\r\n"))))
        if len(cells) < 2:
            kinds = None
        elif kinds is None:
            found = [next((kind for kind, heading in _TABLE_HEADING if heading.fullmatch(line[a:b])), None)
                     for a, b in cells]
            # A heading line names two identifiers at least and holds no figures ('name   180 / 134' is data).
            kinds = found if sum(k is not None for k in found) >= 2 and not re.search(r"\d", line) else None
        else:
            for (start, end), kind in zip(cells, kinds):
                if kind is not None and line[start:end].strip() and not _MASKED_CELL.fullmatch(line[start:end].strip()):
                    spans.append(Span(offset + start, offset + end, kind))
        offset += len(line)
    return spans


def find_shapes(text: str, keep: Keep = Keep()) -> list[Span]:
    """Identifier-shaped values of anyone not kept: the second net behind the known identifiers."""
    if not text:
        return []
    text = unquoted(text)
    spans = table_cells(text)
    for shape in SHAPES:
        for match in shape.regex.finditer(text):
            spans.append(Span(match.start(shape.group), match.end(shape.group), shape.kind))
    for match in PHONE.finditer(text):
        if not keep.keeps_phone(match.group(0)):
            spans.append(Span(*match.span(), "phone"))
    for match in EMAIL.finditer(text):
        cut = text.startswith(("...", "…"), match.end())
        if not keep.keeps_email(match.group(0), cut=cut):
            spans.append(Span(*match.span(), "email"))
    # A bare nine-digit number is an A-number when "alien" (or "A-number", "A#") is close by.
    for match in _BARE_NINE.finditer(text):
        window = text[max(0, match.start() - ALIEN_WINDOW):match.end() + ALIEN_WINDOW]
        if _ALIEN_CUE.search(window):
            spans.append(Span(*match.span(), "a_number"))
    return spans
