"""Command line: pseudonymise the processed tables, build the site, check it for leaks.

    python -m lib.publish pseudonymise --processed data/processed/sample --out data/public/sample
    python -m lib.publish site --report reports/sample --public data/public/sample \\
        --processed data/processed/sample --release data/raw/sample [--sample] [--page-images]
    python -m lib.publish scan --site reports/sample/site --processed data/processed/sample
    python -m lib.publish measure [--write]

``site`` checks the built site with the leak gate (the raw tables in ``--processed``, the independent
name detector and the identifier shapes; page images and PDFs read again by OCR) and exits non-zero,
listing every leak with its file and context, when any is found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lib.core.paths import SAMPLE_PROCESSED, SAMPLE_RAW, display


def _pseudonymise(args) -> int:
    from .pseudonymise import PublicationError, pseudonymise

    try:
        record = pseudonymise(args.processed, args.out, officials=args.officials,
                              allow_missing_entities=args.allow_missing_entities)
    except PublicationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    masked = ", ".join(f"{count} {kind}" for kind, count in record["masked"].items()) or "nothing"
    print(f"{display(args.processed)} -> {display(args.out)}: {record['private_people']} private people "
          f"pseudonymised, {record['officials_kept']} officials kept; masked {masked}")
    names, mentions = record["masked"].get("name", 0), record["official_mentions"]
    print(f"failing closed cost: {record['names_beyond_tagger']} of {names} names masked were found by the name "
          f"detector alone; {record['official_mentions_kept']} of {mentions} mentions of officials' names kept")
    return 0


def _site(args) -> int:
    from lib.ingest.tesseract import TesseractNotInstalled

    from .leaks import Gate, LeakError
    from .redaction import ReleaseRedaction
    from .site import build_site, is_sample_release

    sample = args.sample or is_sample_release(args.release)
    identifiers = (Gate.for_release(args.processed, officials=args.officials, release_dir=args.release)
                   if args.processed else None)
    # The raw tables decide what a public site's page images black out; a private site shows them as released.
    redaction = (ReleaseRedaction.for_release(args.processed, officials=args.officials)
                 if args.page_images and args.processed and Path(args.processed).resolve() != Path(args.public).resolve()
                 else None)
    try:
        site = build_site(args.report, args.public, args.release, sample=sample, identifiers=identifiers,
                          page_images=args.page_images, redaction=redaction)
    except LeakError as error:
        print(f"error: {error}\nThe site was NOT published; the rejected copy is in "
              f"{display(Path(args.report) / 'site-rejected')}.", file=sys.stderr)
        return 3
    except ValueError as error:  # page images asked of a public site with no raw tables to redact them by
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (TesseractNotInstalled, RuntimeError) as error:  # the page images could not be read back to check them
        print(f"error: {error}\nThe page images could not be checked, so the site was NOT published.",
              file=sys.stderr)
        return 3
    private = site.name != "site"
    print(f"wrote {display(site)}" + (" (NOT FOR PUBLICATION: built from raw tables)" if private else
                                       " (pseudonymised" + (", checked for leaks)" if identifiers else ")")))
    return 0


def _scan(args) -> int:
    from .leaks import Gate, scan_for_leaks

    leaks = scan_for_leaks(args.site, Gate.for_release(args.processed, officials=args.officials,
                                                       release_dir=args.release))
    for leak in leaks:
        print(leak)
    print(f"{len(leaks)} leak(s) in {display(args.site)}", file=sys.stderr)
    return 1 if leaks else 0


def _measure(args) -> int:
    import json

    from .adversarial import measure
    from .site import MEASURED

    figures = measure(args.people, args.seed)
    print(f"{figures['planted']} identifiers of {figures['people']} fictional people planted in "
          f"{figures['messages']} messages (seed {figures['seed']}); {figures['leaked']} survived masking without the "
          f"entity tagger (recall {figures['recall']:.2%}); officials' names kept: {figures['official_mentions_kept']} "
          f"of {figures['official_mentions']}")
    if args.write:
        MEASURED.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {display(MEASURED)}")
    return 0 if figures["leaked"] == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.publish", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    pseudo = commands.add_parser("pseudonymise", help="write pseudonymised copies of every processed table")
    pseudo.add_argument("--processed", default=str(SAMPLE_PROCESSED), help="the raw processed folder")
    pseudo.add_argument("--out", required=True, help="folder for the pseudonymised tables")
    pseudo.add_argument("--officials", default=None, help="CSV of public officials (default: lib/reference)")
    pseudo.add_argument("--allow-missing-entities", action="store_true",
                        help="test runs only: mask identifier shapes even without people/entities tables")
    pseudo.set_defaults(run=_pseudonymise)

    site = commands.add_parser("site", help="build reports/<release>/site and check it for leaks")
    site.add_argument("--report", required=True, help="report folder of the notebook run (reports/<release>)")
    site.add_argument("--public", required=True, help="the pseudonymised tables the notebooks ran on")
    site.add_argument("--processed", default=None, help="the RAW processed folder, to check the site for leaks")
    site.add_argument("--release", default=str(SAMPLE_RAW), help="the release folder")
    site.add_argument("--sample", action="store_true", help="label every page as synthetic sample data")
    site.add_argument("--officials", default=None)
    site.add_argument("--page-images", action="store_true",
                      help="show each PDF page's image beside its text; on a public site with private identifiers "
                           "blacked out (from the raw tables in --processed) and a redacted PDF of each file")
    site.set_defaults(run=_site)

    scan = commands.add_parser("scan", help="list identifiers of private people found in a folder")
    scan.add_argument("--site", required=True)
    scan.add_argument("--processed", required=True, help="the RAW processed folder")
    scan.add_argument("--officials", default=None)
    scan.add_argument("--release", default=None, help="the release folder (its claims file names speakers quoted)")
    scan.set_defaults(run=_scan)

    measure = commands.add_parser("measure", help="the masker's recall on the seeded adversarial release")
    measure.add_argument("--people", type=int, default=120, help="fictional people to plant (default 120)")
    measure.add_argument("--seed", type=int, default=None, help="the generator's seed (default: its own)")
    measure.add_argument("--write", action="store_true", help="record the figures the methodology page shows")
    measure.set_defaults(run=_measure)

    args = parser.parse_args(argv)
    from lib.core.profile import use_processed_profile, use_release_profile

    # The jurisdiction's officials, agencies and places decide what is publishable: read before any module.
    if getattr(args, "release", None):
        use_release_profile(args.release)
    elif getattr(args, "processed", None):
        use_processed_profile(args.processed)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
