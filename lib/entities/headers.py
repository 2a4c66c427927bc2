"""Correspondents as entity rows: PERSON and EMAIL rows read from the message table's header columns."""

from __future__ import annotations

import re

import pandas as pd

from lib.entities.names import parse_name

_EMAIL = re.compile(r"(?:mailto:)?([A-Za-z0-9._%+'\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})")


def _split_entry(entry: str) -> tuple[tuple[str, int] | None, tuple[str, int] | None]:
    """'Roe, Jane <jane.roe@pd.city.gov>' -> (('Roe, Jane', 0), ('jane.roe@pd.city.gov', 11))."""
    found = _EMAIL.search(entry)
    email = (found.group(1), found.start(1)) if found else None
    rest = entry[:found.start()] if found else entry
    name_text = rest.strip().strip("\"'<[(").rstrip(" <[(\"'").strip(" ,;")
    name = (name_text, entry.find(name_text)) if name_text and parse_name(name_text) else None
    return name, email


def header_rows(messages: pd.DataFrame) -> list[dict]:
    """PERSON and EMAIL rows for the correspondents, from the table's structured columns."""
    rows = []

    def add(message_id, field_name, item, text, start, label, correspondent_key):
        rows.append({"message_id": message_id, "field": field_name, "item": item, "start_char": start,
                     "end_char": start + len(text), "text": text, "label": label,
                     "canonical": text.lower() if label == "EMAIL" else None, "source": "header",
                     "_correspondent": correspondent_key})

    columns = [c for c in ("message_id", "sender_name", "sender", "to", "cc") if c in messages]
    for record in messages[columns].to_dict("records"):
        message_id = str(record["message_id"])
        sender_name, sender = _text(record.get("sender_name")), _text(record.get("sender"))
        key = (message_id, "sender", None)
        if sender_name and parse_name(sender_name):
            add(message_id, "sender_name", None, sender_name, 0, "PERSON", key)
        if sender:
            found = _EMAIL.search(sender)
            if found:
                add(message_id, "sender", None, found.group(1), found.start(1), "EMAIL", key)
        for field_name in ("to", "cc"):
            entries = record.get(field_name)
            if isinstance(entries, str):
                entries = [entries]
            elif entries is None or not hasattr(entries, "__iter__"):
                entries = []
            for item, entry in enumerate(entries):
                entry = _text(entry)
                if not entry:
                    continue
                name, email = _split_entry(entry)
                key = (message_id, field_name, item)
                if name:
                    add(message_id, field_name, item, name[0], name[1], "PERSON", key)
                if email:
                    add(message_id, field_name, item, email[0], email[1], "EMAIL", key)
    return rows


def _text(value) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    value = str(value).strip()
    return value or None
