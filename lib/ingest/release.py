"""Turn a release (a file or a folder of files) into pages, messages and a report.

Public API:

- ``read_messages(path)`` -> one row per message (see ``lib.core.schema.MESSAGE_COLUMNS``)
- ``read_pages(path)``    -> one row per input page (see ``lib.core.schema.PAGE_COLUMNS``)
- ``ingest(path)``        -> ``Ingest(messages, pages, report)``, all three at once

Nothing is lost: every page of every file is either in a message or listed in
the report as not parsed, with the reason; a file that cannot be read is listed
with the reason and the other files still go through.

This module reads each file by its kind (a PDF a window of pages at a time,
archives and PDF attachments member by member) and assembles the release;
``files`` finds and sniffs the files, ``scanned`` OCRs pages without a text
layer, ``rows`` and ``confidence`` make the table rows, ``report`` the report.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterator

import pandas as pd

from lib.core import schema
from lib.ingest.bates import BatesSurvey
from lib.ingest.confidence import _bates_flags
from lib.ingest.dedupe import mark_duplicates, reconstruct_quoted
from lib.ingest.files import _unreadable, release_files, sniff_kind
from lib.ingest.furniture import FurnitureSurvey, clean_page
from lib.ingest.pdf import PdfPage, PdfPages, PdfUnreadable, count_embedded_files, embedded_files
from lib.ingest.report import build_report
from lib.ingest.results import FileResult, Ingest
from lib.ingest.rows import _gmail_subject, _mail_file, _printed_message_row, _text_file
from lib.ingest.scanned import OcrSettings, _read_scanned_pages
from lib.ingest.splitter import WINDOW_PAGES, PageText, split_in_windows
from lib.ingest.text_layer import needs_ocr

log = logging.getLogger(__name__)


def _pdf_chunks(path: Path, relative: str, password: str | None, ocr: OcrSettings | None = None
                ) -> Iterator[FileResult]:
    """A PDF's rows a window of pages at a time (``split_in_windows``); the last chunk carries the report.

    The pages are surveyed once (redaction boxes, which need OCR, furniture at
    their edges) keeping only the text of scanned pages; the text layer is read
    again window by window, so a file of tens of thousands of pages is never
    held whole.
    """
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
