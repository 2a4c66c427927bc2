"""FOIA redaction marks inside message text.

A redacted span is kept in the text as a marker ``⟦code|B|hidden⟧`` until it is
printed. The PDF writer draws a black box (``B``) with the exemption label in
white, or prints the label alone (``T``); the hidden words never reach any
output. Mail files show the label only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LABELS = {
    "b6": "(b)(6)",
    "b7c": "(b)(7)(C)",
    "b6b7c": "(b)(6);(b)(7)(C)",
    "b7e": "(b)(7)(E)",
    "redacted": "[REDACTED]",
}

MARKER = re.compile(r"⟦(\w+)\|([BT])\|([^⟧]*)⟧")


@dataclass(frozen=True)
class Mark:
    code: str
    boxed: bool
    hidden: str

    @property
    def label(self) -> str:
        return LABELS[self.code]


def redact(code: str, hidden: str, boxed: bool = True) -> str:
    assert code in LABELS and "⟧" not in hidden
    return f"⟦{code}|{'B' if boxed else 'T'}|{hidden}⟧"


def pieces(text: str) -> list[str | Mark]:
    """Split a line into plain strings and marks, in order."""
    out: list[str | Mark] = []
    pos = 0
    for m in MARKER.finditer(text):
        if m.start() > pos:
            out.append(text[pos:m.start()])
        out.append(Mark(m.group(1), m.group(2) == "B", m.group(3)))
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def marks(text: str) -> list[Mark]:
    return [p for p in pieces(text) if isinstance(p, Mark)]


def visible(text: str) -> str:
    """The text as a reader sees it: every mark replaced by its label."""
    return MARKER.sub(lambda m: LABELS[m.group(1)], text)


def truth_marks(text: str) -> list[dict]:
    return [{"code": m.label, "boxed": m.boxed} for m in marks(text)]


_TOKEN = re.compile(r"(?:⟦[^⟧]*⟧|[^\s⟦])+")


def wrap(line: str, max_width: float, width_of) -> list[str]:
    """Greedy word wrap where a mark is one unbreakable word.

    ``width_of(token)`` measures a token (with marks); over-long words are cut.
    """
    indent = line[: len(line) - len(line.lstrip(" "))]
    tokens = _TOKEN.findall(line)
    if not tokens:
        return [""]
    lines, current = [], indent
    for token in tokens:
        candidate = f"{current} {token}" if current.strip() else current + token
        if width_of(candidate) <= max_width or not current.strip():
            if not current.strip() and width_of(candidate) > max_width and "⟦" not in token:
                # a single word wider than the line (long address lists, URLs): cut it
                while width_of(candidate) > max_width and len(candidate) > 1:
                    cut = len(candidate)
                    while cut > 1 and width_of(candidate[:cut]) > max_width:
                        cut -= 1
                    lines.append(candidate[:cut])
                    candidate = candidate[cut:]
            current = candidate
        else:
            lines.append(current)
            current = token
    lines.append(current)
    return lines
