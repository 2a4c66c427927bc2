"""The spaCy pipeline: tokenizer, EntityRuler before ``ner``, and a refiner after it.

The ruler runs first so the statistical model respects its spans (an agency
alias is never re-read as a PERSON); the refiner then trims cue words, checks
values, adds spans that need the model's output as context, and stores each
span's canonical value in ``ent.kb_id_`` and its origin ('rule' or 'model') in
``ent.id_``.
"""

from __future__ import annotations

import importlib
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from lib.models import load_model, model_name

from . import values
from .patterns import (
    DATE_TOKEN, DOB_CUES, LICENSE_VALUE, MONTH_WORDS, NAME_TOKEN, NOT_NAME_WORDS, STATE_WORDS, STATUTE_PREFIXES,
    TITLE_ACRONYMS, UNIT_WORDS, VALUE, Flags, all_patterns, title_heads, title_words, word_tests,
)
from .reference import Institutions, load_institutions

#: Labels the rules produce; everything else comes from the model.
RULE_LABELS = ("AGENCY", "COURT", "FACILITY", "FORM", "A_NUMBER", "DOB", "PHONE", "EMAIL", "ADDRESS",
               "LICENSE", "STATUTE", "REPORT")
#: Model labels worth keeping; counts, ordinals and the like are left out.
MODEL_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "DATE", "TIME", "LAW", "EVENT")

RULE, MODEL = "rule", "model"

_TITLE_WORDS = title_words() | {w.lower() for w in TITLE_ACRONYMS}
_TITLE_HEADS = title_heads()
_CUE_WORDS = _TITLE_WORDS | {"", ".", ",", ":", ";", "-", "from", "to", "cc", "bcc", "name", "defendant",
                             "suspect", "arrestee", "aka", "a/k/a", "alias"}
_NAME_RE = re.compile(NAME_TOKEN)
_NOT_NAMES = set(NOT_NAME_WORDS)
_NOT_PERSON_TEXT = {"thanks", "thank you", "regards", "best", "sent", "hi", "hello", "dob", "cc", "re", "fw",
                    "fwd", "subject", "attachments", "importance", "high", "please advise", "copy", "sir",
                    "ma'am", "happy hunting"}
_LICENSE_CUES = {"license", "licence", "lic", "dl", "oln", "d/l", "driver", "drivers", "permit", "rmv"}
_RMV_QUERY_WORDS = {"query", "queries", "check", "checks", "inquiry", "printout", "print", "record", "records",
                    "photo", "lookup", "look", "hit", "search", "history", "return", "info"}
_MONTH_WORDS = set(MONTH_WORDS)
_DATE_TOKEN = re.compile(DATE_TOKEN)
_LICENSE_VALUE = re.compile(LICENSE_VALUE)
_DOB_CUES = set(DOB_CUES)
_UNIT_WORDS = set(UNIT_WORDS)
_STATE_WORDS = set(STATE_WORDS)
_UNIT_VALUE = re.compile(r"^#?\d{1,4}[A-Za-z]{0,2}$|^[A-Z]$")
_GLUED_UNIT = re.compile(r"^#\d{1,4}[A-Za-z]?$|^\d{1,2}(?:F|R|FL|L)$")
_CITY_WORD = re.compile(r"^[A-Z][A-Za-z'’.\-]+$")

# Tokenizer additions: split 'DL#S12345678', 'CC#172034567', 'dob:03/14/88', '(617)343-4444'.
_EXTRA_INFIXES = (r"(?<=[A-Za-z])#(?=[A-Za-z0-9])", r"(?<=[A-Za-z]):(?=\d)", r"(?<=\d)\)(?=\d)")
_EXTRA_PREFIXES = (r"[Mm][Aa][Ii][Ll][Tt][Oo]:",)


def records_tokenizer(base: Language) -> Tokenizer:
    """A copy of the model's tokenizer that also splits glued cues from values."""
    tokenizer = Tokenizer(base.vocab)
    tokenizer.from_bytes(base.tokenizer.to_bytes())
    infix = base.tokenizer.infix_finditer.__self__.pattern
    prefix = base.tokenizer.prefix_search.__self__.pattern
    tokenizer.infix_finditer = re.compile("|".join((infix, *_EXTRA_INFIXES))).finditer
    tokenizer.prefix_search = re.compile("|".join((*("^" + p for p in _EXTRA_PREFIXES), prefix))).search
    return tokenizer


@lru_cache(maxsize=4)
def records_pipeline(agencies_path: str | None = None) -> Language:
    """The tagging pipeline (cached): tokenizer, entity_ruler, ner, records_refiner."""
    base = load_model(disable=model_components_disabled())
    nlp = spacy.blank(base.lang, vocab=base.vocab)
    nlp.meta.update({k: base.meta[k] for k in ("name", "version") if k in base.meta})
    nlp.tokenizer = records_tokenizer(base)
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH", "validate": False})
    flags = Flags(assign_flags(nlp.vocab))
    ruler.add_patterns(all_patterns(load_institutions(agencies_path), flags))
    for name in model_components_needed():
        nlp.add_pipe(name, source=base)
    nlp.add_pipe("records_refiner", config={"agencies_path": agencies_path})
    return nlp


#: Flag ids already assigned to the word tests, per vocabulary.
_ASSIGNED_FLAGS: dict[int, dict[str, int]] = {}


def assign_flags(vocab) -> dict[str, int]:
    """Store each word test as a lexeme flag in the highest free flag bits of the vocabulary."""
    if id(vocab) in _ASSIGNED_FLAGS:
        return _ASSIGNED_FLAGS[id(vocab)]
    tests = word_tests()
    free = [bit for bit in range(63, 18, -1) if bit not in vocab.lex_attr_getters]
    if len(free) < len(tests):
        raise RuntimeError(f"the vocabulary has {len(free)} free flag bits; the patterns need {len(tests)}")
    ids = {name: vocab.add_flag(test, bit) for (name, test), bit in zip(sorted(tests.items()), free)}
    _ASSIGNED_FLAGS[id(vocab)] = ids
    return ids


def model_components_needed(name: str | None = None) -> tuple[str, ...]:
    """The model's components ``ner`` needs: itself, plus a shared tok2vec/transformer if it listens to one.

    Read from the package's config, so another model set through RECORDS_SPACY_MODEL
    (one whose ``ner`` listens to a shared embedding layer) still gets what it needs.
    """
    config = _model_config(name or model_name())
    components = config["components"]
    needed = ["ner"]
    embedding = components["ner"]["model"].get("tok2vec", {})
    if "Listener" in str(embedding.get("@architectures", "")):
        upstream = embedding.get("upstream", "*")
        needed += [n for n, c in components.items()
                   if c.get("factory") in ("tok2vec", "transformer") and upstream in ("*", n)]
    order = list(config["nlp"]["pipeline"])
    return tuple(sorted(needed, key=order.index))


def model_components_disabled(name: str | None = None) -> tuple[str, ...]:
    """The model's components the tagger leaves out."""
    config = _model_config(name or model_name())
    needed = model_components_needed(name)
    return tuple(c for c in config["nlp"]["pipeline"] if c not in needed)


@lru_cache(maxsize=4)
def _model_config(name: str):
    package = Path(importlib.import_module(name).__file__).parent
    found = sorted(package.glob("*/config.cfg")) or sorted(package.glob("config.cfg"))
    if not found:
        raise FileNotFoundError(f"no config.cfg in the package of model {name!r}")
    return spacy.util.load_config(found[0], interpolate=False)


@Language.factory("records_refiner", default_config={"agencies_path": None})
def make_records_refiner(nlp: Language, name: str, agencies_path: str | None):
    return RecordsRefiner(nlp, load_institutions(agencies_path))


class RecordsRefiner:
    """Trims, checks and completes the ruler's and the model's spans; sets canonical values."""

    def __init__(self, nlp: Language, institutions: Institutions):
        self.institutions = institutions
        self.license_matcher = Matcher(nlp.vocab)
        self.license_matcher.add("LICENSE", [[{"SHAPE": "Xdddd", "LENGTH": 9}]])

    def __call__(self, doc: Doc) -> Doc:
        today = date.today()
        rules: list[Span] = []
        models: list[Span] = []
        for ent in doc.ents:
            if ent.label_ in RULE_LABELS or ent.id_ == VALUE:
                span = self._refine_rule(doc, ent, today)
                if span is not None:
                    rules.append(span)
                    if ent.label_ == "DOB":
                        person = self._name_before(doc, ent.start)
                        if person is not None:
                            rules.append(person)
            elif ent.label_ == "PERSON":
                models.extend(self._clean_person(doc, ent.start, ent.end, MODEL))
            elif ent.label_ in MODEL_LABELS:
                models.append(Span(doc, ent.start, ent.end, label=ent.label_,
                                   kb_id=values.whitespace(ent.text), span_id=MODEL))
        rules.extend(self._bare_licenses(doc, rules))
        rules.extend(self._dates_after_people(doc, models + rules, today))
        rules = self._extend_addresses(doc, rules, models)
        doc.set_ents(_without_overlaps(rules, models), default="outside")
        return doc

    # -- rule spans -----------------------------------------------------------------------

    def _refine_rule(self, doc: Doc, ent: Span, today: date) -> Span | None:
        label, start, end = ent.label_, ent.start, ent.end
        if ent.id_ == VALUE:
            if label == "PERSON":
                if not _title_is_whole(doc[start:end]):
                    return None
                return next(iter(self._clean_person(doc, start, end, RULE)), None)
            value_start, end = _value_tokens(doc, label, start, end)
            if value_start >= end or (label == "DOB" and not _is_birth_cue(doc[start:value_start])):
                return None
            start = value_start
        text = doc[start:end].text
        if label in ("AGENCY", "COURT", "FACILITY"):
            if doc[start].lower_ == "the" and end - start > 1:
                start += 1
                text = doc[start:end].text
            code = ent.id_ if ent.id_ and ent.id_ != VALUE else self.institutions.code_for_alias(text)
            if code == "RMV" and end < len(doc) and doc[end].lower_ in _RMV_QUERY_WORDS:
                label, code = "FORM", "RMV"
            canonical = code or values.whitespace(text)
        elif label == "ADDRESS":
            if not doc[start].text[:1].isdigit():
                return None
            end = _address_end(doc, end)
            canonical = values.whitespace(doc[start:end].text)
        elif label == "STATUTE":
            canonical = values.statute(text)
            # 'c. 90' alone may be anything; with 'MGL' before it or a section after it, it is a citation.
            if canonical and doc[start].lower_ not in STATUTE_PREFIXES and "§" not in canonical:
                canonical = None
        elif label == "FORM":
            canonical = ent.id_ if ent.id_ and ent.id_ != VALUE else values.form(text)
        else:
            canonical = _CANONICAL[label](text) if label != "DOB" else values.date_of_birth(text, today)
        if canonical is None:
            return None
        return Span(doc, start, end, label=label, kb_id=canonical, span_id=RULE)

    def _bare_licenses(self, doc: Doc, rules: list[Span]) -> list[Span]:
        """'S12345678' without a cue right before it, but with 'license' / 'DL' a few words away."""
        taken = {i for span in rules for i in range(span.start, span.end)}
        found = []
        for _, start, end in self.license_matcher(doc):
            token = doc[start]
            if not _LICENSE_VALUE.match(token.text) or start in taken:
                continue
            window = doc[max(0, start - 8):min(len(doc), end + 4)]
            if any(t.lower_.rstrip(".#:") in _LICENSE_CUES for t in window):
                found.append(Span(doc, start, end, label="LICENSE", kb_id=token.text.upper(), span_id=RULE))
        return found

    def _dates_after_people(self, doc: Doc, spans: list[Span], today: date) -> list[Span]:
        """'John Doe (3/14/1988)': a date in brackets right after a name is a date of birth."""
        found = []
        for span in spans:
            if span.label_ != "PERSON" or span.end + 2 >= len(doc):
                continue
            opening, value, closing = doc[span.end], doc[span.end + 1], doc[span.end + 2]
            if opening.text == "(" and closing.text == ")" and _DATE_TOKEN.match(value.text):
                iso = values.date_of_birth(value.text, today)
                if iso:
                    found.append(Span(doc, value.i, value.i + 1, label="DOB", kb_id=iso, span_id=RULE))
        return found

    def _name_before(self, doc: Doc, cue_start: int) -> Span | None:
        """'DOE, JOHN DOB 1/2/90': the words right before a date-of-birth cue name a person."""
        end = cue_start
        while end > 0 and doc[end - 1].text in ("(", "-", ",", ":", "–"):
            end -= 1
        start = end
        while start > 0 and end - start < 4 and (
                doc[start - 1].text == "," or _is_name_word(doc[start - 1])):
            start -= 1
        while start < end and doc[start].text == ",":
            start += 1
        words = [t for t in doc[start:end] if t.text != ","]
        if len(words) < 2 or sum(t.text == "," for t in doc[start:end]) > 1:
            return None
        if any(t.ent_type_ in RULE_LABELS for t in doc[start:end]):
            return None
        return Span(doc, start, end, label="PERSON", kb_id=values.whitespace(doc[start:end].text), span_id=RULE)

    def _extend_addresses(self, doc: Doc, rules: list[Span], models: list[Span]) -> list[Span]:
        """'12 Main St, Dorchester': the model's place after a street address belongs to it."""
        places = {span.start: span for span in models if span.label_ in ("GPE", "LOC", "FAC")}
        extended = []
        for span in rules:
            if span.label_ == "ADDRESS" and span.end + 1 < len(doc) and doc[span.end].text == ",":
                place = places.get(span.end + 1)
                if place is not None and not any(t.text in _STATE_WORDS or t.like_num for t in span[-2:]):
                    span = Span(doc, span.start, place.end, label="ADDRESS",
                                kb_id=values.whitespace(doc[span.start:place.end].text), span_id=RULE)
            extended.append(span)
        return extended

    # -- people ---------------------------------------------------------------------------

    def _clean_person(self, doc: Doc, start: int, end: int, origin: str) -> list[Span]:
        """Split a name at line breaks, drop titles and possessives, and reject non-names."""
        pieces, piece_start = [], start
        for i in range(start, end):
            if "\n" in doc[i].text or doc[i].text == ";":
                pieces.append((piece_start, i))
                piece_start = i + 1
        pieces.append((piece_start, end))
        spans = []
        for s, e in pieces:
            while s < e and (doc[s].lower_.rstrip(".") in _CUE_WORDS or doc[s].is_space or doc[s].is_punct):
                s += 1
            while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space or doc[e - 1].lower_ in ("'s", "’s")):
                e -= 1
            if s < e and _looks_like_name(doc[s:e]):
                spans.append(Span(doc, s, e, label="PERSON", kb_id=values.whitespace(doc[s:e].text),
                                  span_id=origin))
        return spans


def _title_is_whole(span: Span) -> bool:
    """'Police Officer Jane Roe' yes, 'Police Jane Roe' or 'Special Jane' no."""
    cue = []
    for token in span:
        word = token.lower_.rstrip(".")
        if token.is_punct and token.text not in (".",):
            if cue:
                break
            continue
        if word in _CUE_WORDS and not _NAME_RE.match(token.text) or word in _TITLE_WORDS:
            if word:
                cue.append(word)
            continue
        break
    if not cue or cue[0] not in _TITLE_WORDS:
        return True  # a header or 'Name:' cue, not a title
    return cue[-1] in _TITLE_HEADS


def _is_birth_cue(cue: Span) -> bool:
    """'DOB', 'born on', 'date of birth'; a bare 'Date:' is not one."""
    return bool({t.lower_ for t in cue} & _DOB_CUES)


def _address_end(doc: Doc, end: int) -> int:
    """Extend a street ('12 Main St') over its unit, city, state and ZIP where they follow."""
    n = len(doc)

    def at(i: int) -> str:
        return doc[i].text if i < n else ""

    def skip_comma(i: int) -> int:
        return i + 1 if at(i) == "," else i

    def unit(i: int) -> int:
        j = skip_comma(i)
        if at(j).lower() in _UNIT_WORDS:
            k = j + 1 + (at(j + 1) in ("#", "."))
            if _UNIT_VALUE.match(at(k)):
                return k + 1
        if _GLUED_UNIT.match(at(j)):
            return j + 1
        return i

    def zip_code(i: int) -> int:
        if re.fullmatch(r"\d{5}", at(i)):
            if at(i + 1) == "-" and re.fullmatch(r"\d{4}", at(i + 2)):
                return i + 3
            return i + 1
        return i

    def state_and_zip(i: int) -> int:
        j = skip_comma(i)
        if at(j) in _STATE_WORDS:
            return zip_code(j + 1)
        return zip_code(j) if zip_code(j) > j else i

    end = unit(end)
    tail = state_and_zip(end)
    if tail > end:
        return tail
    j = skip_comma(end)
    k = j
    while k < n and k - j < 3 and _CITY_WORD.match(at(k)) and at(k).lower() not in _UNIT_WORDS \
            and at(k) not in _STATE_WORDS:
        k += 1
    if k > j:
        after_city = state_and_zip(k)
        if after_city > k:
            return after_city
        if at(k) == "(" and unit(k + 1) > k + 1 and at(unit(k + 1)) == ")":
            return unit(k + 1) + 1
    return end


def _is_name_word(token) -> bool:
    return bool(_NAME_RE.match(token.text)) and token.lower_ not in _NOT_NAMES


def _looks_like_name(span: Span) -> bool:
    text = span.text
    if any(ch.isdigit() for ch in text) or "@" in text or text.lower() in _NOT_PERSON_TEXT:
        return False
    words = [t for t in span if t.is_alpha]
    if not words or not any(t.text[0].isupper() for t in words):
        return False
    return not all(t.lower_ in _TITLE_WORDS or t.lower_ in _NOT_NAMES for t in words)


def _value_tokens(doc: Doc, label: str, start: int, end: int) -> tuple[int, int]:
    """The tokens of a cue-and-value match that carry the value."""
    if label == "LICENSE":
        for i in range(start, end):
            if values.license_number(doc[i].text):
                return i, i + 1
        return start, start
    is_value = ((lambda t: any(ch.isdigit() for ch in t.text) or t.lower_ in _MONTH_WORDS) if label == "DOB"
                else (lambda t: any(ch.isdigit() for ch in t.text)))
    first = next((i for i in range(start, end) if is_value(doc[i])), end)
    last = next((i for i in range(end - 1, first - 1, -1) if is_value(doc[i])), first - 1)
    return first, last + 1


def _without_overlaps(preferred: list[Span], others: list[Span]) -> list[Span]:
    """Preferred spans win; longer first among each group."""
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
