"""The words around a passage, for tables a reporter reads and the site publishes (keyword in context).

One rule for every excerpt: about ``width`` characters either side, on one line,
'…' where the text goes on, and a cut never inside a word nor inside a run of
capitalised words. A name or a place cut in half ('…e Verde' from 'Cape Verde',
'…Park' from 'Hyde Park') reads as another name: it would escape the masking of
a name, or set off the leak check on a place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

#: Characters a cut may move to keep a word or a run of capitalised words whole.
STRETCH = 40

# A word is what lies between spaces ('A&B', 'ICE/ERO', 'Lopez-Garcia,' are each one word), so a cut at a space
# never splits one.
_TOKEN = re.compile(r"\S+")
_OPENERS = "\"'“‘([{"


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _capitalised(token: str) -> bool:
    return token.lstrip(_OPENERS)[:1].isupper()


def _runs_on(token: str) -> bool:
    """Whether a capitalised word may run into the next one: not after a comma, semicolon or closing bracket
    ('Cape Verde, A&B' is two runs; 'St. Paul' and 'Hyde Park' are one each)."""
    return token[-1:].isalnum() or token.endswith(".")


def _joined(text: str, first: re.Match, second: re.Match) -> bool:
    """Two words one capitalised run: both capitalised, only spaces between (not a line break)."""
    return (_capitalised(first.group()) and _runs_on(first.group()) and _capitalised(second.group())
            and text[first.end():second.start()].strip(" ") == "")


def left_cut(text: str, start: int, width: int, lo: int = 0) -> int:
    """Where the excerpt before ``start`` begins: ``width`` back (not before ``lo``), moved to the start of a word
    and of its run."""
    cut = max(lo, start - width)
    floor = max(lo, cut - STRETCH)
    while cut > floor and not text[cut - 1].isspace() and cut < start:
        cut -= 1  # never inside a word
    tokens = [m for m in _TOKEN.finditer(text, floor, min(len(text), start + STRETCH))
              if m.start() > floor or floor == 0 or text[floor - 1].isspace()]  # whole words only
    following = next((m for m in tokens if m.start() >= cut), None)  # the passage's own first word, at the least
    if following is None:
        return cut
    for earlier in reversed([m for m in tokens if m.end() <= following.start()]):
        if not _joined(text, earlier, following):
            break
        following = earlier
    return min(cut, following.start())


def right_cut(text: str, end: int, width: int, hi: int | None = None) -> int:
    """Where the excerpt after ``end`` stops: ``width`` on (not past ``hi``), moved to the end of a word and of
    its run."""
    hi = len(text) if hi is None else hi
    cut = min(hi, end + width)
    ceiling = min(hi, cut + STRETCH)
    while cut < ceiling and cut > end and not text[cut].isspace():
        cut += 1
    last = None
    for token in _TOKEN.finditer(text, max(0, end - STRETCH), hi):
        if token.end() <= cut:
            last = token  # the passage's own last word, at the least
        elif last is None or last.end() != cut or token.start() > ceiling or not _joined(text, last, token):
            break
        else:
            last, cut = token, token.end()
    return cut


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
        if span_start < left < span_end:  # take the span in, or leave it out where it starts before ``within``
            left = span_start if span_start >= lo else max(left, min(span_end, start))
        if span_start < right < span_end:
            right = span_end if span_end <= hi else min(right, max(span_start, end))
    return (("…" if text[lo:left].strip() else "") + one_line(text[left:start]),
            one_line(text[end:right]) + ("…" if text[right:hi].strip() else ""))


def entity_spans(entities: pd.DataFrame | None, field: str) -> dict[str, list[tuple[int, int]]]:
    """Each message's entity spans (``message_id`` -> [(start, end)]) in one field: what ``protected`` takes.

    ``entities`` is the entity table (``message_id``, ``field``, ``start_char``, ``end_char``); None or empty
    gives no spans.
    """
    if entities is None or entities.empty:
        return {}
    inside = entities[entities["field"] == field].dropna(subset=["start_char", "end_char"])
    spans: dict[str, list[tuple[int, int]]] = {}
    for message_id, start, end in zip(inside["message_id"], inside["start_char"], inside["end_char"]):
        spans.setdefault(message_id, []).append((int(start), int(end)))
    return spans
