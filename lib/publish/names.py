"""The independent name detector: every span shaped like a person's name that is not publishable.

It does not use the entity tagger, so a name the tagger misses is still found here, and the leak check
that reads the published site with it does not share the tagger's blind spots. Hand-written, because no
library finds name-shaped spans by these rules against a release's own list of publishable names; the
word lists it reads come from packages (``lexicon``), the publishable names from data (``publishable``).

A text is read as runs of capitalised words ('Maria Lopez-Garcia', 'GARCIA LOPEZ', 'Jean-Pierre
O'Neil', 'Maria de la Cruz', 'Ana M. Ruiz'), with name particles and initials inside. Then:

1. officials, institutions and terms of two words or more are taken out of the text;
2. places are taken out of each run (``publishable`` says which and where);
3. the rest is split at English words that are no one's name ('Request', 'Detainer'), stop words,
   months, weekdays, header labels, acronyms and one-word institutions; leading titles ('Det.') are
   dropped, and a piece just before a street suffix ('Haney St') is a street;
4. a piece is a name when it has two words or more and one of them is a name that is not an English word
   ('Garcia', 'Christopher') or a word no list knows ('Quispe'), or it reads 'given name surname'
   ('Rose Young'); a lone word when it is a name that is not an English word and not an official's.
   Right after a cue ('run', 'booked', 'arrested', 'detainer for', 'Name:') or right before one ('DOB',
   'born', 'a/k/a', 'A#'), any name-like piece is a name, English word or not ('run Young Brown');
   in a subject line, any piece with a name or an unknown word in it.
5. 'LAST, First' and 'LAST, FIRST M.' are joined into one name.

When in doubt it masks: over-masking is cheaper than a leak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .lexicon import english_words, given_names, particles, suffixes, surnames, titles
from .publishable import PLACE, Publishable
from .text import LETTERS, MONTHS, Span, fold

STREET_SUFFIXES = {"st", "street", "ave", "avenue", "av", "rd", "road", "blvd", "boulevard", "way", "pl", "place",
                   "ter", "terr", "terrace", "ct", "court", "dr", "drive", "ln", "lane", "pkwy", "parkway", "sq",
                   "square", "hwy", "highway", "row", "cir", "circle", "park", "wharf", "plaza", "hill", "hl"}
#: Words that are never part of a name, whatever the lists say.
#: Months: a name too ('April', 'June', 'Jan'), so a date only beside a number ('April 11', '11 Apr 2017').
MONTH_WORDS = {*MONTHS, *(m[:3] for m in MONTHS), "sept"}
#: Street suffixes that are not also surnames ('Lane', 'Hill', 'Park' are).
_PLAIN_SUFFIXES = {"st", "street", "ave", "avenue", "av", "rd", "road", "blvd", "boulevard", "pl", "ter", "terr",
                   "terrace", "ct", "dr", "drive", "ln", "pkwy", "parkway", "sq", "square", "hwy", "highway", "cir",
                   "circle", "plaza", "wharf"}
NEVER_NAME = {
    "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "from", "sent", "to", "cc", "bcc", "subject", "date", "re", "fw", "fwd", "attachments", "importance",
    "dear", "hi", "hello", "hey", "thanks", "thank", "regards", "sincerely", "cheers", "respectfully",
    "apt", "unit", "suite", "am", "pm", "est", "edt", "ok", "okay", "email", "cell", "tel", "fax", "ext",
    "dob", "pcf", "sid", "fbi", "ssn", "ncic", "cori", "cjis", "person", *_PLAIN_SUFFIXES,
    "thx", "thnx", "tks", "pls", "plz", "fyi", "asap", "eta", "fwiw", "btw", "tia", "rgds",
    # Words of institutions and police work that are on the census list of surnames but name no one here.
    "police", "department", "dept", "county", "district", "station", "jail", "prison", "bureau", "agency",
    "detective", "officer", "sergeant", "trooper", "warrant", "detainer", "report", "incident", "booking",
    "custody", "probation", "parole", "immigration", "customs", "enforcement", "homeland", "security", "federal",
    "unit", "division", "office", "task", "force", "squad", "center", "centre", "arrestee", "detainee", "inmate",
    "defendant", "suspect", "victim", "juvenile",
}
_CUE_WORDS_BEFORE = (
    r"run|ran|running|re-?run|check|checked|checking|query|queried|booked|arrested|detained|apprehended|"
    r"encountered|picked\s+up|pick\s+up|arrest\s+of|detainer\s+(?:for|on)|lodged\s+(?:for|on)|i-?247a?\s+(?:for|on)|"
    r"inmate|defendant|detainee|arrestee|suspect|victim|named|name|full\s+name|aka|a/k/a|alias|known\s+as|"
    r"info\s+on|information\s+on|records?\s+(?:for|on)|hit\s+on|warrant\s+(?:for|on)|"
    r"(?:his|her)\s+(?:girlfriend|boyfriend|wife|husband|brother|sister|mother|father|son|daughter|cousin)")
#: A cue just before a name: 'Can you run ...', 'booked ...', 'detainer for ...', 'Name: ...', 'Subject GARCIA'
#: (but 'Subject:' is a header label).
CUE_BEFORE = re.compile(rf"(?:\b(?:{_CUE_WORDS_BEFORE})\b\.?[ \t]*[:#\-–]?|\b(?:subject|subj)\b\.?)[ \t]*$",
                        re.IGNORECASE)
#: A header label: what follows is a subject line or a list of people, read like one.
HEADER_BEFORE = re.compile(r"(?:^|\n)[ \t>]*(?:subject|re|to|cc|from)[ \t]*:[ \t]*(?:(?:re|fw|fwd)[ \t]*:[ \t]*)*$",
                           re.IGNORECASE)
#: A cue just after a name: '... DOB 3/4/88', '..., born', '... a/k/a', '... A# 123', '... (34)'.
CUE_AFTER = re.compile(
    r"^\s*[,;(\-–]?\s*(?:\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|born|b\.\s?\d|yob|a/k/a|aka|alias|"
    r"a\s?#|a-?number|a-?file|sid\b|fbi\b|ssn\b|age\b|dl\b|lic\b)|\(\s*\d{1,2}\s*\)|\d{1,2}\s*(?:yo|y/o|yrs?)\b)",
    re.IGNORECASE)
#: A street suffix right after a piece, on the same line or the next: the piece is a street's name.
STREET_AFTER = re.compile(r"[ \t]*(?:\r?\n[ \t>]*)?(?:" + "|".join(sorted(STREET_SUFFIXES, key=len, reverse=True))
                          + r")\b\.?(?![\w'’])", re.IGNORECASE)
#: Text that is never read for names: addresses, links and masks already written.
_SKIP = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+|\[[A-Z][A-Z\- ]*\]")
#: What may stand between two words of one run: one to three spaces; a full stop after an initial or title.
_GAP = re.compile(r"[ \t\u00a0]{1,3}|\.[ \t\u00a0]{0,2}")
#: What blanks out text the detector must not read (not a space, so no run is joined across it).
_BLANK = "\x1f"
_JOIN = re.compile(r"-|['’]")
_STEMS = (("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("ly", ""),
          ("er", ""), ("ers", ""), ("ment", ""), ("ments", ""), ("ness", ""))
NAME_LIKE = ("name", "unknown", "ambiguous")
#: Stop words that are also common first names: beside another name-like word they are one ('Will Price').
STOP_WORD_NAMES = {"will", "may"}


@dataclass(frozen=True)
class Word:
    """One written word: 'Lopez-Garcia' has the folded parts ('lopez', 'garcia')."""

    start: int
    end: int
    parts: tuple[str, ...]
    text: str

    @property
    def caps(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) > 1 and all(c.isupper() for c in letters)

    @property
    def lower(self) -> bool:
        return self.text.islower()


class NameShapes:
    """Finds name-shaped spans that are not publishable; see the module docstring."""

    def __init__(self, publishable: Publishable, ordinary: Iterable[str] = ()):
        """``ordinary``: words the release writes in lower case, often (``lower_case_words(texts, at_least=3)``)."""
        from spacy.lang.en.stop_words import STOP_WORDS

        self.publishable = publishable
        self.given = given_names()
        self.surnames = surnames()
        self.english = english_words()
        self.stop = {w.casefold() for w in STOP_WORDS}
        self.ordinary = {fold(w) for w in ordinary}
        self.particles = particles()
        self.titles = titles()
        self.suffixes = suffixes()
        self._kinds: dict[str, str] = {}

    # words ----------------------------------------------------------------------------------------
    def is_english(self, part: str) -> bool:
        """An English word, or an inflection of one ('charges', 'arrested', 'booking'), or a word the release
        writes in lower case in its prose, often ('held'). A name that is also one of these is ambiguous: it is
        masked beside another name-like word, not alone."""
        if part in self.english or part in NEVER_NAME or part in self.ordinary:
            return True
        for ending, replacement in _STEMS:
            if part.endswith(ending) and len(part) - len(ending) >= 3:
                stem = part[: len(part) - len(ending)] + replacement
                if stem in self.english or (len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in self.english):
                    return True
        return False

    def is_name_part(self, part: str) -> bool:
        return part in self.given or part in self.surnames

    def kind(self, word: Word) -> str:
        """'name', 'ambiguous' (a name and an English word), 'unknown', 'word', 'acronym' or 'initial'."""
        cache_key = word.text
        found = self._kinds.get(cache_key)
        if found is None:
            found = self._kind(word)
            self._kinds[cache_key] = found
        return found

    def _kind(self, word: Word) -> str:
        if len(word.parts) == 1 and len(word.parts[0]) == 1:
            return "initial" if word.text.isupper() else "word"
        if re.fullmatch(r"[A-Z]{2,5}s", word.text):
            return "acronym"  # 'IDs', 'ADAs', 'TFOs'
        if re.match(r"[^\W\d_]['’][^\W\d_]", word.text) and word.text[0].isupper():
            return "name"  # 'O'Neil', 'D'Souza', 'N'Diaye'
        parts = [p for p in word.parts if p not in self.particles] if len(word.parts) > 1 else list(word.parts)
        if not parts:
            return "word"
        if len(parts) > 1:  # 'Lopez-Garcia', 'O'Neil', 'Jean-Pierre': a name unless made of plain words ('Sign-in')
            plain = all(self.is_english(p) or p in self.publishable.single_words or p in self.stop
                        or p in self.titles for p in parts)
            names = {p for p in parts if self.is_name_part(p) and p not in self.stop and p not in NEVER_NAME
                     and p not in self.publishable.single_words}
            # A double surname capitalises each part ('Lopez-Garcia'); 'Public-records' and 'Follow-up' are
            # compounds of plain words, whatever surnames those words also are.
            compound = word.text[:1].isupper() and any(piece[:1].islower() for piece in re.split(r"[-‐]", word.text)[1:])
            return "word" if plain and (len(names) <= 1 or compound) else "name"
        part = parts[0]
        if part in NEVER_NAME or (part in self.stop and part not in STOP_WORD_NAMES):
            return "word"
        if part in self.publishable.single_words and part not in self.given:
            return "word"  # 'ICE', 'Toyota'; a first name ('Mercedes') stays a name
        english, named = self.is_english(part), self.is_name_part(part)
        if named:
            return "ambiguous" if english else "name"
        if english:
            return "word"
        if word.caps and len(part) <= 4:
            return "acronym"  # 'NCIC', 'BOLO'
        return "unknown"

    def _words(self, text: str) -> list[Word]:
        """Every word, with joined parts ('Lopez-Garcia', 'O'Neil', 'al-Hassan'); a possessive ''s' ends one."""
        words: list[Word] = []
        parts = list(LETTERS.finditer(text))
        i = 0
        while i < len(parts):
            j = i
            while j + 1 < len(parts) and _JOIN.fullmatch(text[parts[j].end():parts[j + 1].start()]):
                if text[parts[j].end()] in "'’" and parts[j + 1].group().islower() and len(parts[j + 1].group()) <= 2:
                    break  # 'Garcia's', 'don't'
                j += 1
            start, end = parts[i].start(), parts[j].end()
            words.append(Word(start, end, tuple(fold(p.group()) for p in parts[i:j + 1]), text[start:end]))
            i = j + 1
        return words

    def _runs(self, text: str) -> list[list[Word]]:
        """Maximal runs of capitalised words, with particles and initials inside, separated only by a gap.

        Officials, institutions and terms of two words or more are not part of any run.
        """
        runs: list[list[Word]] = []
        current: list[Word] = []
        words = self._words(text)
        carved = self.publishable.carve([w.parts for w in words])
        for word, publishable in zip(words, carved):
            if publishable:
                if current:
                    runs.append(current)
                current = []
                continue
            follows = text[word.end:word.end + 1]
            capital = word.text[:1].isupper() or (len(word.parts) > 1 and any(c.isupper() for c in word.text[:4]))
            if text.startswith(("...", "…"), word.end):
                capital = False  # 'Gar…': a word cut short by an excerpt is no word to judge
            if text[word.end:word.end + 1].isdigit() or text[word.start - 1:word.start].isdigit():
                capital = False  # 'P-0a4ba8b154', '3F': letters of a code or a number, not a name
            if len(word.text) == 1 and (follows not in ("", ".", " ", "\n", ",", "\t", "\r")
                                        or text[word.start - 1:word.start].isdigit()):
                capital = False  # 'I-247A', 'A#', '3F': a letter of a code, not an initial
            label = re.match(r"[ \t]*:", text[word.end:word.end + 3]) is not None
            if capital and label and self.kind(word) in ("word", "ambiguous") and word.parts[0] not in self.given:
                capital = False  # 'Gender:', 'Citizenship:': a form's label, not part of a name
            particle = word.lower and len(word.parts) == 1 and word.parts[0] in self.particles
            joined = bool(current) and self._joined(current[-1], text[current[-1].end:word.start])
            if capital or (particle and joined):
                if current and not joined:
                    runs.append(current)
                    current = []
                current.append(word)
            else:
                if current:
                    runs.append(current)
                current = []
        if current:
            runs.append(current)
        trimmed = []
        for run in runs:
            while run and run[-1].lower:  # a particle cannot end a run
                run = run[:-1]
            if run:
                trimmed.append(run)
        return trimmed

    def _joined(self, previous: Word, gap: str) -> bool:
        """Whether two words are one run: a space or one line break; a full stop only after an initial or title."""
        if _GAP.fullmatch(gap) is None:
            return False
        return not gap.startswith(".") or len(previous.text) == 1 or self.is_title(previous)

    def is_title(self, word: Word) -> bool:
        return len(word.parts) == 1 and word.parts[0] in self.titles

    # pieces -----------------------------------------------------------------------------------------
    def _places(self, run: list[Word]) -> list[bool]:
        """Which words of a run belong to a place kept there (see ``publishable``)."""
        parts: list[str] = []
        offsets: list[int] = []
        for word in run:
            offsets.append(len(parts))
            parts += word.parts
        ends = set(offsets[1:]) | {len(parts)}
        carved = [False] * len(run)
        index = 0
        while index < len(run):
            length, kind = self.publishable.place_at(parts, offsets[index], ends)
            if not length:
                index += 1
                continue
            last = offsets.index(offsets[index] + length) if offsets[index] + length in offsets else len(run)
            neighbours = [self._beside(run, index, -1), self._beside(run, last - 1, 1)]
            neighbours = [w for w in neighbours if w is not None]
            # A city of the world, or a country or local place that is also someone's name ('Chelsea',
            # 'Jordan'), stands for a place only with no name-like word beside it: 'Chelsea, MA', not
            # 'Chelsea Jackson' or 'Jordan Smith'.
            person_like = kind != PLACE and last - index == 1 and any(map(self.is_name_part, run[index].parts))
            if (kind != PLACE and not person_like) or not any(self.kind(w) in NAME_LIKE for w in neighbours):
                for covered in range(index, last):
                    carved[covered] = True
            index = last
        return carved

    def _beside(self, run: list[Word], index: int, step: int) -> Word | None:
        """The nearest word before (``step`` -1) or after (+1) ``run[index]`` that is no initial or particle."""
        index += step
        while 0 <= index < len(run) and (self.kind(run[index]) == "initial" or run[index].lower):
            index += step
        return run[index] if 0 <= index < len(run) else None

    def _pieces(self, run: list[Word]) -> list[list[Word]]:
        """The run without places, English and never-name words, leading titles and street names."""
        carved = self._places(run)
        pieces: list[list[Word]] = []
        current: list[Word] = []
        for index, word in enumerate(run):
            kind = self.kind(word)
            if carved[index] or kind == "word":
                street = len(word.parts) == 1 and word.parts[0] in STREET_SUFFIXES and not carved[index]
                if current and not street:
                    pieces.append(current)
                current = []
            elif self.is_title(word) and not any(map(self.is_name_part, word.parts)):
                if current:  # 'Det.', 'Sgt.' before a name; a new name after it ('Kyle Det. Love')
                    pieces.append(current)
                current = []
            else:
                current.append(word)
        if current:
            pieces.append(current)
        return pieces

    def _named(self, piece: list[Word]) -> list[Word]:
        """A piece's words that say whose name it is: no particles, initials or suffixes."""
        return [w for w in piece if not (w.lower and w.parts[0] in self.particles)
                and self.kind(w) != "initial" and not (len(w.parts) == 1 and w.parts[0] in self.suffixes)]

    def _is_name(self, piece: list[Word], cue: str | None, before: str = "") -> bool:
        """Whether a piece is a name; ``before``: the text just before it (a house number makes it a street)."""
        # Acronyms ('MV', 'NCIC') stay inside a piece but say nothing about it: 'ANAY BHAKTA' is a name by BHAKTA.
        words = [w for w in self._named(piece) if self.kind(w) != "acronym"]
        if not words:
            return False
        kinds = [self.kind(w) for w in words]
        if cue in ("street", "date"):  # 'Haney St', 'Boyd\nSt', 'Conway Place': a street; 'April 11': a date
            return False
        house_number = re.search(r"\d[A-Za-z]?[ \t]+$", before) is not None
        if (len(words) > 1 and words[-1].parts[-1] in STREET_SUFFIXES and cue != "strong"
                and (words[0].parts[0] not in self.given or house_number)):
            return False  # 'Haney Lane', '62 King Court': a street; 'Grace Lane' is a name
        if cue == "strong":
            return any(k in NAME_LIKE for k in kinds)
        if cue == "header":
            return any(k in ("name", "unknown") for k in kinds) or (
                len(words) > 1 and words[0].parts[0] in self.given and words[-1].parts[-1] in self.surnames)
        if all(len(w.parts) == 1 and w.parts[0] in self.publishable.official_words for w in words):
            return False  # 'Dennis Dennis F.', 'Thx Kyle': officials' names as they sign
        core = [w for w in words if self.kind(w) != "ambiguous" or w.parts[0] in self.given]
        if len(core) == 1 and len(core[0].parts) == 1 and core[0].parts[0] in self.publishable.official_words \
                and words.index(core[0]) == len(words) - 1:
            words = core  # 'Ask Dunphy': an English word before an official's surname ('Jordan Smith' stays a name)
        if len(words) == 1:
            word = words[0]
            official = len(word.parts) == 1 and word.parts[0] in self.publishable.official_words
            short_caps = word.caps and len(word.text) <= 3  # 'LE', 'BOS': a code more often than a name
            return kinds[0] == "name" and not official and not short_caps
        if any(k in ("name", "unknown") for k in kinds):
            return True
        if all(w.caps for w in words):  # 'WHITE MARIA': in capitals the surname often comes first
            return any(w.parts[0] in self.given for w in words) and any(w.parts[-1] in self.surnames for w in words)
        return words[0].parts[0] in self.given and words[-1].parts[-1] in self.surnames

    def _cue(self, text: str, piece: list[Word], subject: bool) -> str | None:
        start, end = piece[0].start, piece[-1].end
        if STREET_AFTER.match(text, end) and not CUE_AFTER.match(text[end:end + 30]):
            return "street"
        if len(piece) == 1 and piece[0].parts[0] in MONTH_WORDS and (
                re.match(r"[\s.,\-]*\d", text[end:end + 4])
                or re.search(r"\d[\s.,\-]*$", text[max(0, start - 4):start])):
            return "date"
        if CUE_BEFORE.search(text, max(0, start - 40), start) or CUE_AFTER.match(text[end:end + 30]):
            return "strong"
        if subject or HEADER_BEFORE.search(text, max(0, start - 40), start):
            return "header"
        return None

    def find(self, text: str, *, subject: bool = False) -> list[Span]:
        """Name-shaped spans of ``text`` that are not publishable. ``subject``: the text is a subject line."""
        if not text or not any(c.isupper() for c in text):
            return []
        blank = _SKIP.sub(lambda m: _BLANK * len(m.group()), text)
        spans: list[Span] = []
        runs = self._runs(blank)
        for run in runs:
            for piece in self._pieces(run):
                if self.publishable.kind_of(tuple(p for w in piece for p in w.parts)) is not None:
                    continue
                piece = self._trim(piece)
                before = blank[max(0, piece[0].start - 8):piece[0].start]
                cue = self._cue(blank, piece, subject)
                if self._is_name(piece, cue, before):
                    first, last = run.index(piece[0]), run.index(piece[-1])
                    if cue == "strong":
                        last = self._reach(blank, run, last)
                    first, last = self._widen(run, first, last)
                    spans.append(Span(first.start, last.end, "name"))
        # 'GARCIA, MARIA' / 'Garcia Lopez, Maria L.': a surname run, a comma, a run that opens with a given name.
        for left, right in zip(runs, runs[1:]):
            left = self._trim(left)
            if re.fullmatch(r"[ \t]*,[ \t]*", blank[left[-1].end:right[0].start]) and self._last_first(left, right):
                spans.append(Span(left[0].start, right[-1].end, "name"))
        return spans

    def _trim(self, piece: list[Word]) -> list[Word]:
        """Without a leading English word in title case that is no first name ('Holding RAFAEL DA COSTA',
        'Ask Dunphy'): a sentence's first word, not a surname written first (that is written in capitals)."""
        while (len(piece) > 1 and not piece[0].caps and self.kind(piece[0]) == "ambiguous"
               and piece[0].parts[0] not in self.given and self.kind(piece[1]) in NAME_LIKE + ("initial",)):
            piece = piece[1:]
        return piece

    def _reach(self, text: str, run: list[Word], last: int) -> int:
        """A name at a cue ('run ...', '... DOB') takes in the rest of its run to the right, words that are
        also English included ('Aage Downs-Downs'); places, titles, codes and the cue itself stay out."""
        carved = self._places(run)
        while (last + 1 < len(run) and not carved[last + 1] and not self.is_title(run[last + 1])
               and self.kind(run[last + 1]) != "acronym" and not CUE_AFTER.match(text[run[last + 1].start:])):
            last += 1
        return last

    def _widen(self, run: list[Word], first: int, last: int) -> tuple[Word, Word]:
        """A name in capitals takes in the first names in capitals beside it, stop words as they may be
        ('NGUYỄN VĂN AN')."""
        if all(w.caps for w in run[first:last + 1]):
            while last + 1 < len(run) and run[last + 1].caps and run[last + 1].parts[0] in self.given:
                last += 1
            while first > 0 and run[first - 1].caps and run[first - 1].parts[0] in self.given \
                    and not self.is_title(run[first - 1]):
                first -= 1
        return run[first], run[last]

    def _last_first(self, left: list[Word], right: list[Word]) -> bool:
        """Whether two runs either side of a comma read 'SURNAME, Given': surnames in capitals, or name-like
        words, then a first name or an unknown word; never a publishable name, title or never-name word."""
        if any(self.publishable.carve([w.parts for w in left + right])):
            return False
        left, right = self._named(left), self._named(right)
        if not left or not right or len(left) > 3 or len(right) > 3:
            return False
        if self.publishable.kind_of(tuple(p for w in left for p in w.parts)) is not None:
            return False  # 'Boston, Maria' is a place and a name
        plain = lambda w: (w.parts[0] in NEVER_NAME or self.is_title(w) or w.parts[0] in self.stop  # noqa: E731
                           or w.parts[0] in MONTH_WORDS)
        if any(plain(w) for w in left + right[:1]):
            return False
        first = right[0]
        given = first.parts[0] in self.given or self.kind(first) in ("name", "unknown")
        if all(w.caps for w in left):
            return given
        # In mixed case, a surname that is also an English word ('Best, Kyle') needs a first name that is
        # neither an English word nor an official's.
        kinds = [self.kind(w) for w in left]
        if any(k in ("name", "unknown") for k in kinds):
            return given and all(k in NAME_LIKE for k in kinds)
        official = len(first.parts) == 1 and first.parts[0] in self.publishable.official_words
        return given and all(k in NAME_LIKE for k in kinds) and self.kind(first) in ("name", "unknown") and not official
