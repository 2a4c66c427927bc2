"""Rebuild a page's lines from where its words sit on the page.

Text extraction returns words in the order they were drawn. On a scanned,
OCR'd print, and on any header block printed as a two-column table, that order
is not the reading order: the labels ("From:", "Sent:", "To:") come in one run
and their values in another, or interleaved with the text OCR found in grey
redaction boxes. Here words are placed by position instead (hand-written: the
PDF and OCR libraries give boxes, not a table's rows):

- words whose boxes overlap vertically by half a line form a line, read left
  to right;
- a wide gap between words marks a new cell (a table's column), written as a
  tab;
- a line whose first cell is a header label is a table row: the label and its
  value are written ``"From:\\t<value>"``, and ``"From:\\t"`` when nothing
  stands beside the label, so an empty or redacted value is never taken from
  the next line;
- a table value that wraps onto the next line at normal line spacing, under the
  value or under the label, is joined to its row;
- optionally, a vertical gap of more than a line's height becomes a blank line.

Coordinates grow rightwards and downwards (image convention); PDF points are
flipped by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from lib.core.addresses import REDACTION_CODE
from lib.ingest.headers import label_of

#: A gap wider than this many line heights separates table cells.
CELL_GAP = 2.5
#: Lines closer than this many line heights (bottom to top) are one paragraph.
LEADING = 0.75
#: Words taller than this many line heights are boxes or rules that OCR read as text.
TALL = 1.6


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class Line:
    """Words on one line. Its span is its first word's, so a line never grows into the next."""

    words: list[Word] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0

    def add(self, word: Word) -> None:
        if not self.words:
            self.top, self.bottom = word.top, word.bottom
        self.words.append(word)

    def cells(self, gap: float) -> list[list[Word]]:
        """The line's words left to right, split where the space between two exceeds ``gap``."""
        ordered = sorted(self.words, key=lambda w: w.left)
        cells = [[ordered[0]]]
        for word in ordered[1:]:
            if word.left - cells[-1][-1].right > gap:
                cells.append([word])
            else:
                cells[-1].append(word)
        return cells


def _line_height(words: list[Word]) -> float:
    heights = [w.height for w in words if w.height > 0 and any(ch.isalnum() for ch in w.text)]
    return median(heights) if heights else 10.0


def group_lines(words: list[Word]) -> tuple[list[Line], float]:
    """Words grouped into lines, top to bottom, and the page's typical line height."""
    height = _line_height(words)
    regular = [w for w in words if w.height <= TALL * height]
    tall = [w for w in words if w.height > TALL * height]
    lines: list[Line] = []
    for word in sorted(regular, key=lambda w: (w.top + w.bottom) / 2):
        line = lines[-1] if lines else None
        if line is not None:
            overlap = min(line.bottom, word.bottom) - max(line.top, word.top)
            if overlap >= 0.5 * min(line.bottom - line.top, word.height, height):
                line.add(word)
                continue
        fresh = Line()
        fresh.add(word)
        lines.append(fresh)
    for word in tall:  # joined to the line at their middle, or a line of their own
        middle = (word.top + word.bottom) / 2
        home = next((line for line in lines if line.top <= middle <= line.bottom), None)
        if home is None:
            home = Line()
            home.add(word)
            lines.append(home)
            lines.sort(key=lambda line: line.top)
        else:
            home.words.append(word)
    return lines, height


def _joined(cell: list[Word]) -> str:
    return " ".join(w.text for w in cell)


_LABEL_CELL = re.compile(r"^[A-Za-z][A-Za-z ]{0,14}\s*[:;]$")


def _table_row(cells: list[list[Word]]) -> tuple[str, str] | None:
    """(label, value) when the line is a header table row: a label cell, then a gap, then the value."""
    label = _joined(cells[0])
    if not _LABEL_CELL.match(label) or not label_of(label):
        return None
    return label, "\t".join(_joined(cell) for cell in cells[1:])


def _is_debris(text: str) -> bool:
    """A line with no word in it: what OCR reads off a grey box or a rule, or a bare redaction code."""
    return not re.search(r"[A-Za-z]{2}", REDACTION_CODE.sub(" ", text))


def page_text(words: list[Word], *, blank_lines: bool = False) -> str:
    """The page's text in reading order, header tables written label-tab-value (see the module docstring)."""
    if not words:
        return ""
    lines, height = group_lines(words)
    gap = CELL_GAP * height
    out: list[str] = []
    previous: Line | None = None
    in_table = False
    deferred: list[str] = []  # debris read off boxes inside a header table, written after it
    for line in lines:
        cells = line.cells(gap)
        text = "\t".join(_joined(cell) for cell in cells)
        row = _table_row(cells)
        spacing = line.top - previous.bottom if previous is not None else 0.0
        if row is None and in_table and _is_debris(text):
            deferred.append(text)
            continue
        if row is not None:
            out.append("\t".join(row))
            in_table = True
        elif in_table and out and spacing < LEADING * height and not label_of(_joined(cells[0])):
            # A table value wrapped onto the next line, under the value or under the label.
            out[-1] = f"{out[-1]} {' '.join(text.split())}"
        else:
            in_table = False
            out.extend(deferred)
            deferred = []
            if blank_lines and previous is not None and spacing > height and out and out[-1] != "":
                out.append("")
            out.append(text)
        previous = line
    out.extend(deferred)
    return "\n".join(out)
