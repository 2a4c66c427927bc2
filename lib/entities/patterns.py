"""Rule patterns for spaCy's EntityRuler.

Institutions (agencies, courts, facilities), record systems and form titles are
phrase patterns, matched on exact text with case variants generated here; their
``id`` is the canonical code. Everything else is a short list of token patterns:
the Matcher's cost grows with the number of token patterns, so each label has
few, with optional tokens and shared sets rather than one pattern per spelling.

A pattern whose ``id`` is ``VALUE`` matches a cue together with a value ("DOB
3/14/88", "alien number 123456789"); the refiner that runs after ``ner`` trims
such a match to the value and checks it. Names after titles ("Det. Jane Roe")
are matched by the refiner itself (``context_spans``), so a loose name pattern
never hides an agency or a court from the ruler.
"""

from __future__ import annotations

import itertools
import re

from lib.core.profile import active_profile

from .reference import Institutions

#: What is local (the state's words, the statute prefixes, local words) comes from the jurisdiction profile.
_PROFILE = active_profile()

#: Pattern id meaning "trim the cue words, keep the value".
VALUE = "VALUE"

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
MONTH_WORDS = sorted({*MONTHS, *(m[:3] for m in MONTHS), *(m[:3] + "." for m in MONTHS), "sept", "sept."})

US_STATES = ("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
             "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR").split()
STATE_WORDS = (*US_STATES, *_PROFILE.state.words)

STREET_SUFFIXES = ("st", "st.", "street", "ave", "ave.", "av", "avenue", "rd", "rd.", "road", "blvd", "blvd.",
                   "boulevard", "way", "pl", "pl.", "place", "ter", "ter.", "terr", "terrace", "ct", "ct.",
                   "court", "dr", "dr.", "drive", "ln", "ln.", "lane", "pkwy", "parkway", "sq", "sq.", "square",
                   "hwy", "highway", "row", "cir", "circle", "park", "wharf", "plaza", "hill")
UNIT_WORDS = ("apt", "apt.", "apartment", "unit", "#", "suite", "ste", "ste.", "fl", "fl.", "floor", "rm",
              "room", "bldg")

#: Titles written before a name.
PERSON_TITLES = (
    "Officer", "Ofc.", "Off.", "P.O.", "PO", "Police Officer", "Det.", "Detective", "Sgt.", "Sergeant",
    "Sgt. Det.", "Sergeant Detective", "Lt.", "Lieutenant", "Lt. Det.", "Lieutenant Detective", "Capt.",
    "Captain", "Commissioner", "Police Commissioner", "Supt.", "Superintendent", "Deputy Superintendent",
    "Deputy", "Chief", "Trooper", "Tpr.", "Special Agent", "Supervisory Special Agent", "SA", "SSA", "Agent",
    "Deportation Officer", "Supervisory Deportation Officer", "Supervisory Detention and Deportation Officer",
    "SDO", "DO", "SDDO", "IEA", "Immigration Enforcement Agent", "Group Supervisor", "GS",
    "Task Force Officer", "TFO", "ADA", "Assistant District Attorney", "District Attorney", "Attorney", "Atty.",
    "Judge", "Mayor", "Councilor", "Councillor", "City Councilor", "Sheriff", "Mr.", "Ms.", "Mrs.", "Dr.",
    "Director", "Field Office Director", "Deputy Field Office Director", "Acting Field Office Director",
    "Assistant Field Office Director", "Special Agent in Charge", "SAC", "U.S. Attorney", "State Rep.",
    "Representative", "Senator", "Governor", "Gov.", "Attorney General", "Inspector General", "General",
)
#: Words that name a role after a name and a comma: 'Todd M. Lyons, acting field office director'.
ROLE_AFTER_NAME = (
    "director", "spokesman", "spokeswoman", "spokesperson", "officer", "commissioner", "attorney", "sheriff",
    "agent", "councilor", "councillor", "judge", "detective", "sergeant", "lieutenant", "captain", "chief",
    "superintendent", "supervisor", "mayor", "governor", "senator", "representative", "secretary", "lawyer",
    "trooper", "clerk", "analyst", "manager", "president", "chair", "chairman", "chairwoman", "advocate",
)
ROLE_MODIFIERS = (
    "the", "a", "an", "acting", "former", "then", "interim", "deputy", "assistant", "associate", "communications",
    "field", "office", "u.s.", "us", "district", "police", "county", "state", "city",
    "special", "senior", "chief", "executive", "general", "immigration", "public", "information", "press",
    "supervisory", "deportation", "task", "force", "court", "department", "agency", "its", "his", "her",
    *_PROFILE.local_words.role_modifiers,
)
#: Capitalised words that follow a title but are not names ("Officer Safety", "Detective Unit").
NOT_NAME_WORDS = (
    "unit", "division", "bureau", "office", "department", "dept", "task", "force", "team", "operations",
    "county", "state", "city", "police", "court", "jail", "district", "area", "safety", "on",
    "duty", "re", "fw", "fwd", "ice", "ero", "hsi", "dhs", "cbp", "fbi", "usa", "us", "u.s.",
    "cc", "to", "from", "sent", "subject", "date", "dob", "the", "a", "an", "and", "of", "for", "in", "at",
    "please", "thanks", "thank", "hi", "hello", "good", "morning", "afternoon", "all", "sir",
    "mailbox", "inbox", "desk", "supervisor", "detective", "officer", "sergeant", "agent",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "i", "he", "she", "we",
    "they", "it", "this", "that", "if", "is", "was", "will", "can", "has", "had", "did", "who",
    "inmate", "fyi", "holding", "detainee", "prisoner", "defendant", "suspect", "victim", "witness", "male",
    "female", "arrested", "booked", "released", "attn", "urgent", "update", "info", "request", "release",
    "pickup", "not", "no", "yes", "see", "per", "also", "ok", "new", "old", "next", "last", "lives", "living",
    "across", "after", "before", "during", "since", "under", "over", "about", "among", "around", "through",
    "without", "within", "into", "despite", "following", "including", "regarding", "instead", "meanwhile",
    "however", "although", "because", "while", "when", "where", "there", "here", "then", "today", "yesterday",
    "id", "heads", "poss",
    *MONTHS,
)

#: Immigration forms by title, and the record systems officers query.
FORM_TITLES = {
    "Immigration Detainer - Notice of Action": "I-247A",
    "Immigration Detainer": "I-247A",
    "Warrant for Arrest of Alien": "I-200",
    "Warrant of Removal/Deportation": "I-205",
    "Warrant of Removal": "I-205",
    "Warrant of Deportation": "I-205",
    "Record of Deportable/Inadmissible Alien": "I-213",
    "Record of Deportable Alien": "I-213",
    "Notice to Appear": "I-862",
    "Board of Probation": "BOP",
    "Triple I": "III",
}
RECORD_SYSTEMS = ("NCIC", "BOP", "CJIS", "III", "QED", "EARM", "IDENT", "TECS", "N.C.I.C.",
                  *_PROFILE.local_words.record_systems)


class WordTest:
    """A yes/no test of a word's text, stored as a lexeme flag so the Matcher checks it natively.

    The Matcher pays for every set or regex test on every token it could start a
    match at; a flag is computed once per distinct word and then compared like
    ORTH. Instances are picklable, so the pipeline can run in several processes.
    """

    def __init__(self, words=(), regex: str | None = None, lower: bool = True):
        self.lower = lower
        self.words = frozenset(w.lower() if lower else w for w in words)
        self.regex = re.compile(regex) if regex else None

    def __call__(self, text: str) -> bool:
        if self.words and (text.lower() if self.lower else text) in self.words:
            return True
        return bool(self.regex and self.regex.match(text))


class Flags:
    """Pattern tokens for the word tests, by name, once the pipeline has assigned flag ids."""

    def __init__(self, ids: dict[str, int]):
        self.ids = ids

    def __call__(self, name: str, op: str | None = None) -> dict:
        token: dict = {f"FLAG{self.ids[name]}": True}
        if op:
            token["OP"] = op
        return token


def _in(attr: str, words, op: str | None = None) -> dict:
    token = {attr: {"IN": sorted(set(words))}}
    if op:
        token["OP"] = op
    return token


def _lower_in(words, op: str | None = None) -> dict:
    return _in("LOWER", {w.lower() for w in words}, op)


def _regex(pattern: str, op: str | None = None) -> dict:
    token = {"TEXT": {"REGEX": pattern}}
    if op:
        token["OP"] = op
    return token


def _optional(token: dict) -> dict:
    return {**token, "OP": "?"}


# -- institutions -----------------------------------------------------------------------------

_VARIANTS = (
    (r"\bU\.S\. ", ("U.S. ", "US ", "U.S ", "U. S. ", "United States ")),
    (r"\bDepartment\b", ("Department", "Dept.", "Dept", "Dep't")),
    (r" and ", (" and ", " & ")),
    (r"'s\b", ("'s", "’s", "s", "")),
    (r"\bStreet\b", ("Street", "St.", "St")),
    (r"\bHouse of Correction\b", ("House of Correction", "House of Corrections", "HOC")),
    (rf"\b{re.escape(_PROFILE.state.name)}\b", tuple(_PROFILE.state.name_variants)),
)
_SMALL_WORDS = {"of", "and", "the", "for", "in", "at", "on", "to"}


def alias_variants(alias: str, limit: int = 48) -> list[str]:
    """Spelling variants of an alias: 'U.S. Department ...' -> 'US Dept. ...', ..."""
    forms = [alias]
    for pattern, options in _VARIANTS:
        expanded = []
        for text in forms:
            pieces = re.split(f"({pattern})", text)
            choices = [(p,) if i % 2 == 0 else options for i, p in enumerate(pieces)]
            expanded.extend("".join(c) for c in itertools.product(*choices))
        forms = expanded[:limit]
    return sorted({" ".join(f.split()) for f in forms if f.strip()})


def case_variants(text: str) -> set[str]:
    """As written, lower, upper, and title case (with and without small words capitalised)."""
    words = text.split()
    titled = " ".join(w[:1].upper() + w[1:] for w in words)
    headline = " ".join(w if w.lower() in _SMALL_WORDS and i else w[:1].upper() + w[1:]
                        for i, w in enumerate(words))
    # 'Essex County sheriff's office', 'Newark police': the first words capitalised, the rest not.
    prefixes = {" ".join([*words[:k], *(w.lower() for w in words[k:])]) for k in range(1, len(words))}
    return {text, text.lower(), text.upper(), titled, headline, *prefixes}


def is_acronym(alias: str) -> bool:
    compact = re.sub(r"[.\-/&]", "", alias)
    return " " not in alias and compact.isupper() and len(compact) <= 8


#: Acronyms whose lower-case form is an everyday word, so only capitals count ("ice on the steps").
_WORD_ACRONYMS = {"ice", "cap", "bis", "do", "doc", "dol", "bop", "iii", "ada", "fot", "dea", "gs", "po", "dro",
                  "bsp", "dhs", "msp"}


def institution_patterns(institutions: Institutions) -> list[dict]:
    """AGENCY / COURT / FACILITY phrase patterns from the reference table, matched on exact text."""
    patterns = []
    for row in institutions.rows:
        forms: set[str] = set()
        for alias in {row.name, *row.aliases}:
            if is_acronym(alias):
                forms |= {alias, alias.replace(".", "")}
                if alias.lower() not in _WORD_ACRONYMS and len(alias) > 2:
                    forms.add(alias.lower())
            else:
                for variant in alias_variants(alias):
                    forms |= case_variants(variant)
        patterns += [{"label": row.label, "id": row.code, "pattern": form} for form in sorted(forms)]
    return patterns + generic_institution_patterns()


def generic_institution_patterns() -> list[dict]:
    """Institutions of any place, by their shape: 'Lynn District Court', 'Essex County Jail'."""
    place = {"IS_TITLE": True, "IS_ALPHA": True, "OP": "{1,3}"}
    return [
        {"label": "COURT", "pattern": [place, _in("ORTH", ["District", "Municipal", "Superior", "Juvenile",
                                                            "Housing", "Probate", "Family", "Immigration"]),
                                       {"ORTH": "Court"}]},
        {"label": "FACILITY", "pattern": [place, {"ORTH": "County"},
                                          _in("ORTH", ["Jail", "HOC", "House", "Correctional"]),
                                          _in("ORTH", ["of", "Correction", "Corrections", "Facility", "Center",
                                                       "Institution"], "{0,2}")]},
        {"label": "AGENCY", "pattern": [place, _optional({"ORTH": "County"}),
                                        _in("ORTH", ["Police", "Sheriff", "District"]),
                                        _in("ORTH", ["'s", "’s", "Attorney", "Attorney's"], "{0,2}"),
                                        _in("ORTH", ["Department", "Dept", "Dept.", "Dep't", "Office"])]},
    ]


# -- word tests -------------------------------------------------------------------------------

#: A date written as one token: 3/14/88, 03-14-1988, 1988-03-14, 14MAR1988.
DATE_TOKEN = (r"^(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{2}|\d{4})|(?:19|20)\d{2}[/.\-]\d{1,2}[/.\-]\d{1,2}"
              r"|(?i:\d{1,2}(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*(?:\d{2}|\d{4})))$")
LICENSE_VALUE = _PROFILE.licence_number.pattern
STATUTE_PREFIXES = tuple(_PROFILE.statutes.prefixes)
#: How a statute value is written in the entity table: (chapter format, section format).
STATUTE_FORMAT = (_PROFILE.statutes.canonical_chapter, _PROFILE.statutes.canonical_section)
DOB_CUES = ("dob", "d.o.b.", "d.o.b", "d/o/b", "dob.", "birthdate", "birthday", "b.d.", "born", "birth")
GREETINGS = ("hi", "hello", "hey", "dear", "thanks", "thank", "thx", "good", "morning", "afternoon", "cheers")
#: Statute chapters common enough in police email to be cited bare, as in '94C/32A' or '90/10'.
COMMON_CHAPTERS = tuple(_PROFILE.statutes.common_chapters)
TITLE_ACRONYMS = ("SA", "DO", "GS", "PO", "ADA", "IEA", "SDO", "SSA", "SDDO", "TFO", "SAC")


def title_words() -> set[str]:
    """Lower-cased words that make up the titles, with and without a final period ('sgt', 'sgt.')."""
    words = set()
    for title in PERSON_TITLES:
        for word in title.split():
            if word not in TITLE_ACRONYMS:
                words |= {word.lower(), word.lower().rstrip(".")}
    return words


def title_phrases() -> set[tuple[str, ...]]:
    """Each title as lower-cased words without periods: ('special', 'agent', 'in', 'charge')."""
    return {tuple(w.lower().rstrip(".") for w in title.split()) for title in PERSON_TITLES}


def word_tests() -> dict[str, WordTest]:
    """The named word tests the patterns use."""
    not_names = set(NOT_NAME_WORDS)
    return {
        "A_NUMBER": WordTest(regex=r"^A[-#]?\d{8,9}$"),
        "A_GROUP": WordTest(regex=r"^A\d{2,3}$"),
        "ALIEN_CUE": WordTest({"alien", "a-number", "anumber", "a-file", "a-no", "a-no.", "a#"}),
        "DIGITS_8_9": WordTest(regex=r"^\d{8,9}$"),
        "DIGITS_2_3": WordTest(regex=r"^\d{2,3}$"),
        "DOB_CUE": WordTest({*DOB_CUES, "date"}),
        "DATE": WordTest(regex=DATE_TOKEN),
        "MONTH": WordTest(MONTH_WORDS),
        "DAY": WordTest(regex=r"^\d{1,2}(?:st|nd|rd|th)?$"),
        "NUMBER_1_4": WordTest(regex=r"^\d{1,4}$"),
        "PHONE": WordTest(regex=r"^(?:\d{3}[-.]\d{3}[-.]\d{4}(?:x\d{1,5})?|[2-9]\d{9})$"),
        "PHONE_LAST": WordTest(regex=r"^\d{4}(?:x\d{1,5})?$"),
        "PHONE_TAIL": WordTest(regex=r"^\d{3}[-.]\d{4}$"),
        "LICENSE_CUE": WordTest({"license", "licence", "lic", "lic.", "dl", "oln", "d/l", "permit", "driver",
                                 "drivers", "driver's"}),
        "LICENSE": WordTest(regex=LICENSE_VALUE),
        "REPORT": WordTest(regex=r"^I\d{9}$"),
        "REPORT_CUE": WordTest({"cc", "incident", "complaint", "report", "rpt", "rpt."}),
        "REPORT_VALUE": WordTest(regex=r"^I?\d{9}$"),
        "FORM": WordTest(regex=r"^(?:[Ii]-\d{1,3}[A-Za-z]?|I\d{3}[A-Z]?)$"),
        "STATUTE_PREFIX": WordTest(STATUTE_PREFIXES),
        "CHAPTER_WORD": WordTest({"c", "c.", "ch", "ch.", "chap", "chap.", "chapter"}),
        "CHAPTER_GLUED": WordTest(regex=r"^(?i:c|ch|chap)\.?\d{1,3}[A-Za-z]?$"),
        "SLASH_CITATION": WordTest(regex=r"^\d{1,3}[A-Za-z]?/\d{1,3}[A-Za-z]{0,2}$"),
        "TITLE": WordTest({w for title in PERSON_TITLES if title.split()[0] not in TITLE_ACRONYMS
                           for w in (title.split()[0].lower(), title.split()[0].lower().rstrip("."))}),
        "TITLE_ACRONYM": WordTest(TITLE_ACRONYMS, lower=False),
        "NAME": _NameTest(not_names),
        "HEADER_CUE": WordTest({"from", "to", "cc", "bcc"}),
        "NAME_CUE": WordTest({"name", "defendant", "suspect", "arrestee", "aka", "a/k/a", "alias"}),
        "GREETING": WordTest(GREETINGS),
        "STREET_NAME": WordTest(regex=r"^(?:[A-Z][A-Za-z'’.\-]*|\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH))$"),
        "STREET_SUFFIX": WordTest(STREET_SUFFIXES),
        "PLACE": WordTest(regex=r"^[A-Z][a-z]+$"),
    }


def is_name_text(text: str) -> bool:
    """A capitalised word ('Roe', "O'Brien", 'Sánchez', 'GARCIA-LOPEZ') or an initial ('J.', 'J')."""
    if not text or not text[0].isupper() or not text[0].isalpha():
        return False
    if len(text) == 1 or (len(text) == 2 and text[1] == "."):
        return True
    return text[-1].isalpha() and all(ch.isalpha() or ch in "'’-" for ch in text)


class _NameTest(WordTest):
    """A capitalised word (or initial) that is not a common non-name word."""

    def __init__(self, not_names: set[str]):
        super().__init__()
        self.not_names = frozenset(not_names)

    def __call__(self, text: str) -> bool:
        return is_name_text(text) and text.lower() not in self.not_names


# -- forms and record systems -----------------------------------------------------------------

def form_patterns(flag: Flags) -> list[dict]:
    patterns = [
        {"label": "FORM", "pattern": [flag("FORM")]},
        {"label": "FORM", "pattern": [{"ORTH": "I"}, _optional({"ORTH": "-"}),
                                      _regex(r"^(?:200|203|205|213|216|247|247[ADNX]|286|862)$")]},
    ]
    patterns += [{"label": "FORM", "id": system.replace(".", ""), "pattern": system} for system in RECORD_SYSTEMS]
    for title, code in FORM_TITLES.items():
        patterns += [{"label": "FORM", "id": code, "pattern": form} for form in sorted(case_variants(title))]
    return patterns


# -- identifiers ------------------------------------------------------------------------------

_GAP = _in("LOWER", [":", "-", "#", ".", "=", "no.", "is"], "{0,2}")


def a_number_patterns(flag: Flags) -> list[dict]:
    three = {"SHAPE": "ddd"}
    dash = _optional(_in("ORTH", ["-", "–"]))
    grouped = [flag("DIGITS_2_3"), dash, three, dash, three]
    cue_words = _lower_in(["registration", "-", "number", "no", "no.", "#", "num", "file"], "{0,3}")
    patterns = [
        {"label": "A_NUMBER", "pattern": [flag("A_NUMBER")]},
        {"label": "A_NUMBER", "pattern": [flag("A_GROUP"), dash, three, dash, three]},
    ]
    for value in ([flag("DIGITS_8_9")], grouped):
        patterns.append({"label": "A_NUMBER", "pattern": [{"ORTH": "A"}, _GAP, *value]})
        patterns.append({"label": "A_NUMBER", "id": VALUE, "pattern": [flag("ALIEN_CUE"), cue_words, _GAP, *value]})
        patterns.append({"label": "A_NUMBER", "id": VALUE,
                         "pattern": [{"LOWER": "a"}, {"ORTH": "-"}, cue_words, _GAP, *value]})
    return patterns


def date_forms(flag: Flags) -> list[list[dict]]:
    """Token sequences of a full date (day, month and year)."""
    sep = _in("ORTH", ["-", "/", "."])
    year4 = _regex(r"^(?:19|20)\d{2}$")
    return [
        [flag("DATE")],
        [flag("NUMBER_1_4"), sep, flag("NUMBER_1_4"), sep, flag("NUMBER_1_4")],
        [flag("MONTH"), flag("DAY"), _optional({"ORTH": ","}), year4],
        [flag("DAY"), flag("MONTH"), _optional({"ORTH": ","}), year4],
    ]


def dob_patterns(flag: Flags) -> list[dict]:
    cue = [flag("DOB_CUE"), _lower_in(["of", "birth", "date", "on"], "{0,2}"),
           _lower_in([":", "-", "#", "=", "is", "(", "was", "listed", "given", "as", "of", "reads", "shows", "on",
                      "file"], "{0,4}")]
    return [{"label": "DOB", "id": VALUE, "pattern": cue + form} for form in date_forms(flag)]


def phone_patterns(flag: Flags) -> list[dict]:
    dash = _optional(_in("ORTH", ["-", ".", "–"]))
    extension = [_lower_in(["x", "ext", "ext.", "extension"], "?"), _optional({"ORTH": "."}),
                 _optional(_regex(r"^(?i:x|ext\.?)?\d{1,5}$"))]
    grouped = [{"SHAPE": "ddd"}, _optional({"ORTH": ")"}), dash, {"SHAPE": "ddd"}, dash, flag("PHONE_LAST")]
    return [
        {"label": "PHONE", "pattern": [*grouped, *extension]},
        {"label": "PHONE", "pattern": [{"ORTH": "("}, *grouped, *extension]},
        {"label": "PHONE", "pattern": [_in("ORTH", ["+1", "1"]), dash, _optional({"ORTH": "("}), *grouped,
                                       *extension]},
        {"label": "PHONE", "pattern": [flag("PHONE"), *extension]},
        {"label": "PHONE", "pattern": [_in("ORTH", ["+1", "1"]), dash, flag("PHONE"), *extension]},
        {"label": "PHONE", "pattern": [{"ORTH": "("}, {"SHAPE": "ddd"}, {"ORTH": ")"}, flag("PHONE_TAIL"),
                                       *extension]},
    ]


def email_patterns() -> list[dict]:
    return [{"label": "EMAIL", "pattern": [{"LIKE_EMAIL": True}]}]


def address_patterns(flag: Flags) -> list[dict]:
    """The street part: number, name, suffix. The refiner adds unit, city, state and ZIP."""
    return [{"label": "ADDRESS", "pattern": [
        {"LIKE_NUM": True}, _optional(_in("ORTH", ["-", "–"])), _optional(_regex(r"^\d{1,5}[A-Za-z]?$")),
        flag("STREET_NAME", "{1,4}"), flag("STREET_SUFFIX"), _optional({"ORTH": "."})]}]


#: The state's code and names in lower case, as they come between a licence cue and the number.
_STATE_LOWER = sorted({w.lower() for w in (_PROFILE.state.code, _PROFILE.state.name, *_PROFILE.state.words)})


def license_patterns(flag: Flags) -> list[dict]:
    fillers = _lower_in(["'s", "’s", "license", "licence", "lic", "lic.", "dl", "#", ":", "no", "no.", "number",
                         "num", ".", "-", "is", *_STATE_LOWER, "was"], "{0,4}")
    trailing = [_optional({"ORTH": "("}), _optional(_in("ORTH", _PROFILE.licence_number.state_after)),
                _lower_in(["dl", "license", "lic", "oln", "licence"])]
    # OCR reads the S of a scanned licence number as '$': 'NJ DL $96577015'.
    misread = [{"ORTH": "$"}, {"SHAPE": "dddd", "LENGTH": 8}]
    return [
        {"label": "LICENSE", "id": VALUE, "pattern": [flag("LICENSE_CUE"), fillers, flag("LICENSE")]},
        {"label": "LICENSE", "id": VALUE, "pattern": [flag("LICENSE_CUE"), fillers, *misread]},
        {"label": "LICENSE", "id": VALUE, "pattern": [_in("ORTH", _PROFILE.licence_number.state_before), fillers,
                                                      flag("LICENSE")]},
        {"label": "LICENSE", "id": VALUE, "pattern": [flag("LICENSE"), *trailing]},
    ]


def report_patterns(flag: Flags) -> list[dict]:
    return [
        {"label": "REPORT", "pattern": [flag("REPORT")]},
        {"label": "REPORT", "id": VALUE, "pattern": [
            flag("REPORT_CUE"),
            _lower_in(["report", "rpt", "rpt.", "#", ":", "no", "no.", "number", "num", ".", "-"], "{0,3}"),
            flag("REPORT_VALUE")]},
    ]


def statute_patterns(flag: Flags) -> list[dict]:
    comma = _optional({"ORTH": ","})
    more_prefix = flag("STATUTE_PREFIX", "{0,2}")
    chapter_number = _regex(r"^\d{1,3}[A-Za-z]?$")
    section_word = _lower_in(["§", "§§", "s", "s.", "ss.", "sec", "sec.", "section", "sect", "sect.",
                              "sections"])
    section_number = _regex(r"^\d{1,3}[A-Za-z]{0,2}(?:\(\w{1,3}\))*(?:\(\w{1,3})?$")
    glued_section = _regex(r"^(?i:s|§|sec)\.?\d{1,3}[A-Za-z]{0,2}(?:\(\w{1,3}\))*(?:\(\w{1,3})?$")
    closing = _optional({"ORTH": ")"})
    section = [comma, _in("ORTH", ["§", "§§"], "?"), section_word, _optional(_in("ORTH", [".", "§"])),
               section_number, closing]
    glued = [comma, glued_section, closing]
    chapters = ([flag("CHAPTER_WORD"), _optional({"ORTH": "."}), chapter_number], [flag("CHAPTER_GLUED")])
    prefixed = ([flag("STATUTE_PREFIX"), more_prefix, comma, flag("CHAPTER_WORD"), _optional({"ORTH": "."}),
                 chapter_number],
                [flag("STATUTE_PREFIX"), more_prefix, comma, flag("CHAPTER_GLUED")])
    patterns = []
    for chapter in chapters + prefixed:
        patterns.append({"label": "STATUTE", "pattern": [*chapter, *section]})
        patterns.append({"label": "STATUTE", "pattern": [*chapter, *glued]})
    patterns += [{"label": "STATUTE", "pattern": chapter} for chapter in prefixed]
    patterns.append({"label": "STATUTE", "pattern": [flag("STATUTE_PREFIX"), more_prefix, flag("SLASH_CITATION")]})
    patterns.append({"label": "STATUTE", "pattern": [flag("SLASH_CITATION")]})
    return patterns


# -- people -----------------------------------------------------------------------------------

def role_after_name_patterns(flag: Flags) -> list[list[dict]]:
    """A name followed by its role: 'Todd M. Lyons, acting field office director' (matched after ``ner``)."""
    return [[flag("NAME"), flag("NAME", "{1,3}"), {"ORTH": ","}, _lower_in(ROLE_MODIFIERS, "{0,4}"),
             _lower_in(ROLE_AFTER_NAME)]]


def person_patterns(flag: Flags) -> list[dict]:
    """Names after a title, a header label, a 'Name:' cue or a greeting (matched after ``ner``)."""
    more_titles = _in("LOWER", (title_words() - {"and", "of"}) | {"."} | {a.lower() for a in TITLE_ACRONYMS},
                      "{0,5}")
    names = [flag("NAME"), flag("NAME", "?"), flag("NAME", "?")]
    last_first = [flag("NAME"), {"ORTH": ","}, flag("NAME"), flag("NAME", "?")]
    return [
        {"label": "PERSON", "id": VALUE, "pattern": [flag("TITLE"), more_titles, *names]},
        {"label": "PERSON", "id": VALUE, "pattern": [flag("TITLE_ACRONYM"), more_titles, *names]},
        # Header lines quoted inside a body: 'From: Roe, Jane' / 'To: ... ; Smith, John'.
        {"label": "PERSON", "id": VALUE, "pattern": [flag("HEADER_CUE"), {"ORTH": ":"}, *last_first]},
        {"label": "PERSON", "id": VALUE, "pattern": [{"ORTH": ";"}, *last_first]},
        {"label": "PERSON", "id": VALUE, "pattern": [flag("NAME_CUE"), {"ORTH": ":"}, flag("NAME"),
                                                     _optional({"ORTH": ","}), flag("NAME"), flag("NAME", "?")]},
        # Salutations: 'Hi Greg', 'Thanks Kevin', 'Good morning Jane'.
        {"label": "PERSON", "id": VALUE, "pattern": [flag("GREETING"), _lower_in(["morning", "afternoon",
                                                                                   "evening", "you"], "?"),
                                                     flag("NAME"), flag("NAME", "?")]},
    ]


def all_patterns(institutions: Institutions, flag: Flags) -> list[dict]:
    return (institution_patterns(institutions) + form_patterns(flag) + a_number_patterns(flag)
            + dob_patterns(flag) + phone_patterns(flag) + email_patterns() + address_patterns(flag)
            + license_patterns(flag) + report_patterns(flag) + statute_patterns(flag))
