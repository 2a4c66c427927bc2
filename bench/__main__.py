"""``python -m bench``: speed and memory figures for the build, printed and written to bench/results.md.

Measured on the same inputs in one run:

- ingest pages/second (text layer, one core, no cache);
- printed messages found and fully right on the hand-labelled real FOIA pages and on the print-style
  corpus, beside the peer tool pdf2mbox (``bench/peer.py``);
- tagging words/second against bare ``nlp.pipe`` with the same model components;
- wall time and peak memory of a cold build, a warm rerun and the notebooks;
- the same figures for releases ``--scales`` times the sample (generated here), with the notebooks
  run on the larger releases' tables unless ``--skip-notebooks``.

These are measurements, not tests: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench import peer
from lib.core.paths import ROOT, SAMPLE_PROCESSED, SAMPLE_RAW, display
from lib.ingest.release import OcrSettings, ingest_file, release_files
from lib.sample.print_styles import generate_print_styles

RESULTS = Path(__file__).parent / "results.md"
REAL_PAGES = ROOT / "tests" / "data" / "real_world"


def ingest_speed(raw: Path, repeats: int = 3) -> dict:
    """Pages per second of the text-layer ingest, on one core, without the cache (OCR is measured apart)."""
    no_ocr = OcrSettings(enabled=False)
    pdfs = [p for p in release_files(raw) if p.suffix.lower() == ".pdf"]
    best, pages = float("inf"), 0
    for _ in range(repeats):
        start = time.perf_counter()
        results = [ingest_file(p, p.name, ocr=no_ocr) for p in pdfs]
        best = min(best, time.perf_counter() - start)
        pages = sum(not (row["reason"] or "").startswith("no usable text layer")
                    for result in results for row in result.pages)
    return {"pages": pages, "seconds": best, "pages_per_second": pages / best}


def tagging_speed(processed: Path) -> dict:
    """Words/second of the entity tagger and of bare nlp.pipe on the same message bodies."""
    from lib.entities.throughput import throughput_comparison

    messages = pd.read_parquet(processed / "messages.parquet")
    texts = [t for t in messages["body"].tolist() if t]
    return throughput_comparison(texts)


def measured(command: list[str]) -> dict:
    """Wall time and peak resident memory (MB) of one command run as a child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {process.stderr.read().decode()[-2000:]}")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024}


def build_figures(raw: Path, out: Path, workers: int) -> dict:
    """A cold build and a warm rerun of one release."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "lib", "build", "--raw", str(raw), "--out", str(out), "--quiet",
               "--workers", str(workers)]
    cold = measured(command)
    warm = measured(command)
    pages = len(pd.read_parquet(out / "pages.parquet", columns=["page"]))
    return {"pages": pages, "cold": cold, "warm": warm}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw", default=str(SAMPLE_RAW))
    parser.add_argument("--scales", default="10,100", help="comma-separated release sizes to generate")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-notebooks", action="store_true")
    args = parser.parse_args(argv)
    raw = Path(args.raw)
    lines = ["# Benchmark results", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
             f"Release: `{display(raw)}`. Regenerate with `make bench`.", ""]

    def emit(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    figures = ingest_speed(raw)
    emit(f"- **Ingest** (text-layer pages, one core, no cache; scanned pages skipped): {figures['pages']} pages "
         f"in {figures['seconds']:.2f} s "
         f"= **{figures['pages_per_second']:.0f} pages/s**. OCR speed: `python bench/ocr_bench.py`.")

    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        scratch = Path(scratch)
        emit("")
        emit("## Printed email as records offices release it: this toolkit and pdf2mbox")
        emit("")
        for line in peer.lines("Real NIH FOIA pages (65 pages, scanned and OCR'd; key labelled by hand)",
                               peer.compare(REAL_PAGES, REAL_PAGES / "nih_foia_key.csv")):
            emit(line)
        styles = scratch / "print-styles"
        generate_print_styles(styles)
        for line in peer.lines("Print-style corpus (`python -m lib sample --print-styles`; key written by the generator)",
                               peer.compare(styles, styles / "answer_key.csv")):
            emit(line)
        emit("")
        emit("## Build")
        emit("")
        sample = build_figures(raw, scratch / "sample", args.workers)
        emit(f"- **Build of the sample** ({sample['pages']} pages, {args.workers} workers): cold "
             f"{sample['cold']['seconds']:.1f} s, peak {sample['cold']['peak_mb']:.0f} MB; warm rerun "
             f"{sample['warm']['seconds']:.1f} s, peak {sample['warm']['peak_mb']:.0f} MB")

        speed = tagging_speed(scratch / "sample")
        emit(f"- **Tagging** ({speed['words']:,} words of message bodies, one process): tagger "
             f"{speed['tagged_words_per_s']:,.0f} words/s vs bare `nlp.pipe` "
             f"{speed['bare_words_per_s']:,.0f} words/s = **{speed['ratio']:.2f}x**")

        if not args.skip_notebooks:
            notebooks = measured([sys.executable, "-m", "lib", "notebooks", "--release", str(raw),
                                  "--processed", str(SAMPLE_PROCESSED), "--out", str(scratch / "report")])
            emit(f"- **Notebooks** (all, executed and exported): {notebooks['seconds']:.1f} s, "
                 f"peak {notebooks['peak_mb']:.0f} MB in the runner")

        for scale in [float(s) for s in args.scales.split(",") if s.strip()]:
            bigger = scratch / f"raw-{scale:g}x"
            subprocess.run([sys.executable, "-m", "lib", "sample", "--out", str(bigger), "--truth",
                            str(scratch / f"truth-{scale:g}.json"), "--scale", str(scale)],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            result = build_figures(bigger, scratch / f"out-{scale:g}x", args.workers)
            emit(f"- **Build at {scale:g}x the sample** ({result['pages']:,} pages): cold "
                 f"{result['cold']['seconds']:.1f} s ({result['pages'] / result['cold']['seconds']:.0f} pages/s "
                 f"end to end), peak {result['cold']['peak_mb']:.0f} MB "
                 f"({result['cold']['peak_mb'] / sample['cold']['peak_mb']:.2f}x the sample's); warm rerun "
                 f"{result['warm']['seconds']:.1f} s")
            if not args.skip_notebooks:
                scaled = measured([sys.executable, "-m", "lib", "notebooks", "--release", str(bigger),
                                   "--processed", str(scratch / f"out-{scale:g}x"),
                                   "--out", str(scratch / f"report-{scale:g}x")])
                emit(f"- **Notebooks at {scale:g}x**: {scaled['seconds']:.1f} s, peak {scaled['peak_mb']:.0f} MB "
                     f"({scaled['peak_mb'] / notebooks['peak_mb']:.2f}x the sample's)")
            shutil.rmtree(bigger, ignore_errors=True)

    RESULTS.write_text("\n".join(lines) + "\n")
    print(f"\nwritten to {display(RESULTS)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
