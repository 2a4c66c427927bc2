"""Claims against the record: each test's evidence, count, timing, confidence and examples."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from lib.evidence.claims import Claim
from lib.evidence.queries import QUERIES, Query, run_query
from lib.evidence.records import EVIDENCE_COLUMNS, NotBuilt, Records, _empty_evidence, _records

#: One row per claim and query.
SUMMARY_COLUMNS = ["claim", "speaker", "date", "query", "test", "unit", "count", "messages", "timing",
                   "confidence", "note", "examples"]

#: The confidence labels of ``evaluate``, strongest first (rules in ``confidence``).
CONFIDENCE_LEVELS = ("high", "medium", "low", "none found", "not yet built")


# --- Claims against the record -------------------------------------------------------------------

def evidence(claims: list[Claim], tables: Records | Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Every evidence row of every test of every claim, with the claim's id in ``claim``."""
    records = _records(tables)
    parts = []
    for claim in claims:
        for name in claim.queries:
            try:
                rows = _cached_run(records, name)
            except NotBuilt:
                continue
            if len(rows):
                parts.append(rows.assign(claim=claim.id))
    if not parts:
        return _empty_evidence().assign(claim=pd.Series(dtype=pd.StringDtype()))[["claim", *EVIDENCE_COLUMNS]]
    out = pd.concat(parts, ignore_index=True)
    out["claim"] = out["claim"].astype(pd.StringDtype())
    return out[["claim", *EVIDENCE_COLUMNS]]


def _cached_run(records: Records, name: str) -> pd.DataFrame:
    """A query's rows, run once per ``Records`` however many claims cite it."""
    if name not in records._results:
        try:
            records._results[name] = run_query(name, records)
        except NotBuilt as missing:
            records._results[name] = missing
    result = records._results[name]
    if isinstance(result, NotBuilt):
        raise result
    return result


def evaluate(claims: list[Claim], tables: Records | Mapping[str, pd.DataFrame], *, n_examples: int = 3) -> pd.DataFrame:
    """One row per claim and test (``SUMMARY_COLUMNS``).

    ``count`` is the number of messages (or people, see ``unit``) the query found, ``<NA>`` when
    a table it needs is not yet built; ``timing`` says how many were sent before and after the
    statement (see ``timing``); ``confidence`` and ``note`` say how far the count can be taken
    (see ``confidence``); ``examples`` cites up to ``n_examples`` of them.
    """
    records = _records(tables)
    rows = []
    for claim in claims:
        for test in claim.tests:
            spec = QUERIES[test.query]
            try:
                found = _cached_run(records, test.query)
            except NotBuilt as missing:
                rows.append({"claim": claim.id, "speaker": claim.speaker, "date": claim.date, "query": test.query,
                             "test": spec.test, "unit": spec.unit, "count": pd.NA, "messages": pd.NA, "timing": "",
                             "confidence": "not yet built", "note": f"{missing} Not counted.", "examples": ""})
                continue
            level, note = confidence(found, spec)
            count = found["person_id"].nunique() if spec.unit == "people" else found["message_id"].nunique()
            rows.append({"claim": claim.id, "speaker": claim.speaker, "date": claim.date, "query": test.query,
                         "test": spec.test, "unit": spec.unit, "count": count,
                         "messages": found["message_id"].nunique(), "timing": timing(found, claim.date),
                         "confidence": level, "note": note,
                         "examples": "; ".join(f"{r.message_id}: {r.where}" for r in
                                               examples(found, n_examples).itertuples())})
    out = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    out[["count", "messages"]] = out[["count", "messages"]].astype("Int64")
    return out


def timing(found: pd.DataFrame, date: str) -> str:
    """How many of the messages found were sent before, during and after the statement's date.

    ``date`` is as precise as the claims file makes it: a message in the same month as a
    statement dated "2019-06" counts as "same month", not before or after.
    """
    sent = found.drop_duplicates("message_id")["sent_at"]
    if sent.empty:
        return ""
    keys = sent.dropna().dt.strftime("%Y-%m-%d").str[:len(date)]
    unit = {4: "year", 7: "month", 10: "day"}.get(len(date), "period")
    parts = [f"{int((keys < date).sum()):,} before the statement", f"{int((keys > date).sum()):,} after"]
    if int((keys == date).sum()):
        parts.insert(1, f"{int((keys == date).sum()):,} in the same {unit}")
    if sent.isna().any():
        parts.append(f"{int(sent.isna().sum()):,} undated")
    return ", ".join(parts)


def confidence(found: pd.DataFrame, spec: Query) -> tuple[str, str]:
    """How far a query's count can be taken, as a label and a note.

    - "high": at least 5 found, in at least 2 calendar months, and no more than a third of the
      messages rest only on arguable patterns or on text recovered from another message's quote;
    - "medium": at least 2 found (or 5 or more in a single month);
    - "low": one found, or most of them arguable or recovered from quotes;
    - "none found": nothing matched, which in a partial, redacted release is not proof of absence.

    The label says how solid the pattern in the record is, not whether a statement is false:
    that is a reading of the examples against the statement's words.
    """
    if found.empty:
        return "none found", (f"No match. A partial, redacted release cannot show this never happened. "
                              f"{spec.caveat}").strip()
    per_message = found.groupby("message_id").agg(arguable=("arguable", "all"), reconstructed=("reconstructed", "any"),
                                                  redactions=("redactions", "max"), sent_at=("sent_at", "min"))
    n = found["person_id"].nunique() if spec.unit == "people" else len(per_message)
    dated = per_message["sent_at"].dropna()
    months = dated.dt.strftime("%Y-%m").nunique() if len(dated) else 0
    weak = int((per_message["arguable"] | per_message["reconstructed"]).sum())
    if n >= 5 and months >= 2 and weak <= len(per_message) / 3:
        level = "high"
    elif weak > len(per_message) / 2 or n < 2:
        level = "low"
    else:
        level = "medium"
    span = f" from {dated.min():%b %Y} to {dated.max():%b %Y}" if len(dated) else ""
    parts = [f"{n:,} {spec.unit} in {months} month{'s' if months != 1 else ''}{span}"]
    if spec.unit != "messages":
        parts[0] += f" ({len(per_message):,} messages)"
    redacted = int((per_message["redactions"] > 0).sum())
    if redacted:
        parts.append(f"{redacted:,} of the messages carry redactions")
    if int(per_message["arguable"].sum()):
        parts.append(f"{int(per_message['arguable'].sum()):,} rest only on arguable patterns")
    if int(per_message["reconstructed"].sum()):
        parts.append(f"{int(per_message['reconstructed'].sum()):,} survive only as quotes in later messages")
    extra = found.attrs.get("note", "")
    return level, "; ".join(parts) + ". " + " ".join(t for t in (extra, spec.caveat) if t)


def examples(rows: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Up to ``n`` evidence rows from different messages, spread evenly over time (first match of each)."""
    first = rows.drop_duplicates("message_id").reset_index(drop=True)
    if len(first) <= n:
        return first
    picks = sorted({int(round(i * (len(first) - 1) / (n - 1))) for i in range(n)}) if n > 1 else [0]
    return first.iloc[picks].reset_index(drop=True)


def example_table(rows: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """``examples`` for reading: date, sender, direction, the match in context, and where to find it."""
    picked = examples(rows, n)
    return pd.DataFrame({
        "sent": picked["sent_at"].dt.strftime("%Y-%m-%d %H:%M").fillna("undated"),
        "sender": picked["sender"], "direction": picked["direction"], "cue": picked["cue"],
        "context": picked["context"], "message_id": picked["message_id"], "where": picked["where"],
    })
