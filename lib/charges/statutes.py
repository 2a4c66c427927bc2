"""Charges under the profile's state law found in free text: ``extract`` and ``classify``.

Public API:

- ``classify(text)``     the charge a short description names (one ``Charge``)
- ``extract(text)``      every charge in free text, in order of appearance

A charge is recognised three ways: a statute citation ("c. 90 § 10", "265/13A"),
a police abbreviation ("ABDW", "OAS") or the offence in words ("Unlicensed
operation of MV"), by the compiled offence table (``lib.charges.offense_table``).
Where the level depends on a fact (value stolen, offence number, drug class),
the fact is read from the text next to the charge (``lib.charges.levels``). When
the text does not settle the level, the level is None: unknown is an answer, a
guess is not. The table itself, ``Charge`` and the seriousness ranking
(``seriousness``, ``most_serious``) are in ``lib.charges.offenses``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import pandas as pd

from lib.charges.levels import _facts, _level, _refine_drug
from lib.charges.offense_table import OffenseTable
from lib.charges.offenses import Charge, load_offenses

__all__ = ["classify", "extract"]


# Units and teams named after what they investigate ("Sexual Assault Unit", ICE's "Fugitive
# Operations" in signatures): charge words inside them are not charges.
_UNIT_RE = re.compile(
    r"\b(?:sexual\s+assault|fugitive|drug|narcotics?|firearms?|homicide|robbery|auto\s+theft|larceny|"
    r"domestic\s+violence|human\s+trafficking)\s+(?:unit|squad|division|operations?|task\s+force|team|section|"
    r"detectives?|investigations?)\b", re.I)


# Boundaries that end one charge's context: semicolons, line breaks, list markers, bullets.
_SEGMENT_BREAK_RE = re.compile(r"[;\n\r•·]|(?<=\s)\d{1,2}[.)]\s|\(\d{1,2}\)\s")
# Text allowed between words and a citation for the two to be one charge.
_GLUE_RE = re.compile(r"^[\s,.:()\[\]*-]*(?:(?:in\s+)?violation\s+of|under|pursuant\s+to|contrary\s+to|per)?[\s,.:()\[\]*-]*$", re.I)


# ------------------------------------------------------------------ public functions

@lru_cache(maxsize=1)
def _default_table() -> OffenseTable:
    return OffenseTable(load_offenses())


def _table(offenses: pd.DataFrame | OffenseTable | None) -> OffenseTable:
    if offenses is None:
        return _default_table()
    if isinstance(offenses, OffenseTable):
        return offenses
    return OffenseTable(offenses)


def extract(text: str, *, as_of: dt.date | None = None,
            offenses: pd.DataFrame | OffenseTable | None = None) -> list[Charge]:
    """Every charge in ``text``, in order; a charge written as words and a citation counts once.

    ``as_of`` is the date of the offence, where known: a value threshold is the one the
    offence table (and the profile's ``value_thresholds``) gives for that date. Without it, current law applies.
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
             offenses: pd.DataFrame | OffenseTable | None = None) -> Charge:
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
            # ("c. 90 s. 10, no insurance"); brackets or nothing between make one ("OUI (c. 90 s. 24)").
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


def _replace(charge: Charge, **changes) -> Charge:
    from dataclasses import replace
    return replace(charge, **changes)
