"""The release's correspondents: their agencies and sides, who is who across spellings, and which way each
message goes (police->ice, ice->police, internal or other).

Agencies come from the jurisdiction's ``agencies.csv``: an address's domain, or the nearest parent domain
listed (``ice.dhs.gov`` before ``dhs.gov``), names the agency and its side (police, ice, federal, corrections,
court, other).

A correspondent is identified by email address where one is known, else by display name. A recipient printed
only as a name ("Jane Roe") is matched to an address when the same table shows that person's address
elsewhere: as the sender of another message (sender and sender name on one row), or by an address whose local
part spells the name (jane.roe@, jane.m.roe@, jroe@) when exactly one known address does. Unmatched names stay
separate correspondents with no agency if printed in at least two messages' headers; strings that do not look
like a name (digits, sentences, a single word) are dropped.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from lib.core.addresses import display_name, parse_person
from lib.core.profile import active_profile
from lib.core.schema import cell_text as _text

AGENCIES_FILE = active_profile().table("agencies")
POLICE, ICE = "police", "ice"

#: The message columns the correspondents network reads (a large release's texts can stay on disk).
MESSAGE_COLUMNS = ["message_id", "duplicate_of", "sender", "sender_name", "to", "cc", "sent_at", "source_file",
                   "page_start", "bates_start"]


def unique_messages(messages: pd.DataFrame, include_duplicates: bool = False) -> pd.DataFrame:
    """The message table without repeated printings, unless asked for."""
    if include_duplicates:
        return messages
    return messages[messages["duplicate_of"].isna()]


# --- Agencies -------------------------------------------------------------------

def load_agencies(path: str | Path | None = None) -> pd.DataFrame:
    """The agency reference table (code, name, side, email_domains, ...)."""
    return pd.read_csv(path or AGENCIES_FILE, dtype=str, keep_default_na=False)


def domain_agencies(agencies: pd.DataFrame) -> dict[str, str]:
    """Email domain -> agency code; where two agencies list one domain, the first listed wins."""
    lookup: dict[str, str] = {}
    for row in agencies.itertuples():
        for domain in filter(None, (d.strip().lower() for d in row.email_domains.split("|"))):
            lookup.setdefault(domain, row.code)
    return lookup


def agency_of(address: str | None, lookup: dict[str, str]) -> str | None:
    """The agency code of an address's domain or its nearest listed parent domain."""
    if not address or "@" not in address:
        return None
    parts = address.rsplit("@", 1)[1].lower().strip(".").split(".")
    for start in range(len(parts) - 1):
        code = lookup.get(".".join(parts[start:]))
        if code:
            return code
    return None


# --- Correspondents -------------------------------------------------------------

def _name_key(name: str | None) -> tuple[str, str] | None:
    """('jane', 'roe') for 'Jane M. Roe' or 'Roe, Jane': first and last name, letters only."""
    tokens = [re.sub(r"[^a-z]", "", t) for t in (display_name(name) or "").lower().split()]
    tokens = [t for t in tokens if t]
    return (tokens[0], tokens[-1]) if len(tokens) >= 2 else None


def _spells(local: str, first: str, last: str) -> bool:
    """Whether an address's local part is a usual spelling of a first and last name.

    jane.roe, jane.m.roe, janeroe and jroe all spell ('jane', 'roe').
    """
    parts = [re.sub(r"[^a-z]", "", p) for p in local.lower().split(".")]
    if len(parts) in (2, 3) and parts[0] == first and parts[-1] == last:
        return True
    return "".join(parts) in (first + last, first[0] + last)


def plausible_name(name: str | None) -> bool:
    """Whether a name-only correspondent looks like a person's or an office's name.

    Header parsing sometimes takes a wrapped line of text for a recipient
    ("Will be at the side door.", "Report I192045828 is", a lone surname);
    such strings, which can carry details about people written about, never
    become correspondents. A name needs at least two words.
    """
    if not name or re.search(r"\d|[?!;:@]", name) or re.search(r"\w{2,}\.\s*$", name):
        return False
    return 2 <= len(re.findall(r"[A-Za-z][\w'.-]*", name)) <= 8


class Directory:
    """Resolves printed senders and recipients to one key per person, with agency and side.

    A name that resolves to no address is kept only when it is printed in the
    headers of at least ``min_messages`` messages: a one-off string is more
    likely a parsing slip than a correspondent.
    """

    def __init__(self, messages: pd.DataFrame, agencies: pd.DataFrame | None = None, *, min_messages: int = 2):
        agencies = load_agencies() if agencies is None else agencies
        self._lookup = domain_agencies(agencies)
        self._agency_side = dict(zip(agencies["code"], agencies["side"]))
        self._agency_name = dict(zip(agencies["code"], agencies["name"]))
        self._labels: dict[str, Counter] = defaultdict(Counter)
        votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
        addresses: set[str] = set()
        headers = [(message_id, _text(sender) or _text(name), [*to, *cc]) for message_id, sender, name, to, cc
                   in zip(messages["message_id"], messages["sender"], messages["sender_name"], messages["to"],
                          messages["cc"])]
        for sender, name in zip(messages["sender"], messages["sender_name"]):
            sender, name = _text(sender).lower(), display_name(_text(name))
            if sender:
                addresses.add(sender)
                if name:
                    self._labels[sender][name] += 1
                    if key := _name_key(name):
                        votes[key][sender] += 1
        for _, _, people in headers:
            for raw in people:
                person = parse_person(raw)
                if person.email:
                    addresses.add(person.email)
                    if person.name:
                        self._labels[person.email][person.name] += 1
                        if key := _name_key(person.name):
                            votes[key][person.email] += 1
        self._name_address = {key: counts.most_common(1)[0][0] for key, counts in votes.items()}
        self._addresses = sorted(addresses)
        self._spelled_names: dict[str, str] = {}
        seen: dict[str, set] = defaultdict(set)
        for message_id, sender, people in headers:
            for raw in [sender, *people]:
                key = self._resolve(raw)
                if key and key.startswith("name:"):
                    seen[key].add(message_id)
        self._names = {key for key, ids in seen.items() if len(ids) >= min_messages}

    def _resolve(self, raw: str | None) -> str | None:
        person = parse_person(_text(raw))
        if person.email:
            return person.email
        if not plausible_name(person.name):
            return None
        name_key = _name_key(person.name)
        if name_key in self._name_address:
            return self._name_address[name_key]
        spelled = [a for a in self._addresses if name_key and _spells(a.split("@")[0], *name_key)]
        if len(spelled) == 1:
            self._spelled_names.setdefault(spelled[0], person.name)
            return spelled[0]
        return f"name:{person.name}"

    def key(self, raw: str | None) -> str | None:
        """One key per person: the address where known, else 'name:First Last' (or None)."""
        key = self._resolve(raw)
        if key and key.startswith("name:") and key not in self._names:
            return None
        return key

    def sender_key(self, sender, sender_name) -> str | None:
        return self.key(_text(sender) or _text(sender_name))

    def label(self, key: str) -> str:
        """A display name for a key: the name printed most often with the address."""
        if key.startswith("name:"):
            return key[5:]
        names = self._labels.get(key)
        return names.most_common(1)[0][0] if names else self._spelled_names.get(key, key)

    def agency(self, key: str | None) -> str | None:
        return agency_of(key, self._lookup) if key and not key.startswith("name:") else None

    def agency_name(self, code: str | None) -> str | None:
        return self._agency_name.get(code) if code else None

    def side(self, key: str | None) -> str | None:
        code = self.agency(key)
        return self._agency_side.get(code) if code else None


def message_edges(messages: pd.DataFrame, agencies: pd.DataFrame | None = None, *,
                  include_duplicates: bool = False, directory: Directory | None = None) -> pd.DataFrame:
    """One row per message and recipient: sender key -> recipient key, with provenance."""
    directory = directory or Directory(messages, agencies)
    rows = []
    for row in unique_messages(messages, include_duplicates).itertuples(index=False):
        source = directory.sender_key(row.sender, row.sender_name)
        if source is None:
            continue
        seen = set()
        for field, people in (("to", row.to), ("cc", row.cc)):
            for raw in people:
                target = directory.key(raw)
                if target is None or target == source or target in seen:
                    continue
                seen.add(target)
                rows.append({"message_id": row.message_id, "source": source, "target": target, "field": field,
                             "sent_at": row.sent_at, "source_file": row.source_file,
                             "page_start": row.page_start, "bates_start": row.bates_start})
    columns = ["message_id", "source", "target", "field", "sent_at", "source_file", "page_start", "bates_start"]
    return pd.DataFrame(rows, columns=columns)


# --- Direction ------------------------------------------------------------------

DIRECTIONS = ["police->ice", "ice->police", "internal-police", "internal-ice", "other"]
#: The colour of each direction, the same in every figure; print-safe on white.
DIRECTION_COLOURS = {"police->ice": "#1f4e99", "ice->police": "#b3261e", "internal-police": "#86a9e0",
                     "internal-ice": "#f0a35e", "other": "#bdbdbd"}


def direction(messages: pd.DataFrame, agencies: pd.DataFrame | None = None, *,
              include_duplicates: bool = False) -> pd.Series:
    """Each message's direction: police->ice, ice->police, internal-police, internal-ice or other.

    The sender's side comes from the sender's address (agency by email domain);
    recipients' sides from their addresses. A recipient printed only as a name
    counts when the table shows that person's address elsewhere (see
    ``lib.core.directory.Directory``); otherwise that recipient's side is unknown and
    the direction is decided by the recipients whose side is known. Where no
    recipient is printed at all (messages recovered from a quote that shows
    only "X wrote:"), the people who answered it stand in for its recipients:
    the senders of messages whose ``in_reply_to`` names it, else the sender of
    the message that quoted it. A message with no known recipient side, or a
    sender of neither side, is 'other'. A message from police to both police
    and ICE counts as police->ice.
    """
    rows = unique_messages(messages, include_duplicates)
    directory = Directory(messages, agencies)
    sender_of = {m: directory.sender_key(s, n)
                 for m, s, n in zip(messages["message_id"], messages["sender"], messages["sender_name"])}
    answered_by: dict[str, set] = {}
    for message_id, parent in zip(messages["message_id"], messages["in_reply_to"]):
        if not pd.isna(parent):
            answered_by.setdefault(parent, set()).add(sender_of[message_id])
    result = {}
    for row in rows.itertuples():
        sender_key = sender_of[row.message_id]
        people = [directory.key(raw) for raw in [*row.to, *row.cc]]
        if not [*row.to, *row.cc]:
            people = list(answered_by.get(row.message_id) or {sender_of.get(row.quoted_in)} - {None})
            people = [p for p in people if p != sender_key]
        recipients = {directory.side(p) for p in people} - {None}
        result[row.Index] = _direction(directory.side(sender_key), recipients)
    return pd.Series(result, index=rows.index, dtype="string", name="direction")


def _direction(sender: str | None, recipients: set[str]) -> str:
    other = ICE if sender == POLICE else POLICE if sender == ICE else None
    if other is None or not recipients:
        return "other"
    if other in recipients:
        return f"{sender}->{other}"
    if recipients == {sender}:
        return f"internal-{sender}"
    return "other"
