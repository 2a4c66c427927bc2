"""How far a printed message can be trusted: its header's confidence and flags, and its Bates numbers' gaps."""

from __future__ import annotations

from lib.ingest.bates import split_bates
from lib.ingest.dates import date_was_mended
from lib.ingest.headers import HeaderBlock
from lib.ingest.splitter import PageText


def header_confidence(header: HeaderBlock, sent_at, subject: str | None) -> tuple[str, list[str]]:
    """How far a printed message's header can be trusted: 'high', 'medium' or 'low', and why.

    High: a header table read by position (or a Gmail block) with its sender
    (or a redaction), a readable time and a subject. Medium: the same read from
    inline labels in text order, or a date that needed OCR repairs, or no
    subject. Low: no sender or no readable time, a header cut off before the
    file begins, or no header printed at all.
    """
    flags = []
    if header.style == "partial":
        flags.append("header begins before the file: only its last lines are printed")
    elif header.style == "none":
        flags.append("printed without a header: the subject is the page's title line")
    elif header.tabular:
        flags.append("header read from positions (a two-column table)")
    else:
        flags.append("header read in text order")
    sender = header.sender
    if sender.redacted:
        flags.append("sender redacted")
    elif not (sender.name or sender.email) and header.style not in ("partial", "none"):
        flags.append("sender not read")
    if not header.date_raw:
        flags.append("no date printed")
    elif sent_at is None:
        flags.append("date could not be read")
    elif date_was_mended(header.date_raw):
        flags.append("date mended from OCR damage")
    if not subject:
        flags.append("no subject read")
    if header.style in ("partial", "none") or "sender not read" in flags or sent_at is None:
        return "low", flags
    if (header.tabular or header.style == "gmail") and len(flags) == 1 + sender.redacted:
        return "high", flags
    return "medium", flags


def _bates_flags(pages: list[PageText]) -> list[str]:
    """Warnings about the Bates numbers of a message's pages: filled in, or jumping inside the message."""
    flags = []
    if any(page.bates_filled for page in pages):
        flags.append("Bates number filled from the neighbouring pages")
    numbers = [split_bates(page.bates) for page in pages if page.bates]
    for (prefix_a, a), (prefix_b, b) in zip(numbers, numbers[1:]):
        if prefix_a == prefix_b and b - a != 1:
            flags.append(f"Bates gap inside the message: {prefix_a}{a} is followed by {prefix_b}{b}")
    return flags
