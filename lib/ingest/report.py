"""The ingest report: totals, files read, failed and skipped, pages not parsed, quotes taken for copies."""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from lib.ingest.results import FileResult


def build_report(results: list[FileResult], messages: pd.DataFrame, pages: pd.DataFrame, release: str,
                 quoted_copies: Iterable[dict] = ()) -> dict:
    """Totals, files and pages not parsed; ``quoted_copies`` are the quotes taken for copies of messages
    printed at another time (``QuoteLinker.quoted_copies``), listed so each can be checked."""
    # An archive's members are listed as files of their own; the archive itself under "archives".
    files = [member for result in results for member in result.report.get("members", [result.report])]
    archives = [{k: v for k, v in r.report.items() if k != "members"} for r in results if "members" in r.report]
    not_parsed = pages[pages["status"] == "not parsed"]
    pdf_pages = pages[pages["method"] != "mail"]
    return {
        "release": release,
        "totals": {
            "files": len(files),
            "files_read": sum(f["status"] == "read" for f in files),
            "files_failed": sum(f["status"] == "failed" for f in files),
            "files_skipped": sum(f["status"] == "skipped" for f in files),
            "pages": int(len(pdf_pages)),
            "pages_in_messages": int((pdf_pages["status"] == "message").sum()),
            "pages_not_parsed": int(len(not_parsed)),
            "messages": int(len(messages)),
            "messages_printed": int((~messages["reconstructed"]).sum()),
            "duplicates": int(messages["duplicate_of"].notna().sum()),
            "reconstructed": int(messages["reconstructed"].sum()),
            "unique_messages": int(messages["duplicate_of"].isna().sum()),
            "undated_messages": int(messages["sent_at"].isna().sum()),
        },
        "files": files,
        "archives": archives,
        "quoted_copies": list(quoted_copies),
        "pages_not_parsed": [
            {"file": row.source_file, "page": int(row.page), "bates": row.bates, "reason": row.reason}
            for row in not_parsed.itertuples()
        ],
    }
