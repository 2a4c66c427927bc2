"""The OCR cache: one small JSON file per page read, keyed by the image's hash and every setting that changes the text."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

from PIL import Image

from lib.ingest.tesseract import _Settings

#: Folder name for the OCR cache inside the processed-data folder.
CACHE_DIRNAME = ".ocr-cache"


#: Bump when the cached record or the way text is produced changes.
CACHE_FORMAT = 4


def _cache_file(settings: _Settings, image: Image.Image) -> Path | None:
    if settings.cache_dir is None:
        return None
    image_hash = hashlib.sha256(image.tobytes()).hexdigest()
    key_source = json.dumps({
        "format": CACHE_FORMAT, "image": image_hash, "size": image.size, "mode": image.mode,
        "lang": settings.lang, "dpi": settings.dpi, "tesseract": settings.tesseract_version,
        "language_data": settings.language_data, "config": settings.config,
    }, sort_keys=True)
    key = hashlib.sha256(key_source.encode()).hexdigest()
    return Path(settings.cache_dir) / key[:2] / f"{key}.json"


def _load_cached(path: Path) -> dict | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # missing, or half-written by a killed run: read the page again
    return record if record.get("format") == CACHE_FORMAT else None


def _store(path: Path, record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a concurrent reader never sees half a file.
    partial = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.partial")
    partial.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)
