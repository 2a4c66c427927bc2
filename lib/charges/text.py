"""Where a message's text breaks: printed forms, passages, sentences and line wraps; a charge's context.

Offsets into the text are kept throughout: ``unwrap`` makes printed line wraps
spaces without moving a character, and ``_context`` cuts the sentence around a
charge by the excerpt rule of ``lib.core.context``.
"""

from __future__ import annotations

import bisect
import re

from lib.core.context import kwic
from lib.core.forms import form_start

# Where passages break: blank lines and list items ("1.", "2)", "-", "•" opening a line).
_PASSAGE_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]+\S)")
# A sentence ends at . ! ? before a capital, digit or bracket; not after a title or an initial.
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b(?:Mr|Ms|Dr|St|Lt|No|Jr|Sr))(?<!\b(?:Mrs|Det|Sgt|Ofc|Ave|Apt))"
                           r"[.!?](?=\s+[\"'(]?[A-Z0-9])")
_CONTEXT_WIDTH = 160
# A line break inside a long printed line is a wrap, not the end of a charge ("...on Larceny\nunder $1,000
# (266/30)"), unless the next line opens a list item or a "Label:" line.
_WRAPPED_LINE = re.compile(r"(?<=[^\n]{70})\n(?![ \t]*(?:\d{1,2}[.)]\s|[-*•]\s|[A-Z][\w #/]{0,30}:|\n))")


def form_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each printed form in a text, in order (see ``lib.core.forms.form_start``)."""
    starts: list[int] = []
    offset = 0
    while offset < len(text):
        found = form_start(text[offset:])
        if found is None:
            break
        # A title found right at the line after a form's first line is that form's own heading.
        if not (starts and found == 0):
            starts.append(offset + found)
        line_end = text.find("\n", offset + found)
        if line_end < 0:
            break
        offset = line_end + 1
    return [(s, starts[i + 1] if i + 1 < len(starts) else len(text)) for i, s in enumerate(starts)]


def _breaks(text: str, pattern: re.Pattern, lo: int, hi: int) -> list[int]:
    return [m.end() for m in pattern.finditer(text, lo, hi)]


def _span_around(cuts: list[int], lo: int, hi: int, position: int) -> tuple[int, int]:
    """The piece of [lo, hi) cut at ``cuts`` that holds ``position``."""
    inner = [c for c in cuts if lo < c < hi]
    i = bisect.bisect_right(inner, position)
    return (inner[i - 1] if i else lo), (inner[i] if i < len(inner) else hi)


def unwrap(text: str) -> str:
    """``text`` with printed line wraps made spaces; offsets are unchanged."""
    return _WRAPPED_LINE.sub(" ", text)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _context(text: str, lo: int, hi: int, start: int, end: int, protected: list[tuple[int, int]] = ()) -> str:
    """The sentence [lo, hi) around a charge, cut to about _CONTEXT_WIDTH characters by the excerpt rule
    (``lib.core.context``), never inside a ``protected`` span (an entity): a half name would escape masking."""
    half = max((_CONTEXT_WIDTH - (end - start)) // 2, 20)
    return kwic(text, start, end, half, mark="", within=(lo, hi), protected=protected).strip()
