"""The notebook's text, written from the claims and the summary: headings, tests, findings, headline."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from lib.evidence.claims import Claim, ClaimTest
from lib.evidence.queries import QUERIES
from lib.evidence.review import Review

# --- Reading the results ---------------------------------------------------------------------------

def _count_phrase(row, review: Review | None = None) -> str:
    """'12 messages in which ...', or why there is no count; with a ``review``, the count with its measured
    recall (and precision where a labelled message it counted is not a case): 'at least 12 messages
    (estimated recall ...) in which ...'."""
    if pd.isna(row["count"]):
        return f"not counted yet ({QUERIES[row['query']].name}: a table it needs is not built)"
    if review is not None:
        return f"{review.count(row['query'], int(row['count']), row['unit'])} {QUERIES[row['query']].found}"
    unit = row["unit"] if row["count"] != 1 else row["unit"].rstrip("s")
    return f"{int(row['count']):,} {unit} {QUERIES[row['query']].found}"


def claim_markdown(number: int, claim: Claim) -> str:
    """A claim's heading: the statement quoted, who said it, when, where, how it was verified."""
    who = f"{claim.speaker}, {claim.role}" if claim.role else claim.speaker
    lines = [f"## {number}. “{claim.statement}”", "",
             f"**{who}**, {claim.date}" + (f", {claim.venue}" if claim.venue else "") + ".",
             f"Source: [{claim.source or claim.source_url}]({claim.source_url}).", "",
             f"*Verification.* {claim.verification}"]
    if claim.also_reported:
        lines += ["", "*Also reported:*"]
        lines += [f"- {item.get('date', '')}: {item.get('words', '')} ([source]({item.get('source_url', '')}))"
                  for item in claim.also_reported]
    return "\n".join(lines)


def claim_test_markdown(test: ClaimTest, row: Mapping, review: Review | None = None) -> str:
    """One test of a claim: the test in plain words, the count (with its measured recall, given a ``review``)
    and how far it can be taken."""
    spec = QUERIES[test.query]
    reads = f" *For this statement:* {test.reads_as}" if test.reads_as else ""
    when = f" Messages: {row['timing']}." if row.get("timing") else ""
    return (f"### `{test.query}`\n\n{spec.test}{reads}\n\n"
            f"**{_count_phrase(row, review)}**; confidence **{row['confidence']}**. {row['note']}{when}")


def would_change_markdown(claim: Claim, claim_rows: pd.DataFrame, windows: pd.DataFrame) -> str:
    """What would change the reading: the claim's own note, the release's date windows, redactions."""
    dated = windows[windows["window"] != "undated"]
    spans = "; ".join(f"{w.first} to {w.last} ({w.messages:,} messages)" for w in dated.itertuples())
    parts = [f"**What would change this.** {claim.would_change}".rstrip()]
    if spans:
        parts.append(f"The release covers {spans}; nothing outside these windows is seen.")
    cited = claim_rows.drop_duplicates("message_id")
    if len(cited):
        redacted = int((cited["redactions"] > 0).sum())
        parts.append(f"{redacted:,} of the {len(cited):,} messages cited for this statement carry redaction marks: "
                     "words hidden there could explain or add to what is shown.")
    return " ".join(parts)


def finding_paragraphs(claims: list[Claim], summary: pd.DataFrame, review: Review | None = None) -> list[str]:
    """One paragraph per claim for the site's index: the statement and what the release shows (each count with
    its measured recall, given a ``review``)."""
    paragraphs = []
    for claim in claims:
        rows = summary[summary["claim"] == claim.id]
        found = [f"{_count_phrase(row, review)} ({row['confidence']})" for _, row in rows.iterrows()]
        paragraphs.append(f"**“{claim.statement}”** ({claim.speaker}, {claim.date}). In the release: "
                          + "; ".join(found) + ".")
    return paragraphs


def headline(claims: list[Claim], summary: pd.DataFrame) -> str:
    """One line: how many statements and tests, and how many tests found something."""
    counted = summary["count"].dropna()
    return (f"{len(claims)} statements, {len(summary)} tests: {int((counted > 0).sum())} found evidence, "
            f"{int((counted == 0).sum())} found none, {int(summary['count'].isna().sum())} wait for a table not yet "
            "built. Counts are where to start reading; each example is cited to its page.")
