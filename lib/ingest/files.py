"""A release's files: found in a folder, and each one's real type sniffed from its first bytes."""

from __future__ import annotations

import re
from pathlib import Path

#: Files in a release folder that describe it rather than belong to it (review_labels.csv: the reporters'
#: labels of a review sample, ``lib.evidence.review.LABELS_FILE``; release.json: what the release is and the
#: jurisdiction profile it names).
RELEASE_METADATA = {"manifest.sha256", "release.json", "events.csv", "readme.md", "readme.txt", "claims.csv",
                    "claims.yaml", "review_labels.csv"}
DOCUMENT_SUFFIXES = {".pdf", ".eml", ".mbox", ".msg", ".txt"}


def release_files(path: Path) -> list[Path]:
    """The files of a release, in a stable order; metadata and hidden files excluded."""
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    files = []
    for candidate in sorted(path.rglob("*")):
        relative = candidate.relative_to(path)
        if any(part.startswith(".") for part in relative.parts) or not candidate.is_file():
            continue
        if candidate.name.lower() in RELEASE_METADATA or "reference" in relative.parts[:-1]:
            continue
        files.append(candidate)
    return files


_RFC_HEADER = re.compile(
    r"^(?:from|to|cc|subject|date|received|message-id|return-path|mime-version|content-type|x-[\w-]+|delivered-to)"
    r"\s*:", re.IGNORECASE)


_TRANSPORT_HEADER = re.compile(r"^(?:received|message-id|return-path|mime-version|content-type|delivered-to)\s*:",
                               re.IGNORECASE)


def sniff_kind(path: Path) -> str | None:
    """The file's real type from its first bytes, whatever its extension says."""
    with open(path, "rb") as handle:
        head = handle.read(2048)
    if not head:
        return "empty"
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return "zip"
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "msg"
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"From "):
        return "mbox"
    text = head.decode("latin-1")
    lines = [line for line in text.splitlines()[:40] if line.strip()]
    if lines and _RFC_HEADER.match(lines[0]):
        # A printed email saved as .txt also starts with "From:"; only transport
        # headers show it is a mail source.
        if path.suffix.lower() != ".txt" or any(_TRANSPORT_HEADER.match(line) for line in lines):
            return "eml"
    if sum(ch < 9 or 13 < ch < 32 for ch in head) > len(head) * 0.05:
        return None  # binary of a kind the release should not contain
    return "txt"


def _unreadable(kind: str | None, suffix: str) -> dict | None:
    """The report's status and reason for a file whose type the ingest does not read, else None."""
    if kind == "empty":
        return {"status": "failed", "reason": "the file is empty (0 bytes)"}
    if kind is None:
        return {"status": "failed",
                "reason": f"binary content that is not PDF or Outlook mail (extension {suffix or 'none'})"}
    if kind == "txt" and suffix not in {".txt", ".eml"}:
        if suffix in DOCUMENT_SUFFIXES:
            return {"status": "failed", "reason": f"named {suffix} but its content is not {suffix[1:].upper()}"}
        return {"status": "skipped", "reason": f"not a document type the ingest reads ({suffix or 'no extension'})"}
    return None
