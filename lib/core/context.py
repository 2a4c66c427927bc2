"""The words around a passage, for tables a reporter reads and the site publishes (keyword in context).

One rule for every excerpt: about ``width`` characters either side, on one line,
'…' where the text goes on, and a cut never inside a word nor inside a run of
capitalised words. A name or a place cut in half ('…e Verde' from 'Cape Verde',
'…Park' from 'Hyde Park') reads as another name: it would escape the masking of
a name, or set off the leak check on a place.
"""

from __future__ import annotations

import re

#: Characters a cut may move to keep a word or a run of capitalised words whole.
STRETCH = 40

_WORD = re.compile(r"[^\W_][\w'’.-]*")


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def left_cut(text: str, start: int, width: int) -> int:
    """Where the excerpt before ``start`` begins: ``width`` back, moved to the start of a word and of its run."""
    cut = max(0, start - width)
    floor = max(0, cut - STRETCH)
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


def right_cut(text: str, end: int, width: int) -> int:
    """Where the excerpt after ``end`` stops: ``width`` on, moved to the end of a word and of its run."""
    cut = min(len(text), end + width)
    ceiling = min(len(text), cut + STRETCH)
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


def kwic(text: str, start: int, end: int, width: int = 60, mark: str = "**") -> str:
    """text[start:end] marked, with about ``width`` characters either side, on one line."""
    left, right = sides(text, start, end, width)
    return f"{left}{mark}{one_line(text[start:end])}{mark}{right}"


def sides(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """The excerpt's text before and after text[start:end], on one line, '…' where the text goes on."""
    left, right = left_cut(text, start, width), right_cut(text, end, width)
    return (("…" if left > 0 else "") + one_line(text[left:start]),
            one_line(text[end:right]) + ("…" if right < len(text) else ""))
