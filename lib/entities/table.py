"""The release's entity table from tagged batches, with people resolved across all of them.

``lib.entities.tagging.tag_batch`` tags a batch of messages where the model is (a worker
process). Here each batch's rows go to a Parquet part as it arrives; only the
person mentions stay in memory, because ``PeopleResolver`` must see the whole
release at once. Two passes over the parts then give every row its person,
apply the reviewed corrections, assign roles and write the table, a part at a
time. Memory: the mentions as columns of codes (13 bytes each, every distinct
name and address kept once), a person number per entity row, the rows that
name a person (for the people table) and one part.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from lib.core.tables import TableWriter, release_freed_memory, write_part
from lib.entities.columns import ENTITY_COLUMNS, ROW_COLUMNS, TEXT_FIELDS, TaggedBatch, typed
from lib.entities.corrections import IDENTITY_ACTIONS, apply_corrections, corrections_table
from lib.entities.mention_table import MentionTable, MentionTableBuilder
from lib.entities.reference import load_officials, path_key
from lib.entities.resolver import PeopleResolver, Person
from lib.entities.roles import OFFICIAL, SUBJECT, is_official_title

#: Columns ``people_table`` reads, kept for the rows that name a person.
PEOPLE_ROW_COLUMNS = ["message_id", "field", "start_char", "text", "label", "canonical", "person_id", "role",
                      "source", "_title"]
_REPORT_COLUMNS = ["id", "action", "rows", "applied", "reason"]


@dataclass
class ResolvedEntities:
    path: Path  # the entity table
    people_rows: pd.DataFrame  # its rows with a person, with the title written before each name
    corrections: pd.DataFrame  # which reviewed corrections applied, to how many rows


def resolve_batches(batches: Iterable[TaggedBatch], dest: Path, *, corrections=None, apply_reviewed: bool = True,
                    officials_path: str | Path | None = None, official_titles: bool = True) -> ResolvedEntities:
    """Write the entity table of ``batches`` (in message order) to ``dest``; see ``lib.entities.tagging.tag_messages``."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=".entities-", dir=dest.parent))
    try:
        return _resolve(batches, dest, workdir, corrections, apply_reviewed, officials_path, official_titles)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _resolve(batches, dest, workdir, corrections, apply_reviewed, officials_path, official_titles):
    parts, mentions, mention_of_row = _tagged_parts(batches, workdir)
    person_of, people = PeopleResolver(load_officials(path_key(officials_path))).resolve_table(mentions)
    row_people = _RowPeople.of(mention_of_row, person_of, people)
    del mentions, mention_of_row, person_of
    people = {person.person_id: person for person in people}
    table = corrections_table(corrections) if apply_reviewed else None
    named, official_ids, reports = _with_identities(parts, row_people, people, table, official_titles)
    people_rows, role_reports = _with_roles(named, official_ids, table, dest)
    return ResolvedEntities(dest, people_rows, _combined(reports + role_reports, table))


def _tagged_parts(batches, workdir: Path) -> tuple[list[tuple[Path, int]], MentionTable, np.ndarray]:
    """Each batch's rows to a part (with its first row number); the mentions, in the resolver's order.

    And which of those mentions owns each row (-1: none). A row has one owner
    at most: a correspondent owns its header rows, a name in a text its own row
    and those of its signature block.
    """
    parts: list[tuple[Path, int]] = []
    mentions = MentionTableBuilder()
    correspondents, text_mentions, owners = [], [], []  # positions in the builder, in the order they came
    total = 0
    for number, batch in enumerate(batches):
        parts.append((write_part(batch.rows, workdir / f"tagged-{number:05d}.parquet"), total))
        owner = np.full(len(batch.rows), -1, dtype=np.int32)
        for kind, found in ((correspondents, batch.correspondents), (text_mentions, batch.text_mentions)):
            positions = mentions.append(m for m, _ in found)
            kind.append(np.arange(positions.start, positions.stop))
            for position, (_, rows) in zip(positions, found):
                owner[rows] = position
        owners.append(owner)
        total += len(batch.rows)
        del batch, found  # found is the batch's list of mentions in text
        release_freed_memory()  # the batch arrived among what is kept: its pages would stay otherwise
    if not parts:
        empty = typed(pd.DataFrame(columns=list(ROW_COLUMNS)), *_ROW_TYPES)
        parts.append((write_part(empty, workdir / "tagged-empty.parquet"), 0))
    # Correspondents first, then names in texts: the order one batch of everything gives.
    order = np.concatenate([*correspondents, *text_mentions, np.zeros(0, dtype=np.int64)])
    resolver_position = np.append(np.argsort(order).astype(np.int32), np.int32(-1))  # owner -1 stays -1
    mention_of_row = resolver_position[np.concatenate([*owners, np.zeros(0, dtype=np.int32)])]
    return parts, mentions.table().take(order), mention_of_row


@dataclass
class _RowPeople:
    """Per entity row, its person (-1: none); per person, their id, name and official page."""

    person_of_row: np.ndarray
    person_ids: np.ndarray  # each with a None at the end, which person -1 picks
    names: np.ndarray
    officials: np.ndarray

    @classmethod
    def of(cls, mention_of_row: np.ndarray, person_of: np.ndarray, people: list[Person]) -> "_RowPeople":
        person_of_row = np.append(person_of, np.int32(-1))[mention_of_row]  # no owner, no person
        columns = ([p.person_id for p in people], [p.name for p in people],
                   [p.official.source_url if p.official else None for p in people])
        return cls(person_of_row, *(_objects([*values, None]) for values in columns))

    def fill(self, rows: pd.DataFrame, first: int, email_owner: dict[str, str]) -> None:
        person = self.person_of_row[first:first + len(rows)]
        _fill_people(rows, person >= 0, self.person_ids[person], self.names[person], self.officials[person],
                     email_owner)


def _objects(values: list) -> np.ndarray:
    """``values`` as an object array (``np.array`` would copy strings into fixed-width ones)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _with_identities(parts, row_people: _RowPeople, people: dict, table, official_titles: bool):
    """Pass 1 over the parts: people, identity corrections; who is an official. Returns the new parts."""
    email_owner: dict[str, str] = {}
    for person in people.values():
        for email in person.emails:
            email_owner.setdefault(email, person.person_id)
    person_names = {pid: person.name for pid, person in people.items() if person.name}
    named, reports = [], []
    official_ids, titled = set(), set()
    for part, first in parts:
        rows = pd.read_parquet(part)
        row_people.fill(rows, first, email_owner)
        if table is not None:
            rows, applied = apply_corrections(rows, table, IDENTITY_ACTIONS, names=person_names)
            reports.append(applied)
        has_person = rows["person_id"].notna()
        header = rows["source"].eq("header") | rows["_official"].notna()
        official_ids |= set(rows.loc[has_person & header, "person_id"])
        if official_titles:
            titled_rows = rows[rows["label"].eq("PERSON") & has_person & rows["field"].isin(TEXT_FIELDS)
                               & rows["_title"].notna()]
            titled |= {pid for pid, title in zip(titled_rows["person_id"], titled_rows["_title"])
                       if title and is_official_title(title)}
        named.append(write_part(rows, part.with_name("people-" + part.name)))
        del rows
        release_freed_memory()
    return named, official_ids | titled, reports


def _with_roles(parts: list[Path], official_ids: set[str], table, dest: Path):
    """Pass 2: roles and role corrections; the entity table written, the rows with a person returned."""
    reports, people_parts = [], []
    with TableWriter(dest) as writer:
        for part in parts:
            rows = pd.read_parquet(part)
            has_person = rows["person_id"].notna()
            rows["role"] = pd.Series(np.where(rows["person_id"].isin(official_ids), OFFICIAL, SUBJECT),
                                     index=rows.index, dtype="string").where(has_person, None)
            if table is not None:
                rows, applied = apply_corrections(rows, table, ("role",))
                reports.append(applied)
            writer.write(typed(rows[list(ENTITY_COLUMNS)].reset_index(drop=True),
                                ("message_id", "field", "text", "label", "canonical", "person_id", "role",
                                 "source"), ("item", "start_char", "end_char")))
            people_parts.append(write_part(rows.loc[rows["person_id"].notna(), PEOPLE_ROW_COLUMNS],
                                           part.with_name("named-" + part.name)))
            del rows
            release_freed_memory()
    return pd.concat([pd.read_parquet(p) for p in people_parts], ignore_index=True), reports


_ROW_TYPES = (("message_id", "field", "text", "label", "canonical", "source", "_title"),
              ("item", "start_char", "end_char"))


def _fill_people(rows: pd.DataFrame, owned, person_ids, names, officials, email_owner: dict[str, str]) -> None:
    """A part's rows get their person; a written address belongs to whoever uses it in the headers."""
    person = pd.Series(person_ids, index=rows.index, dtype=object)
    is_email = rows["label"].eq("EMAIL").to_numpy()
    unowned_email = is_email & pd.isna(person_ids)
    person[unowned_email] = rows.loc[unowned_email, "canonical"].map(email_owner).to_numpy()
    is_person = rows["label"].eq("PERSON").to_numpy() & owned
    canonical = rows["canonical"].astype(object).where(rows["canonical"].notna(), None)
    canonical[is_person] = names[is_person]
    rows["canonical"] = canonical.astype("string")
    rows["person_id"] = person.where(person.notna(), None).astype("string")
    rows["role"] = pd.Series(None, index=rows.index, dtype="string")
    rows["_official"] = pd.Series(officials, index=rows.index, dtype=object).astype("string")


def _combined(reports: list[pd.DataFrame], table: pd.DataFrame | None) -> pd.DataFrame:
    """Each correction once, with the rows it changed summed over the parts."""
    if table is None or not reports:
        return pd.DataFrame(columns=_REPORT_COLUMNS)
    joined = pd.concat(reports, ignore_index=True)
    if joined.empty:
        return pd.DataFrame(columns=_REPORT_COLUMNS)
    summed = joined.groupby("id", sort=False).agg(action=("action", "first"), rows=("rows", "sum"),
                                                  reason=("reason", "first")).reset_index()
    summed["applied"] = summed["rows"] > 0
    return summed[_REPORT_COLUMNS]
