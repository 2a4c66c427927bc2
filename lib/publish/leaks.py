"""The leak gate: read every published file and report any private person's identifier in it.

It does not rely on what the masker found. Two checks, each re-reading the published files:

- every identifier of a private person in the RAW tables (``identifiers_from``), in any of its variants;
- with a ``Gate``, the independent name detector (``names.NameShapes``, which does not use the entity
  tagger) and the identifier shapes (``patterns``: dates of birth, A-numbers, phones, addresses, private
  emails, docket, booking, incident, warrant, PCF, SID and FBI numbers, SSNs, plates, social media
  handles): any name-shaped span not on the publishable list and any case identifier is a leak, whoever
  it belongs to. A false alarm is resolved by adding the name, with a source, to the officials list (or a
  place to places.csv, a term to terms.csv), not by switching the gate off.

File names are read as well as contents. What is read: the text of HTML (markup, attributes such as alt
and title, text split across tags, JSON and base64 blobs embedded in scripts, the metadata of embedded
images), CSV, JSON, Markdown and other text files, SVG text, Parquet string columns, and image metadata
(PNG text chunks, EXIF). The name and shape checks read what a reader sees: the text of pages (not their
style sheets and scripts), attributes, and the data tables and JSON strings pages embed. Text drawn inside
a raster image is not read here: ``image_leaks`` reads the page images and PDFs by OCR.

A ``Leak`` names the file, the kind of identifier and the text around it with
the identifier itself replaced by ``⟦kind⟧``, so the report can be printed in a
build log without repeating the leak.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import html
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator

from .identifiers import Detector, Identifier
from .masking import merge
from .names import NameShapes
from .patterns import Keep, find_shapes
from .text import Span, fold

CONTEXT = 40
TEXT_SUFFIXES = {".html", ".htm", ".csv", ".tsv", ".json", ".txt", ".md", ".js", ".css", ".svg", ".xml", ".ipynb",
                 ".py", ".yaml", ".yml"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff"}
#: Documents published as pictures of pages: ``image_leaks`` checks that each holds only checked page images.
PICTURE_DOCUMENTS = {".pdf"}
_DATA_URI = re.compile(r"data:(?P<mime>[\w/+.\-]+)?(?:;[\w=\-]+)*;base64,(?P<data>[A-Za-z0-9+/=\s]+)")
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{200,}={0,2}")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


@dataclass(frozen=True)
class Leak:
    file: str  # path relative to the site folder ("page.html#image-2" for an embedded image)
    identifier_kind: str
    context: str
    found_by: str = "raw tables"  # or "name detector", "identifier shape"

    def __str__(self) -> str:
        return f"{self.file}: {self.identifier_kind} ({self.found_by}): …{self.context}…"


class LeakError(Exception):
    """Published files hold identifiers of private people; the message lists where."""

    def __init__(self, leaks: list[Leak]):
        self.leaks = leaks
        lines = [str(leak) for leak in leaks[:50]]
        more = f"\n  … and {len(leaks) - 50} more" if len(leaks) > 50 else ""
        super().__init__(f"{len(leaks)} identifier(s) of private people found in published files:\n  "
                         + "\n  ".join(lines) + more)


class _TextOnly(HTMLParser):
    """The text of an HTML page with tags removed, so a name split by markup reads whole."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _unescape(text: str) -> str:
    text = html.unescape(text)
    return _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text).replace("\\/", "/").replace("\\n", "\n")


def _decode_base64(data: str) -> bytes | None:
    try:
        return base64.b64decode(re.sub(r"\s", "", data), validate=False)
    except (binascii.Error, ValueError):
        return None


def image_metadata(data: bytes) -> str:
    """Text stored in an image: PNG text chunks, EXIF strings, comments."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            values = [f"{k}: {v}" for k, v in image.info.items() if isinstance(v, (str, bytes))]
            values += [f"{k}: {v}" for k, v in getattr(image, "text", {}).items()]
            values += [str(v) for v in image.getexif().values() if isinstance(v, (str, bytes))]
    except Exception:  # not an image Pillow can read: nothing to report from it
        return ""
    return "\n".join(v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in values)


@lru_cache(maxsize=1)
def library_blobs() -> frozenset[str]:
    """Digests of the library code embedded in pages (the offline DataTables bundle): code, not data."""
    from itables import options

    bundle = Path(options.dt_bundle)
    return frozenset(hashlib.sha256(p.read_bytes()).hexdigest() for p in (bundle, bundle.with_suffix(".css"))
                     if p.exists())


def _html_texts(text: str) -> Iterator[tuple[str, str]]:
    """(where, text) pieces of an HTML (or any text) file worth scanning.

    The page is read twice, as markup and as text without tags; where both show the same value, the
    scan reports it once (see ``scan_for_leaks``). Both views use the same ``where`` ("") for that.
    """
    for number, match in enumerate(_DATA_URI.finditer(text), start=1):
        data = _decode_base64(match.group("data"))
        if data and (match.group("mime") or "").startswith("image/"):
            yield f"#image-{number}", image_metadata(data)
        elif data:
            yield f"#data-{number}", data.decode("utf-8", "replace")
    stripped = _DATA_URI.sub("data:", text)
    for number, match in enumerate(_BASE64_RUN.finditer(stripped), start=1):
        data = _decode_base64(match.group(0))
        if data and hashlib.sha256(data).hexdigest() not in library_blobs():
            try:
                yield f"#base64-{number}", data.decode("utf-8")
            except UnicodeDecodeError:
                pass
    stripped = _BASE64_RUN.sub("", stripped)
    yield "", _unescape(stripped)
    parser = _TextOnly()
    parser.feed(stripped)
    yield "", _unescape(" ".join(" ".join(parser.parts).split()))


def _parquet_text(path: Path) -> str:
    import pandas as pd

    df = pd.read_parquet(path)
    rows = df.astype(str).to_csv(index=False)
    return " ".join(df.columns) + "\n" + rows


def texts_of(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for everything readable in one published file. PDFs are read as pictures of pages
    (``image_leaks.check_pdfs``), not as text."""
    suffix = path.suffix.lower()
    if suffix in PICTURE_DOCUMENTS:
        return
    if suffix in IMAGE_SUFFIXES:
        yield "", image_metadata(path.read_bytes())
    elif suffix == ".parquet":
        yield "", _parquet_text(path)
    else:
        raw = path.read_bytes()
        text = raw.decode("utf-8", "replace")
        if suffix in (".json", ".ipynb"):
            try:
                text = json.dumps(json.loads(text), ensure_ascii=False)
            except ValueError:
                pass
        if suffix in TEXT_SUFFIXES or b"\x00" not in raw[:4096]:
            yield from _html_texts(text)


def scan_text(text: str, detector: Detector, where: str, *, found_by: str = "raw tables",
              spans: list[Span] | None = None) -> list[tuple[Leak, str]]:
    """Leaks in one text, each with the folded value found (to report a value seen twice once)."""
    spans = merge(detector.find(text) if spans is None else spans)
    if not spans:
        return []
    # Context comes from a copy with every identifier replaced, so the report never repeats one.
    masked, positions, cursor = [], [], 0
    length = 0
    for span in spans:
        masked.append(text[cursor:span.start])
        length += span.start - cursor
        token = f"⟦{span.kind}⟧"
        positions.append((length, length + len(token)))
        masked.append(token)
        length += len(token)
        cursor = span.end
    masked.append(text[cursor:])
    masked_text = "".join(masked)
    found = []
    for span, (start, end) in zip(spans, positions):
        context = " ".join(masked_text[max(0, start - CONTEXT):end + CONTEXT].split())
        found.append((Leak(where, span.kind, context, found_by), fold(" ".join(text[span.start:span.end].split()))))
    return found


def scan_for_leaks(site_dir: str | Path, identifiers: Iterable[Identifier] | Detector | Gate) -> list[Leak]:
    """Every identifier of a private person found in any file under ``site_dir``.

    ``identifiers``: the raw tables' identifiers (or their ``Detector``); a ``Gate`` adds the independent
    name detector and the identifier shapes.
    """
    site_dir = Path(site_dir)
    gate = identifiers if isinstance(identifiers, Gate) else None
    detector = gate.detector if gate else identifiers if isinstance(identifiers, Detector) else Detector(identifiers)
    leaks: list[Leak] = [] if gate is None else gate.scan(site_dir)
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(site_dir).as_posix()
        # A file's own name is published too ('sources/<file name>.html'); slugs are lower case, so words
        # are capitalised for the lone-name test.
        name_text = re.sub(r"[-_./]+", " ", relative).title()
        leaks += [leak for leak, _ in scan_text(name_text, detector, relative + "#file-name")]
        seen: dict[str, set] = {}
        for where, text in texts_of(path):
            view = []
            for leak, value in scan_text(text, detector, relative + where):
                if (leak.identifier_kind, value) not in seen.get(where, set()):
                    view.append((leak, value))
            seen.setdefault(where, set()).update((leak.identifier_kind, value) for leak, value in view)
            leaks += [leak for leak, _ in view]
    return list(dict.fromkeys(leaks))


def check_site(site_dir: str | Path, identifiers: Iterable[Identifier] | Detector | Gate) -> None:
    """Raise ``LeakError`` listing every leak; return quietly when the site is clean."""
    leaks = scan_for_leaks(site_dir, identifiers)
    if leaks:
        raise LeakError(leaks)


# -- the independent checks: names by shape, identifiers by shape ----------------------------------------

#: Elements that end a line of text: a name never runs across them.
_BLOCKS = {"p", "div", "td", "th", "tr", "li", "ul", "ol", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table",
           "section", "article", "header", "footer", "nav", "main", "pre", "figure", "figcaption", "caption",
           "dt", "dd", "dl", "blockquote", "hr", "option", "summary", "details", "tbody", "thead", "tfoot", "title"}
#: Attributes a reader sees or a search engine indexes.
_SEEN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "value", "content", "label", "summary"}
_LINK = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


class _Seen(HTMLParser):
    """What a reader of an HTML page sees: its text line by line, the attributes shown, the strings of the
    data its scripts carry (a DataTable's rows). Style sheets and script code are not text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._in = tag
        if tag in _BLOCKS:
            self.lines.append("\n")
        for name, value in attrs:
            if value and name in _SEEN_ATTRIBUTES and not value.startswith("data:"):
                self.lines.append(f"\n{value}\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._in = None
        if tag in _BLOCKS:
            self.lines.append("\n")

    def handle_data(self, data):
        if self._in == "script":
            self.scripts.append(data)
        elif self._in is None:
            self.lines.append(data)


def _strings_in(script: str, depth: int = 0) -> list[str]:
    """The JSON string literals of a script, decoded; a string holding JSON or HTML is read in turn."""
    found = []
    for match in _JSON_STRING.finditer(script):
        try:
            value = json.loads(match.group())
        except ValueError:
            continue
        if not isinstance(value, str) or not value.strip():
            continue
        if _BASE64_RUN.fullmatch(value):  # an embedded file: library code is skipped, anything else read
            data = _decode_base64(value)
            if data and hashlib.sha256(data).hexdigest() not in library_blobs():
                try:
                    found += seen_text(data.decode("utf-8"))
                except UnicodeDecodeError:
                    pass
            continue
        if depth < 2 and value.lstrip()[:1] in "[{":
            found += _strings_in(value, depth + 1)
        elif "<" in value and ">" in value:
            found += seen_text(value)
        else:
            found.append(value)
    return found


def seen_text(page: str) -> list[str]:
    """The texts of an HTML page as a reader sees them (see ``_Seen``)."""
    parser = _Seen()
    parser.feed(page)
    texts = ["".join(parser.lines)]
    for script in parser.scripts:
        texts += _strings_in(script)
    return texts


def _cells(text: str) -> list[tuple[str, bool]]:
    """The cells of a CSV file, each with whether its column is a subject line."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    subject = [h.strip().casefold() == "subject" for h in rows[0]]
    return [(cell, i < len(subject) and subject[i]) for row in rows for i, cell in enumerate(row)]


def _json_strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


def seen_texts_of(path: Path) -> Iterator[tuple[str, str, bool]]:
    """(where, text, is a subject line) for what a reader sees in one published file."""
    suffix = path.suffix.lower()
    if suffix in PICTURE_DOCUMENTS:
        return
    if suffix in IMAGE_SUFFIXES:
        yield "", image_metadata(path.read_bytes()), False
        return
    if suffix == ".parquet":
        yield "", _parquet_text(path), False
        return
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and suffix not in TEXT_SUFFIXES:
        return
    text = raw.decode("utf-8", "replace")
    if suffix in (".html", ".htm", ".svg", ".xml"):
        for number, match in enumerate(_DATA_URI.finditer(text), start=1):
            data = _decode_base64(match.group("data"))
            if data and (match.group("mime") or "").startswith("image/svg"):
                yield f"#image-{number}", "\n".join(seen_text(data.decode("utf-8", "replace"))), False
            elif data and (match.group("mime") or "").startswith("image/"):
                yield f"#image-{number}", image_metadata(data), False
        for piece in seen_text(_DATA_URI.sub("data:", text)):
            yield "", piece, False
    elif suffix == ".csv":
        for cell, subject in _cells(text):
            yield "", cell, subject
    elif suffix in (".json", ".ipynb"):
        try:
            for value in _json_strings(json.loads(text)):
                yield "", value, False
        except ValueError:
            yield "", text, False
    elif suffix in (".js", ".css"):
        return  # code and style sheets: what they show comes from the pages read above
    else:
        yield "", text, False


@dataclass
class Gate:
    """The leak gate of a release: the raw tables' identifiers, the independent name detector, the shapes.

    ``keep``: officials' work email addresses and agencies' mail domains, which are not leaks.
    """

    detector: Detector
    names: NameShapes | None = None
    keep: Keep = Keep()

    @classmethod
    def for_release(cls, processed_dir: str | Path, *, officials=None, release_dir: str | Path | None = None) -> "Gate":
        """The gate for a site built from the RAW processed folder ``processed_dir`` (and ``release_dir``, whose
        claims file names the speakers the site quotes)."""
        import pandas as pd

        from .pseudonymise import _keep
        from .publishable import officials_csv, release_publishable
        from .raw_identifiers import identifiers_from, lower_case_words, read_officials, release_texts, roles_from
        from .values import canonical

        processed_dir = Path(processed_dir)
        identifiers = identifiers_from(processed_dir, officials=officials)
        tables = {name: pd.read_parquet(processed_dir / f"{name}.parquet")
                  for name in ("messages", "people") if (processed_dir / f"{name}.parquet").exists()}
        messages, people = tables.get("messages"), tables.get("people")
        private_emails = {v for i in identifiers if i.kind == "email" for v in canonical("email", i.value)}
        keep = _keep(people, messages, roles_from(people, read_officials(officials)), private_emails)
        names = NameShapes(release_publishable(identifiers, messages, officials_csv=officials_csv(officials),
                                               release_dir=release_dir),
                           ordinary=lower_case_words(release_texts(processed_dir), at_least=3))
        return cls(Detector(identifiers), names, keep)

    def spans(self, text: str, *, subject: bool = False) -> list[tuple[Span, str]]:
        """Name-shaped spans not publishable, and identifier shapes, each with what found it.

        Digits inside a link ('…/articles/20191026/18360943267/…') are no one's phone; a handle in one is.
        """
        links = [m.span() for m in _LINK.finditer(text)]
        found = [(s, "identifier shape") for s in find_shapes(text, self.keep)
                 if s.kind == "handle" or not any(a <= s.start and s.end <= b for a, b in links)]
        if self.names is not None:
            found += [(s, "name detector") for s in self.names.find(text, subject=subject)]
        return found

    def scan(self, site_dir: Path) -> list[Leak]:
        """Leaks the independent checks find in every file under ``site_dir``."""
        leaks: list[Leak] = []
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            relative = path.relative_to(site_dir).as_posix()
            for where, text, subject in seen_texts_of(path):
                if not text or not text.strip():
                    continue
                for found_by in ("identifier shape", "name detector"):
                    spans = [s for s, by in self.spans(text, subject=subject) if by == found_by]
                    if spans:
                        leaks += [leak for leak, _ in scan_text(text, self.detector, relative + where,
                                                                 found_by=found_by, spans=spans)]
        return list(dict.fromkeys(leaks))

