"""Columns and types of the entity tables, and what tagging one batch of messages gives.

Read by the taggers (``tagger.py``, ``tagging.py``), by ``table.py``, which joins
the batches, and by ``roster.py``, which counts the people table; none of them
needs spaCy for this.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.entities.mention_table import Mention

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


def typed(table: pd.DataFrame, strings: tuple[str, ...], integers: tuple[str, ...]) -> pd.DataFrame:
    for column in strings:
        table[column] = table[column].astype(pd.StringDtype())
    for column in integers:
        table[column] = pd.to_numeric(table[column]).astype("Int64")
    return table
