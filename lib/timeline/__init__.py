"""When messages were sent, in which direction, in which thread, and how fast they were answered.

Every function leaves out repeated printings (rows with ``duplicate_of``) unless
``include_duplicates=True``. Times are local (America/New_York), as in the
message table; messages without a readable date are kept where a date is not
needed (direction, threads) and counted apart where it is.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from lib.core.cite import where
from lib.core.directory import DIRECTION_COLOURS, Directory, direction, unique_messages
from lib.core.periods import periods
from lib.core.schema import TIMEZONE
from lib.ingest.dedupe import normalise_subject

if TYPE_CHECKING:  # matplotlib loads where a figure is drawn, networkx where threads are found: build stages
    import matplotlib.pyplot as plt  # use this module without either


#: After hours: before DAY_START, from DAY_END on, or on a Saturday or Sunday (local time).
#: Public holidays are not treated specially.
DAY_START, DAY_END = 7, 19

#: A reply is joined to an earlier message with the same subject line only within this window.
SUBJECT_WINDOW = timedelta(days=21)
#: For empty or generic subject lines the window is shorter and the exchange must be direct.
GENERIC_WINDOW = timedelta(days=2)
#: Subject lines too generic to join messages on their own (after removing RE:/FW:).
GENERIC_SUBJECTS = frozenset({
    "", "re", "fw", "fwd", "hi", "hello", "hey", "question", "questions", "request", "info", "information",
    "fyi", "thanks", "thank you", "update", "follow up", "followup", "follow-up", "check", "quick question",
    "no subject", "(no subject)", "call me", "help", "urgent", "important", "test", "?",
})
#: Matching a message's own text inside another's quoted history: runs of 8 words from the
#: first 60 of the message; at least 3 runs found in no other message, 80% of them in the quote.
_QUOTE_SHINGLE, _QUOTE_OPENING, _QUOTE_MIN_SHINGLES, _QUOTE_SHARE = 8, 60, 3, 0.8


# --- Threads --------------------------------------------------------------------

def threads(messages: pd.DataFrame) -> pd.Series:
    """A thread id for every row (duplicates share their original's thread).

    Messages joined by any link from ``thread_links`` share a thread. The
    thread id is 't' followed by the message_id of the thread's earliest message.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(messages["message_id"])
    links = thread_links(messages)
    graph.add_edges_from(zip(links["message_id"], links["linked_to"]))
    order = _time_order(messages)
    thread_of = {}
    for component in nx.connected_components(graph):
        first = min(component, key=order.__getitem__)
        for message_id in component:
            thread_of[message_id] = f"t{first}"
    return pd.Series([thread_of[m] for m in messages["message_id"]], index=messages.index, dtype="string",
                     name="thread_id")


def thread_links(messages: pd.DataFrame) -> pd.DataFrame:
    """Why messages share a thread: one row per link, with its kind.

    Kinds, strongest first:

    * ``in_reply_to``, ``quoted_in``, ``duplicate_of``: the table names the other message;
    * ``same message``: two rows with the same sender and minute where one was
      recovered from quoted history, or both have the same (not generic)
      subject: one message printed or recovered twice;
    * ``quoted text``: the message's opening words appear in the other's later
      quoted history (runs of 8 words found in no other message's own text,
      ignoring line breaks and ``>`` marks);
    * ``subject``: only for a reply (RE:/FW: subject, or quoted history) that
      has no link of the kinds above: the nearest earlier message with the same
      subject after removing RE:/FW:, of which the reply's sender was a
      participant, within three weeks. Where the reply's subject is empty,
      missing or generic ("RE:", "Question", ...), the earlier message may have
      any subject, and an earlier message whose subject is missing may answer
      any reply; both only when the exchange is direct (each sender among the
      other's recipients) and within two days. An undated reply joins the nearest such
      message printed before it in the same file.

    A message that is not a reply starts its own thread even when its subject
    repeats an earlier one.
    """
    known = set(messages["message_id"])
    rows = []
    for column in ("in_reply_to", "quoted_in", "duplicate_of"):
        rows += [(m, other, column) for m, other in zip(messages["message_id"], messages[column])
                 if not pd.isna(other) and other in known and other != m]
    originals = messages[messages["duplicate_of"].isna()]
    table = _thread_table(originals)
    rows += [(a, b, "same message") for a, b in _same_message_links(table)]
    rows += [(a, b, "quoted text") for a, b in _quote_links(originals)]
    # Messages whose parent is already known: the quoting side of each link.
    has_parent = {m for m, _, kind in rows if kind == "in_reply_to"}
    has_parent |= {other for _, other, kind in rows if kind in ("quoted_in", "quoted text")}
    rows += [(a, b, "subject") for a, b in _subject_links(table, has_parent)]
    return pd.DataFrame(rows, columns=["message_id", "linked_to", "kind"])


def _time_order(messages: pd.DataFrame) -> dict[str, tuple]:
    """Sort key per message: dated ones by time, undated ones after, then by id."""
    keys = {}
    for message_id, sent_at in zip(messages["message_id"], messages["sent_at"]):
        keys[message_id] = (0, sent_at.value, message_id) if not pd.isna(sent_at) else (1, 0, message_id)
    return keys


def _words(text) -> list[str]:
    return re.findall(r"[a-z0-9]+", "" if pd.isna(text) else str(text).lower())


def _quote_links(messages: pd.DataFrame) -> list[tuple[str, str]]:
    """(quoted, quoting) pairs: message A's distinctive words appear in B's later quoted history.

    Only word runs that occur in no other message's own text count, so
    signatures and stock replies ("Attached. Thanks,") identify nothing.
    """
    def shingles(text) -> list[tuple[str, ...]]:
        words = _words(text)
        return [tuple(words[i:i + _QUOTE_SHINGLE]) for i in range(len(words) - _QUOTE_SHINGLE + 1)]

    own = {m: shingles(body)[:_QUOTE_OPENING] for m, body in zip(messages["message_id"], messages["body"])}
    # Only the openings' word runs are looked up, so only they are counted and indexed: the rest of a
    # large release's text is never held as word runs.
    openings = {s for opening in own.values() for s in opening}
    frequency = Counter(s for body in messages["body"] for s in set(shingles(body)) if s in openings)
    wanted = {s for s in openings if frequency[s] == 1}
    index: dict[tuple[str, ...], set[str]] = {}
    for message_id, quoted in zip(messages["message_id"], messages["quoted"]):
        for shingle in shingles(quoted):
            if shingle in wanted:
                index.setdefault(shingle, set()).add(message_id)
    sent_at = dict(zip(messages["message_id"], messages["sent_at"]))
    links = []
    for message_id, opening in own.items():
        distinctive = {s for s in opening if frequency[s] == 1}
        if len(distinctive) < _QUOTE_MIN_SHINGLES:
            continue
        hits = Counter(other for s in distinctive for other in index.get(s, ()) if other != message_id)
        needed = max(_QUOTE_MIN_SHINGLES, _QUOTE_SHARE * len(distinctive))
        links += [(message_id, other) for other, count in sorted(hits.items())
                  if count >= needed and not sent_at[other] < sent_at[message_id]]
    return links


def _thread_table(messages: pd.DataFrame) -> pd.DataFrame:
    """What threading compares: subject key, reply flag, sender and recipients as person keys."""
    directory = Directory(messages)
    table = messages[["message_id", "subject", "quoted", "sent_at", "sender", "sender_name", "to", "cc",
                      "source_file", "page_start", "reconstructed"]].copy()
    table["key"] = table["subject"].map(normalise_subject)
    table["sender_key"] = [directory.sender_key(s, n) for s, n in zip(table["sender"], table["sender_name"])]
    table["recipient_keys"] = [[directory.key(r) for r in [*to, *cc]] for to, cc in zip(table["to"], table["cc"])]
    table["reply"] = [_is_reply(s, q) for s, q in zip(table["subject"], table["quoted"])]
    table["generic"] = [k in GENERIC_SUBJECTS or len(re.sub(r"[^a-z]", "", k)) < 3 for k in table["key"]]
    table["unknown_subject"] = table["subject"].isna()  # not printed, or not read
    return table


def _same_message_links(table: pd.DataFrame) -> list[tuple[str, str]]:
    dated = table[table["sent_at"].notna() & table["sender_key"].notna()]
    minute = dated["sent_at"].dt.floor("min")
    links = []
    for _, group in dated.groupby([dated["sender_key"], minute], sort=True):
        rows = list(group.sort_values("message_id").itertuples())
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                # A recovered quote, or a second printing with the same subject line.
                if a.reconstructed or b.reconstructed or (a.key == b.key and not a.generic):
                    links.append((a.message_id, b.message_id))
    return links


def _participants(row) -> set[str]:
    return {p for p in [row.sender_key, *row.recipient_keys] if p}


def _is_reply(subject, quoted) -> bool:
    return bool(re.match(r"^\s*(re|fw|fwd|aw|sv)\s*:", "" if pd.isna(subject) else str(subject), re.IGNORECASE)) \
        or bool(str(quoted).strip())


def _subject_links(table: pd.DataFrame, has_parent: set[str]) -> list[tuple[str, str]]:
    links = []
    for reply in table[table["reply"] & ~table["message_id"].isin(has_parent)].itertuples():
        candidates = table if reply.generic else table[(table["key"] == reply.key) | table["unknown_subject"]]
        parent = _parent(reply, candidates)
        if parent is not None:
            links.append((reply.message_id, parent))
    return links


def _parent(reply, candidates: pd.DataFrame) -> str | None:
    """The nearest earlier message that this reply plausibly answers."""
    best, best_gap = None, None
    for candidate in candidates.itertuples():
        if candidate.message_id == reply.message_id:
            continue
        if reply.sender_key not in _participants(candidate):
            continue
        strict = reply.generic or candidate.unknown_subject
        if strict and not (candidate.sender_key in reply.recipient_keys
                           and reply.sender_key in candidate.recipient_keys):
            continue
        if pd.isna(reply.sent_at) or pd.isna(candidate.sent_at):
            if strict or candidate.source_file != reply.source_file or pd.isna(reply.page_start) \
                    or pd.isna(candidate.page_start) or candidate.page_start > reply.page_start:
                continue
            gap = timedelta(days=int(reply.page_start - candidate.page_start))  # pages apart, as a distance
        else:
            gap = reply.sent_at - candidate.sent_at
            if gap <= timedelta(0) or gap > (GENERIC_WINDOW if strict else SUBJECT_WINDOW):
                continue
        if best_gap is None or gap < best_gap:
            best, best_gap = candidate.message_id, gap
    return best


# --- Response latency -----------------------------------------------------------

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


# --- Activity -------------------------------------------------------------------

_CLOCK = re.compile(r"\d{1,2}:\d{2}|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)


def time_known(messages: pd.DataFrame) -> pd.Series:
    """Whether a message's time of day is known: it has a date, and the printed date shows a time.

    A date printed without a time ("March 27, 2017") is read as midnight; such
    rows count for weeks and weekdays but not for hours or reply times.
    """
    printed = messages["date_raw"].map(lambda raw: True if pd.isna(raw) else bool(_CLOCK.search(str(raw))))
    return messages["sent_at"].notna() & printed.astype(bool)



def activity(messages: pd.DataFrame, *, include_duplicates: bool = False, day_start: int = DAY_START,
             day_end: int = DAY_END) -> pd.DataFrame:
    """One row per dated message: ISO week, weekday, hour (local) and an after-hours flag.

    After hours means before ``day_start`` o'clock, from ``day_end`` o'clock on,
    or on a Saturday or Sunday, in Boston local time. Undated messages are left
    out; where only the day is known (see ``time_known``) the hour is empty and
    the after-hours flag is set only for weekends.
    """
    rows = unique_messages(messages, include_duplicates)
    rows = rows[rows["sent_at"].notna()]
    local = rows["sent_at"].dt.tz_convert(TIMEZONE)
    iso = local.dt.isocalendar()
    known = time_known(rows)
    table = pd.DataFrame({
        "message_id": rows["message_id"], "sent_at": local,
        "iso_week": iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2),
        "week_start": (local.dt.tz_localize(None).dt.normalize() - pd.to_timedelta(local.dt.day_of_week, unit="D")),
        "weekday": local.dt.day_name(), "weekday_number": local.dt.day_of_week,
        "hour": local.dt.hour.astype("Int64").where(known),
    }, index=rows.index)
    weekend = table["weekday_number"] >= 5
    outside = ((table["hour"] < day_start) | (table["hour"] >= day_end)).astype("boolean")
    table["after_hours"] = (weekend.astype("boolean") | outside).where(weekend | known, pd.NA).astype("boolean")
    return table.sort_values(["sent_at", "message_id"])


def weekday_hour(activity_table: pd.DataFrame) -> pd.DataFrame:
    """Messages per weekday (rows, Monday first) and hour (columns 0-23); unknown hours left out."""
    timed = activity_table[activity_table["hour"].notna()]
    counts = pd.crosstab(timed["weekday_number"], timed["hour"].astype(int))
    counts = counts.reindex(index=range(7), columns=range(24), fill_value=0)
    counts.index = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    counts.index.name, counts.columns.name = "weekday", "hour"
    return counts


def weekly_counts(activity_table: pd.DataFrame, by: pd.Series | None = None,
                  categories: list[str] | None = None) -> pd.DataFrame:
    """Messages per week (Monday start), optionally split by a label per message.

    Weeks with no message inside the covered span are included with zeros, so a
    gap shows as a gap. ``by`` is aligned on the message table's index.
    """
    if activity_table.empty:
        return pd.DataFrame(columns=["week_start", "messages"])
    weeks = pd.date_range(activity_table["week_start"].min(), activity_table["week_start"].max(), freq="7D")
    if by is None:
        counts = activity_table.groupby("week_start").size().reindex(weeks, fill_value=0)
        return pd.DataFrame({"week_start": weeks, "messages": counts.to_numpy()})
    labels = by.reindex(activity_table.index)
    table = pd.crosstab(activity_table["week_start"], labels)
    columns = categories or sorted(table.columns)
    table = table.reindex(index=weeks, columns=columns, fill_value=0)
    table.index.name, table.columns.name = "week_start", None
    return table.reset_index()


# --- Events ---------------------------------------------------------------------

def load_events(path: str | Path) -> pd.DataFrame:
    """Dated public events (date, event, description, source_url).

    Dates may be a day (2019-10-25), a month (2019-10) or a year (2014) when
    only that much is verified; ``date`` becomes the first day and
    ``precision`` says which.
    """
    events = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw = events["date"].str.strip()
    parts = raw.str.count("-")
    events["precision"] = parts.map({0: "year", 1: "month", 2: "day"})
    completion = parts.map({0: "-01-01", 1: "-01", 2: ""})
    events["date"] = pd.to_datetime(raw + completion, format="%Y-%m-%d")
    return events.sort_values(["date", "event"], ignore_index=True)


def overlay_events(ax, events: pd.DataFrame, start=None, end=None, *, first_number: int = 1,
                   fontsize: int = 8) -> pd.DataFrame:
    """Draw events inside [start, end] as dashed lines labelled with a number; return the key.

    Numbers keep crowded charts legible; the returned table maps each number
    to its event and goes beside the chart.
    """
    shown = events
    if start is not None:
        shown = shown[shown["date"] >= pd.Timestamp(start)]
    if end is not None:
        shown = shown[shown["date"] <= pd.Timestamp(end)]
    shown = shown.reset_index(drop=True)
    top = ax.get_ylim()[1]
    for number, event in enumerate(shown.itertuples(), start=first_number):
        ax.axvline(event.date, color="#444444", linestyle="--", linewidth=1, zorder=0)
        ax.annotate(str(number), (event.date, top), xytext=(0, 2), textcoords="offset points", ha="center",
                    va="bottom", fontsize=fontsize, fontweight="bold", annotation_clip=False,
                    bbox=dict(boxstyle="circle,pad=0.2", facecolor="white", edgecolor="#444444"))
    key = shown[["date", "event"]].copy()
    key.insert(0, "number", range(first_number, first_number + len(key)))
    return key


# --- Charts ---------------------------------------------------------------------

KIND_COLOURS = {"detainer": "#b3261e", "report request": "#1f4e99"}


def plot_weekly(weekly: pd.DataFrame, events: pd.DataFrame | None = None, *, colours: dict | None = None,
                gap_weeks: int = 8, title: str = "", ylabel: str = "messages per week",
                stacked: bool = True) -> tuple:
    """Weekly counts as bars, one panel per period with messages, events numbered on top.

    ``weekly`` has ``week_start`` and one column per category. Returns the
    figure and the events key (number, date, event) for the events drawn.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    categories = [c for c in weekly.columns if c != "week_start"]
    colours = colours or {}
    active = weekly.loc[weekly[categories].sum(axis=1) > 0, "week_start"]
    spans = periods(active, gap_weeks) or [(weekly["week_start"].min(), weekly["week_start"].max())]
    widths = [max(4, (end - start).days / 7) for start, end in spans]
    fig, axes = plt.subplots(1, len(spans), figsize=(10, 4.2), sharey=True, squeeze=False,
                             gridspec_kw={"width_ratios": widths})
    keys = []
    for ax, (start, end) in zip(axes[0], spans):
        part = weekly[(weekly["week_start"] >= start) & (weekly["week_start"] <= end)]
        bottom = pd.Series(0, index=part.index)
        for i, category in enumerate(categories):
            offset = pd.Timedelta(days=3.5) if stacked else pd.Timedelta(days=1 + 5 * i / len(categories))
            ax.bar(part["week_start"] + offset, part[category], width=6 if stacked else 5 / len(categories),
                   bottom=bottom if stacked else 0, color=colours.get(category), label=category,
                   edgecolor="white", linewidth=0.3)
            if stacked:
                bottom = bottom + part[category]
        ax.set_xlim(start - pd.Timedelta(days=3), end + pd.Timedelta(days=4))
        ax.xaxis.set_major_locator(mdates.MonthLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.margins(y=0.12)
    # Events last, once the shared y-axis has its final range, so markers line up across panels.
    for ax, (start, end) in zip(axes[0], spans):
        if events is not None:
            keys.append(overlay_events(ax, events, start, end, first_number=sum(len(k) for k in keys) + 1))
    axes[0][0].set_ylabel(ylabel)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(categories), frameon=False,
               bbox_to_anchor=(0.5, -0.06))
    if title:
        fig.suptitle(title, fontweight="bold", y=1.03)
    fig.tight_layout()
    key = pd.concat(keys, ignore_index=True) if keys else pd.DataFrame(columns=["number", "date", "event"])
    return fig, key


def plot_weekday_hour(grid: pd.DataFrame, *, day_start: int = DAY_START, day_end: int = DAY_END,
                      title: str = "") -> plt.Figure:
    """Heatmap of messages by weekday and hour, counts written in the cells, office hours outlined."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    fig, ax = plt.subplots(figsize=(10, 3.6))
    image = ax.imshow(grid.to_numpy(), cmap="Blues", aspect="auto")
    peak = grid.to_numpy().max() or 1
    for (row, column), value in np.ndenumerate(grid.to_numpy()):
        if value:
            ax.text(column, row, str(value), ha="center", va="center", fontsize=7,
                    color="white" if value > peak * 0.6 else "#222222")
    ax.add_patch(Rectangle((day_start - 0.5, -0.5), day_end - day_start, 5, fill=False, edgecolor="#b3261e",
                           linewidth=1.5, linestyle="--"))
    ax.set_xticks(range(24), [f"{h:02d}" for h in range(24)])
    ax.set_yticks(range(7), list(grid.index))
    ax.set_xlabel("hour of day (Boston time); dashed box: weekdays 07:00-19:00")
    fig.colorbar(image, ax=ax, label="messages", fraction=0.03, pad=0.01)
    if title:
        ax.set_title(title)
    return fig


LATENCY_TICKS = {1 / 60: "1 min", 10 / 60: "10 min", 1: "1 h", 6: "6 h", 24: "1 day", 24 * 7: "1 week",
                 24 * 30: "1 month"}


def plot_latency(latency: pd.DataFrame, directions: list[str] | None = None, *, title: str = "") -> plt.Figure:
    """Distribution of hours to a reply (log scale), one outline per request direction, medians dashed."""
    import matplotlib.pyplot as plt

    directions = directions or ["police->ice", "ice->police"]
    measured = latency.dropna(subset=["latency_hours"])
    fig, ax = plt.subplots()
    bins = np.logspace(np.log10(1 / 60), np.log10(24 * 30), 31)
    for direction_name in directions:
        hours = measured.loc[measured["direction"] == direction_name, "latency_hours"].clip(lower=1 / 60)
        if hours.empty:
            continue
        colour = DIRECTION_COLOURS.get(direction_name)
        ax.hist(hours, bins=bins, histtype="step", linewidth=2, color=colour,
                label=f"{direction_name} requests (n={len(hours)}, median {hours.median():.1f} h)")
        ax.axvline(hours.median(), color=colour, linestyle="--", linewidth=1)
    ax.set_xscale("log")
    ax.set_xticks(list(LATENCY_TICKS), list(LATENCY_TICKS.values()))
    ax.minorticks_off()
    ax.set_xlabel("time from a request to the first reply by someone else")
    ax.set_ylabel("requests")
    ax.legend(frameon=False)
    if title:
        ax.set_title(title)
    return fig


# --- Tables ---------------------------------------------------------------------

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
