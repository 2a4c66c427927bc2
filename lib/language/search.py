"""Search the messages: lexicon hits (``find``) and keyword in context (``concordance``), in order of sending.

Messages that repeat another (``duplicate_of`` set) are left out by default so
that a forwarded email is counted once; pass ``include_duplicates=True`` to keep
them. Only the message's own text (``body``) is searched, not quoted history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from lib.core.cite import PageStamps
from lib.core.context import one_line, sides
from lib.language.analysis import _analyse, _nlp
from lib.language.lexicon import Lexicon, _resolve_lexicon
from lib.language.messages import _citation, _in_scope, _provenance, _texts

#: Characters of context shown on each side of a hit.
CONTEXT_WIDTH = 60

#: Marks the hit inside ``context`` (Markdown bold, so exported tables render it).
HIT_MARK = "**"

HIT_COLUMNS = ["message_id", "category", "pattern_id", "match", "start_char", "end_char",
               "context", "page", "bates", "sender", "sent_at", "arguable"]
KWIC_COLUMNS = ["message_id", "left", "match", "right", "start_char", "end_char",
                "page", "bates", "sender", "sent_at"]


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
    filled = [part for part in parts if len(part)] or list(parts[:1])  # concat warns on empty frames
    hits = _by_sending(pd.concat(filled, ignore_index=True), ["category", "pattern_id"])
    hits.attrs = dict(parts[0].attrs)
    return hits


# --- Public API --------------------------------------------------------------

def find(messages, lexicon: Lexicon | str | Path | None = None, *, categories: Sequence[str] | None = None,
         text_column: str = "body", include_duplicates: bool = False, include_excluded: bool = False,
         width: int = CONTEXT_WIDTH, pages: pd.DataFrame | None = None,
         protected: Mapping[str, Sequence[tuple[int, int]]] | None = None) -> pd.DataFrame:
    """Lexicon hits, one row each, in order of sending.

    ``messages`` is a message table (see ``lib.core.schema``) or a list of texts.
    ``start_char``/``end_char`` index the message's ``text_column``, so
    ``body[start_char:end_char] == match``. ``context`` shows ``width``
    characters each side on one line with the hit in ``**bold**``. ``page`` and
    ``bates`` cite the hit by ``lib.core.cite``: the page holding it and the
    Bates number printed on that page (give ``pages``, the page table, for the
    stamps of a message's later pages). ``protected`` gives, by ``message_id``,
    spans of the text the context must not cut (the entities in it, see
    ``lib.core.context.entity_spans``).
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
            left, right = sides(text, start_char, end_char, width, protected=(protected or {}).get(message_id, ()))
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
                text_column: str = "body", include_duplicates: bool = False, pages: pd.DataFrame | None = None,
                protected: Mapping[str, Sequence[tuple[int, int]]] | None = None) -> pd.DataFrame:
    """Keyword in context for a word or phrase (or a list of alternatives).

    Case is ignored. With ``lemma=True`` inflections match too ("bag" finds
    "bagged", "bagging"). spaCy gives some nouns their own lemma ("hunting" the
    noun is not "hunt"), so pass both forms when it matters: ``["hunt", "hunting"]``.
    ``left`` and ``right`` are ``width`` characters on one line, never cutting a span of
    ``protected`` (as in ``find``).
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
            left, right = sides(text, start_char, end_char, width, protected=(protected or {}).get(message_id, ()))
            rows.append({
                "message_id": message_id, "left": left, "match": text[start_char:end_char], "right": right,
                "start_char": start_char, "end_char": end_char, **_citation(message, text_column, start_char, stamps),
                "sender": sender, "sent_at": sent_at,
            })
    out = _finish(rows, KWIC_COLUMNS, table, [])
    for col in ("left", "match", "right"):
        out[col] = out[col].astype(pd.StringDtype())
    return out
