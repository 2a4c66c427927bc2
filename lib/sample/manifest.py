"""MANIFEST.sha256: `sha256sum`-format checksums of every file in a release folder."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

MANIFEST_NAME = "MANIFEST.sha256"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_lines(folder: Path) -> list[str]:
    """'<sha256>  <relative path>' for every file except the manifest, sorted by path."""
    folder = Path(folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST_NAME)
    return [f"{file_sha256(p)}  {p.relative_to(folder).as_posix()}" for p in
            sorted(files, key=lambda p: p.relative_to(folder).as_posix())]


def write_manifest(folder: Path) -> Path:
    """(Re)write the manifest; call again after adding files to the folder.

    Written beside and then moved over the old one, so a reader never sees half a manifest.
    """
    path = Path(folder) / MANIFEST_NAME
    partial = path.with_name(f".{MANIFEST_NAME}.partial")
    partial.write_text("\n".join(manifest_lines(folder)) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path


def check_manifest(folder: Path) -> list[str]:
    """Differences between the folder and its manifest; empty when they match."""
    path = Path(folder) / MANIFEST_NAME
    recorded = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    actual = manifest_lines(folder)
    return sorted(set(recorded) ^ set(actual))
