"""SHA-256 digests of files: what caches and keys are built on."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    """The file's SHA-256, read a chunk at a time."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def sha256_unchanged_file(path: str | Path) -> str:
    """The file's SHA-256, read once per process while its size and modification time stay the same: for
    inputs asked about again and again (a PDF for each of its pages, Tesseract's language data)."""
    status = Path(path).stat()
    return _sha256_of(str(path), status.st_size, status.st_mtime_ns)


@lru_cache(maxsize=256)
def _sha256_of(path: str, size: int, mtime_ns: int) -> str:
    return sha256_file(path)
