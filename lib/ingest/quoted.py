"""Separate a message's own text from the history it quotes, and read that history.

Replies carry earlier messages below them, introduced by a separator
("-----Original Message-----", a rule of underscores), an "On ... wrote:" line
with '>'-prefixed text, or a bare header block. Hand-written: mail libraries
parse MIME structure, not quoting conventions inside a printed body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lib.core.addresses import Address
from lib.ingest.headers import QUOTE_SEPARATOR, WROTE_END, WROTE_START, find_header_blocks, parse_wrote_line

_QUOTE_PREFIX = re.compile(r"^\s*>")


@dataclass
class QuotedMessage:
    """An earlier message recovered from quoted history."""

    sender: Address
    date_raw: str | None
    to: list[Address]
    cc: list[Address]
    subject: str | None
    body: str
    line: int  # line index in the quoted text where its header starts
    depth: int  # 1 = quoted directly by the message, 2 = quoted by that one, ...


def _wrote_at(lines: list[str], i: int) -> int:
    """Number of lines (1 or 2) of an 'On ... wrote:' line starting at i, else 0."""
    if not WROTE_START.match(lines[i]):
        return 0
    if WROTE_END.search(lines[i]):
        return 1
    if i + 1 < len(lines) and WROTE_END.search(lines[i + 1]) and len(lines[i]) + len(lines[i + 1]) < 240:
        return 2
    return 0


def quote_start(lines: list[str], header_starts: set[int] | None = None) -> int:
    """Index of the first line of quoted history in ``lines`` (len(lines) if none).

    ``header_starts`` are lines where a header block begins (the caller may have
    found them already); a header block after some own text is quoted history.
    """
    if header_starts is None:
        header_starts = {block.start for block in find_header_blocks(lines)}
    seen_text = False
    for i, line in enumerate(lines):
        if QUOTE_SEPARATOR.match(line) or _wrote_at(lines, i):
            return i
        if i in header_starts and seen_text:
            return i
        if _QUOTE_PREFIX.match(line) and _quoted_run(lines, i) >= 2:
            return i
        if line.strip():
            seen_text = True
    return len(lines)


def _quoted_run(lines: list[str], i: int) -> int:
    n = 0
    while i + n < len(lines) and (_QUOTE_PREFIX.match(lines[i + n]) or not lines[i + n].strip()):
        n += 1
    return n


def _unquote(lines: list[str]) -> list[str]:
    return [re.sub(r"^\s*> ?", "", line) for line in lines]


def parse_quoted(text: str, depth: int = 1, _max_depth: int = 30) -> list[QuotedMessage]:
    """Every earlier message found in a quoted-history text, oldest last."""
    lines = text.split("\n")
    found: list[QuotedMessage] = []
    blocks = {block.start: block for block in find_header_blocks(lines)}
    i = 0
    while i < len(lines):
        if i in blocks:
            block = blocks[i]
            end = _next_start(lines, block.end, blocks)
            body_lines = lines[block.end:end]
            inner = quote_start(body_lines, set())
            found.append(QuotedMessage(
                sender=block.sender, date_raw=block.date_raw,
                to=block.recipients("to"), cc=block.recipients("cc"),
                subject=block.fields.get("subject"), body=_clean("\n".join(body_lines[:inner])),
                line=i, depth=depth,
            ))
            i = end
            continue
        span = _wrote_at(lines, i)
        if span:
            parsed = parse_wrote_line(" ".join(lines[i:i + span]))
            j = i + span
            quoted_lines = []
            while j < len(lines) and (_QUOTE_PREFIX.match(lines[j]) or not lines[j].strip()):
                quoted_lines.append(lines[j])
                j += 1
            inner_lines = _unquote(quoted_lines)
            inner_cut = quote_start(inner_lines, set())
            if parsed:
                date_raw, sender = parsed
                found.append(QuotedMessage(sender, date_raw, [], [], None,
                                           _clean("\n".join(inner_lines[:inner_cut])), i, depth))
            if inner_cut < len(inner_lines) and depth < _max_depth:
                offset = i + span + inner_cut  # nested lines map one-to-one onto this text's lines
                for nested in parse_quoted("\n".join(inner_lines[inner_cut:]), depth + 1, _max_depth):
                    nested.line += offset
                    found.append(nested)
            i = max(j, i + span)
            continue
        i += 1
    # Header-block quotes nest by position: each later block was quoted by the one above.
    for n, message in enumerate(m for m in found if m.depth == depth):
        message.depth = depth + n
    return found


def _next_start(lines: list[str], start: int, blocks: dict) -> int:
    for j in range(start, len(lines)):
        if j in blocks or QUOTE_SEPARATOR.match(lines[j]) or _wrote_at(lines, j):
            return j
    return len(lines)


def _clean(text: str) -> str:
    return text.strip("\n ").strip()


__all__ = ["QuotedMessage", "parse_quoted", "quote_start"]
