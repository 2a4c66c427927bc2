"""A sender's own words: each message's text without attached forms and lines repeated across messages."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable

import pandas as pd

from lib.core.forms import form_start
from lib.language.lexicon import Lexicon
from lib.language.search import find


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
