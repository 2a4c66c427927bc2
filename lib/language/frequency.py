"""Hits per 1,000 words by group of messages: ``rates``, ``counted_rates`` of reviewed hits, ``rates_wide``."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pandas as pd

from lib.language.analysis import _word_count
from lib.language.lexicon import Lexicon, _resolve_lexicon
from lib.language.messages import _in_scope, _texts
from lib.language.senders import _group_rank


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
