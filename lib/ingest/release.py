"""Turn a release (a file or a folder of files) into pages, messages and a report.

Public API:

- ``read_messages(path)`` -> one row per message (see ``lib.core.schema.MESSAGE_COLUMNS``)
- ``read_pages(path)``    -> one row per input page (see ``lib.core.schema.PAGE_COLUMNS``)
- ``ingest(path)``        -> ``Ingest(messages, pages, report)``, all three at once

Nothing is lost: every page of every file is either in a message or listed in
the report as not parsed, with the reason; a file that cannot be read is listed
with the reason and the other files still go through.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from lib.core import schema
from lib.ingest.dates import date_was_mended, parse_date
from lib.ingest.dedupe import mark_duplicates, reconstruct_quoted
from lib.ingest.headers import HeaderBlock
from lib.ingest.mailfiles import MailRecord, read_eml, read_mbox, read_msg
from lib.ingest.pdf import (
    BatesSurvey,
    FurnitureSurvey,
    PdfPage,
    PdfPages,
    PdfUnreadable,
    clean_page,
    count_embedded_files,
    embedded_files,
    split_bates,
)
from lib.ingest.splitter import GMAIL_TITLE, WINDOW_PAGES, PageText, SplitMessage, split_in_windows, split_pages

log = logging.getLogger(__name__)

#: Files in a release folder that describe it rather than belong to it.
RELEASE_METADATA = {"manifest.sha256", "events.csv", "readme.md", "readme.txt", "claims.csv", "claims.yaml"}
DOCUMENT_SUFFIXES = {".pdf", ".eml", ".mbox", ".msg", ".txt"}


@dataclass(frozen=True)
class OcrSettings:
    """How scanned pages are read. ``cache_dir`` None disables the OCR cache."""

    enabled: bool = True
    force: bool = False  # OCR every page, even those with a usable text layer
    cache_dir: str | None = None
    workers: int | None = None  # Tesseract processes (default: every core)
    lang: str = "eng"
    dpi: int = 300


@dataclass
class FileResult:
    """What one input file yielded: message rows, page rows and its report entry."""

    messages: list[dict] = field(default_factory=list)
    pages: list[dict] = field(default_factory=list)
    report: dict = field(default_factory=dict)


@dataclass
class Ingest:
    messages: pd.DataFrame
    pages: pd.DataFrame
    report: dict


def release_files(path: Path) -> list[Path]:
    """The files of a release, in a stable order; metadata and hidden files excluded."""
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    files = []
    for candidate in sorted(path.rglob("*")):
        relative = candidate.relative_to(path)
        if any(part.startswith(".") for part in relative.parts) or not candidate.is_file():
            continue
        if candidate.name.lower() in RELEASE_METADATA or "reference" in relative.parts[:-1]:
            continue
        files.append(candidate)
    return files


_RFC_HEADER = re.compile(
    r"^(?:from|to|cc|subject|date|received|message-id|return-path|mime-version|content-type|x-[\w-]+|delivered-to)"
    r"\s*:", re.IGNORECASE)


_TRANSPORT_HEADER = re.compile(r"^(?:received|message-id|return-path|mime-version|content-type|delivered-to)\s*:",
                               re.IGNORECASE)


def sniff_kind(path: Path) -> str | None:
    """The file's real type from its first bytes, whatever its extension says."""
    with open(path, "rb") as handle:
        head = handle.read(2048)
    if not head:
        return "empty"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "msg"
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"From "):
        return "mbox"
    text = head.decode("latin-1")
    lines = [line for line in text.splitlines()[:40] if line.strip()]
    if lines and _RFC_HEADER.match(lines[0]):
        # A printed email saved as .txt also starts with "From:"; only transport
        # headers show it is a mail source.
        if path.suffix.lower() != ".txt" or any(_TRANSPORT_HEADER.match(line) for line in lines):
            return "eml"
    if sum(ch < 9 or 13 < ch < 32 for ch in head) > len(head) * 0.05:
        return None  # binary of a kind the release should not contain
    return "txt"


def _message_id(*parts: object) -> str:
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return "m" + digest[:12]


def _read_scanned_pages(path: Path, scanned: list[PdfPage], password: str | None, ocr: OcrSettings) -> list[str]:
    """OCR the pages without a usable text layer (all pages when forced); return warnings.

    ``scanned`` are the pages that need OCR (all, when forced), with their text
    layer. How many pages came from the OCR cache is logged, not reported: it
    depends on earlier runs, not on the release.
    """
    from lib.ingest import ocr as ocr_module

    todo = [page.page for page in scanned]
    if not todo:
        return []
    if not ocr.enabled:
        for page in scanned:
            page.error = "no usable text layer and OCR is switched off"
        return [f"{len(todo)} page(s) without a text layer were not read (OCR off)"]
    try:
        results = ocr_module.ocr_pdf_pages(path, todo, cache_dir=ocr.cache_dir, workers=ocr.workers,
                                           lang=ocr.lang, dpi=ocr.dpi, progress=False, password=password)
    except ocr_module.TesseractNotInstalled as error:
        for page in scanned:
            page.error = f"no usable text layer, and OCR is unavailable: {error}"
        return [f"{len(todo)} scanned page(s) not read: {error}"]
    log.info("%s: %d of %d OCR pages from the cache", path.name, sum(r.cached for r in results.values()),
             len(results))
    for page in scanned:
        result = results.get(page.page)
        if result is None:
            continue
        page.from_ocr_cache = result.cached
        if result.error:
            page.error = f"OCR failed: {result.error}"
            continue
        page.text, page.method, page.confidence = result.text, "ocr", result.confidence
        if result.redactions is not None:
            page.boxes, page.boxed_share = result.redactions, result.redacted_share
    return [f"{len(todo)} page(s) without a usable text layer read by OCR"]


def _pdf_chunks(path: Path, relative: str, password: str | None, ocr: OcrSettings | None = None
                ) -> Iterator[FileResult]:
    """A PDF's rows a window of pages at a time (``split_in_windows``); the last chunk carries the report.

    The pages are surveyed once (redaction boxes, which need OCR, furniture at
    their edges) keeping only the text of scanned pages; the text layer is read
    again window by window, so a file of tens of thousands of pages is never
    held whole.
    """
    from lib.ingest.ocr import needs_ocr

    ocr = ocr or OcrSettings()
    with PdfPages(path, password) as pdf:
        survey, bates_survey = FurnitureSurvey(), BatesSurvey()
        pages: list[PdfPage] = []
        scanned: list[PdfPage] = []  # their text is not the text layer, or will not be: kept, not read again
        for page in pdf.pages(layout=False):
            if ocr.force or needs_ocr(page.text):
                scanned.append(page)
            else:
                survey.add(page.text)
                bates_survey.add(page.page, page.text)
                page.text = ""
            pages.append(page)
        ocr_warnings = _read_scanned_pages(path, scanned, password, ocr)
        for page in scanned:
            survey.add(page.text)
            bates_survey.add(page.page, page.text)
        is_scanned = {page.page for page in scanned}
        del scanned
        furniture = survey.furniture()
        bates_numbers = bates_survey.numbers()
        del bates_survey
        filled = sorted(page for page, (_, how) in bates_numbers.items() if how == "filled")
        if filled:
            ocr_warnings.append(f"Bates number not legible on {len(filled)} page(s) and filled from the pages "
                                f"either side: page(s) {', '.join(map(str, filled[:20]))}")

        def read_window(first: int, stop: int) -> list[PageText]:
            window = []
            for page in pages[first:stop]:
                text = page.text if page.page in is_scanned else pdf.text(page.page - 1)
                bates, how = bates_numbers.get(page.page, (None, None))
                window.append(PageText(page.page, clean_page(text, furniture, bates), bates, page.boxes,
                                       bates_filled=how == "filled"))
            return window

        messages, undated, first_undated, bates_gaps = 0, 0, None, 0
        gmail_subject = None  # a Gmail thread print titles all its messages once
        for window, split in split_in_windows(read_window, len(pages), WINDOW_PAGES):
            chunk = FileResult()
            for text in window:
                page = pages[text.page - 1]
                reason = split.not_parsed.get(page.page)
                if reason and page.error:
                    reason = page.error
                chunk.pages.append({
                    "source_file": relative, "page": page.page, "bates": text.bates, "text": text.text,
                    "method": page.method, "confidence": page.confidence, "redactions": page.boxes,
                    "redacted_share": page.boxed_share,
                    "status": "not parsed" if reason else "message", "reason": reason,
                })
                page.text = ""  # a scanned page's text is held by its row only
            by_page = {text.page: text for text in window}
            for message in split.messages:
                if message.header.style == "gmail":
                    gmail_subject = _gmail_subject(message.banner) or gmail_subject
                row = _printed_message_row(message, relative, gmail_subject)
                row["parse_flags"] += _bates_flags([by_page[p] for p in range(message.page_start, message.page_end + 1)
                                                    if p in by_page])
                if any("Bates gap" in flag for flag in row["parse_flags"]):
                    bates_gaps += 1
                chunk.messages.append(row)
                if row["sent_at"] is None:
                    undated += 1
                    first_undated = first_undated or row
            messages += len(chunk.messages)
            yield chunk
    report = {"pages": len(pages), "messages": messages, "furniture_removed": sorted(furniture)[:20],
              "warnings": ocr_warnings}
    if undated:
        report["warnings"] += [f"{undated} message(s) with a date that could not be read, e.g. page "
                               f"{first_undated['page_start']}: {first_undated['date_raw']!r}"]
    if bates_gaps:
        report["warnings"] += [f"{bates_gaps} message(s) run across a gap in the Bates numbers: pages may be "
                               f"missing from the production inside them (see each message's parse_flags)"]
    yield FileResult(report=report)


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


#: Archives inside archives are followed this deep; a release is rarely nested more.
MAX_ARCHIVE_DEPTH = 3
#: Refuse archives that would unpack to more than this (a zip bomb, or the wrong file).
MAX_ARCHIVE_BYTES = 50 * 2**30


def _zip_file(path: Path, relative: str, *, password: str | None, depth: int,
              ocr: OcrSettings | None = None) -> FileResult:
    """Every member of a zip archive, read as if it were in the release folder.

    Members are named ``archive.zip/inner/path.pdf`` so citations still lead to
    the document. Unpacked one at a time into a temporary folder, never beside
    the release (the raw folder is read-only by convention).
    """
    import tempfile
    import zipfile

    entry = {"file": relative, "bytes": path.stat().st_size, "kind": "zip"}
    if depth >= MAX_ARCHIVE_DEPTH:
        return FileResult(report={**entry, "status": "failed",
                                  "reason": f"archive nested more than {MAX_ARCHIVE_DEPTH} deep; unpack it by hand"})
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        return FileResult(report={**entry, "status": "failed", "reason": f"damaged zip archive ({error})"})
    result = FileResult()
    members: list[dict] = []
    with archive, tempfile.TemporaryDirectory(prefix="release-zip-") as scratch:
        infos = [i for i in archive.infolist() if not i.is_dir()
                 and not any(part.startswith((".", "__MACOSX")) for part in Path(i.filename).parts)]
        if sum(i.file_size for i in infos) > MAX_ARCHIVE_BYTES:
            return FileResult(report={**entry, "status": "failed",
                                      "reason": "the archive unpacks to more than 50 GB; unpack it by hand"})
        for number, info in enumerate(sorted(infos, key=lambda i: i.filename)):
            inner_name = f"{relative}/{Path(info.filename).as_posix().lstrip('/')}"
            target = Path(scratch) / f"{number}{Path(info.filename).suffix}"
            try:
                with archive.open(info, pwd=password.encode() if password else None) as source:
                    target.write_bytes(source.read())
            except (RuntimeError, zipfile.BadZipFile, OSError, NotImplementedError) as error:
                reason = ("the member is encrypted and needs a password" if "password" in str(error).lower()
                          or "encrypted" in str(error).lower() else f"could not be unpacked ({error})")
                members.append({"file": inner_name, "status": "failed", "reason": reason})
                continue
            inner = ingest_file(target, inner_name, password=password, depth=depth + 1, ocr=ocr)
            target.unlink()
            result.messages.extend(inner.messages)
            result.pages.extend(inner.pages)
            members.extend(inner.report.get("members", [inner.report]))
    result.report = {
        **entry, "status": "read", "members": members,
        "pages": sum(m.get("pages", 0) for m in members),
        "messages": sum(m.get("messages", 0) for m in members),
        "warnings": [f"{m['file']}: {m['status']}: {m.get('reason')}" for m in members if m["status"] != "read"],
    }
    return result


def _pdf_with_embedded_files(path: Path, relative: str, password: str | None, depth: int,
                             ocr: OcrSettings | None) -> Iterator[FileResult]:
    """A PDF's own pages (``_pdf_chunks``), then the files embedded in it (``_embedded_files``).

    When the PDF embeds files and none of its own pages holds a message with a
    header, its pages are a portfolio's cover: they are held back (a cover is a
    page or two) and listed as not parsed with that reason.
    """
    if count_embedded_files(path, password) == 0:
        yield from _pdf_chunks(path, relative, password, ocr)
        return
    held: list[FileResult] | None = []  # the pages' chunks until one holds a message; None from then on
    for chunk in _pdf_chunks(path, relative, password, ocr):
        if chunk.report:
            report = chunk.report
        elif held is not None and all(row["print_style"] == "none" for row in chunk.messages):
            held.append(chunk)  # no header on these pages: a cover's title is not a message
        else:
            yield from held or []
            held = None
            yield chunk
    embedded, listing = _embedded_files(path, relative, password, depth, ocr)
    read = sum(entry["status"] == "read" for entry in listing)
    if held:
        reason = (f"portfolio cover page; its {read} embedded file(s) were read" if read
                  else "portfolio cover page; its embedded files could not be read (see the file's report)")
        for chunk in held:
            report["messages"] -= len(chunk.messages)
            chunk.messages = []
            for row in chunk.pages:
                row["status"], row["reason"] = "not parsed", reason
        report["warnings"].append(f"{relative} is a PDF portfolio: its {report['pages']} page(s) are only a cover; "
                                  f"the email is in its {len(listing)} embedded file(s)")
        yield from held
    if embedded.messages or embedded.pages:
        yield embedded
    if depth >= MAX_ARCHIVE_DEPTH:
        report["warnings"].append(f"its embedded files were not read: nested more than {MAX_ARCHIVE_DEPTH} deep")
    report["warnings"] += [f"embedded {entry['file']}: {entry['status']}: {entry.get('reason')}"
                           for entry in listing if entry["status"] != "read"]
    yield FileResult(report={**report, "messages": report["messages"] + len(embedded.messages),
                             "embedded_files_read": read, "embedded_files": listing})


def _embedded_files(path: Path, relative: str, password: str | None, depth: int,
                    ocr: OcrSettings | None) -> tuple[FileResult, list[dict]]:
    """The rows of the files embedded in a PDF, read like a zip archive's members, and their report entries.

    Each is named ``outer.pdf/inner.eml`` and unpacked alone into a temporary
    folder, never beside the release.
    """
    import tempfile

    result, listing = FileResult(), []
    if depth >= MAX_ARCHIVE_DEPTH:
        return result, listing
    names: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="release-pdf-") as scratch:
        for number, embedded in enumerate(embedded_files(path, password), start=1):
            name = Path(embedded.name.replace("\\", "/")).name  # a name, never a path
            name = name if name.strip(".") else f"embedded-{number}"
            name = f"{number}-{name}" if name in names else name  # two attachments of one name
            names.add(name)
            inner_name = f"{relative}/{name}"
            if embedded.data is None:
                listing.append({"file": inner_name, "status": "failed", "reason": embedded.error})
                continue
            target = Path(scratch) / f"{number}{Path(name).suffix}"
            target.write_bytes(embedded.data)
            inner = ingest_file(target, inner_name, password=password, depth=depth + 1, ocr=ocr)
            target.unlink()
            result.messages.extend(inner.messages)
            result.pages.extend(inner.pages)
            listing.extend(inner.report.get("members", [inner.report]))
    return result, listing


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


def ingest_file_chunks(path: Path, relative: str, *, password: str | None = None, depth: int = 0,
                       ocr: OcrSettings | None = None) -> Iterator[FileResult]:
    """Read one file as a stream of row chunks; the last chunk carries the file's report.

    A PDF comes a window of pages at a time; other files in one chunk. Never
    raises for bad input: failures go into the report entry, and a report whose
    status is not "read" voids the rows of the chunks before it.
    """
    path = Path(path)
    entry = {"file": relative, "bytes": path.stat().st_size}
    try:
        kind = sniff_kind(path)
    except OSError as error:
        yield FileResult(report={**entry, "status": "failed", "reason": f"could not be read ({error.strerror})"})
        return
    entry["kind"] = kind
    suffix = path.suffix.lower()
    failure = _unreadable(kind, suffix)
    if failure:
        yield FileResult(report={**entry, **failure})
        return
    if kind == "zip":
        yield _zip_file(path, relative, password=password, depth=depth, ocr=ocr)
        return
    if kind == "txt" and suffix == ".eml":
        kind = "eml"  # headerless or oddly headed mail: let the email parser decide
    warnings = []
    if suffix and suffix[1:] != kind:
        warnings.append(f"named {suffix} but the content is {kind}; read as {kind}")
    try:
        if kind == "pdf":
            chunks = _pdf_with_embedded_files(path, relative, password, depth, ocr)
        elif kind in ("eml", "mbox", "msg"):
            chunks = iter([_mail_file(path, relative, kind)])
        else:
            chunks = iter([_text_file(path, relative)])
        for chunk in chunks:
            if chunk.report:
                report = chunk.report
                chunk.report = {}
            if chunk.messages or chunk.pages:
                yield chunk
    except PdfUnreadable as error:
        yield FileResult(report={**entry, "status": "failed", "reason": str(error)})
        return
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the run
        log.exception("could not read %s", relative)
        yield FileResult(report={**entry, "status": "failed",
                                 "reason": f"could not be parsed ({type(error).__name__}: {error})"})
        return
    report = {**entry, "status": "read", **report}
    report["warnings"] = warnings + report.get("warnings", [])
    yield FileResult(report=report)


def _unreadable(kind: str | None, suffix: str) -> dict | None:
    """The report's status and reason for a file whose type the ingest does not read, else None."""
    if kind == "empty":
        return {"status": "failed", "reason": "the file is empty (0 bytes)"}
    if kind is None:
        return {"status": "failed",
                "reason": f"binary content that is not PDF or Outlook mail (extension {suffix or 'none'})"}
    if kind == "txt" and suffix not in {".txt", ".eml"}:
        if suffix in DOCUMENT_SUFFIXES:
            return {"status": "failed", "reason": f"named {suffix} but its content is not {suffix[1:].upper()}"}
        return {"status": "skipped", "reason": f"not a document type the ingest reads ({suffix or 'no extension'})"}
    return None


def ingest_file(path: Path, relative: str, *, password: str | None = None, depth: int = 0,
                ocr: OcrSettings | None = None) -> FileResult:
    """Read one file whole (``ingest_file_chunks``, joined). Never raises for bad input."""
    result = FileResult()
    for chunk in ingest_file_chunks(path, relative, password=password, depth=depth, ocr=ocr):
        result.messages.extend(chunk.messages)
        result.pages.extend(chunk.pages)
        result.report = chunk.report
    if result.report.get("status") != "read":
        result.messages, result.pages = [], []
    return result


def assemble(results: list[FileResult], release: str) -> Ingest:
    """Combine per-file results into the release's tables and report."""
    message_rows = [row for result in results for row in result.messages]
    page_rows = [row for result in results for row in result.pages]
    messages = schema.coerce_messages(pd.DataFrame(message_rows)) if message_rows else schema.empty_messages()
    for column in ("page_breaks", "quoted_breaks"):
        if column not in messages:
            messages[column] = [[] for _ in range(len(messages))]
    messages = mark_duplicates(messages)
    messages, quoted_copies = reconstruct_quoted(messages)
    messages = schema.validate_messages(schema.coerce_messages(messages))
    pages = schema.coerce_pages(pd.DataFrame(page_rows)) if page_rows else schema.coerce_pages(pd.DataFrame())
    pages = schema.validate_pages(pages)
    report = build_report(results, messages, pages, release, quoted_copies)
    return Ingest(messages.reset_index(drop=True), pages.reset_index(drop=True), report)


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


def ingest(path: str | Path, *, password: str | None = None, progress: bool = False,
           ocr: OcrSettings | None = None) -> Ingest:
    """Read a release file or folder: messages, pages and the ingest report.

    Pages without a usable text layer are read with Tesseract (``ocr``
    settings; by default without a cache). ``lib.pipeline.build`` caches both.
    """
    root = Path(path)
    files = release_files(root)
    base = root if root.is_dir() else root.parent
    iterator = files
    if progress:
        from tqdm.auto import tqdm
        iterator = tqdm(files, desc="ingest", unit="file")
    results = [ingest_file(f, f.relative_to(base).as_posix(), password=password, ocr=ocr) for f in iterator]
    return assemble(results, str(path))


def read_messages(path: str | Path) -> pd.DataFrame:
    """One row per message in a release file or folder."""
    return ingest(path).messages


def read_pages(path: str | Path) -> pd.DataFrame:
    """One row per page (PDF, text) or per message (mail files) of a release."""
    return ingest(path).pages


__all__ = ["ingest", "read_messages", "read_pages", "Ingest", "OcrSettings", "ingest_file", "ingest_file_chunks",
           "assemble", "release_files"]
