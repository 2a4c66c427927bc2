# %% [markdown]
# # 00 · What the release holds
#
# **Question.** What is in this records release: how many files, pages and messages, over which
# dates, from which senders' domains, how much is redacted, and which pages could not be read as email?
#
# **Why it matters.** Every later figure (entities, charges, timeline, language) is a count of
# messages. A reporter can only trust "N messages" if every page of the release is accounted for
# and each message is counted once.
#
# **Inputs.** The processed tables built by `make build` from the release folder
# (`messages.parquet`, `pages.parquet`, `ingest_report.json` in `processed_dir`).
#
# **Outputs.** The tables below, and `messages_by_month.png` / `.csv` in `figures_dir`.
#
# **Method.** The ingest reads each PDF's text layer page by page, placing words by their position on
# the page (so a header printed as a table reads label beside value), removes repeated page furniture
# (Bates footers, print banners), splits pages into messages at printed header blocks, separates
# each message's own text from quoted history, marks duplicate printings, and recovers messages
# that survive only as quotes. Mail files (`.eml`, `.mbox`, `.msg`) are read with the standard
# email parser.
#
# **Limits.** Scanned pages are read by OCR, which misreads some characters; low-confidence pages are
# listed below. Counts depend on header recognition: a page with an unusual print layout appears
# under "pages not parsed" rather than being dropped. Dates that cannot be read are left empty and
# counted separately. Duplicates are detected by sender, minute and near-identical text.

# %% tags=["parameters"]
release_dir = "data/raw/sample"
processed_dir = "data/processed/sample"
figures_dir = "reports/sample-private/html/figures"

# %%
from lib.ingest import overview
from lib.notebook_kit import open_release

release = open_release(processed_dir, figures_dir, max_colwidth=120)
# Only the columns these figures use: the texts of a large release stay on disk.
messages = release.table("messages",
                         columns=["message_id", "source_file", "page_start", "bates_start", "duplicate_of", "reconstructed",
                                  "sent_at", "sender", "sender_name", "subject", "redactions", "print_style",
                                  "parse_confidence", "parse_flags"])
pages = release.table("pages",
                      columns=["source_file", "page", "bates", "method", "confidence", "status", "reason"])
report = release.report()
print(overview.headline(messages, report))

# %% [markdown]
# ## The release in figures
# Each figure says how it is counted. "Unique messages" is the number every later notebook starts from.

# %%
overview.release_summary(messages, pages, report)

# %% [markdown]
# ## Files
# Every file in the release folder, whether it was read, and what came out of it.
# A file that could not be read is listed with the reason; the rest of the release still goes through.

# %%
overview.file_table(report)

# %% [markdown]
# ## Pages that are not part of any message
# Runs of consecutive pages that the ingest could not attribute to an email, with their Bates
# numbers, so a reporter can open them in the original release. Documents that are not email (such as
# the memorandum of understanding) belong here.

# %%
overview.not_parsed_table(report)

# %% [markdown]
# ## Scanned pages and how well they were read
# Pages without a usable text layer are read by OCR (Tesseract). Each carries the mean confidence of
# its words (0-100). Pages below the threshold are listed so a reporter can read them against the image
# before quoting them; their messages are in the tables like any other.

# %%
overview.ocr_summary(pages)

# %%
overview.low_confidence_pages(pages)

# %% [markdown]
# ## When the messages were sent
# Unique dated messages per month. The release covers two windows; empty months between them are shown,
# since a gap is itself a finding about what was (and was not) released.

# %%
import matplotlib.pyplot as plt

by_month = overview.messages_by_month(messages)
fig, ax = plt.subplots()
ax.bar(by_month["month"], by_month["messages"], color="#3b6ea5")
ax.set_title("Messages per month in the release")
ax.set_ylabel("unique messages")
ax.tick_params(axis="x", rotation=90)
release.publish(
    fig, by_month, "messages_by_month",
    caption="Unique messages per month.",
    alt="Bar chart of unique messages per calendar month; two clusters of months with messages and a gap between.",
    source="processed message table; duplicates excluded; undated messages not shown",
);

# %%
by_month

# %% [markdown]
# ## Who sent them
# Unique messages by the sender's email domain (which agency's mail system the message came from).

# %%
overview.sender_domains(messages)

# %% [markdown]
# ## How the messages were recognised
# Print style of each message's header block. "quoted" rows were recovered from quoted history.

# %%
overview.print_styles(messages)

# %% [markdown]
# ## How sure the headers are
# Each message's header was read by position (a header printed as a table), in text order, from a mail
# file's own headers, or rebuilt from another message's quoted history. `parse_confidence` says how far it
# can be trusted: high when sender (or a redaction), time and subject were all read from a table or a mail
# file; medium when read in text order, when OCR damage to the date had to be mended, or when no subject
# was read; low when the sender or time is missing, the header is cut off, or the message was rebuilt from
# quotes. The second table lists the least certain printed messages with page and Bates number: check them
# against the documents before relying on them.

# %%
overview.header_confidence(messages)

# %%
overview.least_certain(messages)

# %% [markdown]
# ## Redactions
# Black boxes drawn over the page, per file, and the mean share of page area they cover.
# Written redaction codes such as `(b)(6)` are counted in each message's `redactions` column.

# %%
overview.redactions_by_file(release.processed)  # DuckDB over pages.parquet

# %% [markdown]
# ## How to check these figures
# Every message row carries `message_id`, `source_file`, `page_start`/`page_end` and
# `bates_start`/`bates_end`; every unparsed page is listed above with its Bates number.
# The full ingest report is `ingest_report.json` in the processed folder.
