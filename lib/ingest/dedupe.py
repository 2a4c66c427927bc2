"""Count each message once: mark duplicates, recover messages seen only as quotes.

Productions repeat themselves: the same email printed from the sender's and the
recipient's mailbox, and every earlier message of a thread printed again under
each reply. Copies get ``duplicate_of`` and ``duplicate_reason``, what
``lib.ingest.same_message`` found alike; quoted messages that were never printed on
their own become rows flagged ``reconstructed``.
"""

from __future__ import annotations

import hashlib
import re
from typing import Callable, Iterator

import pandas as pd

from lib.core.addresses import display_name
from lib.core.cite import page_of
from lib.core.schema import cell_text as _text
from lib.ingest.dates import parse_date
from lib.ingest.quoted import parse_quoted
from lib.ingest.redaction_marks import REDACTION_MARK
from lib.ingest.same_message import Printing, comparable_text, explain_match, normalise_subject, same_sender, window

_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|sv)\s*:\s*)+", re.IGNORECASE)


def _who(sender, sender_name) -> str:
    """A sender key that matches 'jane.roe@x.gov' with 'Jane Roe' and 'Roe, Jane'."""
    sender, sender_name = _text(sender), _text(sender_name)
    if sender:
        return re.sub(r"[^a-z]", "", sender.split("@")[0].lower())
    name = display_name(sender_name) or ""
    return re.sub(r"[^a-z]", "", name.lower())


def _candidates(printings: list[Printing]) -> Iterator[tuple[int, list[int]]]:
    """Each position with the earlier ones it may repeat, nearest in time first.

    Dated printings are looked up by minute in the window of ``window``;
    undated ones among the undated with the same sender key and subject.
    Sender and subject are checked here: texts are read only for these pairs.
    """
    by_minute: dict[int, list[int]] = {}
    undated: dict[tuple[str, str], list[int]] = {}
    for position, printing in enumerate(printings):
        if printing.minute is None:
            key = (_who(printing.sender, printing.sender_name), printing.subject)
            earlier = [j for j in undated.get(key, []) if printings[j].may_be(printing)] if key[0] else []
            undated.setdefault(key, []).append(position)
        else:
            earlier = [j for minute in window(printing.minute) for j in by_minute.get(minute, ())
                       if printings[j].may_be(printing)]
            by_minute.setdefault(printing.minute, []).append(position)
        if earlier:
            yield position, earlier


def positions_to_compare(printings: list[Printing]) -> set[int]:
    """Positions whose texts ``find_duplicates`` may read: those that may repeat another or be repeated."""
    wanted: set[int] = set()
    for position, earlier in _candidates(printings):
        wanted.add(position)
        wanted.update(earlier)
    return wanted


def find_duplicates(printings: list[Printing], body: Callable[[int], str]) -> dict[int, tuple[int, str]]:
    """Position of each copy -> (position of the first printing of the same message, why they match).

    ``printings`` are in table order; ``body(i)`` gives row i's body, asked
    for only at ``positions_to_compare``, so a caller can keep bodies on disk.
    A copy points at the nearest-in-time first printing it matches, never at
    another copy.
    """
    texts: dict[int, str] = {}

    def text(position: int) -> str:
        if position not in texts:
            texts[position] = comparable_text(body(position))
        return texts[position]

    copies: dict[int, tuple[int, str]] = {}
    for position, earlier in _candidates(printings):
        for original in earlier:
            if original in copies:
                continue
            reason = explain_match(printings[original], printings[position], text(original), text(position))
            if reason:
                copies[position] = (original, reason)
                break
    return copies


def printings_of(messages: pd.DataFrame) -> list[Printing]:
    """Each row's ``Printing``, in table order."""
    return [Printing.of(*values) for values in
            messages[["sender", "sender_name", "sent_at", "subject"]].itertuples(index=False, name=None)]


def mark_duplicates(messages: pd.DataFrame) -> pd.DataFrame:
    """Set ``duplicate_of`` and ``duplicate_reason`` on every copy after the first of the same message."""
    messages = messages.copy()
    bodies = messages["body"].tolist()
    ids = messages["message_id"].tolist()
    duplicate_of, reasons = [None] * len(messages), [None] * len(messages)
    for copy, (original, reason) in find_duplicates(printings_of(messages), bodies.__getitem__).items():
        duplicate_of[copy], reasons[copy] = ids[original], reason
    messages["duplicate_of"] = pd.Series(duplicate_of, index=messages.index, dtype="string")
    messages["duplicate_reason"] = pd.Series(reasons, index=messages.index, dtype="string")
    return messages


class QuoteLinker:
    """Links quoted history to the messages it quotes, one batch of messages at a time.

    ``add`` every printed message that is not a duplicate first (only compact
    keys are kept), then ``link`` the batches in table order: the result is the
    same as linking the whole table at once. ``body(message_id)`` gives a
    printed message's body, asked for only when a quote printed at another
    minute may be a copy of it. Quotes matched that way are listed in
    ``quoted_copies`` with the reason.
    """

    def __init__(self, body: Callable[[str], str]) -> None:
        self._body = body
        self._known: dict[int, list[tuple[Printing, str]]] = {}  # minute -> [(printing, message_id)]
        self._texts: dict[str, str] = {}  # comparable texts: of reconstructed rows, and of others once read
        self.quoted_copies: list[dict] = []

    def add(self, message_id: str, printing: Printing, body: str | None = None) -> None:
        """A message quotes may link to; ``body`` given for those the linker rebuilt itself."""
        if printing.minute is None:
            return  # a quote without a readable date is never linked
        self._known.setdefault(printing.minute, []).append((printing, message_id))
        if body is not None:
            self._texts[message_id] = comparable_text(body)

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
            printing = Printing.of(who[0], who[1], sent_at, quoted.subject)
            wanted = normalise_subject(quoted.subject or row["subject"])
            match = self._same_minute(printing, wanted) or self._copy(printing, quoted.body, row["message_id"])
            if match is None:
                new_rows.append(_reconstructed_row(row, quoted, position, sent_at, line_offsets))
                match = new_rows[-1]["message_id"]
                self.add(match, Printing.of(who[0], who[1], sent_at, new_rows[-1]["subject"]), quoted.body)
            if quoted.depth == 1 and parent is None and match != row["message_id"]:
                parent = match
        return parent

    def _same_minute(self, printing: Printing, wanted_subject: str) -> str | None:
        """The known message from the quote's sender in its minute; two of them: the quote's subject decides."""
        candidates = [(known, message_id) for known, message_id in self._known.get(printing.minute, [])
                      if same_sender((printing.sender, printing.sender_name), (known.sender, known.sender_name))]
        candidates.sort(key=lambda c: c[0].subject != wanted_subject)
        return candidates[0][1] if candidates else None

    def _copy(self, printing: Printing, body: str, quoted_in: str) -> str | None:
        """A known message the quote copies with its time printed another way (rounded, another zone)."""
        text = None
        for minute in window(printing.minute)[1:]:
            for known, message_id in self._known.get(minute, []):
                if not known.may_be(printing):
                    continue
                text = comparable_text(body) if text is None else text
                reason = explain_match(known, printing, self._text_of(message_id), text)
                if reason:
                    self.quoted_copies.append({"quoted_in": quoted_in, "same_as": message_id, "reason": reason})
                    return message_id
        return None

    def _text_of(self, message_id: str) -> str:
        if message_id not in self._texts:
            self._texts[message_id] = comparable_text(self._body(message_id))
        return self._texts[message_id]


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
        "attachments": [], "print_style": "quoted", "duplicate_of": None, "duplicate_reason": None,
        "reconstructed": True, "quoted_in": row["message_id"], "in_reply_to": None,
        "page_breaks": [], "quoted_page_start": None, "quoted_breaks": [],
    }


def reconstruct_quoted(messages: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """Link quoted history to the messages it quotes; add rows for those never printed.

    A quoted message is a known one from the same sender in the same minute,
    or one whose copy it is (``lib.ingest.same_message``) printed at another time.
    Unmatched ones become ``reconstructed`` rows with ``quoted_in`` naming the
    first message that quotes them, and that quote's page and Bates number.
    Returns the table and the quotes matched at another time, with why.
    """
    messages = messages.copy()
    originals = messages[messages["duplicate_of"].isna()]
    linker = QuoteLinker(dict(zip(originals["message_id"], originals["body"])).__getitem__)
    for message_id, printing in zip(originals["message_id"], printings_of(originals)):
        linker.add(message_id, printing)
    messages["in_reply_to"], new_rows = linker.link(messages)
    if new_rows:
        messages = pd.concat([messages, pd.DataFrame(new_rows)], ignore_index=True)
    return messages, linker.quoted_copies
