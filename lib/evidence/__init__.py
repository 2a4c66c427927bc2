"""Test public statements about police–ICE cooperation against the released messages.

A claims file (YAML, see ``load_claims``) lists each statement with who said it, when and where,
and the names of the evidence queries that bear on it. A query is a small function over the
processed tables that returns the messages (or the people) that speak to the statement, each
with the words that matched and where to find them in the release.

- ``claims``     the claims file: ``load_claims``, ``Claim``, ``claims_table``, ``claims_file_for(release_dir)``
- ``records``    ``Records(tables)`` / ``Records.load(processed_dir)``: the tables queries read; rows cited
- ``queries``    ``QUERIES`` (name -> ``Query``: function, test, caveat), ``run_query``, ``queries_table``
- ``acts``       the same acts in other words, read from each sentence's parse (``ActFinder``)
- ``findings``   ``evaluate`` (per claim and query: count, timing, ``confidence``), ``evidence``, ``examples``
- ``coverage``   what the release does not show: ``coverage`` (date windows), ``redaction_summary``
- ``prose``      the notebook's text: ``claim_markdown``, ``claim_test_markdown``, ``finding_paragraphs``, ``headline``
- ``review``     the review loop: ``review_sample`` (messages to label), ``extend_sample`` (oversampling the
                 messages rare findings flag), ``load_labels``, ``review_figures`` (precision and recall with
                 Wilson intervals, weighted by ``design_weights``), ``count_phrase``; ``Review`` for a release

The words a query looks for are spaCy Matcher patterns in the versioned file
``lib/reference/claims_evidence.yaml``, read and matched by ``lib.language``; which messages
they are read in (sender, direction, part of the message) is decided here. Rules on the
dependency parse (``acts``, word lists in ``lib/reference/evidence_acts.yaml`` and
``police_systems.csv``) add the acts written in other words: a verb with a person, a police system or a
detainer as its object, and a clause naming ICE's pickup, a time or booking. Each evidence row
gives ``start_char``/``end_char`` into the message's ``field`` (``body``, ``subject``,
``quoted`` for forwarded history, ``attachments`` for the attachment names joined by new lines),
so ``text[start_char:end_char] == match``.

A count is where to start reading, not a verdict: every row should be read in context before a
statement is called contradicted, and a partial, redacted release cannot show that something
never happened.
"""

from lib.evidence.claims import Claim, ClaimsError, ClaimTest, claims_file_for, claims_table, load_claims
from lib.evidence.coverage import coverage, redaction_summary
from lib.evidence.findings import (
                                   CONFIDENCE_LEVELS,
                                   SUMMARY_COLUMNS,
                                   confidence,
                                   evaluate,
                                   evidence,
                                   example_table,
                                   examples,
                                   timing,
)
from lib.evidence.prose import claim_markdown, claim_test_markdown, finding_paragraphs, headline, would_change_markdown
from lib.evidence.queries import ICE_TO_POLICE, POLICE_TO_ICE, QUERIES, Query, queries_table, query, run_query
from lib.evidence.records import EVIDENCE_COLUMNS, NotBuilt, Records

__all__ = ["CONFIDENCE_LEVELS", "EVIDENCE_COLUMNS", "ICE_TO_POLICE", "POLICE_TO_ICE", "QUERIES", "SUMMARY_COLUMNS",
           "Claim", "ClaimTest", "ClaimsError", "NotBuilt", "Query", "Records", "claim_markdown",
           "claim_test_markdown", "claims_file_for", "claims_table", "confidence", "coverage", "evaluate", "evidence",
           "example_table", "examples", "finding_paragraphs", "headline", "load_claims", "queries_table", "query",
           "redaction_summary", "run_query", "timing", "would_change_markdown"]
