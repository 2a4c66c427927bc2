"""What the release cannot show: its date windows, redactions and pages not read as email."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from lib.core.periods import period_labels
from lib.evidence.records import Records, _records

# --- What the release cannot show ------------------------------------------------------------------

def coverage(records: Records | Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The release's date windows: each run of weeks with messages, with its months and message count.

    Windows are split where more than eight weeks pass without a message (``lib.core.periods``);
    anything outside them is simply not in the release.
    """
    records = _records(records)
    sent = records.messages["sent_at"]
    labels = period_labels(sent)
    table = pd.DataFrame({"window": labels.to_numpy(), "sent_at": sent.to_numpy()})
    dated = table[table["window"] != "undated"]
    out = (dated.groupby("window", sort=True)
           .agg(first=("sent_at", "min"), last=("sent_at", "max"), messages=("sent_at", "size"))
           .reset_index())
    out["first"] = out["first"].dt.strftime("%Y-%m-%d")
    out["last"] = out["last"].dt.strftime("%Y-%m-%d")
    undated = int((table["window"] == "undated").sum())
    if undated:
        out = pd.concat([out, pd.DataFrame([{"window": "undated", "first": "", "last": "", "messages": undated}])],
                        ignore_index=True)
    return out


def redaction_summary(records: Records | Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """How much of the release is hidden or unread: redacted messages and marks, pages not read as email."""
    records = _records(records)
    m = records.messages
    rows = [
        {"measure": "unique messages", "value": len(m)},
        {"measure": "messages with at least one redaction mark", "value": int((m["redactions"] > 0).sum())},
        {"measure": "redaction marks in messages", "value": int(m["redactions"].sum())},
        {"measure": "messages recovered only from quoted history", "value": int(m["reconstructed"].sum())},
        {"measure": "undated messages", "value": int(m["sent_at"].isna().sum())},
    ]
    pages = records.table("pages")
    if pages is not None:
        rows.append({"measure": "pages not read as email", "value": int((pages["status"] != "message").sum())})
    return pd.DataFrame(rows, columns=["measure", "value"])
