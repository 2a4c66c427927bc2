"""Whitespace normalisation that keeps a map back to the original character offsets.

Printed email breaks lines inside sentences and names, and pads with runs of
spaces; the statistical model reads such text worse than prose. The tagger reads
a normalised copy and reports offsets into the original.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Whitespace that is not a single plain space: runs of spaces, tabs, line breaks, NBSP.
_UNUSUAL_SPACE = re.compile(r" *[^\S ][^\S]*| {2,}")
_SENTENCE_END = re.compile(r"[.!?:;]['\")\]]?$")


@dataclass(frozen=True)
class NormalisedText:
    """``text`` with each whitespace run collapsed, and the map back to ``original``."""

    original: str
    text: str
    clean_starts: tuple[int, ...] = (0,)
    original_starts: tuple[int, ...] = (0,)

    def original_start(self, position: int) -> int:
        i = bisect_right(self.clean_starts, position) - 1
        return self.original_starts[i] + position - self.clean_starts[i]

    def original_end(self, position: int) -> int:
        return self.original_start(position - 1) + 1 if position > 0 else 0


def _joins_lines(text: str, start: int, end: int) -> bool:
    """True when the break text[start:end] wraps a sentence rather than ending a line of its own."""
    line_start = text.rfind("\n", 0, start) + 1
    last_line = text[line_start:start].rstrip()
    following = text[end:end + 1]
    if not following or not last_line.strip():
        return False
    ends_sentence = bool(_SENTENCE_END.search(last_line))
    if following.islower() or (following.isdigit() and not ends_sentence):
        return True
    # A long line that stops mid-sentence was wrapped by the printer.
    return len(last_line) >= 50 and not ends_sentence


def normalise_whitespace(text: str) -> NormalisedText:
    """Collapse whitespace runs to one space, or one line break where a line ends on its own."""
    if not _UNUSUAL_SPACE.search(text):
        return NormalisedText(text, text)
    pieces: list[str] = []
    clean_starts, original_starts = [0], [0]
    position = clean_position = 0
    for run in _UNUSUAL_SPACE.finditer(text):
        breaks = run.group().count("\n")
        if run.start() == 0 or run.end() == len(text) or breaks == 0:
            replacement = " "
        elif breaks > 1 or not _joins_lines(text, run.start(), run.end()):
            replacement = "\n"  # a blank line, or a line that ends on its own
        else:
            replacement = " "
        pieces.append(text[position:run.start()])
        clean_position += run.start() - position
        pieces.append(replacement)
        clean_position += 1
        position = run.end()
        clean_starts.append(clean_position)
        original_starts.append(position)
    pieces.append(text[position:])
    return NormalisedText(text, "".join(pieces), tuple(clean_starts), tuple(original_starts))
