"""How fast requests were answered: reply pairs within a thread, their latency, and its summary by direction.

Every function leaves out repeated printings (rows with ``duplicate_of``) unless
``include_duplicates=True``.
"""

from __future__ import annotations

import pandas as pd

from lib.core.cite import where
from lib.core.directory import Directory, direction, unique_messages
from lib.timeline.activity import time_known


def response_latency(messages: pd.DataFrame, thread_ids: pd.Series, agencies: pd.DataFrame | None = None, *,
                     include_duplicates: bool = False) -> pd.DataFrame:
    """How long each turn of a thread waited for an answer from someone else.

    Within a thread, messages are put in time order (undated ones right after
    the message they reply to, else at the end), and consecutive messages
    from one sender form a turn. The first message of each turn is a request;
    the first message of the next turn, by a different sender, is its reply.
    ``opener`` marks the thread's first turn. Where either end has no date, or
    no time of day, the pair is listed with no latency. Order in the table
    does not matter.
    """
    rows = unique_messages(messages, include_duplicates).copy()
    rows["thread_id"] = thread_ids.reindex(rows.index)
    rows["direction"] = direction(messages, agencies, include_duplicates=include_duplicates)
    directory = Directory(messages, agencies)
    rows["who"] = [directory.sender_key(s, n) for s, n in zip(rows["sender"], rows["sender_name"])]
    rows["timed"] = time_known(rows)
    out = []
    for thread_id, group in rows.groupby("thread_id", sort=True):
        ordered = _thread_order(group)
        turn_starts = [m for i, m in enumerate(ordered) if i == 0 or m.who != ordered[i - 1].who]
        for number, (request, reply) in enumerate(zip(turn_starts, turn_starts[1:])):
            if request.who is None or reply.who is None:
                continue
            dated = request.timed and reply.timed
            out.append({
                "thread_id": thread_id, "opener": number == 0, "direction": request.direction,
                "request_id": request.message_id, "request_sender": request.who, "request_sent_at": request.sent_at,
                "request_where": where(request.source_file, request.page_start, request.bates_start),
                "reply_id": reply.message_id, "reply_sender": reply.who, "reply_sent_at": reply.sent_at,
                "reply_where": where(reply.source_file, reply.page_start, reply.bates_start),
                "latency_hours": round((reply.sent_at - request.sent_at).total_seconds() / 3600, 2) if dated
                else float("nan"),
            })
    columns = ["thread_id", "opener", "direction", "request_id", "request_sender", "request_sent_at",
               "request_where", "reply_id", "reply_sender", "reply_sent_at", "reply_where", "latency_hours"]
    return pd.DataFrame(out, columns=columns)


def _thread_order(group: pd.DataFrame) -> list:
    """Messages of one thread in time order; undated ones after the message they answer."""
    dated = group[group["sent_at"].notna()].sort_values(["sent_at", "message_id"])
    ordered = list(dated.itertuples())
    undated = list(group[group["sent_at"].isna()].sort_values("message_id").itertuples())
    placed = True
    while undated and placed:
        placed = False
        for message in list(undated):
            position = next((i for i, m in enumerate(ordered) if m.message_id == message.in_reply_to), None)
            if position is not None:
                ordered.insert(position + 1, message)
                undated.remove(message)
                placed = True
    return ordered + undated


def latency_summary(latency: pd.DataFrame) -> pd.DataFrame:
    """Median and quartiles of hours to a reply, by direction of the request."""
    measured = latency.dropna(subset=["latency_hours"])
    grouped = measured.groupby("direction", sort=True)["latency_hours"]
    summary = pd.DataFrame({
        "replies measured": grouped.size(),
        "median hours": grouped.median().round(1),
        "25%": grouped.quantile(0.25).round(1),
        "75%": grouped.quantile(0.75).round(1),
        "within 24 h": grouped.apply(lambda s: round(float((s <= 24).mean()), 2)),
    }).rename_axis("request direction").reset_index()
    summary["pairs without a time"] = summary["request direction"].map(
        latency[latency["latency_hours"].isna()].groupby("direction").size()).fillna(0).astype(int)
    return summary
