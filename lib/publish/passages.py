"""Where a cited passage sits on a page: its characters in the page's text, and its boxes on the page image.

A citation carries a page number and the passage's text, not its position, so the passage is found by its
text. Layout, OCR and the message table's reflowing change only the whitespace between words (line breaks,
runs of spaces, a line-end hyphen's break), so the match ignores whitespace; where the page's text parts
from the passage (page furniture printed in the middle of it, a page break), the longest opening of the
passage found on the page is taken. Hand-written: difflib and its kin align strings but do not map a
whitespace-blind match back to character offsets and boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: (left, top, right, bottom), in any unit with y growing downwards.
Box = tuple[float, float, float, float]

#: The shortest opening of a passage (non-space characters) taken as a match when the whole is not found.
MIN_MATCH = 20


@dataclass(frozen=True)
class PageChar:
    """One character of a page with its box; spaces and line breaks may have no box."""

    char: str
    box: Box | None


def without_space(text: str) -> tuple[str, list[int]]:
    """``text`` with whitespace removed, and the offset in ``text`` of each character kept."""
    kept = [(i, c) for i, c in enumerate(text) if not c.isspace()]
    return "".join(c for _, c in kept), [i for i, _ in kept]


def locate(text: str, passage: str, *, min_match: int = MIN_MATCH) -> tuple[int, int] | None:
    """(start, end) of ``passage`` in ``text``, ignoring whitespace; the longest opening found if not all of it.

    None when not even ``min_match`` non-space characters of its opening are on the page (or the whole
    passage, when shorter).
    """
    haystack, offsets = without_space(text)
    needle, _ = without_space(passage)
    if not needle or not haystack:
        return None
    shortest = min(min_match, len(needle))
    low, high, found = shortest, len(needle), None
    # Any opening of a found opening is found too, so the longest one found is a binary search away.
    while low <= high:
        middle = (low + high) // 2
        at = haystack.find(needle[:middle])
        if at >= 0:
            found, low = (at, middle), middle + 1
        else:
            high = middle - 1
    if found is None:
        return None
    at, length = found
    return offsets[at], offsets[at + length - 1] + 1


def line_boxes(boxes: Sequence[Box]) -> list[Box]:
    """The union box of each line the given character boxes (in reading order) run along."""
    lines: list[list[float]] = []
    for left, top, right, bottom in boxes:
        if lines:
            line = lines[-1]
            height = max(line[3] - line[1], bottom - top, 1e-9)
            overlap = min(line[3], bottom) - max(line[1], top)
            # Same line: it overlaps the line by half a height and does not start back at the left margin.
            if overlap > 0.5 * height and left >= line[0] - 0.5 * height:
                line[:] = [min(line[0], left), min(line[1], top), max(line[2], right), max(line[3], bottom)]
                continue
        lines.append([left, top, right, bottom])
    return [tuple(line) for line in lines]


def passage_boxes(chars: Sequence[PageChar], passage: str, *, min_match: int = MIN_MATCH) -> list[Box]:
    """The boxes (one per line) of the best match of ``passage`` among a page's characters; [] if not found."""
    text = "".join(c.char for c in chars)
    span = locate(text, passage, min_match=min_match)
    if span is None:
        return []
    return line_boxes([c.box for c in chars[span[0]:span[1]] if c.box is not None and not c.char.isspace()])
