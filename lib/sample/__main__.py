"""Command line: python -m lib.sample --out DIR [--truth FILE] [--scale X] [--seed N] [--profile NAME]

or, for the print-style release: python -m lib.sample --print-styles DIR [--seed N] [--no-ocr]
"""

from __future__ import annotations

import argparse
import json

from .generator import DEFAULT_SEED, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.sample", description=__doc__)
    parser.add_argument("--out", default="data/raw/sample", help="release folder to write")
    parser.add_argument("--truth", default=None, help="where to write the ground-truth JSON")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply messages and pages (10, 100 for benchmarks)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--profile", default=None, help="jurisdiction profile (default: the default profile)")
    parser.add_argument("--print-styles", metavar="DIR", default=None,
                        help="instead, write the print-style release and its answer key to DIR")
    parser.add_argument("--no-ocr", action="store_true", help="with --print-styles: no Tesseract-OCR'd rendition")
    args = parser.parse_args(argv)
    if args.print_styles:
        from .print_styles import generate_print_styles

        seed = {} if args.seed is None else {"seed": args.seed}
        print(json.dumps(generate_print_styles(args.print_styles, ocr=not args.no_ocr, **seed), indent=1))
        return 0
    if args.seed is None:
        args.seed = DEFAULT_SEED
    summary = generate(args.out, args.truth, seed=args.seed, scale=args.scale, profile=args.profile)
    keys = ("pages", "pages_by_file", "messages", "threads", "printings", "duplicates", "quoted_only",
            "subjects_mentioned", "print_styles", "phrases", "decoys", "scanned_pages",
            "messages_scanned")
    print(json.dumps({k: summary[k] for k in keys}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
