"""Ingest: a release's files (PDF productions, scans, .eml/.mbox/.msg, zips) -> pages, messages and a report.

``read_messages``, ``read_pages`` and ``ingest`` (``lib.ingest.release``) are the public API; the modules
below do one step each.

- ``pdf``, ``ocr``, ``layout``: a page's text, from its text layer or from Tesseract, placed by position
- ``mailfiles``: .eml, .mbox and .msg files
- ``headers``, ``dates``: printed header blocks and their dates
- ``splitter``, ``quoted``: a production's pages split into messages; quoted history
- ``same_message``, ``dedupe``: duplicates and messages rebuilt from quotes
- ``assemble``: the release's tables, written in batches
- ``overview``, ``answer_key``: how well a release was read
"""

from lib.ingest.release import Ingest, ingest, read_messages, read_pages

__all__ = ["Ingest", "ingest", "read_messages", "read_pages"]
