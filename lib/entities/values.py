"""Canonical values of matched spans: the same fact written two ways gets one value.

Each function takes the span's text and returns the canonical string, or None
when the text is not a valid value of that kind (a DOB of 13/45/88).
"""

from __future__ import annotations

import re
from datetime import date

from .patterns import FORM_TITLES, MONTHS, STATUTE_FORMAT

_MONTH_NUMBER = {name[:3]: i + 1 for i, name in enumerate(MONTHS)}
_FORM_BY_TITLE = {title.lower(): code for title, code in FORM_TITLES.items()}


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def a_number(text: str) -> str | None:
    """'A# 123-456-789', 'alien number 12345678' -> 'A123456789' (eight digits are zero-padded)."""
    found = digits(text)
    if len(found) not in (8, 9):
        return None
    return "A" + found.zfill(9)


def report_number(text: str) -> str | None:
    """'CC# 172034567', 'I172034567' -> 'I172034567'."""
    found = digits(text)
    return "I" + found if len(found) == 9 else None


def license_number(text: str) -> str | None:
    """'S12345678', 'SA1234567', nine digits; a leading '$' is an S misread by OCR."""
    text = text.strip()
    if text.startswith("$"):
        text = "S" + text[1:]
    value = re.sub(r"[^A-Za-z0-9]", "", text).upper()
    return value if re.fullmatch(r"S\d{8}|SA\d{7}|\d{9}", value) else None


def phone(text: str) -> str | None:
    """'(617) 343-4444 ext. 12' -> '617-343-4444 x12'."""
    parts = re.split(r"(?i)\s*(?:x|ext\.?|extension)\s*(?=\d)", text, maxsplit=1)
    main = digits(parts[0])
    ext = digits(parts[1]) if len(parts) > 1 else ""
    if len(main) == 11 and main.startswith("1"):
        main = main[1:]
    if len(main) != 10:
        return None
    value = f"{main[:3]}-{main[3:6]}-{main[6:]}"
    return f"{value} x{ext}" if ext else value


def email(text: str) -> str | None:
    value = text.strip().strip("<>[]()").lower()
    if value.startswith("mailto:"):
        value = value[len("mailto:"):]
    return value if "@" in value else None


def form(text: str) -> str | None:
    """'I-247a', 'I 247A', 'Warrant of Removal' -> 'I-247A', 'I-205'; record systems upper-cased."""
    compact = " ".join(text.split())
    titled = _FORM_BY_TITLE.get(compact.lower())
    if titled:
        return titled
    number = re.fullmatch(r"(?i)i\s*-?\s*(\d{1,3}[a-z]?)", compact)
    if number:
        return "I-" + number.group(1).upper()
    return compact.replace(".", "").upper()


def statute(text: str) -> str | None:
    """'c90 s10', '<laws> 90/10', 'chapter 265, section 15A' -> the profile's canonical form ('<laws> c. 90 § 10').

    The form is the profile's ``statutes.canonical_chapter`` and ``canonical_section``.
    """
    parts = statute_parts(text)
    if parts is None:
        return None
    chapter, section = parts
    value = STATUTE_FORMAT[0].format(chapter=chapter)
    return value + STATUTE_FORMAT[1].format(section=section) if section else value


def statute_parts(text: str) -> tuple[str, str | None] | None:
    """'c90 s10', '90/10', 'chapter 265, section 15A' -> ('90', '10'), ('265', '15A'); a chapter alone: (ch, None)."""
    compact = " ".join(text.split())
    slash = re.search(r"(\d{1,3}[A-Za-z]?)/(\d{1,3}[A-Za-z]{0,2})", compact)
    if slash:
        chapter, section = slash.group(1), slash.group(2)
    else:
        found = re.search(r"(?i)(?:\bc|\bch|\bchap|\bchapter)\.?\s*(\d{1,3}[A-Za-z]?)\b", compact)
        if not found:
            return None
        chapter = found.group(1)
        rest = compact[found.end():]
        sec = re.search(r"(?i)(?:§+|\bss?\b\.?|\bsec(?:tions?|t)?\b\.?|\bs(?=\d))\s*\.?\s*"
                        r"(\d{1,3}[A-Za-z]{0,2}(?:\(\w{1,3}\)?)*)", rest)
        section = sec.group(1) if sec else None
    if section:
        section = section.upper() if re.fullmatch(r"\d+[a-zA-Z]{0,2}", section) else section
        if section.count("(") > section.count(")"):
            section += ")"
    return chapter.upper(), section or None


def _year(text: str, today: date) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if 2000 + year <= today.year else 1900
    return year


def date_of_birth(text: str, today: date | None = None) -> str | None:
    """A written date -> ISO 'YYYY-MM-DD', or None when it is not a possible birth date."""
    today = today or date.today()
    compact = " ".join(text.replace(",", " ").split())
    month = day = year = None
    found = re.fullmatch(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})", compact)
    if found:
        month, day, year = int(found.group(1)), int(found.group(2)), _year(found.group(3), today)
    found = found or re.fullmatch(r"((?:19|20)\d{2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})", compact)
    if found and year is None:
        year, month, day = int(found.group(1)), int(found.group(2)), int(found.group(3))
    if not found:
        named = (re.fullmatch(r"(?i)([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s+((?:19|20)\d{2})", compact)
                 or None)
        if named:
            month, day, year = _MONTH_NUMBER.get(named.group(1).lower()), int(named.group(2)), int(named.group(3))
        else:
            named = re.fullmatch(r"(?i)(\d{1,2})(?:st|nd|rd|th)?\s*([a-z]{3})[a-z]*\.?\s*(\d{2}|\d{4})", compact)
            if not named:
                return None
            day, month, year = int(named.group(1)), _MONTH_NUMBER.get(named.group(2).lower()), \
                _year(named.group(3), today)
    try:
        born = date(year, month or 0, day)
    except (TypeError, ValueError):
        return None
    if not (1900 <= born.year and born <= today):
        return None
    return born.isoformat()


def whitespace(text: str) -> str:
    return " ".join(text.split())
