# %% [markdown]
# # 01 · Who is named, and what is passed about them
#
# **Question.** Which agencies and officials are named in the messages, how many private people are written
# about, and what personal data about them (name, date of birth, address, phone number, A-number, licence
# number, police report) passes between the police liaison and ICE: in how many messages, in which direction,
# and when?
#
# **Why it matters.** The release is evidence of what a city police department told a federal immigration
# agency about residents. "The liaison sent ICE people's addresses" is a claim about counts and direction; it
# holds only if each count can be traced to the messages behind it, read on the page and checked by hand.
#
# **Inputs.** `messages.parquet`, `pages.parquet`, `entities.parquet`, `people.parquet` and
# `entity_corrections.parquet` in `processed_dir` (the build's entity stage: `lib.entities.tagging.tag_messages` with the
# reviewed corrections in `lib/reference/entity_corrections.csv` applied); the agency reference table.
#
# **Outputs.** The figures `entity_categories_by_direction` and `entity_categories_by_month` (each a PNG with
# the CSV of its numbers) and `entity_check_sample.csv` (a random sample of counted entities with context and
# citation, and an empty `correct` column to fill in) in `figures_dir`; the tables below.
#
# **Method.** Each message counts once (repeated printings set aside). A message *passes* a category when the
# category appears in its own text: its subject line, its body and the attachment pages printed with it. Its
# quoted history is not counted, since that text was already passed by the message it quotes (which counts in
# its own right, recovered from the quote where it was never printed on its own). A reply's subject line
# repeats what the original's disclosed, and counts again: the data went back across. Names are the tagger's
# PERSON entities whose person is a *subject* (not a correspondent and not on the officials list); dates of
# birth, A-numbers, licence and report numbers are the tagger's rule-based labels. Addresses and phone numbers
# of officials and institutions are set aside: those in a signature block or letterhead (under an agency,
# facility or court named on a line of its own), numbers to call an institution ("notify DHS by calling ..."),
# and the same values wherever else they appear. Direction comes from the sender's and recipients' email
# domains (`lib.core.directory.direction`); periods are the release's date windows. Citations give the exact page of
# an entity in the body (from the message's page breaks) and that page's Bates number.
#
# **Limits.** Counts are evidence with a precision caveat: the tagger misses some names (subject names read as
# organisations, names in capitals in subject lines) and takes some form words for names, so check the sample
# below before quoting a number, and cite the pages, not the count alone. "Passes a category" says that a
# message holds such data, not whose it is or whether it was new to the recipient. Attachment pages printed
# after a reply's quoted history are filed with that history and are not counted (listed below). The counts of
# distinct people depend on how the tagger joins name variants: one person written two ways can count twice.
# The rules for officials' contact details follow how signatures are printed in this release; check the
# address and phone rows of the sample on a new release.

# %% tags=["parameters"]
release_dir = "data/raw/sample"
processed_dir = "data/processed/sample"
figures_dir = "reports/sample-private/html/figures"

# %%
from lib.core.paths import display
from lib.entities import summary as es
from lib.notebook_kit import open_release

release = open_release(processed_dir, figures_dir, max_colwidth=110)
messages = release.table("messages", without=("body", "quoted"))
texts = release.texts(["body", "quoted"])  # read a batch at a time where an analysis needs them
pages = release.table("pages", columns=["source_file", "page", "bates"])  # no page texts
entities = release.table("entities")
people = release.table("people")
corrections = release.table("entity_corrections")
personal = es.personal_data(entities, messages, texts=texts)
passes = es.passes_by_message(personal, messages)
subjects = es.subject_table(personal, passes, people)
forms_not_counted = es.forms_in_quoted_history(messages, texts)

# %% [markdown]
# ## Headline
# Unique messages, by direction, and how many pass each category of personal data. A message passing two
# addresses counts once for "address".

# %% tags=["finding"]
print(es.headline(passes, subjects, len(forms_not_counted)))

# %% [markdown]
# ## Reviewed corrections applied on this build
# Corrections a reviewer made to the tagger's output (merging two spellings of one person, deleting a word
# read as a name, fixing a role) live in `lib/reference/entity_corrections.csv` and are applied at every
# build. A correction that changed no rows no longer matches the data and should be reviewed.

# %%
print(es.describe_corrections(corrections))
corrections.head(20)

# %% [markdown]
# ## Most-named agencies
# Agencies named in the messages' own text. `messages` counts every message naming the agency; `in_text`
# only those where the name sits in a line with other words, rather than alone on its line as in a letterhead,
# a signature block or a form's heading (a title such as "Task Force Officer (ICE ERO)" in a signature still
# counts as in text).

# %%
es.agency_table(entities, messages, texts=texts).head(12)

# %% [markdown]
# ## Most-named officials
# Officials are correspondents and people on the officials list (`lib/reference/officials.csv`).
# `named_by_others` counts the messages in which someone other than the official names them in the text (a
# greeting counts; the official's own signature does not); `sent` and `received` count unique messages.

# %%
es.official_table(entities, people, messages).head(12)

# %% [markdown]
# ## People written about
# Distinct people the tagger takes for private subjects, with the messages naming them and how many of those
# went each way. `check` flags entries that may not be a private person at all: a one-word name (often a word
# of a printed form, or a first name the tagger could not join to a full name) or a name written after an
# officer's title.

# %%
print(f"{len(subjects):,} distinct people written about; {int(subjects['check'].ne('').sum())} flagged to check.")
subjects.head(10)

# %%
subjects[subjects["check"] != ""].head(20)

# %% [markdown]
# ## What is passed, and in which direction
# Messages passing each category, police to ICE, ICE to police, and every other direction together (mail
# within one side, with other agencies, or with recipients whose side is unknown). The first row gives the
# number of messages in each direction: the denominator of the rows below it.

# %%
by_direction = es.direction_table(passes)
by_direction

# %%
fig = es.plot_directions(by_direction, title="Messages passing each kind of personal data, by direction")
release.publish(
    fig, by_direction, "entity_categories_by_direction",
    caption="Unique messages whose own text (subject line, body, attached pages) holds each kind of personal "
            "data about a person written about, sent from police to ICE and from ICE to police; counts at the "
            "end of each bar.",
    alt="Horizontal bar chart with one row per kind of personal data (name, date of birth, address, phone "
        "number, A-number, licence number, police report, anything beyond a name) and two bars each, police to "
        "ICE and ICE to police, giving the number of messages.",
    source="processed message and entity tables; repeated printings and quoted history not counted",
)

# %% [markdown]
# Where in the message each item sits: the subject line, the sender's own words, or a printed form or report
# attached after them (an I-247A detainer, an incident report). Messages per category and part:

# %%
es.parts_table(personal)

# %% [markdown]
# ## Over time
# By the release's two periods: messages passing each category, per period and direction, the first row again
# giving all messages.

# %%
es.period_table(passes)

# %%
monthly = es.monthly_table(passes)
fig = es.plot_monthly(monthly, title="Messages passing each kind of personal data, by month")
release.publish(
    fig, monthly, "entity_categories_by_month",
    caption="Unique messages per month whose own text holds each kind of personal data, police to ICE (top) "
            "and ICE to police (bottom). The blank column separates the release's two periods; months "
            "between them were not released. `of` in the CSV is the month's messages in that direction.",
    alt="Two heatmaps, police to ICE above and ICE to police below, with one row per kind of personal data and "
        "one column per month with messages, each cell giving the number of messages.",
    source="processed message and entity tables; undated messages not shown",
)

# %% [markdown]
# Police-to-ICE messages per month and category, with the month's police-to-ICE total in `of`:

# %%
es.monthly_wide(monthly, es.TO_ICE).head(24)

# %% [markdown]
# ## Examples, with citations
# The first two messages, in order of sending, passing each category in each direction (a later message
# repeating an item already shown, such as a reply's subject line, is skipped). `where` gives the
# file, the page holding the item and that page's Bates number; `check` says when a message survives only as
# a quote in another (the page cited is where that quote is printed). Open the page and read the whole message
# before quoting it.

# %%
es.examples(personal, passes, messages, pages, texts=texts).head(28)

# %% [markdown]
# ## Checking the counts by hand
# The counts above are only as good as the tagger. A random sample (seeded, so the same build gives the same
# sample) of three counted items per category, including agency and official names: read each in context, on
# its page, and mark it. The same rows are written to `entity_check_sample.csv` with an empty `correct`
# column. Wrong rows point to a correction for `lib/reference/entity_corrections.csv` or a fix in the tagger.

# %%
counted = es.counted_rows(personal, entities, messages)
sample = es.check_sample(counted, messages, pages, per_group=3, seed=2019, texts=texts)
sample_file = release.figures / "entity_check_sample.csv"
sample_file.parent.mkdir(parents=True, exist_ok=True)
sample.to_csv(sample_file, index=False)
print(f"{len(sample)} rows written to {display(sample_file)}")
sample.drop(columns="correct").head(27)

# %% [markdown]
# ## What these counts leave out
# Messages whose quoted history holds a printed form or report: productions print a reply's attachments after
# the history it quotes, so those pages are filed as quoted text, which is not counted. What those forms pass
# (dates of birth, addresses, licence numbers) is missing from the counts above; read them on their pages.

# %%
print(f"{len(forms_not_counted)} unique messages hold a printed form in their quoted history.")
forms_not_counted.head(10)
