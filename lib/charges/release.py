"""The charges stage over a built release, streamed a batch of messages at a time (``link_release``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from lib.charges.links import _typed_charges, _write_in_charge_order, _zone, charge_rows
from lib.charges.release_context import ReleaseContext
from lib.charges.severity import _SEVERITY_CHARGE_COLUMNS, SeverityEvidence, _names
from lib.core.directory import unique_messages
from lib.core.tables import (
    BATCH_ROWS,
    TableWriter,
    iter_frames,
    iter_joined_batches,
    read_rows,
    release_freed_memory,
)


def link_release(out: Path, charges_path: Path, *, batch_rows: int = BATCH_ROWS) -> pd.DataFrame:
    """Write ``link_charges`` of a built release to ``charges_path``; return its ``subject_severity``.

    The texts are read a batch at a time. Held in memory: the directions of
    messages, each page's Bates number, the subjects' mentions and names, and
    what the severity table needs of each batch; the charges wait on disk. The
    tables are the same as the in-memory functions give.
    """
    messages_path, entities_path = out / "messages.parquet", out / "entities.parquet"
    headers = read_rows(messages_path, _HEADER_COLUMNS)
    # Only subjects own charges and appear in the severity table: officials' rows stay on disk.
    people = read_rows(entities_path, _PEOPLE_COLUMNS,
                       where=lambda rows: rows["label"].eq("PERSON") & rows["role"].eq("subject"))
    pages = read_rows(out / "pages.parquet", ["source_file", "page", "bates"])
    context = ReleaseContext(headers, people, pages)
    zone = _zone(headers)
    names = _names(people)
    del pages, headers, people  # below, nothing refers to them (even an empty slice would keep one whole)
    for batch in iter_frames(messages_path, columns=["message_id", "subject", "body"], batch_rows=batch_rows):
        context.find_names(batch)
    release_freed_memory()
    evidence = SeverityEvidence()
    first = 0
    # Each batch's charges wait in a scratch file, not in memory: held across the batches, their small
    # buffers would sit among those of the texts and keep the memory these free from going back.
    with tempfile.TemporaryDirectory() as scratch:
        found = Path(scratch) / "charges.parquet"
        with TableWriter(found) as writer:
            for batch, entities in iter_joined_batches(messages_path, entities_path, columns=_LINKED_COLUMNS,
                                                       related_columns=_ENTITY_COLUMNS, batch_rows=batch_rows):
                batch.index = range(first, first + len(batch))  # as in the whole table: directions are keyed so
                first += len(batch)
                table = unique_messages(batch)
                texts = context.messages(table)
                charges = _typed_charges(charge_rows(table, texts, entities, context), zone)
                evidence.add(table, texts, entities, charges, context.directions)
                writer.write(charges)
                del batch, entities, table, texts, charges
                release_freed_memory()
        if found.exists():
            _write_in_charge_order(found, charges_path)
        else:
            empty = pd.DataFrame(columns=_LINKED_COLUMNS)
            _typed_charges(charge_rows(empty, {}, pd.DataFrame(columns=_ENTITY_COLUMNS), context),
                           zone).to_parquet(charges_path, index=False)
    del context
    release_freed_memory()
    return evidence.table(pd.read_parquet(charges_path, columns=_SEVERITY_CHARGE_COLUMNS), names)


_HEADER_COLUMNS = ["message_id", "sent_at", "sender", "sender_name", "to", "cc", "duplicate_of", "quoted_in",
                   "in_reply_to"]
_LINKED_COLUMNS = ["message_id", "source_file", "page_start", "page_end", "bates_start", "bates_end", "sent_at",
                   "subject", "body", "duplicate_of", "reconstructed", "in_reply_to", "page_breaks"]
_PEOPLE_COLUMNS = ["message_id", "field", "start_char", "end_char", "text", "label", "canonical", "person_id",
                   "role"]
_ENTITY_COLUMNS = ["message_id", "field", "start_char", "end_char", "label", "person_id", "role"]
