"""Distinctive words of one set of texts against another: ``keyness`` by Dunning's G2 and log ratio."""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable

import pandas as pd
from spacy.tokens import Doc

from lib.language.analysis import _analyse, _is_word, _nlp


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


def keyness_named(table: pd.DataFrame, target: str, reference: str) -> pd.DataFrame:
    """``keyness`` with its target and reference columns named for the reader ("ICE_count", more_in "police")."""
    renamed = table.rename(columns={"target_count": f"{target}_count", "reference_count": f"{reference}_count",
                                    "target_per_1000": f"{target}_per_1000",
                                    "reference_per_1000": f"{reference}_per_1000"})
    return renamed.assign(more_in=renamed["more_in"].map({"target": target, "reference": reference}))
