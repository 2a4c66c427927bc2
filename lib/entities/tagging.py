"""Tagging message tables: one batch of messages in a worker, or a whole table with people resolved.

- ``tag_batch(messages)``: a batch's entity rows and person mentions, before people
  are resolved across the release (``lib.entities.table.resolve_batches``).
- ``tag_messages(messages)``: the entities of a whole message table, one row per
  entity, with people resolved across the release, roles assigned and reviewed
  corrections applied (``applied_corrections(entities)`` says which).

Texts are tagged by ``lib.entities.tagger``; the people table is ``lib.entities.roster``.

Labels: AGENCY, COURT, FACILITY, FORM, A_NUMBER, DOB, PHONE, EMAIL, ADDRESS,
LICENSE, STATUTE, REPORT from the rules, PERSON from the model and the rules, and
the model's ORG, GPE, LOC, FAC, NORP, DATE, TIME, LAW and EVENT. Spans of
identifiers cover the value, not the cue: in "DOB 3/14/88" the DOB is "3/14/88".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.entities.columns import ROW_COLUMNS, TEXT_FIELDS, TaggedBatch, typed
from lib.entities.headers import header_rows
from lib.entities.mentions import message_texts, person_mentions
from lib.entities.roles import titles_before
from lib.entities.tagger import PIPE_BATCH_SIZE, tag_texts

_CORRECTIONS_ATTR = "corrections_applied"


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
    rows += header_rows(messages)
    texts = message_texts(messages)
    mentions, owners = person_mentions(rows, texts)
    for row in rows:
        row["_title"] = (titles_before(texts.get((row["message_id"], row["field"]), ""), int(row["start_char"]))
                         if row["label"] == "PERSON" and row["source"] != "header" else None)

    frame = typed(pd.DataFrame(rows, columns=list(ROW_COLUMNS)),
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
