"""Read page images with Tesseract: in parallel, cached, with honest confidence.

Records releases are often printed, scanned and returned as image-only PDFs.
``lib.ingest.text_layer`` decides whether a page's text layer is usable
(``needs_ocr``); this module reads the pages that are not (``ocr_pdf_pages``).

How the work is split, and why:

- Pages are read by a pool of threads in the caller's process, not by worker
  processes. A worker process started with "spawn" re-imports the caller's main
  module, so a plain script without an ``if __name__ == "__main__":`` guard
  would run again in every worker; a thread starts nothing but Tesseract.
- The slow part runs outside Python anyway: each thread runs one
  single-threaded ``tesseract`` process at a time (``OMP_THREAD_LIMIT=1``):
  Tesseract's own threads, on top of one process per core, oversubscribe the
  CPU and slow it by several times. Hashing the image and measuring black boxes
  (numpy) also run in the threads.
- pdfium is not thread-safe, not even on different documents, so every pdfium
  call (open, render, close) holds ``lib.ingest.pdf.PDFIUM_LOCK``: pages are rendered
  one at a time, which is a small share of a page's time next to Tesseract.
  Each PDF is opened once per run and closed after its last page is rendered.
- The caller holds at most ``workers`` page images at a time (about 8 MB each at
  300 dpi). A page that fails, or whose Tesseract outlives ``timeout``, comes
  back with ``error`` set; the other pages are still read.
- One ``tesseract`` run writes the TSV of words with their boxes and
  confidences; the page text is rebuilt from it, line by line.
- The image goes to Tesseract as uncompressed BMP: compressing a 300 dpi page to
  PNG costs up to a quarter of the time of reading it, and Leptonica reads BMP
  faster than PGM.
- Solid black boxes (redactions) are measured on the same image, so the caller
  can count redactions on scanned pages without keeping the image.
- Results are cached by the rendered image's hash plus every setting that
  changes the output (language, dpi, Tesseract version, its language data,
  extra arguments), so rereading a release, or a reordered copy of it, costs a
  render and a hash per page.

The parts: ``tesseract`` (the program, its language data, one run on one
image), ``ocr_text`` (the page text rebuilt from Tesseract's TSV),
``image_boxes`` (black boxes on the image), ``ocr_cache`` (the cache); this
module runs the pool of threads that renders the pages and reads them.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from tqdm.auto import tqdm

from lib.ingest.image_boxes import black_boxes
from lib.ingest.ocr_cache import CACHE_DIRNAME, CACHE_FORMAT, _cache_file, _load_cached, _store
from lib.ingest.pdf import PDFIUM_LOCK
from lib.ingest.tesseract import (
    TesseractNotInstalled,
    _language_data_fingerprint,
    _run_tesseract,
    _Settings,
    _version_of,
    tesseract_command,
    tesseract_version,
)


@dataclass(frozen=True)
class PageOCR:
    """What OCR read on one page.

    ``confidence`` is Tesseract's mean word confidence (0-100) over the words it
    scored; None when it found no words or the page failed. ``seconds`` is the
    wall time spent on the page in this run (render and hash only, when
    ``cached``). ``error`` says why a page has no text; such pages are not cached.

    ``redactions`` counts solid black boxes on the page image and
    ``redacted_share`` is the share of the page they cover; None when the page
    could not be rendered. Words Tesseract "reads" inside a black box are
    dropped from ``text`` and from the confidence.
    """

    text: str
    confidence: float | None
    seconds: float
    cached: bool
    error: str | None = None
    redactions: int | None = None
    redacted_share: float | None = None


def default_workers() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ocr_pdf_pages(
    pdf_path: str | Path,
    pages: Iterable[int],
    *,
    cache_dir: str | Path | None,
    lang: str = "eng",
    dpi: int = 300,
    config: str = "",
    workers: int | None = None,
    timeout: float = 120,
    progress: bool = True,
    refresh: bool = False,
    password: str | None = None,
) -> dict[int, PageOCR]:
    """OCR ``pages`` (1-based) of ``pdf_path``; returns ``{page: PageOCR}`` in the order given.

    ``cache_dir`` holds one small JSON file per page read (pass
    ``processed_dir / CACHE_DIRNAME``; None disables the cache). ``refresh``
    ignores cached results and reads the pages again. ``config`` is passed to
    tesseract as extra arguments (e.g. ``"--psm 6"``). ``workers`` defaults to
    the cores available. A page whose OCR takes longer than ``timeout`` seconds
    (0 or None: no limit), or that fails, comes back with ``error`` set; the
    other pages are still read.

    Raises ``TesseractNotInstalled`` before any work when tesseract or the
    language data is missing.
    """
    passwords = {pdf_path: password} if password is not None else None
    return ocr_pdfs(
        {pdf_path: pages}, cache_dir=cache_dir, lang=lang, dpi=dpi, config=config, workers=workers,
        timeout=timeout, progress=progress, refresh=refresh, passwords=passwords,
    )[pdf_path]


def ocr_pdfs(
    pages_by_pdf: Mapping[str | Path, Iterable[int]],
    *,
    cache_dir: str | Path | None,
    lang: str = "eng",
    dpi: int = 300,
    config: str = "",
    workers: int | None = None,
    timeout: float = 120,
    progress: bool = True,
    refresh: bool = False,
    passwords: Mapping[str | Path, str] | None = None,
) -> dict[str | Path, dict[int, PageOCR]]:
    """``ocr_pdf_pages`` for several files at once: ``{pdf: {page: PageOCR}}``, keyed as given.

    One pool of threads serves all the files, so Tesseract stays busy across
    the ends of short files.
    """
    jobs = [(pdf, page) for pdf, pages in pages_by_pdf.items() for page in dict.fromkeys(pages)]
    results: dict[str | Path, dict[int, PageOCR]] = {pdf: {} for pdf in pages_by_pdf}
    if not jobs:
        return results
    command = tesseract_command()
    settings = _Settings(
        tesseract=command,
        tesseract_version=_version_of(command),
        language_data=_language_data_fingerprint(command, lang),
        lang=lang,
        dpi=dpi,
        config=config,
        timeout=timeout,
        cache_dir=str(Path(cache_dir).resolve()) if cache_dir is not None else None,
        refresh=refresh,
    )
    passwords = passwords or {}
    sources = {pdf: _Source(str(Path(pdf).resolve()), passwords.get(pdf)) for pdf in pages_by_pdf}
    documents = _OpenDocuments(Counter(sources[pdf] for pdf, _ in jobs))
    workers = max(1, min(workers or default_workers(), len(jobs)))
    done: dict[tuple[str | Path, int], PageOCR] = {}
    cached = 0
    label = Path(next(iter(pages_by_pdf))).name if len(pages_by_pdf) == 1 else f"{len(pages_by_pdf)} files"
    bar = tqdm(total=len(jobs), desc=f"OCR {label}", unit="page", disable=not progress)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr")
    try:
        futures = {pool.submit(_read_page, settings, documents, sources[pdf], page): (pdf, page) for pdf, page in jobs}
        for future in as_completed(futures):
            result = done[futures[future]] = future.result()
            cached += result.cached
            bar.update(1)
            bar.set_postfix(cached=cached, refresh=False)
    except BaseException:
        # Interrupted (e.g. in Jupyter): drop the queued pages; a page already rendered finishes on its own.
        pool.shutdown(wait=False, cancel_futures=True)
        documents.close_all()
        raise
    finally:
        bar.close()
    pool.shutdown()
    documents.close_all()
    for pdf, page in jobs:
        results[pdf][page] = done[pdf, page]
    return results


# --- Reading one page (runs in the pool's threads) ---------------------------


@dataclass(frozen=True)
class _Source:
    """A PDF to read: its absolute path and password."""

    path: str
    password: str | None


class _OpenDocuments:
    """The PDFs of one run, each opened on its first page and closed after its last.

    Every pdfium call holds ``PDFIUM_LOCK``: pdfium may not be called from two
    threads at once, even on different documents.
    """

    def __init__(self, pages_left: Counter[_Source]):
        self._pages_left = pages_left
        self._open: dict[_Source, pdfium.PdfDocument] = {}
        self._closed = False

    def render(self, source: _Source, page: int, dpi: int) -> Image.Image:
        """Page ``page`` (1-based) as a greyscale image, which owns its pixels."""
        with PDFIUM_LOCK:
            if self._closed:
                raise RuntimeError("the OCR run was interrupted")
            document = self._open.get(source)
            if document is None:
                document = self._open[source] = pdfium.PdfDocument(source.path, password=source.password)
            if not 1 <= page <= len(document):
                raise ValueError(f"the file has {len(document)} pages")
            pdf_page = document[page - 1]
            try:
                bitmap = pdf_page.render(scale=dpi / 72, grayscale=True)
                try:
                    # A copy, so nothing pdfium owns outlives the lock (its finalizers would call pdfium).
                    return bitmap.to_pil().convert("L")
                finally:
                    bitmap.close()
            finally:
                pdf_page.close()

    def page_rendered(self, source: _Source) -> None:
        """Count a page of ``source`` as rendered (or failed); close the file after its last."""
        with PDFIUM_LOCK:
            self._pages_left[source] -= 1
            if self._pages_left[source] <= 0 and source in self._open:
                self._open.pop(source).close()

    def close_all(self) -> None:
        """Close every file; pages not rendered yet fail from now on."""
        with PDFIUM_LOCK:
            self._closed = True
            while self._open:
                self._open.popitem()[1].close()


def _read_page(settings: _Settings, documents: _OpenDocuments, source: _Source, page: int) -> PageOCR:
    started = time.perf_counter()
    try:
        image = documents.render(source, page, settings.dpi)
    except Exception as error:  # pdfium raises a bare PdfiumError for many causes
        return PageOCR("", None, time.perf_counter() - started, False, f"could not render page {page}: {error}")
    finally:
        documents.page_rendered(source)
    try:
        return _read_image(settings, image, started)
    except Exception as error:  # noqa: BLE001 - one page must not stop the others
        return PageOCR("", None, time.perf_counter() - started, False,
                       f"could not read page {page} ({type(error).__name__}: {error})")


def _read_image(settings: _Settings, image: Image.Image, started: float) -> PageOCR:
    """OCR a rendered page, or take its result from the cache."""
    cache_file = _cache_file(settings, image)
    if cache_file is not None and not settings.refresh:
        cached = _load_cached(cache_file)
        if cached is not None:
            return PageOCR(
                cached["text"], cached["confidence"], time.perf_counter() - started, True,
                redactions=cached["redactions"], redacted_share=cached["redacted_share"],
            )

    boxes = black_boxes(image, settings.dpi)
    redacted_share = round(sum((r - l) * (b - t) for l, t, r, b in boxes) / (image.width * image.height), 4)
    text, confidence, error = _run_tesseract(settings, image, boxes)
    seconds = time.perf_counter() - started
    if error is None and cache_file is not None:
        _store(cache_file, {
            "format": CACHE_FORMAT, "text": text, "confidence": confidence,
            "redactions": len(boxes), "redacted_share": redacted_share, "ocr_seconds": round(seconds, 3),
            "tesseract": settings.tesseract_version, "lang": settings.lang, "dpi": settings.dpi,
            "config": settings.config,
        })
    return PageOCR(text, confidence, seconds, False, error, len(boxes), redacted_share)


# Kept importable here: CACHE_DIRNAME, TesseractNotInstalled and tesseract_version (bench/ocr_bench.py).
__all__ = ["CACHE_DIRNAME", "PageOCR", "TesseractNotInstalled", "default_workers", "ocr_pdf_pages", "ocr_pdfs",
           "tesseract_command", "tesseract_version"]
