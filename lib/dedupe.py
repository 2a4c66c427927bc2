"""Count each message once: mark duplicates, recover messages seen only as quotes.

Productions repeat themselves: the same email printed from the sender's and the
recipient's mailbox, and every earlier message of a thread printed again under
each reply. Exact and near duplicates get ``duplicate_of``; quoted messages
that were never printed on their own become rows flagged ``reconstructed``.
"""

from __future__ import annotations

import difflib
import hashlib
import re

import pandas as pd

from lib.dates import parse_date
from lib.headers import display_name
from lib.pdf import REDACTION_MARK
from lib.quoted import parse_quoted
from lib.schema import cell_text as _text, page_of

#: Bodies at least this similar (difflib ratio) are the same message printed twice.
NEAR_DUPLICATE_RATIO = 0.9
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|sv)\s*:\s*)+", re.IGNORECASE)


def normalise_subject(subject: str | None) -> str:
    """Subject without reply/forward prefixes, case and spacing: threads share it."""
    return " ".join(_REPLY_PREFIX.sub("", _text(subject)).lower().split())


def _normalise_body(text: str) -> str:
    text = REDACTION_MARK.sub(" ", _text(text))
    return " ".join(re.sub(r"[^\w@.]+", " ", text.lower()).split())


def _who(sender, sender_name) -> str:
    """A sender key that matches 'jane.roe@x.gov' with 'Jane Roe' and 'Roe, Jane'."""
    sender, sender_name = _text(sender), _text(sender_name)
    if sender:
        return re.sub(r"[^a-z]", "", sender.split("@")[0].lower())
    name = display_name(sender_name) or ""
    return re.sub(r"[^a-z]", "", name.lower())


def _name_tokens(sender, sender_name) -> set[str]:
    """Lower-case name parts from a display name, or from an address's local part."""
    name = display_name(_text(sender_name)) or ""
    tokens = set(re.findall(r"[a-z]{2,}", name.lower()))
    if not tokens and _text(sender):
        tokens = set(re.findall(r"[a-z]{2,}", _text(sender).split("@")[0].lower()))
    return tokens


def same_sender(a: tuple, b: tuple) -> bool:
    """Whether two (address, display name) pairs can be the same person.

    Printed headers show an address, a name or both, so a quote of a message
    may name its sender differently from the message's own printing.
    """
    (address_a, name_a), (address_b, name_b) = a, b
    address_a, address_b = _text(address_a).lower(), _text(address_b).lower()
    if address_a and address_b:
        return address_a == address_b
    tokens_a, tokens_b = _name_tokens(address_a, name_a), _name_tokens(address_b, name_b)
    if not tokens_a or not tokens_b:
        return False
    smaller, larger = sorted((tokens_a, tokens_b), key=len)
    if smaller <= larger:
        return True
    # 'Dennis McConaghy' against the local part 'dennis.f.mcconaghy'.
    joined = "".join(sorted(larger))
    return all(token in joined for token in smaller) and len(smaller) >= 2


def _minute(stamp) -> str:
    return "" if stamp is None or pd.isna(stamp) else stamp.strftime("%Y-%m-%d %H:%M")


def mark_duplicates(messages: pd.DataFrame) -> pd.DataFrame:
    """Set ``duplicate_of`` on every copy after the first of the same message."""
    messages = messages.copy()
    messages["duplicate_of"] = pd.Series([None] * len(messages), index=messages.index, dtype="string")
    groups: dict[tuple, list] = {}
    for index, row in messages.iterrows():
        key = (_who(row["sender"], row["sender_name"]), _minute(row["sent_at"]),
               " ".join(_text(row["subject"]).lower().split()))
        groups.setdefault(key, []).append(index)
    for key, indexes in groups.items():
        if len(indexes) < 2 or not (key[0] or key[1]):
            continue
        bodies = {i: _normalise_body(messages.at[i, "body"]) for i in indexes}
        firsts: list = []
        for i in indexes:
            original = next((f for f in firsts if _same_body(bodies[f], bodies[i])), None)
            if original is None:
                firsts.append(i)
            else:
                messages.at[i, "duplicate_of"] = messages.at[original, "message_id"]
    return messages


def _same_body(a: str, b: str) -> bool:
    if a == b:
        return True
    if not a or not b:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= NEAR_DUPLICATE_RATIO and matcher.ratio() >= NEAR_DUPLICATE_RATIO


def reconstruct_quoted(messages: pd.DataFrame) -> pd.DataFrame:
    """Link quoted history to the messages it quotes; add rows for those never printed.

    A quoted message matches a known one by sender and minute. Unmatched ones
    become ``reconstructed`` rows with ``quoted_in`` naming the first message
    that quotes them, and that quote's page and Bates number.
    """
    messages = messages.copy()
    known: dict[str, list[tuple[tuple, str]]] = {}  # minute -> [((address, name), message_id)]
    subjects: dict[str, str] = {}
    for row in messages.itertuples():
        if not _text(row.duplicate_of):
            known.setdefault(_minute(row.sent_at), []).append(((row.sender, row.sender_name), row.message_id))
            subjects[row.message_id] = normalise_subject(row.subject)
    in_reply_to = pd.Series([None] * len(messages), index=messages.index, dtype="string")
    new_rows: list[dict] = []
    for index, row in messages.iterrows():
        if not _text(row["quoted"]) or _text(row["duplicate_of"]):
            continue
        quoted_lines = row["quoted"].split("\n")
        line_offsets = [0]
        for line in quoted_lines:
            line_offsets.append(line_offsets[-1] + len(line) + 1)
        for position, quoted in enumerate(parse_quoted(row["quoted"])):
            sent_at = parse_date(quoted.date_raw)
            who = (quoted.sender.email, quoted.sender.name)
            if not (who[0] or who[1]) or sent_at is None:
                continue
            minute = _minute(sent_at)
            candidates = [(other, mid) for other, mid in known.get(minute, []) if same_sender(who, other)]
            # Two messages from one sender in one minute: the quote's subject decides.
            wanted = normalise_subject(quoted.subject or row["subject"])
            candidates.sort(key=lambda c: subjects.get(c[1], "") != wanted)
            match = candidates[0][1] if candidates else None
            if match is None:
                page = page_of(row.get("quoted_page_start"), row.get("quoted_breaks"),
                               line_offsets[min(quoted.line, len(line_offsets) - 1)])
                match = "r" + hashlib.sha1(f"{row['message_id']}|{position}".encode()).hexdigest()[:12]
                known.setdefault(minute, []).append((who, match))
                new_rows.append({
                    "message_id": match, "source_file": row["source_file"],
                    "page_start": page, "page_end": page,
                    "bates_start": row["bates_end"] if page and page == row["page_end"] else (
                        row["bates_start"] if page == row["page_start"] else None),
                    "bates_end": None,
                    "sent_at": sent_at, "date_raw": quoted.date_raw,
                    "sender": quoted.sender.email, "sender_name": quoted.sender.name,
                    "to": [a.label() for a in quoted.to], "cc": [a.label() for a in quoted.cc],
                    "subject": quoted.subject or (_REPLY_PREFIX.sub("", _text(row["subject"])) or None),
                    "body": quoted.body, "quoted": "", "redactions": len(REDACTION_MARK.findall(quoted.body)),
                    "attachments": [], "print_style": "quoted", "duplicate_of": None,
                    "reconstructed": True, "quoted_in": row["message_id"], "in_reply_to": None,
                    "page_breaks": [], "quoted_page_start": None, "quoted_breaks": [],
                })
                new_rows[-1]["bates_end"] = new_rows[-1]["bates_start"]
                subjects[match] = normalise_subject(new_rows[-1]["subject"])
            if quoted.depth == 1 and not _text(in_reply_to.at[index]) and match != row["message_id"]:
                in_reply_to.at[index] = match
    messages["in_reply_to"] = in_reply_to
    if new_rows:
        messages = pd.concat([messages, pd.DataFrame(new_rows)], ignore_index=True)
    return messages
