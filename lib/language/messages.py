"""The message table a search reads: its scope (duplicates left out), texts, and each hit's citation."""

from __future__ import annotations

import pandas as pd

from lib.core.cite import PageStamps, message_bates, message_page

#: Optional message-table column: character offsets in ``body`` where each
#: following page begins (page_start + 1, page_start + 2, ...). When present,
#: ``page`` is the exact page of the hit rather than the message's first page.


# --- Message tables ----------------------------------------------------------

def _in_scope(messages, text_column: str, include_duplicates: bool) -> pd.DataFrame:
    """The message table to search; plain strings become messages '0', '1', ..."""
    if isinstance(messages, pd.Series):
        table = pd.DataFrame({"message_id": messages.index.astype(str), text_column: messages.to_numpy()})
    elif isinstance(messages, pd.DataFrame):
        table = messages
    elif isinstance(messages, str):
        raise TypeError("pass a message table or a list of texts, not a single string")
    else:
        texts = list(messages)
        table = pd.DataFrame({"message_id": [str(i) for i in range(len(texts))], text_column: texts})
    if "message_id" not in table:
        raise ValueError("the message table needs a 'message_id' column")
    if text_column not in table:
        raise ValueError(f"the message table has no {text_column!r} column")
    if not include_duplicates and "duplicate_of" in table:
        table = table[table["duplicate_of"].isna()]
    return table.reset_index(drop=True)


def _texts(table: pd.DataFrame, text_column: str) -> list[str]:
    return [t if isinstance(t, str) else "" for t in table[text_column].tolist()]


def _column(table: pd.DataFrame, name: str) -> list:
    return table[name].tolist() if name in table else [None] * len(table)


def _provenance(table: pd.DataFrame) -> list[tuple]:
    """Per message: id, sender, time sent, and the row itself (what ``lib.core.cite`` needs to cite a hit)."""
    rows = list(table.itertuples(index=False)) if len(table.columns) else [None] * len(table)
    return list(zip(_column(table, "message_id"), _column(table, "sender"), _column(table, "sent_at"), rows))


def _citation(message, text_column: str, start_char: int, stamps: PageStamps) -> dict:
    """The page and Bates number of a hit (``lib.core.cite``); none for a bare text."""
    if message is None:
        return {"page": None, "bates": None}
    page = message_page(message, text_column, start_char)
    return {"page": page, "bates": message_bates(message, page, stamps)}
