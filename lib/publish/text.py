"""Text basics every publication check shares: folded forms of a word, digits, months, and a span of text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
#: A run of letters: the parts of a name word ('O', 'Brien' of "O'Brien").
LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Span:
    """Where an identifier occurs in a text."""

    start: int
    end: int
    kind: str
    person_id: str | None = None


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form: 'José O’Brien' -> 'jose o'brien'."""
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in text if not unicodedata.combining(ch)))


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


#: Quote markers opening the lines of a quoted reply ('> ', '>> ').
_QUOTE_MARKERS = re.compile(r"^[ \t]*>[> \t]*", re.MULTILINE)


def unquoted(text: str) -> str:
    """``text`` with the quote markers that open its lines turned to spaces, the same length, so a value
    broken over two quoted lines ('Lives 84\n>> HEBERT TERRACE') is found whole at the same offsets."""
    return _QUOTE_MARKERS.sub(lambda m: " " * len(m.group()), text) if ">" in text else text
