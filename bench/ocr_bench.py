"""OCR throughput: lib.ingest.ocr against bare tesseract processes on the same pages.

Builds a release of printed email, scans it with ``lib.sample.scan.scan_pdf``
(or takes the scanned PDF given with ``--pdf``), then measures pages per second for

- bare ``tesseract`` on pre-rendered PNGs, with 1 and with all cores' worth of
  parallel processes (one Tesseract thread each): the practical limit;
- ``lib.ingest.ocr.ocr_pdf_pages`` with the same numbers of workers, from the PDF
  (rendering included) with an empty cache (``--no-cache``: no cache at all);
- ``ocr_pdf_pages`` again on the warm cache, which should read nothing
  (not with ``--no-cache``).

Other processes on the machine make wall times noisy, so each measurement is
repeated (alternating bare and lib.ingest.ocr) and the best run is reported, with the
CPU seconds per page, which contention barely moves.

Usage: ``.venv/bin/python bench/ocr_bench.py [--pages 20 | --pdf SCANNED.pdf] [--dpi 300] [--workers N]
[--repeat 3] [--no-cache] [--no-bare] [--no-single]``
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from lib.ingest.ocr import default_workers, ocr_pdf_pages, tesseract_command, tesseract_version
from lib.sample.scan import scan_pdf

WORDS = (
    "officer detainer request custody release county jail booking warrant immigration notice "
    "agent supervisor please confirm schedule transfer hearing records charge report arrest "
    "the a of to for on with from by at is was will be has been we our your please"
).split()


NAMES = ("Ana Ruiz", "Tom Kelly", "Li Wei")
DAYS = ("Monday", "Tuesday", "Friday")


def write_email_pdf(path: Path, pages: int, seed: int = 7) -> None:
    """A printed-email production: header block, a body of varying length, Bates footer."""
    rng = random.Random(seed)
    sheet = canvas.Canvas(str(path), pagesize=letter)
    for index in range(pages):
        y = 740
        header = [
            ("From:", f"Officer {rng.choice(NAMES)} <badge{rng.randint(100, 999)}@bpd.example.gov>"),
            ("Sent:", f"{rng.choice(DAYS)}, March {rng.randint(1, 28)}, 2023 "
                      f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} PM"),
            ("To:", "ERO Duty Officer <ero.duty@ice.dhs.example>"),
            ("Subject:", f"RE: Detainer request {rng.randint(1000, 9999)}"),
        ]
        for label, value in header:
            sheet.setFont("Helvetica-Bold", 11)
            sheet.drawString(72, y, label)
            sheet.setFont("Helvetica", 11)
            sheet.drawString(130, y, value)
            y -= 15
        y -= 15
        for _ in range(rng.randint(8, 38)):
            sheet.drawString(72, y, " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))).capitalize() + ".")
            y -= 15
        sheet.setFont("Helvetica", 9)
        sheet.drawRightString(540, 40, f"BPD-ICE-{index + 1:06d}")
        sheet.showPage()
    sheet.save()


def render_pngs(pdf: Path, folder: Path, dpi: int) -> list[Path]:
    """The pages as the greyscale images lib.ingest.ocr renders, saved as PNG for bare tesseract."""
    document = pdfium.PdfDocument(str(pdf))
    paths = []
    for index in range(len(document)):
        path = folder / f"page-{index + 1:04d}.png"
        document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L").save(path, dpi=(dpi, dpi))
        paths.append(path)
    document.close()
    return paths


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (workers and their tesseracts)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bare_tesseract(pngs: list[Path], processes: int, dpi: int, out: Path) -> float:
    """Seconds for plain ``tesseract in out`` over all PNGs, ``processes`` at a time."""
    command = tesseract_command()
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def run(png: Path) -> None:
        subprocess.run(
            [command, str(png), str(out / png.stem), "-l", "eng", "--dpi", str(dpi)],
            check=True, capture_output=True, env=environment,
        )

    started = time.perf_counter()
    with ThreadPoolExecutor(processes) as pool:
        list(pool.map(run, pngs))
    return time.perf_counter() - started


def library(pdf: Path, pages: list[int], workers: int, dpi: int, cache: Path | None) -> tuple[float, dict]:
    """Seconds for ``ocr_pdf_pages`` and its results."""
    started = time.perf_counter()
    results = ocr_pdf_pages(pdf, pages, cache_dir=cache, dpi=dpi, workers=workers, progress=False)
    seconds = time.perf_counter() - started
    failed = {page: result.error for page, result in results.items() if result.error}
    if failed:
        sys.exit(f"OCR failed on pages: {failed}")
    return seconds, results


def timed(run) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of ``run()``, which returns its own wall seconds."""
    cpu = cpu_seconds()
    wall = run()
    return wall, cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20, help="pages of the generated release")
    parser.add_argument("--pdf", type=Path, help="read this scanned PDF instead of generating one")
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-cache", action="store_true", help="time lib.ingest.ocr with no OCR cache at all")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare tesseract runs")
    parser.add_argument("--no-single", action="store_true", help="time --workers only, not also 1")
    arguments = parser.parse_args()
    dpi = arguments.dpi

    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as work:
        work = Path(work)
        if arguments.pdf:
            scanned_pdf = arguments.pdf.resolve()
        else:
            text_pdf, scanned_pdf = work / "printed.pdf", work / "scanned.pdf"
            write_email_pdf(text_pdf, arguments.pages)
            scan_pdf(text_pdf, scanned_pdf, seed=1)
        (work / "png").mkdir()
        (work / "out").mkdir()
        pngs = [] if arguments.no_bare else render_pngs(scanned_pdf, work / "png", dpi)
        n = len(pdfium.PdfDocument(str(scanned_pdf)))
        pages = list(range(1, n + 1))
        print(f"{tesseract_version()}; {scanned_pdf.name}: {n} scanned pages at {dpi} dpi; "
              f"{default_workers()} cores available; cache: {'none' if arguments.no_cache else 'empty'}; "
              f"best of {arguments.repeat}")

        print(f"{'processes':>9} {'bare p/s':>9} {'lib.ingest.ocr p/s':>12} {'ratio':>6}   "
              f"{'bare cpu s/page':>15} {'lib.ingest.ocr cpu s/page':>18}")
        counts = {arguments.workers} if arguments.no_single else {1, arguments.workers}
        cache = None
        for processes in sorted(counts):
            bare_runs, our_runs = [], []
            for attempt in range(arguments.repeat):
                if not arguments.no_bare:
                    bare_runs.append(timed(lambda: bare_tesseract(pngs, processes, dpi, work / "out")))
                cache = None if arguments.no_cache else work / f"cache-{processes}-{attempt}"
                our_runs.append(timed(lambda: library(scanned_pdf, pages, processes, dpi, cache)[0]))
            our_wall, our_cpu = min(our_runs)
            if bare_runs:
                bare_wall, bare_cpu = min(bare_runs)
                print(f"{processes:>9} {n / bare_wall:>9.2f} {n / our_wall:>12.2f} {bare_wall / our_wall:>6.2f}   "
                      f"{bare_cpu / n:>15.3f} {our_cpu / n:>18.3f}")
            else:
                print(f"{processes:>9} {'-':>9} {n / our_wall:>12.2f} {'-':>6}   {'-':>15} {our_cpu / n:>18.3f}")

        if cache is None:
            return
        rerun, results = library(scanned_pdf, pages, processes, dpi, cache)
        cached = sum(result.cached for result in results.values())
        confidences = [r.confidence for r in results.values() if r.confidence is not None]
        print(f"mean word confidence: {sum(confidences) / len(confidences):.1f}")
        print(f"rerun on the warm cache: {rerun:.2f} s, {cached}/{n} pages from the cache")
        if cached != n:
            sys.exit("the rerun OCR'd pages that were already cached")


if __name__ == "__main__":
    main()
