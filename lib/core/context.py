"""The words around a passage, for tables a reporter reads and the site publishes (keyword in context).

One rule for every excerpt: about ``width`` characters either side, on one line,
'…' where the text goes on, and a cut never inside a word nor inside a run of
capitalised words. A name or a place cut in half ('…e Verde' from 'Cape Verde',
'…Park' from 'Hyde Park') reads as another name: it would escape the masking of
a name, or set off the leak check on a place.
"""

from __future__ import annotations

import re
from typing import Iterable

#: Characters a cut may move to keep a word or a run of capitalised words whole.
STRETCH = 40

_WORD = re.compile(r"[^\W_][\w'’.-]*")


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def left_cut(text: str, start: int, width: int, lo: int = 0) -> int:
    """Where the excerpt before ``start`` begins: ``width`` back (not before ``lo``), moved to the start of a word
    and of its run."""
    cut = max(lo, start - width)
    floor = max(lo, cut - STRETCH)
    while cut > floor and not text[cut - 1].isspace() and cut < start:
        cut -= 1  # never inside a word
    words = [m for m in _WORD.finditer(text, floor, min(len(text), start + STRETCH))]
    following = next((m for m in words if m.start() >= cut), None)  # the passage's own first word, at the least
    if following is None or not _capitalised(following.group()):
        return cut
    # Take in the capitalised words before it that are one run with it (a space between, nothing else).
    earlier = [m for m in words if m.end() <= following.start()]
    position = following.start()
    for match in reversed(earlier):
        if not _capitalised(match.group()) or text[match.end():position].strip(" ") != "":
            break
        position = match.start()
    while position > floor and not text[position - 1].isspace():
        position -= 1  # a quote mark or bracket before the run stays with it
    return position if position >= floor else cut


def right_cut(text: str, end: int, width: int, hi: int | None = None) -> int:
    """Where the excerpt after ``end`` stops: ``width`` on (not past ``hi``), moved to the end of a word and of
    its run."""
    hi = len(text) if hi is None else hi
    cut = min(hi, end + width)
    ceiling = min(hi, cut + STRETCH)
    while cut < ceiling and cut > end and not text[cut].isspace() and cut < len(text):
        cut += 1
    words = [m for m in _WORD.finditer(text, max(0, end - STRETCH), ceiling)]
    last = next((m for m in reversed(words) if m.end() <= cut), None)  # the passage's own last word, at the least
    if last is None or not _capitalised(last.group()) or last.end() != cut:
        return cut
    position = cut
    for match in words:
        if match.start() < position:
            continue
        if not _capitalised(match.group()) or text[position:match.start()].strip(" ") != "":
            break
        position = match.end()
    while position < ceiling and not text[position].isspace():
        position += 1  # the punctuation after the run stays with it
    return position


def kwic(text: str, start: int, end: int, width: int = 60, mark: str = "**", *,
         within: tuple[int, int] | None = None, protected: Iterable[tuple[int, int]] = ()) -> str:
    """text[start:end] marked, with about ``width`` characters either side, on one line (see ``sides``)."""
    left, right = sides(text, start, end, width, within=within, protected=protected)
    return f"{left}{mark}{one_line(text[start:end])}{mark}{right}"


def sides(text: str, start: int, end: int, width: int, *, within: tuple[int, int] | None = None,
          protected: Iterable[tuple[int, int]] = ()) -> tuple[str, str]:
    """The excerpt's text before and after text[start:end], on one line, '…' where the text goes on.

    ``within`` keeps the excerpt inside a part of the text (a sentence); a cut that would fall inside a
    ``protected`` span (an entity the tagger found: a name, a date of birth) takes the whole span in, or leaves it
    out where it runs past ``within``.
    """
    lo, hi = within or (0, len(text))
    left, right = left_cut(text, start, width, lo), right_cut(text, end, width, hi)
    for span_start, span_end in protected:
        if span_start < left < span_end:
            left = max(lo, span_start)
        if span_start < right < span_end:
            right = min(hi, span_end) if span_end <= hi else span_start
    return (("…" if text[lo:left].strip() else "") + one_line(text[left:start]),
            one_line(text[end:right]) + ("…" if text[right:hi].strip() else ""))
