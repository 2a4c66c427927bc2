"""The static site builds from a small report folder: every link resolves, banners show, leaks stop it."""

from __future__ import annotations

import base64
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import matplotlib
import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from test_publish_pseudonymise import write_raw_tables

from lib.publish import identifiers_from, pseudonymise
from lib.publish.leaks import LeakError
from lib.publish.message_index import bates_range, message_table
from lib.publish.site import build_site

matplotlib.use("Agg")

FINDING = "3 unique messages from April 11, 2017 to April 12, 2017."
ALT = "Bar chart: 1 message on April 11 and 2 on April 12, 2017."


def write_report(report_dir: Path, processed_dir: Path, *, extra_markdown: str = "") -> Path:
    """What lib.pipeline.runner.run_all leaves: an executed notebook (papermill metadata) and a figure pair."""
    import matplotlib.pyplot as plt

    figures = report_dir / "html" / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.bar(["2017-04-11", "2017-04-12"], [1, 2])
    fig.savefig(figures / "messages_by_day.png", metadata={"Software": None})
    plt.close(fig)
    pd.DataFrame({"day": ["2017-04-11", "2017-04-12"], "messages": [1, 2]}).to_csv(figures / "messages_by_day.csv",
                                                                                    index=False)
    (figures / "messages_by_day.json").write_text(json.dumps({"caption": "Messages per day.", "alt": ALT,
                                                              "source": "processed message table"}))
    png = base64.b64encode((figures / "messages_by_day.png").read_bytes()).decode()
    nb = new_notebook(cells=[
        new_markdown_cell("# 00 · What the release holds\n\n**Question.** What is in this release?\n\n"
                          "**Why it matters.** Every count starts here.\n\n**Inputs.** The processed tables.\n\n"
                          "**Outputs.** Tables and one figure.\n\n**Method.** Every page is read.\n\n"
                          "**Limits.** Header recognition decides the counts." + extra_markdown),
        new_code_cell("release_dir = 'data/raw/sample'", metadata={"tags": ["parameters"]}),
        new_code_cell(f"processed_dir = {str(processed_dir)!r}", metadata={"tags": ["injected-parameters"]}),
        new_code_cell("print(overview.headline(messages, report))", metadata={"tags": ["finding"]},
                      outputs=[new_output("stream", name="stdout", text=FINDING + "\n")]),
        new_code_cell("publish_figure(...)", outputs=[
            new_output("display_data", data={"image/png": png}, metadata={"image/png": {"alt": ALT}}),
            new_output("display_data", data={"text/html": '<p class="caption"><strong>Messages per day.</strong> '
                                                          'Data: <code>messages_by_day.csv</code>.</p>',
                                             "text/plain": "<IPython.core.display.HTML object>"})]),
        new_code_cell("summary", outputs=[new_output("execute_result", execution_count=4, data={
            "text/html": "<table><tr><th>figure</th><th>value</th></tr><tr><td>files</td><td>1</td></tr>"
                         "<tr><td>first message</td><td>prod/vol1.pdf p. 3 (BPD-ICE-000003)</td></tr></table>",
            "text/plain": "summary"})]),
    ])
    nb.metadata["papermill"] = {"parameters": {"release_dir": "data/raw/sample", "processed_dir": str(processed_dir),
                                               "figures_dir": str(figures)}}
    (report_dir / "executed").mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, report_dir / "executed" / "00_release_overview.ipynb")
    return report_dir


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("publish")
    raw = write_raw_tables(root / "processed" / "fake")
    public = root / "public" / "fake"
    pseudonymise(raw, public)
    release = root / "release" / "fake"
    release.mkdir(parents=True)
    (release / "events.csv").write_text("date,event,description,source_url\n2019-10,Records released,"
                                        "The City answered the request.,https://example.org/records\n")
    return {"root": root, "raw": raw, "public": public, "release": release}


@pytest.fixture(scope="module")
def site(folders) -> Path:
    report = write_report(folders["root"] / "reports" / "fake", folders["public"])
    return build_site(report, folders["public"], folders["release"], sample=True,
                      identifiers=identifiers_from(folders["raw"]))


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.images: list[dict] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append((tag, attrs[name]))
        if tag == "img":
            self.images.append(attrs)
        if tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content", "")


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_site_has_every_page(site):
    expected = ["index.html", "methodology.html", "messages.html", "data/messages.csv", "assets/site.css",
                "notebooks/00_release_overview.html", "notebooks/00_release_overview.code.html",
                "figures/messages_by_day.png", "figures/messages_by_day.csv", "sources/prod-vol1-pdf.html"]
    for name in expected:
        assert (site / name).exists(), name
    assert site.name == "site"


def test_a_citation_printed_in_a_notebook_links_to_its_page(site):
    page = (site / "notebooks" / "00_release_overview.html").read_text(encoding="utf-8")
    assert '<a class="citation" href="../sources/prod-vol1-pdf.html#p3">prod/vol1.pdf p. 3 (BPD-ICE-000003)</a>' in page


def test_every_internal_link_resolves(site):
    checked = 0
    for page in html_files(site):
        parsed = parse(page)
        for tag, link in parsed.links:
            url = urlparse(link)
            if url.scheme in ("http", "https", "mailto"):
                assert tag == "a", f"{page.name} loads {link} from the internet"
                continue
            if url.scheme == "data" or link.startswith("data:"):
                continue
            assert not url.scheme, f"{page.name}: {link}"
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            assert target.exists(), f"{page.relative_to(site)} links to missing {link}"
            assert site.resolve() in target.parents or target == site.resolve(), link
            if url.fragment and target.suffix == ".html":
                assert url.fragment in parse(target).ids, f"{page.name}: no #{url.fragment} in {target.name}"
            checked += 1
    assert checked > 30


def test_nothing_is_loaded_from_the_internet(site):
    for page in html_files(site):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?(https?:)?//", text), page.name
        assert "unpkg.com/dt_for_itables" not in text.split("injectModule")[-1] or "messages" not in page.name


def test_the_sample_banner_is_on_every_page(site):
    for page in html_files(site):
        text = page.read_text(encoding="utf-8")
        assert "Synthetic sample data: every person is fictional." in text, page.name
        assert "Not for publication" not in text, page.name


def test_index_shows_findings_notebooks_and_figures_with_captions_and_alt_text(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert FINDING in index
    assert 'href="notebooks/00_release_overview.code.html"' in index
    images = parse(site / "index.html").images
    assert images and images[0]["alt"] == ALT and images[0]["src"] == "figures/messages_by_day.png"
    assert "Messages per day." in index and 'href="figures/messages_by_day.csv"' in index
    notebook = parse(site / "notebooks" / "00_release_overview.html")
    assert [i["alt"] for i in notebook.images] == [ALT]
    code_free = (site / "notebooks" / "00_release_overview.html").read_text(encoding="utf-8")
    assert "print(overview.headline" not in code_free and "injected-parameters" not in code_free
    with_code = (site / "notebooks" / "00_release_overview.code.html").read_text(encoding="utf-8")
    assert 'class="highlight' in with_code and ">headline<" in with_code


def test_methodology_has_chain_of_custody_and_sources(site):
    text = (site / "methodology.html").read_text(encoding="utf-8")
    assert "verified" in text and "MANIFEST.sha256" in text
    assert "0123456789abcdef0123456789abcdef01234567" in text and "feedfacecafebeef" in text
    assert "pyarrow" in text and "21.0.0" in text
    assert "Records released" in text and "https://example.org/records" in text
    assert "Every page is read." in text and "Header recognition decides the counts." in text
    assert "dates of birth" in text  # what was masked, counted


def test_message_index_is_offline_pseudonymised_and_cites_pages(site, folders):
    text = (site / "messages.html").read_text(encoding="utf-8")
    assert "injectModule" in text and "connected" not in text.split("<main")[1][:200]
    assert "Person " in text and "GARCIA" not in text
    # Each citation opens its page at the message's opening, found on the page by its text.
    assert 'href="sources/prod-vol1-pdf.html#p3-q0-' in text
    assert ">BPD-ICE-000004–000005</a>" in text and "vol1.pdf p. 4–5" in text and "also printed" in text
    csv = pd.read_csv(site / "data" / "messages.csv")
    assert len(csv) == 2 and set(csv["citation"]) == {"prod/vol1.pdf p. 3 (BPD-ICE-000003)",
                                                      "prod/vol1.pdf p. 4–5 (BPD-ICE-000004–000005)"}
    assert list(csv["charge level"]) == ["felony", "none found"]


def test_message_table_tolerates_missing_columns():
    messages = pd.DataFrame({"message_id": ["a"], "source_file": ["x.eml"], "body": ["hello"],
                             "page_start": [None], "page_end": [None], "bates_start": [None], "bates_end": [None]})
    table = message_table(messages, {})
    assert table.loc[0, "citation"] == "x.eml" and table.loc[0, "date"] == ""
    assert bates_range("BPD-000009", "BPD-000010") == "BPD-000009–000010"


def test_a_run_on_the_raw_tables_is_marked_not_for_publication(folders):
    report = write_report(folders["root"] / "reports" / "private", folders["raw"])
    site = build_site(report, folders["raw"], folders["release"], sample=False)
    assert site.name == "site-private"
    for page in html_files(site):
        text = page.read_text(encoding="utf-8")
        assert "Not for publication." in text and parse(page).meta.get("robots") == "noindex, nofollow", page.name
        assert "Synthetic sample data" not in text


def test_a_notebook_run_on_raw_tables_makes_the_site_private_even_with_public_tables(folders):
    report = write_report(folders["root"] / "reports" / "mixed", folders["raw"])
    site = build_site(report, folders["public"], folders["release"], sample=False)
    assert site.name == "site-private"


def test_a_leak_stops_the_build_and_keeps_the_last_good_site(folders):
    report = write_report(folders["root"] / "reports" / "leaky", folders["public"],
                          extra_markdown="\n\nAs GARCIA, MARIA told us.")
    (report / "site").mkdir()
    (report / "site" / "index.html").write_text("previous good site")
    with pytest.raises(LeakError) as error:
        build_site(report, folders["public"], folders["release"], sample=True,
                   identifiers=identifiers_from(folders["raw"]))
    assert any(leak.file.startswith("notebooks/00_release_overview") for leak in error.value.leaks)
    assert (report / "site" / "index.html").read_text() == "previous good site"
    assert (report / "site-rejected" / "index.html").exists()


def test_page_images_are_refused_on_a_public_site_with_nothing_to_redact_them_by(folders):
    """A public site shows page images only redacted: without the raw tables' masking it refuses them."""
    report = write_report(folders["root"] / "reports" / "images", folders["public"])
    with pytest.raises(ValueError, match="must be redacted"):
        build_site(report, folders["public"], folders["release"], sample=True, page_images=True)


@pytest.mark.slow
def test_the_public_sample_site_has_no_page_images_and_passes_the_leak_gate(sample_public, sample_processed,
                                                                            sample_raw, tmp_path):
    from lib.publish.leaks import Gate

    site = build_site(tmp_path / "report", sample_public, sample_raw, sample=True,
                      identifiers=Gate.for_release(sample_processed, release_dir=sample_raw))
    assert site.name == "site"
    images = [p for p in site.rglob("*") if p.suffix.lower() in (".png", ".webp", ".jpg", ".jpeg", ".gif")]
    assert not [p for p in images if p.parent.name != "figures"], "page images on the public site"
    sources = sorted((site / "sources").glob("*.html"))
    assert sources and not any("<img" in p.read_text(encoding="utf-8") for p in sources)
    # Citations still open their page at the passage, marked in the page's text.
    assert re.search(r"sources/[a-z0-9-]+\.html#p\d+-q\d+-\d+", (site / "messages.html").read_text(encoding="utf-8"))
