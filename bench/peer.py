"""The peer tool, pdf2mbox (History Lab), on the same pages as the ingest, scored on the same answer keys.

pdf2mbox was written for the NIH FOIA production whose pages are in
``tests/data/real_world/``. It needs poppler's C++ library to build, so it lives
in a virtual environment of its own (``.venv-peer``, made by ``make peer``) and
runs in a child process; nothing of it is imported here.

Both tools are scored by ``lib.ingest.answer_key``. pdf2mbox reports a message's
first page, page count, sender, date text and subject, but no Bates numbers, so
the side-by-side table scores both tools on those four fields, and the ingest
on all five as well. The peer's date text is read with ``lib.ingest.dates.parse_date``,
so both are judged on what they read off the page, not on date parsing.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd

from lib.core.paths import ROOT
from lib.ingest.answer_key import FIELDS, from_messages, load_key, score
from lib.ingest.dates import parse_date
from lib.ingest.release import ingest

PEER_PYTHON = ROOT / ".venv-peer" / "bin" / "python"
PEER_FIELDS = ("sender", "sent", "subject", "pages")

# Run inside the peer's environment: one PDF in, its emails out as JSON.
_PEER_SCRIPT = """
import json, sys, xmpdf
with open(sys.argv[1], "rb") as handle:
    parsed = xmpdf.Xmpdf(handle)
print(json.dumps({"error": parsed.error, "emails": [
    {"page": e.page_number, "pages": e.page_count, "from": e.header.from_email, "date": e.header.date,
     "subject": e.header.subject} for e in parsed.emails]}))
"""


def peer_available() -> bool:
    return PEER_PYTHON.exists()


def peer_rows(release: Path, files: list[str]) -> pd.DataFrame:
    """pdf2mbox's emails in each file of the key, as rows ``lib.ingest.answer_key.score`` reads."""
    rows = []
    for file in files:
        done = subprocess.run([str(PEER_PYTHON), "-c", _PEER_SCRIPT, str(release / file)],
                              capture_output=True, text=True, check=True)
        for email in json.loads(done.stdout)["emails"]:
            rows.append({"file": file, "page_start": email["page"], "page_end": email["page"] + email["pages"] - 1,
                         "bates_start": None, "bates_end": None, "sender": email["from"],
                         "sent": parse_date(email["date"]), "subject": email["subject"]})
    return pd.DataFrame(rows, columns=["file", "page_start", "page_end", "bates_start", "bates_end", "sender",
                                       "sent", "subject"])


def compare(release: Path, key_file: Path) -> dict:
    """Both tools' summaries on one answer key: ``ours`` (all fields), ``ours_4`` and ``peer_4`` (four fields)."""
    key = load_key(key_file)
    ours = score(key, from_messages(ingest(release).messages))
    figures = {"messages": len(key), "ours": ours.summary(FIELDS), "ours_4": ours.summary(PEER_FIELDS)}
    if peer_available():
        pdfs = sorted(file for file in key["file"].unique() if file.lower().endswith(".pdf"))
        figures["peer_4"] = score(key, peer_rows(release, pdfs)).summary(PEER_FIELDS)
    return figures


def lines(name: str, figures: dict) -> list[str]:
    """Markdown lines for one answer key's comparison."""
    total = figures["messages"]

    def share(summary: dict, column: str) -> str:
        return f"{summary[column]}/{total} ({summary[column] / total:.0%})"

    out = [f"- **{name}** ({total} printed messages):",
           f"  - this toolkit: found {share(figures['ours'], 'found')}; fully right {share(figures['ours'], 'fully_right')} "
           f"(sender, minute, subject, pages, Bates); {share(figures['ours_4'], 'fully_right')} on the four fields "
           f"pdf2mbox reports; {figures['ours']['extra']} invented"]
    if "peer_4" in figures:
        peer = figures["peer_4"]
        out.append(f"  - pdf2mbox: found {share(peer, 'found')}; fully right on its four fields "
                   f"{share(peer, 'fully_right')}; {peer['extra']} invented")
    else:
        out.append("  - pdf2mbox: not installed (`make peer` installs it into `.venv-peer`)")
    return out
