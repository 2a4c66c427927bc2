"""Read page images with Tesseract: in parallel, cached, with honest confidence.

Records releases are often printed, scanned and returned as image-only PDFs.
This module decides whether a page's text layer is usable (``needs_ocr``) and
reads the pages that are not (``ocr_pdf_pages``).

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
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from tqdm.auto import tqdm

from lib.ingest.layout import CELL_GAP, Word, page_text
from lib.ingest.pdf import PDFIUM_LOCK

#: Folder name for the OCR cache inside the processed-data folder.
CACHE_DIRNAME = ".ocr-cache"

#: Environment variable naming the tesseract program, when it is not on PATH.
TESSERACT_ENV = "TESSERACT_CMD"

#: Bump when the cached record or the way text is produced changes.
CACHE_FORMAT = 4

#: Fewer meaningful characters than this, once page furniture is removed, and a
#: text layer is treated as missing.
MIN_CHARS = 30

#: Below this share of ordinary characters a text layer is treated as garbage.
MIN_ORDINARY_SHARE = 0.8

#: Text that appears on pages without being their content: Bates numbers,
#: page numbers, production stamps.
PAGE_FURNITURE = (
    re.compile(r"\b[A-Z]{2,}(?:[-_ ][A-Z0-9]{2,})*[-_ ]?[0-9]{4,10}\b"),
    re.compile(r"\bpage\s+\d+(?:\s+of\s+\d+)?\b", re.IGNORECASE),
    re.compile(r"^\s*[-\u2013]?\s*\d{1,4}\s*[-\u2013]?\s*$", re.MULTILINE),
    re.compile(r"\b(?:CONFIDENTIAL|PRODUCED|PUBLIC RECORDS|FOIA)\b", re.IGNORECASE),
)

#: Placeholder some extractors (pdfminer, poppler) write for glyphs with no Unicode value.
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
_ORDINARY_PUNCTUATION = set(
    ".,;:!?'\"()[]{}-/\\@&%$#*+=<>_|~`^\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u00a7\u00b0"
)


class TesseractNotInstalled(RuntimeError):
    """Raised when the ``tesseract`` program (or a language it needs) is missing."""


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


def needs_ocr(
    text: str | None,
    *,
    min_chars: int = MIN_CHARS,
    furniture: Iterable[str | re.Pattern[str]] = (),
) -> bool:
    """Whether a page's text layer is unusable and the page should be OCR'd.

    True when the text is empty, holds only page furniture (Bates numbers, page
    numbers, production stamps, and any ``furniture`` patterns the caller adds,
    e.g. banners it found repeated on every page), or is mostly characters that
    do not occur in readable text (unmapped glyphs, private-use or control
    characters, symbol soup from a broken font encoding).
    """
    if not text:
        return True
    content = _UNMAPPED_GLYPH.sub("\ufffd", text)
    for pattern in (*PAGE_FURNITURE, *furniture):
        content = re.sub(pattern, " ", content)
    # Each distinct character is judged once: a page has thousands of characters but few distinct ones.
    counts = Counter(content)
    meaningful = {ch: n for ch, n in counts.items() if not ch.isspace()}
    if sum(n for ch, n in meaningful.items() if ch.isalnum()) < min_chars:
        return True
    ordinary = sum(n for ch, n in meaningful.items() if _is_ordinary(ch))
    return ordinary / sum(meaningful.values()) < MIN_ORDINARY_SHARE


def _is_ordinary(ch: str) -> bool:
    if ch in _ORDINARY_PUNCTUATION:
        return True
    # Letters of any script and digits; not private-use, unassigned or control characters.
    return unicodedata.category(ch)[0] in "LN"


def pages_to_ocr(page_texts: Mapping[int, str | None], *, force: bool = False, **needs_ocr_options) -> list[int]:
    """Pages (keys of ``page_texts``) to OCR: all of them when ``force``, else those ``needs_ocr``."""
    return [page for page, text in page_texts.items() if force or needs_ocr(text, **needs_ocr_options)]


def tesseract_command() -> str:
    """Path of the tesseract program; raises ``TesseractNotInstalled`` if there is none."""
    requested = os.environ.get(TESSERACT_ENV, "").strip()
    found = shutil.which(requested or "tesseract")
    if found:
        return found
    if requested:
        raise TesseractNotInstalled(f"{TESSERACT_ENV}={requested!r} is not an executable program.")
    raise TesseractNotInstalled(
        "OCR needs the tesseract program, which is not installed (or not on PATH). "
        "Install it with its English data: `apt-get install tesseract-ocr tesseract-ocr-eng` "
        "(Debian/Ubuntu), `brew install tesseract` (macOS), `conda install -c conda-forge tesseract`, "
        "or the UB Mannheim installer on Windows; or set "
        f"{TESSERACT_ENV} to the program's path."
    )


@lru_cache(maxsize=4)
def _version_of(command: str) -> str:
    completed = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=30)
    first_line = (completed.stdout or completed.stderr).strip().splitlines()
    if completed.returncode != 0 or not first_line:
        raise TesseractNotInstalled(f"{command} --version failed: {completed.stderr.strip()}")
    return first_line[0].strip()


def tesseract_version() -> str:
    """Tesseract's version line, e.g. ``'tesseract 5.3.0'``; part of every cache key."""
    return _version_of(tesseract_command())


@lru_cache(maxsize=4)
def _languages_of(command: str) -> tuple[Path | None, frozenset[str]]:
    """(tessdata folder, installed languages) as ``tesseract --list-langs`` reports them."""
    completed = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=30)
    heading, *names = completed.stdout.splitlines() or [""]
    # The heading reads: List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (2):
    folder = re.search(r'"(.+?)"', heading)
    return (Path(folder.group(1)) if folder else None), frozenset(name.strip() for name in names if name.strip())


def _language_data_fingerprint(command: str, lang: str) -> str:
    """Digest of the traineddata files ``lang`` uses: other models give other readings.

    Raises ``TesseractNotInstalled`` naming the package when a language is missing.
    """
    folder, installed = _languages_of(command)
    codes = lang.split("+")
    missing = [code for code in codes if code not in installed]
    if missing:
        packages = " ".join(f"tesseract-ocr-{code}" for code in missing)
        raise TesseractNotInstalled(
            f"Tesseract has no data for language(s) {', '.join(missing)}. "
            f"Install it, e.g. `apt-get install {packages}` (Debian/Ubuntu)."
        )
    digest = hashlib.sha256()
    for code in codes:
        model = folder / f"{code}.traineddata" if folder else None
        if model is not None and model.is_file():
            status = model.stat()
            digest.update(_file_digest(model, status.st_size, status.st_mtime_ns).encode())
        else:
            digest.update(code.encode())  # cannot see the file; the version and name must do
    return digest.hexdigest()[:16]


@lru_cache(maxsize=16)
def _file_digest(path: Path, size: int, mtime_ns: int) -> str:
    """sha256 of a file, computed once per (path, size, modification time)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def default_workers() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class _Settings:
    """Everything reading a page needs besides the file and page number."""

    tesseract: str
    tesseract_version: str
    language_data: str
    lang: str
    dpi: int
    config: str
    timeout: float
    cache_dir: str | None
    refresh: bool


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


def black_boxes(image: Image.Image, dpi: int) -> list[tuple[int, int, int, int]]:
    """Solid black rectangles on a greyscale page image, as (left, top, right, bottom) pixels.

    A box is dark ink at least a quarter inch wide and 0.08 inch tall: wider
    than any letter, taller than a rule or an underline, shorter than a line of
    text. Boxes touching the image's edge are scanner borders, not redactions.
    Dark photos or logos count too; there are few in printed email.
    """
    # Look at about 75 dpi: boxes stay black, text thins to grey, and it is ~16 times less work.
    factor = max(1, dpi // 75)
    small = image.reduce(factor) if factor > 1 else image
    scale = dpi / factor
    dark = np.asarray(small) < 80
    height, width = dark.shape
    min_width, min_height = 0.25 * scale, 0.08 * scale

    # Horizontal runs of dark pixels, row by row, keeping the long ones.
    padded = np.zeros((height, width + 2), np.int8)
    padded[:, 1:-1] = dark
    edges = np.diff(padded, axis=1)
    rows, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)
    long = ends - starts >= min_width

    # Stack runs that overlap the run above (allowing a row or two of noise) into boxes.
    growing: list[list[int]] = []
    finished: list[list[int]] = []
    for row, start, end in zip(rows[long].tolist(), starts[long].tolist(), ends[long].tolist()):
        still_growing = []
        for box in growing:
            (still_growing if box[3] >= row - 2 else finished).append(box)
        growing = still_growing
        for box in growing:
            if start < box[2] and end > box[0]:
                box[0], box[2], box[3] = min(box[0], start), max(box[2], end), row
                break
        else:
            growing.append([start, row, end, row])
    boxes = []
    for left, top, right, bottom in finished + growing:
        touches_edge = left == 0 or top == 0 or right >= width or bottom >= height - 1
        if bottom + 1 - top >= min_height and not touches_edge:
            boxes.append((left * factor, top * factor, right * factor, (bottom + 1) * factor))
    return sorted(boxes, key=lambda box: (box[1], box[0]))


def _cache_file(settings: _Settings, image: Image.Image) -> Path | None:
    if settings.cache_dir is None:
        return None
    image_hash = hashlib.sha256(image.tobytes()).hexdigest()
    key_source = json.dumps({
        "format": CACHE_FORMAT, "image": image_hash, "size": image.size, "mode": image.mode,
        "lang": settings.lang, "dpi": settings.dpi, "tesseract": settings.tesseract_version,
        "language_data": settings.language_data, "config": settings.config,
    }, sort_keys=True)
    key = hashlib.sha256(key_source.encode()).hexdigest()
    return Path(settings.cache_dir) / key[:2] / f"{key}.json"


def _load_cached(path: Path) -> dict | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # missing, or half-written by a killed run: read the page again
    return record if record.get("format") == CACHE_FORMAT else None


def _store(path: Path, record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a concurrent reader never sees half a file.
    partial = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.partial")
    partial.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


#: (left, top, right, bottom) in image pixels.
Box = tuple[int, int, int, int]


def _run_tesseract(settings: _Settings, image: Image.Image, boxes: list[Box]) -> tuple[str, float | None, str | None]:
    """(text, mean word confidence, error) from one tesseract run."""
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory(prefix="ocr-") as work:
        source = Path(work, "page.bmp")
        image.save(source, format="BMP")
        output = Path(work, "page")
        command = [
            settings.tesseract, str(source), str(output), "-l", settings.lang, "--dpi", str(settings.dpi),
            *shlex.split(settings.config), "tsv",
        ]
        try:
            completed = subprocess.run(
                command, capture_output=True, env=environment, timeout=settings.timeout or None,
            )
        except subprocess.TimeoutExpired:  # subprocess.run has killed tesseract
            return "", None, f"timed out after {settings.timeout:g} s"
        if completed.returncode != 0:
            message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
            return "", None, f"tesseract failed ({completed.returncode}): {message[-1] if message else 'no message'}"
        tsv = output.with_suffix(".tsv").read_text(encoding="utf-8")
    text, confidence = _text_and_confidence(tsv, boxes)
    return text, confidence, None


#: An address OCR split at the @ ("mlopez @ bpd.example.gov"): the gap is the font's, not the writer's.
_SPLIT_ADDRESS = re.compile(r"(?<=[\w.-]) ?@ ?(?=[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b)")


def _text_and_confidence(tsv: str, boxes: Iterable[Box] = ()) -> tuple[str, float | None]:
    """Page text rebuilt from the positions of Tesseract's words, and their mean confidence.

    Tesseract's own reading order splits a header printed as a two-column
    table into a column of labels and a column of values; ``lib.ingest.layout`` puts
    each label beside its value, as it does for a PDF's text layer. A blank
    line marks a vertical gap of more than a line's height. Confidence is the
    mean over words Tesseract scored (it writes -1 for non-word rows). Words
    centred inside a black box in ``boxes`` are dropped: what Tesseract finds
    there is noise.
    """
    rows = [row.split("\t") for row in tsv.splitlines()]
    if not rows:
        return "", None
    column = {name: index for index, name in enumerate(rows[0])}
    lines: dict[tuple[str, ...], list[Word]] = {}
    scores: list[float] = []
    for cells in rows[1:]:
        if len(cells) < len(column) or cells[column["level"]] != "5":
            continue
        text = cells[column["text"]].strip()
        if not text:
            continue
        left, top = int(cells[column["left"]]), int(cells[column["top"]])
        right, bottom = left + int(cells[column["width"]]), top + int(cells[column["height"]])
        middle_x, middle_y = (left + right) / 2, (top + bottom) / 2
        if any(l <= middle_x <= r and t <= middle_y <= b for l, t, r, b in boxes):
            continue
        key = tuple(cells[column[name]] for name in ("page_num", "block_num", "par_num", "line_num"))
        lines.setdefault(key, []).append(Word(text, left, top, right, bottom))
        confidence = float(cells[column["conf"]])
        if confidence >= 0:
            scores.append(confidence)
    if not lines:
        return "", None
    text = _SPLIT_ADDRESS.sub("@", page_text(_runs(lines.values()), blank_lines=True))
    confidence = round(sum(scores) / len(scores), 2) if scores else None
    return text, confidence


def _runs(lines: Iterable[list[Word]]) -> list[Word]:
    """Tesseract's lines as runs of words, cut where a wide gap parts two cells of a table.

    Tesseract groups a scanned page's words into lines, even on a skewed page
    where a long line drifts across its neighbours' heights; ``lib.ingest.layout``
    then only has to set the runs side by side.
    """
    runs: list[Word] = []
    for words in lines:
        words = sorted(words, key=lambda w: w.left)
        height = sorted(w.height for w in words)[len(words) // 2]
        group = [words[0]]
        for word in words[1:] + [None]:
            if word is not None and word.left - group[-1].right <= CELL_GAP * height:
                group.append(word)
                continue
            runs.append(Word(" ".join(w.text for w in group), group[0].left, min(w.top for w in group),
                             group[-1].right, max(w.bottom for w in group)))
            group = [word]
    return runs
