"""Native mail files of the same world: single .eml files and one .mbox, written with the stdlib.

Everything that the email package would otherwise randomise (MIME boundaries,
Message-IDs, the mbox 'From ' line date) is derived from the message, so the
files are byte-identical across runs.
"""

from __future__ import annotations

import mailbox
import re
import unicodedata
from datetime import timezone
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path

from .jurisdiction import current
from .model import Message
from .pdf import BANNER, standalone_pdf
from .printing import Printer
from .redaction import visible

PLACEHOLDER_ATTACHMENT = b"SYNTHETIC SAMPLE ATTACHMENT - fictional content\n"


def message_id(m: Message) -> str:
    domain = m.sender.email.split("@", 1)[1]
    return f"<{m.sent_at.astimezone(timezone.utc):%Y%m%d%H%M%S}.{m.truth_id.lower()}@{domain}>"


def _address(o) -> str:
    return formataddr((o.name if o.title != "Shared mailbox" else current().duty_name, o.email))


def to_email(m: Message, printer: Printer, quoted_printable: bool = False) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = _address(m.sender)
    msg["To"] = ", ".join(_address(o) for o in m.to)
    if m.cc:
        msg["Cc"] = ", ".join(_address(o) for o in m.cc)
    msg["Subject"] = m.subject
    msg["Date"] = format_datetime(m.sent_at)
    msg["Message-ID"] = message_id(m)
    if m.in_reply_to is not None:
        msg["In-Reply-To"] = message_id(m.in_reply_to)
        msg["References"] = " ".join(message_id(p) for p in reversed(m.chain()[1:]))
    if m.importance:
        msg["Importance"] = m.importance
        msg["X-Priority"] = "1"
    msg["X-Sample-Data"] = BANNER
    lines = m.own_lines + ([""] + printer.history(m) if m.in_reply_to else [])
    body = visible("\n".join(lines)) + "\n"
    if quoted_printable:
        msg.set_content(body, cte="quoted-printable")
    else:
        msg.set_content(body)
    for attachment in m.attachments:
        if attachment.printable:
            data = standalone_pdf(attachment.blocks, attachment.name)
            msg.add_attachment(data, maintype="application", subtype="pdf", filename=attachment.name)
        else:
            msg.add_attachment(PLACEHOLDER_ATTACHMENT, maintype="application", subtype="octet-stream",
                               filename=attachment.name)
    if msg.is_multipart():
        msg.set_boundary(f"=_sample_{m.truth_id}_boundary")
    return msg


def eml_name(m: Message) -> str:
    ascii_subject = unicodedata.normalize("NFKD", m.subject).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_subject).strip("-")[:48] or "no-subject"
    return f"{m.sent_at:%Y-%m-%d_%H%M}_{slug}.eml"


def write_eml(messages: list[Message], folder: Path, printer: Printer, release_root: Path) -> list[Path]:
    """One file per message; the message with a non-ASCII body (or else the first) is quoted-printable."""
    folder.mkdir(parents=True, exist_ok=True)
    qp = next((m for m in messages if not m.own_text.isascii()), messages[0] if messages else None)
    paths = []
    for m in messages:
        path = folder / eml_name(m)
        path.write_bytes(to_email(m, printer, quoted_printable=m is qp).as_bytes())
        m.printings.append({"file": path.relative_to(release_root).as_posix(), "format": "eml"})
        paths.append(path)
    return paths


def write_mbox(messages: list[Message], path: Path, printer: Printer, release_root: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    box = mailbox.mbox(str(path), create=True)
    box.lock()
    try:
        for m in messages:
            entry = mailbox.mboxMessage(to_email(m, printer))
            entry.set_from(m.sender.email, m.sent_at.astimezone(timezone.utc).timetuple())
            box.add(entry)
            m.printings.append({"file": path.relative_to(release_root).as_posix(), "format": "mbox"})
        box.flush()
    finally:
        box.unlock()
        box.close()
    return path
