"""Find and show, in context, words that reveal how the work was seen.

Public API:

- ``find(messages)``: hits of the lexicon (hunting metaphors, loaded terms,
  familiarity, urgency, jokes, celebration) with exact character offsets into
  each message's ``body``, keyword in context, page and Bates number.
- ``concordance(messages, term)``: keyword in context for any word or phrase.
- ``rates(hits, messages, by=...)``: hits per 1,000 words by a grouping column.
- ``keyness(target_texts, reference_texts)``: distinctive words of one set of
  texts against another (Dunning log-likelihood G2 and log ratio).
- ``sentiment(messages)``: VADER compound score per message (read its limits).
- ``load_lexicon(path)``: read and check a lexicon file, to swap in another.

Reading hits against a release (notebook 04):

- ``form_start(text)``: where a printed form attached to an email begins.
- ``own_words(messages)``: each message's text without attached forms and
  without lines repeated across many messages (``boilerplate_lines``).
- ``sender_groups(messages)``: sender's name, agency and group (police, ICE, other).
- ``review(hits, messages, pages=...)``: hits with citation, part of the
  message (``hit_parts``), reasons to check them, and whether rates count them.
- ``counted_rates`` / ``rates_wide``: rates of counted hits, arguable entries apart.
- ``sentiment_summary``, ``plot_rates``, ``plot_keyness``.

Texts are tagged and lemmatised in lower case (so "HAPPY HUNTING" and
"Criminal Aliens" get the lemmas of their ordinary forms) while offsets and
the words shown stay exactly as written.

Messages that repeat another (``duplicate_of`` set) are left out by default so
that a forwarded email is counted once; pass ``include_duplicates=True`` to keep
them. Only the message's own text (``body``) is searched, not quoted history.
"""

from __future__ import annotations

import math
import re
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pandas as pd
import yaml
from spacy.attrs import LEMMA, POS, TAG
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from lib.core.cite import PageStamps, message_bates, message_page
from lib.core.context import one_line, sides
from lib.core.forms import ATTACHED_FORM, OWN_WORDS, form_start
from lib.core.models import load_model
from lib.core.paths import REFERENCE

DEFAULT_LEXICON = REFERENCE / "lexicon.yaml"

#: Characters of context shown on each side of a hit.
CONTEXT_WIDTH = 60

#: Marks the hit inside ``context`` (Markdown bold, so exported tables render it).
HIT_MARK = "**"

#: Optional message-table column: character offsets in ``body`` where each
#: following page begins (page_start + 1, page_start + 2, ...). When present,
#: ``page`` is the exact page of the hit rather than the message's first page.

#: Lemmas are all we need: no parser, no named entities.
_UNUSED_PIPES = ("parser", "ner")

_ENTRY_KEYS = {"id", "pattern", "arguable", "note"}
_STRING_ATTRS = {"ORTH", "TEXT", "LOWER", "NORM", "LEMMA", "POS", "TAG", "MORPH", "SHAPE",
                 "PREFIX", "SUFFIX", "ENT_TYPE", "DEP"}

HIT_COLUMNS = ["message_id", "category", "pattern_id", "match", "start_char", "end_char",
               "context", "page", "bates", "sender", "sent_at", "arguable"]
KWIC_COLUMNS = ["message_id", "left", "match", "right", "start_char", "end_char",
                "page", "bates", "sender", "sent_at"]


# --- Lexicon -----------------------------------------------------------------

class LexiconError(ValueError):
    """The lexicon file is malformed; the message names the entry at fault."""


@dataclass(frozen=True)
class Entry:
    """One pattern or exclusion of the lexicon."""

    id: str
    category: str
    pattern: list
    arguable: bool = False
    note: str = ""


@dataclass(frozen=True)
class Lexicon:
    """Categories of spaCy Matcher patterns, with exclusions for literal uses."""

    version: str
    descriptions: dict[str, str]
    patterns: tuple[Entry, ...]
    exclusions: tuple[Entry, ...] = ()
    path: Path | None = None

    @property
    def categories(self) -> list[str]:
        return list(self.descriptions)

    def entry(self, entry_id: str) -> Entry:
        return self._by_id[entry_id]

    def table(self) -> pd.DataFrame:
        """Every pattern and exclusion, one row each, for reading or publishing."""
        rows = [
            {"category": e.category, "kind": kind, "id": e.id, "arguable": e.arguable,
             "note": e.note, "pattern": e.pattern}
            for kind, entries in (("pattern", self.patterns), ("exclusion", self.exclusions))
            for e in entries
        ]
        return pd.DataFrame(rows, columns=["category", "kind", "id", "arguable", "note", "pattern"])

    @cached_property
    def _by_id(self) -> dict[str, Entry]:
        return {e.id: e for e in self.patterns + self.exclusions}

    @cached_property
    def _rank(self) -> dict[str, int]:
        # Position in the file breaks ties between equal spans deterministically.
        return {e.id: i for i, e in enumerate(self.patterns + self.exclusions)}

    @cached_property
    def _matchers(self) -> tuple[Matcher, Matcher]:
        vocab = _nlp().vocab
        hits, exclusions = Matcher(vocab, validate=True), Matcher(vocab, validate=True)
        for matcher, entries in ((hits, self.patterns), (exclusions, self.exclusions)):
            for e in entries:
                try:
                    matcher.add(e.id, [e.pattern])
                except Exception as err:  # spaCy's schema errors are long; lead with the id
                    raise LexiconError(f"{e.id}: invalid spaCy pattern: {err}") from err
        return hits, exclusions


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read a lexicon YAML file (default: ``lib/reference/lexicon.yaml``) and check it.

    Raises ``LexiconError`` naming the entry when an id repeats, a field is
    unknown, a pattern is not valid spaCy Matcher syntax, or YAML turned a bare
    word such as ``on``/``yes``/``no`` into a boolean.
    """
    path = Path(path) if path is not None else DEFAULT_LEXICON
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    lexicon = _lexicon_from_dict(data, path)
    lexicon._matchers  # noqa: B018 - compile now so errors surface at load time
    return lexicon


def _lexicon_from_dict(data, path: Path | None) -> Lexicon:
    if not isinstance(data, dict) or not isinstance(data.get("categories"), dict):
        raise LexiconError("a lexicon needs a 'categories' mapping")
    if not data.get("version"):
        raise LexiconError("a lexicon needs a 'version' (published counts cite it)")
    descriptions, patterns, exclusions, seen = {}, [], [], set()
    for category, spec in data["categories"].items():
        if not isinstance(spec, dict) or not str(spec.get("description") or "").strip():
            raise LexiconError(f"category {category!r} needs a description")
        if not spec.get("patterns"):
            raise LexiconError(f"category {category!r} has no patterns")
        descriptions[str(category)] = " ".join(str(spec["description"]).split())
        for key, bucket in (("patterns", patterns), ("exclusions", exclusions)):
            for raw in spec.get(key) or []:
                entry = _entry(raw, str(category))
                if entry.id in seen:
                    raise LexiconError(f"id {entry.id!r} is used twice")
                seen.add(entry.id)
                bucket.append(entry)
    return Lexicon(version=str(data["version"]), descriptions=descriptions,
                   patterns=tuple(patterns), exclusions=tuple(exclusions), path=path)


def _entry(raw, category: str) -> Entry:
    if not isinstance(raw, dict) or not raw.get("id"):
        raise LexiconError(f"an entry of {category!r} has no id: {raw!r}")
    entry_id = str(raw["id"])
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise LexiconError(f"{entry_id}: unknown field(s) {sorted(unknown)}")
    pattern = raw.get("pattern")
    if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) for t in pattern):
        raise LexiconError(f"{entry_id}: 'pattern' must be a non-empty list of token dicts")
    for token in pattern:
        _check_strings(entry_id, token)
    return Entry(id=entry_id, category=category, pattern=pattern,
                 arguable=bool(raw.get("arguable", False)), note=" ".join(str(raw.get("note") or "").split()))


def _check_strings(entry_id: str, token: dict) -> None:
    """Catch YAML's bare on/off/yes/no (booleans) and numbers where text is meant."""
    for attr, value in token.items():
        if attr == "_" and isinstance(value, dict):
            continue
        if attr.upper() not in _STRING_ATTRS:
            continue
        values = [value]
        if isinstance(value, dict):
            values = [v for key in ("IN", "NOT_IN") for v in value.get(key, [])]
            values += [value[k] for k in ("REGEX", "FUZZY") if k in value]
        for v in values:
            if not isinstance(v, str):
                raise LexiconError(f"{entry_id}: {attr} value {v!r} is not text; quote it in the YAML")


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return load_lexicon()


def _resolve_lexicon(lexicon: Lexicon | str | Path | None) -> Lexicon:
    if lexicon is None:
        return _default_lexicon()
    if isinstance(lexicon, Lexicon):
        return lexicon
    return load_lexicon(lexicon)


# --- Text analysis -----------------------------------------------------------

def _nlp():
    return load_model(disable=_UNUSED_PIPES)


@dataclass(frozen=True)
class _Analysed:
    """A text's words as a tagged Doc, and where each word starts in the text."""

    doc: Doc
    starts: tuple[int, ...]

    def chars(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets in the original text of tokens ``start:end``."""
        return self.starts[start], self.starts[end - 1] + len(self.doc[end - 1].text)


_DOC_CACHE: OrderedDict[str, _Analysed] = OrderedDict()
#: Characters of text whose analyses are kept for texts asked for again (a sample release's all fit).
#: A long text's analysis takes a few hundred times its size, so the bound is on text, not texts.
_DOC_CACHE_CHARS = 2_000_000
#: Texts tagged together, and at most this much text: only a batch's analyses (and the cache) are held at once.
_ANALYSE_BATCH = 256
_ANALYSE_BATCH_CHARS = 50_000
#: Texts the tagger takes at once. Its working memory grows with a batch's words (long quoted
#: histories), and on a CPU small batches are no slower.
_TAGGER_BATCH = 4


def forget_analyses() -> None:
    """Drop the cached analyses of texts: for a worker that moves on to other messages."""
    _DOC_CACHE.clear()


def _analyse(texts: Iterable[str]) -> Iterator[_Analysed]:
    """Each text's analysis, in order, tagged a batch at a time (see ``_analyse_batch``).

    A release's analyses are never held together: a caller that walks them one
    by one holds a batch at a time.
    """
    batch, size = [], 0
    for text in texts:
        batch.append(text if isinstance(text, str) else "")
        size += len(batch[-1])
        if len(batch) >= _ANALYSE_BATCH or size >= _ANALYSE_BATCH_CHARS:
            yield from _analyse_batch(batch)
            batch, size = [], 0
    if batch:
        yield from _analyse_batch(batch)


def _analyse_batch(texts: list[str]) -> list[_Analysed]:
    """Analyses of some texts, from the cache or made now.

    Tokenise as written, then tag and lemmatise the lower-cased words.

    Runs of whitespace (line breaks of a PDF text layer, double spaces) become
    one space so that patterns match across them; ``starts`` keeps the way
    back to the original offsets. Lower-casing matters because capitalised
    words in subject lines and sign-offs are otherwise tagged as proper nouns
    and keep their surface form as lemma ("Aliens", "BAGGED").
    """
    nlp = _nlp()
    todo = [t for t in dict.fromkeys(texts) if t not in _DOC_CACHE]
    layouts = []
    for text in todo:
        tokens = [tok for tok in nlp.make_doc(text) if not tok.is_space]
        starts = [tok.idx for tok in tokens]
        ends = [tok.idx + len(tok) for tok in tokens]
        spaces = [end < nxt for end, nxt in zip(ends, starts[1:])] + [False] * bool(tokens)
        layouts.append(([tok.text for tok in tokens], spaces, tuple(starts)))
    folded = (Doc(nlp.vocab, words=[w.lower() for w in words], spaces=spaces) for words, spaces, _ in layouts)
    for text, (words, spaces, starts), tagged in zip(todo, layouts, nlp.pipe(folded, batch_size=_TAGGER_BATCH)):
        doc = Doc(nlp.vocab, words=words, spaces=spaces)
        doc.from_array([TAG, POS, LEMMA], tagged.to_array([TAG, POS, LEMMA]))
        _DOC_CACHE[text] = _Analysed(doc, starts)
    result = []
    for t in texts:
        _DOC_CACHE.move_to_end(t)
        result.append(_DOC_CACHE[t])
    # The oldest go first; this batch's, the newest, stay.
    cached = sum(map(len, _DOC_CACHE))
    batch = set(texts)
    while cached > _DOC_CACHE_CHARS and next(iter(_DOC_CACHE)) not in batch:
        cached -= len(_DOC_CACHE.popitem(last=False)[0])
    return result


def _is_word(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _word_count(text: str) -> int:
    """Tokens with a letter or digit: the denominator of every rate."""
    return sum(1 for tok in _nlp().make_doc(text) if _is_word(tok.text))


def _longest_first(spans: list[tuple[int, int, str]], rank: dict[str, int]) -> list[tuple[int, int, str]]:
    """Keep non-overlapping spans, longest first, then earliest, then lexicon order."""
    kept, taken = [], set()
    for start, end, label in sorted(spans, key=lambda s: (s[0] - s[1], s[0], rank.get(s[2], 0), s[2])):
        if not taken.intersection(range(start, end)):
            kept.append((start, end, label))
            taken.update(range(start, end))
    return sorted(kept)


def _lexicon_hits(doc: Doc, lexicon: Lexicon, categories: set[str]) -> list[tuple[str, int, int, str, str | None]]:
    """(category, start token, end token, pattern id, excluded_by) for one document."""
    hit_matcher, exclusion_matcher = lexicon._matchers
    strings = doc.vocab.strings
    found: dict[str, list] = {}
    for match_id, start, end in hit_matcher(doc):
        entry = lexicon.entry(strings[match_id])
        if entry.category in categories:
            found.setdefault(entry.category, []).append((start, end, entry.id))
    blocks: dict[str, list] = {}
    for match_id, start, end in exclusion_matcher(doc):
        entry = lexicon.entry(strings[match_id])
        blocks.setdefault(entry.category, []).append((start, end, entry.id))
    result = []
    for category, spans in found.items():
        category_blocks = sorted(blocks.get(category, []))
        kept, dropped = [], []
        for start, end, entry_id in spans:
            blocker = next((b for s, e, b in category_blocks if s < end and start < e), None)
            (dropped if blocker else kept).append((start, end, entry_id, blocker))
        for group in (kept, dropped):
            blocker_of = {(s, e, i): b for s, e, i, b in group}
            for start, end, entry_id in _longest_first([g[:3] for g in group], lexicon._rank):
                result.append((category, start, end, entry_id, blocker_of[(start, end, entry_id)]))
    return result


# --- Message tables ----------------------------------------------------------

def _in_scope(messages, text_column: str, include_duplicates: bool) -> pd.DataFrame:
    """The message table to search; plain strings become messages '0', '1', ..."""
    if isinstance(messages, pd.Series):
        table = pd.DataFrame({"message_id": messages.index.astype(str), text_column: messages.to_numpy()})
    elif isinstance(messages, pd.DataFrame):
        table = messages
    elif isinstance(messages, str):
        raise TypeError("pass a message table or a list of texts, not a single string")
    else:
        texts = list(messages)
        table = pd.DataFrame({"message_id": [str(i) for i in range(len(texts))], text_column: texts})
    if "message_id" not in table:
        raise ValueError("the message table needs a 'message_id' column")
    if text_column not in table:
        raise ValueError(f"the message table has no {text_column!r} column")
    if not include_duplicates and "duplicate_of" in table:
        table = table[table["duplicate_of"].isna()]
    return table.reset_index(drop=True)


def _texts(table: pd.DataFrame, text_column: str) -> list[str]:
    return [t if isinstance(t, str) else "" for t in table[text_column].tolist()]


def _column(table: pd.DataFrame, name: str) -> list:
    return table[name].tolist() if name in table else [None] * len(table)


def _provenance(table: pd.DataFrame) -> list[tuple]:
    """Per message: id, sender, time sent, and the row itself (what ``lib.core.cite`` needs to cite a hit)."""
    rows = list(table.itertuples(index=False)) if len(table.columns) else [None] * len(table)
    return list(zip(_column(table, "message_id"), _column(table, "sender"), _column(table, "sent_at"), rows))


def _citation(message, text_column: str, start_char: int, stamps: PageStamps) -> dict:
    """The page and Bates number of a hit (``lib.core.cite``); none for a bare text."""
    if message is None:
        return {"page": None, "bates": None}
    page = message_page(message, text_column, start_char)
    return {"page": page, "bates": message_bates(message, page, stamps)}


def _finish(rows: list[dict], columns: list[str], table: pd.DataFrame, sort_tail: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=columns)
    for col in ("start_char", "end_char"):
        if col in out:
            out[col] = out[col].astype("int64")
    out["page"] = out["page"].astype("Int64")
    for col in ("message_id", "bates", "sender"):
        out[col] = out[col].astype(pd.StringDtype())
    if "sent_at" in table and isinstance(table["sent_at"].dtype, pd.DatetimeTZDtype):
        out["sent_at"] = pd.to_datetime(out["sent_at"], utc=True).dt.tz_convert(table["sent_at"].dt.tz)
    elif "sent_at" in table:
        out["sent_at"] = pd.to_datetime(out["sent_at"])
    else:
        out["sent_at"] = pd.to_datetime(out["sent_at"], utc=True)
    return _by_sending(out, sort_tail)


def _by_sending(hits: pd.DataFrame, sort_tail: list[str]) -> pd.DataFrame:
    keys = ["sent_at", "message_id", "start_char", "end_char"] + sort_tail
    return hits.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)


def in_sending_order(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """``find``'s hits in batches of messages (in table order) as one table, as one call would give."""
    if not parts:
        return find([])
    hits = _by_sending(pd.concat(parts, ignore_index=True), ["category", "pattern_id"])
    hits.attrs = dict(parts[0].attrs)
    return hits


# --- Public API --------------------------------------------------------------

def find(messages, lexicon: Lexicon | str | Path | None = None, *, categories: Sequence[str] | None = None,
         text_column: str = "body", include_duplicates: bool = False, include_excluded: bool = False,
         width: int = CONTEXT_WIDTH, pages: pd.DataFrame | None = None) -> pd.DataFrame:
    """Lexicon hits, one row each, in order of sending.

    ``messages`` is a message table (see ``lib.core.schema``) or a list of texts.
    ``start_char``/``end_char`` index the message's ``text_column``, so
    ``body[start_char:end_char] == match``. ``context`` shows ``width``
    characters each side on one line with the hit in ``**bold**``. ``page`` and
    ``bates`` cite the hit by ``lib.core.cite``: the page holding it and the
    Bates number printed on that page (give ``pages``, the page table, for the
    stamps of a message's later pages).
    ``arguable`` flags entries whose reading is disputed (see the lexicon).

    With ``include_excluded=True`` hits removed by an exclusion are kept too,
    with the exclusion's id in ``excluded_by``: the way to audit exclusions.
    """
    lex = _resolve_lexicon(lexicon)
    if isinstance(categories, str):
        categories = [categories]
    wanted = set(lex.categories if categories is None else categories)
    unknown = wanted - set(lex.categories)
    if unknown:
        raise ValueError(f"unknown categories {sorted(unknown)}; the lexicon has {lex.categories}")
    table = _in_scope(messages, text_column, include_duplicates)
    texts = _texts(table, text_column)
    rows = []
    stamps = PageStamps(pages)
    for text, analysed, (message_id, sender, sent_at, message) in zip(texts, _analyse(texts), _provenance(table)):
        for category, start, end, entry_id, excluded_by in _lexicon_hits(analysed.doc, lex, wanted):
            if excluded_by and not include_excluded:
                continue
            start_char, end_char = analysed.chars(start, end)
            match = text[start_char:end_char]
            left, right = sides(text, start_char, end_char, width)
            rows.append({
                "message_id": message_id, "category": category, "pattern_id": entry_id,
                "match": match, "start_char": start_char, "end_char": end_char,
                "context": f"{left}{HIT_MARK}{one_line(match)}{HIT_MARK}{right}",
                **_citation(message, text_column, start_char, stamps), "sender": sender,
                "sent_at": sent_at, "arguable": lex.entry(entry_id).arguable, "excluded_by": excluded_by,
            })
    columns = HIT_COLUMNS + (["excluded_by"] if include_excluded else [])
    out = _finish(rows, columns, table, ["category", "pattern_id"])
    out["arguable"] = out["arguable"].astype(bool)
    for col in ("category", "pattern_id", "match", "context", *columns[len(HIT_COLUMNS):]):
        out[col] = out[col].astype(pd.StringDtype())
    out.attrs["lexicon_version"] = lex.version
    return out


def concordance(messages, term: str | Sequence[str], *, width: int = CONTEXT_WIDTH, lemma: bool = False,
                text_column: str = "body", include_duplicates: bool = False,
                pages: pd.DataFrame | None = None) -> pd.DataFrame:
    """Keyword in context for a word or phrase (or a list of alternatives).

    Case is ignored. With ``lemma=True`` inflections match too ("bag" finds
    "bagged", "bagging"). spaCy gives some nouns their own lemma ("hunting" the
    noun is not "hunt"), so pass both forms when it matters: ``["hunt", "hunting"]``.
    ``left`` and ``right`` are ``width`` characters on one line.
    """
    terms = [term] if isinstance(term, str) else list(term)
    terms = [t for t in terms if isinstance(t, str) and t.strip()]
    if not terms:
        raise ValueError("concordance needs a non-empty term")
    table = _in_scope(messages, text_column, include_duplicates)
    texts = _texts(table, text_column)
    matcher = PhraseMatcher(_nlp().vocab, attr="LEMMA" if lemma else "LOWER")
    matcher.add("TERM", [a.doc for a in _analyse([t.strip() for t in terms])])
    rows = []
    stamps = PageStamps(pages)
    for text, analysed, (message_id, sender, sent_at, message) in zip(texts, _analyse(texts), _provenance(table)):
        for start, end, _ in _longest_first([(s, e, "TERM") for _, s, e in matcher(analysed.doc)], {}):
            start_char, end_char = analysed.chars(start, end)
            left, right = sides(text, start_char, end_char, width)
            rows.append({
                "message_id": message_id, "left": left, "match": text[start_char:end_char], "right": right,
                "start_char": start_char, "end_char": end_char, **_citation(message, text_column, start_char, stamps),
                "sender": sender, "sent_at": sent_at,
            })
    out = _finish(rows, KWIC_COLUMNS, table, [])
    for col in ("left", "match", "right"):
        out[col] = out[col].astype(pd.StringDtype())
    return out


def rates(hits: pd.DataFrame, messages: pd.DataFrame, by: str | Sequence[str], *,
          categories: Sequence[str] | None = None, text_column: str = "body",
          include_duplicates: bool = False, per: int = 1000) -> pd.DataFrame:
    """Hits per ``per`` words (column ``per_1000_words``) for each group of messages and each category.

    ``hits`` is a table from ``find``. ``by`` names columns of the message table
    (e.g. the sender's agency, or a period made with
    ``messages.assign(month=messages.sent_at.dt.strftime("%Y-%m"))``). Every
    group appears for every category (those in ``hits``, or ``categories``),
    with zero hits where none, so the table shows the word totals behind each
    rate. ``messages_with_hits`` shows whether a rate rests on one talkative
    message. Hits on messages outside the table, or on duplicates when they are
    left out, are not counted.
    """
    keys = [by] if isinstance(by, str) else list(by)
    if not keys:
        raise ValueError("rates needs at least one grouping column in 'by'")
    table = _in_scope(messages, text_column, include_duplicates)
    missing = [k for k in keys if k not in table]
    if missing:
        raise ValueError(f"the message table has no column(s) {missing}")
    table = table[["message_id", *keys]].assign(words=[_word_count(t) for t in _texts(table, text_column)])
    groups = (table.groupby(keys, dropna=False, sort=True)
              .agg(messages=("message_id", "size"), words=("words", "sum")).reset_index())
    scoped = hits[["message_id", "category"]].merge(table[["message_id", *keys]], on="message_id")
    counts = (scoped.groupby([*keys, "category"], dropna=False)
              .agg(hits=("message_id", "size"), messages_with_hits=("message_id", "nunique")).reset_index())
    counts["category"] = counts["category"].astype(pd.StringDtype())
    names = sorted(hits["category"].dropna().unique()) if categories is None else list(categories)
    every = pd.DataFrame({"category": pd.array(names, dtype=pd.StringDtype())})
    out = groups.merge(every, how="cross").merge(counts, on=[*keys, "category"], how="left")
    out[["hits", "messages_with_hits"]] = out[["hits", "messages_with_hits"]].fillna(0).astype("int64")
    out["words"] = out["words"].astype("int64")
    rate = out["hits"] / out["words"].where(out["words"] > 0) * per
    out[f"per_{per}_words"] = rate.astype("float64")
    ordered = [*keys, "category", "hits", "messages_with_hits", "messages", "words", out.columns[-1]]
    return out[ordered].sort_values([*keys, "category"], na_position="last", kind="stable").reset_index(drop=True)


def log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """Dunning's G2 for a term seen ``a`` times in ``c`` words and ``b`` times in ``d`` words.

    G2 = 2 * (a ln(a/E1) + b ln(b/E2)), E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d),
    with 0 ln 0 = 0 (Rayson and Garside 2000). Above 3.84 is p < 0.05 with one
    degree of freedom; above 15.13 is p < 0.0001.
    """
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    g2 = 0.0
    for observed, expected in ((a, e1), (b, e2)):
        if observed > 0:
            g2 += observed * math.log(observed / expected)
    return 2 * g2


def log_ratio(a: float, b: float, c: float, d: float) -> float:
    """Binary log of the ratio of relative frequencies (Hardie 2014); a zero count counts as 0.5.

    1 means twice as frequent in the target, -1 half as frequent.
    """
    a, b = (a or 0.5), (b or 0.5)
    return math.log2((a / c) / (b / d))


def _content_lemmas(docs: Iterable[Doc]) -> tuple[Counter, int]:
    stop_words = _nlp().Defaults.stop_words
    counts, words = Counter(), 0
    for doc in docs:
        for tok in doc:
            if not _is_word(tok.text):
                continue
            words += 1
            lemma = tok.lemma_.lower()
            if tok.is_alpha and len(lemma) > 1 and not tok.is_stop and lemma not in stop_words:
                counts[lemma] += 1
    return counts, words


def keyness(target_texts: Iterable[str], reference_texts: Iterable[str], *, min_count: int = 5,
            per: int = 1000) -> pd.DataFrame:
    """Terms distinctive of the target texts against the reference texts.

    Terms are lower-cased lemmas of alphabetic tokens, without stop words,
    punctuation or numbers. Corpus sizes count every word (any token with a
    letter or digit), stop words included. Terms seen fewer than ``min_count``
    times in both corpora together are left out. Columns: counts, frequencies
    per ``per`` words, ``g2`` (log-likelihood), ``p_value`` (chi-squared, 1 df,
    not corrected for the many terms tested), ``log_ratio`` (effect size) and
    ``more_in`` ("target" or "reference"). Sorted by ``g2``, largest first.
    Empty when either side has no words.
    """
    target, target_words = _content_lemmas(a.doc for a in _analyse(list(target_texts)))
    reference, reference_words = _content_lemmas(a.doc for a in _analyse(list(reference_texts)))
    rows = []
    # With no words on one side (a release without ICE-written text, say) nothing is distinctive: an empty table.
    terms = sorted(set(target) | set(reference)) if target_words and reference_words else []
    for term in terms:
        a, b = target[term], reference[term]
        if a + b < min_count:
            continue
        g2 = log_likelihood(a, b, target_words, reference_words)
        rows.append({
            "term": term, "target_count": a, "reference_count": b,
            "target_per_1000": a / target_words * per, "reference_per_1000": b / reference_words * per,
            "g2": g2, "p_value": math.erfc(math.sqrt(g2 / 2)),
            "log_ratio": log_ratio(a, b, target_words, reference_words),
            "more_in": "target" if a / target_words >= b / reference_words else "reference",
        })
    columns = ["term", "target_count", "reference_count", "target_per_1000", "reference_per_1000",
               "g2", "p_value", "log_ratio", "more_in"]
    out = pd.DataFrame(rows, columns=columns)
    if per != 1000:
        out = out.rename(columns={"target_per_1000": f"target_per_{per}", "reference_per_1000": f"reference_per_{per}"})
    out.attrs.update(target_words=target_words, reference_words=reference_words)
    return out.sort_values(["g2", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentiment(messages, *, text_column: str = "body", include_duplicates: bool = False) -> pd.DataFrame:
    """VADER sentiment per message: ``compound`` in [-1, 1] and the shares ``positive``, ``neutral``, ``negative``.

    Limits, to state next to any use of these scores:

    - VADER's word list was built for social-media posts, not police or ICE
      email. Enforcement vocabulary reads as negative whatever the tone
      ("criminal", "arrest", "assault", "warrant"), so messages about serious
      charges score low even when written warmly.
    - It cannot see sarcasm, irony or in-group jokes; "Happy hunting" scores
      as plainly positive because of "happy".
    - Boilerplate moves scores: "Thank you" sign-offs and signature blocks
      add positivity; quoted charges add negativity.
    - Scores on very short messages ("10-4", "Thanks") swing to extremes.

    Use it to find messages to read, not as a measure of attitude.
    """
    table = _in_scope(messages, text_column, include_duplicates)
    analyzer = _vader()
    rows = []
    for message_id, text in zip(table["message_id"].tolist(), _texts(table, text_column)):
        scores = analyzer.polarity_scores(text)
        rows.append({"message_id": message_id, "compound": scores["compound"], "positive": scores["pos"],
                     "neutral": scores["neu"], "negative": scores["neg"], "words": _word_count(text)})
    out = pd.DataFrame(rows, columns=["message_id", "compound", "positive", "neutral", "negative", "words"])
    out["message_id"] = out["message_id"].astype(pd.StringDtype())
    for col in ("sender", "sent_at"):
        if col in table:
            out[col] = table[col].to_numpy()
    return out


# --- Reading hits against the release ---------------------------------------------

#: Groups of senders for rates and keyness, from the agency's side in ``agencies.csv``.
SENDER_GROUPS = ("police", "ICE", "other")
_GROUP_OF_SIDE = {"police": "police", "ice": "ICE"}

#: ``part`` of a hit: in the sender's own words, or in a printed form that follows them.
#: An "emoticon" such as ``8)`` or ``B)`` opening a line numbers a list item.
_LIST_MARKER = re.compile(r"^[0-9A-Za-z]\)$")

REVIEW_COLUMNS = ["category", "pattern_id", "match", "context", "sent_at", "sender", "agency", "group",
                  "message_id", "where", "source_file", "page", "bates", "arguable", "part", "check", "counted"]


def _line_key(line: str) -> str:
    return " ".join(line.split()).lower()


def boilerplate_lines(texts: Iterable[str], *, min_messages: int = 5,
                      lexicon: Lexicon | str | Path | None = None) -> set[str]:
    """Lines printed word for word in at least ``min_messages`` of the texts, unless they hold a lexicon hit.

    These are signature blocks, disclaimers, "Sent from my iPhone" and stock
    replies. Lines are compared in lower case with runs of spaces made one, and
    returned in that form. A repeated line with a hit ("Happy hunting!" as a
    habitual sign-off) is never boilerplate: habits are what the lexicon is for.
    """
    counts: Counter = Counter()
    as_written: dict[str, str] = {}
    for text in texts:
        keys = {}
        for line in (text if isinstance(text, str) else "").splitlines():
            if key := _line_key(line):
                keys.setdefault(key, line)
        counts.update(keys.keys())
        for key, line in keys.items():
            as_written.setdefault(key, line)
    candidates = sorted(key for key, n in counts.items() if n >= min_messages)
    if not candidates:
        return set()
    with_hits = set(find([as_written[key] for key in candidates], lexicon)["message_id"].astype(int))
    return {key for i, key in enumerate(candidates) if i not in with_hits}


def own_words(messages: pd.DataFrame, *, text_column: str = "body", min_messages: int = 5,
              lexicon: Lexicon | str | Path | None = None) -> pd.Series:
    """Each message's text as its sender wrote it: no attached form, no boilerplate lines.

    Forms are cut at ``form_start``; lines that ``boilerplate_lines`` finds
    across these messages are dropped. Pass one printing of each message
    (duplicates left out), or repeated printings will count as repeated lines.
    The result has the table's index, for word totals, keyness and sentiment.
    """
    texts = [t if isinstance(t, str) else "" for t in messages[text_column].tolist()]
    written = [t if form_start(t) is None else t[:form_start(t)] for t in texts]
    repeated = boilerplate_lines(written, min_messages=min_messages, lexicon=lexicon)
    kept = ["\n".join(line for line in t.splitlines() if _line_key(line) not in repeated) for t in written]
    return pd.Series(kept, index=messages.index, name="own_words", dtype=pd.StringDtype())


def sender_groups(messages: pd.DataFrame, agencies: pd.DataFrame | None = None) -> pd.DataFrame:
    """Who wrote each message: ``sender`` (name as printed), ``agency`` code and ``group``.

    The agency comes from the sender's email domain; a sender printed only by
    name gets the address the release shows for that name elsewhere (see
    ``lib.core.directory.Directory``). ``group`` is "police", "ICE" or "other" (any
    other agency, or none known). Indexed like ``messages``.
    """
    from lib.core.directory import Directory  # drawing libraries load only when needed

    directory = Directory(messages, agencies)
    rows = []
    for sender, name in zip(messages["sender"].tolist(), messages["sender_name"].tolist()):
        key = directory.sender_key(sender, name)
        agency = directory.agency(key)
        label = directory.label(key) if key else next((str(v) for v in (name, sender) if not pd.isna(v)), "unknown")
        rows.append({"sender": label, "agency": agency,
                     "group": _GROUP_OF_SIDE.get(directory.side(key), "other")})
    out = pd.DataFrame(rows, index=messages.index, columns=["sender", "agency", "group"])
    return out.astype({"sender": pd.StringDtype(), "agency": pd.StringDtype(), "group": pd.StringDtype()})


def _is_list_marker(body: str, start: int, end: int) -> bool:
    line_start = body.rfind("\n", 0, start) + 1
    return not body[line_start:start].strip() and bool(_LIST_MARKER.match(body[start:end]))


def hit_parts(hits: pd.DataFrame, messages: pd.DataFrame) -> pd.Series:
    """For each hit of ``find``: "own words", or "attached form" when it lies in a form (see ``form_start``)."""
    starts = {m: form_start(b) for m, b in zip(messages["message_id"].tolist(), messages["body"].tolist())}
    parts = [ATTACHED_FORM if starts.get(m) is not None and s >= starts[m] else OWN_WORDS
             for m, s in zip(hits["message_id"].tolist(), hits["start_char"].tolist())]
    return pd.Series(parts, index=hits.index, name="part", dtype=pd.StringDtype())


def review(hits: pd.DataFrame, messages: pd.DataFrame, *, pages: pd.DataFrame | None = None,
           senders: pd.DataFrame | None = None) -> pd.DataFrame:
    """The hits of ``find`` with what a reader needs to check each one before quoting it.

    Adds the sender's name, agency and group (``sender_groups``), the file,
    ``bates`` of the page holding the hit (from ``pages``, else the message's
    first Bates number), ``where`` ("file.pdf p. 12 (BPD-000123)"), ``part``
    ("own words" or "attached form", see ``form_start``), ``check`` (why a hit
    needs a second look beyond the lexicon's ``arguable`` flag, or that its
    text survives only as a quote in another message) and
    ``counted``: whether rates count it (own words, and not a list number taken
    for an emoticon). Keeps the order of ``hits``.
    """
    from lib.core.cite import where  # drawing libraries load only when needed

    table = messages.set_index("message_id", drop=False)
    senders = sender_groups(messages) if senders is None else senders
    senders = senders.set_axis(messages["message_id"].to_numpy())
    stamps = PageStamps(pages)
    rows = []
    for hit, part in zip(hits.itertuples(index=False), hit_parts(hits, messages).tolist()):
        body = table.at[hit.message_id, "body"]
        body = body if isinstance(body, str) else ""
        source_file = table.at[hit.message_id, "source_file"]
        page = hit.page
        bates = message_bates(table.loc[hit.message_id], page, stamps) if pages is not None else hit.bates
        not_counted = []
        if part == ATTACHED_FORM:
            not_counted.append("printed form, not the sender's words")
        if hit.pattern_id == "jokes.emoticon" and _is_list_marker(body, hit.start_char, hit.end_char):
            not_counted.append("opens a line: a list number, not an emoticon")
        checks = list(not_counted)
        if "reconstructed" in table and bool(table.at[hit.message_id, "reconstructed"]):
            quoted_in = table.at[hit.message_id, "quoted_in"] if "quoted_in" in table else None
            checks.append("recovered from a quote" + ("" if pd.isna(quoted_in) else f" in {quoted_in}"))
        rows.append({
            "category": hit.category, "pattern_id": hit.pattern_id, "match": hit.match, "context": hit.context,
            "sent_at": hit.sent_at, **senders.loc[hit.message_id, ["sender", "agency", "group"]].to_dict(),
            "message_id": hit.message_id, "where": where(source_file, page, bates),
            "source_file": source_file, "page": page, "bates": bates, "arguable": hit.arguable,
            "part": part, "check": "; ".join(checks), "counted": not not_counted,
        })
    out = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
    out["sent_at"] = hits["sent_at"].set_axis(out.index)  # keeps the time zone
    out["page"] = out["page"].astype("Int64")
    out[["arguable", "counted"]] = out[["arguable", "counted"]].astype(bool)
    strings = [c for c in REVIEW_COLUMNS if c not in ("sent_at", "page", "arguable", "counted")]
    return out.astype({c: pd.StringDtype() for c in strings})


def hit_counts(reviewed: pd.DataFrame, lexicon: Lexicon | str | Path | None = None) -> pd.DataFrame:
    """Per category, in the lexicon's order: all hits, where they fall, how many are counted, arguable, messages."""
    lex = _resolve_lexicon(lexicon)
    table = reviewed.assign(in_own_words=reviewed["part"] == OWN_WORDS,
                            in_attached_forms=reviewed["part"] == ATTACHED_FORM,
                            counted_arguable=reviewed["counted"] & reviewed["arguable"])
    out = (table.groupby("category", sort=False)
           .agg(hits=("match", "size"), in_own_words=("in_own_words", "sum"),
                in_attached_forms=("in_attached_forms", "sum"), counted=("counted", "sum"),
                counted_arguable=("counted_arguable", "sum"))
           .reindex(lex.categories, fill_value=0))
    counted_messages = table[table["counted"]].groupby("category")["message_id"].nunique()
    out["messages_counted"] = counted_messages.reindex(out.index, fill_value=0)
    return out.astype("int64").rename_axis("category").reset_index()


def arguable_label(category: str) -> str:
    return f"{category} (arguable)"


def counted_rates(reviewed: pd.DataFrame, messages: pd.DataFrame, by: str | Sequence[str], *,
                  text_column: str = "own_words", lexicon: Lexicon | str | Path | None = None) -> pd.DataFrame:
    """``rates`` of the counted hits of ``review``, arguable entries in rows of their own.

    A category with arguable entries gets a second row, "hunting (arguable)",
    so a rate never mixes firm and disputed readings. Word totals come from
    ``text_column`` (by default the sender's own words, see ``own_words``).
    Categories follow the lexicon's order.
    """
    lex = _resolve_lexicon(lexicon)
    counted = reviewed[reviewed["counted"]]
    labelled = counted.assign(category=[arguable_label(c) if a else c
                                        for c, a in zip(counted["category"], counted["arguable"])])
    order = []
    for category in lex.categories:
        order.append(category)
        if any(e.arguable for e in lex.patterns if e.category == category):
            order.append(arguable_label(category))
    out = rates(labelled, messages, by, categories=order, text_column=text_column)
    keys = [by] if isinstance(by, str) else list(by)
    ranks = {f"_rank_{k}": _group_rank(out[k]) for k in keys}
    ranks["_rank"] = out["category"].map({c: i for i, c in enumerate(order)})
    out = out.assign(**ranks).sort_values(list(ranks), kind="stable")
    return out.drop(columns=list(ranks)).reset_index(drop=True)


def _group_rank(values: pd.Series) -> pd.Series:
    """Sender groups in the order police, ICE, other; any other column as it sorts."""
    if set(values.dropna()) <= set(SENDER_GROUPS):
        return values.map({g: i for i, g in enumerate(SENDER_GROUPS)})
    return values.rank(method="dense", na_option="bottom")


def sentiment_summary(scores: pd.DataFrame, by: str | Sequence[str]) -> pd.DataFrame:
    """VADER scores of ``sentiment`` per group: messages, words, mean and median compound, shares by tone.

    A message counts as positive above 0.05 and negative below -0.05, VADER's
    usual cut-offs; the rest is neutral.
    """
    keys = [by] if isinstance(by, str) else list(by)
    tone = scores.assign(positive_share=scores["compound"] > 0.05, negative_share=scores["compound"] < -0.05)
    out = (tone.groupby(keys, dropna=False, sort=False)
           .agg(messages=("message_id", "size"), words=("words", "sum"), mean_compound=("compound", "mean"),
                median_compound=("compound", "median"), positive_share=("positive_share", "mean"),
                negative_share=("negative_share", "mean"))
           .reset_index())
    out = out.assign(_rank=_group_rank(out[keys[0]])).sort_values(["_rank", *keys], kind="stable")
    return out.drop(columns="_rank").round(3).reset_index(drop=True)


def rates_wide(rate_table: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per category, hits and rate per 1,000 words side by side for each group of ``by``."""
    groups = list(dict.fromkeys(rate_table[by].tolist()))
    categories = list(dict.fromkeys(rate_table["category"].tolist()))
    rate_column = rate_table.columns[-1]
    wide = pd.DataFrame({"category": categories})
    for group in groups:
        part = rate_table[rate_table[by] == group].set_index("category")
        wide[f"{group}: hits"] = part["hits"].reindex(categories).to_numpy()
        wide[f"{group}: per 1,000 words"] = part[rate_column].reindex(categories).round(2).to_numpy()
    return wide


# --- Figures ----------------------------------------------------------------------

#: Police blue and ICE red as in the network and timeline figures; grey for the rest.
GROUP_COLOURS = {"police": "#1f4e99", "ICE": "#b3261e", "other": "#8c8c8c"}
_SEQUENCE = ["#4a7cc9", "#e0602f", "#2e7d32", "#7a5c00", "#6c3483"]


def plot_rates(rate_table: pd.DataFrame, by: str, *, colours: dict | None = None, title: str = ""):
    """Horizontal bars: hits per 1,000 words by category (rows) and group of ``by`` (bars), hit counts written on.

    Categories without a hit in any group are left out of the drawing (not of the table).
    """
    import matplotlib.pyplot as plt

    rate_column = rate_table.columns[-1]
    groups = list(dict.fromkeys(rate_table[by].tolist()))
    with_hits = rate_table.groupby("category", sort=False)["hits"].sum()
    categories = [c for c in dict.fromkeys(rate_table["category"].tolist()) if with_hits[c] > 0]
    colours = colours or {}
    height = 0.8 / max(len(groups), 1)
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(categories) * max(len(groups), 2) / 2 + 1.4))
    top = float(rate_table[rate_column].max() or 1)
    for i, group in enumerate(groups):
        part = rate_table[rate_table[by] == group].set_index("category").reindex(categories)
        y = [n - 0.4 + height * (i + 0.5) for n in range(len(categories))]
        ax.barh(y, part[rate_column].fillna(0), height=height * 0.92, label=group,
                color=colours.get(group, _SEQUENCE[i % len(_SEQUENCE)]))
        for yy, rate, hits in zip(y, part[rate_column].fillna(0), part["hits"]):
            ax.text(rate + top * 0.01, yy, f"{int(hits)}", va="center", fontsize=8)
    ax.set_yticks(range(len(categories)), categories)
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.12)
    ax.set_xlabel("hits per 1,000 words (number of hits at the end of each bar)")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # outside: never over a bar
    if title:
        ax.set_title(title, loc="left")
    fig.tight_layout()
    return fig


def plot_keyness(table: pd.DataFrame, *, n: int = 12, target: str = "target", reference: str = "reference",
                 colours: tuple[str, str] = ("#b3261e", "#1f4e99"), title: str = ""):
    """Two panels: the ``n`` terms most distinctive of each side by G2, counts on each side written on the bars."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 0.3 * n + 1.6))
    top = float(table["g2"].max() or 1) if len(table) else 1.0
    for ax, side, label, colour in zip(axes, ("target", "reference"), (target, reference), colours):
        part = table[table["more_in"] == side].head(n)
        ax.barh(range(len(part)), part["g2"], color=colour)
        ax.set_yticks(range(len(part)), part["term"])
        ax.invert_yaxis()
        for y, (g2, a, b) in enumerate(zip(part["g2"], part["target_count"], part["reference_count"])):
            ax.text(g2 + top * 0.01, y, f"{a} vs {b}", va="center", fontsize=8)
        ax.set_xlim(0, top * 1.3)
        ax.set_title(f"More frequent in {label} text", loc="left", fontsize=11)
        ax.set_xlabel(f"log-likelihood G2 (counts: {target} vs {reference})")
    if title:
        fig.suptitle(title, fontweight="bold", x=0.01, ha="left")
    fig.tight_layout()
    return fig
