"""spaCy analysis of texts: tokens as written, lemmas of the lower-cased words, cached by text.

Texts are tagged and lemmatised in lower case (so "HAPPY HUNTING" and
"Criminal Aliens" get the lemmas of their ordinary forms) while offsets and
the words shown stay exactly as written.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterable, Iterator

from spacy.attrs import LEMMA, POS, TAG
from spacy.tokens import Doc

from lib.core.models import load_model

#: Lemmas are all we need: no parser, no named entities.
_UNUSED_PIPES = ("parser", "ner")


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
