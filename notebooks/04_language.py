# %% [markdown]
# # 04 · In what words
#
# **Question.** In what words did ICE officers and the police liaison write about the people they tracked and
# about each other? Where do hunting and catching metaphors ("Happy hunting", "got him", "bagged"), loaded
# terms for people ("illegals", "illegal alien"), familiarity, urgency, jokes and celebration appear, who
# wrote them, and when? Do ICE and police write differently?
#
# **Why it matters.** The phrase that made the story of this release was an ICE officer's "Happy hunting" on a
# detainer. A single phrase can be quoted only if it can be found again on the page; a claim about tone
# ("ICE writes like this, police like that") needs counts with their denominators, and a way to check each one.
#
# **Inputs.** `messages.parquet`, `pages.parquet` and `language_hits.parquet` (the build's run of
# `lib.language.find` over the message table) in `processed_dir`; the lexicon `lib/reference/lexicon.yaml`;
# the agency reference table (email domain to agency and side).
#
# **Outputs.** `language_hits.csv` (every hit with its context, sender, date, `message_id`, page and Bates
# number), `language_review.csv` (each category's precision and recall against the review labels) and the
# figures `language_rates_by_agency`, `language_rates_by_period` and `language_keyness` in `figures_dir`, each a
# PNG with the CSV of its numbers; the tables below.
#
# **Method.** The lexicon lists spaCy token patterns by category, with exclusions for literal uses ("hunting
# license", "catch up") and a flag on entries whose reading is disputed (`arguable`). Only a message's own
# text is searched, never its quoted history, and each message is counted once (repeated printings set aside).
# Each hit is then read against the release: the sender's agency (police, ICE or other, from email domains),
# the page holding it and that page's Bates number, and whether it sits in the sender's own words or in a
# printed form that follows them (an I-247A detainer, an incident report). Rates per 1,000 words count hits in
# the sender's own words only, arguable entries in rows of their own; word totals leave out attached forms and
# lines repeated word for word in five or more messages (signature blocks, disclaimers, "Sent from my
# iPhone"), unless such a line holds a hit. Distinctive terms compare lemmas in ICE-written and police-written
# text by Dunning's log-likelihood (G2) with the counts behind each. VADER sentiment is shown with its limits.
#
# **Limits.** Counts are leads to check, not conclusions: read every hit in context before quoting it, and
# cite the page. A lexicon finds only the words it lists; a metaphor it does not know is not counted, and an
# arguable entry may be literal. Rates rest on few hits and few writers: a rate that one person's habit
# explains says something about that person, not the agency. Attribution follows the sender's address; a
# forwarded message counts for the forwarder, and text recovered from a quote counts for its original sender.
# Attached forms are recognised by their printed titles; a form printed without one counts as the sender's
# words. G2 and p-values are not corrected for the many terms tested, and keyness picks up what people wrote
# about (charges, addresses) as much as how they wrote. VADER was built for social media, not police email.
# How many messages a category misses is measured against the release's review labels (`review_labels.csv` in
# `release_dir`, a seeded sample stratified by direction and period): a category with few labelled cases has
# its recall "not yet measured", and its count is a floor, not an estimate.

# %% tags=["parameters"]
release_dir = "data/raw/sample"
processed_dir = "data/processed/sample"
figures_dir = "reports/sample-private/html/figures"

# %%
import re

from lib import language
from lib.core.directory import unique_messages
from lib.core.paths import display
from lib.core.periods import period_labels
from lib.evidence.review import found_ids
from lib.notebook_kit import minute, open_release

release = open_release(processed_dir, figures_dir, max_colwidth=160)
messages = release.table("messages", without=("quoted",))  # only a message's own text is searched
pages = release.table("pages", columns=["source_file", "page", "bates"])  # no page texts
hits = release.table("language_hits")
entity_spans = release.entity_spans()  # excerpts never cut one
lexicon = language.load_lexicon()
unique = unique_messages(messages)
senders = language.sender_groups(messages)
reviewed = language.review(hits, messages, pages=pages, senders=senders)
table = unique.assign(own_words=language.own_words(unique), group=senders["group"],
                      period=period_labels(messages["sent_at"]))
print(f"Lexicon {lexicon.version}: {len(reviewed):,} hits in {reviewed['message_id'].nunique():,} of "
      f"{len(unique):,} unique messages ({len(messages) - len(unique):,} repeated printings set aside); "
      f"{int((reviewed['part'] == language.ATTACHED_FORM).sum()):,} in attached forms, "
      f"{int(reviewed['counted'].sum()):,} counted in the rates below.")

# %% [markdown]
# ## The lexicon
# What each category looks for. Every pattern and exclusion, with notes on the arguable ones, is in
# `lib/reference/lexicon.yaml`; published counts cite its version.

# %%
lexicon.summary()

# %% [markdown]
# ## Hits by category
# All hits, where they fall, and how many the rates count. Hits in attached forms are the form's printed words
# (an I-247A says "alien" throughout), not the sender's; hits marked "list number" are numbered list items
# such as `8)` read as an emoticon. Neither is counted.

# %%
counts = language.hit_counts(reviewed, lexicon)
counts

# %% [markdown]
# ## How many messages each count misses
# Each category's counted messages against the review labels: precision (of the labelled messages it counted,
# the share that are cases) and recall (of the labelled cases, the share it counted), with 95% score intervals
# and the labels behind each; "not measured" below five. Strata sampled at different rates are weighted back to
# the release.

# %%
review = release.review(release_dir, found_ids(reviewed[reviewed["counted"]], "category", names=lexicon.categories))
print(review.summary())
checked = review.table().rename(columns={"finding": "category"})
counts[["category", "messages_counted"]].merge(checked.drop(columns=["found"]), on="category")

# %% [markdown]
# The counts as the site's front page states them, each with its measured recall:

# %% tags=["finding"]
what = {c: re.split(r"[:(]", d)[0].strip().rstrip(".").lower() for c, d in lexicon.descriptions.items()}  # short form
sentences = [f"{review.count(c, int(n))} in which the sender's own words hold {what[c]} (`{c}`, lexicon "
             f"{lexicon.version})." for c, n in zip(counts["category"], counts["messages_counted"]) if n]
print("\n\n".join(s[:1].upper() + s[1:] for s in sentences))

# %% [markdown]
# Every hit, counted or not, with its context and citation, is written to `language_hits.csv`:

# %%
hits_file = release.figures / "language_hits.csv"
hits_file.parent.mkdir(parents=True, exist_ok=True)
reviewed.assign(sent_at=reviewed["sent_at"].astype(str)).to_csv(hits_file, index=False)
review.figures.to_csv(release.figures / "language_review.csv", index=False)
print(f"{len(reviewed):,} rows written to {display(hits_file)}; review figures to "
      f"{display(release.figures / 'language_review.csv')}")

# %% [markdown]
# ## Hunting and catching metaphors
# Every counted hit, in order of sending. `where` gives the file, the page holding the hit and that page's
# Bates number; `check` says when the text survives only as a quote in another message (the page cited is
# where that quote is printed).

# %%
listing = reviewed[reviewed["counted"]].assign(sent=minute(reviewed["sent_at"]),
                                               match=reviewed["match"].str.replace(r"\s+", " ", regex=True))
columns = ["sent", "sender", "group", "match", "context", "message_id", "where", "arguable", "check"]
listing.loc[listing["category"] == "hunting", columns]

# %% [markdown]
# ## Dehumanising or loaded terms
# Counted hits: in the sender's own words.

# %%
listing.loc[listing["category"] == "dehumanising", columns]

# %% [markdown]
# Hits of this category that sit in attached forms, by term: the form's wording, not the sender's. The full
# list is in `language_hits.csv` (`part` = attached form).

# %%
in_forms = reviewed[(reviewed["part"] == language.ATTACHED_FORM)]
in_forms.assign(term=in_forms["match"].str.lower()).groupby(["category", "pattern_id", "term"]).agg(
    hits=("match", "size"), messages=("message_id", "nunique"), first_seen=("where", "first")).reset_index()

# %% [markdown]
# ## Familiarity, urgency, jokes, celebration
# The first five counted hits of each category in order of sending; `language_hits.csv` has the rest.

# %%
others = listing[listing["category"].isin(["familiarity", "urgency", "jokes", "celebration"])]
others.groupby("category", sort=False).head(5)[["category", *columns]]

# %% [markdown]
# Hits not counted for a reason other than an attached form:

# %%
set_aside = reviewed[~reviewed["counted"] & (reviewed["part"] == language.OWN_WORDS)]
set_aside[["category", "match", "context", "sender", "message_id", "where", "check"]]

# %% [markdown]
# ## Checking the lexicon's exclusions
# Literal uses the lexicon leaves out ("hunting license", "duck hunting trip", "caught a cold"), found by
# searching again with exclusions kept. If one of these reads as a metaphor, the exclusion is too broad.

# %%
audit = language.find(unique, include_excluded=True, pages=pages, protected=entity_spans)
excluded = audit[audit["excluded_by"].notna()].assign(part=language.hit_parts(audit, unique))
excluded.groupby(["part", "excluded_by"]).agg(
    hits=("match", "size"), example=("context", "first"), message_id=("message_id", "first"),
    page=("page", "first"), bates=("bates", "first")).reset_index()

# %% [markdown]
# Every form of "hunt" in the messages' own text, counted or not, for a reporter verifying "Happy hunting":

# %%
hunt_words = ["hunt", "hunts", "hunted", "hunting", "hunter", "hunters", "manhunt"]
hunt = language.concordance(unique, hunt_words, pages=pages, protected=entity_spans)
hunt[["left", "match", "right", "message_id", "page", "bates"]]

# %% [markdown]
# ## Rates by sender's agency
# Hits per 1,000 words of the senders' own words, police vs ICE vs other (jails, courts, other agencies,
# unknown senders). The words and messages behind each rate:

# %%
by_agency = language.counted_rates(reviewed, table, "group", lexicon=lexicon)
by_agency.drop_duplicates("group")[["group", "messages", "words"]]

# %%
language.rates_wide(by_agency, "group")

# %%
fig = language.plot_rates(by_agency, "group", colours=language.GROUP_COLOURS,
                          title="Lexicon hits per 1,000 words, by sender's agency")
release.publish(
    fig, by_agency, "language_rates_by_agency",
    caption="Counted lexicon hits per 1,000 words of the senders' own words, by the sender's agency; the number "
            "of hits is written at the end of each bar. Arguable entries are shown in rows of their own.",
    alt="Horizontal bar chart with one row per lexicon category that has hits and one bar each for police, ICE "
        "and other senders, giving hits per 1,000 words, with the number of hits beside each bar.",
    source=f"processed message table and lexicon hits (lexicon {lexicon.version}); agencies from email domains",
)

# %% [markdown]
# ## Rates by period
# The same rates for each date window of the release (runs of weeks with messages, split at gaps of more than
# eight weeks).

# %%
by_period = language.counted_rates(reviewed, table, "period", lexicon=lexicon)
by_period.drop_duplicates("period")[["period", "messages", "words"]]

# %%
language.rates_wide(by_period, "period")

# %%
fig = language.plot_rates(by_period, "period", title="Lexicon hits per 1,000 words, by period")
release.publish(
    fig, by_period, "language_rates_by_period",
    caption="Counted lexicon hits per 1,000 words of the senders' own words, by the release's date windows; the "
            "number of hits is written at the end of each bar.",
    alt="Horizontal bar chart with one row per lexicon category that has hits and one bar per date window of "
        "the release, giving hits per 1,000 words, with the number of hits beside each bar.",
    source=f"processed message table and lexicon hits (lexicon {lexicon.version}); periods from sending dates",
)

# %% [markdown]
# ## Distinctive words: ICE-written vs police-written text
# Lemmas more frequent in one side's own words than in the other's, ranked by log-likelihood (G2; above 15.13
# is p < 0.0001 for one term, before any correction for testing many). `log_ratio` is the effect size (1 =
# twice as frequent). Stop words, numbers and terms seen fewer than five times are left out. Setting stock lines
# aside can tilt the comparison: if one side thanks on a line of its own ("Thank you,") repeated across
# messages and the other inside sentences, only the second side's thanks are compared. Check a term with
# `lib.language.concordance` before reading anything into it.

# %%
keyness = language.keyness(table.loc[table["group"] == "ICE", "own_words"],
                           table.loc[table["group"] == "police", "own_words"])
print(f"ICE-written: {keyness.attrs['target_words']:,} words; police-written: "
      f"{keyness.attrs['reference_words']:,} words.")
keyness_view = language.keyness_named(keyness, target="ICE", reference="police")

# %%
keyness_view[keyness_view["more_in"] == "ICE"].head(12).round(2)

# %%
keyness_view[keyness_view["more_in"] == "police"].head(12).round(2)

# %%
fig = language.plot_keyness(keyness, n=15, target="ICE", reference="police",
                            title="Distinctive words of ICE-written and police-written text")
release.publish(
    fig, keyness_view, "language_keyness",
    caption="The 15 lemmas most distinctive of ICE-written text (left) and of police-written text (right) by "
            "log-likelihood, each bar labelled with the term's count in ICE and in police text.",
    alt="Two horizontal bar charts of words ranked by log-likelihood: on the left words more frequent in "
        "messages sent by ICE, on the right words more frequent in messages sent by police, with counts.",
    source="processed message table, senders' own words (attached forms and repeated lines left out)",
)

# %% [markdown]
# ## Sentiment (VADER), with its limits
# VADER scores each message from -1 (negative) to 1 (positive). Its word list was built for social-media
# posts: enforcement vocabulary ("criminal", "arrest", "assault") reads as negative whatever the tone, it cannot
# see sarcasm or in-group jokes ("Happy hunting" scores as plainly positive), thanks and sign-offs add
# positivity, and very short messages swing to extremes. Use it to find messages to read, never as a measure
# of attitude.

# %%
scores = language.sentiment(table, text_column="own_words").merge(
    table[["message_id", "group"]], on="message_id")
language.sentiment_summary(scores, "group")

# %% [markdown]
# ## How to check these counts
# Every hit has its `message_id`, file, page and Bates number in `language_hits.csv`; open the page and read
# the whole message before quoting. `lib.language.concordance` finds any other word in context, and
# `lib.language.find(..., include_excluded=True)` shows what the lexicon's exclusions removed. The lexicon's
# version is printed at the top; changing a pattern changes the counts.
