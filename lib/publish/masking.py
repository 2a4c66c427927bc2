"""Replace identifier spans in a text, keeping a map from old character offsets to new ones.

Spans from every source (entity offsets, known identifiers, shapes) are
merged where they overlap, so no fragment of an identifier survives next to
its mask: "A# 123-456-789" found as "123-456-789" by one net and as the whole
by another becomes one "[A-NUMBER]".
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterable

from .identifiers import Detector
from .names import NameShapes
from .patterns import Keep, find_shapes
from .text import Span

#: What each kind of identifier becomes.
MASKS = {"dob": "[DOB]", "address": "[ADDRESS]", "phone": "[PHONE]", "email": "[EMAIL]", "a_number": "[A-NUMBER]",
         "license": "[LICENSE]", "report": "[REPORT]", "ssn": "[SSN]", "name": "[NAME]", "docket": "[DOCKET]",
         "booking": "[BOOKING]", "warrant": "[WARRANT]", "pcf": "[PCF]", "sid": "[SID]", "fbi": "[FBI-NUMBER]",
         "plate": "[PLATE]", "handle": "[HANDLE]", "ice_id": "[ICE-ID]"}
#: When spans of two kinds overlap, the merged span takes the kind that comes first here.
#: A phone-shaped number after a case cue ('Phone on the booking is 4135550131') is a phone.
PRECEDENCE = ("address", "a_number", "ssn", "docket", "warrant", "phone", "booking", "report", "pcf", "sid", "fbi",
              "ice_id", "license", "plate", "email", "handle", "dob", "name")


@dataclass
class Masked:
    """A masked text and the edits that made it."""

    text: str
    edits: list[tuple[int, int, int, int]] = field(default_factory=list)  # old start, old end, new start, new end
    kinds: list[str] = field(default_factory=list)
    #: Names masked that only the independent name detector found (not the tagger, not the raw tables).
    names_beyond_tagger: int = 0
    #: Mentions of officials' names in the text, and how many of them were left as written.
    official_mentions: int = 0
    official_mentions_kept: int = 0

    def position(self, offset: int, *, end: bool = False) -> int:
        """Where an offset of the original text lands in the masked text.

        A start offset inside a replaced span moves to the start of its mask, an end offset to its end,
        so an entity lying within a mask covers exactly the mask.
        """
        starts = [e[0] for e in self.edits]
        i = (bisect.bisect_left(starts, offset) if end else bisect.bisect_right(starts, offset)) - 1
        if i < 0:
            return offset
        old_start, old_end, new_start, new_end = self.edits[i]
        if offset < old_end or (end and offset == old_end):
            return new_end if end else new_start
        return new_end + (offset - old_end)


def _rank(kind: str) -> int:
    return PRECEDENCE.index(kind) if kind in PRECEDENCE else 0


def merge(spans: Iterable[Span]) -> list[Span]:
    """Overlapping spans become one, of the kind that takes precedence.

    A merged name keeps its person when every name in it that has a person is the same person's: the name
    detector's span around a known name ('Le' before 'Goff-Ferreira') takes that person's pseudonym.
    """
    clusters: list[list[Span]] = []
    end = -1
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.end <= span.start:
            continue
        if clusters and span.start < end:
            clusters[-1].append(span)
            end = max(end, span.end)
        else:
            clusters.append([span])
            end = span.end
    merged = []
    for cluster in clusters:
        kind = min((s.kind for s in cluster), key=_rank)
        owners = {s.person_id for s in cluster if s.kind == kind and s.person_id is not None}
        person = owners.pop() if len(owners) == 1 else None
        merged.append(Span(cluster[0].start, max(s.end for s in cluster), kind, person))
    return merged


def _overlaps(span: Span, others: Iterable[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in others)


class Masker:
    """Masks private people's identifiers in any text; names become their pseudonyms.

    Four nets, merged: spans known in advance (the tagger's entity offsets), every value of the raw tables
    (``Detector``), identifier shapes with their cues (``patterns``), and, with ``names``, every name-shaped
    span that is not publishable (``names.NameShapes``), which does not depend on the tagger.
    """

    def __init__(self, detector: Detector, pseudonyms: dict[str, str], keep: Keep = Keep(), *,
                 shapes: bool = True, names: NameShapes | None = None):
        self.detector = detector
        self.pseudonyms = pseudonyms
        self.keep = keep
        self.shapes = shapes
        self.names = names

    def replacement(self, span: Span) -> str:
        if span.kind == "name":
            return self.pseudonyms.get(span.person_id or "", MASKS["name"])
        return MASKS.get(span.kind, f"[{span.kind.upper()}]")

    def _found(self, text: str, extra: Iterable[Span], shapes: bool, subject: bool) -> tuple[list[Span], list[Span]]:
        """(spans the tagger and the raw tables give, with shapes; names the name detector gives)."""
        found = list(extra) + self.detector.find(text)
        named: list[Span] = []
        if shapes:
            found += find_shapes(text, self.keep)
            if self.names is not None:
                named = self.names.find(text, subject=subject)
        return found, named

    def spans(self, text: str, extra: Iterable[Span] = (), *, shapes: bool | None = None,
              subject: bool = False) -> list[Span]:
        found, named = self._found(text, extra, self.shapes if shapes is None else shapes, subject)
        return merge(found + named)

    def mask(self, text: str | None, extra: Iterable[Span] = (), *, shapes: bool | None = None,
             subject: bool = False) -> Masked:
        """``text`` with every identifier replaced; ``extra`` adds spans known in advance (entity offsets).

        ``subject``: the text is a subject line, where any name-shaped span is taken for a name.
        """
        if not text:
            return Masked(text or "")
        found, named = self._found(text, extra, self.shapes if shapes is None else shapes, subject)
        spans = merge(found + named)
        officials = [Span(a, b, "official") for a, b in self.detector.official_spans(text)]
        pieces, edits, kinds = [], [], []
        cursor = shift = 0
        for span in spans:
            replacement = self.replacement(span)
            pieces.append(text[cursor:span.start])
            pieces.append(replacement)
            new_start = span.start + shift
            edits.append((span.start, span.end, new_start, new_start + len(replacement)))
            kinds.append(span.kind)
            shift += len(replacement) - (span.end - span.start)
            cursor = span.end
        pieces.append(text[cursor:])
        tagged = [t for t in found if t.kind == "name"]
        beyond_names = sum(1 for s in spans if s.kind == "name" and _overlaps(s, named) and not _overlaps(s, tagged))
        return Masked("".join(pieces), edits, kinds, names_beyond_tagger=beyond_names,
                      official_mentions=len(officials),
                      official_mentions_kept=sum(not _overlaps(o, spans) for o in officials))

    def __call__(self, text: str | None) -> str | None:
        return self.mask(text).text if isinstance(text, str) else text
