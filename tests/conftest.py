"""Shared fixtures: small PDFs and mail files built by the tests themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
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


@pytest.fixture
def make_pdf(tmp_path):
    def make(pages, name="production.pdf", **kwargs):
        return write_pdf(tmp_path / name, pages, **kwargs)
    return make


@pytest.fixture(scope="session")
def sample_raw() -> Path:
    return SAMPLE_RAW


@pytest.fixture(scope="session")
def sample_processed() -> Path:
    """The processed sample tables, built (or reused from cache) once per test session."""
    from lib.pipeline.build import build

    build(SAMPLE_RAW, SAMPLE_PROCESSED, progress=False)
    return SAMPLE_PROCESSED


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def print_style_release(tmp_path_factory) -> Path:
    """The print-style corpus (``python -m lib sample --print-styles``), written once per test session."""
    import shutil

    from lib.sample.print_styles import generate_print_styles

    folder = tmp_path_factory.mktemp("print-styles")
    generate_print_styles(folder, ocr=shutil.which("tesseract") is not None)
    return folder
