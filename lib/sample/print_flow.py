"""Flowing printed mail onto letter pages, remembering on which pages each message lies.

The sample's ``pdf.layout`` prints one document per call with a fixed header
layout. Productions from other mail clients need more: a header label and its
value on one line at two tab stops, values that wrap back under the label,
bold labels inline with plain values, two columns side by side (Lotus Notes),
several messages on one page, grey redaction boxes with the exemption at
their right end. ``Flow`` places such blocks on pages; a ``Start`` block opens
a printed message so the answer key can say where each one begins and ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .pdf import BANNER, banner_ops, draw
from .redaction import Mark, pieces

PAGE_WIDTH, PAGE_HEIGHT = letter

#: How a boxed redaction looks: "grey" (a grey box, the exemption small at its right end, as
#: many federal offices print them) or "black" (white label centred, as in the sample).
BOX_STYLES = ("grey", "black")


@dataclass(frozen=True)
class Style:
    font: str = "Helvetica"
    size: float = 10.0
    gray: float = 0.0


@dataclass
class Run:
    """Text in one style; may hold redaction marks (see ``redaction``)."""
    text: str
    style: Style = Style()


@dataclass
class Tab:
    """The next run starts at this x (or one space on, when the line is already past it)."""
    x: float


@dataclass
class Para:
    """Runs that wrap at ``right``; continuation lines start at ``wrap_x``."""
    items: list[Run | Tab]
    x: float
    right: float
    wrap_x: float | None = None
    align: str = "left"  # left | right | center (one-line texts: titles, dates)
    role: str = "body"  # header | body: a scan's marker box only ever covers body lines
    skip_lines: int = 0  # drop the first lines: a header whose start was printed in another volume


@dataclass
class Columns:
    """Two stacks of paragraphs side by side, line by line (a Lotus Notes memo head)."""
    left: list[Para]
    right: list[Para]


@dataclass
class Rule:
    x1: float
    x2: float
    thickness: float = 0.5
    gray: float = 0.0
    before: float = 4.0
    after: float = 6.0


@dataclass
class Gap:
    height: float


@dataclass
class KeepTogether:
    """Start a new page unless this much height is left (keeps a header block whole)."""
    height: float


@dataclass
class NewDocument:
    """A new printout: a fresh page; the production may skip Bates numbers before it."""
    info: dict = field(default_factory=dict)
    bates_skip: int = 0


@dataclass
class PageBreak:
    pass


@dataclass
class Start:
    """A printed message begins with the next line."""
    key: str


Block = Para | Columns | Rule | Gap | KeepTogether | NewDocument | PageBreak | Start


# -- lines ---------------------------------------------------------------------------------------

@dataclass
class Line:
    ops: list[tuple]  # ("text", x, font, size, text, gray) | ("redaction", x, width, font, size, label)
    height: float
    role: str


def mark_width(mark: Mark, font: str, size: float) -> float:
    label = stringWidth(mark.label, font, size)
    if not mark.boxed:
        return label
    return max(stringWidth(mark.hidden, font, size) + 6, stringWidth(mark.label, font, size * 0.75) + 8)


@dataclass
class _Word:
    """Pieces with no space between them; wrapping never splits one."""
    space_before: bool
    parts: list[tuple[str | Mark, Style]]


def _words(items: list[Run | Tab]) -> list[_Word | Tab]:
    out: list[_Word | Tab] = []
    space = False  # whitespace since the last piece
    joinable = False  # the last element is a word the next piece may continue
    for item in items:
        if isinstance(item, Tab):
            out.append(item)
            space = joinable = False
            continue
        for piece in pieces(item.text):
            tokens = [piece] if isinstance(piece, Mark) else [t for t in re.split(r"(\s+)", piece) if t]
            for token in tokens:
                if isinstance(token, str) and token.isspace():
                    space = True
                    continue
                if joinable and not space:
                    out[-1].parts.append((token, item.style))
                else:
                    out.append(_Word(space, [(token, item.style)]))
                joinable, space = True, False
    return out


def _part_width(piece, style: Style) -> float:
    if isinstance(piece, Mark):
        return mark_width(piece, style.font, style.size)
    return stringWidth(piece, style.font, style.size)


def lay_para(para: Para) -> list[Line]:
    """The paragraph as lines, x positions fixed, y to be given by the flow."""
    sizes = [item.style.size for item in para.items if isinstance(item, Run)] or [10.0]
    height = max(sizes) * 1.2
    wrap_x = para.x if para.wrap_x is None else para.wrap_x
    lines: list[Line] = [Line([], height, para.role)]
    x = para.x
    line_has_words = False
    after_tab = False
    for element in _words(para.items):
        if isinstance(element, Tab):
            x = element.x if x <= element.x else x + stringWidth(" ", "Helvetica", max(sizes))
            after_tab = True
            continue
        parts = element.parts
        first_style = parts[0][1]
        space = stringWidth(" ", first_style.font, first_style.size) if element.space_before and line_has_words \
            and not after_tab else 0.0
        width = sum(_part_width(piece, style) for piece, style in parts)
        if line_has_words and x + space + width > para.right:
            lines.append(Line([], height, para.role))
            x, space = wrap_x, 0.0
        elif space:
            _trailing_space(lines[-1])
        x += space
        for piece, style in parts:
            _place(lines[-1], x, piece, style)
            x += _part_width(piece, style)
        line_has_words, after_tab = True, False
    if para.align != "left" and len(lines) == 1 and lines[0].ops:
        start = lines[0].ops[0][1]
        shift = (para.right - x) if para.align == "right" else (para.right + para.x) / 2 - (start + x) / 2
        lines[0].ops = [(op[0], op[1] + shift, *op[2:]) for op in lines[0].ops]
    return lines[para.skip_lines:]


def _trailing_space(line: Line) -> None:
    """Write the space between words into the previous text, so the text layer keeps it."""
    if line.ops and line.ops[-1][0] == "text":
        kind, x, font, size, text, gray = line.ops[-1]
        line.ops[-1] = (kind, x, font, size, text + " ", gray)


def _place(line: Line, x: float, piece, style: Style) -> None:
    if isinstance(piece, Mark):
        if piece.boxed:
            line.ops.append(("redaction", x, mark_width(piece, style.font, style.size), style.font, style.size,
                             piece.label))
        else:
            line.ops.append(("text", x, style.font, style.size, piece.label, style.gray))
        return
    last = line.ops[-1] if line.ops else None
    if (last and last[0] == "text" and last[2:4] == (style.font, style.size) and last[5] == style.gray
            and abs(last[1] + stringWidth(last[4], style.font, style.size) - x) < 0.01):
        line.ops[-1] = (*last[:4], last[4] + piece, last[5])  # one string per styled stretch
    else:
        line.ops.append(("text", x, style.font, style.size, piece, style.gray))


def lay_columns(columns: Columns) -> list[Line]:
    left = [line for para in columns.left for line in lay_para(para)]
    right = [line for para in columns.right for line in lay_para(para)]
    out = []
    for i in range(max(len(left), len(right))):
        parts = [side[i] for side in (left, right) if i < len(side)]
        out.append(Line([op for part in parts for op in part.ops], max(p.height for p in parts), "header"))
    return out


def blocks_height(blocks: list[Block]) -> float:
    """Height the blocks take when nothing breaks them (to keep a short message on one page)."""
    height = 0.0
    for block in blocks:
        if isinstance(block, Gap):
            height += block.height
        elif isinstance(block, Rule):
            height += block.before + block.after
        elif isinstance(block, Para):
            height += sum(line.height for line in lay_para(block))
        elif isinstance(block, Columns):
            height += sum(line.height for line in lay_columns(block))
    return height


# -- pages ---------------------------------------------------------------------------------------

@dataclass
class FlowPage:
    document: int
    ops: list[tuple] = field(default_factory=list)
    #: (top, bottom) in points from the page top of each body line: where a scan may black out text.
    body_bands: list[tuple[float, float]] = field(default_factory=list)


class Flow:
    """Places blocks on pages from ``top`` down to ``bottom`` (PDF points from the page foot)."""

    def __init__(self, top: float, bottom: float):
        self.top = top
        self.bottom = bottom
        self.pages: list[FlowPage] = []
        self.documents: list[NewDocument] = []
        #: message key -> [first page, last page], 1-based
        self.spans: dict[str, list[int]] = {}
        self._key: str | None = None
        self._y = top

    def _new_page(self) -> None:
        self.pages.append(FlowPage(max(len(self.documents) - 1, 0)))
        self._y = self.top

    def _page_is_empty(self) -> bool:
        return not self.pages or not self.pages[-1].ops

    def _room(self) -> float:
        return self._y - self.bottom if self.pages else -1.0

    def _emit(self, line: Line) -> None:
        if not self.pages or self._room() < line.height:
            self._new_page()
        self._y -= line.height
        page = self.pages[-1]
        for op in line.ops:
            if op[0] == "text":
                _, x, font, size, text, gray = op
                page.ops.append(("text", x, self._y, font, size, text, gray))
            else:
                _, x, width, font, size, label = op
                page.ops.append(("redaction", x, self._y, width, font, size, label))
        if line.role == "body" and line.ops:
            size = max(op[3] if op[0] == "text" else op[4] for op in line.ops)
            page.body_bands.append((round(PAGE_HEIGHT - self._y - 0.9 * size, 2),
                                    round(PAGE_HEIGHT - self._y + 0.3 * size, 2)))
        if self._key is not None and line.ops:
            number = len(self.pages)
            self.spans.setdefault(self._key, [number, number])[1] = number

    def add(self, block: Block) -> None:
        if isinstance(block, Start):
            self._key = block.key
        elif isinstance(block, NewDocument):
            self.documents.append(block)
            self._key = None  # a new printout: its title lines belong to no message yet
            self._new_page()
        elif isinstance(block, PageBreak):
            self._new_page()
        elif isinstance(block, KeepTogether):
            if not self._page_is_empty() and self._room() < block.height:
                self._new_page()
        elif isinstance(block, Gap):
            if not self._page_is_empty():  # space at the top of a fresh page is swallowed
                self._y -= block.height
        elif isinstance(block, Rule):
            if self._room() < block.before + block.thickness:
                self._new_page()
            self._y -= block.before
            self.pages[-1].ops.append(("rule", block.x1, self._y, block.x2, block.thickness, block.gray))
            self._y -= block.after
        elif isinstance(block, Columns):
            for line in lay_columns(block):
                self._emit(line)
        else:
            for line in lay_para(block):
                self._emit(line)

    def extend(self, blocks: list[Block]) -> None:
        for block in blocks:
            self.add(block)


# -- drawing -------------------------------------------------------------------------------------

@dataclass
class PagePlace:
    """Where a page sits, for its furniture: its document, its number within it, its Bates number."""
    number: int
    document: dict
    page_in_document: int
    document_pages: int
    file_pages: int
    bates: str | None


def draw_ops(canvas: Canvas, ops: list[tuple], box_style: str) -> None:
    """Draw a page's operations: text and frames as the sample's productions draw them, plus labelled
    redaction boxes (grey or black) and grey rules."""
    for op in ops:
        kind = op[0]
        if kind in ("text", "frame"):
            draw(canvas, [op])
        elif kind == "redaction":
            _, x, y, width, font, size, label = op
            if box_style == "grey":
                canvas.setFillGray(0.72)
                canvas.rect(x, y - size * 0.28, width, size * 1.18, stroke=0, fill=1)
                label_size = size * 0.72
                canvas.setFillGray(0.1)
                canvas.setFont("Times-Roman", label_size)
                canvas.drawString(x + width - stringWidth(label, "Times-Roman", label_size) - 3, y + size * 0.05,
                                  label)
            else:
                canvas.setFillGray(0)
                canvas.rect(x, y - size * 0.25, width, size * 1.15, stroke=0, fill=1)
                label_size = size * 0.75
                canvas.setFillGray(1)
                canvas.setFont(font, label_size)
                canvas.drawString(x + (width - stringWidth(label, font, label_size)) / 2, y + size * 0.05, label)
        elif kind == "rule":
            _, x1, y, x2, thickness, gray = op
            canvas.setStrokeGray(gray)
            canvas.setLineWidth(thickness)
            canvas.line(x1, y, x2, y)
    canvas.setFillGray(0)


def page_places(flow: Flow, bates: Callable[[int], str] | None, first_bates: int) -> list[PagePlace]:
    """Each page's place; Bates numbers run on, skipping where a document asks."""
    counts: dict[int, int] = {}
    for page in flow.pages:
        counts[page.document] = counts.get(page.document, 0) + 1
    places, seen, number = [], {}, first_bates
    for i, page in enumerate(flow.pages):
        if page.document not in seen and flow.documents and i:
            number += flow.documents[page.document].bates_skip
        seen[page.document] = seen.get(page.document, 0) + 1
        document = flow.documents[page.document].info if flow.documents else {}
        places.append(PagePlace(i + 1, document, seen[page.document], counts[page.document], len(flow.pages),
                                bates(number) if bates else None))
        number += 1
    return places


def write_pdf(path: Path, flow: Flow, places: list[PagePlace], furniture: Callable[[PagePlace], list[tuple]],
              title: str, box_style: str = "grey") -> None:
    """Draw the flowed pages with the synthetic-data banner and each page's furniture."""
    assert box_style in BOX_STYLES
    path.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(path), pagesize=letter, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Synthetic sample generator")
    canvas.setSubject(BANNER)
    for page, place in zip(flow.pages, places, strict=True):
        extra = furniture(place)
        # drawn in reading order, so the text layer has the page head first and the foot last
        head = [op for op in extra if op[2] > PAGE_HEIGHT / 2]
        foot = [op for op in extra if op[2] <= PAGE_HEIGHT / 2]
        draw_ops(canvas, banner_ops() + head + page.ops + foot, box_style)
        canvas.showPage()
    canvas.save()

