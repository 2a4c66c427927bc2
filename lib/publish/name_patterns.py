"""Names as written: their words, given names and surnames, and the regexes for a name in its variants.

"Maria Garcia", "GARCIA, MARIA", "Garcia, Maria L.", "M. Garcia", "José"/"Jose".
Also the words that never count as a name alone (``ordinary_words``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import fold, strip_accents

#: Words before a name that are not part of it.
TITLES = {"mr", "mrs", "ms", "miss", "dr", "det", "detective", "sgt", "sergeant", "officer", "ofc", "po", "lt",
          "capt", "agent", "sa", "sdo", "do", "tfo", "atty", "attorney", "judge", "subject", "defendant",
          "suspect", "victim", "juvenile", "commissioner", "mayor", "councilor", "trooper", "jr", "sr", "ii", "iii",
          "fyi", "inmate", "detainee", "arrestee", "prisoner", "re", "fw", "fwd", "id", "no"}

#: Names that are also ordinary words (or places, months, agencies): never matched alone.
COMMON_WORDS = set("""
    will may june april august mark bill grace hope rose joy faith lane young king brown white black green gray
    grey street court police state city county ice dhs hsi ero boston street avenue park hill case jail office
    chase price rich long short sharp strong wise hunt fox wolf lamb bird fish bush wood woods field fields
    hall halls ward rice page penny chance dean major rob sue pat art ray sky star summer winter autumn dawn
    day night may march jan christian angel sunday monday tuesday wednesday thursday friday saturday
    st ave av rd blvd ct dr ln pl ter terr pkwy sq hwy cir hl road drive place terrace square highway
    boulevard parkway circle plaza wharf row way
    poss dist att viol op oui lic susp unlic veh mv dob aka
    north south east west love baker cook miller smith taylor carter mason porter turner walker dale glen
    guy norman frank earnest ernest rod jack don van von de la del los las da di le ben max august
    """.split())


@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """Words never taken for a lone name: the list above and spaCy's English stop words ('This', 'One')."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(COMMON_WORDS | {w.casefold() for w in STOP_WORDS})


#: A word of a written name: letters, with an apostrophe or hyphen inside ("O'Brien", "Lopez-Garcia").
NAME_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SPACE = r"[\s\u00a0_]+"
_NAME_SEP = r"[\s\u00a0_\-]+"


def _name_words(text: str) -> list[str]:
    """Words of a written name, without titles and single letters (initials are matched, not required)."""
    return [w for w in NAME_WORD.findall(text) if fold(w) not in TITLES and len(w) > 1]


def name_parts(name: str) -> tuple[list[str], list[str]] | None:
    """(given names, surnames) of a written name: 'GARCIA LOPEZ, Maria' -> (['Maria'], ['GARCIA', 'LOPEZ'])."""
    if "," in name:
        surname, _, given = name.partition(",")
        given_words, surname_words = _name_words(given), _name_words(surname)
        if given_words and surname_words:
            return given_words, surname_words
    words = _name_words(name)
    if not words:
        return None
    # Particles before the last word belong to the surname: 'Cristian de la Fuente', 'DE LA FUENTE'.
    from .lexicon import particles

    first_surname = len(words) - 1
    while first_surname > 0 and fold(words[first_surname - 1]) in particles():
        first_surname -= 1
    if first_surname == 0:
        return [], words
    return words[:first_surname], words[first_surname:]


def _word_pattern(word: str) -> str:
    """A word with or without its accents, with either apostrophe, hyphen or space inside."""
    forms = {word, strip_accents(word)}
    escaped = [re.escape(f).replace("'", "['’]?").replace("’", "['’]?").replace(r"\-", _NAME_SEP) for f in forms]
    return "(?:" + "|".join(sorted(escaped, key=len, reverse=True)) + ")"


def words_pattern(words: list[str]) -> str:
    return _NAME_SEP.join(_word_pattern(w) for w in words)


def full_name_patterns(given: list[str], surnames: list[str]) -> list[str]:
    """Regexes for a name written in full: 'First [M.] Last', 'Last, First [M.]', 'LAST FIRST', 'F. Last'."""
    first, middles = given[0], given[1:]
    middle = "".join(rf"(?:{_SPACE}(?:{_word_pattern(m)}|{re.escape(m[0])}\.?))?" for m in middles) \
        + rf"(?:{_SPACE}[A-Z]\.?)?"
    patterns = []
    surname_forms = [surnames] + ([[surnames[0]], [surnames[-1]]] if len(surnames) > 1 else [])
    for last in surname_forms:
        last_re = words_pattern(last)
        patterns += [
            _word_pattern(first) + middle + _SPACE + last_re,
            last_re + r"\s*,\s*" + _word_pattern(first) + middle,
            last_re + _SPACE + _word_pattern(first) + r"(?=\s*[\n,;(]|\s+[A-Z]\.?\s|$)",
        ]
    if len(surnames[-1]) >= 3:  # 'M. Garcia', case-sensitively: 'e.id' in code is no initial and surname
        patterns.append(rf"(?-i:{re.escape(first[0].upper())}\.\s?(?:{words_pattern(surnames)}|"
                        rf"{words_pattern([w.upper() for w in surnames])}))")
    return patterns


def alone_pattern(word: str) -> str:
    """A lone name, case-sensitively: capitalised or in capitals."""
    forms = {word[:1].upper() + word[1:], word.upper()}
    forms |= {strip_accents(f) for f in forms}
    return "(?:" + "|".join(re.escape(f).replace("'", "['’]").replace("’", "['’]") for f in sorted(forms)) + ")"
