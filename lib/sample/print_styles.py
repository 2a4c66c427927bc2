"""A small release of the print styles seen in real productions, with an answer key.

    python -m lib sample --print-styles OUT_DIR [--seed N]

or ``generate_print_styles(out_dir, seed=...)``. The messages are the
sample's (fictional people, storylines of police-ICE mail); what differs is how
they were printed, as other records offices release them: an Outlook export
with its header as a two-column table, a classic Outlook memo, a memo with the
date last, Gmail and Lotus Notes prints, plain-text exports with several
messages per page, forward chains, messages with no header, a volume that
begins mid-header, page footers that are not Bates numbers, and scanned and
OCR'd renditions of some pages.

``answer_key.csv`` has one row per printed message: where it is (file, pages,
Bates) and what its own header says (sender, minute sent in New York time,
subject). Messages quoted inside another are not rows.
"""

from __future__ import annotations

import csv
import os
import random
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from . import print_style_blocks as styles
from . import storylines
from .jurisdiction import current
from .model import Message
from .pdf import BANNER
from .print_flow import Flow, NewDocument, PagePlace, page_places, write_pdf
from .print_style_blocks import TableOptions
from .scan import scan_pages, scan_pdf
from .threads import ThreadBuilder
from .world import World, build_world

DEFAULT_SEED = 20200301
KEY_FILE = "answer_key.csv"
KEY_COLUMNS = ("file", "page_start", "page_end", "bates_start", "bates_end", "sender", "sent", "subject", "style",
               "note")
STYLES = ("outlook-table", "outlook-banner", "outlook-memo-date-last", "gmail", "lotus-notes",
          "plain-date-first-rules", "forwarded-chain", "no-header", "continued-from-previous-volume")
TITLE_SUFFIX = " - SYNTHETIC SAMPLE DATA, FICTIONAL PEOPLE"

TEXT_DIR, SCANNED_DIR, OCR_DIR = "text", "scanned", "ocr"
SCAN_DPI = 200
OCR_DPI = 200
TESSERACT_ENV = "TESSERACT_CMD"


# -- what the key records ------------------------------------------------------------------------

@dataclass
class Printed:
    """One printed message, as the answer key describes it."""
    key: str
    sender: str  # "First Last", "redacted", or "" when no sender is printed
    sent: datetime | None
    subject: str
    style: str
    note: str = ""


def key_sent(sent: datetime | None) -> str:
    return sent.astimezone(current().time_zone).strftime("%Y-%m-%d %H:%M") if sent else ""


@dataclass
class Volume:
    """One PDF of the release while it is composed."""
    file: str
    title: str
    top: float
    furniture: Callable[[PagePlace], list[tuple]]
    bates: Callable[[int], str] | None = None
    first_bates: int = 1
    box_style: str = "grey"
    bottom: float = 60.0
    printed: list[Printed] = field(default_factory=list)
    flow: Flow = field(init=False)
    places: list[PagePlace] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.flow = Flow(self.top, self.bottom)

    def add(self, blocks: list, *printed: Printed) -> None:
        self.flow.extend(blocks)
        self.printed.extend(printed)

    def write(self, out: Path) -> list[dict]:
        self.places = page_places(self.flow, self.bates, self.first_bates)
        write_pdf(out / self.file, self.flow, self.places, self.furniture, self.title + TITLE_SUFFIX,
                  self.box_style)
        rows = []
        for p in self.printed:
            first, last = self.flow.spans[p.key]
            rows.append({"file": self.file, "page_start": first, "page_end": last,
                         "bates_start": self.places[first - 1].bates or "",
                         "bates_end": self.places[last - 1].bates or "",
                         "sender": p.sender, "sent": key_sent(p.sent), "subject": p.subject, "style": p.style,
                         "note": p.note})
        return rows


# -- the messages ------------------------------------------------------------------------------------

class Mailroom:
    """Writes threads of the sample's storylines, each style from a random stream of its own."""

    def __init__(self, world: World, seed: int):
        self.world = world
        self.seed = seed
        self._keys = 0

    def rng(self, stream: str) -> random.Random:
        return random.Random(f"{self.seed}:print-styles:{stream}")

    def thread(self, rng: random.Random, storyline, year: int) -> list[Message]:
        people = [s for s in self.world.subjects if s.year == year] or self.world.subjects
        subject = rng.choice(people)
        builder = ThreadBuilder(self.world, rng, year, "pdf", about=subject,
                                pick_subject=lambda: rng.choice(people))
        storyline(builder, subject)
        return builder.messages

    def key(self) -> str:
        self._keys += 1
        return f"P{self._keys:03d}"


def sender_name(m: Message) -> str:
    return m.sender.name


def depth(m: Message) -> int:
    return len(m.chain())


def quoted_note(m: Message, how: str) -> str:
    n = depth(m) - 1
    return f"{n} quoted message{'s' if n != 1 else ''} below, {how}" if n else "no quoted history"


# -- the styles -------------------------------------------------------------------------------------------

TABLE_STORYLINES = (storylines.info_request, storylines.detainer, storylines.release_alert,
                    storylines.records_query, storylines.ice_internal)


def dashed_bates(prefix: str) -> Callable[[int], str]:
    return lambda n: f"{prefix}-{n:06d}"


def outlook_table_volumes(room: Mailroom) -> list[Volume]:
    """Two volumes of the Outlook table export; the second begins mid-header."""
    rng = room.rng("outlook-table")
    world = room.world
    first = Volume(f"{TEXT_DIR}/BPD-production-outlook-table-vol1.pdf",
                   "BPD production, Outlook export, volume 1", 742, styles.bates_centred,
                   dashed_bates("BPD"), first_bates=1101)
    plan: list[Message] = []
    for storyline in TABLE_STORYLINES:
        plan += [m for m in room.thread(rng, storyline, 2019) if depth(m) <= 3][:3]
    plan = plan[:11]
    # long recipient lists, wrapping back under the labels
    crowd = [world.ero[0], *world.ero[2:5], *world.hsi, world.bpd[0], world.bpd[1]]
    for m in rng.sample(plan, 3):
        m.cc = [o for o in dict.fromkeys(m.cc + rng.sample(crowd, rng.randint(4, 6)))
                if o is not m.sender and o not in m.to]
    redacted = next((m for m in plan[3:] if not styles.is_federal(m.sender)), plan[-1])  # withheld: not ICE staff
    for i, m in enumerate(plan):
        options = TableOptions(redact_sender=m is redacted,
                               separators=tuple(rng.choice(("grey-rule", "grey-rule", "short-rule", "original"))
                                                for _ in range(3)))
        skip = rng.choice((0, 0, 0, 2, 3, 5)) if i else 0
        key = room.key()
        notes = ["sent printed in UTC (+0000)",
                 quoted_note(m, "each under an inline bold From: block (" +
                             ", ".join(dict.fromkeys(options.separators[:depth(m) - 1])) + ")")]
        if m is redacted:
            notes.append("sender withheld under (b)(6)")
        if m.cc and len(m.cc) > 3:
            notes.append("Cc list wraps under the label column")
        if skip:
            notes.append(f"Bates skips {skip} numbers before it")
        first.add([NewDocument(bates_skip=skip), *styles.outlook_table(m, key, options)],
                  Printed(key, "redacted" if m is redacted else sender_name(m), m.sent_at, m.subject,
                          "outlook-table", "; ".join(notes)))

    second = Volume(f"{TEXT_DIR}/BPD-production-outlook-table-vol2.pdf",
                    "BPD production, Outlook export, volume 2", 742, styles.bates_centred,
                    dashed_bates("BPD"), first_bates=1307)
    head_cut = next(m for m in room.thread(rng, storylines.release_alert, 2019) if depth(m) <= 2)
    head_cut.to = list(dict.fromkeys(head_cut.to + [world.ero[0], world.ero[2], world.ero[3], world.hsi[0],
                                                     world.bpd[0]]))
    head_cut.cc = [o for o in head_cut.cc if o not in head_cut.to and o is not head_cut.sender]
    key = room.key()
    second.add([NewDocument(), *styles.outlook_table(head_cut, key, TableOptions(head_cut=True))],
               Printed(key, "", None, head_cut.subject, "continued-from-previous-volume",
                       "page 1 begins mid-header (the To list's tail, then Cc and Subject); its From and Sent "
                       "were printed in a volume not in this release"))
    for m in [m for m in room.thread(rng, storylines.court_notice, 2019)
              + room.thread(rng, storylines.logistics, 2019) if depth(m) <= 3][:3]:
        key = room.key()
        second.add([NewDocument(bates_skip=rng.choice((0, 1, 4))),
                    *styles.outlook_table(m, key, TableOptions(separators=("grey-rule",)))],
                   Printed(key, sender_name(m), m.sent_at, m.subject, "outlook-table",
                           "sent printed in UTC (+0000); " + quoted_note(m, "under inline bold From: blocks")))
    return [first, second]


def outlook_banner_volume(room: Mailroom) -> Volume:
    rng = room.rng("outlook-banner")
    volume = Volume(f"{TEXT_DIR}/BPD-production-outlook-banner.pdf", "BPD production, Outlook memo prints",
                    styles.BANNER_TOP, styles.banner_furniture, lambda n: f"BPD-ICE-{n:06d}", first_bates=201,
                    box_style="black")
    body = rng.choice((styles.Style("Helvetica", 10), styles.Style("Times-Roman", 11)))
    messages = [m for storyline in (storylines.detainer, storylines.info_request, storylines.logistics)
                for m in room.thread(rng, storyline, 2017) if depth(m) <= 2][:5]
    for m in messages:
        owner = room.world.liaison if room.world.liaison in m.participants else m.sender
        key = room.key()
        volume.add([NewDocument({"owner": owner.mention("last_first")}),
                    *styles.outlook_banner(m, key, body, rng.randrange(3))],
                   Printed(key, sender_name(m), m.sent_at, m.subject, "outlook-banner",
                           f"mailbox owner {owner.name} in the banner; " + quoted_note(m, "after -----Original "
                                                                                           "Message-----")))
    return volume


def memo_date_last_volume(room: Mailroom) -> Volume:
    rng = room.rng("outlook-memo-date-last")
    volume = Volume(f"{TEXT_DIR}/ICE-production-memo-date-last.pdf", "ICE production, memo prints", 752,
                    styles.bates_right, lambda n: f"ICE-2019-{n:06d}", first_bates=4410)
    messages = [m for storyline in (storylines.records_query, storylines.sheriff_notice)
                for m in room.thread(rng, storyline, 2017) if depth(m) <= 2][:4]
    forms = ("a numeric zone (-0400/-0500)", "a zone name (EDT/EST)", "no zone")
    for i, m in enumerate(messages):
        key = room.key()
        volume.add([NewDocument(), *styles.memo_date_last(m, key, i % 3)],
                   Printed(key, sender_name(m), m.sent_at, m.subject, "outlook-memo-date-last",
                           f"Date: last, with {forms[i % 3]}; " + quoted_note(m, "quoted with '>' (On ... wrote:)")))
    return volume


def gmail_volume(room: Mailroom) -> Volume:
    rng = room.rng("gmail")
    volume = Volume(f"{TEXT_DIR}/gmail-prints.pdf", "Gmail prints", styles.GMAIL_TOP, styles.gmail_furniture,
                    bottom=48)
    owner = room.world.liaison
    for storyline, count in ((storylines.detainer, 5), (storylines.info_request, 3),
                             (storylines.court_notice, 1)):
        messages = room.thread(rng, storyline, 2019)[:count]
        keys = [room.key() for _ in messages]
        title = f"Gmail - {messages[0].subject}"
        printed = messages[-1].sent_at.astimezone(current().time_zone) + timedelta(days=rng.randint(20, 200),
                                                                   minutes=rng.randint(0, 600))
        same_line = [rng.random() < 0.5 for _ in messages]
        volume.add([NewDocument({"title": title, "printed": styles.formats.print_stamp(printed),
                                 "url": f"https://mail.google.com/mail/u/0/?ik=0synth{rng.randrange(10**6):06d}"
                                        f"&view=pt&search=all&permthid=thread-f%3A{rng.randrange(10**15)}"})],
                   *[Printed(key, sender_name(m), m.sent_at, messages[0].subject, "gmail",
                             f"message {i} of {len(messages)} in the conversation; date "
                             f"{'on the sender line, at the right' if same else 'on the line below the sender'}; "
                             "subject from the conversation title (none per message)")
                     for i, (m, key, same) in enumerate(zip(messages, keys, same_line), 1)])
        volume.flow.extend(styles.gmail_conversation(messages, keys, owner, same_line))
    return volume


def lotus_notes_volume(room: Mailroom) -> Volume:
    rng = room.rng("lotus-notes")
    volume = Volume(f"{TEXT_DIR}/SCSD-production-lotus-notes.pdf", "Suffolk County Sheriff's Department "
                    "production, Lotus Notes prints", 752, styles.notes_furniture, bottom=58)
    messages = [m for _ in range(3) for m in room.thread(rng, storylines.sheriff_notice, 2017)][:5]
    for i, m in enumerate(messages):
        key = room.key()
        domain = i % 2 == 1
        volume.add([NewDocument(), *styles.lotus_notes(m, key, domain)],
                   Printed(key, sender_name(m), m.sent_at, m.subject, "lotus-notes",
                           ("sender as a Notes name" + (" with @domain" if domain else "")
                            if m.sender.agency == "SCSD" else "sender from outside Notes, Name <address>")
                           + "; footer is an address with ZIP+4, not a Bates number; "
                           + quoted_note(m, "as -----Name wrote: ----- blocks")))
    return volume


def plain_volumes(room: Mailroom) -> list[Volume]:
    volumes = []
    for rule_char, name, year, bates in (("=", "equals", 2019, True), ("-", "dashes", 2017, False)):
        rng = room.rng(f"plain-{name}")
        volume = Volume(f"{TEXT_DIR}/plain-export-{name}.pdf", f"Mailbox text export ({name} rules)", 752,
                        styles.bates_right if bates else styles.page_of_pages,
                        (lambda n: f"BPD-ICE-{n:06d}") if bates else None, first_bates=512, bottom=54,
                        box_style="black")
        volume.add([NewDocument()])
        messages = [m for storyline in (storylines.info_request, storylines.logistics, storylines.court_notice)
                    for m in room.thread(rng, storyline, year) if depth(m) <= 2][:6]
        for m in messages:
            key = room.key()
            form = rng.randrange(2)
            volume.add(styles.plain_date_first(m, key, rule_char, form),
                       Printed(key, sender_name(m), m.sent_at, m.subject, "plain-date-first-rules",
                               f"several messages a page, each closed by a rule of '{rule_char}'; "
                               + quoted_note(m, "after -----Original Message-----")))
        volumes.append(volume)
    return volumes


def forwarded_chain_volume(room: Mailroom) -> Volume:
    rng = room.rng("forwarded-chain")
    volume = Volume(f"{TEXT_DIR}/BPD-production-forward-chains.pdf", "BPD production, forwarded chains", 752,
                    styles.bates_right, lambda n: f"BPD-ICE-{n:06d}", first_bates=733, box_style="black")
    for i, storyline in enumerate((storylines.ice_forward, storylines.release_alert, storylines.detainer)):
        thread = room.thread(rng, storyline, 2019)
        while depth(thread[-1]) > 4:
            thread.pop()
        m = thread[-1]
        break_before = 1 if i == 0 and depth(m) > 2 else None
        key = room.key()
        note = quoted_note(m, "each with its own inline header block (quoted history, not new messages)")
        if break_before is not None:
            note += "; page 2 opens with a quoted header block"
        volume.add([NewDocument(), *styles.forwarded_chain(m, key, break_before)],
                   Printed(key, sender_name(m), m.sent_at, m.subject, "forwarded-chain", note))
    return volume


def no_header_volume(room: Mailroom) -> Volume:
    rng = room.rng("no-header")
    volume = Volume(f"{TEXT_DIR}/printed-messages-no-header.pdf", "Printed messages without headers", 752,
                    styles.routing_furniture, bottom=60)
    firsts = [room.thread(rng, storyline, 2019)[0]
              for storyline in (storylines.arrest_list, storylines.detainer, storylines.court_notice)]
    for m in firsts:
        key = room.key()
        volume.add([NewDocument(), *styles.no_header(m, key)],
                   Printed(key, "", None, m.subject, "no-header",
                           "no header block: the subject as a bold title, then the text; the foot carries "
                           f"'{styles.ROUTING_FOOTER}' and a page number, no Bates number"))
    return volume


# -- renditions: scanned (image only) and OCR'd -------------------------------------------------------------

def clean_end(rows: list[dict], pages: int, wanted: int) -> int:
    """The first page from ``wanted`` on where no message runs over onto the next page."""
    for end in range(wanted, pages + 1):
        if not any(r["page_start"] <= end < r["page_end"] for r in rows):
            return end
    return pages


def rows_on(rows: list[dict], first: int, last: int, file: str, offset: int, how: str) -> list[dict]:
    """Key rows of the messages on source pages first..last, moved to a rendition's pages."""
    out = []
    for r in rows:
        if first <= r["page_start"] and r["page_end"] <= last:
            out.append({**r, "file": file, "page_start": r["page_start"] - first + 1 + offset,
                        "page_end": r["page_end"] - first + 1 + offset,
                        "note": f"{how} of {r['file']} p. {r['page_start']}-{r['page_end']}; {r['note']}"})
    return out


def scanned_rendition(out: Path, volume: Volume, rows: list[dict], first: int, wanted: int, seed: int) -> list[dict]:
    """An image-only PDF of some pages: printed, scanned (skew, noise, a marker box), no text layer."""
    mine = [r for r in rows if r["file"] == volume.file]
    last = clean_end(mine, len(volume.flow.pages), first + wanted - 1)
    name = f"{SCANNED_DIR}/{Path(volume.file).stem}-p{first}-{last}-scanned.pdf"
    bands = {n: page.body_bands for n, page in enumerate(volume.flow.pages, 1)}
    scan_pdf(out / volume.file, out / name, pages=range(first, last + 1), seed=seed, dpi=SCAN_DPI,
             redaction_share=0.5, redactable=bands, title=volume.title + " (scanned)" + TITLE_SUFFIX,
             subject=BANNER)
    return rows_on(mine, first, last, name, 0, "image-only scan")


def ocr_rendition(out: Path, picks: list[tuple[Volume, int, int]], rows: list[dict], seed: int) -> list[dict]:
    """Scanned pages with an invisible Tesseract text layer, as offices that OCR their releases send them."""
    tesseract = os.environ.get(TESSERACT_ENV) or shutil.which("tesseract")
    if not tesseract:
        raise RuntimeError("the OCR'd rendition needs Tesseract (install it, or set TESSERACT_CMD)")
    name = f"{OCR_DIR}/scanned-and-ocrd-pages.pdf"
    key_rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="print-styles-ocr-") as scratch:
        images: list[Path] = []
        for volume, first, wanted in picks:
            mine = [r for r in rows if r["file"] == volume.file]
            last = clean_end(mine, len(volume.flow.pages), first + wanted - 1)
            bands = {n: page.body_bands for n, page in enumerate(volume.flow.pages, 1)}
            scans, _ = scan_pages(out / volume.file, pages=range(first, last + 1), seed=seed, dpi=OCR_DPI,
                                  redaction_share=0.3, redactable=bands)
            key_rows += rows_on(mine, first, last, name, len(images), "OCR'd scan")
            for image in scans:
                path = Path(scratch) / f"page-{len(images) + 1:03d}.jpg"
                image.save(path, quality=80, dpi=(OCR_DPI, OCR_DPI))
                images.append(path)
        listing = Path(scratch) / "pages.txt"
        listing.write_text("".join(f"{p}\n" for p in images))
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        title = "Scanned pages, OCR'd by the records office" + TITLE_SUFFIX
        subprocess.run([tesseract, str(listing), str(target.with_suffix("")), "-l", "eng",
                        "-c", f"document_title={title}", "pdf"],
                       check=True, capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    _fix_creation_date(target)
    return key_rows


def _fix_creation_date(path: Path) -> None:
    """Tesseract stamps the time it ran; a fixed stamp of the same length keeps the bytes (and offsets) stable."""
    data = path.read_bytes()
    fixed = re.sub(rb"/CreationDate \(D:\d{14}", b"/CreationDate (D:20200301000000", data)
    path.write_bytes(fixed)


# -- the release --------------------------------------------------------------------------------------------

def generate_print_styles(out_dir, *, seed: int = DEFAULT_SEED, ocr: bool = True) -> dict:
    """Write the print-style release and its answer key into ``out_dir``; return a summary.

    ``ocr=False`` leaves out the OCR'd rendition (it needs Tesseract and takes most of the time).
    """
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    world = build_world(seed, 24, (2017, 2019), (0.5, 0.5))
    room = Mailroom(world, seed)
    table_vol1, table_vol2 = outlook_table_volumes(room)
    equals, dashes = plain_volumes(room)
    volumes = [table_vol1, table_vol2, outlook_banner_volume(room), memo_date_last_volume(room),
               gmail_volume(room), lotus_notes_volume(room), equals, dashes, forwarded_chain_volume(room),
               no_header_volume(room)]
    rows: list[dict] = []
    for volume in volumes:
        rows += volume.write(out)
    renditions = scanned_rendition(out, table_vol1, rows, 1, 3, seed)
    renditions += scanned_rendition(out, equals, rows, 1, 2, seed)
    if ocr:
        renditions += ocr_rendition(out, [(table_vol1, 5, 3), (dashes, 1, 3)], rows, seed)
    rows += renditions
    write_key(out / KEY_FILE, rows)
    write_readme(out, seed, rows)
    files = sorted({r["file"] for r in rows})
    return {
        "out_dir": str(out), "seed": seed, "files": len(files), "messages": len(rows),
        "pages": sum(len(v.flow.pages) for v in volumes) + sum(_pages(out / f) for f in files
                                                               if not f.startswith(TEXT_DIR)),
        "messages_by_style": {s: sum(r["style"] == s for r in rows) for s in STYLES},
        "seconds": round(time.perf_counter() - started, 1),
    }


def _pages(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def write_key(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=KEY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_readme(out: Path, seed: int, rows: list[dict]) -> None:
    files = sorted({r["file"] for r in rows})
    listing = "\n".join(f"- `{f}`: {sum(r['file'] == f for r in rows)} printed messages, "
                        f"{', '.join(sorted({r['style'] for r in rows if r['file'] == f}))}" for f in files)
    (out / "README.md").write_text(f"""# Print styles: a synthetic release

**{BANNER}.**

Printed email in the layouts real records offices release: every person is
fictional (drawn with Faker from a fixed seed), the agencies are real, nothing
here describes anything they did. Made with

    python -m lib sample --print-styles {out.name} --seed {seed}

`{KEY_FILE}` has one row per printed message (quoted history is not a row):
its file and pages, the Bates numbers stamped on them, the sender as First
Last (`redacted` when withheld, empty when not printed), the minute sent in
New York time, the subject as printed, the print style and a note.

Files under `{TEXT_DIR}/` have a text layer; `{SCANNED_DIR}/` holds page images only;
`{OCR_DIR}/` holds page images with an invisible OCR text layer made by Tesseract.

{listing}
""", encoding="utf-8")
