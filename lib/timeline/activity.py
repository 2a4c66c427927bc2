"""When messages were sent: week, weekday and hour (local time), after-hours flag, and counts per week.

Every function leaves out repeated printings (rows with ``duplicate_of``) unless
``include_duplicates=True``. Times are local (the profile's time zone), as in the message table.
"""

from __future__ import annotations

import re

import pandas as pd

from lib.core.directory import unique_messages
from lib.core.schema import TIMEZONE

#: After hours: before DAY_START, from DAY_END on, or on a Saturday or Sunday (local time).
#: Public holidays are not treated specially.
DAY_START, DAY_END = 7, 19


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
    or on a Saturday or Sunday, in the release's local time (the profile's time zone). Undated messages are left
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


def weekly_by_kind(activity_table: pd.DataFrame, kinds: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Messages per week by what they ask for (``lib.core.requests.request_kinds``), and how many ask for both.

    A message of two kinds counts once, as the first kind listed (a detainer before a report request).
    """
    first_kind = kinds.idxmax(axis=1).where(kinds.any(axis=1))
    return weekly_counts(activity_table, first_kind, categories=list(kinds.columns)), int(kinds.all(axis=1).sum())
