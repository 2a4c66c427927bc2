"""The offence table compiled for matching (``OffenseTable``): offences in words, abbreviations and citations.

A charge is recognised three ways: a statute citation ("c. 90 § 10", "265/13A"),
a police abbreviation ("ABDW", "OAS") or the offence in words ("Unlicensed
operation of MV"). The citation and abbreviation parser is hand-written: no
library parses a state's statute citations or police charge shorthand. How the state's code is named before
a citation, and the jurisdiction code a citation is recorded with, are the profile's ``statutes``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from lib.charges.offenses import LEVELS
from lib.core.profile import active_profile

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


# --- statute citations -----------------------------------------------------------
# OCR turns 0 into O and 1 into l or I; digits after the first may be any of them.
_NUM = r"[0-9][0-9OoIl]{0,3}"
_CH = rf"(?P<ch>{_NUM}[A-Ha-h]?)"
_SEC = rf"(?P<sec>{_NUM}(?:[A-Za-z]{{1,2}})?(?:\s?½|\s1/2)?)"
_SUB = r"(?P<sub>(?:\s*\(\s*[0-9A-Za-z½]{1,4}(?:\s?1/2)?\s*\))*)"
_END = r"(?![A-Za-z0-9])"
#: The state's code as named before a citation, and the jurisdiction its citations are recorded with.
_LAWS = f"(?:{active_profile().statutes.law_names})"
JURISDICTION = active_profile().statutes.jurisdiction
_CHAP = r"(?:chapters?|chap\.?|ch\.?|c\.?)"
_SECT = r"(?:§§?|sections?|sect?\.|secs?\.?|ss?\.|s(?=\s*[0-9]))"

_CITATION_RES = [
    # c. 90 § 10 / <laws> c. 265, § 15A / chapter 90, section 10 / <laws> c.94C s.32A(a) / c90 s10
    ("explicit", re.compile(rf"(?<![A-Za-z0-9])(?:{_LAWS}\s*,?\s*)?{_CHAP}\s*{_CH}\s*[,.]?\s*{_SECT}\s*{_SEC}{_SUB}{_END}", re.I)),
    # <laws> 90 § 10
    ("laws_bare", re.compile(rf"(?<![A-Za-z0-9]){_LAWS}\s*{_CH}\s*,?\s*§§?\s*{_SEC}{_SUB}{_END}", re.I)),
    # section 10 of chapter 90
    ("reverse", re.compile(rf"(?<![A-Za-z0-9])(?:§§?|sections?|sec\.?)\s*{_SEC}{_SUB}\s*(?:of|,)\s*(?:the\s+)?(?:{_LAWS}\s*,?\s*)?{_CHAP}\s*{_CH}{_END}", re.I)),
    # <laws> 90/10, 265/13A, 90:24B, 266-30: only with a law prefix or when the pair is in the table
    ("code", re.compile(rf"(?<![\w$./:-])(?P<laws>{_LAWS}\s*)?{_CH}\s?(?P<sep>[/:.-])\s?{_SEC}{_SUB}(?![\w.]*[/:.-]?\d)(?!\w)", re.I)),
]
_FEDERAL_RE = re.compile(rf"(?<![A-Za-z0-9])(?P<ch>\d{{1,2}})\s*U\.?\s*S\.?\s*C\.?\s*A?\.?\s*(?:§§?\s*)?(?P<sec>\d{{1,5}}[a-z]?){_SUB}{_END}", re.I)

# Statutes cited in disclaimers and redaction codes, never as a charge: the Freedom of
# Information Act and the Privacy Act ("exempt from release under 5 U.S.C. 552").
NOT_CHARGES = {("5", "552"), ("5", "552A")}


_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})


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


class OffenseTable:
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
                jurisdiction=rec["jurisdiction"] or JURISDICTION, chapter=_norm_chapter(rec["chapter"]),
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
                hits.append(_Hit(m.start(), m.end(), None, "statute", (ch, sec, _norm_sub(m.group("sub")), JURISDICTION,
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


def _parse_rules(spec: str) -> tuple:
    """'value>1000=felony; subsequent&has:heroin=felony' -> ((conditions, level), ...)."""
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
