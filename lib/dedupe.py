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
from typing import Callable

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


def duplicate_key(sender, sender_name, sent_at, subject) -> tuple[str, str, str]:
    """What copies of one message share: sender, minute and subject as printed."""
    return _who(sender, sender_name), _minute(sent_at), " ".join(_text(subject).lower().split())


def find_duplicates(keys: list[tuple], body: Callable[[int], str]) -> dict[int, int]:
    """Position of each copy -> position of the first printing of the same message.

    ``keys`` are ``duplicate_key`` tuples in table order; ``body(i)`` gives row
    i's body, asked for only where two rows share a key, so a caller can keep
    bodies on disk.
    """
    groups: dict[tuple, list[int]] = {}
    for position, key in enumerate(keys):
        groups.setdefault(key, []).append(position)
    copies: dict[int, int] = {}
    for key, positions in groups.items():
        if len(positions) < 2 or not (key[0] or key[1]):
            continue
        bodies = {i: _normalise_body(body(i)) for i in positions}
        firsts: list[int] = []
        for i in positions:
            original = next((f for f in firsts if _same_body(bodies[f], bodies[i])), None)
            if original is None:
                firsts.append(i)
            else:
                copies[i] = original
    return copies


def mark_duplicates(messages: pd.DataFrame) -> pd.DataFrame:
    """Set ``duplicate_of`` on every copy after the first of the same message."""
    messages = messages.copy()
    keys = [duplicate_key(*values) for values in
            messages[["sender", "sender_name", "sent_at", "subject"]].itertuples(index=False, name=None)]
    bodies = messages["body"].tolist()
    ids = messages["message_id"].tolist()
    duplicate_of = [None] * len(messages)
    for copy, original in find_duplicates(keys, bodies.__getitem__).items():
        duplicate_of[copy] = ids[original]
    messages["duplicate_of"] = pd.Series(duplicate_of, index=messages.index, dtype="string")
    return messages


def _same_body(a: str, b: str) -> bool:
    if a == b:
        return True
    if not a or not b:
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= NEAR_DUPLICATE_RATIO and matcher.ratio() >= NEAR_DUPLICATE_RATIO


class QuoteLinker:
    """Links quoted history to the messages it quotes, one batch of messages at a time.

    ``add`` every printed message that is not a duplicate first (only compact
    keys are kept), then ``link`` the batches in table order: the result is the
    same as linking the whole table at once.
    """

    def __init__(self) -> None:
        self._known: dict[str, list[tuple[tuple, str]]] = {}  # minute -> [((address, name), message_id)]
        self._subjects: dict[str, str] = {}

    def add(self, message_id, sent_at, sender, sender_name, subject) -> None:
        self._known.setdefault(_minute(sent_at), []).append(((sender, sender_name), message_id))
        self._subjects[message_id] = normalise_subject(subject)

    def link(self, messages: pd.DataFrame) -> tuple[pd.Series, list[dict]]:
        """Each message's ``in_reply_to``, and rows for quoted messages never seen before."""
        in_reply_to = pd.Series([None] * len(messages), index=messages.index, dtype="string")
        new_rows: list[dict] = []
        for index, row in messages.iterrows():
            if not _text(row["quoted"]) or _text(row["duplicate_of"]):
                continue
            parent = self._link_row(row, new_rows)
            if parent is not None:
                in_reply_to.at[index] = parent
        return in_reply_to, new_rows

    def _link_row(self, row: pd.Series, new_rows: list[dict]) -> str | None:
        parent = None
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
            candidates = [(other, mid) for other, mid in self._known.get(minute, []) if same_sender(who, other)]
            # Two messages from one sender in one minute: the quote's subject decides.
            wanted = normalise_subject(quoted.subject or row["subject"])
            candidates.sort(key=lambda c: self._subjects.get(c[1], "") != wanted)
            match = candidates[0][1] if candidates else None
            if match is None:
                new_rows.append(_reconstructed_row(row, quoted, position, sent_at, line_offsets))
                match = new_rows[-1]["message_id"]
                self.add(match, sent_at, who[0], who[1], new_rows[-1]["subject"])
            if quoted.depth == 1 and parent is None and match != row["message_id"]:
                parent = match
        return parent


def _reconstructed_row(row: pd.Series, quoted, position: int, sent_at, line_offsets: list[int]) -> dict:
    page = page_of(row.get("quoted_page_start"), row.get("quoted_breaks"),
                   line_offsets[min(quoted.line, len(line_offsets) - 1)])
    bates = row["bates_end"] if page and page == row["page_end"] else (
        row["bates_start"] if page == row["page_start"] else None)
    return {
        "message_id": "r" + hashlib.sha1(f"{row['message_id']}|{position}".encode()).hexdigest()[:12],
        "source_file": row["source_file"], "page_start": page, "page_end": page,
        "bates_start": bates, "bates_end": bates,
        "sent_at": sent_at, "date_raw": quoted.date_raw,
        "sender": quoted.sender.email, "sender_name": quoted.sender.name,
        "sender_org": quoted.sender.unit, "sender_redacted": quoted.sender.redacted,
        "parse_confidence": "low", "parse_flags": ["rebuilt from another message's quoted history"],
        "to": [a.label() for a in quoted.to], "cc": [a.label() for a in quoted.cc],
        "subject": quoted.subject or (_REPLY_PREFIX.sub("", _text(row["subject"])) or None),
        "body": quoted.body, "quoted": "", "redactions": len(REDACTION_MARK.findall(quoted.body)),
        "attachments": [], "print_style": "quoted", "duplicate_of": None,
        "reconstructed": True, "quoted_in": row["message_id"], "in_reply_to": None,
        "page_breaks": [], "quoted_page_start": None, "quoted_breaks": [],
    }


def reconstruct_quoted(messages: pd.DataFrame) -> pd.DataFrame:
    """Link quoted history to the messages it quotes; add rows for those never printed.

    A quoted message matches a known one by sender and minute. Unmatched ones
    become ``reconstructed`` rows with ``quoted_in`` naming the first message
    that quotes them, and that quote's page and Bates number.
    """
    messages = messages.copy()
    linker = QuoteLinker()
    for row in messages.itertuples():
        if not _text(row.duplicate_of):
            linker.add(row.message_id, row.sent_at, row.sender, row.sender_name, row.subject)
    messages["in_reply_to"], new_rows = linker.link(messages)
    if new_rows:
        messages = pd.concat([messages, pd.DataFrame(new_rows)], ignore_index=True)
    return messages
