"""Ingest: a release's files (PDF productions, scans, .eml/.mbox/.msg, zips) -> pages, messages and a report.

``read_messages``, ``read_pages`` and ``ingest`` (``lib.ingest.release``) are the public API; the modules
below do one step each.

- ``release``: each file read by its kind (PDFs a window of pages at a time, archives member by member), assembled
- ``files``: a release's files found, and each one's real type sniffed
- ``results``: what reading yields (each file's rows and report entry; the release's tables)
- ``pdf``, ``layout``: a page's text layer read with pdfium, placed by position; embedded files
- ``bates``, ``furniture``: Bates numbers; lines repeated at page edges, removed
- ``text_layer``, ``scanned``: whether a page needs OCR; OCR settings and the results put on the pages
- ``ocr``, ``tesseract``, ``ocr_text``, ``image_boxes``, ``ocr_cache``: Tesseract on page images, in threads
- ``mailfiles``: .eml, .mbox and .msg files
- ``headers``, ``dates``: printed header blocks and their dates
- ``splitter``, ``quoted``: a production's pages split into messages; quoted history
- ``rows``, ``confidence``, ``redaction_marks``: the tables' rows; how far a header can be trusted; redaction marks
- ``same_message``, ``dedupe``: duplicates and messages rebuilt from quotes
- ``assemble``, ``report``: the release's tables, written in batches; the ingest report
- ``overview``, ``answer_key``: how well a release was read
"""

from lib.ingest.release import Ingest, ingest, read_messages, read_pages

__all__ = ["Ingest", "ingest", "read_messages", "read_pages"]
