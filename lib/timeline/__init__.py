"""When messages were sent, in which direction, in which thread, and how fast they were answered.

Every function leaves out repeated printings (rows with ``duplicate_of``) unless
``include_duplicates=True``. Times are local (the profile's time zone), as in the
message table; messages without a readable date are kept where a date is not
needed (direction, threads) and counted apart where it is.

- ``threads``: thread ids, and the links (reply, quote, second printing, subject line) that join messages
- ``latency``: reply pairs within a thread, hours to a reply, and their summary by direction
- ``activity``: week, weekday and hour of each message, after-hours flag, counts per week
- ``events``: dated public events read from the events file
- ``plots``: charts (weekly counts with events numbered on top, weekday-by-hour heatmap, reply times)
- ``tables``: one row per thread; counts and shares of a label
- ``network``: who writes to whom, and who connects police and ICE (``network.graph``, ``network.drawing``)
"""

from lib.timeline.activity import DAY_END, DAY_START, activity, time_known, weekday_hour, weekly_by_kind, weekly_counts
from lib.timeline.events import load_events
from lib.timeline.latency import latency_summary, response_latency
from lib.timeline.plots import KIND_COLOURS, LATENCY_TICKS, overlay_events, plot_latency, plot_weekday_hour, plot_weekly
from lib.timeline.tables import after_hours_by_direction, request_messages, share_table, slowest_replies, thread_summary
from lib.timeline.threads import GENERIC_SUBJECTS, GENERIC_WINDOW, SUBJECT_WINDOW, thread_links, threads

__all__ = [
    "DAY_END", "DAY_START", "GENERIC_SUBJECTS", "GENERIC_WINDOW", "KIND_COLOURS", "LATENCY_TICKS", "SUBJECT_WINDOW",
    "activity", "after_hours_by_direction", "latency_summary", "load_events", "overlay_events", "plot_latency", "plot_weekday_hour",
    "plot_weekly", "request_messages", "response_latency", "share_table", "slowest_replies", "thread_links", "thread_summary", "threads", "time_known",
    "weekday_hour", "weekly_by_kind", "weekly_counts",
]
