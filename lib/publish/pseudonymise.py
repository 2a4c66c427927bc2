"""Privacy at the source: pseudonymised copies of every processed table.

``pseudonymise(processed, out)`` reads the raw processed folder and writes the
same tables to ``out`` with every private person's identifiers masked, in
every string column and every list-of-strings column. Notebooks meant for
publication read ``out``; nothing downstream ever sees a private name.

Pseudonyms. Each private person (anyone not an official) becomes "Person NNN".
NNN is a slot chosen by a keyed hash: HMAC-SHA256(salt, person_id) modulo the
number space (1-999 while there are at most 333 people, then 1-9999, ...),
taking the next free slot on a collision, people taken in the order of their
hash. The same people and salt give the same pseudonyms in every run, table
and notebook; adding a person leaves everyone else's number unchanged unless
the newcomer takes a slot someone else would have probed into. The number
says nothing about the order in which people appear. Subjects' person_id
values are replaced by "person-NNN" so no table carries a raw id.

Officials keep their names: people whose role is "official" (correspondents
and officers acting in their role, with an email address, an agency or two
messages to show for it) and the public officials listed, each with a source,
in ``lib/reference/officials.csv``. Their names are never masked even when a
private person shares a word of them; their work emails stay. Phone numbers
are all masked: a phone an officer passes on cannot be told reliably from the
officer's own.

Masking fails closed. Dates of birth, street addresses, phones, emails,
A-numbers, ICE subject IDs, docket, booking, incident, warrant, PCF, SID and
FBI numbers, SSNs, licence numbers, plates and social media handles of private
people become ``[DOB]``, ``[ADDRESS]``, ``[PHONE]``, ``[EMAIL]``,
``[A-NUMBER]``, ``[ICE-ID]``, ``[DOCKET]``, ``[BOOKING]``, ``[REPORT]``,
``[WARRANT]``, ``[PCF]``, ``[SID]``, ``[FBI-NUMBER]``, ``[SSN]``,
``[LICENSE]``, ``[PLATE]``, ``[HANDLE]``; any name-shaped span that is not
publishable becomes ``[NAME]`` (or the person's pseudonym when it contains a
known name). Four nets, merged: the entity offsets into ``body``, every value
and name variant of the raw tables found anywhere (``identifiers``),
identifier shapes with their cue words (``patterns``), and the independent
name detector (``names``), which does not use the tagger. Entity offsets are
moved to point into the masked body. The record counts the names only the
name detector found and the officials' mentions kept: what failing closed
cost.

``out/publication.json`` records what was done; the site builder refuses to
call a folder public without it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from .identifiers import Detector
from .masking import MASKS, Masked, Masker
from .names import NameShapes
from .patterns import Keep
from .publishable import officials_csv, release_publishable
from .raw_identifiers import (
    LABEL_KIND,
    NAME_LIST_COLUMNS,
    Roles,
    _items,
    agency_domains,
    identifiers_from_tables,
    lower_case_words,
    read_officials,
    release_texts,
    roles_from,
)
from .text import Span, fold
from .values import canonical

DEFAULT_SALT = os.environ.get("PUBLISH_SALT", "bpd-ice-records:pseudonyms:v1")
MARKER = "publication.json"
PSEUDONYM = "Person {number:0{width}d}"
PUBLIC_ID = "person-{number:0{width}d}"
#: Columns that hold ids and citations: only known identifiers are masked there, never shapes.
STRUCTURAL = {"message_id", "duplicate_of", "quoted_in", "in_reply_to", "source_file", "bates", "bates_start",
              "bates_end", "print_style", "method", "status", "label", "role", "thread_id", "entity_id"}


class PublicationError(Exception):
    """Something that must be fixed before the tables can be published; the message says what."""


# -- pseudonyms ----------------------------------------------------------------------------------

def _digest(person_id: str, salt: str) -> int:
    return int(hmac.new(salt.encode(), person_id.encode(), hashlib.sha256).hexdigest(), 16)


def pseudonym_numbers(person_ids, salt: str = DEFAULT_SALT) -> tuple[dict[str, int], int]:
    """A stable number for each person id (see the module docstring), and the digit width."""
    ids = sorted({str(p) for p in person_ids})
    space = 1000
    while space < 3 * len(ids) + 1:
        space *= 10
    numbers: dict[str, int] = {}
    used: set[int] = set()
    for person_id in sorted(ids, key=lambda p: (_digest(p, salt), p)):
        slot = _digest(person_id, salt) % (space - 1) + 1
        while slot in used:
            slot = slot % (space - 1) + 1
        used.add(slot)
        numbers[person_id] = slot
    return numbers, len(str(space - 1))


def pseudonyms(person_ids, salt: str = DEFAULT_SALT) -> tuple[dict[str, str], dict[str, str]]:
    """('Person 017' and 'person-017') for each person id."""
    numbers, width = pseudonym_numbers(person_ids, salt)
    names = {p: PSEUDONYM.format(number=n, width=width) for p, n in numbers.items()}
    ids = {p: PUBLIC_ID.format(number=n, width=width) for p, n in numbers.items()}
    return names, ids


# -- the folder ----------------------------------------------------------------------------------

def is_pseudonymised(folder: str | Path) -> bool:
    """True when ``folder`` was written by ``pseudonymise`` (it holds the publication record)."""
    marker = Path(folder) / MARKER
    if not marker.exists():
        return False
    try:
        return bool(json.loads(marker.read_text()).get("pseudonymised"))
    except (ValueError, OSError):
        return False


def _read(path: Path) -> pd.DataFrame | None:
    return pd.read_parquet(path) if path.exists() else None


def _keep(people, messages, roles: Roles, private_emails: set[str]) -> Keep:
    """Officials' and correspondents' email addresses and agencies' mail domains stay.

    Phone numbers are never kept: the entity stage cannot tell a phone an official passes on from the
    official's own, so every phone number is masked.
    """
    emails = set()
    if people is not None and "email" in people:
        emails |= {str(e).lower() for e, pid in zip(people["email"], people["person_id"])
                   if isinstance(e, str) and pid in roles.officials}
    if messages is not None:
        for column in ("sender", "to", "cc"):
            if column in messages:
                for value in messages[column]:
                    for item in (value if isinstance(value, (list, tuple, np.ndarray)) else [value]):
                        if isinstance(item, str) and "@" in item:
                            emails |= canonical("email", item.split("<")[-1])
    return Keep(frozenset(), frozenset(emails - private_emails), frozenset(agency_domains()))


@dataclass(frozen=True)
class MaskingPlan:
    """Who is private, their pseudonyms, and the masker that hides them: the same for every table, every page
    text and every page image of a release."""

    masker: Masker
    roles: Roles
    names: dict[str, str]  # person_id -> "Person NNN"
    public_ids: dict[str, str]  # person_id -> "person-NNN"
    subject_ids: set[str]
    official_names_listed: int


def masking_plan(processed_dir: str | Path, messages: pd.DataFrame, people: pd.DataFrame | None,
                 entities: pd.DataFrame | None, *, officials=None, salt: str = DEFAULT_SALT) -> MaskingPlan:
    """The masking of the RAW processed folder ``processed_dir``, whose tables are given."""
    official_names = read_officials(officials)
    roles = roles_from(people, official_names)
    texts = release_texts(processed_dir)
    identifiers = identifiers_from_tables(people, entities, official_names, texts)
    subject_ids = {i.person_id for i in identifiers if i.person_id and i.kind not in ("official", "ordinary")}
    if people is not None:
        subject_ids |= {p for p in people["person_id"] if isinstance(p, str) and p not in roles.officials}
    subject_ids -= roles.officials
    names, public_ids = pseudonyms(subject_ids, salt)
    private_emails = {v for i in identifiers if i.kind == "email" for v in canonical("email", i.value)}
    name_shapes = NameShapes(release_publishable(identifiers, messages, officials_csv=officials_csv(officials)),
                             ordinary=lower_case_words(texts, at_least=3))
    masker = Masker(Detector(identifiers), names, _keep(people, messages, roles, private_emails), names=name_shapes)
    return MaskingPlan(masker, roles, names, public_ids, subject_ids, len(official_names))


def release_masker(processed_dir: str | Path, *, officials=None, salt: str = DEFAULT_SALT) -> Masker:
    """The masker ``pseudonymise`` uses on the RAW processed folder ``processed_dir``, to mask other renderings
    of the same release (its page images) with the same decisions."""
    processed_dir = Path(processed_dir)
    messages = _read(processed_dir / "messages.parquet")
    if messages is None:
        raise PublicationError(f"{processed_dir}/messages.parquet does not exist: run `make build` first")
    return masking_plan(processed_dir, messages, _read(processed_dir / "people.parquet"),
                        _read(processed_dir / "entities.parquet"), officials=officials, salt=salt).masker


class _TableMasker:
    """Masks every string (and list of strings) in a table, counting what it masked."""

    def __init__(self, masker: Masker, public_ids: dict[str, str]):
        self.masker = masker
        self.public_ids = public_ids
        self.counts: Counter = Counter()
        self.cost: Counter = Counter()  # names only the name detector found; officials' mentions seen and kept

    def count(self, masked: Masked) -> Masked:
        self.counts.update(masked.kinds)
        self.cost.update(names_beyond_tagger=masked.names_beyond_tagger, official_mentions=masked.official_mentions,
                         official_mentions_kept=masked.official_mentions_kept)
        return masked

    def text(self, value, *, shapes: bool = True):
        if isinstance(value, str):
            return self.count(self.masker.mask(value, shapes=shapes)).text
        if isinstance(value, (list, tuple, np.ndarray)):
            return [self.text(v, shapes=shapes) for v in value]
        if isinstance(value, dict):
            return {k: self.text(v, shapes=shapes) for k, v in value.items()}
        return value

    def person_id(self, value):
        return self.public_ids.get(value, value) if isinstance(value, str) else value

    def frame(self, df: pd.DataFrame, skip: set[str] = frozenset()) -> pd.DataFrame:
        df = df.copy()
        for column in df.columns:
            if column in skip or not (df[column].dtype == object or pd.api.types.is_string_dtype(df[column])):
                continue
            if column == "person_id":
                df[column] = df[column].map(self.person_id)
                continue
            shapes = column not in STRUCTURAL
            masked = [self.text(v, shapes=shapes) for v in df[column]]
            df[column] = pd.Series(masked, index=df.index, dtype=df[column].dtype if df[column].dtype != object
                                   else object)
        return df


def _entity_key(row) -> tuple:
    """Which text an entity's offsets point into: (message_id, field, item); 'body' when not said."""
    field = getattr(row, "field", None)
    item = getattr(row, "item", None)
    return (row.message_id, field if isinstance(field, str) and field else "body",
            None if item is None or pd.isna(item) else int(item))


def _field_text(messages_by_id: dict, key: tuple):
    record = messages_by_id.get(key[0])
    if record is None:
        return None
    value = record.get(key[1])
    if key[2] is not None:
        value = list(value) if isinstance(value, (list, tuple, np.ndarray)) else []
        return value[key[2]] if key[2] < len(value) else None
    return value


def _entity_spans(entities: pd.DataFrame | None, messages: pd.DataFrame, roles: Roles) -> dict:
    """Private entities' spans in each message field, where the offsets still point at the entity's text."""
    spans: dict[tuple, list[Span]] = {}
    if entities is None or entities.empty or not {"message_id", "start_char", "end_char"} <= set(entities.columns):
        return spans
    by_id = {r["message_id"]: r for r in messages.to_dict("records")}
    for row in entities.itertuples():
        kind = LABEL_KIND.get(row.label)
        if kind is None or not roles.is_private_entity(row) or pd.isna(row.start_char) or pd.isna(row.end_char):
            continue
        key = _entity_key(row)
        text = _field_text(by_id, key)
        start, end = int(row.start_char), int(row.end_char)
        if isinstance(text, str) and 0 <= start < end <= len(text) and fold(text[start:end]) == fold(str(row.text)):
            person = row.person_id if isinstance(getattr(row, "person_id", None), str) else None
            spans.setdefault(key, []).append(Span(start, end, kind, person))
    return spans


def _mask_messages(messages: pd.DataFrame, tables: _TableMasker, entity_spans: dict) -> tuple[pd.DataFrame, dict]:
    """Mask the message table; return it with the edits made to each field (to move entity offsets)."""
    out = messages.copy()
    edits: dict[tuple, Masked] = {}

    def mask(message_id, column, item, value):
        masked = tables.count(tables.masker.mask(value, entity_spans.get((message_id, column, item), ()),
                                                 shapes=column not in STRUCTURAL, subject=column == "subject"))
        edits[(message_id, column, item)] = masked
        return masked.text

    for column in messages.columns:
        series = messages[column]
        if column == "person_id":
            out[column] = series.map(tables.person_id)
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            values = []
            for message_id, value in zip(messages["message_id"], series):
                if isinstance(value, str) and column != "message_id":
                    value = mask(message_id, column, None, value)
                elif isinstance(value, (list, tuple, np.ndarray)):
                    value = [mask(message_id, column, i, v) if isinstance(v, str) else tables.text(v)
                             for i, v in enumerate(value)]
                values.append(value)
            out[column] = pd.Series(values, index=messages.index, dtype=series.dtype if series.dtype != object
                                    else object)
    return out, edits


def _mask_entities(entities: pd.DataFrame, tables: _TableMasker, edits: dict, names: dict[str, str],
                   roles: Roles) -> pd.DataFrame:
    out = tables.frame(entities, skip={"text", "canonical"})
    texts, canonicals, starts, ends = [], [], [], []
    for row in entities.itertuples():
        kind = LABEL_KIND.get(row.label)
        if kind is not None and roles.is_private_entity(row):
            person = row.person_id if isinstance(getattr(row, "person_id", None), str) else None
            mask = names.get(person, MASKS["name"]) if kind == "name" else MASKS[kind]
            texts.append(mask)
            canonicals.append(mask)
            tables.counts[kind] += 1
        else:
            texts.append(tables.text(row.text))
            canonicals.append(tables.text(getattr(row, "canonical", None)))
        masked = edits.get(_entity_key(row)) if "message_id" in entities else None
        if masked is not None and "start_char" in entities and not pd.isna(row.start_char):
            starts.append(masked.position(int(row.start_char)))
            ends.append(masked.position(int(row.end_char), end=True))
        else:
            starts.append(getattr(row, "start_char", None))
            ends.append(getattr(row, "end_char", None))
    out["text"] = pd.Series(texts, index=entities.index, dtype=entities["text"].dtype)
    if "canonical" in entities:
        out["canonical"] = pd.Series(canonicals, index=entities.index, dtype=entities["canonical"].dtype)
    for column, values in (("start_char", starts), ("end_char", ends)):
        if column in entities:
            out[column] = pd.Series(values, index=entities.index).astype(entities[column].dtype)
    return out


def _mask_people(people: pd.DataFrame, tables: _TableMasker, names: dict[str, str], roles: Roles) -> pd.DataFrame:
    out = tables.frame(people, skip={"name", "email"})
    private = ~people["person_id"].isin(roles.officials)
    if "name" in people:
        # An official's name stays, but any date or number caught in it by a misread is still masked.
        out["name"] = [names.get(pid, MASKS["name"]) if is_private else tables.text(name)
                       for pid, name, is_private in zip(people["person_id"], people["name"], private)]
        out["name"] = out["name"].astype(people["name"].dtype)
    for column in NAME_LIST_COLUMNS:
        if column in people:
            out[column] = [[names.get(pid, MASKS["name"])] if is_private and len(_items(value)) else value
                           for pid, value, is_private in zip(people["person_id"], out[column], private)]
    if "email" in people:
        out["email"] = [(MASKS["email"] if isinstance(email, str) and email else email) if is_private else email
                        for email, is_private in zip(people["email"], private)]
        out["email"] = out["email"].astype(people["email"].dtype)
    return out


def _mask_json(value, tables: _TableMasker):
    if isinstance(value, dict):
        return {k: _mask_json(v, tables) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_json(v, tables) for v in value]
    return tables.text(value)


def pseudonymise(processed_dir: str | Path, out_dir: str | Path, *, officials=None, salt: str = DEFAULT_SALT,
                 allow_missing_entities: bool = False) -> dict:
    """Write pseudonymised copies of every table in ``processed_dir`` to ``out_dir``; return the record.

    ``officials``: a CSV path or a list of names of public officials who keep their names (default
    ``lib/reference/officials.csv``). Without ``people.parquet`` and ``entities.parquet`` only the
    pattern net would run, so this raises unless ``allow_missing_entities`` is set.
    """
    processed_dir, out_dir = Path(processed_dir), Path(out_dir)
    if out_dir.resolve() == processed_dir.resolve():
        raise PublicationError("the pseudonymised folder must not be the raw processed folder")
    if is_pseudonymised(processed_dir):
        raise PublicationError(f"{processed_dir} is already pseudonymised; pass the raw processed folder")
    messages = _read(processed_dir / "messages.parquet")
    if messages is None:
        raise PublicationError(f"{processed_dir}/messages.parquet does not exist: run `make build` first")
    people = _read(processed_dir / "people.parquet")
    entities = _read(processed_dir / "entities.parquet")
    if (people is None or entities is None) and not allow_missing_entities:
        raise PublicationError(
            f"{processed_dir} has no people.parquet or entities.parquet, so private people's names are unknown "
            "and could not be masked. Run the entity stage of the build first (or, for a test run only, pass "
            "allow_missing_entities=True: only identifier shapes are then masked).")

    plan = masking_plan(processed_dir, messages, people, entities, officials=officials, salt=salt)
    roles, names, public_ids, subject_ids = plan.roles, plan.names, plan.public_ids, plan.subject_ids
    masker = plan.masker
    tables = _TableMasker(masker, public_ids)

    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in [*out_dir.glob("*.parquet"), *out_dir.glob("*.json")]:
        stale.unlink()
    written = {}
    masked_messages, edits = _mask_messages(messages, tables, _entity_spans(entities, messages, roles))
    outputs = {"messages": masked_messages}
    if entities is not None:
        outputs["entities"] = _mask_entities(entities, tables, edits, names, roles)
    if people is not None:
        outputs["people"] = _mask_people(people, tables, names, roles)
    for path in sorted(processed_dir.glob("*.parquet")):
        if path.stem not in outputs:
            outputs[path.stem] = tables.frame(pd.read_parquet(path))
    for name, table in outputs.items():
        table.to_parquet(out_dir / f"{name}.parquet", index=False)
        written[name] = len(table)
    for path in sorted(processed_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        (out_dir / path.name).write_text(json.dumps(_mask_json(data, tables), indent=2, default=str) + "\n",
                                         encoding="utf-8")

    record = {
        "pseudonymised": True,
        "source": processed_dir.name,
        "written_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "tables": written,
        "private_people": len(subject_ids),
        "officials_kept": len(roles.officials),
        "official_names_listed": plan.official_names_listed,
        "entities_available": entities is not None and people is not None,
        "masked": dict(sorted(tables.counts.items())),
        # What default deny costs: names masked that the tagger did not find, out of all names masked, and
        # how many mentions of officials' names were left as written.
        "names_beyond_tagger": tables.cost["names_beyond_tagger"],
        "official_mentions": tables.cost["official_mentions"],
        "official_mentions_kept": tables.cost["official_mentions_kept"],
        "pseudonyms": "Person NNN: keyed hash (HMAC-SHA256) of the person id; the key is not published",
    }
    (out_dir / MARKER).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record
