"""Match processed message rows to the sample's answer key (``tests/data/sample_truth.json``).

A processed row is matched to a truth message by where it was printed:

* PDF productions: source file and first page (each printing is listed in the truth);
* mail files (.eml, .mbox): file, sender and the minute it was sent;
* anything else, e.g. messages recovered from quoted history: sender (address,
  else first and last name) and minute.
"""

from __future__ import annotations

import re

import pandas as pd

from lib.core.schema import TIMEZONE


def minute_key(stamp) -> str | None:
    if stamp is None or pd.isna(stamp):
        return None
    stamp = pd.Timestamp(stamp)
    stamp = stamp.tz_localize(TIMEZONE) if stamp.tzinfo is None else stamp.tz_convert(TIMEZONE)
    return stamp.strftime("%Y-%m-%d %H:%M")


def _name(name) -> str | None:
    """'Kyle M. Love' and 'Love, Kyle' -> 'kyle love': first and last name, for matching."""
    if name is None or pd.isna(name):
        return None
    if name.count(",") == 1:
        last, first = name.split(",")
        name = f"{first} {last}"
    words = [w for w in (re.sub(r"[^a-z ]", "", w.lower()) for w in name.split()) if w]
    return f"{words[0]} {words[-1]}" if len(words) >= 2 else None


def match_messages(messages: pd.DataFrame, truth: dict) -> pd.Series:
    """The truth_id of each processed row (None where no truth message matches)."""
    by_page: dict[tuple[str, int], str] = {}
    by_file_minute: dict[tuple[str, str, str], str] = {}
    by_minute: dict[tuple[str, str], str] = {}
    for record in truth["messages"]:
        minute = minute_key(record["sent_at"])
        sender = (record["sender"] or "").lower()
        by_minute.setdefault((sender, minute), record["truth_id"])
        by_minute.setdefault((_name(record["sender_name"]), minute), record["truth_id"])
        for printing in record["printed"]:
            if "page_start" in printing:
                by_page[(printing["file"], int(printing["page_start"]))] = record["truth_id"]
            else:
                by_file_minute[(printing["file"], sender, minute)] = record["truth_id"]
    matched = []
    for row in messages.itertuples():
        sender, minute = ("" if pd.isna(row.sender) else row.sender.lower()), minute_key(row.sent_at)
        found = None
        if not row.reconstructed and not pd.isna(row.page_start):
            found = by_page.get((row.source_file, int(row.page_start)))
        if found is None and not row.reconstructed:
            found = by_file_minute.get((row.source_file, sender, minute))
        if found is None:
            found = by_minute.get((sender, minute)) or by_minute.get((_name(row.sender_name), minute))
        matched.append(found)
    return pd.Series(matched, index=messages.index, dtype="object", name="truth_id")
