"""Page images of the private site: rendered once, cached by the PDF's content (lib/publish/page_images.py)."""

from __future__ import annotations

from PIL import Image
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from lib.publish.page_images import DPI, GREYS, has_page_images, page_images


def write_pdf(path, lines: list[str]) -> None:
    pdf = canvas.Canvas(str(path), pagesize=letter)
    for line in lines:
        pdf.drawString(72, 720, line)
        pdf.showPage()
    pdf.save()


def test_pages_render_once_as_grey_palette_png_at_screen_resolution(tmp_path):
    pdf, cache = tmp_path / "prod.pdf", tmp_path / "cache"
    write_pdf(pdf, ["first page", "second page"])
    images = page_images(pdf, [1, 2, 3], cache)
    assert sorted(images) == [1, 2]  # a page past the end has no image
    assert (images[1].width, images[1].height) == (round(8.5 * DPI), round(11 * DPI))
    with Image.open(images[1].path) as image:
        assert image.format == "PNG" and image.mode == "P" and len(image.getcolors()) <= GREYS
    written = {p: p.stat().st_mtime_ns for p in cache.iterdir()}

    again = page_images(pdf, [1, 2], cache)
    assert again == images and {p: p.stat().st_mtime_ns for p in cache.iterdir()} == written


def test_a_changed_file_is_rendered_afresh_whatever_its_name(tmp_path):
    pdf, cache = tmp_path / "prod.pdf", tmp_path / "cache"
    write_pdf(pdf, ["first version"])
    before = page_images(pdf, [1], cache)[1].path
    write_pdf(pdf, ["second version, longer"])
    after = page_images(pdf, [1], cache)[1].path
    assert after != before and before.exists() and after.exists()


def test_only_pdfs_have_page_images():
    assert has_page_images("prod/Vol 1.PDF") and not has_page_images("mail/export.mbox")
    assert not has_page_images("mail/a.eml") and not has_page_images("mail/b.msg")
