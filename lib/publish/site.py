"""The static site editors publish: index, methodology, notebooks, figures, message index, page texts.

``build_site(report_dir, processed_dir, release_dir, sample=...)`` reads what a
report run left in ``report_dir`` (``executed/*.ipynb`` from papermill and
``html/figures/``) and the pseudonymised tables in ``processed_dir``, and
writes ``report_dir/site/``: plain files that work from a folder, offline,
with no server and nothing loaded from the internet.

- ``index.html``: headline findings, the analyses (code-free and with-code links), figures with captions,
  alt text and their data, what the data is.
- ``methodology.html``: method, privacy, limitations, data sources with dates, chain of custody (checksum
  verification, package versions, git commit from ``ingest_report.json``).
- ``notebooks/<name>.html`` and ``<name>.code.html``: each notebook in the site's look.
- ``messages.html`` and ``data/messages.csv``: the searchable message index.
- ``sources/<file>.html``: every page's text, so each citation opens the page it cites, with the passage it
  cites marked (``#p12-q40-240``). With ``page_images`` each PDF page's image is shown beside its text,
  ``sources/pages/``, and the passage is boxed on it; on a public site the images are the redacted copy
  (``redaction``) and each file's redacted PDF is in ``sources/pdf/``.

Headline findings are the outputs of notebook cells tagged ``finding``, or
else each notebook's first printed line (its one-sentence headline). The
site is public only when ``processed_dir`` and the tables every notebook ran
on were written by ``pseudonymise``; otherwise it goes to ``site-private/``
with a "not for publication" banner on every page. With ``identifiers`` (from
the raw tables) a public site is checked for leaks before it replaces the
previous one; a site that fails is left in ``site-rejected/``.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import jinja2
import mistune
import nbformat
import pandas as pd
from markupsafe import escape
from nbconvert import HTMLExporter
from PIL import Image

from .citation_links import citation_pattern, link_citations, link_csv_citations
from .identifiers import Identifier
from .image_leaks import PDFS, check_pdfs, scan_page_images
from .leaks import LeakError, scan_for_leaks
from .message_index import cited_passage, datatable_html, display_table, itables_offline_init, message_table, slug
from .page_chars import page_chars
from .page_images import DPI, has_page_images
from .page_images import page_images as cached_page_images  # build_site's switch has the module's name
from .passages import locate, passage_boxes
from .pseudonymise import MARKER, is_pseudonymised
from .raw_identifiers import profile_table
from .redaction import ReleaseRedaction, burn, redact_page, redacted_pdf

TEMPLATES = Path(__file__).resolve().parent / "templates"
SITE_TITLE = "Boston police and ICE: the liaison's email"
NOTEBOOK_NAME = re.compile(r"^\d{2}[a-z]?_[a-z0-9_]+\.ipynb$")
FINDING_TAGS = {"finding", "headline"}
MAX_HEADLINE = 600
STORY_HEADINGS = ("Question", "Why it matters", "Inputs", "Outputs", "Method", "Limits")
NAV = (("index", "Findings", "index.html"), ("notebooks", "Analyses", "index.html#notebooks"),
       ("messages", "Messages", "messages.html"), ("methodology", "Methodology", "methodology.html"))
KIND_LABELS = {"name": "names of private people", "dob": "dates of birth", "address": "street addresses",
               "phone": "phone numbers", "email": "email addresses", "a_number": "A-numbers",
               "license": "driver's licence numbers", "report": "incident and report numbers",
               "ssn": "social security numbers", "docket": "court docket numbers", "booking": "booking numbers",
               "warrant": "warrant numbers", "pcf": "PCF numbers", "sid": "state ID (SID) numbers",
               "fbi": "FBI numbers", "plate": "plates", "handle": "social media handles", "ice_id": "ICE subject IDs"}
#: The masker's recall on the adversarial release, as ``python -m lib.publish measure`` last wrote it.
MEASURED = Path(__file__).resolve().parent / "measured.json"

#: What the site says about the release when the release folder has no release.json.
BOSTON_RELEASE = {
    "summary": "Email between the Boston Police Department's liaison to U.S. Immigration and Customs Enforcement "
               "and ICE officers, from parts of 2017 and 2019, released by the City of Boston in October 2019.",
    "source": "Records the City of Boston released in October 2019 to the ACLU of Massachusetts and Greater Boston "
              "Legal Services in answer to a public-records request filed in March 2019: a 2014 memorandum of "
              "understanding between the Boston Police Department and ICE, and about 800 pages of email.",
}
SAMPLE_RELEASE = {
    "summary": "A synthetic imitation of the Boston police–ICE email release, made to build and test this toolkit. "
               "Every person in it is fictional; nothing here describes real events.",
    "source": "The synthetic sample release generated by <code>python -m lib.sample</code> (see the README in the "
              "sample folder). It imitates the shape of the records the City of Boston released in October 2019.",
}

_markdown = mistune.create_markdown(escape=True)


@dataclass
class NotebookPage:
    stem: str
    title: str
    question: str = ""  # HTML
    method: str = ""
    limits: str = ""
    findings: list[str] = field(default_factory=list)  # HTML
    ran_on: str | None = None


# -- reading the report ---------------------------------------------------------------------------

def _markdown_html(text: str) -> str:
    return _markdown(text.strip()).strip()


def read_story(nb) -> dict[str, str]:
    """Title and the bold-headed paragraphs (Question, Method, Limits, ...) of the first markdown cell, as HTML."""
    story = {"title": ""}
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("#") and not story["title"]:
                story["title"] = line.lstrip("#").strip()
        pattern = r"\*\*(" + "|".join(STORY_HEADINGS) + r")\.\*\*\s*(.*?)(?=\n\s*\*\*(?:" \
                  + "|".join(STORY_HEADINGS) + r")\.\*\*|\Z)"
        for heading, text in re.findall(pattern, cell.source, flags=re.DOTALL):
            story[heading.lower()] = _markdown_html(text)
        break
    return story


def first_printed_line(nb) -> str | None:
    """The notebook's first printed output: each notebook opens with a one-sentence headline."""
    for cell in nb.cells:
        if cell.cell_type != "code" or "parameters" in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                text = output.get("text", "").strip()
                return text if 0 < len(text) <= MAX_HEADLINE and "\n" not in text else None
    return None


def findings_of(nb) -> list[str]:
    """The outputs of cells tagged ``finding`` (or ``headline``), as HTML; else the first printed line."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code" or not FINDING_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                found += [_markdown_html(p) for p in output.get("text", "").split("\n\n") if p.strip()]
            data = output.get("data", {})
            if "text/markdown" in data:
                found.append(_markdown_html(data["text/markdown"]))
            elif "text/plain" in data and "text/html" not in data:
                text = data["text/plain"].strip()
                if len(text) > 1 and text[0] == text[-1] and text[0] in "'\"":
                    text = text[1:-1]
                found.append(_markdown_html(text))
    if not found and (headline := first_printed_line(nb)):
        found.append(_markdown_html(headline))
    return [_unwrap(f) for f in found if f]


def _unwrap(html: str) -> str:
    """A one-paragraph finding without its <p>, so it reads inline in a list."""
    match = re.fullmatch(r"<p>(.*)</p>", html, flags=re.DOTALL)
    return match.group(1) if match and "<p>" not in match.group(1) else html


def _phrase(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def ran_on(nb) -> str | None:
    """The processed folder papermill gave the notebook, if it records one."""
    return nb.metadata.get("papermill", {}).get("parameters", {}).get("processed_dir")


def _resolve(path: str | Path) -> Path:
    from lib.core.paths import resolve

    return resolve(path)


def executed_notebooks(report_dir: Path) -> list[Path]:
    folder = report_dir / "executed"
    return sorted(p for p in folder.glob("*.ipynb") if NOTEBOOK_NAME.match(p.name)) if folder.exists() else []


def export_notebook(nb, stem: str, out_dir: Path, site: dict, *, with_code: bool) -> Path:
    """One notebook as a page of the site (nbconvert, lab rendering, the site's chrome)."""
    exporter = HTMLExporter(template_name="site", extra_template_basedirs=[str(TEMPLATES / "nbconvert")],
                            extra_template_paths=[str(TEMPLATES)], exclude_input=not with_code,
                            exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.exclude_raw = True
    nb = nbformat.from_dict(nb)
    # Papermill's injected-parameters cell is machinery, not content.
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    body, _ = exporter.from_notebook_node(nb, resources={
        "site": site, "site_root": "../", "with_code": with_code, "notebook_stem": stem})
    target = out_dir / f"{stem}{'.code' if with_code else ''}.html"
    target.write_text(body, encoding="utf-8")
    return target


def read_figures(figures_dir: Path, notebooks: dict[str, str]) -> list[dict]:
    """Each figure's PNG, CSV and caption JSON; ``notebooks`` maps stem -> text to find which made it."""
    figures = []
    if not figures_dir.exists():
        return figures
    for png in sorted(figures_dir.glob("*.png")):
        meta_path = png.with_suffix(".json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        made_by = next((stem for stem, text in notebooks.items() if f"{png.stem}.csv" in text or png.name in text),
                       None)
        figures.append({"name": png.stem, "png": png.name,
                        "csv": png.with_suffix(".csv").name if png.with_suffix(".csv").exists() else None,
                        "caption": meta.get("caption") or png.stem.replace("_", " "),
                        "alt": meta.get("alt") or meta.get("caption") or "", "source": meta.get("source"),
                        "made_by": made_by})
    return figures


def release_info(release_dir: Path, sample: bool) -> dict:
    """What the site says about the release: release.json in the release folder, else the defaults."""
    info = dict(SAMPLE_RELEASE if sample else BOSTON_RELEASE)
    path = release_dir / "release.json"
    if path.exists():
        given = json.loads(path.read_text(encoding="utf-8"))
        info.update({k: escape(v) for k, v in given.items() if isinstance(v, str)})
    return info


def is_sample_release(release_dir: str | Path) -> bool:
    """True for the synthetic sample (its README says so), so every page can say every person is fictional."""
    readme = Path(release_dir) / "README.md"
    return readme.exists() and "SYNTHETIC SAMPLE DATA" in readme.read_text(encoding="utf-8", errors="replace")


def _host(url: str) -> str:
    return urlparse(url).netloc.removeprefix("www.") or url


def read_events(release_dir: Path) -> tuple[list[dict], str]:
    """Dated events of the case with their sources: the release's events.csv, else the one beside it."""
    for path in (release_dir / "events.csv", release_dir.parent / "events.csv"):
        if path.exists():
            with open(path, newline="", encoding="utf-8") as handle:
                rows = [dict(r, source_host=_host(r.get("source_url") or "")) for r in csv.DictReader(handle)]
            return rows, path.parent.name
    return [], ""


def read_officials_table() -> list[dict]:
    officials = profile_table("officials")
    if not officials.exists():
        return []
    with open(officials, newline="", encoding="utf-8") as handle:
        return [dict(r, source_host=_host(r.get("source_url") or "")) for r in csv.DictReader(handle)]


def date_span(messages: pd.DataFrame) -> str:
    if "sent_at" not in messages:
        return ""
    unique = messages[messages["duplicate_of"].isna()] if "duplicate_of" in messages else messages
    dated = pd.to_datetime(unique["sent_at"]).dropna()
    if dated.empty:
        return ""
    return f"{dated.min():%B} {dated.min().day}, {dated.min():%Y} to {dated.max():%B} {dated.max().day}, {dated.max():%Y}"


def _page_text(text) -> str:
    # Browsers read a CR LF in HTML as one character: the text's offsets must be the ones the page's script sees.
    return text.replace("\r\n", "\n").replace("\r", "\n") if isinstance(text, str) else ""


def _js_offset(text: str, offset: int) -> int:
    """A Python offset into ``text`` as JavaScript counts it (UTF-16 code units)."""
    return len(text[:offset].encode("utf-16-le")) // 2


def cited_passages(messages: pd.DataFrame, source_pages: dict[str, list[dict]]) -> tuple[dict[str, str], dict]:
    """Where each message's citation points: (message_id -> anchor, (file, page) -> {key: (start, end)}).

    The anchor 'p12-q40-260' names the page and the passage's offsets in the page's text as the source page
    shows it; the passage is the message's opening, found on its page by its text (``lib.publish.passages``).
    """
    texts = {(f, page["number"]): page["text"] for f, rows in source_pages.items() for page in rows}
    anchors: dict[str, str] = {}
    highlights: dict[tuple[str, int], dict[str, tuple[int, int]]] = {}
    for message in messages.itertuples():
        page, passage = cited_passage(message)
        text = texts.get((message.source_file, page))
        span = locate(text, passage) if text and passage else None
        if span is None:
            continue
        key = f"q{_js_offset(text, span[0])}-{_js_offset(text, span[1])}"
        anchors[message.message_id] = f"p{page}-{key}"
        highlights.setdefault((message.source_file, page), {})[key] = span
    return anchors, highlights


def _passage_texts(messages: pd.DataFrame, anchors: dict[str, str], source_pages: dict[str, list[dict]],
                   highlights: dict, redaction: ReleaseRedaction | None) -> dict[tuple[str, int], dict[str, str]]:
    """The text of each cited passage as printed on its page, by (file, page) and anchor key: the page text's
    slice on a private site; on a public one, whose text is masked, the raw message's passage."""
    if redaction is None:
        texts = {(f, row["number"]): row["text"] for f, rows in source_pages.items() for row in rows}
        return {where: {key: texts[where][start:end] for key, (start, end) in spans.items()}
                for where, spans in highlights.items()}
    found: dict[tuple[str, int], dict[str, str]] = {}
    for message_id, source_file in zip(messages["message_id"], messages["source_file"]):
        anchor = anchors.get(message_id)
        if anchor is not None and message_id in redaction.passages:
            page, key = anchor[1:].split("-", 1)
            found.setdefault((str(source_file), int(page)), {})[key] = redaction.passages[message_id]
    return found


def _add_page_images(staging: Path, release_dir: Path, source_pages: dict[str, list[dict]],
                     passages: dict[tuple[str, int], dict[str, str]], cache_dir: Path,
                     redaction: ReleaseRedaction | None = None) -> dict[str, dict]:
    """Put each PDF page's image into the site and give each cited passage (``passages``: (file, page) ->
    {anchor key: passage text}) its boxes, in percent of the page.

    With ``redaction`` (a public site) each image has private identifiers blacked out, and each file gets a
    redacted PDF of its images; returns those downloads (file -> href, size, SHA-256).
    """
    folder = staging / "sources" / "pages"
    folder.mkdir(exist_ok=True)
    downloads: dict[str, dict] = {}
    for source_file, rows in source_pages.items():
        pdf = release_dir / source_file
        if not has_page_images(source_file) or not pdf.exists():
            continue
        images = cached_page_images(pdf, [row["number"] for row in rows], cache_dir)
        # A public site redacts every page, so it reads every page's characters; a private one only the cited.
        read = {row["number"]: row["method"] for row in rows
                if redaction is not None or (source_file, row["number"]) in passages}
        chars = page_chars(pdf, read, cache_dir) if read else {}
        published = []
        for row in rows:
            image = images.get(row["number"])
            if image is None:
                continue
            name = f"{slug(source_file)}-p{row['number']}.png"
            page_chars_here = chars.get(row["number"], [])
            if redaction is None:
                shutil.copyfile(image.path, folder / name)
            else:
                redacted = redact_page(redaction.masker, page_chars_here,
                                       redaction.page_texts.get((source_file, row["number"])),
                                       scanned=row["method"] == "ocr")
                with Image.open(image.path) as rendered:
                    burn(rendered, redacted).save(folder / name, format="PNG", dpi=(DPI, DPI))
                row["redaction"] = redacted.summary()
                row["withheld"] = redacted.withheld is not None
                row["boxes_burnt"] = len(redacted.boxes)
                published.append(folder / name)
            row["image"] = {"src": f"pages/{name}", "width": image.width, "height": image.height}
            row["boxes"] = {key: [[round(100 * v, 2) for v in box] for box in passage_boxes(page_chars_here, text)]
                            for key, text in passages.get((source_file, row["number"]), {}).items()}
        if redaction is not None and published:
            target = staging / PDFS / f"{slug(source_file)}-redacted.pdf"
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = redacted_pdf(published, target, DPI)
            downloads[source_file] = {"href": f"pdf/{target.name}", "sha256": digest,
                                      "size": f"{target.stat().st_size / 1e6:.1f} MB", "pages": len(published)}
    return downloads


def _redaction_counts(source_pages: dict[str, list[dict]], downloads: dict[str, dict]) -> dict | None:
    """What the public copy of the pages blacked out, for the methodology page; None without one."""
    rows = [row for rows in source_pages.values() for row in rows if "boxes_burnt" in row]
    if not rows:
        return None
    return {"pages": len(rows), "pages_boxed": sum(row["boxes_burnt"] > 0 for row in rows),
            "boxes": sum(row["boxes_burnt"] for row in rows), "withheld": sum(row["withheld"] for row in rows),
            "files": len(downloads)}


def _source_pages(pages: pd.DataFrame) -> dict[str, list[dict]]:
    by_file: dict[str, list[dict]] = {}
    for source_file, group in pages.groupby("source_file", sort=True):
        rows = []
        for i, row in enumerate(group.sort_values("page", na_position="last").itertuples(), start=1):
            number = int(row.page) if not pd.isna(row.page) else i
            notes = []
            if getattr(row, "status", None) == "not parsed":
                notes.append(f"not part of a message: {row.reason}" if isinstance(row.reason, str) else
                             "not part of a message")
            if getattr(row, "method", None) == "ocr" and not pd.isna(getattr(row, "confidence", None)):
                notes.append(f"read by OCR, confidence {row.confidence:.0f}%")
            rows.append({"number": number, "bates": row.bates if isinstance(row.bates, str) else "",
                         "text": _page_text(row.text), "note": "; ".join(notes),
                         "method": getattr(row, "method", None) or "text"})
        by_file[str(source_file)] = rows
    return by_file


def _read_tables(processed_dir: Path) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_parquet(p) for p in sorted(processed_dir.glob("*.parquet"))}


# -- building ---------------------------------------------------------------------------------------

def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                              autoescape=jinja2.select_autoescape(["html", "j2"]), trim_blocks=True,
                              lstrip_blocks=True, undefined=jinja2.ChainableUndefined)


def build_site(report_dir: str | Path, processed_dir: str | Path, release_dir: str | Path, *, sample: bool,
               identifiers: list[Identifier] | None = None, out: str | Path | None = None,
               page_images: bool = False, image_cache: str | Path | None = None,
               redaction: ReleaseRedaction | None = None) -> Path:
    """Build the static site from a report run; return its folder.

    ``processed_dir`` holds the tables the site shows (the pseudonymised ones for a public site).
    ``identifiers`` (``identifiers_from(<raw processed folder>)``) turns on the leak check: a public site
    with any leak is moved to ``site-rejected/`` and ``LeakError`` lists where.
    ``page_images`` shows each PDF page's image beside its text, with cited passages boxed on it
    (rendered once into ``image_cache``, by default ``<processed_dir>/.cache/page-images``). A public site
    needs ``redaction`` (``ReleaseRedaction.for_release(<raw processed folder>)``) for them: its images have
    private identifiers blacked out, each file gets a redacted PDF, and the leak gate reads the images and PDFs
    too (by OCR, cached in ``image_cache``).
    """
    report_dir, processed_dir, release_dir = Path(report_dir), Path(processed_dir), Path(release_dir)
    notebook_paths = executed_notebooks(report_dir)
    notebooks_json = {p.stem: nbformat.read(p, as_version=4) for p in notebook_paths}
    inputs = [processed_dir] + [_resolve(ran_on(nb)) if ran_on(nb) else None for nb in notebooks_json.values()]
    public = all(p is not None and is_pseudonymised(p) for p in inputs)
    if page_images and public and redaction is None:
        raise ValueError("page images on a public site must be redacted: give the raw processed folder "
                         "(--processed) to redact them, or build the site without page images")
    if redaction is not None and not public:
        redaction = None  # a private site shows the pages as released
    target = Path(out) if out else report_dir / ("site" if public else "site-private")
    staging = target.with_name(target.name + ".partial")
    if staging.exists():
        shutil.rmtree(staging)
    for folder in ("assets", "notebooks", "figures", "sources", "data"):
        (staging / folder).mkdir(parents=True, exist_ok=True)
    shutil.copy(TEMPLATES / "site.css", staging / "assets" / "site.css")

    report_path = processed_dir / "ingest_report.json"
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
    publication = json.loads((processed_dir / MARKER).read_text()) if (processed_dir / MARKER).exists() else {}
    environment = report.get("environment", {})
    site = {"title": SITE_TITLE, "sample": sample, "private": not public, "nav": NAV,
            "release_name": release_dir.name, "commit": environment.get("git_commit")}
    env = _environment()

    def render(template: str, path: Path, root: str, current: str, page_title: str, **context) -> None:
        html = env.get_template(template).render(site=site, root=root, current=current, page_title=page_title,
                                                 **context)
        path.write_text(html, encoding="utf-8")

    # Notebooks, in reading order.
    pages: list[NotebookPage] = []
    for stem, nb in notebooks_json.items():
        story = read_story(nb)
        pages.append(NotebookPage(stem=stem, title=story.get("title") or stem, question=story.get("question", ""),
                                  method=story.get("method", ""), limits=story.get("limits", ""),
                                  findings=findings_of(nb), ran_on=ran_on(nb)))
        for with_code in (False, True):
            export_notebook(nb, stem, staging / "notebooks", site, with_code=with_code)
    by_stem = {p.stem: p for p in pages}

    # Figures, with the notebook that made each.
    figures = read_figures(report_dir / "html" / "figures",
                           {stem: json.dumps(nb) for stem, nb in notebooks_json.items()})
    for figure in figures:
        for name in (figure["png"], figure["csv"], f"{figure['name']}.json"):
            if name and (report_dir / "html" / "figures" / name).exists():
                shutil.copy(report_dir / "html" / "figures" / name, staging / "figures" / name)
        figure["notebook"] = by_stem.get(figure.pop("made_by"))

    # Message index and page texts.
    tables = _read_tables(processed_dir)
    messages = tables.get("messages", pd.DataFrame(columns=["message_id", "source_file", "body"]))
    table = message_table(messages, tables)
    table.drop(columns=["month"]).to_csv(staging / "data" / "messages.csv", index=False)
    filters = [label for column, label in (("direction", "direction"), ("agencies", "agency"),
                                           ("charge level", "charge level"), ("language", "language flags"))
               if column in table]
    span = date_span(messages)
    source_pages = _source_pages(tables["pages"]) if "pages" in tables else {}
    anchors, highlights = cited_passages(messages, source_pages) if "body" in messages else ({}, {})
    for source_file, rows in source_pages.items():
        for row in rows:
            row["passages"] = sorted(highlights.get((source_file, row["number"]), {}))
    render("messages.html.j2", staging / "messages.html", "", "messages", "Message index",
           table=datatable_html(display_table(messages, table, anchors=anchors)),
           itables_init=itables_offline_init(), count=len(table), date_span=span,
           filters=_phrase(["month", *filters]))
    # Citations printed in the notebooks open their page too, at their message's passage where a row names it.
    pattern = citation_pattern(set(source_pages) | set(messages["source_file"].dropna().astype(str))
                               if "source_file" in messages else set(source_pages))
    files_of = dict(zip(messages["message_id"], messages["source_file"])) if "source_file" in messages else {}
    for exported in sorted((staging / "notebooks").glob("*.html")):
        exported.write_text(link_citations(exported.read_text(encoding="utf-8"), pattern, anchors, files_of, "../"),
                            encoding="utf-8")
    for data in sorted((staging / "figures").glob("*.csv")):
        link_csv_citations(data, pattern, anchors, files_of)
    downloads: dict[str, dict] = {}
    if page_images:
        cache = Path(image_cache) if image_cache else redaction.cache_dir if redaction else \
            processed_dir / ".cache" / "page-images"
        passages = _passage_texts(messages, anchors, source_pages, highlights, redaction)
        downloads = _add_page_images(staging, release_dir, source_pages, passages, cache, redaction)
    shutil.copy(TEMPLATES / "source.js", staging / "assets" / "source.js")
    cited = set(messages["source_file"].dropna().astype(str)) if "source_file" in messages else set()
    for source_file in sorted(set(source_pages) | cited):
        render("source.html.j2", staging / "sources" / f"{slug(source_file)}.html", "../", "messages",
               source_file, source_file=source_file, pages=source_pages.get(source_file, []),
               download=downloads.get(source_file))

    # Index and methodology.
    release = release_info(release_dir, sample)
    findings = [{"html": f, "stem": p.stem, "title": p.title} for p in pages for f in p.findings]
    render("index.html.j2", staging / "index.html", "", "index", "Findings", release=release, findings=findings,
           notebooks=pages, figures=figures, messages_count=len(table), date_span=span,
           filters=_phrase(["date", *filters]))
    events, events_from = read_events(release_dir)
    files = [dict(f, link=f"sources/{slug(f['file'])}.html" if f.get("file") in source_pages else None)
             for f in report.get("files", [])]
    render("methodology.html.j2", staging / "methodology.html", "", "methodology", "Methodology", release=release,
           notebooks=pages, publication=publication, kind_labels=KIND_LABELS,
           measured=json.loads(MEASURED.read_text(encoding="utf-8")) if MEASURED.exists() else None,
           officials=[] if sample else read_officials_table(), events=events,
           events_caption=("Timeline of the synthetic sample (its source addresses lead nowhere)" if sample
                           and events_from == release_dir.name else "Dated public events of the case, each with its source"),
           files=files, date_span=span, manifest=report.get("manifest", {}), environment=environment,
           ingest_code=report.get("ingest_code"), redacted=_redaction_counts(source_pages, downloads))

    if public and identifiers is not None:
        leaks = scan_for_leaks(staging, identifiers)
        if page_images:
            raw_texts = {f"{slug(f)}-p{n}.png": text for (f, n), text in redaction.page_texts.items()} \
                if redaction else None
            leaks += scan_page_images(staging, identifiers, cache, raw_texts=raw_texts) + check_pdfs(staging)
        if leaks:
            rejected = target.with_name(target.name + "-rejected")
            if rejected.exists():
                shutil.rmtree(rejected)
            staging.rename(rejected)
            raise LeakError(leaks)
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    return target
