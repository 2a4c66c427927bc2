"""In a real browser: a citation in the message index opens its page image with the passage boxed.

Headless Chromium driven by selenium opens citation links of the sample's private site (``make private-report``)
and of its public site (``make report``: the redacted images) and checks what a reader sees: the page image
loaded, and a highlight box over the image where the passage's ink is. Skipped only when Chromium or its driver is missing (``make system-deps``
installs both where apt-get is available).
"""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import shared_folder
from PIL import Image

from lib.publish.site import build_site

pytestmark = pytest.mark.slow

#: A citation link, in the table's first rows or in the data the DataTable embeds (quotes escaped there).
LINK = re.compile(r'href=\\*"(sources/[a-z0-9-]+\.html)#(p\d+-q\d+-\d+)\\*"')
#: Links opened: spread over the files, the scanned one (boxes from OCR) included.
PER_FILE = {"bpd-ice-production-vol1-2017-pdf": 4, "bpd-ice-production-vol2-2019-pdf": 4,
            "scanned-bpd-ice-production-vol3-2019-scanned-pdf": 2}


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    chromium = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.skip("no Chromium or chromedriver on this machine: `make system-deps` installs both (apt-get)")
    options = Options()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1000"):
        options.add_argument(argument)
    # The driver's path is given, so selenium downloads nothing.
    session = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    yield session
    session.quit()


@pytest.fixture(scope="session")
def private_site(sample_processed, sample_raw, tmp_path_factory):
    """The sample's private site, built once per test run whichever worker asks first."""
    report = shared_folder(tmp_path_factory, "private-report", lambda folder: build_site(
        folder, sample_processed, sample_raw, sample=True, page_images=True))
    return report / "site-private"


def citation_links(site) -> list[tuple[str, str]]:
    """(page, fragment) of a sample of the message index's citation links, the same ones every run."""
    found: dict[str, list[tuple[str, str]]] = {}
    for page, fragment in LINK.findall((site / "messages.html").read_text(encoding="utf-8")):
        found.setdefault(page, [])
        if (page, fragment) not in found[page]:
            found[page].append((page, fragment))
    chosen = []
    for stem, count in PER_FILE.items():
        links = found.get(f"sources/{stem}.html", [])
        assert len(links) >= count, stem
        step = len(links) // count
        chosen += links[::step][:count]
    return chosen


def test_the_private_site_shows_page_images_beside_the_text(private_site):
    assert private_site.name == "site-private"
    images = sorted((private_site / "sources" / "pages").glob("*.png"))
    assert len(images) > 800  # every page of the sample's PDFs; its mail files have none
    assert not list((private_site / "sources" / "pages").glob("*mbox*"))


@pytest.fixture(scope="session")
def public_site(sample_public, sample_processed, sample_raw, tmp_path_factory):
    """The sample's public site with the redacted page images (the leak gate's OCR pass is left to ``make
    report``; tests/test_publish_redaction_sample.py reads the redacted pages against the answer key)."""
    from lib.publish.redaction import ReleaseRedaction

    def build(folder):
        notebook_citing_messages(folder, sample_public)
        build_site(folder, sample_public, sample_raw, sample=True, page_images=True,
                   redaction=ReleaseRedaction.for_release(sample_processed))

    return shared_folder(tmp_path_factory, "public-report-images", build) / "site"


def notebook_citing_messages(report, public, count: int = 4) -> None:
    """An executed notebook whose output table cites messages as the notebooks do: a message id and where."""
    import nbformat
    import pandas as pd
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from lib.core.cite import where

    messages = pd.read_parquet(public / "messages.parquet",
                               columns=["message_id", "source_file", "page_start", "bates_start"])
    pdf = messages[messages["source_file"].str.endswith(".pdf") & messages["page_start"].notna()]
    rows = "".join(f"<tr><td>{m.message_id}</td><td>{where(m.source_file, m.page_start, m.bates_start)}</td></tr>"
                   for m in pdf.iloc[:: max(1, len(pdf) // count)].head(count).itertuples())
    nb = new_notebook(cells=[
        new_markdown_cell("# 00 · Citations\n\n**Question.** Which messages?"),
        new_code_cell("table", outputs=[new_output("execute_result", execution_count=1, data={
            "text/html": f"<table><tr><th>message_id</th><th>where</th></tr>{rows}</table>", "text/plain": "table"})]),
    ])
    nb.metadata["papermill"] = {"parameters": {"processed_dir": str(public)}}
    (report / "executed").mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, report / "executed" / "00_citations.ipynb")


def test_citation_links_open_the_page_image_with_the_passage_boxed(private_site, browser):
    check_citations(private_site, browser)


def test_on_the_public_site_they_open_the_redacted_image_with_the_passage_boxed(public_site, browser):
    assert public_site.name == "site"
    check_citations(public_site, browser)
    source = (public_site / "sources" / "bpd-ice-production-vol1-2017-pdf.html").read_text(encoding="utf-8")
    assert "blacked out" in source and "Redacted PDF of this file" in source
    assert len(list((public_site / "sources" / "pdf").glob("*-redacted.pdf"))) == 4


def test_a_citation_in_a_notebook_opens_its_page_at_the_passage(public_site, browser):
    from selenium.webdriver.common.by import By

    browser.get((public_site / "notebooks" / "00_citations.html").as_uri())
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a.citation")]
    assert len(links) == 4
    for link in links:
        fragment = link.split("#")[1]
        assert re.fullmatch(r"p\d+-q\d+-\d+", fragment), link  # each row names its message
        browser.get(link)
        section = browser.find_element(By.ID, fragment.split("-")[0])
        assert len(section.find_element(By.CSS_SELECTOR, "mark.passage").text.strip()) > 10, link
        assert section.find_elements(By.CSS_SELECTOR, ".passage-box"), link


def check_citations(site, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    links = citation_links(site)
    assert len(links) == 10
    for page, fragment in links:
        browser.get((site / page).as_uri() + "#" + fragment)
        section = browser.find_element(By.ID, fragment.split("-")[0])
        image = section.find_element(By.CSS_SELECTOR, ".page-image img")
        assert image.get_attribute("loading") == "lazy"
        # The script scrolls the passage into view, so the lazy image loads.
        WebDriverWait(browser, 20).until(lambda _: browser.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0", image), f"{fragment}: no image")
        boxes = section.find_elements(By.CSS_SELECTOR, ".passage-box")
        assert boxes, f"{page}#{fragment}: no highlight box"
        mark = section.find_element(By.CSS_SELECTOR, "mark.passage")
        assert len(mark.text.strip()) > 10, fragment

        picture = image.rect
        source = Image.open(site / "sources" / image.get_attribute("src").split("/sources/")[1]).convert("L")
        for box in boxes:
            assert box.is_displayed()
            rect = box.rect
            assert rect["width"] > 1 and rect["height"] > 3, (fragment, rect, box.get_attribute("style"))  # a line may hold one character (">")
            # Over the image, on top: the box and the image are both under the box's centre.
            assert picture["x"] - 1 <= rect["x"] and rect["x"] + rect["width"] <= picture["x"] + picture["width"] + 1
            assert picture["y"] - 1 <= rect["y"] and rect["y"] + rect["height"] <= picture["y"] + picture["height"] + 1
            under = browser.execute_script(
                "var r = arguments[0].getBoundingClientRect();"
                "return document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2)"
                ".map(function (e) { return e.className || e.tagName; });", box)
            assert under[0] == "passage-box" and "IMG" in under, (fragment, under)
            # Over the passage: the part of the page image under the box holds ink.
            scale_x, scale_y = source.width / picture["width"], source.height / picture["height"]
            crop = source.crop((int((rect["x"] - picture["x"]) * scale_x), int((rect["y"] - picture["y"]) * scale_y),
                                int((rect["x"] - picture["x"] + rect["width"]) * scale_x) + 1,
                                int((rect["y"] - picture["y"] + rect["height"]) * scale_y) + 1))
            assert crop.getextrema()[0] < 128, f"{fragment}: the box covers no text"
