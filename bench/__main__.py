"""``python -m bench``: print speed figures for the build stages on the sample release."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from lib.ingest import ingest_file, release_files
from lib.paths import SAMPLE_RAW, display

RESULTS = Path(__file__).parent / "results.md"


def ingest_speed(raw: Path, repeats: int = 3) -> dict:
    """Pages per second of the text-layer ingest, on one core, without the cache."""
    pdfs = [p for p in release_files(raw) if p.suffix.lower() == ".pdf"]
    best = float("inf")
    pages = 0
    for _ in range(repeats):
        start = time.perf_counter()
        pages = sum(ingest_file(p, p.name).report.get("pages", 0) for p in pdfs)
        best = min(best, time.perf_counter() - start)
    return {"pages": pages, "seconds": best, "pages_per_second": pages / best if best else 0.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--raw", default=str(SAMPLE_RAW))
    args = parser.parse_args(argv)
    raw = Path(args.raw)
    lines = [f"# Benchmark results ({display(raw)})", ""]
    figures = ingest_speed(raw)
    lines.append(f"- ingest (text layer, one core): {figures['pages']} pages in {figures['seconds']:.2f} s = "
                 f"**{figures['pages_per_second']:.0f} pages/s**")
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
