"""Entities of the release: agencies, people, identifiers, places and forms, tagged with spaCy.

Public API:

- ``tag_text(text)``: the entities of one text.
- ``tag_messages(messages)``: the entities of a whole message table, one row per
  entity, with people resolved across the release, roles assigned and reviewed
  corrections applied (``applied_corrections(entities)`` says which).
- ``people_table(entities, messages)``: one row per person.
- ``throughput_comparison(texts)``: words per second of the tagger against bare
  ``nlp.pipe`` with the same model components.

Labels: AGENCY, COURT, FACILITY, FORM, A_NUMBER, DOB, PHONE, EMAIL, ADDRESS,
LICENSE, STATUTE, REPORT from the rules, PERSON from the model and the rules, and
the model's ORG, GPE, LOC, FAC, NORP, DATE, TIME, LAW and EVENT. Spans of
identifiers cover the value, not the cue: in "DOB 3/14/88" the DOB is "3/14/88".
"""

from __future__ import annotations

import re
import statistics
import time
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from lib.entities.corrections import check_corrections, load_corrections
from lib.entities.labels import MODEL_LABELS, RULE_LABELS
from lib.entities.people import SUBJECT, Mention, PeopleResolver, key_for_name, parse_name, titles_before
from lib.entities.reference import load_institutions, load_officials
from lib.entities.text import NormalisedText, normalise_whitespace

ENTITY_LABELS = (*RULE_LABELS, *MODEL_LABELS)

#: Columns of ``tag_text``.
TEXT_COLUMNS = ("text", "label", "start_char", "end_char", "canonical")

#: Columns of ``tag_messages``: one row per entity.
ENTITY_COLUMNS = {
    "message_id": "the message the entity is in",
    "field": "where: 'body' or 'subject' (text), or 'sender_name', 'sender', 'to', 'cc' (headers)",
    "item": "for 'to' and 'cc': position of the recipient in the list; else null",
    "start_char": "offset of the entity in the field's text (for 'to'/'cc', in that recipient's entry)",
    "end_char": "end offset (exclusive)",
    "text": "the entity as written",
    "label": "entity label (see ENTITY_LABELS)",
    "canonical": "one value per fact: agency code, ISO date of birth, 'A123456789', person's name, ...",
    "person_id": "for PERSON rows (and addresses of known people): stable person id",
    "role": "for rows with a person: 'official' or 'subject'",
    "source": "'rule', 'model' or 'header'",
}

#: Columns of ``people_table``.
PEOPLE_COLUMNS = ("person_id", "name", "role", "email", "agency", "mentions", "messages", "sent", "received",
                  "variants", "titles", "official_title", "source_url")

TEXT_FIELDS = ("subject", "body")
_CORRECTIONS_ATTR = "corrections_applied"
_EMAIL = re.compile(r"(?:mailto:)?([A-Za-z0-9._%+'\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})")
#: How many lines below a name a signature block's address may be.
SIGNATURE_LINES = 6
#: Texts ``nlp.pipe`` tags together. The entity recogniser holds features of every token of a batch at
#: once (about 1.5 KB a token): 64 long message bodies raised a tagging worker's peak by 130 MB, 16 by
#: 70 MB, in the same time.
PIPE_BATCH_SIZE = 16


# -- one text ---------------------------------------------------------------------------------

def tag_text(text: str, *, agencies_path: str | Path | None = None) -> pd.DataFrame:
    """The entities of one text; PERSON canonical names are resolved within the text."""
    from lib.entities.pipeline import records_pipeline

    normalised = normalise_whitespace(text or "")
    doc = records_pipeline(_path(agencies_path))(normalised.text)
    rows = _entity_rows(doc, normalised)
    people = [i for i, row in enumerate(rows) if row["label"] == "PERSON"]
    resolved, _ = PeopleResolver().resolve([Mention(None, rows[i]["text"]) for i in people])
    for i, person in zip(people, resolved):
        if person is not None:
            rows[i]["canonical"] = person.name
    table = pd.DataFrame(rows, columns=list(TEXT_COLUMNS))
    return _typed(table, ("text", "label", "canonical"), ("start_char", "end_char"))


def _entity_rows(doc, normalised: NormalisedText) -> list[dict]:
    rows = []
    for ent in doc.ents:
        start = normalised.original_start(ent.start_char)
        end = normalised.original_end(ent.end_char)
        rows.append({"text": normalised.original[start:end], "label": ent.label_, "start_char": start,
                     "end_char": end, "canonical": ent.kb_id_ or None, "source": ent.id_ or None})
    return rows


def tag_texts(texts: Iterable[str], *, batch_size: int = PIPE_BATCH_SIZE, n_process: int = 1,
              agencies_path: str | Path | None = None) -> Iterable[list[dict]]:
    """Entity rows of each text, in order (no people resolution): the tagger's inner loop."""
    from lib.entities.pipeline import records_pipeline

    nlp = records_pipeline(_path(agencies_path))
    normalised = [normalise_whitespace(t or "") for t in texts]
    docs = nlp.pipe((n.text for n in normalised), batch_size=batch_size, n_process=n_process)
    for doc, text in zip(docs, normalised):
        yield _entity_rows(doc, text)


# -- the message table ------------------------------------------------------------------------

@dataclass
class TaggedBatch:
    """What tagging one batch of messages gives before people are resolved across the release.

    ``rows`` are the batch's entities in table order (message, then field, item
    and offset), with ``_title``: the title written before each PERSON in a
    text ('Det.', 'Mr.'), read while the text is at hand. Each mention comes
    with the rows it stands for. Mentions are kept in two lists so that batches
    joined in order give the resolver the same sequence as one batch of
    everything: correspondents first, then names written in texts.
    """

    rows: pd.DataFrame
    text_mentions: list[tuple[Mention, list[int]]]
    correspondents: list[tuple[Mention, list[int]]]


#: Columns of a batch's rows before people are resolved.
ROW_COLUMNS = ("message_id", "field", "item", "start_char", "end_char", "text", "label", "canonical", "source",
               "_title")


def tag_batch(messages: pd.DataFrame, *, batch_size: int = PIPE_BATCH_SIZE, n_process: int = 1,
              agencies_path: str | Path | None = None, fields: tuple[str, ...] = TEXT_FIELDS) -> TaggedBatch:
    """Tag one batch of messages: the part of ``tag_messages`` that needs the model and the texts."""
    jobs = [(message_id, name, text) for message_id, record in _records(messages, fields)
            for name, text in record if text]
    tagged = tag_texts((text for _, _, text in jobs), batch_size=batch_size, n_process=n_process,
                       agencies_path=agencies_path)
    rows: list[dict] = []
    for (message_id, field_name, _), found in zip(jobs, tagged):
        for row in found:
            rows.append({"message_id": message_id, "field": field_name, "item": None, **row})
    rows += _header_rows(messages)
    texts = _bodies(messages)
    mentions, owners = _mentions(rows, texts)
    for row in rows:
        row["_title"] = (titles_before(texts.get((row["message_id"], row["field"]), ""), int(row["start_char"]))
                         if row["label"] == "PERSON" and row["source"] != "header" else None)

    frame = _typed(pd.DataFrame(rows, columns=list(ROW_COLUMNS)),
                   tuple(c for c in ROW_COLUMNS if c not in ("item", "start_char", "end_char")),
                   ("item", "start_char", "end_char"))
    position = {str(m): i for i, m in enumerate(messages["message_id"])} if "message_id" in messages else {}
    frame["_position"] = frame["message_id"].map(position)
    order = frame.sort_values(["_position", "field", "item", "start_char"], na_position="first",
                              kind="stable").index.to_numpy()
    frame = frame.drop(columns="_position").iloc[order].reset_index(drop=True)
    new_index = {old: new for new, old in enumerate(order)}
    text_mentions, correspondents = [], []
    for mention, indices in zip(mentions, owners):
        (correspondents if mention.correspondent else text_mentions).append(
            (mention, [new_index[i] for i in indices]))
    return TaggedBatch(frame, text_mentions, correspondents)


def tag_messages(messages: pd.DataFrame, *, batch_size: int = PIPE_BATCH_SIZE, n_process: int = 1,
                 corrections: str | Path | pd.DataFrame | None = None, apply_reviewed: bool = True,
                 agencies_path: str | Path | None = None, officials_path: str | Path | None = None,
                 fields: tuple[str, ...] = TEXT_FIELDS, official_titles: bool = True) -> pd.DataFrame:
    """Tag every message; one row per entity (see ``ENTITY_COLUMNS``).

    Text fields are tagged with ``nlp.pipe``; correspondents come straight from
    the structured header columns. People are resolved across the whole table,
    the reviewed corrections applied (``corrections``: a CSV path or a table;
    default the versioned reference file), and every person given a role.
    An official also is anyone the release names with an official's title
    ('Ofc.', 'Det.', 'Special Agent', 'Judge'; not 'Mr.'): officers named in
    incident reports act in their office, they are no private individuals.
    ``official_titles=False`` leaves that evidence out (headers and the officials
    list only), for a stricter reading of who may be named.

    The build tags a release in batches (``tag_batch`` in worker processes,
    then ``lib.entities.table.resolve_batches``); this is the same in one batch.
    """
    import tempfile

    from lib.entities.table import resolve_batches

    batch = tag_batch(messages, batch_size=batch_size, n_process=n_process, agencies_path=agencies_path,
                      fields=fields)
    with tempfile.TemporaryDirectory(prefix="entities-") as scratch:
        resolved = resolve_batches([batch], Path(scratch) / "entities.parquet", corrections=corrections,
                                   apply_reviewed=apply_reviewed, officials_path=officials_path,
                                   official_titles=official_titles)
        entities = pd.read_parquet(resolved.path)
    entities.attrs[_CORRECTIONS_ATTR] = resolved.corrections
    return entities


def applied_corrections(entities: pd.DataFrame) -> pd.DataFrame:
    """The reviewed corrections ``tag_messages`` applied: id, action, rows changed, applied, reason."""
    return entities.attrs.get(_CORRECTIONS_ATTR, pd.DataFrame(columns=["id", "action", "rows", "applied",
                                                                         "reason"]))


def _records(messages: pd.DataFrame, fields: tuple[str, ...]):
    columns = [f for f in fields if f in messages]
    for values in messages[["message_id", *columns]].itertuples(index=False, name=None):
        message_id, texts = values[0], values[1:]
        yield str(message_id), [(name, text if isinstance(text, str) else None)
                                for name, text in zip(columns, texts)]


def _split_entry(entry: str) -> tuple[tuple[str, int] | None, tuple[str, int] | None]:
    """'Roe, Jane <jane.roe@pd.boston.gov>' -> (('Roe, Jane', 0), ('jane.roe@pd.boston.gov', 11))."""
    found = _EMAIL.search(entry)
    email = (found.group(1), found.start(1)) if found else None
    rest = entry[:found.start()] if found else entry
    name_text = rest.strip().strip("\"'<[(").rstrip(" <[(\"'").strip(" ,;")
    name = (name_text, entry.find(name_text)) if name_text and parse_name(name_text) else None
    return name, email


def _header_rows(messages: pd.DataFrame) -> list[dict]:
    """PERSON and EMAIL rows for the correspondents, from the table's structured columns."""
    rows = []

    def add(message_id, field_name, item, text, start, label, correspondent_key):
        rows.append({"message_id": message_id, "field": field_name, "item": item, "start_char": start,
                     "end_char": start + len(text), "text": text, "label": label,
                     "canonical": text.lower() if label == "EMAIL" else None, "source": "header",
                     "_correspondent": correspondent_key})

    columns = [c for c in ("message_id", "sender_name", "sender", "to", "cc") if c in messages]
    for record in messages[columns].to_dict("records"):
        message_id = str(record["message_id"])
        sender_name, sender = _text(record.get("sender_name")), _text(record.get("sender"))
        key = (message_id, "sender", None)
        if sender_name and parse_name(sender_name):
            add(message_id, "sender_name", None, sender_name, 0, "PERSON", key)
        if sender:
            found = _EMAIL.search(sender)
            if found:
                add(message_id, "sender", None, found.group(1), found.start(1), "EMAIL", key)
        for field_name in ("to", "cc"):
            entries = record.get(field_name)
            if isinstance(entries, str):
                entries = [entries]
            elif entries is None or not hasattr(entries, "__iter__"):
                entries = []
            for item, entry in enumerate(entries):
                entry = _text(entry)
                if not entry:
                    continue
                name, email = _split_entry(entry)
                key = (message_id, field_name, item)
                if name:
                    add(message_id, field_name, item, name[0], name[1], "PERSON", key)
                if email:
                    add(message_id, field_name, item, email[0], email[1], "EMAIL", key)
    return rows


def _text(value) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    value = str(value).strip()
    return value or None


def _mentions(rows: list[dict], bodies: dict[tuple, str]) -> tuple[list[Mention], list[list[int]]]:
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


def _bodies(messages: pd.DataFrame) -> dict[tuple, str]:
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


def _load_corrections(corrections) -> pd.DataFrame:
    if isinstance(corrections, pd.DataFrame):
        return check_corrections(corrections)
    return load_corrections(corrections)


def _path(path) -> str | None:
    return str(path) if path is not None else None


def _typed(table: pd.DataFrame, strings: tuple[str, ...], integers: tuple[str, ...]) -> pd.DataFrame:
    for column in strings:
        table[column] = table[column].astype(pd.StringDtype())
    for column in integers:
        table[column] = pd.to_numeric(table[column]).astype("Int64")
    return table


# -- people -----------------------------------------------------------------------------------

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
    institutions = load_institutions(_path(agencies_path))
    officials = {key_for_name(o.name): o for o in load_officials(_path(officials_path))}
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
                          _bodies(messages) if messages is not None and titles is None else {})

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
    return _typed(table, ("person_id", "name", "role", "email", "agency", "official_title", "source_url"),
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


# -- speed ------------------------------------------------------------------------------------

def throughput_comparison(texts: list[str], *, batch_size: int = PIPE_BATCH_SIZE, repeats: int = 5,
                          clock: str = "cpu") -> dict:
    """Words per second of ``tag_texts`` and of bare ``nlp.pipe`` with the same model components.

    Each turn times both, one right after the other (in turns first), so both
    see the same load on a shared machine; the figures are medians over the
    turns, the ratio the median of the turns' ratios. ``clock="cpu"`` times this
    process's CPU time; ``clock="wall"`` the wall clock. Multi-threaded BLAS
    spinning inflates CPU time; for the steadiest figures run with
    OPENBLAS_NUM_THREADS=1.
    """
    from lib.core.models import load_model
    from lib.entities.pipeline import model_components_disabled, records_pipeline

    timer = {"cpu": time.process_time, "wall": time.perf_counter}[clock]
    bare = load_model(disable=model_components_disabled())
    records_pipeline()  # built before timing
    words = sum(len(t.split()) for t in texts)

    def run_bare():
        for _ in bare.pipe(texts, batch_size=batch_size):
            pass

    def run_tagged():
        for _ in tag_texts(texts, batch_size=batch_size):
            pass

    times: dict[str, list[float]] = {"bare": [], "tagged": []}
    for turn in range(repeats):
        runs = [("bare", run_bare), ("tagged", run_tagged)]
        for name, run in (runs if turn % 2 == 0 else runs[::-1]):
            start = timer()
            run()
            times[name].append(timer() - start)
    ratio = statistics.median(b / t for b, t in zip(times["bare"], times["tagged"]))
    return {"words": words, "bare_words_per_s": words / statistics.median(times["bare"]),
            "tagged_words_per_s": words / statistics.median(times["tagged"]), "ratio": ratio,
            "components": list(bare.pipe_names), "clock": clock, "turns": repeats}
