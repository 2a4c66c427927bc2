"""Generate the synthetic sample release and its answer key.

``generate`` builds the world (people), writes the threads (storylines), picks
which messages are printed, printed twice or only quoted, lays the PDF volumes
out page by page, writes the mail files, events, README and manifest, and
finally the truth JSON. A scanned volume of threads of its own follows the
text volumes (see ``scanned``). Every random choice comes from generators seeded from
``seed``, each stage with its own, so the same seed and scale give
byte-identical output.
"""

from __future__ import annotations

import json
import os
import random
import string
import tempfile
from datetime import timedelta
from importlib import resources
from pathlib import Path

from lib.core.profile import DEFAULT_PROFILE

from . import storylines
from .attachments import detainer_form, incident_report
from .events import write_events
from .jurisdiction import current, for_profile, using
from .mailfiles import write_eml, write_mbox
from .manifest import file_sha256, write_manifest
from .model import Message
from .mou import mou_blocks
from .pdf import Furniture, Production
from .phrases import plant_phrases
from .printing import PRINT_STYLE_WEIGHTS, Printer, PrintVariant
from .scanned import SCAN_DPI, SCANNED_YEAR, markable_lines, scan_volume
from .threads import ThreadBuilder
from .truth import build_truth, write_truth
from .world import Official, World, build_world

DEFAULT_SEED = 20191009
EMAIL_PAGES_AT_SCALE_1 = 895  # as estimated while writing threads; prints to about 800 pages
SUBJECTS_AT_SCALE_1 = 100
MBOX_MESSAGES_AT_SCALE_1 = 30
#: Estimated pages of the scanned volume at scale 1 (prints to about 40). It shrinks with smaller
#: scales but does not grow past scale 1: OCR costs seconds a page, and the large releases made
#: for benchmarks measure the text path.
SCANNED_PAGES_AT_SCALE_1 = 45
SCANNED_FIRST_STORYLINES = (storylines.detainer, storylines.info_request, storylines.release_alert,
                            storylines.court_notice)
EML_MESSAGES = 7  # at least, in whole threads
EML_MESSAGES_MAX = 10

YEARS = (2017, 2019)
YEAR_WEIGHTS = (0.55, 0.45)
MOU_FILE = "MOU-2014.pdf"
MAIL_DIR = "mail"
MBOX_FILE = "mail/TFO-mailbox-export.mbox"
EVENTS_FILE = "events.csv"
README_FILE = "README.md"
RELEASE_FILE = "release.json"

QUOTED_ONLY_SHARE = 0.3  # threads of 3+ messages in which one earlier message is never printed alone
DUPLICATE_SHARE = 0.07  # printed messages printed again from another mailbox

#: Storylines for the single .eml files; a thread that would pass EML_MESSAGES_MAX is left out whole.
EML_STORYLINES = (storylines.records_query, storylines.logistics, storylines.sheriff_notice,
                  storylines.court_notice, storylines.detainer)


class _Cast:
    """Chooses the subject person of each thread: new people mostly, some returning."""

    def __init__(self, world: World, rng: random.Random):
        self.rng = rng
        self.fresh = {year: [s for s in world.subjects if s.year == year] or list(world.subjects) for year in YEARS}
        self.used: dict[int, list] = {year: [] for year in YEARS}

    def pick(self, year: int):
        fresh, used = self.fresh[year], self.used[year]
        if used and (self.rng.random() < 0.35 or not fresh):
            return self.rng.choice(used)
        subject = fresh.pop(self.rng.randrange(len(fresh)))
        used.append(subject)
        return subject


def _run_storyline(world, rng, cast, storyline, needs_subject, year, channel) -> list[Message]:
    wants = needs_subject if needs_subject is not None else rng.random() < 0.6
    subject = cast.pick(year) if wants else None
    builder = ThreadBuilder(world, rng, year, channel, about=subject, pick_subject=lambda: cast.pick(year))
    storyline(builder, subject)
    return builder.messages


def _build_threads(world: World, seed: int, scale: float) -> list[tuple[str, list[Message]]]:
    rng = random.Random(f"{seed}:threads")
    cast = _Cast(world, rng)
    threads: list[tuple[str, list[Message]]] = []
    weights = [w for _, _, w in storylines.STORYLINES]
    share = dict(zip(YEARS, YEAR_WEIGHTS))
    pages = {year: 0 for year in YEARS}
    target = EMAIL_PAGES_AT_SCALE_1 * scale
    i = 0
    # every storyline at least once, so even a tiny sample has each kind of thread; then until the page budget
    while i < len(storylines.STORYLINES) or sum(pages.values()) < target:
        year = min(YEARS, key=lambda y: pages[y] / share[y])  # the window furthest below its share
        if i < len(storylines.STORYLINES):
            storyline, needs, _ = storylines.STORYLINES[i]
        else:
            storyline, needs, _ = rng.choices(storylines.STORYLINES, weights=weights)[0]
        messages = _run_storyline(world, rng, cast, storyline, needs, year, "pdf")
        threads.append((storyline.__name__, messages))
        pages[year] += _estimated_pages(messages)
        i += 1

    needs_of = {fn: needs for fn, needs, _ in storylines.STORYLINES}
    in_eml = 0
    while in_eml < EML_MESSAGES:
        # a detainer first, so the .eml files include a multipart message with a PDF attached
        storyline = rng.choice(EML_STORYLINES) if in_eml else storylines.detainer
        names_before = {id(p): set(p.names_used) for p in [*world.officials, *world.subjects]}
        messages = _run_storyline(world, rng, cast, storyline, needs_of[storyline], rng.choice(YEARS), "eml")
        if in_eml + len(messages) > EML_MESSAGES_MAX:
            for p in [*world.officials, *world.subjects]:  # forget the names this discarded thread used
                p.names_used = names_before[id(p)]
            continue
        threads.append((storyline.__name__, messages))
        in_eml += len(messages)
    in_mbox, target = 0, max(6, round(MBOX_MESSAGES_AT_SCALE_1 * scale))
    while in_mbox < target:
        storyline, needs, _ = rng.choices(storylines.STORYLINES, weights=weights)[0]
        year = rng.choices(YEARS, weights=YEAR_WEIGHTS)[0]
        messages = _run_storyline(world, rng, cast, storyline, needs, year, "mbox")
        threads.append((storyline.__name__, messages))
        in_mbox += len(messages)
    return threads


def _build_scanned_threads(world: World, seed: int, scale: float) -> list[tuple[str, list[Message]]]:
    """Threads of the scanned volume: new ones, in one window, drawn like the printed volumes'."""
    rng = random.Random(f"{seed}:scanned-threads")
    cast = _Cast(world, rng)
    weights = [w for _, _, w in storylines.STORYLINES]
    needs_of = {fn: needs for fn, needs, _ in storylines.STORYLINES}
    target = SCANNED_PAGES_AT_SCALE_1 * min(scale, 1.0)
    threads: list[tuple[str, list[Message]]] = []
    pages = 0
    while not threads or pages < target:
        if len(threads) < len(SCANNED_FIRST_STORYLINES):  # the common kinds, with their attachment pages
            storyline = SCANNED_FIRST_STORYLINES[len(threads)]
            needs = needs_of[storyline]
        else:
            storyline, needs, _ = rng.choices(storylines.STORYLINES, weights=weights)[0]
        messages = _run_storyline(world, rng, cast, storyline, needs, SCANNED_YEAR, "pdf")
        threads.append((storyline.__name__, messages))
        pages += _estimated_pages(messages)
    return threads


def _estimated_pages(messages: list[Message]) -> int:
    """Roughly how many pages a thread prints to: each message with its quoted history, plus attachments."""
    total = 0
    for m in messages:
        lines = 8 + sum(7 + sum(1 + len(line) // 100 for line in x.own_lines) for x in m.chain())
        total += -(-lines // 52) + sum(1 for a in m.attachments if a.printable)
    return total


def _number(threads: list[tuple[str, list[Message]]], first_thread: int = 1,
            first_message: int = 1) -> list[Message]:
    """Ids in time order: threads by first message, messages by send time."""
    ordered = sorted(threads, key=lambda t: (t[1][0].sent_at, t[1][0].channel))
    for i, (_, messages) in enumerate(ordered, first_thread):
        for m in messages:
            m.thread_id = f"T{i:04d}"
    everything = [m for _, messages in ordered for m in messages]
    everything.sort(key=lambda m: (m.sent_at, m.thread_id))
    for i, m in enumerate(everything, first_message):
        m.truth_id = f"M{i:05d}"
    return everything


def _choose_quoted_only_and_duplicates(threads, rng: random.Random) -> None:
    pdf_threads = [(name, ms) for name, ms in threads if ms[0].channel == "pdf"]
    for name, messages in pdf_threads:
        if name == "ice_forward" and rng.random() < 0.6:
            messages[0].quoted_only = True
        elif len(messages) >= 3 and rng.random() < QUOTED_ONLY_SHARE:
            rng.choice(messages[:-1]).quoted_only = True
    if not any(m.quoted_only for _, ms in pdf_threads for m in ms):
        longest = max((ms for _, ms in pdf_threads), key=len)
        if len(longest) >= 2:
            longest[0].quoted_only = True
    printed = [m for _, ms in pdf_threads for m in ms if not m.quoted_only and len(_mailboxes(m)) >= 2]
    for m in printed:
        m.duplicate = rng.random() < DUPLICATE_SHARE
    if printed and not any(m.duplicate for m in printed):
        rng.choice(printed).duplicate = True


def _mailboxes(m: Message) -> list[Official]:
    """Whose mailbox a message could be printed from: the liaison's first, when they took part."""
    people = [o for o in m.participants if o.title != "Shared mailbox"]
    people.sort(key=lambda o: o.title.startswith("Detective, Task Force"), reverse=True)
    return people


def _compose_attachments(world: World, messages: list[Message], seed: int, stream: str = "attachments") -> None:
    rng = random.Random(f"{seed}:{stream}")
    streets = sorted({s.street.split(" ", 1)[1].rsplit(" ", 1)[0] for s in world.subjects})
    for m in messages:
        for a in m.attachments:
            if not a.printable or a.blocks is not None:
                continue
            if a.kind == "i247a":
                officer = m.sender if m.sender.agency == "ERO" else world.ero[3]
                a.blocks, a.notes = detainer_form(rng, a.subject, m.sent_at, officer)
            else:
                reported = m.sent_at.replace(hour=rng.randint(0, 23)) - timedelta(days=rng.randint(1, 9))
                a.blocks, a.notes = incident_report(rng, a.subject, reported, rng.choice(world.patrol), streets)


def _print_volume(production: Production, messages: list[Message], printer: Printer, rng: random.Random) -> None:
    plan: list[tuple[Message, PrintVariant, Official, bool]] = []
    for m in sorted(messages, key=lambda m: m.sent_at):
        if m.quoted_only:
            continue
        style = rng.choices(list(PRINT_STYLE_WEIGHTS), weights=list(PRINT_STYLE_WEIGHTS.values()))[0]
        plan.append((m, PrintVariant.pick(rng, style), _mailboxes(m)[0], False))
    # each second printing goes somewhere after the first one
    later: dict[int, list] = {}
    for i, (m, variant, _, _) in enumerate(plan):
        if m.duplicate:
            later.setdefault(rng.randint(i, len(plan) - 1), []).append((m, variant, _mailboxes(m)[1], True))
    plan = [entry for i, first in enumerate(plan) for entry in [first, *later.get(i, [])]]
    for m, variant, owner, duplicate in plan:
        blocks, furniture = printer.blocks(m, variant, owner)
        first, last = production.add(blocks, furniture, m.truth_id,
                                     extra={"print_style": variant.style, "attachment": None})
        email_last = last
        for a in m.attachments:
            if a.printable:
                _, last = production.add(a.blocks, Furniture(content_top=755), m.truth_id,
                                         kinds=("attachment", "attachment"),
                                         extra={"print_style": None, "attachment": a.name})
        pages = production.pages
        m.printings.append({
            "file": production.name, "page_start": first, "page_end": last,
            "bates_start": pages[first - 1]["bates"], "bates_end": pages[last - 1]["bates"],
            "print_style": variant.style, "duplicate": duplicate, "mailbox": owner.email,
            "email_pages": email_last - first + 1, "attachment_pages": last - email_last,
        })


def _scanned_volume(world: World, out: Path, seed: int, scale: float, first_bates: int, first_thread: int,
                    first_message: int) -> tuple[list[tuple[str, list[Message]]], list[Message], list[dict]]:
    """Write the scanned volume: its threads, messages and page records.

    Every choice comes from generators of its own, so the text volumes, mail
    files and their ids stay what they were without it. No phrases are planted
    here: the language tests count them exactly, which OCR cannot promise.
    """
    threads = _build_scanned_threads(world, seed, scale)
    _localise(threads)
    messages = _number(threads, first_thread, first_message)
    _choose_quoted_only_and_duplicates(threads, random.Random(f"{seed}:scanned-selection"))
    for m in messages:
        for earlier in m.chain()[1:]:
            earlier.quoted_in.append(m.truth_id)
    printer = Printer(random.Random(f"{seed}:scanned-printing"))
    for m in messages:
        printer.history(m)
    _compose_attachments(world, messages, seed, "scanned-attachments")
    with tempfile.TemporaryDirectory(prefix="sample-scan-") as scratch:
        place = current()
        production = Production(Path(scratch) / "printed.pdf", place.scanned_file, first_bates,
                                f"{place.production_name}, volume {SCANNED_YEAR} (scanned)", keep_ops=True)
        _print_volume(production, messages, printer, random.Random(f"{seed}:scanned-layout"))
        production.save()
        scan_volume(production, out / place.scanned_file, seed, markable_lines(messages))
    return threads, messages, production.pages


def _readme(out: Path, seed: int, scale: float, summary: dict, files: dict[str, int], eml: int, mbox: int,
            command: str, truth_file: str) -> None:
    place = current()
    scanned = place.scanned_file
    rows = [f"| `{name}` | printed email production, {pages} pages |" for name, pages in files.items()
            if name not in (MOU_FILE, scanned)]
    rows.append(f"| `{scanned}` | printed email production, scanned: {files[scanned]} page images, "
                f"no text layer |")
    rows.append(f"| `{MOU_FILE}` | memorandum of understanding, {place.mou_parties}, {files[MOU_FILE]} pages |")
    rows += [f"| `{MAIL_DIR}/*.eml` | {eml} single messages |", f"| `{MBOX_FILE}` | {mbox} messages |",
             f"| `{EVENTS_FILE}` | synthetic timeline |", f"| `{README_FILE}` | this file |",
             "| `MANIFEST.sha256` | checksums |"]
    template = string.Template(resources.files("lib.sample").joinpath("readme_template.txt").read_text("utf-8"))
    text = template.substitute(
        seed=seed, scale=f"{scale:g}", files="\n".join(rows), command=command,
        first_bates=f"{place.bates_prefix}000001", time_zone=place.time_zone.key, pages=summary["pages"],
        messages=summary["messages"], threads=summary["threads"], printings=summary["printings"],
        duplicates=summary["duplicates"], quoted_only=summary["quoted_only"], eml=eml, mbox=mbox,
        scanned_file=scanned, scanned_pages=files[scanned], scanned_year=SCANNED_YEAR,
        scanned_messages=summary["messages_scanned"], scan_dpi=SCAN_DPI, truth_file=truth_file,
    )
    if place.profile != DEFAULT_PROFILE:
        text += _setting(place)
    (out / README_FILE).write_text(text, encoding="utf-8")


def _setting(place) -> str:
    """The README's section on where a release of another profile is set (the default profile's has none)."""
    from lib.core.profile import load_profile

    profile = load_profile(place.profile)
    return (f"\n## Setting\n\nThis synthetic release is set in the jurisdiction profile `{profile.name}` "
            f"(`lib/reference/profiles/{profile.name}/`): {profile.release.title}. Its agencies, mail domains, "
            f"courts, jails and places are those of the profile ({place.agency_names['BPD']}; ICE's "
            f"{place.ero_office} office), its charges are rows of the profile's offence table "
            f"({profile.state.name} law, cited as in `{profile.statutes.citation_example}`), and its times are "
            f"{profile.time_zone.name} ({profile.time_zone.label}). `release.json` names the profile, so "
            f"`python -m lib build` reads the release with it. The agencies are real; the people, the events and "
            f"every message are not, and no such release exists.\n")


def generate(out_dir, truth_path=None, *, seed: int = DEFAULT_SEED, scale: float = 1.0,
             profile: str | None = None) -> dict:
    """Write the sample release into ``out_dir`` (and the truth JSON to ``truth_path``); return the summary.

    The files are made in a scratch folder beside ``out_dir``; only those whose
    bytes changed replace their old copies, each in one step, so a build
    reading the folder meanwhile never sees a half-written file. Files the
    generator does not make (a hand-written claims file) are left alone.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}-", dir=out.parent) as scratch:
        with using(for_profile(profile)) as place:
            command = _command(out_dir, truth_path, seed, scale, place.profile)
            truth_file = "tests/data/sample_truth.json" if place.profile == DEFAULT_PROFILE else str(truth_path or "")
            truth = _generate(Path(scratch), seed, scale, command, truth_file)
            if place.profile != DEFAULT_PROFILE:  # a release names its profile; the default needs no name
                (Path(scratch) / RELEASE_FILE).write_text(json.dumps({"profile": place.profile}) + "\n",
                                                          encoding="utf-8")
        _replace_changed(Path(scratch), out)
    write_manifest(out)
    if truth_path is not None:
        write_truth(truth, Path(truth_path))
    return {**truth["summary"], "out_dir": str(out), "truth_path": str(truth_path) if truth_path else None}


def _replace_changed(made: Path, out: Path) -> None:
    """Move the files of ``made`` into ``out`` where they differ; drop .eml files no longer made."""
    for stale in sorted((out / MAIL_DIR).glob("*.eml")):  # from an earlier run at another scale
        if not (made / MAIL_DIR / stale.name).exists():
            stale.unlink()
    for source in sorted(p for p in made.rglob("*") if p.is_file()):
        target = out / source.relative_to(made)
        if target.is_file() and file_sha256(target) == file_sha256(source):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)


def _command(out_dir, truth_path, seed: int, scale: float, profile: str) -> str:
    """The command line the README gives; the default profile's names the committed sample's paths, as it always has."""
    if profile == DEFAULT_PROFILE:
        return (f"python -m lib.sample --out data/raw/sample --truth tests/data/sample_truth.json --seed {seed} "
                f"--scale {scale:g}")
    truth = f" --truth {truth_path}" if truth_path else ""
    return f"python -m lib sample --profile {profile} --out {out_dir}{truth} --seed {seed} --scale {scale:g}"


def _localise(threads: list[tuple[str, list[Message]]]) -> None:
    """Template prose in the profile's words (sample.yaml's ``words``); a profile with none keeps it as written."""
    place = current()
    if not place.words:
        return
    for _, messages in threads:
        for m in messages:
            m.subject = place.text(m.subject)
            m.paragraphs = [place.text(p) for p in m.paragraphs]
            m.signature = [place.text(line) for line in m.signature] if m.signature else m.signature
            for a in m.attachments:
                a.name = place.text(a.name)


def _generate(out: Path, seed: int, scale: float, command: str, truth_file: str) -> dict:
    """Write the release's files into the empty folder ``out``; return the truth."""
    subject_count = max(6, round(SUBJECTS_AT_SCALE_1 * scale))
    world = build_world(seed, subject_count, YEARS, YEAR_WEIGHTS)

    threads = _build_threads(world, seed, scale)
    _localise(threads)
    messages = _number(threads)
    plant_phrases(messages, random.Random(f"{seed}:phrases"), scale)
    _choose_quoted_only_and_duplicates(threads, random.Random(f"{seed}:selection"))
    for m in messages:
        for earlier in m.chain()[1:]:
            earlier.quoted_in.append(m.truth_id)

    printer = Printer(random.Random(f"{seed}:printing"))
    for m in messages:  # fix every quoted history once, in id order
        printer.history(m)
    _compose_attachments(world, messages, seed)

    layout_rng = random.Random(f"{seed}:layout")
    pages: list[dict] = []
    files: dict[str, int] = {}
    bates = 1
    place = current()
    for year, name in place.volumes.items():
        production = Production(out / name, name, bates, f"{place.production_name}, volume {year} (synthetic sample)")
        _print_volume(production, [m for m in messages if m.channel == "pdf" and m.sent_at.year == year],
                      printer, layout_rng)
        production.save()
        pages += production.pages
        files[name] = len(production.pages)
        bates = production.next_bates
    mou = Production(out / MOU_FILE, MOU_FILE, bates, "Memorandum of understanding, 2014 (synthetic sample)")
    mou.add(mou_blocks(world), Furniture(content_top=750), None, kinds=("mou", "mou"),
            extra={"print_style": None, "attachment": None})
    mou.save()
    pages += mou.pages
    files[MOU_FILE] = len(mou.pages)
    for page in pages:
        page["scan"] = None

    scanned_threads, scanned_messages, scanned_pages = _scanned_volume(
        world, out, seed, scale, mou.next_bates, len(threads) + 1, len(messages) + 1)
    pages += scanned_pages
    files[place.scanned_file] = len(scanned_pages)

    eml = [m for m in messages if m.channel == "eml"]
    mbox = [m for m in messages if m.channel == "mbox"]
    write_eml(eml, out / MAIL_DIR, printer, out)
    write_mbox(mbox, out / MBOX_FILE, printer, out)
    write_events(out / EVENTS_FILE)

    thread_records = []
    for name, ms in sorted(threads + scanned_threads, key=lambda t: t[1][0].thread_id):
        thread_records.append({"thread_id": ms[0].thread_id, "storyline": name, "channel": ms[0].channel,
                               "messages": [m.truth_id for m in ms],
                               "about": ms[0].about.person_id if ms[0].about else None})
    meta = {"seed": seed, "scale": scale, "command": command}
    truth = build_truth(world, messages + scanned_messages, thread_records, pages, files, meta)
    _readme(out, seed, scale, truth["summary"], files, len(eml), len(mbox), command, truth_file)
    return truth
