"""The answer key: every message, person and page of the sample, as JSON.

Later tests compare what the toolkit recovers from the files with this.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .model import Message
from .redaction import visible
from .world import World

PERSONAL_DATA_ORDER = ("name", "dob", "address", "phone", "a_number", "license", "police_report")


def _categories(found: set[str]) -> list[str]:
    return [c for c in PERSONAL_DATA_ORDER if c in found]


def message_truth(m: Message) -> dict:
    attachment_data: set[str] = set()
    attachment_charges: list[dict] = []
    attachment_subjects: list[str] = []
    for a in m.attachments:
        if a.notes is not None:
            attachment_data |= a.notes.personal_data
            attachment_charges += a.notes.charges
            attachment_subjects += [s.person_id for s in a.notes.subjects]
    marks = m.redaction_marks
    return {
        "truth_id": m.truth_id,
        "thread_id": m.thread_id,
        "kind": m.kind,
        "sender": m.sender.email.lower(),
        "sender_name": m.sender.name,
        "to": [o.email.lower() for o in m.to],
        "cc": [o.email.lower() for o in m.cc],
        "subject": m.subject,
        "body": visible(m.own_text),
        "sent_at": m.sent_at.isoformat(timespec="seconds"),
        "in_reply_to": m.in_reply_to.truth_id if m.in_reply_to else None,
        "forward": m.forward,
        "quote_style": m.quote_style,
        "channel": m.channel,
        "quoted_only": m.quoted_only,
        "printed": m.printings,
        "quoted_in": m.quoted_in,
        "subjects": [s.person_id for s in m.subjects],
        "personal_data": _categories(m.personal_data),
        "charges": m.charges,
        "phrases": m.phrases,
        "decoys": m.decoys,
        "redactions": len(marks),
        "redaction_marks": marks,
        "attachments": [a.name for a in m.attachments],
        "attachment_details": [
            {"name": a.name, "kind": a.kind, "person_id": a.subject.person_id if a.subject else None,
             "printed_pages": a.printable and m.channel == "pdf" and bool(m.printings)}
            for a in m.attachments
        ],
        "attachment_subjects": list(dict.fromkeys(attachment_subjects)),
        "attachment_personal_data": _categories(attachment_data),
        "attachment_charges": attachment_charges,
        "importance": m.importance,
        "direction": m.direction(),
    }


def build_truth(world: World, messages: list[Message], threads: list[dict], pages: list[dict],
                files: dict[str, int], meta: dict) -> dict:
    records = [message_truth(m) for m in messages]
    mentions: dict[str, list[str]] = {}
    for m in messages:
        for s in m.subjects:
            mentions.setdefault(s.person_id, []).append(m.truth_id)
    subjects = []
    for s in world.subjects:
        entry = s.truth()
        entry["mentioned_in"] = mentions.get(s.person_id, [])
        subjects.append(entry)
    officials = [o.truth() for o in world.officials]
    printings = [p for r in records for p in r["printed"] if "page_start" in p]
    # Image-only files: the truth of their pages says what the scan did (skew, marker box).
    scanned_files = list(dict.fromkeys(p["file"] for p in pages if p.get("scan")))
    scanned_ids = {r["truth_id"] for r in records if any(p["file"] in scanned_files for p in r["printed"])}
    scanned_threads = [t for t in threads if scanned_ids & set(t["messages"])]
    phrase_counts = Counter(p["phrase"] for r in records for p in r["phrases"])
    decoy_counts = Counter(p["phrase"] for r in records for p in r["decoys"])
    summary = {
        "pages": len(pages),
        "pages_by_file": files,
        "page_kinds": dict(sorted(Counter(p["kind"] for p in pages).items())),
        "messages": len(records),
        "threads": len(threads),
        "messages_in_pdf": sum(1 for r in records if r["channel"] == "pdf"),
        "messages_in_eml": sum(1 for r in records if r["channel"] == "eml"),
        "messages_in_mbox": sum(1 for r in records if r["channel"] == "mbox"),
        "printings": len(printings),
        "duplicates": sum(1 for p in printings if p["duplicate"]),
        "quoted_only": sum(1 for r in records if r["quoted_only"]),
        "print_styles": dict(sorted(Counter(p["print_style"] for p in printings).items())),
        "quote_styles": dict(sorted(Counter(r["quote_style"] for r in records if r["in_reply_to"]).items())),
        "kinds": dict(sorted(Counter(r["kind"] for r in records).items())),
        "directions": dict(sorted(Counter(r["direction"] for r in records).items())),
        "subjects": len(world.subjects),
        "subjects_mentioned": len(mentions),
        "officials": len(officials),
        "phrases": dict(sorted(phrase_counts.items())),
        "decoys": dict(sorted(decoy_counts.items())),
        "redactions_in_messages": sum(r["redactions"] for r in records),
        "redactions_on_pages": sum(p["redactions"] for p in pages),
        "attachments": sum(len(r["attachments"]) for r in records),
        "attachment_pages": sum(1 for p in pages if p["kind"] == "attachment"),
        "scanned_files": scanned_files,
        "scanned_pages": sum(1 for p in pages if p["file"] in scanned_files),
        "messages_scanned": sum(len(t["messages"]) for t in scanned_threads),
    }
    return {
        "generator": meta,
        "summary": summary,
        "messages": records,
        "threads": threads,
        "people": officials + subjects,
        "pages": pages,
    }


def write_truth(truth: dict, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
