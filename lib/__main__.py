"""Command line: ``python -m lib build --raw DIR --out DIR``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from lib.core.paths import SAMPLE_PROCESSED, SAMPLE_RAW, display


def _build(args: argparse.Namespace) -> int:
    from lib.core.profile import use_release_profile

    use_release_profile(args.raw)
    from lib.core.models import ModelNotInstalled
    from lib.pipeline.build import BuildError, build

    try:
        result = build(args.raw, args.out, password=args.password, progress=not args.quiet, strict=args.strict,
                       workers=args.workers, scheduler=args.scheduler, force_ocr=args.force_ocr,
                       ocr=not args.no_ocr)
    except (BuildError, ModelNotInstalled) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    totals = result.report["totals"]
    print(f"{display(args.raw)} -> {display(args.out)}: {totals['files_read']}/{totals['files']} files read "
          f"({result.reused_files} unchanged, reused), {totals['pages']} pages, {totals['messages']} messages "
          f"({totals['duplicates']} duplicates, {totals['reconstructed']} reconstructed from quotes), "
          f"{totals['pages_not_parsed']} pages not parsed, {totals['files_failed']} files failed; "
          f"manifest {result.report['manifest']['status']}")
    for entry in result.report["files"]:
        if entry["status"] != "read":
            print(f"  {entry['status']}: {entry['file']}: {entry['reason']}", file=sys.stderr)
    return 0


def _notebooks(args: argparse.Namespace) -> int:
    from lib.core.profile import use_release_profile

    use_release_profile(args.release)
    from lib.pipeline.runner import run_all

    for page in run_all(args.release, args.processed, args.out):
        print(f"wrote {display(page)}")
    return 0


def _sample(args: argparse.Namespace) -> int:
    if args.print_styles:
        return _print_styles(args)
    from lib.sample import generate

    options = {"scale": args.scale, "profile": args.profile} | ({"seed": args.seed} if args.seed is not None else {})
    summary = generate(args.out, args.truth, **options)
    print(summary)
    return 0


def _print_styles(args: argparse.Namespace) -> int:
    import json

    from lib.sample.print_styles import generate_print_styles

    options = {"ocr": not args.no_ocr} | ({"seed": args.seed} if args.seed is not None else {})
    print(json.dumps(generate_print_styles(args.print_styles, **options), indent=1))
    return 0


def _review_sample(args: argparse.Namespace) -> int:
    from pathlib import Path

    import pandas as pd

    from lib.evidence import QUERIES
    from lib.evidence.review import MESSAGE_COLUMNS, review_sample
    from lib.language import load_lexicon
    from lib.pipeline.build import load_table

    if Path(args.out).exists() and not args.force:
        print(f"error: {display(args.out)} exists and may hold labels; pass --force to replace it", file=sys.stderr)
        return 2
    findings = [*QUERIES, *load_lexicon().categories]
    messages = load_table(args.processed, "messages", columns=MESSAGE_COLUMNS)
    pages = load_table(args.processed, "pages", columns=["source_file", "page", "bates"])
    form = review_sample(messages, seed=args.seed, size=args.size, pages=pages, findings=findings)
    if args.answer_key:
        form = _fill_from_answer_key(form, messages, args.answer_key, findings)
    if args.by_hand:
        form = _merge_by_hand(form, args.by_hand)
    form.to_csv(args.out, index=False)
    by_stratum = form.groupby(["direction", "period"]).size()
    print(f"{len(form)} messages to label written to {display(args.out)} (seed {args.seed}); per stratum:\n"
          + pd.DataFrame({"messages": by_stratum}).to_string())
    return 0


def _profile_check(args: argparse.Namespace) -> int:
    from lib.core.profile_check import check_profile

    folder = _profile_folder(args.folder)
    problems = check_profile(folder)
    for problem in problems:
        print(problem)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"{display(folder)}: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
          + ("" if errors else "; the profile can be used"))
    return 1 if errors else 0


def _profile_new(args: argparse.Namespace) -> int:
    from lib.core.profile import PROFILES
    from lib.core.profile_check import new_profile

    folder = Path(args.dir) if args.dir else PROFILES / args.name
    try:
        written = new_profile(folder, args.name)
    except FileExistsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {display(path)}")
    print(f"Fill them in, then run `python -m lib profile check {display(folder)}`.")
    return 0


def _profile_folder(given: str) -> Path:
    """A profile named by folder, or by name under lib/reference/profiles."""
    from lib.core.profile import PROFILES

    path = Path(given)
    return path if path.exists() or not (PROFILES / given).is_dir() else PROFILES / given


def _merge_by_hand(form, path: str):
    import pandas as pd

    from lib.evidence.review import merge_by_hand

    return merge_by_hand(form, pd.read_csv(path, dtype=str, keep_default_na=False))


def finder_ids(processed, names) -> dict[str, set[str]]:
    """The message ids each named finder counts on a release, as notebooks 04 and 06 count them: a lexicon
    category's messages with a hit in the sender's own words, an evidence query's messages."""
    from lib import evidence, language
    from lib.evidence.review import found_ids
    from lib.notebook_kit import open_release

    names = list(names)
    release = open_release(processed, None)
    categories = [n for n in names if n in language.load_lexicon().categories]
    queries = [n for n in names if n in evidence.QUERIES]
    unknown = sorted(set(names) - set(categories) - set(queries))
    if unknown:
        raise ValueError(f"unknown finding(s) {unknown}")
    found: dict[str, set[str]] = {}
    if categories:
        messages = release.table("messages", without=("quoted",))
        pages = release.table("pages", columns=["source_file", "page", "bates"])
        reviewed = language.review(release.table("language_hits"), messages, pages=pages,
                                   senders=language.sender_groups(messages))
        counted = found_ids(reviewed[reviewed["counted"]], "category", names=categories)
        found |= {n: counted[n] for n in categories}
    if queries:
        records = evidence.Records.load(release.processed)
        found |= {n: set(evidence.run_query(n, records)["message_id"].astype(str)) for n in queries}
    return found


def _review_extend(args: argparse.Namespace) -> int:
    from pathlib import Path

    import pandas as pd

    from lib.evidence import QUERIES
    from lib.evidence.review import MESSAGE_COLUMNS, extend_sample, population
    from lib.language import load_lexicon
    from lib.pipeline.build import load_table

    findings = [*QUERIES, *load_lexicon().categories]
    names = [n.strip() for n in args.oversample.split(",") if n.strip()]
    messages = load_table(args.processed, "messages", columns=MESSAGE_COLUMNS)
    pages = load_table(args.processed, "pages", columns=["source_file", "page", "bates"])
    form = pd.read_csv(args.labels, dtype=str, keep_default_na=False)
    found = finder_ids(args.processed, names)
    flagged = set().union(*found.values())
    try:
        out = extend_sample(form, population(messages, pages), flagged, rate=args.rate, seed=args.seed,
                            findings=findings)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    new = ~out["message_id"].isin(form["message_id"])
    if args.answer_key:
        out.loc[new] = _fill_from_answer_key(out.loc[new], messages, args.answer_key, findings)
    if args.by_hand:  # the new rows: the rows already in the file keep the labels they have
        out.loc[new] = _merge_by_hand(out.loc[new], args.by_hand)
    out.to_csv(Path(args.labels), index=False)
    print(f"{int(new.sum())} messages flagged by {', '.join(names)} added to {display(args.labels)} "
          f"(seed {args.seed}, rate {args.rate}); {len(flagged)} flagged in the release, "
          f"{int(out['stratum'].str.endswith(' · flagged').sum())} of them now in the sample")
    return 0


def _fill_from_answer_key(form, messages, truth_path: str, findings: list[str]):
    """Labels from a generated release's answer key (``lib.sample.review_key``), matched to the processed rows."""
    import json
    from pathlib import Path

    from lib.sample.matching import match_messages
    from lib.sample.review_key import LABELLER, truth_labels, truth_note

    truth = json.loads(Path(truth_path).read_text(encoding="utf-8"))
    truth_ids = dict(zip(messages["message_id"], match_messages(messages, truth)))
    labels = truth_labels(truth, findings)
    records = {r["truth_id"]: r for r in truth["messages"]}
    form = form.copy()
    for i, message_id in form["message_id"].items():
        truth_id = truth_ids.get(message_id)
        if truth_id is None:
            form.at[i, "notes"] = "not in the answer key"
            continue
        for finding, value in labels[truth_id].items():
            form.at[i, finding] = "" if value is None else str(value)
        form.at[i, "labeller"], form.at[i, "notes"] = LABELLER, truth_note(records[truth_id])
    return form


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build processed tables from a release folder")
    build.add_argument("--raw", default=str(SAMPLE_RAW), help="release folder or file (default: the sample)")
    build.add_argument("--out", default=str(SAMPLE_PROCESSED), help="output folder for the processed tables")
    build.add_argument("--password", default=None, help="password for encrypted PDFs in the release")
    build.add_argument("--strict", action="store_true",
                       help="exit non-zero when any file fails, any page is not parsed or the manifest differs")
    build.add_argument("--quiet", action="store_true", help="no progress bars")
    build.add_argument("--force-ocr", action="store_true", help="OCR every page, even with a text layer")
    build.add_argument("--no-ocr", action="store_true", help="do not OCR pages without a text layer")
    build.add_argument("--workers", type=int, default=None, help="local worker processes (default: every core)")
    build.add_argument("--scheduler", default=None,
                       help="run on Dask: 'local' for a cluster on this machine, or a scheduler address")
    build.set_defaults(run=_build)

    notebooks = commands.add_parser("notebooks", help="run every notebook against a release and export HTML")
    notebooks.add_argument("--release", default=str(SAMPLE_RAW))
    notebooks.add_argument("--processed", default=str(SAMPLE_PROCESSED))
    notebooks.add_argument("--out", default=None, help="report folder (default: reports/<release name>)")
    notebooks.set_defaults(run=_notebooks)

    sample = commands.add_parser("sample", help="regenerate the synthetic sample release")
    sample.add_argument("--out", default=str(SAMPLE_RAW))
    sample.add_argument("--truth", default="tests/data/sample_truth.json")
    sample.add_argument("--seed", type=int, default=None)
    sample.add_argument("--scale", type=float, default=1.0)
    sample.add_argument("--profile", default=None,
                        help="jurisdiction profile whose agencies, places, offences and time zone the release uses "
                             "(default: the default profile; a profile needs a sample.yaml in its folder)")
    sample.add_argument("--print-styles", metavar="OUT_DIR", default=None,
                        help="instead, write the print-style release (layouts of other productions) and its "
                             "answer key to OUT_DIR")
    sample.add_argument("--no-ocr", action="store_true",
                        help="with --print-styles: leave out the Tesseract-OCR'd rendition")
    sample.set_defaults(run=_sample)

    review = commands.add_parser("review", help="the review loop: messages to label by hand")
    review_commands = review.add_subparsers(dest="review_command", required=True)
    review_sample = review_commands.add_parser(
        "sample", help="write a seeded sample of messages, stratified by direction and period, to label")
    review_sample.add_argument("--processed", default=str(SAMPLE_PROCESSED), help="processed tables of the release")
    review_sample.add_argument("--out", required=True, help="labelling CSV to write (e.g. <release>/review_labels.csv)")
    review_sample.add_argument("--seed", type=int, default=2019)
    review_sample.add_argument("--size", type=int, default=200, help="messages to sample")
    review_sample.add_argument("--answer-key", default=None,
                               help="a generated release's answer key (tests/data/sample_truth.json): fill the "
                                    "labels from it instead of leaving them blank")
    review_sample.add_argument("--force", action="store_true", help="replace an existing labels file")
    review_sample.add_argument("--by-hand", default=None,
                               help="a CSV of labels read by hand (message_id, finding columns, notes) to fill "
                                    "into the cells the answer key leaves blank")
    review_sample.set_defaults(run=_review_sample)
    review_extend = review_commands.add_parser(
        "extend", help="add a seeded draw of the messages some finders flag (rare findings) to a labels file")
    review_extend.add_argument("--processed", default=str(SAMPLE_PROCESSED), help="processed tables of the release")
    review_extend.add_argument("--labels", required=True, help="labels file to extend in place")
    review_extend.add_argument("--oversample", required=True,
                               help="comma-separated findings whose flagged messages are oversampled")
    review_extend.add_argument("--rate", type=float, default=1.0,
                               help="share of each flagged stratum to have labelled (default 1: all of it)")
    review_extend.add_argument("--seed", type=int, default=2020)
    review_extend.add_argument("--answer-key", default=None, help="fill the new rows' labels from this answer key")
    review_extend.add_argument("--by-hand", default=None, help="labels read by hand to fill in (as for sample)")
    review_extend.set_defaults(run=_review_extend)

    profile = commands.add_parser("profile", help="the jurisdiction profile: check one, or start a new one")
    profile_commands = profile.add_subparsers(dest="profile_command", required=True)
    profile_check = profile_commands.add_parser(
        "check", help="report missing or inconsistent entries of a profile (exit 1 on any error)")
    profile_check.add_argument("folder", help="the profile's folder, or its name (a folder of lib/reference/profiles)")
    profile_check.set_defaults(run=_profile_check)
    profile_new = profile_commands.add_parser("new", help="write a commented skeleton profile to fill in")
    profile_new.add_argument("name", help="the profile's name, e.g. cook-county")
    profile_new.add_argument("--dir", default=None, help="folder to write (default: lib/reference/profiles/NAME)")
    profile_new.set_defaults(run=_profile_new)

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
