"""Massachusetts charges: find them in free text and say how serious they are.

Public API:

- ``classify(text)``     the charge a short description names (one ``Charge``)
- ``extract(text)``      every charge in free text, in order of appearance
- ``most_serious(cs)``   the most serious of several charges (order in ``SERIOUSNESS``)
- ``load_offenses(path)`` the offence table as a DataFrame (default: the packaged
  Massachusetts table, ``lib/reference/ma_offenses.csv``; see ``ma_offenses.md``)

A charge is recognised three ways: a statute citation ("c. 90 § 10", "265/13A"),
a police abbreviation ("ABDW", "OAS") or the offence in words ("Unlicensed
operation of MV"). Where the level depends on a fact (value stolen, offence
number, drug class), the fact is read from the text next to the charge. When the
text does not settle the level, the level is None: unknown is an answer, a guess
is not.

The citation and abbreviation parser is hand-written: no library parses
Massachusetts statute citations or police charge shorthand.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

__all__ = ["Charge", "classify", "extract", "most_serious", "seriousness", "load_offenses",
           "OffenceTable", "SERIOUSNESS"]

LEVELS = ("felony", "misdemeanor", "civil")

#: Seriousness order used by most_serious, highest first.
SERIOUSNESS = ("violent felony", "felony", "violent misdemeanor", "misdemeanor", "civil", "unknown")

TABLE_COLUMNS = ("offense_id", "offense", "category", "jurisdiction", "chapter", "section", "subsection",
                 "level", "level_rule", "threshold_history", "violent", "violent_basis", "max_penalty",
                 "forms", "abbreviations", "patterns", "drug_act", "drug_class", "source_url", "note")


@dataclass(frozen=True)
class Charge:
    """One charge found in text. Fields are None where the text does not tell."""

    offense: str | None
    chapter: str | None
    section: str | None
    level: str | None
    violent: bool | None
    category: str | None = None
    matched: str = ""
    start_char: int = 0
    end_char: int = 0
    basis: str | None = None  # "statute", "abbreviation" or "words"
    note: str = ""
    subsection: str | None = None
    offense_id: str | None = None
    jurisdiction: str | None = None


# --------------------------------------------------------------------------- table

def load_offenses(path: str | Path | None = None) -> pd.DataFrame:
    """Read an offence table (default: the packaged Massachusetts table).

    Another state's table works if it has the same columns; ``violent`` becomes a
    nullable boolean, every other column a string ("" where empty).
    """
    source = path if path is not None else resources.files("lib") / "reference" / "ma_offenses.csv"
    with resources.as_file(source) if path is None else _nullcontext(Path(path)) as csv_path:
        df = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    missing = [c for c in TABLE_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"offence table {source} lacks columns {missing}")
    bad_levels = set(df["level"]) - {"", *LEVELS}
    if bad_levels:
        raise ValueError(f"unknown levels in offence table: {sorted(bad_levels)}")
    df["violent"] = df["violent"].str.lower().map({"true": True, "false": False, "": pd.NA}).astype("boolean")
    return df


class _nullcontext:
    def __init__(self, value):
        self.value = value

    def __enter__(self):
        return self.value

    def __exit__(self, *exc):
        return False


# ------------------------------------------------------------------- shared regexes

# Building blocks usable as {NAME} in the table's `patterns` column.
PATTERN_MACROS = {
    "MV": (r"(?:m\s*/\s*v|m\.\s*v\.?|mv|motor\s+veh(?:icle|\.)?s?|motor\s+car|motor\s*cycles?|moped|scooter|dirt\s+bike|"
           r"vehicle|veh\.?|auto(?:mobile)?|car)"),
    "OP": r"(?:oper(?:at(?:e|ed|es|ing|ion|or))?\.?|op\.?|driv(?:e|es|ing|er)|drove)",
    "WO": r"(?:without|w\s*/\s*o(?:ut)?|w\.o\.|with\s*out|no)",
    "LIC": r"(?:licen[sc](?:e[ds]?|ing)|lic\.?)",
    "POSS": r"(?:poss(?:ess(?:ion|ing|ed|es)?|es|\.)?|pos\.)",
    "AB": r"(?:a\s*(?:&|&amp;|\+|/|and)\s*b\b|assault\s*(?:&|and)\s*batt(?:ery|\.)?)",
    "DW": r"(?:d\s*/\s*w\b|d\.w\.|dw\b|dang(?:erous|\.)?\s*weap(?:on|\.)?s?|deadly\s+weapon)",
    "BE": r"(?:b\s*(?:&|&amp;|and|/)\s*e\b|band\s+e\b|break(?:ing)?\W+(?:and|&)\W+enter(?:ing)?)",
    "CLASS": r"(?:class|cl\.?)\s*[a-e]\b",
    "SUBSTANCE": (r"(?:heroin|fentanyl|morphine|opium|cocaine|crack(?:\s+cocaine)?|methamphetamine|meth|oxycodone|"
                  r"oxycontin|percocet|ecstasy|mdma|lsd|marijuana|marihuana|cannabis)"),
}

# Substances whose class the text may name instead of the class letter (M.G.L. c.94C s.31).
SUBSTANCE_CLASS = {
    "heroin": "A", "fentanyl": "A", "morphine": "A", "opium": "A",
    "cocaine": "B", "crack": "B", "methamphetamine": "B", "meth": "B", "oxycodone": "B", "oxycontin": "B",
    "percocet": "B", "ecstasy": "B", "mdma": "B", "lsd": "B",
    "marijuana": "D", "marihuana": "D", "cannabis": "D",
}

_CLASS_RE = re.compile(r"\b(?:class|cl\.?)\s*([a-e])\b", re.I)
_SUBSTANCE_RE = re.compile(r"\b(" + "|".join(sorted(SUBSTANCE_CLASS, key=len, reverse=True)) + r")\b", re.I)

# --- statute citations -----------------------------------------------------------
# OCR turns 0 into O and 1 into l or I; digits after the first may be any of them.
_NUM = r"[0-9][0-9OoIl]{0,3}"
_CH = rf"(?P<ch>{_NUM}[A-Ha-h]?)"
_SEC = rf"(?P<sec>{_NUM}(?:[A-Za-z]{{1,2}})?(?:\s?½|\s1/2)?)"
_SUB = r"(?P<sub>(?:\s*\(\s*[0-9A-Za-z½]{1,4}(?:\s?1/2)?\s*\))*)"
_END = r"(?![A-Za-z0-9])"
_LAWS = r"(?:m\.?\s*g\.?\s*l\.?\s*a?\.?|g\.?\s*l\.?|mass\.?\s+gen(?:eral|\.)?\s+laws?(?:\s+ann\.?)?|general\s+laws)"
_CHAP = r"(?:chapters?|chap\.?|ch\.?|c\.?)"
_SECT = r"(?:§§?|sections?|sect?\.|secs?\.?|ss?\.|s(?=\s*[0-9]))"

_CITATION_RES = [
    # c. 90 § 10 / G.L. c. 265, § 15A / chapter 90, section 10 / M.G.L. c.94C s.32A(a) / c90 s10
    ("explicit", re.compile(rf"(?<![A-Za-z0-9])(?:{_LAWS}\s*,?\s*)?{_CHAP}\s*{_CH}\s*[,.]?\s*{_SECT}\s*{_SEC}{_SUB}{_END}", re.I)),
    # M.G.L. 90 § 10
    ("laws_bare", re.compile(rf"(?<![A-Za-z0-9]){_LAWS}\s*{_CH}\s*,?\s*§§?\s*{_SEC}{_SUB}{_END}", re.I)),
    # section 10 of chapter 90
    ("reverse", re.compile(rf"(?<![A-Za-z0-9])(?:§§?|sections?|sec\.?)\s*{_SEC}{_SUB}\s*(?:of|,)\s*(?:the\s+)?(?:{_LAWS}\s*,?\s*)?{_CHAP}\s*{_CH}{_END}", re.I)),
    # MGL 90/10, 265/13A, 90:24B, 266-30: only with a law prefix or when the pair is in the table
    ("code", re.compile(rf"(?<![\w$./:-])(?P<laws>{_LAWS}\s*)?{_CH}\s?(?P<sep>[/:.-])\s?{_SEC}{_SUB}(?![\w.]*[/:.-]?\d)(?!\w)", re.I)),
]
_FEDERAL_RE = re.compile(rf"(?<![A-Za-z0-9])(?P<ch>\d{{1,2}})\s*U\.?\s*S\.?\s*C\.?\s*A?\.?\s*(?:§§?\s*)?(?P<sec>\d{{1,5}}[a-z]?){_SUB}{_END}", re.I)

# Statutes cited in disclaimers and redaction codes, never as a charge: the Freedom of
# Information Act and the Privacy Act ("exempt from release under 5 U.S.C. 552").
NOT_CHARGES = {("5", "552"), ("5", "552A")}

# Units and teams named after what they investigate ("Sexual Assault Unit", ICE's "Fugitive
# Operations" in signatures): charge words inside them are not charges.
_UNIT_RE = re.compile(
    r"\b(?:sexual\s+assault|fugitive|drug|narcotics?|firearms?|homicide|robbery|auto\s+theft|larceny|"
    r"domestic\s+violence|human\s+trafficking)\s+(?:unit|squad|division|operations?|task\s+force|team|section|"
    r"detectives?|investigations?)\b", re.I)

_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})

# --- facts next to a charge --------------------------------------------------------
_MONEY = r"\$\s*(?P<amount>\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{2})?"
_VALUE_RE = re.compile(
    rf"(?P<before>over|under|above|below|more\s+than|less\s+than|exceeding|greater\s+than|not\s+more\s+than|>|<|\+|-)?\s*"
    rf"{_MONEY}(?:\s*\(\w+\))?\s*(?P<after>or\s+(?:more|less|over|under)|more|and\s+over|and\s+under|\+)?",
    re.I)
_NOT_VALUE_RE = re.compile(
    r"(?:bail|bond|cash|fine|surety)\W*(?:(?:was|is|has\s+been|had\s+been|been)\W+)?(?:of\W*|(?:set\W+)?at\W*)?$", re.I)
_NOT_VALUE_AFTER_RE = re.compile(r"\s*(?:cash\s+|personal\s+)?(?:bail|bond|surety|fine)\b", re.I)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10}
# An ordinal counts only next to "offense"/"or subsequent": "June 3rd" is not a third offence.
_NTH_RE = re.compile(
    r"\b(?:(?P<num>\d{1,2})\s*(?:st|nd|rd|th|d)|(?P<word>" + "|".join(_ORDINALS) + r"))\b\.?"
    r"(?:\s*(?P<orsub>or\s+s(?:ubs?\w*)?\b)|\s*(?:and\s+subsq?\w*\.?\s*)?(?:off(?:en[cs]e|\.|\b)|conviction))",
    re.I)
_SUBSEQUENT_RE = re.compile(r"\b(?:subsequent|subs(?:e)?q\.?|subsq\w*|repeat\s+offen[cs]e)", re.I)

# Boundaries that end one charge's context: semicolons, line breaks, list markers, bullets.
_SEGMENT_BREAK_RE = re.compile(r"[;\n\r•·]|(?<=\s)\d{1,2}[.)]\s|\(\d{1,2}\)\s")
# Text allowed between words and a citation for the two to be one charge.
_GLUE_RE = re.compile(r"^[\s,.:()\[\]*-]*(?:(?:in\s+)?violation\s+of|under|pursuant\s+to|contrary\s+to|per)?[\s,.:()\[\]*-]*$", re.I)

LARCENY_THRESHOLD_CHANGE = dt.date(2018, 4, 13)


# ------------------------------------------------------------------- compiled table

@dataclass(frozen=True)
class _Row:
    index: int
    offense_id: str
    offense: str
    category: str
    jurisdiction: str
    chapter: str
    section: str
    subsection: str
    level: str
    rules: tuple
    old_threshold: tuple | None  # (value, date before which it applied)
    violent: bool | None
    drug_act: str
    drug_class: str
    note: str


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    row: _Row | None
    basis: str
    citation: tuple | None = None  # (chapter, section, subsection, jurisdiction)


class OffenceTable:
    """An offence table compiled for matching. Build one to use another state's table."""

    def __init__(self, offenses: pd.DataFrame):
        self.rows: list[_Row] = []
        self.matchers: list[tuple[re.Pattern, _Row, str]] = []
        self.by_statute: dict[tuple[str, str], list[_Row]] = {}
        self.by_drug: dict[tuple[str, str], _Row] = {}
        for i, rec in enumerate(offenses.to_dict("records")):
            violent = rec["violent"]
            row = _Row(
                index=i, offense_id=rec["offense_id"], offense=rec["offense"], category=rec["category"],
                jurisdiction=rec["jurisdiction"] or "MA", chapter=_norm_chapter(rec["chapter"]),
                section=_norm_section(rec["section"]), subsection=_norm_sub(rec["subsection"]),
                level=rec["level"], rules=_parse_rules(rec["level_rule"]),
                old_threshold=_parse_history(rec["threshold_history"]),
                violent=None if violent is pd.NA or violent is None else bool(violent),
                drug_act=rec["drug_act"], drug_class=rec["drug_class"].upper(), note=rec["note"])
            self.rows.append(row)
            if row.chapter and row.section:
                self.by_statute.setdefault((row.chapter, row.section), []).append(row)
            if row.drug_act and row.drug_class:
                self.by_drug[(row.drug_act, row.drug_class)] = row
            for form in _split(rec["forms"], " | "):
                self.matchers.append((_compile_words(form), row, "words"))
            for abbr in _split(rec["abbreviations"], " | "):
                self.matchers.append((_compile_abbreviation(abbr), row, "abbreviation"))
            for pattern in _split(rec["patterns"], ";;"):
                self.matchers.append((_compile_pattern(pattern, rec["offense_id"]), row, "words"))
        self.chapters = {ch for ch, _ in self.by_statute}

    # -- finding -------------------------------------------------------------------
    def find_words(self, text: str) -> list[_Hit]:
        hits = []
        for regex, row, basis in self.matchers:
            for m in regex.finditer(text):
                if m.end() > m.start():
                    hits.append(_Hit(m.start(), m.end(), row, basis))
        return _leftmost_longest(hits)

    def find_citations(self, text: str) -> list[_Hit]:
        hits = []
        for kind, regex in _CITATION_RES:
            for m in regex.finditer(text):
                ch, sec = _norm_chapter(m.group("ch")), _norm_section(m.group("sec"))
                if kind == "code" and not m.group("laws") and not self._known(ch, sec, m.group("sec")):
                    continue
                hits.append(_Hit(m.start(), m.end(), None, "statute", (ch, sec, _norm_sub(m.group("sub")), "MA",
                                                                    m.group("sec"))))
        for m in _FEDERAL_RE.finditer(text):
            if (m.group("ch"), m.group("sec").upper()) in NOT_CHARGES:
                continue
            hits.append(_Hit(m.start(), m.end(), None, "statute",
                             (f"{m.group('ch')} U.S.C.", m.group("sec").upper(), _norm_sub(m.group("sub")), "US",
                              m.group("sec"))))
        return _leftmost_longest(hits)

    def _known(self, ch: str, sec: str, raw_sec: str) -> bool:
        return (ch, sec) in self.by_statute or (ch, _drop_suffix(sec, raw_sec)) in self.by_statute

    def candidates(self, citation: tuple) -> tuple[list[_Row], str]:
        """Rows a citation may mean, and a note when the section was read loosely."""
        ch, sec, sub, _jur, raw_sec = citation
        rows = self.by_statute.get((ch, sec), [])
        note = ""
        if not rows:
            loose = _drop_suffix(sec, raw_sec)
            if loose != sec and (ch, loose) in self.by_statute:
                rows, note = self.by_statute[(ch, loose)], f"section '{raw_sec}' read as {loose}"
        if sub and rows:
            specific = [r for r in rows if r.subsection and (sub.startswith(r.subsection) or r.subsection.startswith(sub))]
            rows = specific or [r for r in rows if not r.subsection] or rows
        return rows, note


# ------------------------------------------------------------------ public functions

@lru_cache(maxsize=1)
def _default_table() -> OffenceTable:
    return OffenceTable(load_offenses())


def _table(offenses: pd.DataFrame | OffenceTable | None) -> OffenceTable:
    if offenses is None:
        return _default_table()
    if isinstance(offenses, OffenceTable):
        return offenses
    return OffenceTable(offenses)


def extract(text: str, *, as_of: dt.date | None = None,
            offenses: pd.DataFrame | OffenceTable | None = None) -> list[Charge]:
    """Every charge in ``text``, in order; a charge written as words and a citation counts once.

    ``as_of`` is the date of the offence, where known: value thresholds changed on
    13 Apr 2018 ($250 -> $1,200). Without it, current law applies.
    ``offenses`` swaps in another offence table (DataFrame from ``load_offenses``).
    """
    if not isinstance(text, str) or not text.strip():
        return []
    table = _table(offenses)
    words = table.find_words(text)
    citations = table.find_citations(text)
    # A word match inside a citation ("c. 90 § 24 (OUI)" is fine, "s. 10" is not a word) is dropped.
    words = [w for w in words if not any(c.start <= w.start and w.end <= c.end for c in citations)]
    units = [(m.start(), m.end()) for m in _UNIT_RE.finditer(text)]
    words = [w for w in words if not any(lo < w.end and w.start < hi for lo, hi in units)]
    breaks = [m.start() for m in _SEGMENT_BREAK_RE.finditer(text)]
    pairs = _pair(words, citations, text, breaks, table)
    anchors = sorted(pairs, key=lambda p: (min(h.start for h in p if h), max(h.end for h in p if h)))
    charges = []
    for i, pair in enumerate(anchors):
        start = min(h.start for h in pair if h)
        end = max(h.end for h in pair if h)
        if text.count("(", start, end) > text.count(")", start, end) and text[end:end + 1] == ")":
            end += 1  # "OAS (c. 90 § 23)": keep the closing bracket with the citation
        prev_end = max((h.end for p in anchors[:i] for h in p if h), default=0)
        next_start = min((min(h.start for h in p if h) for p in anchors[i + 1:]), default=len(text))
        lo = max([prev_end] + [b + 1 for b in breaks if b < start])
        hi = min([next_start] + [b for b in breaks if b >= end])
        context = text[lo:max(hi, end)]
        charges.append(_build(pair, text, start, end, context, table, as_of))
    return charges


def classify(text: str, *, as_of: dt.date | None = None,
             offenses: pd.DataFrame | OffenceTable | None = None) -> Charge:
    """The charge a short charge description names: the first one found.

    Returns a Charge with offense None and level None when nothing is recognised.
    """
    charges = extract(text, as_of=as_of, offenses=offenses)
    if not charges:
        return Charge(None, None, None, None, None, note="no charge recognised")
    first = charges[0]
    if len(charges) > 1:
        more = f"{len(charges) - 1} more charge(s) in the text"
        first = _replace(first, note="; ".join(n for n in (first.note, more) if n))
    return first


def seriousness(charge: Charge) -> str:
    """The seriousness class of a charge, one of ``SERIOUSNESS``."""
    if charge.level == "felony":
        return "violent felony" if charge.violent else "felony"
    if charge.level == "misdemeanor":
        return "violent misdemeanor" if charge.violent else "misdemeanor"
    if charge.level == "civil":
        return "civil"
    return "unknown"


def most_serious(charges) -> Charge | None:
    """The most serious charge by ``SERIOUSNESS``; the earliest wins a tie. None for no charges."""
    charges = list(charges)
    if not charges:
        return None
    return min(enumerate(charges), key=lambda ic: (SERIOUSNESS.index(seriousness(ic[1])), ic[0]))[1]


# ------------------------------------------------------------------------ internals

def _pair(words, citations, text, breaks, table):
    """Join each citation to the words naming the same charge, if any."""
    used = set()
    pairs = []
    for cite in citations:
        ch, sec = cite.citation[0], cite.citation[1]
        best = None
        for j, w in enumerate(words):
            if j in used or _crosses_break(w, cite, breaks):
                continue
            gap = text[min(w.end, cite.end):max(w.start, cite.start)]
            lo, hi = min(w.end, cite.end), max(w.start, cite.start)
            between = [x for x in words + citations if x is not w and x is not cite and lo <= x.start < hi]
            if between or len(gap) > 80:
                continue
            same = w.row.chapter == ch and (w.row.section in ("", sec) or
                                            (ch, w.row.section) in [(r.chapter, r.section) for r in table.candidates(cite.citation)[0]])
            # Words and a citation of another section with a comma between are two charges in a list
            # ("MGL 90/10, no insurance"); brackets or nothing between make one ("OUI (c. 90 s. 24)").
            adjacent = bool(_GLUE_RE.match(gap)) and (same or "," not in gap)
            if same or (adjacent and w.row.chapter == ch):
                dist = len(gap)
                if best is None or dist < best[0]:
                    best = (dist, j)
        if best is not None:
            used.add(best[1])
            pairs.append((words[best[1]], cite))
        else:
            pairs.append((None, cite))
    pairs += [(w, None) for j, w in enumerate(words) if j not in used]
    return pairs


def _crosses_break(a, b, breaks):
    lo, hi = min(a.end, b.end), max(a.start, b.start)
    return any(lo <= x < hi for x in breaks)


def _build(pair, text, start, end, context, table, as_of) -> Charge:
    word, cite = pair
    facts = _facts(context, as_of)
    notes = []
    if word is not None and cite is not None and not _refine_drug(word.row, context, table).section:
        # Words too general to name a section ("B&E", "PWID"): the citation is more precise.
        rows, _ = table.candidates(cite.citation)
        if rows:
            word = None
    if word is not None:
        row = _refine_drug(word.row, context, table)
        if cite is not None:
            ch, sec, sub = cite.citation[:3]
            if (row.chapter, row.section) != (ch, sec) and row.section:
                cands, _ = table.candidates(cite.citation)
                if row not in cands:
                    notes.append(f"text names {row.offense} but cites c.{ch} s.{sec}")
        level, lnote = _level(row, facts)
        if level is None and cite is not None and cite.citation[2] and cite.citation[:2] == (row.chapter, row.section):
            # "leaving scene (c. 90 s. 24(2)(a))": the cited subsection settles what the words leave open.
            cited = {_level(r, facts)[0] for r in table.candidates(cite.citation)[0]}
            if len(cited) == 1 and None not in cited:
                level, lnote = cited.pop(), f"level of the cited subsection {cite.citation[2]}"
        notes += [n for n in (lnote, row.note if level is None else "") if n]
        section = row.section or (cite.citation[1] if cite is not None and cite.citation[0] == row.chapter else "")
        sub = row.subsection or (cite.citation[2] if cite is not None else "")
        return Charge(
            offense=row.offense, chapter=row.chapter or None, section=section or None, level=level,
            violent=row.violent, category=row.category or None, matched=text[start:end], start_char=start,
            end_char=end, basis="statute" if cite is not None else word.basis, note="; ".join(notes),
            subsection=sub or None, offense_id=row.offense_id, jurisdiction=row.jurisdiction)
    ch, sec, sub, jur, raw_sec = cite.citation
    rows, loose = table.candidates(cite.citation)
    if loose:
        notes.append(loose)
        sec = rows[0].section
    if not rows:
        return Charge(None, ch, sec, None, None, matched=text[start:end], start_char=start, end_char=end,
                      basis="statute", note="statute not in the offence table", subsection=sub or None,
                      jurisdiction=jur)
    rows = [_refine_drug(r, context, table) for r in rows]
    rows = list(dict.fromkeys(rows))
    levels = [_level(r, facts) for r in rows]
    level_set = {lv for lv, _ in levels}
    level = level_set.pop() if len(level_set) == 1 else None
    violents = {r.violent for r in rows}
    categories = {r.category for r in rows}
    if len(rows) == 1:
        row = rows[0]
        notes += [n for n in (levels[0][1], row.note if level is None else "") if n]
        return Charge(row.offense, ch, sec, level, row.violent, row.category or None, text[start:end], start, end,
                      "statute", "; ".join(notes), sub or row.subsection or None, row.offense_id, row.jurisdiction)
    notes.append("statute covers: " + " / ".join(r.offense for r in rows))
    return Charge(None, ch, sec, level, violents.pop() if len(violents) == 1 else None,
                  categories.pop() if len(categories) == 1 else None, text[start:end], start, end, "statute",
                  "; ".join(notes), sub or None, None, rows[0].jurisdiction)


def _refine_drug(row: _Row, context: str, table: OffenceTable) -> _Row:
    """A drug charge without a class becomes the class-specific row when the text names the class."""
    if not row.drug_act or row.drug_class:
        return row
    m = _CLASS_RE.search(context)
    cls = m.group(1).upper() if m else None
    if cls is None:
        s = _SUBSTANCE_RE.search(context)
        cls = SUBSTANCE_CLASS[s.group(1).lower()] if s else None
    return table.by_drug.get((row.drug_act, cls), row) if cls else row


def _facts(context: str, as_of):
    value = None
    for m in _VALUE_RE.finditer(context):
        if _NOT_VALUE_RE.search(context[:m.start()]) or _NOT_VALUE_AFTER_RE.match(context, m.end()):
            continue
        amount = float(m.group("amount").replace(",", ""))
        before = re.sub(r"\s+", " ", (m.group("before") or "").lower())
        after = re.sub(r"\s+", " ", (m.group("after") or "").lower())
        if before in ("over", "above", "more than", "exceeding", "greater than", ">", "+") or after in ("more", "or more", "or over", "and over", "+"):
            # Charge names say "over $X" for the grade above a threshold X.
            lo, hi, label = amount + 0.01, math.inf, amount
        elif before in ("under", "below", "less than", "<", "-") or after in ("or less", "or under", "and under"):
            lo, hi, label = 0.0, (amount - 0.01 if before in ("under", "below", "less than", "<") else amount), amount
        elif before == "not more than":
            lo, hi, label = 0.0, amount, amount
        else:
            lo = hi = amount
            label = None
        value = (lo, hi, label)
        break
    lo_n, hi_n = 1, 1
    m = _NTH_RE.search(context)
    if m:
        n = int(m.group("num")) if m.group("num") else _ORDINALS[m.group("word").lower()]
        lo_n, hi_n = n, (math.inf if m.group("orsub") else n)
    elif _SUBSEQUENT_RE.search(context):
        lo_n, hi_n = 2, math.inf
    return {"value": value, "nth": (lo_n, hi_n), "text": context.lower(), "as_of": as_of}


def _level(row: _Row, facts) -> tuple[str | None, str]:
    """The level for a row given the facts; a note says what decided or what is missing."""
    if not row.rules:
        return (row.level or None), ""
    value = facts["value"]
    thresholds = [None]
    note = ""
    if row.old_threshold:
        old, changed = row.old_threshold
        if facts["as_of"] is not None and facts["as_of"] < changed:
            thresholds = [old]
        elif value is not None and value[2] == old and facts["as_of"] is None:
            thresholds = [old]  # "over $250" names the grade in force before the change
            note = f"'${old:,.0f}' is the value threshold in force before {changed.isoformat()}"
    for threshold in thresholds:
        for conds, level in row.rules:
            if all(_holds(c, facts, threshold) for c in conds):
                if row.old_threshold and thresholds == [None] and facts["as_of"] is None:
                    old_level = _first_level(row, facts, row.old_threshold[0])
                    if old_level and old_level != level:
                        note = (f"{level} under the current threshold; {old_level} for offences before "
                                f"{row.old_threshold[1].isoformat()} (pass as_of)")
                return level, note
    if row.level:
        return row.level, note
    if any(c[0] == "value" for conds, _ in row.rules for c in conds) and value is None:
        return None, "level depends on the value, which the text does not give"
    return None, note or "the text does not settle the level"


def _first_level(row: _Row, facts, threshold) -> str | None:
    for conds, level in row.rules:
        if all(_holds(c, facts, threshold) for c in conds):
            return level
    return None


def _holds(cond, facts, threshold) -> bool:
    kind = cond[0]
    if kind == "value":
        value = facts["value"]
        if value is None:
            return False
        limit = threshold if threshold is not None else cond[2]
        lo, hi, _ = value
        return lo > limit if cond[1] == ">" else hi <= limit
    if kind == "nth":
        lo, hi = facts["nth"]
        return lo >= cond[2] if cond[1] == ">=" else hi <= cond[2]
    if kind == "subsequent":
        return facts["nth"][0] >= 2
    if kind == "first":
        return facts["nth"][1] <= 1
    if kind == "has":
        return cond[1] in facts["text"]
    raise ValueError(f"unknown rule condition {cond}")


def _parse_rules(spec: str) -> tuple:
    """'value>1200=felony; subsequent&has:heroin=felony' -> ((conditions, level), ...)."""
    rules = []
    for clause in _split(spec, ";"):
        cond_text, _, level = clause.rpartition("=")
        if level not in LEVELS:
            raise ValueError(f"bad level in rule {clause!r}")
        conds = []
        for term in cond_text.split("&"):
            term = term.strip()
            if m := re.fullmatch(r"(value|nth)\s*(>=|<=|>)\s*(\d+)", term):
                conds.append((m.group(1), m.group(2), float(m.group(3))))
            elif term in ("subsequent", "first"):
                conds.append((term,))
            elif term.startswith("has:"):
                conds.append(("has", term[4:].strip().lower()))
            else:
                raise ValueError(f"bad rule condition {term!r}")
        rules.append((tuple(conds), level))
    return tuple(rules)


def _parse_history(spec: str):
    m = re.fullmatch(r"\s*(\d+)\s+before\s+(\d{4}-\d{2}-\d{2})\s*", spec or "")
    return (float(m.group(1)), dt.date.fromisoformat(m.group(2))) if m else None


def _compile_words(form: str) -> re.Pattern:
    tokens = re.findall(r"[A-Za-z0-9]+|[^\sA-Za-z0-9]", form)
    body = r"[\s.,/-]*".join(re.escape(t) for t in tokens)
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])", re.I)


def _compile_abbreviation(abbr: str) -> re.Pattern:
    parts = []
    for ch in abbr:
        if ch.isalnum():
            parts.append(re.escape(ch) + r"\.?")
        elif ch in "&+/":
            parts.append(r"\s*(?:&|&amp;|\+|/)\s*")
        elif ch.isspace():
            parts.append(r"\s*")
        else:
            parts.append(re.escape(ch))
    # Short all-letter abbreviations are words elsewhere ("oui" is French): match them in capitals only.
    flags = 0 if (abbr.isalpha() and len(abbr) <= 3) else re.I
    return re.compile(rf"(?<![A-Za-z0-9]){''.join(parts)}(?![A-Za-z0-9])", flags)


def _compile_pattern(pattern: str, offense_id: str) -> re.Pattern:
    try:
        expanded = re.sub(r"\{([A-Z]+)\}", lambda m: PATTERN_MACROS[m.group(1)], pattern)
        return re.compile(rf"(?<![A-Za-z0-9])(?:{expanded})(?![A-Za-z0-9])", re.I)
    except (KeyError, re.error) as exc:
        raise ValueError(f"bad pattern for {offense_id}: {pattern!r}: {exc}") from exc


def _leftmost_longest(hits: list[_Hit]) -> list[_Hit]:
    """Non-overlapping hits, longest first ("A&B DW" beats "A&B"); ties go to the earlier start, then row."""
    hits = sorted(hits, key=lambda h: (-(h.end - h.start), h.start, h.row.index if h.row else -1))
    chosen: list[_Hit] = []
    for h in hits:
        if all(h.end <= c.start or h.start >= c.end for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.start)


def _split(spec: str, sep: str) -> list[str]:
    return [p.strip() for p in (spec or "").split(sep) if p.strip()]


def _norm_chapter(ch: str) -> str:
    ch = (ch or "").strip()
    if not ch or not ch[0].isdigit():
        return ch  # "CBC 16", "8 U.S.C."
    head = re.match(r"[0-9OoIl]+", ch).group(0)
    return head.translate(_OCR_DIGITS) + ch[len(head):].upper()


def _norm_section(sec: str) -> str:
    sec = (sec or "").strip().replace(" ", "").replace("1/2", "½")
    if not sec or not sec[0].isdigit():
        return sec
    head = re.match(r"[0-9OoIl]+", sec).group(0)
    return head.translate(_OCR_DIGITS) + sec[len(head):].upper()


def _drop_suffix(sec: str, raw_sec: str | None) -> str:
    """'10a' (a lower-case letter after the number) is often a subsection written loosely."""
    raw = (raw_sec or "").strip()
    if raw and raw[-1].isalpha() and raw[-1].islower():
        return re.match(r"\d+", sec).group(0) if re.match(r"\d+", sec) else sec
    return sec


def _norm_sub(sub: str) -> str:
    parts = re.findall(r"\(\s*([0-9A-Za-z½]{1,4}(?:\s?1/2)?)\s*\)", sub or "")
    return "".join(f"({p.replace(' ', '').replace('1/2', '½').lower()})" for p in parts)


def _replace(charge: Charge, **changes) -> Charge:
    from dataclasses import replace
    return replace(charge, **changes)
