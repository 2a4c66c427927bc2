"""Page furniture: lines repeated at the edges of a file's pages, print footers and a page's own Bates number, removed.

Which lines are furniture is decided from repetition across the file's pages.
"""

from __future__ import annotations

import re
from collections import Counter

from lib.ingest.bates import _EDGE_LINES, find_bates, normalise_bates
from lib.ingest.headers import label_of

#: Furniture by its look, however rarely it repeats: a browser's print footer
#: ("https://mail.google.com/... 1/2").
PRINT_FOOTER = re.compile(r"^\s*(?:https?://\S+|about:blank|file:///\S+)\s+\d+\s*/\s*\d+\s*$")

# A line is furniture when it recurs at a page edge on this share of the file's
# pages (and on at least _FURNITURE_MIN_PAGES). Set high: the same email printed
# twice repeats its own lines at page edges too, and those are content.
_FURNITURE_SHARE = 0.8
_FURNITURE_MIN_PAGES = 3


def _shape(line: str) -> str:
    """A line with digits generalised, so 'Page 3 of 9' and 'Page 4 of 9' match.

    Marks at either end are dropped: on a scan, OCR reads the edge of a
    banner's frame as '|' on one page and '[' on the next.
    """
    return re.sub(r"\d+", "#", " ".join(re.sub(r"^[^\w(]+|[^\w)]+$", "", line.lower()).split()))


def _edge_indexes(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:_EDGE_LINES] + filled[-_EDGE_LINES:]


class FurnitureSurvey:
    """Counts the line shapes at each page's edges across a file; then names its furniture.

    Pages can be added in any order and then forgotten: only the counts are kept.
    """

    def __init__(self) -> None:
        self.edge_counts: Counter[str] = Counter()
        self.pages = 0

    def add(self, text: str) -> None:
        lines = text.split("\n")
        self.edge_counts.update({_shape(lines[i]) for i in _edge_indexes(lines)})
        self.pages += 1

    def furniture(self) -> set[str]:
        """Shapes of the lines that are furniture: those at the edges of most pages."""
        threshold = max(_FURNITURE_MIN_PAGES, int(_FURNITURE_SHARE * self.pages + 0.5))
        return {shape for shape, n in self.edge_counts.items() if n >= threshold and shape.strip()}


def clean_page(text: str, furniture: set[str], bates: str | None) -> str:
    """A page's text without its furniture lines, print footers and its own Bates number."""
    lines = text.split("\n")
    drop = set()
    for i in _edge_indexes(lines):
        line = lines[i]
        if label_of(line):
            continue  # header field lines are never furniture
        if (_shape(line) in furniture or PRINT_FOOTER.match(line)
                or (bates and normalise_bates(re.sub(r"(?<=\d) (?=\d\b)", "", line.strip())) == bates)):
            drop.add(i)
    return "\n".join(line for i, line in enumerate(lines) if i not in drop).strip("\n")


def strip_furniture(texts: list[str]) -> tuple[list[str], list[str | None], set[str]]:
    """Remove repeated page furniture from a file's pages.

    Returns the cleaned texts, each page's Bates number, and the furniture line
    shapes found (for the ingest report).
    """
    survey = FurnitureSurvey()
    for text in texts:
        survey.add(text)
    furniture = survey.furniture()
    bates = [find_bates(text) for text in texts]
    return [clean_page(text, furniture, b) for text, b in zip(texts, bates)], bates, furniture
