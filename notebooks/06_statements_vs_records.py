# %% [markdown]
# # 06 · Statements against the record
#
# **Question.** Officials said Boston police "are not the agents of ICE", that "our databases are our
# databases", that ICE is called for serious crime, and that the department abides by the Trust Act. What do
# the released messages show against each of those statements?
#
# **Why it matters.** The release was reported as "directly contradicting" officials' public statements. A
# contradiction is a claim about two texts: it needs the statement quoted and sourced, a test that says in
# plain words what would count against it, the count with what it can and cannot show, and examples a reader
# can find on the page.
#
# **Inputs.** The processed tables in `processed_dir` (`messages`, `pages`, `entities`, `subject_severity`);
# the claims file `claims_file` (empty: the release's own `claims.yaml`, else `data/raw/claims.yaml`), which
# lists each statement, its speaker, date and source, how it was verified, and the tests that bear on it;
# the patterns `lib/reference/claims_evidence.yaml`.
#
# **Outputs.** For each statement: the test, the count with its measured recall and a confidence note, up to
# five cited examples, and what would change the reading. `claims_summary.csv` (one row per statement and test),
# `claims_evidence.csv` (every match with its context, message id, page and Bates number) and
# `claims_review.csv` (each test's precision and recall against the review labels) in `figures_dir`.
#
# **Method.** Each test is a named query in `lib/evidence/queries.py`. Most read spaCy Matcher patterns from a
# versioned file (holding someone for pickup, release times, database checks, detainers taken to booking,
# records and identifiers passed on, an ICE role in a police signature), and sentence rules on the parse
# (`lib/evidence/acts.py`: a person held for ICE, a release time, a check in a police system, a detainer taken
# to booking, a duty covered; word lists in `lib/reference/evidence_acts.yaml`), only in the messages and parts of a
# message where they mean what the test says: who sent the message to whom (`lib.core.directory.direction`), its own
# text, a subject line that is not a reply, the history of a forward, attachment names. Passing records also
# counts addresses, dates of birth, phones and report numbers the entity tagger found, leaving out lines
# repeated in five or more messages (officers' signatures). The serious-crime test reads the charges stage's
# table of people: those whose personal data police sent to ICE and whose every charge in the release is a
# non-violent misdemeanour or civil infraction. Each message counts once (repeated printings set aside).
# How many cases a count misses is measured against the release's review labels (`review_labels.csv` in
# `release_dir`: a seeded sample of messages stratified by direction and period, each labelled for every test;
# `python -m lib review sample`): recall is the share of labelled cases the test found, precision the share of
# labelled messages it found that are cases, each with a 95% score interval.
#
# **Limits.** A count is where to start reading, not a verdict: a statement is contradicted only when the
# examples, read in full, say what it denies. The release covers parts of two years and is redacted; absence of
# a match is not evidence that something never happened. Patterns find only the wordings they list, and the
# sample they were checked on is synthetic. Recall and precision rest on the labels behind them (the n given);
# with few labelled cases they are wide or not yet measured. Direction depends on printed addresses; charges
# are those the release prints. The statements were verified against published reporting only, as each claim's
# note says.

# %% tags=["parameters"]
release_dir = "data/raw/sample"
processed_dir = "data/processed/sample"
figures_dir = "reports/sample-private/html/figures"
claims_file = ""

# %%
from IPython.display import Markdown, display

from lib import evidence
from lib.core.paths import display as show_path
from lib.core.paths import resolve
from lib.evidence.review import found_ids
from lib.notebook_kit import open_release

release = open_release(processed_dir, figures_dir, max_colwidth=160)
claims_path = resolve(claims_file) if claims_file else evidence.claims_file_for(resolve(release_dir))
claims = evidence.load_claims(claims_path)
records = evidence.Records.load(resolve(processed_dir))
summary = evidence.evaluate(claims, records)
rows = evidence.evidence(claims, records)
windows = evidence.coverage(records)
review = release.review(release_dir, found_ids(rows, "query", names=summary.loc[summary["count"].notna(), "query"]))
print(f"Claims from {show_path(claims_path)}; patterns version {records.patterns.version}.")
print(evidence.headline(claims, summary))
print(review.summary())

# %% [markdown]
# ## The statements
# As the claims file gives them. Each section below quotes the statement with its source and how far it was
# verified; edit the claims file to add a statement or a test.

# %%
evidence.claims_table(claims)

# %% [markdown]
# ## The tests
# Every evidence query, what it looks for in plain words, the tables it reads, and what it can miss. The
# patterns behind them are in `lib/reference/claims_evidence.yaml`.

# %%
evidence.queries_table()

# %% [markdown]
# ## What the release covers
# Every count below is a count within these windows of time; the release says nothing about the months between
# or around them. Redaction marks hide words that could explain or add to what is shown.

# %%
windows

# %%
evidence.redaction_summary(records)

# %% [markdown]
# ## How many cases each test misses
# Each test against the review labels: precision (of the labelled messages it found, the share that are cases)
# and recall (of the labelled cases, the share it found), each with its 95% score interval and the number of
# labels behind it; "not measured" below five. Strata sampled at different rates are weighted back to the
# release (`weighting`). The counts below are stated with these figures.

# %%
review.table()

# %% [markdown]
# ## Statement by statement
# For each test: what it looks for, the count and its confidence (high: at least five, in two or more months,
# few resting on arguable patterns or recovered quotes; medium: two or more; low: one, or mostly arguable), then
# up to five examples spread over the period. `context` shows the words matched in **bold**; `where` gives the
# file, the page holding the match and its Bates number.

# %%
for number, claim in enumerate(claims, 1):
    display(Markdown(evidence.claim_markdown(number, claim)))
    for test in claim.tests:
        row = summary[(summary["claim"] == claim.id) & (summary["query"] == test.query)].iloc[0]
        display(Markdown(evidence.claim_test_markdown(test, row, review)))
        found = rows[(rows["claim"] == claim.id) & (rows["query"] == test.query)]
        if len(found):
            display(evidence.example_table(found, 5))
    display(Markdown(evidence.would_change_markdown(claim, rows[rows["claim"] == claim.id], windows)))

# %% [markdown]
# ## Summary
# One row per statement and test. The paragraphs above the table are what the site's index shows.

# %% tags=["finding"]
print("\n\n".join(evidence.finding_paragraphs(claims, summary, review)))
checked = review.table().rename(columns={"finding": "query"})[["query", "precision (95% CI; n)",
                                                               "recall (95% CI; n)"]]
summary.merge(checked, on="query", how="left")[["claim", "speaker", "date", "query", "unit", "count",
                                                "precision (95% CI; n)", "recall (95% CI; n)", "timing",
                                                "confidence", "examples"]]

# %% [markdown]
# The full summary (with each test in plain words and its note) and every match, for checking before quoting:

# %%
out = resolve(figures_dir)
out.mkdir(parents=True, exist_ok=True)
summary.to_csv(out / "claims_summary.csv", index=False)
rows.assign(sent_at=rows["sent_at"].astype(str)).to_csv(out / "claims_evidence.csv", index=False)
review.figures.to_csv(out / "claims_review.csv", index=False)
print(f"{len(summary):,} rows written to {show_path(out / 'claims_summary.csv')}; "
      f"{len(rows):,} matches to {show_path(out / 'claims_evidence.csv')}; "
      f"{len(review.figures):,} tests' review figures to {show_path(out / 'claims_review.csv')}")
