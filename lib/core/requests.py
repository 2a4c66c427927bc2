"""What a message asks for: a detainer (an ICE hold) or a police report. Several analyses count them."""

from __future__ import annotations

import re

import pandas as pd

from lib.core.directory import unique_messages

#: A simple lexicon on the subject line and the message's own text (not its quoted history).
#: One message can match several kinds. Each pattern is a case-insensitive regular expression.
REQUEST_KINDS = {
    "detainer": [
        r"\bdetainers?\b", r"\bI-?\s?247[A-Z]?\b", r"\bimmigration holds?\b", r"\bICE holds?\b",
    ],
    "report request": [
        # a verb of asking, then within a few words the noun (not "to report", the verb)
        r"\b(?:send|forward|get|pull|need|request(?:ing)?|copy of|copies of)\b[^.?!\n]{0,40}?"
        r"(?<!\bto )\b(?:incident |arrest |police |booking )?reports?\b",
        r"\breports? request\b", r"\brequest for (?:the )?(?:incident |arrest |police )?reports?\b",
    ],
}
_KIND_PATTERNS = {kind: [re.compile(p, re.IGNORECASE) for p in patterns] for kind, patterns in REQUEST_KINDS.items()}


def request_kinds(messages: pd.DataFrame, *, include_duplicates: bool = False) -> pd.DataFrame:
    """True/False per message and kind (detainer, report request) from ``REQUEST_KINDS``."""
    rows = unique_messages(messages, include_duplicates)
    text = rows["subject"].fillna("").astype(str) + "\n" + rows["body"].fillna("").astype(str)
    return pd.DataFrame({kind: text.map(lambda t, ps=patterns: any(p.search(t) for p in ps)).astype(bool)
                         for kind, patterns in _KIND_PATTERNS.items()}, index=rows.index)
