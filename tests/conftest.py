"""Shared fixtures: small PDFs and mail files built by the tests themselves.

The suite runs in parallel (``pytest -n auto``): each pytest-xdist worker is a session of its own, so a
session fixture that builds something slow makes it once per run with ``made_once`` (a file lock in the run's
temporary folder, which every worker shares), and the others wait for it and read it. Tests only read what a
shared fixture made; a test that changes files works on its own ``tmp_path``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

import pytest
from filelock import FileLock
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from lib.core.paths import ROOT, SAMPLE_PROCESSED, SAMPLE_RAW


def write_pdf(path: Path, pages: list[list[str]], *, bates_prefix: str | None = "TEST-",
              banner: str | None = "SAMPLE PRINT - TEST FIXTURE", boxes: dict[int, int] | None = None,
              font: str = "Helvetica") -> Path:
    """A text-layer PDF with one list of lines per page, like a printed production."""
    pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    for number, lines in enumerate(pages, start=1):
        if banner:
            pdf.setFont("Helvetica-Bold", 8)
            pdf.drawString(72, 770, banner)
        pdf.setFont(font, 10)
        y = 740
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 13
        for n in range((boxes or {}).get(number, 0)):
            pdf.rect(300, 200 + 30 * n, 120, 14, stroke=0, fill=1)
        if bates_prefix:
            pdf.setFont("Helvetica", 8)
            pdf.drawString(480, 30, f"{bates_prefix}{number:06d}")
        pdf.showPage()
    pdf.save()
    return path


def run_folder(tmp_path_factory) -> Path:
    """This run's temporary folder: each xdist worker has one below it, the whole run shares this one."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(tmp_path_factory, name: str, make: Callable[[], object]) -> None:
    """Call ``make`` once in this test run, whichever worker asks first; the others wait until it is done.

    If it fails, later tests fail at once with its error instead of trying again (the sample's build takes
    a minute and a half)."""
    root = run_folder(tmp_path_factory)
    done, failed = root / f"{name}.done", root / f"{name}.failed"
    with FileLock(root / f"{name}.lock"):
        if failed.exists():
            pytest.fail(f"{name} failed earlier in this run: {failed.read_text()}", pytrace=False)
        if not done.exists():
            try:
                make()
            except Exception as error:
                failed.write_text(f"{type(error).__name__}: {error}")
                raise
            done.touch()


def shared_folder(tmp_path_factory, name: str, make: Callable[[Path], object]) -> Path:
    """A folder ``make`` fills once in this test run, shared by every worker; tests must not change it."""
    folder = run_folder(tmp_path_factory) / name

    def fill() -> None:
        shutil.rmtree(folder, ignore_errors=True)  # what a worker that failed half way left
        folder.mkdir(parents=True)
        make(folder)

    made_once(tmp_path_factory, name, fill)
    return folder


@pytest.fixture
def make_pdf(tmp_path):
    def make(pages, name="production.pdf", **kwargs):
        return write_pdf(tmp_path / name, pages, **kwargs)
    return make


@pytest.fixture(scope="session")
def sample_raw() -> Path:
    return SAMPLE_RAW


@pytest.fixture(scope="session")
def sample_processed(tmp_path_factory) -> Path:
    """The processed sample tables, built (or reused from the build cache) once per test run.

    The first test that needs them builds them (``make unit`` does not build first): meanwhile the other
    workers run tests that do not read them. Two workers never build into the folder at once.
    """
    from lib.pipeline.build import build

    made_once(tmp_path_factory, "sample-processed", lambda: build(SAMPLE_RAW, SAMPLE_PROCESSED, progress=False))
    return SAMPLE_PROCESSED


@pytest.fixture(scope="session")
def sample_public(sample_processed, tmp_path_factory) -> Path:
    """The sample's tables pseudonymised for publication (``make public``), once per test run."""
    from lib.publish.pseudonymise import pseudonymise

    return shared_folder(tmp_path_factory, "sample-public", lambda folder: pseudonymise(sample_processed, folder))


@pytest.fixture(scope="session")
def sample_records(sample_processed):
    """The sample's tables as evidence ``Records``, one per worker: each query's rows are kept on it, so the
    tests that read the claims' evidence on the sample run each query once."""
    from lib import evidence

    return evidence.Records.load(sample_processed)


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def print_style_release(tmp_path_factory) -> Path:
    """The print-style corpus (``python -m lib sample --print-styles``), written once per test run."""
    from lib.sample.print_styles import generate_print_styles

    return shared_folder(tmp_path_factory, "print-styles",
                         lambda folder: generate_print_styles(folder, ocr=shutil.which("tesseract") is not None))


def pytest_configure(config):
    # xdist's load scheduler first hands each worker a quarter of the tests in a row, so one worker would get
    # every slow test sorted to the front; sent one at a time, each test goes to the next idle worker.
    if getattr(config.option, "maxschedchunk", False) is None:
        config.option.maxschedchunk = 1


def _reads_the_sample(item) -> bool:
    return not {"sample_processed", "sample_public"}.isdisjoint(item.fixturenames)


def pytest_collection_modifyitems(config, items):
    """Slow end-to-end checks first (``@pytest.mark.slow``), the rest in their usual order.

    In a parallel run the workers start on the longest tests, so none is left running one alone at the end.
    The slow checks take turns by module (each module's first, then each one's second, ...): those of one
    module often share a fixture built once per run, and would otherwise wait for it at the same time.
    The first test that reads the sample's tables goes first of all, so their build starts at once; while one
    worker builds them, the others run the tests that do not read them, which come before those that do.
    """
    turn: dict[Path, int] = {}
    keys = {}
    for item in items:
        slow = item.get_closest_marker("slow") is not None
        if slow:
            turn[item.path] = turn.get(item.path, -1) + 1
        keys[item.nodeid] = (not slow, _reads_the_sample(item), turn[item.path] if slow else 0)
    items.sort(key=lambda item: keys[item.nodeid])
    first = next((n for n, item in enumerate(items) if _reads_the_sample(item)), None)
    if first is not None:
        items.insert(0, items.pop(first))
