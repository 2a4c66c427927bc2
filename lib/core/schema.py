"""Column contracts of the processed tables, checked at every stage boundary.

Downstream modules (entities, charges, timeline, language, publication) rely on
these names and types; change them here and nowhere else.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from lib.core.profile import active_profile

#: The release's local time zone (the jurisdiction profile's ``time_zone``); every time is stored in it.
TIMEZONE = active_profile().time_zone.name

#: One row per message. Lists are Python lists of strings.
MESSAGE_COLUMNS = {
    "message_id": "stable id: same input, same id, across runs and machines",
    "source_file": "path of the input file, relative to the release folder",
    "page_start": "first page (1-based) in a PDF production; null for mail files",
    "page_end": "last page (1-based); null for mail files",
    "bates_start": "Bates number printed on the first page, if any",
    "bates_end": "Bates number printed on the last page, if any",
    "sent_at": f"tz-aware timestamp in {TIMEZONE}; null when the document gives no date",
    "date_raw": "the date exactly as printed",
    "sender": "sender's email address, lower-cased, where the document shows one",
    "sender_name": "sender's display name as 'First Last'",
    "sender_org": "organisation or unit printed with the sender's name ('NIH/NIAID'), where shown",
    "sender_redacted": "True when the sender is blacked out: an exemption code where the sender was",
    "to": "list of recipients (addresses where shown, else names)",
    "cc": "list of copied recipients",
    "subject": "subject line as printed",
    "body": "the message's own text, without quoted history or page furniture",
    "quoted": "quoted history below the message's own text",
    "redactions": "number of redaction marks in the message",
    "attachments": "list of attachment names",
    "print_style": "header style recognised (outlook, date-first, gmail, mail-file, ...)",
    "duplicate_of": "message_id of the first copy when this row repeats another message",
    "duplicate_reason": "why the row is a copy of duplicate_of: what agrees and how far apart the printed times "
                        "are, e.g. 'same sender and text; 5 h apart (time zone)'",
    "reconstructed": "True when the row was recovered only from another message's quoted history",
    "quoted_in": "message_id of the message whose quoted history this row was recovered from",
    "in_reply_to": "message_id of the message this one quotes directly, where known",
    "parse_confidence": "how far the header can be trusted: 'high' (read by position or from a mail file, "
                        "nothing missing), 'medium' (text order, mended date or no subject), 'low' (sender or "
                        "time missing, header cut off, or rebuilt from quoted history)",
    "parse_flags": "list of reasons behind parse_confidence and warnings about the message's pages",
}

#: One row per input page (PDF) or per mail file.
PAGE_COLUMNS = {
    "source_file": "path of the input file, relative to the release folder",
    "page": "1-based page number",
    "bates": "Bates number printed on the page, if any",
    "text": "page text without repeated furniture (banners, Bates footers)",
    "method": "how the text was obtained: 'text' (text layer) or 'ocr'",
    "confidence": "OCR mean word confidence 0-100; null for text-layer pages",
    "redactions": "redaction marks on the page",
    "redacted_share": "share of the page area covered by black boxes, where measurable",
    "status": "'message' when the page belongs to a message, else 'not parsed'",
    "reason": "why a page was not parsed",
}

@functools.cache
def _contracts() -> dict:
    """The pandera schemas, built on first use: pandera costs a build's stages and notebooks 16 MB they never use."""
    import pandera.pandas as pa

    optional_text = pa.Column(pd.StringDtype(), nullable=True)

    messages = pa.DataFrameSchema(
        {
            "message_id": pa.Column(pd.StringDtype(), unique=True, nullable=False),
            "source_file": pa.Column(pd.StringDtype(), nullable=False),
            "page_start": pa.Column("Int64", pa.Check.ge(1), nullable=True),
            "page_end": pa.Column("Int64", pa.Check.ge(1), nullable=True),
            "bates_start": optional_text,
            "bates_end": optional_text,
            "sent_at": pa.Column(pd.DatetimeTZDtype(tz=TIMEZONE), nullable=True),
            "date_raw": optional_text,
            "sender": pa.Column(
                pd.StringDtype(), pa.Check(lambda s: s.dropna().eq(s.dropna().str.lower()).all()),
                nullable=True,
            ),
            "sender_name": optional_text,
            "to": pa.Column(object),
            "cc": pa.Column(object),
            "subject": optional_text,
            "body": pa.Column(pd.StringDtype(), nullable=False),
            "quoted": pa.Column(pd.StringDtype(), nullable=False),
            "redactions": pa.Column("int64", pa.Check.ge(0)),
            "attachments": pa.Column(object),
            "print_style": optional_text,
            "duplicate_of": optional_text,
            "duplicate_reason": optional_text,
            "reconstructed": pa.Column(bool),
            "quoted_in": optional_text,
            "in_reply_to": optional_text,
            "sender_org": optional_text,
            "sender_redacted": pa.Column(bool),
            "parse_confidence": pa.Column(pd.StringDtype(), pa.Check.isin(["high", "medium", "low"]), nullable=True),
            "parse_flags": pa.Column(object),
        },
        checks=[
            pa.Check(
                lambda df: (df["page_end"].isna() | (df["page_end"] >= df["page_start"])).all(),
                error="page_end before page_start",
            ),
        ],
        strict=False,
        ordered=False,
    )

    pages = pa.DataFrameSchema(
        {
            "source_file": pa.Column(pd.StringDtype(), nullable=False),
            "page": pa.Column("Int64", pa.Check.ge(1), nullable=True),
            "bates": optional_text,
            "text": pa.Column(pd.StringDtype(), nullable=False),
            "method": pa.Column(pd.StringDtype(), pa.Check.isin(["text", "ocr", "mail"])),
            "confidence": pa.Column("float64", nullable=True),
            "redactions": pa.Column("int64", pa.Check.ge(0)),
            "redacted_share": pa.Column("float64", nullable=True),
            "status": pa.Column(pd.StringDtype(), pa.Check.isin(["message", "not parsed"])),
            "reason": optional_text,
        },
        strict=False,
    )
    return {"messages": messages, "pages": pages}


def empty_messages() -> pd.DataFrame:
    """An empty message table with the right columns and dtypes."""
    return coerce_messages(pd.DataFrame(columns=list(MESSAGE_COLUMNS)))


def coerce_messages(df: pd.DataFrame) -> pd.DataFrame:
    """Give a message table its canonical dtypes and column order."""
    df = df.copy()
    for col in MESSAGE_COLUMNS:
        if col not in df:
            df[col] = None
    for col in ("message_id", "source_file", "bates_start", "bates_end", "date_raw", "sender",
                "sender_name", "subject", "print_style", "duplicate_of", "duplicate_reason", "quoted_in",
                "in_reply_to", "sender_org", "parse_confidence"):
        df[col] = df[col].astype(pd.StringDtype())
    for col in ("body", "quoted"):
        df[col] = df[col].fillna("").astype(pd.StringDtype())
    for col in ("page_start", "page_end"):
        df[col] = pd.to_numeric(df[col]).astype("Int64")
    for col in ("to", "cc", "attachments", "parse_flags"):
        # Lists come back from Parquet as numpy arrays; both are kept, anything else is empty.
        df[col] = df[col].map(lambda v: [str(x) for x in v] if isinstance(v, (list, tuple, np.ndarray)) else [])
        df[col] = df[col].astype(object)
    df["redactions"] = pd.to_numeric(df["redactions"]).fillna(0).astype("int64")
    df["reconstructed"] = df["reconstructed"].fillna(False).astype(bool)
    df["sender_redacted"] = df["sender_redacted"].fillna(False).astype(bool)
    df["sent_at"] = pd.to_datetime(df["sent_at"], utc=True).dt.tz_convert(TIMEZONE).dt.as_unit("ns")
    extra = [c for c in df.columns if c not in MESSAGE_COLUMNS]
    return df[list(MESSAGE_COLUMNS) + extra]


def coerce_pages(df: pd.DataFrame) -> pd.DataFrame:
    """Give a page table its canonical dtypes and column order."""
    df = df.copy()
    for col in PAGE_COLUMNS:
        if col not in df:
            df[col] = None
    for col in ("source_file", "bates", "method", "status", "reason"):
        df[col] = df[col].astype(pd.StringDtype())
    df["text"] = df["text"].fillna("").astype(pd.StringDtype())
    df["page"] = pd.to_numeric(df["page"]).astype("Int64")
    df["confidence"] = pd.to_numeric(df["confidence"]).astype("float64")
    df["redacted_share"] = pd.to_numeric(df["redacted_share"]).astype("float64")
    df["redactions"] = pd.to_numeric(df["redactions"]).fillna(0).astype("int64")
    extra = [c for c in df.columns if c not in PAGE_COLUMNS]
    return df[list(PAGE_COLUMNS) + extra]


def validate_messages(df: pd.DataFrame) -> pd.DataFrame:
    """Check a message table against the contract; raise with every failure listed."""
    return _contracts()["messages"].validate(df, lazy=True)


def validate_pages(df: pd.DataFrame) -> pd.DataFrame:
    return _contracts()["pages"].validate(df, lazy=True)


def cell_text(value) -> str:
    """A table cell as text: '' for None, pandas' NA and NaN."""
    return "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)
