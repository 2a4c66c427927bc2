"""Canonical forms of identifier values, so that one value written many ways compares equal.

"3/14/88", "03-14-1988" and "March 14, 1988" are one date; "A# 123-456-789"
and "123456789" one A-number; "45 BOWDOIN ST Apt 2" and "45 Bowdoin Street"
one address. ``VALUE_SHAPES`` and ``DATE_SHAPES`` find the values in a text.
"""

from __future__ import annotations

import re
from datetime import date

from .text import MONTH as _MONTH
from .text import MONTHS, digits, fold


def _year_options(text: str) -> list[int]:
    year = int(text)
    return [year] if len(text) == 4 else [1900 + year, 2000 + year]


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_number(text: str) -> int | None:
    key = fold(text).rstrip(".")[:3]
    for i, name in enumerate(MONTHS):
        if name.startswith(key):
            return i + 1
    return None


DATE_SHAPES = re.compile(
    r"(?<![\d/.\-])(?P<a>\d{1,2})\s*(?P<s>[/.\-])\s*(?P<b>\d{1,2})\s*(?P=s)\s*(?P<c>\d{4}|\d{2})(?![\d/.\-])"
    r"|(?<![\d/.\-])(?P<iy>(?:19|20)\d{2})(?P<is>[/.\-])(?P<im>\d{1,2})(?P=is)(?P<id>\d{1,2})(?![\d/.\-])"
    rf"|(?<![^\W\d_])(?P<mm>{_MONTH})\s*(?P<md>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*(?P<my>(?:19|20)\d{{2}})(?!\d)"
    rf"|(?<![\d])(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?[\s\-]*(?P<dm>{_MONTH})[\s,\-]*(?P<dy>\d{{4}}|\d{{2}})(?!\d)",
    re.IGNORECASE)


def date_values(match: re.Match) -> set[str]:
    """Every ISO date a written date can mean (month/day or day/month, 19xx or 20xx)."""
    found = set()
    if match.group("a"):
        a, b = int(match.group("a")), int(match.group("b"))
        for year in _year_options(match.group("c")):
            found |= {_iso(year, a, b), _iso(year, b, a)}
    elif match.group("iy"):
        found.add(_iso(int(match.group("iy")), int(match.group("im")), int(match.group("id"))))
    elif match.group("mm"):
        month = _month_number(match.group("mm"))
        found.add(_iso(int(match.group("my")), month, int(match.group("md"))) if month else None)
    elif match.group("dd"):
        month = _month_number(match.group("dm"))
        for year in _year_options(match.group("dy")):
            found.add(_iso(year, month, int(match.group("dd"))) if month else None)
    return {d for d in found if d}


def canonical_dates(text: str) -> set[str]:
    return {d for m in DATE_SHAPES.finditer(text) for d in date_values(m)}


#: Shapes of each value kind; a match is a leak when its canonical form is a known value.
VALUE_SHAPES = {
    "a_number": re.compile(r"(?<![0-9B-Zb-z])(?:\d{3}[\s.\-]?\d{3}[\s.\-]?\d{3}|\d{2}[\s.\-]?\d{3}[\s.\-]?\d{3})(?![\d])"),
    "phone": re.compile(r"(?<![\d])(?:\+?1[\s.\-]?)?(?:\(\s*\d{3}\s*\)|\d{3})[\s.\-]{0,2}\d{3}[\s.\-]?\d{4}(?![\d])"),
    "license": re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]{1,2}[\s\-]?)?\d{7,9}(?![A-Za-z0-9])"),
    "report": re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]{1,2}[\s\-#]?)?\d{6,10}(?![\d])"),
    "email": re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.IGNORECASE),
    "address": re.compile(r"(?<![\w\-/])(\d{1,5}[A-Za-z]?)(?:\s*-\s*\d{1,5}[A-Za-z]?)?[\s\u00a0]+"
                          r"((?:[^\W\d_][\w'’.\-]*[\s\u00a0]+){0,2}[^\W\d_][\w'’\-]*)"),
}

STREET_SUFFIXES = {"st", "street", "ave", "av", "avenue", "rd", "road", "blvd", "boulevard", "way", "pl", "place",
                   "ter", "terr", "terrace", "ct", "court", "dr", "drive", "ln", "lane", "pkwy", "parkway", "sq",
                   "square", "hwy", "highway", "row", "cir", "circle", "park", "wharf", "plaza", "hl", "hill"}


def canonical(kind: str, text: str) -> set[str]:
    """The canonical forms a value can take (several for an ambiguous date)."""
    if kind == "dob":
        return canonical_dates(text)
    if kind == "a_number":
        found = digits(text)
        return {found.zfill(9)} if len(found) in (8, 9) else set()
    if kind == "phone":
        found = digits(text)
        if len(found) == 11 and found.startswith("1"):
            found = found[1:]
        return {found} if len(found) == 10 else set()
    if kind == "license":
        found = re.sub(r"[^A-Za-z0-9]", "", text).upper()
        return {found} if 7 <= len(found) <= 11 and any(c.isdigit() for c in found) else set()
    if kind == "report":
        found = digits(text)
        return {found} if len(found) >= 6 else set()
    if kind == "email":
        found = text.strip().strip("<>[]()").lower().removeprefix("mailto:")
        return {found} if "@" in found else set()
    if kind == "address":
        return {key} if (key := address_key(text)) else set()
    return set()


def address_key(text: str) -> str | None:
    """'45 BOWDOIN ST Apt 2, Dorchester' -> '45 bowdoin': house number and the street's name."""
    match = VALUE_SHAPES["address"].search(text)
    if not match:
        return None
    words = [fold(w) for w in re.findall(r"[^\W\d_][\w'’\-]*", match.group(2))]
    name = [w for w in words if w.rstrip(".") not in STREET_SUFFIXES] or words
    return f"{match.group(1).lower()} {name[0]}" if name else None
