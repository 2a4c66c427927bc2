"""Command line: python -m lib.sample --out DIR [--truth FILE] [--scale X] [--seed N]"""

from __future__ import annotations

import argparse
import json

from .generator import DEFAULT_SEED, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.sample", description=__doc__)
    parser.add_argument("--out", default="data/raw/sample", help="release folder to write")
    parser.add_argument("--truth", default=None, help="where to write the ground-truth JSON")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply messages and pages (10, 100 for benchmarks)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    summary = generate(args.out, args.truth, seed=args.seed, scale=args.scale)
    keys = ("pages", "pages_by_file", "messages", "threads", "printings", "duplicates", "quoted_only",
            "subjects_mentioned", "print_styles", "phrases", "decoys", "scanned_pages",
            "messages_scanned")
    print(json.dumps({k: summary[k] for k in keys}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
