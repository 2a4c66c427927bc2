# %% [markdown]
# # 02 · When, in which direction, and how fast
#
# **Question.** When were the messages sent, who was writing to whom (police to ICE, ICE to police, or
# within one side), how quickly were requests answered, at what hours, and how often do they concern
# immigration detainers or requests for police reports? How does this line up with public events?
#
# **Why it matters.** A liaison who answers ICE within minutes, late at night, week after week, describes a
# working relationship that a policy text does not. Public statements (the Trust Act, the council hearing)
# can be set against what the messages show around the same dates.
#
# **Inputs.** `messages.parquet` in `processed_dir`; the agency reference table (email domain to agency and
# side); `events_file`, a CSV of dated public events (`date,event,description,source_url`).
#
# **Outputs.** `weekly_by_direction`, `response_latency`, `weekday_hour` and `detainers_reports` figures in
# `figures_dir`, each a PNG with the CSV of its numbers; the tables below, which carry each message's id,
# file, page and Bates number.
#
# **Method.** Each message's direction comes from the sender's and recipients' email domains (recipients
# printed only by name count when the release shows their address elsewhere). Threads join messages that
# quote or reply to one another, recovered quotes and second printings, and replies to the nearest earlier
# message with the same subject line (see `lib.timeline.thread_links`). A request's response time runs from
# the first message of one person's turn in a thread to the next message by someone else. Times are Boston
# local time; after hours is before 07:00, from 19:00, or at weekends. Detainers and report requests are
# found with a short, published keyword list on the subject and the message's own text.
#
# **Limits.** Only what was released can be counted: gaps between the release's date windows are gaps in the
# release, not necessarily in the correspondence. A message forwarded outside the thread, or a reply with a new
# subject and no quote, starts a new thread. Messages printed with a date but no time count for weeks but not
# for hours or response times. The keyword list finds mentions, not legal acts: a message saying "no detainer"
# counts as mentioning one. Duplicate printings are counted once everywhere.

# %% tags=["parameters"]
release_dir = "data/raw/sample"
processed_dir = "data/processed/sample"
figures_dir = "reports/sample-private/html/figures"
events_file = "data/raw/sample/events.csv"

# %%
from lib import timeline
from lib.core import directory, requests
from lib.core.directory import unique_messages
from lib.core.paths import resolve
from lib.core.profile import active_profile
from lib.notebook_kit import day, open_release

release = open_release(processed_dir, figures_dir, max_colwidth=80)
messages = release.table("messages", without=("body", "quoted"))
texts = release.texts(["body", "quoted"])  # read a batch at a time where an analysis needs them
events = timeline.load_events(resolve(events_file))
unique = unique_messages(messages)
directions = directory.direction(messages)
links = timeline.thread_links(messages, texts)
thread_ids = timeline.threads(messages, links=links)
activity = timeline.activity(messages)
print(f"{len(unique):,} unique messages ({len(messages) - len(unique):,} duplicate printings set aside); "
      f"{len(activity):,} with a date, {int(activity['hour'].notna().sum()):,} with a time of day; "
      f"{thread_ids[unique.index].nunique():,} threads.")

# %% [markdown]
# ## Who writes to whom
# Direction of each unique message, from the sender's and recipients' agencies. "other" covers messages to or
# from jails, prosecutors and addresses whose agency is unknown.

# %%
timeline.share_table(directions, "direction")

# %% [markdown]
# ## Weekly volume, with public events
# Messages per week by direction, one panel per period the release covers. Numbered dashed lines mark the
# events listed under the chart.

# %%
weekly = timeline.weekly_counts(activity, directions, categories=directory.DIRECTIONS)
fig, event_key = timeline.plot_weekly(weekly, events, colours=directory.DIRECTION_COLOURS,
                                      title="Messages per week, by direction")
release.publish(
    fig, weekly.assign(week_start=day(weekly["week_start"])), "weekly_by_direction",
    caption="Unique dated messages per week (weeks start on Monday), by direction, with public events numbered.",
    alt="Stacked weekly bar charts, one panel per period covered by the release, showing messages from police "
        "to ICE, ICE to police, and within each side, with dashed vertical lines at numbered public events.",
    source="processed message table; direction from email domains; events from the events file",
)

# %%
event_key.assign(date=day(event_key["date"]))

# %% [markdown]
# Events outside the periods the release covers (not drawn above):

# %%
outside = events[~events["event"].isin(event_key["event"])]
outside[["date", "precision", "event", "source_url"]].assign(date=day(outside["date"]))

# %% [markdown]
# ## Threads
# The largest threads, with where their first message is printed. `lib.timeline.thread_links` lists why any
# two messages were joined; the counts by kind of link are below.

# %%
threads_table = timeline.thread_summary(messages, thread_ids)
threads_table.head(8)

# %%
links["kind"].value_counts().rename_axis("link").reset_index(name="links")

# %% [markdown]
# ## How fast requests were answered
# Time from the first message of one person's turn in a thread to the next message by someone else, by the
# direction of the request. Dashed lines mark the medians.

# %%
latency = timeline.response_latency(messages, thread_ids)
fig = timeline.plot_latency(latency, title="Time to a reply, by direction of the request")
release.publish(
    fig, latency.assign(request_sent_at=latency["request_sent_at"].astype(str),
                        reply_sent_at=latency["reply_sent_at"].astype(str)),
    "response_latency",
    caption="Hours from a request to the first reply by someone else in the same thread, police-to-ICE and "
            "ICE-to-police requests.",
    alt="Two step histograms on a logarithmic time axis from one minute to one month, for requests from police "
        "to ICE and from ICE to police, with dashed lines at each median.",
    source="processed message table; threads and turns as described above; pairs without a time left out",
)

# %%
timeline.latency_summary(latency)

# %% [markdown]
# The slowest answered requests, to check by hand:

# %%
timeline.slowest_replies(latency, 5)

# %% [markdown]
# ## Hours and weekdays
# Messages with a known time of day, by weekday and hour. The dashed box is 07:00-19:00 on weekdays; everything
# outside it is after hours.

# %%
grid = timeline.weekday_hour(activity)
fig = timeline.plot_weekday_hour(grid, title="Messages by weekday and hour")
release.publish(
    fig, grid.reset_index(), "weekday_hour",
    caption=f"Unique messages with a known time of day, by weekday and hour ({active_profile().time_zone.label}).",
    alt="Heatmap with weekdays as rows and the 24 hours as columns, message counts in the cells, and a dashed "
        "box around weekday office hours from 07:00 to 19:00.",
    source="processed message table; messages printed without a time left out",
)

# %%
timeline.after_hours_by_direction(activity, directions)

# %% [markdown]
# ## Detainers and requests for reports
# Messages whose subject or own text mentions a detainer (`detainer`, `I-247`, `immigration hold`, `ICE hold`)
# or asks for a police report (a verb of asking followed by "report"), per week. The patterns are
# `lib.core.requests.REQUEST_KINDS`; quoted history is not searched, so a thread counts each mention once.

# %%
kinds = requests.request_kinds(messages, texts=texts)
kind_weekly, both = timeline.weekly_by_kind(activity, kinds)
fig, _ = timeline.plot_weekly(kind_weekly, events, colours=timeline.KIND_COLOURS, stacked=False,
                              title="Detainers and report requests per week")
release.publish(
    fig, kind_weekly.assign(week_start=day(kind_weekly["week_start"])), "detainers_reports",
    caption="Unique dated messages per week that mention a detainer or ask for a police report "
            f"({both} messages doing both are counted as detainer messages).",
    alt="Side-by-side weekly bars, one panel per period covered by the release, for messages mentioning "
        "detainers and messages asking for police reports, with numbered public events.",
    source="processed message table; keyword patterns in lib.core.requests.REQUEST_KINDS",
)

# %%
timeline.request_messages(messages, kinds).head(8)

# %% [markdown]
# ## How to check these figures
# Every table gives `message_id` and where the message is printed (file, page, Bates number). Each figure's
# numbers are in the CSV beside its PNG. The events file gives a source address for every event.
