"""Entity rows to read: cited and in context, examples of each category, and seeded samples to check by hand."""

from __future__ import annotations

import pandas as pd

from lib.core.cite import cite as core_cite
from lib.core.context import entity_spans, kwic
from lib.core.tables import TextBatches, texts_of
from lib.entities.personal import CATEGORIES, CATEGORY_NAMES, FROM_ICE, TO_ICE, own_text_entities

# --- Citations and context -----------------------------------------------------

def cite(rows: pd.DataFrame, messages: pd.DataFrame, pages: pd.DataFrame | None = None) -> pd.DataFrame:
    """``rows`` (any table with ``message_id``, ``field``, ``start_char``) cited by ``lib.core.cite``, with
    ``check``: that a message recovered from another's quoted history must be read there."""
    cited = core_cite(rows, messages, pages)
    info = messages.set_index("message_id")
    check = [f"recovered from the quoted history of {info.at[m, 'quoted_in']}" if info.at[m, "reconstructed"] else ""
             for m in rows["message_id"]]
    return cited.assign(check=pd.Series(check, index=rows.index, dtype=object))


def add_context(rows: pd.DataFrame, messages: pd.DataFrame, width: int = 60,
                entities: pd.DataFrame | None = None, texts: TextBatches | None = None) -> pd.DataFrame:
    """``rows`` with ``context``: about ``width`` characters each side on one line (``lib.core.context``), the entity
    in **bold**, never cutting one of ``entities`` (default: ``rows`` themselves). ``texts`` gives the rows'
    message texts where ``messages`` has none (``lib.core.tables.text_batches``): only theirs are read."""
    sources = [messages.set_index("message_id")]
    if texts is not None:
        sources.insert(0, texts_of(texts, rows["message_id"]))
    entities = rows if entities is None else entities
    spans = {field: entity_spans(entities, field) for field in entities["field"].unique()} if len(entities) else {}
    contexts = []
    for message_id, field_name, start, end in zip(rows["message_id"], rows["field"], rows["start_char"],
                                                  rows["end_char"]):
        source = next((s for s in sources if field_name in s.columns and message_id in s.index), None)
        text = None if source is None else source.at[message_id, field_name]
        if not isinstance(text, str):
            contexts.append("")
            continue
        contexts.append(kwic(text, int(start), int(end), width,
                             protected=spans.get(field_name, {}).get(message_id, ())))
    return rows.assign(context=contexts)


# --- Rows to read ---------------------------------------------------------------

def examples(personal: pd.DataFrame, passes: pd.DataFrame, messages: pd.DataFrame,
             pages: pd.DataFrame | None = None, *, per_category: int = 2,
             texts: TextBatches | None = None) -> pd.DataFrame:
    """The first ``per_category`` messages (in order of sending) passing each category each way, cited.

    Each shows a different item: a later message repeating an item already shown is skipped.
    """
    when = passes.set_index("message_id")[["sent_at", "direction"]]
    rows = personal.join(when, on="message_id")
    rows = rows[rows["direction"].isin([TO_ICE, FROM_ICE])]
    rows = rows.sort_values(["sent_at", "message_id", "field", "start_char"], na_position="last", kind="stable")
    rows = rows.drop_duplicates(["category", "direction", "message_id"])
    # Two replies repeating one subject line would show the same item twice.
    rows = rows.assign(value=rows["canonical"].fillna(rows["text"])).drop_duplicates(["category", "direction",
                                                                                     "value"])
    picked = rows.groupby(["category", "direction"], observed=True, sort=True).head(per_category)
    picked = picked.sort_values(["category", "direction", "sent_at"], ascending=[True, False, True],
                                kind="stable")
    picked = cite(add_context(picked, messages, entities=personal, texts=texts), messages, pages)
    picked = picked.assign(category=picked["category"].map(CATEGORY_NAMES),
                           sent=picked["sent_at"].dt.strftime("%Y-%m-%d"))
    return picked[["category", "direction", "sent", "text", "part", "context", "message_id", "where",
                   "check"]].reset_index(drop=True)


def check_sample(rows: pd.DataFrame, messages: pd.DataFrame, pages: pd.DataFrame | None = None, *,
                 per_group: int = 3, group: str = "category", seed: int = 2019,
                 texts: TextBatches | None = None) -> pd.DataFrame:
    """A seeded random sample of ``per_group`` rows of each ``group``, with context and citation.

    The rows are put in a fixed order first, so the same table and seed give the
    same sample. ``correct`` is left empty for the reader to fill in.
    """
    ordered = rows.sort_values(["message_id", "field", "start_char", "end_char"], kind="stable")
    parts = [group_rows.sample(n=min(per_group, len(group_rows)), random_state=seed)
             for _, group_rows in ordered.groupby(group, observed=True, sort=True)]
    sample = pd.concat(parts) if parts else ordered.head(0)
    sample = cite(add_context(sample, messages, entities=rows, texts=texts), messages, pages)
    sample = sample.assign(correct="")
    columns = [group, "text", "context", "message_id", "where", "check", "correct"]
    return sample[columns].reset_index(drop=True)


def counted_rows(personal: pd.DataFrame, entities: pd.DataFrame, messages: pd.DataFrame) -> pd.DataFrame:
    """Every entity row behind the summary's counts, with a ``category`` to sample by.

    Personal data by its category, plus "agency" (agency names) and "official"
    (officials' names in the text) for the tables of who is named.
    """
    own = own_text_entities(entities, messages)
    agencies = own[own["label"].eq("AGENCY")].assign(category="agency")
    officials = own[own["label"].eq("PERSON") & own["role"].eq("official").fillna(False)].assign(category="official")
    columns = ["message_id", "field", "category", "text", "start_char", "end_char"]
    rows = pd.concat([personal.assign(category=personal["category"].astype(str))[columns], agencies[columns],
                      officials[columns]], ignore_index=True)
    rows["category"] = pd.Categorical(rows["category"], categories=[*CATEGORIES, "agency", "official"])
    return rows
