"""Read mail files (.eml, .mbox, .msg) into message records.

The stdlib ``email``/``mailbox`` packages parse the MIME structure;
extract-msg reads Outlook's .msg. This module maps them onto the message table
and reports what it had to guess (encodings, missing dates).
"""

from __future__ import annotations

import email
import email.policy
import mailbox
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

import pandas as pd
from bs4 import BeautifulSoup
from charset_normalizer import from_bytes

from lib.core.addresses import clean_email, display_name
from lib.ingest.dates import LOCAL_ZONE, parse_date
from lib.ingest.quoted import quote_start
from lib.ingest.redaction_marks import count_redaction_marks


@dataclass
class MailRecord:
    """One message from a mail file, before it becomes a table row."""

    sender: str | None
    sender_name: str | None
    to: list[str]
    cc: list[str]
    subject: str | None
    date_raw: str | None
    sent_at: pd.Timestamp | None
    body: str
    quoted: str
    attachments: list[str]
    header_message_id: str | None
    in_reply_to_header: str | None
    redactions: int
    warnings: list[str] = field(default_factory=list)


def _decode_part(part: EmailMessage, warnings: list[str]) -> str:
    """A text part as str, guessing the charset when the message does not say."""
    payload = part.get_payload(decode=True)
    if payload is None:
        payload = str(part.get_payload()).encode("utf-8", "replace")
    declared = part.get_content_charset()
    if declared:
        try:
            return payload.decode(declared)
        except (LookupError, UnicodeDecodeError):
            warnings.append(f"declared charset {declared!r} did not decode; guessed instead")
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(payload).best()
        encoding = best.encoding if best else "cp1252"
        warnings.append(f"no usable charset declared; decoded as {encoding}")
        return payload.decode(encoding, errors="replace")


def _html_to_text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text("\n")


def _addresses(values: list[str]) -> list[tuple[str | None, str]]:
    pairs = getaddresses([str(v) for v in values if v])
    return [(display_name(name), clean_email(addr)) for name, addr in pairs if addr or name]


def _header(message: EmailMessage, name: str, warnings: list[str]) -> str | None:
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError) as error:  # malformed header
        warnings.append(f"header {name} could not be parsed ({error}); read raw")
        raw = message.get_all(name, failobj=[]) if hasattr(message, "get_all") else []
        value = raw[0] if raw else None
    return None if value is None else " ".join(str(value).split())


def _header_list(message: EmailMessage, name: str, warnings: list[str]) -> list[str]:
    try:
        return [str(v) for v in message.get_all(name, failobj=[])]
    except (ValueError, TypeError, IndexError) as error:
        warnings.append(f"header {name} could not be parsed ({error})")
        return []


def _mail_date(raw: str | None, warnings: list[str]) -> pd.Timestamp | None:
    """A Date header in the local zone. dateutil first: the stdlib's RFC 2822 reader
    silently misreads non-RFC dates ("Tuesday, April 11, 2017 3:42 PM" loses its PM)."""
    if not raw:
        warnings.append("no Date header")
        return None
    stamp = parse_date(raw)
    if stamp is None:
        try:
            stamp = pd.Timestamp(parsedate_to_datetime(raw))
            stamp = (stamp.tz_localize(LOCAL_ZONE) if stamp.tzinfo is None else stamp).tz_convert(LOCAL_ZONE)
        except (TypeError, ValueError, IndexError):
            warnings.append(f"Date header {raw!r} could not be read")
    return stamp


def record_from_email(message: EmailMessage) -> MailRecord:
    """Map one parsed RFC 5322 message onto a record."""
    warnings: list[str] = []
    if getattr(message, "defects", None):
        warnings.extend(f"MIME defect: {type(d).__name__}" for d in message.defects[:5])
    text_parts: list[str] = []
    attachments: list[str] = []
    try:
        body_part = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, TypeError, AttributeError):
        body_part = None
    if body_part is not None:
        text = _decode_part(body_part, warnings)
        text_parts.append(_html_to_text(text) if body_part.get_content_subtype() == "html" else text)
    elif not message.is_multipart():
        text_parts.append(_decode_part(message, warnings))
    else:
        warnings.append("no text part found in the MIME structure")
    try:
        for part in message.iter_attachments():
            attachments.append(part.get_filename() or part.get_content_type())
    except (KeyError, TypeError, AttributeError):
        warnings.append("attachments could not be listed (broken MIME structure)")

    body_all = "\n".join(text_parts).replace("\r\n", "\n").replace("\r", "\n")
    lines = body_all.split("\n")
    cut = quote_start(lines)
    body = "\n".join(lines[:cut]).strip()
    quoted = "\n".join(lines[cut:]).strip()

    senders = _addresses(_header_list(message, "from", warnings))
    sender_name, sender = senders[0] if senders else (None, None)
    # The header as written: the stdlib's parsed Date header re-serialises a
    # non-RFC date ("Tuesday, April 11, 2017 3:42 PM") and loses its PM.
    raw_dates = [value for name, value in message.raw_items() if name.lower() == "date"]
    date_raw = " ".join(str(raw_dates[0]).split()) if raw_dates else None
    return MailRecord(
        sender=sender or None,
        sender_name=sender_name,
        to=[addr or name for name, addr in _addresses(_header_list(message, "to", warnings))],
        cc=[addr or name for name, addr in _addresses(_header_list(message, "cc", warnings))],
        subject=_header(message, "subject", warnings),
        date_raw=date_raw,
        sent_at=_mail_date(date_raw, warnings),
        body=body,
        quoted=quoted,
        attachments=attachments,
        header_message_id=_header(message, "message-id", warnings),
        in_reply_to_header=_header(message, "in-reply-to", warnings),
        redactions=count_redaction_marks(body),
        warnings=warnings,
    )


def read_eml(path: Path) -> list[MailRecord]:
    with open(path, "rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    record = record_from_email(message)
    if not message.keys():
        record.warnings.insert(0, "no email headers found; the whole file was read as the message body")
    return [record]


def read_mbox(path: Path) -> list[MailRecord]:
    box = mailbox.mbox(path, factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default),
                       create=False)
    try:
        return [record_from_email(message) for message in box]
    finally:
        box.close()


def read_msg(path: Path) -> list[MailRecord]:
    """An Outlook .msg file, through extract-msg."""
    import extract_msg  # imported here: it is slow to import and only .msg needs it

    msg = extract_msg.openMsg(str(path))
    try:
        warnings: list[str] = []
        sender_name, sender = (_addresses([msg.sender or ""]) or [(None, None)])[0]
        body_all = (msg.body or "").replace("\r\n", "\n")
        lines = body_all.split("\n")
        cut = quote_start(lines)
        date_raw = str(msg.date) if msg.date else None
        sent_at = None
        if msg.date:
            stamp = pd.Timestamp(msg.date)
            sent_at = (stamp.tz_localize(LOCAL_ZONE) if stamp.tzinfo is None else stamp).tz_convert(LOCAL_ZONE)
        else:
            warnings.append("no date in the .msg file")
        body = "\n".join(lines[:cut]).strip()
        return [MailRecord(
            sender=sender or None, sender_name=sender_name,
            to=[a or n for n, a in _addresses([msg.to or ""])],
            cc=[a or n for n, a in _addresses([msg.cc or ""])],
            subject=msg.subject, date_raw=date_raw, sent_at=sent_at,
            body=body, quoted="\n".join(lines[cut:]).strip(),
            attachments=[a.longFilename or a.shortFilename or "attachment" for a in msg.attachments],
            header_message_id=getattr(msg, "messageId", None),
            in_reply_to_header=getattr(msg, "inReplyTo", None),
            redactions=count_redaction_marks(body), warnings=warnings,
        )]
    finally:
        msg.close()
