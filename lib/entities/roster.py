"""The people table: one row per person, counted from the entity table."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from lib.entities.columns import PEOPLE_COLUMNS, TEXT_FIELDS, typed
from lib.entities.keys import key_for_name
from lib.entities.mentions import message_texts
from lib.entities.reference import load_institutions, load_officials, path_key
from lib.entities.roles import SUBJECT, titles_before


def people_table(entities: pd.DataFrame, messages: pd.DataFrame | None = None, *,
                 titles: pd.Series | None = None, agencies_path: str | Path | None = None,
                 officials_path: str | Path | None = None) -> pd.DataFrame:
    """One row per person (see ``PEOPLE_COLUMNS``), from ``tag_messages``' output.

    The titles written before each name are read from ``messages``' texts, or
    given as ``titles`` (aligned with ``entities``, from ``resolve_batches``).
    A person's name, address and signed agency are the values written most
    often with them (the first in sort order on a tie). Counted over the whole
    table at once in integer codes: a table of a group per person would cost
    a copy of the rows and a few milliseconds per person.
    """
    institutions = load_institutions(path_key(agencies_path))
    officials = {key_for_name(o.name): o for o in load_officials(path_key(officials_path))}
    has_person = entities["person_id"].notna().to_numpy(dtype=bool)
    person, person_ids = pd.factorize(entities["person_id"][has_person], sort=True)
    rows = _PersonRows(entities.loc[has_person] if not has_person.all() else entities, person, len(person_ids))
    persons, emails = rows.labelled("PERSON"), rows.labelled("EMAIL")
    in_text = persons & rows.column("field").isin(TEXT_FIELDS).to_numpy()
    header = rows.column("source").eq("header").to_numpy(dtype=bool, na_value=False)
    names, addresses = rows.most_frequent("canonical", persons), rows.most_frequent("canonical", emails)
    first_address, role = rows.first("canonical", emails), rows.first("role", rows.everywhere)
    agencies = rows.most_frequent("canonical", rows.labelled("AGENCY"))
    messages_of = rows.distinct_count("message_id", rows.everywhere)
    sent = rows.distinct_count("message_id", header & rows.column("field").isin(["sender", "sender_name"]).to_numpy())
    received = rows.distinct_count("message_id", header & rows.column("field").isin(["to", "cc"]).to_numpy())
    mentions = np.bincount(person[in_text], minlength=len(person_ids))
    variants = rows.distinct("text", persons)
    written = rows.titles(in_text, titles[has_person] if titles is not None and not has_person.all() else titles,
                          message_texts(messages) if messages is not None and titles is None else {})

    table_rows = []
    for p, pid in enumerate(person_ids):
        name = names[p] if names[p] is not None else first_address[p]
        email = addresses[p]
        official = officials.get(key_for_name(name)) if name else None
        agency = institutions.code_for_email(email) or (official.agency if official else None)
        if agency is None:
            agency = agencies[p]
        table_rows.append({
            "person_id": pid, "name": name, "role": role[p] if role[p] is not None else SUBJECT, "email": email,
            "agency": agency, "mentions": int(mentions[p]), "messages": int(messages_of[p]), "sent": int(sent[p]),
            "received": int(received[p]), "variants": sorted(variants[p]),
            "titles": sorted(written[p], key=lambda t: (-written[p][t], t)),
            "official_title": official.title if official else None,
            "source_url": official.source_url if official else None,
        })
    table = pd.DataFrame(table_rows, columns=list(PEOPLE_COLUMNS))
    return typed(table, ("person_id", "name", "role", "email", "agency", "official_title", "source_url"),
                  ("mentions", "messages", "sent", "received"))


class _PersonRows:
    """Entity rows with a person, each column's values as integer codes: what ``people_table`` counts."""

    def __init__(self, rows: pd.DataFrame, person: np.ndarray, people: int):
        self.rows, self.person, self.people = rows, person, people
        self.everywhere = np.ones(len(rows), dtype=bool)

    def column(self, name: str) -> pd.Series:
        return self.rows[name]

    def labelled(self, label: str) -> np.ndarray:
        return self.rows["label"].eq(label).to_numpy(dtype=bool, na_value=False)

    def _codes(self, column: str, where: np.ndarray) -> tuple[np.ndarray, np.ndarray, pd.Index]:
        """Each selected row's person and value code (rows without a value left out), and the values."""
        codes, values = pd.factorize(self.rows[column][where] if not where.all() else self.rows[column])
        known = codes >= 0
        return self.person[where][known], codes[known], values

    @staticmethod
    def _pairs(person: np.ndarray, codes: np.ndarray) -> np.ndarray:
        """(person, value code) as one sortable integer."""
        return (person.astype(np.int64) << 32) | codes

    def most_frequent(self, column: str, where: np.ndarray) -> list[str | None]:
        """Per person, the value written most often (the least in sort order on a tie), like ``Series.mode``."""
        person, codes, values = self._codes(column, where)
        best: list[tuple[int, str] | None] = [None] * self.people
        pairs, counts = np.unique(self._pairs(person, codes), return_counts=True)
        for pair, count in zip(pairs.tolist(), counts.tolist()):
            p, value = pair >> 32, values[pair & 0xFFFFFFFF]
            if best[p] is None or count > best[p][0] or (count == best[p][0] and value < best[p][1]):
                best[p] = (count, value)
        return [b[1] if b is not None else None for b in best]

    def first(self, column: str, where: np.ndarray) -> list[str | None]:
        """Per person, the value of the first selected row that has one."""
        person, codes, values = self._codes(column, where)
        found: list[str | None] = [None] * self.people
        seen, first = np.unique(person, return_index=True)
        for p, at in zip(seen.tolist(), first.tolist()):
            found[p] = values[codes[at]]
        return found

    def distinct_count(self, column: str, where: np.ndarray) -> np.ndarray:
        person, codes, _ = self._codes(column, where)
        return np.bincount(np.unique(self._pairs(person, codes)) >> 32, minlength=self.people)

    def distinct(self, column: str, where: np.ndarray) -> list[set[str]]:
        person, codes, values = self._codes(column, where)
        found: list[set[str]] = [set() for _ in range(self.people)]
        for pair in np.unique(self._pairs(person, codes)).tolist():
            found[pair >> 32].add(values[pair & 0xFFFFFFFF])
        return found

    def titles(self, where: np.ndarray, titles: pd.Series | None, texts: dict[tuple, str]) -> list[Counter]:
        """Per person, how often each title is written before their name in the selected rows."""
        written: list[Counter] = [Counter() for _ in range(self.people)]
        positions = np.flatnonzero(where)
        if titles is not None:
            found = titles.reindex(self.rows.index[positions]) if not titles.index.equals(self.rows.index) \
                else titles.iloc[positions]
            found = found.tolist()
        else:
            selected = self.rows.iloc[positions]
            found = [titles_before(texts.get((m, f), ""), int(start)) for m, f, start in
                     zip(selected["message_id"], selected["field"], selected["start_char"])]
        for p, title in zip(self.person[positions].tolist(), found):
            if isinstance(title, str) and title:
                written[p][title] += 1
        return written
