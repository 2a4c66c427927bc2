"""VADER sentiment per message (``sentiment``, read its limits) and per group (``sentiment_summary``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import pandas as pd

from lib.language.analysis import _word_count
from lib.language.messages import _in_scope, _texts
from lib.language.senders import _group_rank


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
