"""What the build's caches are keyed on: file checksums, a hash of the code a stage runs, JSON state files."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from lib.core.digests import sha256_file

__all__ = ["code_version", "read_json", "sha256_file"]


@lru_cache(maxsize=None)
def code_version(modules: tuple[str, ...]) -> str:
    """A hash of the given ``lib`` modules, packages and reference files.

    Names are package folders (``"ingest"``), modules (``"core/cite.py"``),
    paths under ``lib/`` (``"reference/lexicon.yaml"``) or absolute paths (a profile's files kept
    elsewhere). Cached results expire
    when any of them changes. Computed once per process, so the hash describes
    the code this process loaded, not files edited while it runs.
    """
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for name in modules:
        path = package / name
        candidates = (sorted(path.rglob("*.py")) + sorted(path.rglob("*.csv")) if path.is_dir()
                      else [path] if path.suffix else [package / f"{name}.py"])
        for candidate in candidates:
            inside = candidate.is_relative_to(package)
            digest.update((candidate.relative_to(package) if inside else candidate).as_posix().encode())
            digest.update(candidate.read_bytes())
    return digest.hexdigest()[:16]


def read_json(path: Path) -> dict:
    """A JSON state file, or an empty dict when there is none yet."""
    return json.loads(path.read_text()) if path.exists() else {}
