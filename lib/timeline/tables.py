"""Summary tables: one row per thread, and counts and shares of a label.

Every function leaves out repeated printings (rows with ``duplicate_of``) unless
``include_duplicates=True``.
"""

from __future__ import annotations

import pandas as pd

from lib.core.cite import where
from lib.core.directory import Directory, unique_messages


def thread_summary(messages: pd.DataFrame, thread_ids: pd.Series, *, include_duplicates: bool = False) -> pd.DataFrame:
    """One row per thread: size, span, people, and where its first message is printed."""
    rows = unique_messages(messages, include_duplicates).assign(thread_id=thread_ids)
    directory = Directory(messages)
    out = []
    for thread_id, group in rows.groupby("thread_id", sort=True):
        ordered = group.sort_values(["sent_at", "message_id"], na_position="last")
        first = ordered.iloc[0]
        people = {directory.sender_key(s, n) for s, n in zip(group["sender"], group["sender_name"])}
        people |= {directory.key(r) for people_list in [*group["to"], *group["cc"]] for r in people_list}
        dated = group["sent_at"].dropna()
        out.append({
            "thread_id": thread_id, "messages": len(group), "correspondents": len(people - {None}),
            "first": dated.min().strftime("%Y-%m-%d %H:%M") if len(dated) else "",
            "last": dated.max().strftime("%Y-%m-%d %H:%M") if len(dated) else "",
            "subject": next((s for s in ordered["subject"] if not pd.isna(s) and str(s).strip()), ""),
            "first message": first["message_id"],
            "where": where(first["source_file"], first["page_start"], first["bates_start"]),
        })
    table = pd.DataFrame(out, columns=["thread_id", "messages", "correspondents", "first", "last", "subject",
                                       "first message", "where"])
    return table.sort_values(["messages", "first", "thread_id"], ascending=[False, True, True], ignore_index=True)


def share_table(labels: pd.Series, name: str) -> pd.DataFrame:
    """Counts and shares of a label, largest first."""
    counts = labels.value_counts().rename_axis(name).reset_index(name="messages")
    counts["share"] = (counts["messages"] / counts["messages"].sum()).round(3)
    return counts.sort_values(["messages", name], ascending=[False, True], ignore_index=True)
