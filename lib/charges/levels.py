"""The level of a charge from the facts written next to it: value, offence number, drug class, date.

Where the level depends on a fact (value stolen, offence number, drug class),
the fact is read from the text next to the charge. When the text does not settle
the level, the level is None: unknown is an answer, a guess is not.
"""

from __future__ import annotations

import math
import re

from lib.charges.offense_table import OffenseTable, _Row
from lib.core.profile import active_profile

# Substances whose class the text may name instead of the class letter: the profile's ``drug_classes``.
SUBSTANCE_CLASS = dict(active_profile().drug_classes.substances)

_CLASS_RE = re.compile(r"\b(?:class|cl\.?)\s*([a-e])\b", re.I)
_SUBSTANCE_RE = re.compile(r"\b(" + "|".join(sorted(SUBSTANCE_CLASS, key=len, reverse=True)) + r")\b", re.I)


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


#: The last date on which the profile's value thresholds changed (None when they never did).
LARCENY_THRESHOLD_CHANGE = (active_profile().threshold_changes or [None])[-1]


def _refine_drug(row: _Row, context: str, table: OffenseTable) -> _Row:
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
            thresholds = [old]  # "over $X", X the old threshold, names the grade in force before the change
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
