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
