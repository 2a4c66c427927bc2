"""Which messages belong to one thread, and why: links by reply, quote, second printing or subject line."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from hashlib import blake2b

import numpy as np
import pandas as pd

from lib.core.directory import Directory
from lib.core.tables import TextBatches, text_batches
from lib.ingest.dedupe import normalise_subject

#: A reply is joined to an earlier message with the same subject line only within this window.
SUBJECT_WINDOW = timedelta(days=21)
#: For empty or generic subject lines the window is shorter and the exchange must be direct.
GENERIC_WINDOW = timedelta(days=2)
#: Subject lines too generic to join messages on their own (after removing RE:/FW:).
GENERIC_SUBJECTS = frozenset({
    "", "re", "fw", "fwd", "hi", "hello", "hey", "question", "questions", "request", "info", "information",
    "fyi", "thanks", "thank you", "update", "follow up", "followup", "follow-up", "check", "quick question",
    "no subject", "(no subject)", "call me", "help", "urgent", "important", "test", "?",
})
#: Matching a message's own text inside another's quoted history: runs of 8 words from the
#: first 60 of the message; at least 3 runs found in no other message, 80% of them in the quote.
_QUOTE_SHINGLE, _QUOTE_OPENING, _QUOTE_MIN_SHINGLES, _QUOTE_SHARE = 8, 60, 3, 0.8


def threads(messages: pd.DataFrame, texts: TextBatches | None = None, *,
            links: pd.DataFrame | None = None) -> pd.Series:
    """A thread id for every row (duplicates share their original's thread).

    Messages joined by any link from ``thread_links`` (or the ``links`` it already gave) share a thread. The
    thread id is 't' followed by the message_id of the thread's earliest message. ``texts``: see ``thread_links``.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(messages["message_id"])
    links = thread_links(messages, texts) if links is None else links
    graph.add_edges_from(zip(links["message_id"], links["linked_to"]))
    order = _time_order(messages)
    thread_of = {}
    for component in nx.connected_components(graph):
        first = min(component, key=order.__getitem__)
        for message_id in component:
            thread_of[message_id] = f"t{first}"
    return pd.Series([thread_of[m] for m in messages["message_id"]], index=messages.index, dtype="string",
                     name="thread_id")


def thread_links(messages: pd.DataFrame, texts: TextBatches | None = None) -> pd.DataFrame:
    """Why messages share a thread: one row per link, with its kind.

    ``messages`` needs no texts when ``texts`` gives their ``body`` and ``quoted`` a batch at a time
    (``lib.core.tables.text_batches`` of the Parquet file): a large release's texts are then never held at once.

    Kinds, strongest first:

    * ``in_reply_to``, ``quoted_in``, ``duplicate_of``: the table names the other message;
    * ``same message``: two rows with the same sender and minute where one was
      recovered from quoted history, or both have the same (not generic)
      subject: one message printed or recovered twice;
    * ``quoted text``: the message's opening words appear in the other's later
      quoted history (runs of 8 words found in no other message's own text,
      ignoring line breaks and ``>`` marks);
    * ``subject``: only for a reply (RE:/FW: subject, or quoted history) that
      has no link of the kinds above: the nearest earlier message with the same
      subject after removing RE:/FW:, of which the reply's sender was a
      participant, within three weeks. Where the reply's subject is empty,
      missing or generic ("RE:", "Question", ...), the earlier message may have
      any subject, and an earlier message whose subject is missing may answer
      any reply; both only when the exchange is direct (each sender among the
      other's recipients) and within two days. An undated reply joins the nearest such
      message printed before it in the same file.

    A message that is not a reply starts its own thread even when its subject
    repeats an earlier one.
    """
    known = set(messages["message_id"])
    rows = []
    for column in ("in_reply_to", "quoted_in", "duplicate_of"):
        rows += [(m, other, column) for m, other in zip(messages["message_id"], messages[column])
                 if not pd.isna(other) and other in known and other != m]
    originals = messages[messages["duplicate_of"].isna()]
    quotes = _QuoteIndex(originals["message_id"], texts or text_batches(messages, ["body", "quoted"]))
    table = _thread_table(originals, quotes.with_history)
    rows += [(a, b, "same message") for a, b in _same_message_links(table)]
    rows += [(a, b, "quoted text") for a, b in quotes.links(dict(zip(originals["message_id"], originals["sent_at"])))]
    # Messages whose parent is already known: the quoting side of each link.
    has_parent = {m for m, _, kind in rows if kind == "in_reply_to"}
    has_parent |= {other for _, other, kind in rows if kind in ("quoted_in", "quoted text")}
    rows += [(a, b, "subject") for a, b in _subject_links(table, has_parent)]
    return pd.DataFrame(rows, columns=["message_id", "linked_to", "kind"])


def _time_order(messages: pd.DataFrame) -> dict[str, tuple]:
    """Sort key per message: dated ones by time, undated ones after, then by id."""
    keys = {}
    for message_id, sent_at in zip(messages["message_id"], messages["sent_at"]):
        keys[message_id] = (0, sent_at.value, message_id) if not pd.isna(sent_at) else (1, 0, message_id)
    return keys


def _words(text) -> list[str]:
    return re.findall(r"[a-z0-9]+", "" if pd.isna(text) else str(text).lower())


def _shingles(text) -> np.ndarray:
    """The text's runs of ``_QUOTE_SHINGLE`` words, in order, each as a 64-bit digest: a release's runs are
    counted in arrays of numbers, not held as tuples of words."""
    words = _words(text)
    count = max(len(words) - _QUOTE_SHINGLE + 1, 0)
    return np.fromiter((int.from_bytes(blake2b(" ".join(words[i:i + _QUOTE_SHINGLE]).encode(), digest_size=8)
                        .digest(), "little") for i in range(count)), dtype=np.uint64, count=count)


class _QuoteIndex:
    """(quoted, quoting) pairs: message A's distinctive words appear in B's later quoted history.

    Only word runs that occur in no other message's own text count, so signatures and stock replies
    ("Attached. Thanks,") identify nothing. The texts are read in three passes a batch at a time; what is
    kept is the openings' runs and, of the quoted histories, only the runs that are some opening's.
    """

    def __init__(self, message_ids: Iterable[str], texts: TextBatches):
        self.ids = list(message_ids)
        position = {m: i for i, m in enumerate(self.ids)}
        self.with_history: set[str] = set()
        owners, runs = [], []
        for batch in texts():  # 1: each message's opening runs, and whether it quotes anything
            for message_id, body, quoted in zip(batch["message_id"], batch["body"], batch["quoted"]):
                if message_id not in position:
                    continue
                if str(quoted).strip():
                    self.with_history.add(message_id)
                opening = np.unique(_shingles(body)[:_QUOTE_OPENING])
                owners.append(np.full(len(opening), position[message_id], dtype=np.int64))
                runs.append(opening)
        self.owners = np.concatenate(owners) if owners else np.empty(0, np.int64)
        self.runs = np.concatenate(runs) if runs else np.empty(0, np.uint64)
        openings = np.unique(self.runs)
        frequency = np.zeros(len(openings), dtype=np.int64)
        for batch in texts():  # 2: in how many messages' own text each opening run occurs
            for message_id, body in zip(batch["message_id"], batch["body"]):
                if message_id in position:
                    found = _among(np.unique(_shingles(body)), openings)
                    frequency[np.searchsorted(openings, found)] += 1
        self.distinctive = openings[frequency == 1]
        quoting, quoted_runs = [], []
        for batch in texts():  # 3: which messages quote each distinctive run
            for message_id, quoted in zip(batch["message_id"], batch["quoted"]):
                if message_id in position:
                    found = _among(np.unique(_shingles(quoted)), self.distinctive)
                    quoted_runs.append(found)
                    quoting.append(np.full(len(found), position[message_id], dtype=np.int64))
        order = np.argsort(np.concatenate(quoted_runs), kind="stable") if quoted_runs else np.empty(0, np.int64)
        self.quoted_runs = np.concatenate(quoted_runs)[order] if quoted_runs else np.empty(0, np.uint64)
        self.quoting = np.concatenate(quoting)[order] if quoting else np.empty(0, np.int64)

    def links(self, sent_at: dict) -> list[tuple[str, str]]:
        keep = np.isin(self.runs, self.distinctive)
        order = np.argsort(self.owners[keep], kind="stable")  # texts may come in any order
        owners, runs = self.owners[keep][order], self.runs[keep][order]
        starts = np.searchsorted(owners, np.arange(len(self.ids)))
        ends = np.searchsorted(owners, np.arange(len(self.ids)), side="right")
        links = []
        for position, message_id in enumerate(self.ids):
            distinctive = runs[starts[position]:ends[position]]
            if len(distinctive) < _QUOTE_MIN_SHINGLES:
                continue
            lo = np.searchsorted(self.quoted_runs, distinctive)
            hi = np.searchsorted(self.quoted_runs, distinctive, side="right")
            hits = Counter(self.ids[q] for a, b in zip(lo, hi) for q in self.quoting[a:b] if q != position)
            needed = max(_QUOTE_MIN_SHINGLES, _QUOTE_SHARE * len(distinctive))
            links += [(message_id, other) for other, count in sorted(hits.items())
                      if count >= needed and not sent_at[other] < sent_at[message_id]]
        return links


def _among(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """The ``values`` that are in ``sorted_set`` (sorted, without repeats)."""
    if not len(values) or not len(sorted_set):
        return values[:0]
    at = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return values[sorted_set[at] == values]


def _thread_table(messages: pd.DataFrame, with_history: set[str]) -> pd.DataFrame:
    """What threading compares: subject key, reply flag (a RE:/FW: subject, or quoted history: ``with_history``),
    sender and recipients as person keys."""
    directory = Directory(messages)
    table = messages[["message_id", "subject", "sent_at", "sender", "sender_name", "to", "cc",
                      "source_file", "page_start", "reconstructed"]].copy()
    table["key"] = table["subject"].map(normalise_subject)
    table["sender_key"] = [directory.sender_key(s, n) for s, n in zip(table["sender"], table["sender_name"])]
    table["recipient_keys"] = [[directory.key(r) for r in [*to, *cc]] for to, cc in zip(table["to"], table["cc"])]
    table["reply"] = [_is_reply(s, m in with_history) for s, m in zip(table["subject"], table["message_id"])]
    table["generic"] = [k in GENERIC_SUBJECTS or len(re.sub(r"[^a-z]", "", k)) < 3 for k in table["key"]]
    table["unknown_subject"] = table["subject"].isna()  # not printed, or not read
    return table


def _same_message_links(table: pd.DataFrame) -> list[tuple[str, str]]:
    dated = table[table["sent_at"].notna() & table["sender_key"].notna()]
    minute = dated["sent_at"].dt.floor("min")
    links = []
    for _, group in dated.groupby([dated["sender_key"], minute], sort=True):
        rows = list(group.sort_values("message_id").itertuples())
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                # A recovered quote, or a second printing with the same subject line.
                if a.reconstructed or b.reconstructed or (a.key == b.key and not a.generic):
                    links.append((a.message_id, b.message_id))
    return links


def _participants(row) -> set[str]:
    return {p for p in [row.sender_key, *row.recipient_keys] if p}


def _is_reply(subject, has_history: bool) -> bool:
    return has_history or bool(re.match(r"^\s*(re|fw|fwd|aw|sv)\s*:", "" if pd.isna(subject) else str(subject),
                                        re.IGNORECASE))


def _subject_links(table: pd.DataFrame, has_parent: set[str]) -> list[tuple[str, str]]:
    links = []
    for reply in table[table["reply"] & ~table["message_id"].isin(has_parent)].itertuples():
        candidates = table if reply.generic else table[(table["key"] == reply.key) | table["unknown_subject"]]
        parent = _parent(reply, candidates)
        if parent is not None:
            links.append((reply.message_id, parent))
    return links


def _parent(reply, candidates: pd.DataFrame) -> str | None:
    """The nearest earlier message that this reply plausibly answers."""
    best, best_gap = None, None
    for candidate in candidates.itertuples():
        if candidate.message_id == reply.message_id:
            continue
        if reply.sender_key not in _participants(candidate):
            continue
        strict = reply.generic or candidate.unknown_subject
        if strict and not (candidate.sender_key in reply.recipient_keys
                           and reply.sender_key in candidate.recipient_keys):
            continue
        if pd.isna(reply.sent_at) or pd.isna(candidate.sent_at):
            if strict or candidate.source_file != reply.source_file or pd.isna(reply.page_start) \
                    or pd.isna(candidate.page_start) or candidate.page_start > reply.page_start:
                continue
            gap = timedelta(days=int(reply.page_start - candidate.page_start))  # pages apart, as a distance
        else:
            gap = reply.sent_at - candidate.sent_at
            if gap <= timedelta(0) or gap > (GENERIC_WINDOW if strict else SUBJECT_WINDOW):
                continue
        if best_gap is None or gap < best_gap:
            best, best_gap = candidate.message_id, gap
    return best
