"""Tagging texts with the records pipeline: one text with its people resolved, or a stream of texts."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pandas as pd

from lib.entities.columns import TEXT_COLUMNS, typed
from lib.entities.mention_table import Mention
from lib.entities.reference import path_key
from lib.entities.resolver import PeopleResolver
from lib.entities.text import NormalisedText, normalise_whitespace

#: Texts ``nlp.pipe`` tags together. The entity recogniser holds features of every token of a batch at
#: once (about 1.5 KB a token): 64 long message bodies raised a tagging worker's peak by 130 MB, 16 by
#: 70 MB, in the same time.
PIPE_BATCH_SIZE = 16


def tag_text(text: str, *, agencies_path: str | Path | None = None) -> pd.DataFrame:
    """The entities of one text; PERSON canonical names are resolved within the text."""
    from lib.entities.pipeline import records_pipeline

    normalised = normalise_whitespace(text or "")
    doc = records_pipeline(path_key(agencies_path))(normalised.text)
    rows = _entity_rows(doc, normalised)
    people = [i for i, row in enumerate(rows) if row["label"] == "PERSON"]
    resolved, _ = PeopleResolver().resolve([Mention(None, rows[i]["text"]) for i in people])
    for i, person in zip(people, resolved):
        if person is not None:
            rows[i]["canonical"] = person.name
    table = pd.DataFrame(rows, columns=list(TEXT_COLUMNS))
    return typed(table, ("text", "label", "canonical"), ("start_char", "end_char"))


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

    nlp = records_pipeline(path_key(agencies_path))
    normalised = [normalise_whitespace(t or "") for t in texts]
    docs = nlp.pipe((n.text for n in normalised), batch_size=batch_size, n_process=n_process)
    for doc, text in zip(docs, normalised):
        yield _entity_rows(doc, text)
