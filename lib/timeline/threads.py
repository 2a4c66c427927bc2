"""Which messages belong to one thread, and why: links by reply, quote, second printing or subject line."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pandas as pd

from lib.core.directory import Directory
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


def threads(messages: pd.DataFrame) -> pd.Series:
    """A thread id for every row (duplicates share their original's thread).

    Messages joined by any link from ``thread_links`` share a thread. The
    thread id is 't' followed by the message_id of the thread's earliest message.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(messages["message_id"])
    links = thread_links(messages)
    graph.add_edges_from(zip(links["message_id"], links["linked_to"]))
    order = _time_order(messages)
    thread_of = {}
    for component in nx.connected_components(graph):
        first = min(component, key=order.__getitem__)
        for message_id in component:
            thread_of[message_id] = f"t{first}"
    return pd.Series([thread_of[m] for m in messages["message_id"]], index=messages.index, dtype="string",
                     name="thread_id")


def thread_links(messages: pd.DataFrame) -> pd.DataFrame:
    """Why messages share a thread: one row per link, with its kind.

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
    table = _thread_table(originals)
    rows += [(a, b, "same message") for a, b in _same_message_links(table)]
    rows += [(a, b, "quoted text") for a, b in _quote_links(originals)]
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


def _quote_links(messages: pd.DataFrame) -> list[tuple[str, str]]:
    """(quoted, quoting) pairs: message A's distinctive words appear in B's later quoted history.

    Only word runs that occur in no other message's own text count, so
    signatures and stock replies ("Attached. Thanks,") identify nothing.
    """
    def shingles(text) -> list[tuple[str, ...]]:
        words = _words(text)
        return [tuple(words[i:i + _QUOTE_SHINGLE]) for i in range(len(words) - _QUOTE_SHINGLE + 1)]

    own = {m: shingles(body)[:_QUOTE_OPENING] for m, body in zip(messages["message_id"], messages["body"])}
    # Only the openings' word runs are looked up, so only they are counted and indexed: the rest of a
    # large release's text is never held as word runs.
    openings = {s for opening in own.values() for s in opening}
    frequency = Counter(s for body in messages["body"] for s in set(shingles(body)) if s in openings)
    wanted = {s for s in openings if frequency[s] == 1}
    index: dict[tuple[str, ...], set[str]] = {}
    for message_id, quoted in zip(messages["message_id"], messages["quoted"]):
        for shingle in shingles(quoted):
            if shingle in wanted:
                index.setdefault(shingle, set()).add(message_id)
    sent_at = dict(zip(messages["message_id"], messages["sent_at"]))
    links = []
    for message_id, opening in own.items():
        distinctive = {s for s in opening if frequency[s] == 1}
        if len(distinctive) < _QUOTE_MIN_SHINGLES:
            continue
        hits = Counter(other for s in distinctive for other in index.get(s, ()) if other != message_id)
        needed = max(_QUOTE_MIN_SHINGLES, _QUOTE_SHARE * len(distinctive))
        links += [(message_id, other) for other, count in sorted(hits.items())
                  if count >= needed and not sent_at[other] < sent_at[message_id]]
    return links


def _thread_table(messages: pd.DataFrame) -> pd.DataFrame:
    """What threading compares: subject key, reply flag, sender and recipients as person keys."""
    directory = Directory(messages)
    table = messages[["message_id", "subject", "quoted", "sent_at", "sender", "sender_name", "to", "cc",
                      "source_file", "page_start", "reconstructed"]].copy()
    table["key"] = table["subject"].map(normalise_subject)
    table["sender_key"] = [directory.sender_key(s, n) for s, n in zip(table["sender"], table["sender_name"])]
    table["recipient_keys"] = [[directory.key(r) for r in [*to, *cc]] for to, cc in zip(table["to"], table["cc"])]
    table["reply"] = [_is_reply(s, q) for s, q in zip(table["subject"], table["quoted"])]
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


def _is_reply(subject, quoted) -> bool:
    return bool(re.match(r"^\s*(re|fw|fwd|aw|sv)\s*:", "" if pd.isna(subject) else str(subject), re.IGNORECASE)) \
        or bool(str(quoted).strip())


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
