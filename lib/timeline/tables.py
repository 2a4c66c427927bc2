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


def after_hours_by_direction(activity_table: pd.DataFrame, directions: pd.Series) -> pd.DataFrame:
    """Per direction: messages with a known time of day, how many were sent after hours, and the share."""
    after = activity_table[["after_hours"]].join(directions).dropna(subset=["after_hours"])
    out = after.groupby("direction")["after_hours"].agg(messages="size", after_hours="sum")
    return out.assign(share=(out["after_hours"] / out["messages"]).round(2)).reset_index()


def slowest_replies(latency: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` answered requests that waited longest, with where to read the request and its reply."""
    answered = latency.dropna(subset=["latency_hours"])
    slowest = answered.sort_values(["latency_hours", "request_id"], ascending=[False, True])
    return slowest[["direction", "latency_hours", "request_id", "request_where", "reply_id", "reply_where"]].head(n)


def request_messages(messages: pd.DataFrame, kinds: pd.DataFrame, *, include_duplicates: bool = False
                     ) -> pd.DataFrame:
    """Messages that mention a detainer or ask for a report (``lib.core.requests``), in order of sending, cited."""
    found = unique_messages(messages, include_duplicates).join(kinds)
    found = found[found[list(kinds.columns)].any(axis=1)].sort_values(["sent_at", "message_id"])
    cited = found.assign(where=[where(f, p, b) for f, p, b in
                                zip(found["source_file"], found["page_start"], found["bates_start"])])
    return cited[["message_id", "sent_at", "subject", *kinds.columns, "where"]]
