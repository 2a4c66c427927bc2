"""Summaries of what a release holds, for the overview notebook."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.core.tables import query


def headline(messages: pd.DataFrame, report: dict) -> str:
    """One sentence a reporter can check: the release in numbers."""
    totals = report["totals"]
    unique = messages[messages["duplicate_of"].isna()]
    dated = unique["sent_at"].dropna()
    span = (f"from {dated.min():%B %-d, %Y} to {dated.max():%B %-d, %Y}" if len(dated) else "with no readable dates")
    accounted = totals["pages_in_messages"] + totals["pages_not_parsed"]
    return (f"{totals['files_read']} of {totals['files']} files read; {totals['pages']:,} pages, of which "
            f"{totals['pages_in_messages']:,} belong to messages and {totals['pages_not_parsed']:,} are listed as not "
            f"parsed ({accounted:,} of {totals['pages']:,} accounted for); {len(unique):,} unique messages "
            f"{span}, after setting aside {totals['duplicates']:,} duplicate copies.")


def release_summary(messages: pd.DataFrame, pages: pd.DataFrame, report: dict) -> pd.DataFrame:
    """One row per headline figure, with how it was counted."""
    totals = report["totals"]
    unique = messages[messages["duplicate_of"].isna()]
    dated = unique["sent_at"].dropna()
    rows = [
        ("files in the release", totals["files"], "every file found in the release folder"),
        ("files read", totals["files_read"], "files that went through ingest"),
        ("files not read", totals["files_failed"] + totals["files_skipped"], "listed below with the reason"),
        ("pages", totals["pages"], "pages of PDF and text files"),
        ("pages read by OCR", int((pages["method"] == "ocr").sum()), "scanned pages without a usable text layer"),
        ("pages in a message", totals["pages_in_messages"], "pages that belong to an email (incl. attachments)"),
        ("pages not parsed", totals["pages_not_parsed"], "listed below with the reason"),
        ("message rows", totals["messages"], "printed, mail-file and reconstructed messages"),
        ("duplicate copies", totals["duplicates"], "same message printed again; not counted twice"),
        ("reconstructed from quotes", totals["reconstructed"], "messages seen only as quoted history"),
        ("unique messages", len(unique), "message rows less duplicate copies"),
        ("unique messages without a readable date", int(unique["sent_at"].isna().sum()), "excluded from dated counts"),
        ("first message", dated.min().strftime("%Y-%m-%d") if len(dated) else "", "earliest sent date"),
        ("last message", dated.max().strftime("%Y-%m-%d") if len(dated) else "", "latest sent date"),
        ("redaction marks and boxes", int(unique["redactions"].sum()), "(b)(6)-style marks, [REDACTED], black boxes"),
    ]
    return pd.DataFrame(rows, columns=["figure", "value", "how it is counted"]).astype({"value": "string"})


def file_table(report: dict) -> pd.DataFrame:
    """One row per input file: what it was and what came out of it."""
    rows = [{
        "file": entry["file"], "kind": entry.get("kind") or "", "status": entry["status"],
        "pages": entry.get("pages", 0), "messages": entry.get("messages", 0),
        "reason or warnings": entry.get("reason") or "; ".join(entry.get("warnings", [])[:2]),
    } for entry in report["files"]]
    return pd.DataFrame(rows, columns=["file", "kind", "status", "pages", "messages", "reason or warnings"])


def not_parsed_table(report: dict) -> pd.DataFrame:
    """Pages that belong to no message, grouped into runs of consecutive pages with one reason."""
    rows = report["pages_not_parsed"]
    runs: list[dict] = []
    for row in rows:
        last = runs[-1] if runs else None
        if last and last["file"] == row["file"] and last["reason"] == row["reason"] and last["last page"] + 1 == row["page"]:
            last["last page"] = row["page"]
            last["last Bates"] = row["bates"]
            continue
        runs.append({"file": row["file"], "first page": row["page"], "last page": row["page"],
                     "first Bates": row["bates"], "last Bates": row["bates"], "reason": row["reason"]})
    return pd.DataFrame(runs, columns=["file", "first page", "last page", "first Bates", "last Bates", "reason"])


def sender_domains(messages: pd.DataFrame) -> pd.DataFrame:
    """Unique messages by the sender's email domain."""
    unique = messages[messages["duplicate_of"].isna()]
    domain = unique["sender"].str.split("@").str[-1].fillna("(no address shown)")
    counts = domain.value_counts().rename_axis("sender domain").reset_index(name="messages")
    counts["share"] = (counts["messages"] / counts["messages"].sum()).round(3)
    return counts.sort_values(["messages", "sender domain"], ascending=[False, True], ignore_index=True)


def messages_by_month(messages: pd.DataFrame) -> pd.DataFrame:
    """Unique dated messages per calendar month (months with none included)."""
    unique = messages[messages["duplicate_of"].isna() & messages["sent_at"].notna()]
    if unique.empty:
        return pd.DataFrame(columns=["month", "messages"])
    months = unique["sent_at"].dt.tz_localize(None).dt.to_period("M")
    counts = months.value_counts().sort_index()
    full = pd.period_range(counts.index.min(), counts.index.max(), freq="M")
    counts = counts.reindex(full, fill_value=0)
    return pd.DataFrame({"month": counts.index.astype(str), "messages": counts.to_numpy()})


def print_styles(messages: pd.DataFrame) -> pd.DataFrame:
    """How each message row was recognised: print style or mail file."""
    return (messages["print_style"].fillna("unknown").value_counts()
            .rename_axis("recognised as").reset_index(name="message rows"))


def redactions_by_file(processed_dir: str | Path) -> pd.DataFrame:
    """Black boxes per printed file: pages, pages with boxes, boxes, mean share of page boxed.

    Counted by DuckDB over ``pages.parquet``: the page table of a large release
    is not loaded for it.
    """
    return query(processed_dir, """
        SELECT source_file AS "file", count(*) AS "pages",
               count(*) FILTER (WHERE redactions > 0) AS "pages with boxes",
               CAST(sum(redactions) AS BIGINT) AS "boxes",
               round(avg(redacted_share), 4) AS "mean share of page boxed"
        FROM pages WHERE method IS DISTINCT FROM 'mail' GROUP BY source_file ORDER BY source_file""")


#: OCR pages below this mean word confidence are worth reading against the image.
LOW_CONFIDENCE = 80.0


def low_confidence_pages(pages: pd.DataFrame, threshold: float = LOW_CONFIDENCE) -> pd.DataFrame:
    """OCR'd pages whose mean word confidence is below ``threshold``, least confident first."""
    ocr = pages[pages["method"] == "ocr"]
    doubtful = ocr[ocr["confidence"].isna() | (ocr["confidence"] < threshold)]
    table = doubtful[["source_file", "page", "bates", "confidence", "status", "reason"]].copy()
    table["confidence"] = table["confidence"].round(1)
    return table.sort_values(["confidence", "source_file", "page"], na_position="first", ignore_index=True)


def ocr_summary(pages: pd.DataFrame) -> pd.DataFrame:
    """Per file: pages read from the text layer and by OCR, and the OCR confidence range."""
    pdf_pages = pages[pages["method"] != "mail"]
    if pdf_pages.empty:
        return pd.DataFrame(columns=["file", "text-layer pages", "OCR pages", "lowest confidence",
                                     "median confidence"])
    grouped = pdf_pages.groupby("source_file", sort=True)
    table = pd.DataFrame({
        "text-layer pages": grouped["method"].apply(lambda m: int((m == "text").sum())),
        "OCR pages": grouped["method"].apply(lambda m: int((m == "ocr").sum())),
        "lowest confidence": grouped["confidence"].min().round(1),
        "median confidence": grouped["confidence"].median().round(1),
    })
    return table.rename_axis("file").reset_index()


#: Confidence levels from the least certain to the most.
CONFIDENCE_ORDER = ("low", "medium", "high")


def header_confidence(messages: pd.DataFrame) -> pd.DataFrame:
    """Unique messages by how far their header can be trusted (``parse_confidence``), printed and rebuilt apart."""
    unique = messages[messages["duplicate_of"].isna()]
    origin = unique["reconstructed"].map({True: "rebuilt from quoted history", False: "printed or mail file"})
    table = (pd.crosstab(unique["parse_confidence"].fillna("low"), origin)
             .reindex(CONFIDENCE_ORDER, fill_value=0).rename_axis("header confidence").reset_index())
    table.columns.name = None
    for column in ("printed or mail file", "rebuilt from quoted history"):
        if column not in table:
            table[column] = 0
    table["share of unique messages"] = ((table["printed or mail file"] + table["rebuilt from quoted history"])
                                         / max(len(unique), 1)).round(3)
    return table[["header confidence", "printed or mail file", "rebuilt from quoted history",
                  "share of unique messages"]]


def least_certain(messages: pd.DataFrame, limit: int = 15) -> pd.DataFrame:
    """The printed messages whose headers rest most on guesses, with page and Bates to check them against.

    Low before medium, then in the order of the release; each with the reasons
    (``parse_flags``). Messages rebuilt from quoted history are counted in
    ``header_confidence``, not listed here: each cites the message that quotes it.
    """
    printed = messages[messages["duplicate_of"].isna() & ~messages["reconstructed"]
                       & messages["parse_confidence"].isin(["low", "medium"])].copy()
    printed["rank"] = printed["parse_confidence"].map({level: n for n, level in enumerate(CONFIDENCE_ORDER)})
    printed = printed.sort_values(["rank", "source_file", "page_start"], kind="stable").head(limit)
    printed["why"] = printed["parse_flags"].map(lambda flags: "; ".join(flags))
    return printed[["parse_confidence", "message_id", "source_file", "page_start", "bates_start", "sender_name",
                    "sent_at", "subject", "why"]].reset_index(drop=True)
