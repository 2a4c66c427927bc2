"""What a message asks for: a detainer (an ICE hold) or a police report. Several analyses count them."""

from __future__ import annotations

import re

import pandas as pd

from lib.core.directory import unique_messages
from lib.core.tables import TextBatches, text_batches

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


def request_kinds(messages: pd.DataFrame, *, include_duplicates: bool = False,
                  texts: TextBatches | None = None) -> pd.DataFrame:
    """True/False per message and kind (detainer, report request) from ``REQUEST_KINDS``.

    ``messages`` needs no ``body`` when ``texts`` gives it a batch at a time (``lib.core.tables.text_batches``).
    """
    rows = unique_messages(messages, include_duplicates)
    subjects = dict(zip(rows["message_id"], rows["subject"]))
    found: dict[str, dict[str, bool]] = {}
    for batch in (texts or text_batches(rows, ["body"]))():
        for message_id, body in zip(batch["message_id"], batch["body"]):
            if message_id in subjects:
                subject = subjects[message_id]
                text = ("" if pd.isna(subject) else str(subject)) + "\n" + ("" if pd.isna(body) else str(body))
                found[message_id] = {kind: any(p.search(text) for p in patterns)
                                     for kind, patterns in _KIND_PATTERNS.items()}
    return pd.DataFrame([found.get(m, dict.fromkeys(_KIND_PATTERNS, False)) for m in rows["message_id"]],
                        index=rows.index, columns=list(_KIND_PATTERNS), dtype=bool)
