"""The component after ``ner``: trims, checks and completes spans, and sets canonical values.

Rule spans win over the model's where they overlap. The refiner

- trims cue words from cue-and-value matches ('DOB 3/14/88' -> '3/14/88') and
  drops values that do not check out (a 13th month, a 'Date:' that is no DOB);
- cleans the model's PERSON spans (titles, possessives, line breaks, field
  labels such as 'Addr') and rejects ones that are not names (``person_spans``);
- adds the spans that need context (``context_spans``): a date in brackets after
  a name is a date of birth, 'LAST, FIRST' before a DOB or A-number is a person, ...;
- stores each span's canonical value in ``ent.kb_id_`` and its origin ('rule' or
  'model') in ``ent.id_``.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import values
from .context_spans import ContextSpans, address_end, name_before
from .flags import assign_flags
from .labels import MODEL_LABELS, RULE_LABELS
from .patterns import COMMON_CHAPTERS, DOB_CUES, MONTH_WORDS, STATUTE_PREFIXES, VALUE, Flags
from .person_spans import MODEL, RULE, clean_person
from .reference import Institutions

_RMV_QUERY_WORDS = {"query", "queries", "check", "checks", "inquiry", "printout", "print", "record", "records",
                    "photo", "lookup", "look", "hit", "search", "history", "return", "info"}
_MONTH_WORDS = set(MONTH_WORDS)
_DOB_CUES = set(DOB_CUES)


@Language.factory("records_refiner", default_config={"agencies_path": None})
def make_records_refiner(nlp: Language, name: str, agencies_path: str | None):
    from .reference import load_institutions

    return RecordsRefiner(nlp, load_institutions(agencies_path), Flags(assign_flags(nlp.vocab)))


class RecordsRefiner:
    """Trims, checks and completes the ruler's and the model's spans; sets canonical values."""

    def __init__(self, nlp: Language, institutions: Institutions, flag: Flags):
        self.institutions = institutions
        self.context = ContextSpans(nlp.vocab, flag)

    def __call__(self, doc: Doc) -> Doc:
        today = date.today()
        rules: list[Span] = []
        models: list[Span] = []
        for ent in doc.ents:
            if ent.label_ in RULE_LABELS:
                span = self._refine_rule(doc, ent, today)
                if span is not None:
                    rules.append(span)
                    if ent.label_ in ("DOB", "A_NUMBER"):
                        rules.extend(name_before(doc, ent.start, comma_form=ent.label_ == "A_NUMBER"))
            elif ent.label_ == "PERSON":
                models.extend(clean_person(doc, ent.start, ent.end, MODEL))
            elif ent.label_ in MODEL_LABELS:
                models.append(Span(doc, ent.start, ent.end, label=ent.label_,
                                   kb_id=values.whitespace(ent.text), span_id=MODEL))
        rules = self.context(doc, rules, models, today)
        doc.set_ents(_without_overlaps(rules, models), default="outside")
        return doc

    # -- rule spans -----------------------------------------------------------------------

    def _refine_rule(self, doc: Doc, ent: Span, today: date) -> Span | None:
        label, start, end = ent.label_, ent.start, ent.end
        if ent.id_ == VALUE:
            value_start, end = _value_tokens(doc, label, start, end)
            if value_start >= end or (label == "DOB" and not _is_birth_cue(doc[start:value_start])):
                return None
            start = value_start
        text = doc[start:end].text
        if label in ("AGENCY", "COURT", "FACILITY"):
            if doc[start].lower_ in ("the", "a", "an") and end - start > 1:
                start += 1
                text = doc[start:end].text
            code = ent.id_ if ent.id_ and ent.id_ != VALUE else self.institutions.code_for_alias(text)
            if code == "RMV" and end < len(doc) and doc[end].lower_ in _RMV_QUERY_WORDS:
                label, code = "FORM", "RMV"
            canonical = code or values.whitespace(text)
        elif label == "ADDRESS":
            if not doc[start].text[:1].isdigit():
                return None
            end = address_end(doc, end)
            canonical = values.whitespace(doc[start:end].text)
        elif label == "STATUTE":
            canonical = _statute(doc, start, text)
        elif label == "FORM":
            canonical = ent.id_ if ent.id_ and ent.id_ != VALUE else values.form(text)
        else:
            while label == "PHONE" and end - start > 1 and doc[end - 1].is_punct:
                end -= 1
            text = doc[start:end].text
            canonical = _CANONICAL[label](text) if label != "DOB" else values.date_of_birth(text, today)
        if canonical is None:
            return None
        return Span(doc, start, end, label=label, kb_id=canonical, span_id=RULE)


def _statute(doc: Doc, start: int, text: str) -> str | None:
    parts = values.statute_parts(text)
    if parts is None:
        return None
    chapter, section = parts
    canonical = values.statute(text)
    prefixed = doc[start].lower_ in STATUTE_PREFIXES
    # '94C/32A' bare is a citation of a chapter police cite daily; '3/14' is a date.
    if "/" in text and not prefixed and chapter not in COMMON_CHAPTERS:
        return None
    # 'c. 90' alone may be anything; with a statute prefix before it or a section after it, it is a citation.
    if not prefixed and section is None:
        return None
    return canonical


def _is_birth_cue(cue: Span) -> bool:
    """'DOB', 'born on', 'date of birth'; a bare 'Date:' is not one."""
    return bool({t.lower_ for t in cue} & _DOB_CUES)


def _value_tokens(doc: Doc, label: str, start: int, end: int) -> tuple[int, int]:
    """The tokens of a cue-and-value match that carry the value."""
    if label == "LICENSE":
        for i in range(start, end):
            if values.license_number(doc[i].text):
                return i, i + 1
            if doc[i].text == "$" and i + 1 < end and values.license_number(doc[i:i + 2].text):
                return i, i + 2
        return start, start
    if label == "DOB":
        def is_value(t):
            return any(ch.isdigit() for ch in t.text) or t.lower_ in _MONTH_WORDS
    else:
        def is_value(t):
            return any(ch.isdigit() for ch in t.text)
    first = next((i for i in range(start, end) if is_value(doc[i])), end)
    last = next((i for i in range(end - 1, first - 1, -1) if is_value(doc[i])), first - 1)
    return first, last + 1


def _without_overlaps(preferred: list[Span], others: list[Span]) -> list[Span]:
    """Preferred spans win; longer first within each group."""
    taken: set[int] = set()
    kept = []
    for group in (preferred, others):
        for span in sorted(group, key=lambda s: (s.start - s.end, s.start)):
            tokens = range(span.start, span.end)
            if not any(i in taken for i in tokens):
                kept.append(span)
                taken.update(tokens)
    return sorted(kept, key=lambda s: s.start)


_CANONICAL = {
    "A_NUMBER": values.a_number,
    "PHONE": values.phone,
    "EMAIL": values.email,
    "ADDRESS": values.whitespace,
    "LICENSE": values.license_number,
    "STATUTE": values.statute,
    "REPORT": values.report_number,
}
