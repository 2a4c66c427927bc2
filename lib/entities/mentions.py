"""Person mentions of a batch's entity rows: correspondents, names in texts, and the signature blocks below names."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

import pandas as pd

from lib.entities.columns import TEXT_FIELDS
from lib.entities.mention_table import Mention
from lib.entities.roles import titles_before

#: How many lines below a name a signature block's address may be.
SIGNATURE_LINES = 6


def person_mentions(rows: list[dict], bodies: dict[tuple, str]) -> tuple[list[Mention], list[list[int]]]:
    """One mention per written name or correspondent, with the rows each one stands for."""
    mentions: list[Mention] = []
    owners: list[list[int]] = []
    correspondents: dict[tuple, int] = {}
    for i, row in enumerate(rows):
        key = row.get("_correspondent")
        if key is None:
            continue
        if key not in correspondents:
            correspondents[key] = len(mentions)
            mentions.append(Mention(row["message_id"], None, None, correspondent=True))
            owners.append([])
        mention = mentions[correspondents[key]]
        if row["label"] == "PERSON":
            mention.text = row["text"]
        else:
            mention.email = row["canonical"]
        owners[correspondents[key]].append(i)

    by_text: dict[tuple, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        if row["source"] != "header" and row["label"] in ("PERSON", "EMAIL", "PHONE", "AGENCY"):
            by_text[(row["message_id"], row["field"])].append(i)
    signed: dict[int, int] = {}
    for (message_id, field_name), indices in by_text.items():
        text = bodies.get((message_id, field_name), "")
        signed.update(_signature_links(rows, indices, text))
    for i, row in enumerate(rows):
        if row["source"] == "header" or row["label"] != "PERSON":
            continue
        owners.append([i] + [j for j, owner in signed.items() if owner == i])
        emails = [rows[j]["canonical"] for j in owners[-1] if rows[j]["label"] == "EMAIL"]
        mentions.append(Mention(row["message_id"], row["text"], emails[0] if emails else None))
    return mentions, owners


def message_texts(messages: pd.DataFrame) -> dict[tuple, str]:
    texts = {}
    for field_name in TEXT_FIELDS:
        if field_name in messages:
            for message_id, text in zip(messages["message_id"], messages[field_name]):
                if isinstance(text, str):
                    texts[(str(message_id), field_name)] = text
    return texts


def _signature_links(rows: list[dict], indices: list[int], text: str) -> dict[int, int]:
    """Rows of a signature block (address, phone, agency below a name on its own line) -> the name's row."""
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(offset: int) -> int:
        return bisect_right(breaks, offset)

    def alone_on_line(row: dict) -> bool:
        start = text.rfind("\n", 0, row["start_char"]) + 1
        end = text.find("\n", row["end_char"])
        line = text[start:end if end >= 0 else len(text)]
        rest = (line[:row["start_char"] - start] + line[row["end_char"] - start:]).strip(" ,.-|")
        return not rest or titles_before(line, row["start_char"] - start) == rest or len(rest) <= 3

    links: dict[int, int] = {}
    ordered = sorted(indices, key=lambda i: rows[i]["start_char"])
    owner: int | None = None
    owner_line = -1
    for i in ordered:
        row = rows[i]
        line = line_of(row["start_char"])
        if row["label"] == "PERSON":
            owner, owner_line = (i, line) if alone_on_line(row) else (None, -1)
            continue
        if owner is not None and 0 < line - owner_line <= SIGNATURE_LINES and \
                "\n\n" not in text[rows[owner]["end_char"]:row["start_char"]].replace(" ", ""):
            links[i] = owner
    return links
