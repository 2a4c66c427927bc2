"""The message and page tables' rows: for messages split from printed pages, text printouts and mail files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from lib.ingest.confidence import header_confidence
from lib.ingest.dates import parse_date
from lib.ingest.mailfiles import MailRecord, read_eml, read_mbox, read_msg
from lib.ingest.results import FileResult
from lib.ingest.splitter import GMAIL_TITLE, PageText, SplitMessage, split_pages


def _message_id(*parts: object) -> str:
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return "m" + digest[:12]


def _printed_message_row(message: SplitMessage, relative: str, gmail_subject: str | None = None) -> dict:
    """The message table's row for a message split from printed pages (PDF or text printout)."""
    header = message.header
    sender = header.sender
    sent_at = parse_date(header.date_raw)
    subject = header.fields.get("subject") or (gmail_subject if header.style == "gmail" else None)
    confidence, flags = header_confidence(header, sent_at, subject)
    return {
        "message_id": _message_id(relative, message.page_start, message.index_on_page),
        "source_file": relative,
        "page_start": message.page_start, "page_end": message.page_end,
        "bates_start": message.bates_start, "bates_end": message.bates_end,
        "sent_at": sent_at, "date_raw": header.date_raw,
        "sender": sender.email, "sender_name": sender.name,
        "sender_org": sender.unit, "sender_redacted": sender.redacted,
        "parse_confidence": confidence, "parse_flags": flags,
        "to": [a.label() for a in header.recipients("to")],
        "cc": [a.label() for a in header.recipients("cc")],
        "subject": subject,
        "body": message.body, "quoted": message.quoted, "redactions": message.redactions,
        "attachments": _attachment_names(header.fields.get("attachments", "")),
        "print_style": header.style,
        "page_breaks": message.page_breaks,
        "quoted_page_start": message.quoted_page_start,
        "quoted_breaks": message.quoted_breaks,
    }


def _gmail_subject(banner: list[str]) -> str | None:
    for line in banner:
        title = GMAIL_TITLE.match(line)
        if title:
            return title.group("subject").strip() or None
    return None


def _attachment_names(value: str) -> list[str]:
    if not value.strip():
        return []
    separator = ";" if ";" in value else ","
    return [name.strip() for name in value.split(separator) if name.strip()]


def _mail_file(path: Path, relative: str, kind: str) -> FileResult:
    reader = {"eml": read_eml, "mbox": read_mbox, "msg": read_msg}[kind]
    records: list[MailRecord] = reader(path)
    result = FileResult()
    warnings: list[str] = []
    for index, record in enumerate(records):
        warnings.extend(f"message {index + 1}: {w}" for w in record.warnings)
        result.messages.append({
            "message_id": _message_id(relative, record.header_message_id or "", index),
            "source_file": relative, "page_start": None, "page_end": None,
            "bates_start": None, "bates_end": None,
            "sent_at": record.sent_at, "date_raw": record.date_raw,
            "sender": record.sender, "sender_name": record.sender_name,
            "sender_org": None, "sender_redacted": False,
            "parse_confidence": "high", "parse_flags": ["read from the mail file's own headers"],
            "to": record.to, "cc": record.cc, "subject": record.subject,
            "body": record.body, "quoted": record.quoted, "redactions": record.redactions,
            "attachments": record.attachments, "print_style": f"mail-{kind}",
            "header_message_id": record.header_message_id,
            "in_reply_to_header": record.in_reply_to_header,
            "page_breaks": [], "quoted_page_start": None, "quoted_breaks": [],
        })
        result.pages.append({
            "source_file": relative, "page": None, "bates": None,
            "text": f"{record.subject or ''}\n\n{record.body}", "method": "mail", "confidence": None,
            "redactions": record.redactions, "redacted_share": None, "status": "message", "reason": None,
            "mail_index": index + 1,
        })
    result.report = {"pages": 0, "messages": len(records), "warnings": warnings}
    if not records:
        result.report["warnings"].append("the mailbox holds no messages")
    return result


def _text_file(path: Path, relative: str) -> FileResult:
    """A plain-text printout: pages split on form feeds, then read like a PDF's."""
    raw = path.read_bytes()
    try:
        text, warnings = raw.decode("utf-8"), []
    except UnicodeDecodeError:
        text, warnings = raw.decode("cp1252", errors="replace"), ["not UTF-8; decoded as Windows-1252"]
    pages = [PageText(i + 1, t.strip("\n")) for i, t in enumerate(text.replace("\r\n", "\n").split("\f"))]
    split = split_pages(pages)
    result = FileResult()
    for page in pages:
        reason = split.not_parsed.get(page.page)
        result.pages.append({
            "source_file": relative, "page": page.page, "bates": None, "text": page.text, "method": "text",
            "confidence": None, "redactions": 0, "redacted_share": None,
            "status": "not parsed" if reason else "message", "reason": reason,
        })
    result.messages = [_printed_message_row(message, relative) for message in split.messages]
    result.report = {"pages": len(pages), "messages": len(split.messages), "warnings": warnings}
    return result
