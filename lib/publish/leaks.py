"""The leak check: read every published file and report any private person's identifier in it.

File names are read as well as contents. The identifiers come from the RAW tables (``identifiers_from``), so the check
does not trust the pseudonymisation it checks. What is read: the text of HTML
(markup, attributes such as alt and title, text split across tags, JSON and
base64 blobs embedded in scripts, the metadata of embedded images), CSV,
JSON, Markdown and other text files, Parquet string columns, and image
metadata (PNG text chunks, EXIF). Text drawn inside an image is not read.

A ``Leak`` names the file, the kind of identifier and the text around it with
the identifier itself replaced by ``⟦kind⟧``, so the report can be printed in a
build log without repeating the leak.
"""

from __future__ import annotations

import base64
import binascii
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

from .identifiers import Detector, Identifier, fold
from .masking import merge

CONTEXT = 40
TEXT_SUFFIXES = {".html", ".htm", ".csv", ".tsv", ".json", ".txt", ".md", ".js", ".css", ".svg", ".xml", ".ipynb",
                 ".py", ".yaml", ".yml"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff"}
_DATA_URI = re.compile(r"data:(?P<mime>[\w/+.\-]+)?(?:;[\w=\-]+)*;base64,(?P<data>[A-Za-z0-9+/=\s]+)")
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{200,}={0,2}")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


@dataclass(frozen=True)
class Leak:
    file: str  # path relative to the site folder ("page.html#image-2" for an embedded image)
    identifier_kind: str
    context: str

    def __str__(self) -> str:
        return f"{self.file}: {self.identifier_kind}: …{self.context}…"


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
    """(where, text) for everything readable in one published file."""
    suffix = path.suffix.lower()
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


def scan_text(text: str, detector: Detector, where: str) -> list[tuple[Leak, str]]:
    """Leaks in one text, each with the folded value found (to report a value seen twice once)."""
    spans = merge(detector.find(text))
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
        found.append((Leak(where, span.kind, context), fold(" ".join(text[span.start:span.end].split()))))
    return found


def scan_for_leaks(site_dir: str | Path, identifiers: Iterable[Identifier] | Detector) -> list[Leak]:
    """Every identifier of a private person (from the raw tables) found in any file under ``site_dir``."""
    site_dir = Path(site_dir)
    detector = identifiers if isinstance(identifiers, Detector) else Detector(identifiers)
    leaks: list[Leak] = []
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


def check_site(site_dir: str | Path, identifiers: Iterable[Identifier] | Detector) -> None:
    """Raise ``LeakError`` listing every leak; return quietly when the site is clean."""
    leaks = scan_for_leaks(site_dir, identifiers)
    if leaks:
        raise LeakError(leaks)
