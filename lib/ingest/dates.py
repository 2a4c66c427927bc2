"""Parse the dates printed in email headers into tz-aware local timestamps.

Printed mail shows dates in many shapes ("Tuesday, April 11, 2017 3:42 PM",
"4/11/2017 3:42:10 PM", "Tue, 11 Apr 2017 15:42:10 -0400", Gmail's
"Tue, Apr 11, 2017 at 3:42 PM"). dateutil reads them; this module only cleans
what dateutil cannot (OCR digit swaps, Gmail's "at", zone abbreviations) and
places naive times in the release's local zone.
"""

from __future__ import annotations

import difflib
import re
import warnings
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
from dateutil import parser as dateutil_parser

from lib.core.schema import TIMEZONE

LOCAL_ZONE = ZoneInfo(TIMEZONE)

# US zone abbreviations dateutil does not know by itself.
_ZONES = {
    "EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
    "MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
}

# Inside a token that is mostly digits, OCR confuses these letters with digits.
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5"})
_DIGITISH = re.compile(r"(?<![A-Za-z])[0-9OolI|S]*[0-9][0-9OolI|S]*(?![A-Za-z])")
_AT = re.compile(r"\s+at\s+", re.IGNORECASE)
_PAREN_ZONE = re.compile(r"\((?:[A-Z]{2,5}|UTC[^)]*|GMT[^)]*)\)")
_SPACED_COLON = re.compile(r"(\d)\s*:\s*(\d)")
_EARLIEST = datetime(1990, 1, 1)
_LATEST = datetime(2100, 1, 1)


_NAMES = [name.lower() for name in (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")]
_WORD_PAIR = re.compile(r"\b([A-Za-z]{1,8}) ([A-Za-z]{1,8})\b")
_LONG_WORD = re.compile(r"\b[A-Za-z]{5,9}\b")
_GLUED_YEAR = re.compile(r"\b((?:19|20)\d\d)(\d{1,2}:\d\d)")  # "202015:21:22"
_SPLIT_MINUTE = re.compile(r"(\d{1,2}:\d) ([0-9OolI|])\b")  # "6:0 l AM"
_SPLIT_DAY = re.compile(r"(?<![\w:])([0-9OolI|]) ([0-9OolI|])(?=\s*,)")  # "April l 0, 2020"


def _mend_names(text: str) -> str:
    """Month and day names as OCR breaks them: 'Apri l', 'M onday', 'Februa ry', 'Febrnary'."""
    def join(match: re.Match) -> str:
        joined = match.group(1) + match.group(2)
        return joined if joined.lower() in _NAMES else match.group(0)

    def nearest(match: re.Match) -> str:
        word = match.group(0)
        if word.lower() in _NAMES:
            return word
        close = difflib.get_close_matches(word.lower(), _NAMES, n=1, cutoff=0.8)
        return close[0].capitalize() if close else word

    return _LONG_WORD.sub(nearest, _WORD_PAIR.sub(join, text))


def _repair(raw: str) -> str:
    text = _PAREN_ZONE.sub(" ", raw)
    text = _AT.sub(" ", _mend_names(text))
    text = _DIGITISH.sub(lambda m: m.group(0).translate(_OCR_DIGITS), text)
    text = _SPACED_COLON.sub(r"\1:\2", text)
    text = _GLUED_YEAR.sub(r"\1 \2", text)
    def joined(match: re.Match) -> str:
        return (match.group(1) + match.group(2)).translate(_OCR_DIGITS)

    text = _SPLIT_DAY.sub(joined, _SPLIT_MINUTE.sub(joined, text))
    return " ".join(text.replace(",", ", ").split()).replace(" ,", ",")


# dateutil fills missing parts from a default date; parsing with two different
# defaults shows whether the text itself gave a full date.
_DEFAULTS = (datetime(1901, 1, 1), datetime(1902, 2, 2))


# Dotted numeric dates ("11.04.2017") are written day first where they are used.
_DOTTED = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")


def _complete_parse(text: str) -> datetime | None:
    results = []
    dayfirst = bool(_DOTTED.search(text))
    for default in _DEFAULTS:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                results.append(dateutil_parser.parse(text, default=default, tzinfos=_ZONES, fuzzy=True,
                                                     dayfirst=dayfirst))
        except (ValueError, OverflowError, TypeError, LookupError):
            return None
    first, second = results
    if first.date() != second.date():
        return None  # no full date in the text
    return first


def _parse(text: str) -> pd.Timestamp | None:
    parsed = _complete_parse(text)
    if parsed is None:
        return None
    naive = parsed.replace(tzinfo=None)
    if not (_EARLIEST <= naive < _LATEST):
        return None
    stamp = pd.Timestamp(parsed)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(LOCAL_ZONE, ambiguous=True, nonexistent="shift_forward")
    return stamp.tz_convert(LOCAL_ZONE)


def parse_date(raw: str | None) -> pd.Timestamp | None:
    """A printed date as a timestamp in the local zone, or None if it cannot be read.

    Naive times are taken as local (the profile's time zone); times with an offset or
    zone are converted. Dates outside 1990-2100 are treated as misreads.
    """
    if raw is None:
        return None
    text = str(raw).strip()
    if not text or not re.search(r"\d", text):
        return None
    for candidate in dict.fromkeys((_repair(text), text)):
        stamp = _parse(candidate)
        if stamp is not None:
            return stamp
    return None


def date_was_mended(raw: str | None) -> bool:
    """Whether reading a printed date needed OCR repairs that changed what it says."""
    if raw is None or not str(raw).strip():
        return False
    text = str(raw).strip()
    if _repair(text) == " ".join(_AT.sub(" ", _PAREN_ZONE.sub(" ", text)).replace(",", ", ").split()).replace(" ,", ","):
        return False  # nothing but spacing, "at" and a zone name changed: no need to parse twice
    return _parse(text) != parse_date(raw)


#: A line that is only a date, as printed under a Gmail sender line.
DATE_LINE = re.compile(
    r"^\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?)?"
    r"(?:\s*\(?[A-Z]{2,5}\)?|\s*[+-]\d{4})?"
    r"(?:\s*\([^)]*ago\))?\s*$"
)
