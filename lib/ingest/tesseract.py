"""The tesseract program: finding it, its version and language data, and one run of it on a page image."""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

from lib.core.digests import sha256_unchanged_file
from lib.ingest.ocr_text import Box, _text_and_confidence

#: Environment variable naming the tesseract program, when it is not on PATH.
TESSERACT_ENV = "TESSERACT_CMD"


class TesseractNotInstalled(RuntimeError):
    """Raised when the ``tesseract`` program (or a language it needs) is missing."""


def tesseract_command() -> str:
    """Path of the tesseract program; raises ``TesseractNotInstalled`` if there is none."""
    requested = os.environ.get(TESSERACT_ENV, "").strip()
    found = shutil.which(requested or "tesseract")
    if found:
        return found
    if requested:
        raise TesseractNotInstalled(f"{TESSERACT_ENV}={requested!r} is not an executable program.")
    raise TesseractNotInstalled(
        "OCR needs the tesseract program, which is not installed (or not on PATH). "
        "Install it with its English data: `apt-get install tesseract-ocr tesseract-ocr-eng` "
        "(Debian/Ubuntu), `brew install tesseract` (macOS), `conda install -c conda-forge tesseract`, "
        "or the UB Mannheim installer on Windows; or set "
        f"{TESSERACT_ENV} to the program's path."
    )


@lru_cache(maxsize=4)
def _version_of(command: str) -> str:
    completed = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=30)
    first_line = (completed.stdout or completed.stderr).strip().splitlines()
    if completed.returncode != 0 or not first_line:
        raise TesseractNotInstalled(f"{command} --version failed: {completed.stderr.strip()}")
    return first_line[0].strip()


def tesseract_version() -> str:
    """Tesseract's version line, e.g. ``'tesseract 5.3.0'``; part of every cache key."""
    return _version_of(tesseract_command())


@lru_cache(maxsize=4)
def _languages_of(command: str) -> tuple[Path | None, frozenset[str]]:
    """(tessdata folder, installed languages) as ``tesseract --list-langs`` reports them."""
    completed = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=30)
    heading, *names = completed.stdout.splitlines() or [""]
    # The heading reads: List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (2):
    folder = re.search(r'"(.+?)"', heading)
    return (Path(folder.group(1)) if folder else None), frozenset(name.strip() for name in names if name.strip())


def _language_data_fingerprint(command: str, lang: str) -> str:
    """Digest of the traineddata files ``lang`` uses: other models give other readings.

    Raises ``TesseractNotInstalled`` naming the package when a language is missing.
    """
    folder, installed = _languages_of(command)
    codes = lang.split("+")
    missing = [code for code in codes if code not in installed]
    if missing:
        packages = " ".join(f"tesseract-ocr-{code}" for code in missing)
        raise TesseractNotInstalled(
            f"Tesseract has no data for language(s) {', '.join(missing)}. "
            f"Install it, e.g. `apt-get install {packages}` (Debian/Ubuntu)."
        )
    digest = hashlib.sha256()
    for code in codes:
        model = folder / f"{code}.traineddata" if folder else None
        if model is not None and model.is_file():
            digest.update(sha256_unchanged_file(model).encode())
        else:
            digest.update(code.encode())  # cannot see the file; the version and name must do
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class _Settings:
    """Everything reading a page needs besides the file and page number."""

    tesseract: str
    tesseract_version: str
    language_data: str
    lang: str
    dpi: int
    config: str
    timeout: float
    cache_dir: str | None
    refresh: bool


def _run_tesseract(settings: _Settings, image: Image.Image, boxes: list[Box]) -> tuple[str, float | None, str | None]:
    """(text, mean word confidence, error) from one tesseract run."""
    tsv, error = tesseract_tsv(image, tesseract=settings.tesseract, lang=settings.lang, dpi=settings.dpi,
                               config=settings.config, timeout=settings.timeout)
    if error is not None:
        return "", None, error
    text, confidence = _text_and_confidence(tsv, boxes)
    return text, confidence, None


def tesseract_tsv(image: Image.Image, *, tesseract: str, lang: str = "eng", dpi: int = 300, config: str = "",
                  timeout: float | None = None) -> tuple[str, str | None]:
    """(Tesseract's TSV of words and their boxes, error) for one page image, read on one thread: pages are
    read in parallel, and OpenMP threads contending for the same cores make every page slower."""
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory(prefix="ocr-") as work:
        source = Path(work, "page.bmp")
        image.save(source, format="BMP")
        output = Path(work, "page")
        command = [tesseract, str(source), str(output), "-l", lang, "--dpi", str(dpi), *shlex.split(config), "tsv"]
        try:
            completed = subprocess.run(command, capture_output=True, env=environment, timeout=timeout or None)
        except subprocess.TimeoutExpired:  # subprocess.run has killed tesseract
            return "", f"timed out after {timeout:g} s"
        if completed.returncode != 0:
            message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
            return "", f"tesseract failed ({completed.returncode}): {message[-1] if message else 'no message'}"
        return output.with_suffix(".tsv").read_text(encoding="utf-8"), None
