"""Laying printed documents out on letter pages and writing them with reportlab.

A document is a list of blocks (lines that wrap, header fields with a hanging
value column, rules, spaces). ``Production`` flows each document onto fresh
pages, adds the page furniture (synthetic-data banner, print banner, Bates
number) and records every page for the ground truth. Redaction marks become
black boxes or labels here; the hidden words are never drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .redaction import Mark, pieces, wrap

BANNER = "SYNTHETIC SAMPLE DATA - FICTIONAL PEOPLE - NOT A REAL RECORD"
BATES_PREFIX = "BPD-ICE-"
PAGE_WIDTH, PAGE_HEIGHT = letter
MARGIN_LEFT = 54.0
MARGIN_RIGHT = 54.0
CONTENT_BOTTOM = 58.0
BOX_PADDING = 4.0


def bates_label(number: int) -> str:
    from .jurisdiction import current

    return f"{current().bates_prefix}{number:06d}"


# -- blocks --------------------------------------------------------------------------------------

@dataclass
class Line:
    """A logical line of text; wraps at the right margin."""
    text: str
    font: str = "Helvetica"
    size: float = 10.0
    indent: float = 0.0
    align: str = "left"  # left | right | center
    gray: float = 0.0


@dataclass
class Field:
    """'Label: value', the value wrapping under itself (mail header blocks, forms)."""
    label: str
    value: str
    font: str = "Helvetica"
    label_font: str = "Helvetica-Bold"
    size: float = 10.0
    tab: float = 78.0
    indent: float = 0.0


@dataclass
class Rule:
    thickness: float = 0.6
    gap_before: float = 2.0
    gap_after: float = 6.0


@dataclass
class Space:
    height: float


@dataclass
class PageBreak:
    pass


Block = Line | Field | Rule | Space | PageBreak


# -- measuring -------------------------------------------------------------------------------------

def mark_width(mark: Mark, font: str, size: float) -> float:
    if mark.boxed:
        return max(stringWidth(mark.hidden, font, size), stringWidth(mark.label, font, size * 0.8) + 2 * BOX_PADDING)
    return stringWidth(mark.label, font, size)


def text_width(text: str, font: str, size: float) -> float:
    return sum(mark_width(p, font, size) if isinstance(p, Mark) else stringWidth(p, font, size)
               for p in pieces(text))


# -- drawing operations --------------------------------------------------------------------------

@dataclass
class PageOps:
    """What one page shows, before the furniture goes on."""
    ops: list[tuple] = field(default_factory=list)
    redactions: int = 0
    box_area: float = 0.0


def line_ops(page: PageOps, x: float, y: float, text: str, font: str, size: float, gray: float = 0.0) -> None:
    for piece in pieces(text):
        if isinstance(piece, Mark):
            width = mark_width(piece, font, size)
            page.redactions += 1
            if piece.boxed:
                height = size + 2
                page.ops.append(("box", x, y - size * 0.25, width, height))
                page.box_area += width * height
                label_size = size * 0.8
                label_x = x + (width - stringWidth(piece.label, font, label_size)) / 2
                page.ops.append(("text", label_x, y + size * 0.05, font, label_size, piece.label, 1.0))
            else:
                page.ops.append(("text", x, y, font, size, piece.label, gray))
        else:
            page.ops.append(("text", x, y, font, size, piece, gray))
        x += mark_width(piece, font, size) if isinstance(piece, Mark) else stringWidth(piece, font, size)


# -- page furniture ------------------------------------------------------------------------------

@dataclass
class Furniture:
    """Per-page decoration of one printed document, drawn around the content frame."""
    top_lines: Callable[[int, int], list[tuple]] = lambda page, pages: []  # (page, pages) -> ops above
    bottom_lines: Callable[[int, int], list[tuple]] = lambda page, pages: []  # ops below the content
    content_top: float = 742.0


def banner_ops() -> list[tuple]:
    width = stringWidth(BANNER, "Helvetica-Bold", 8)
    x = (PAGE_WIDTH - width) / 2
    return [("frame", x - 6, 770, width + 12, 13), ("text", x, 774, "Helvetica-Bold", 8, BANNER, 0.0)]


def bates_ops(number: int) -> list[tuple]:
    label = bates_label(number)
    return [("text", PAGE_WIDTH - MARGIN_RIGHT - stringWidth(label, "Helvetica-Bold", 10), 24,
             "Helvetica-Bold", 10, label, 0.0)]


# -- layout --------------------------------------------------------------------------------------

def layout(blocks: list[Block], content_top: float) -> list[PageOps]:
    """Flow blocks onto as many pages as they need."""
    width = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    pages = [PageOps()]
    y = content_top

    def need(height: float) -> None:
        nonlocal y
        if y - height < CONTENT_BOTTOM:
            pages.append(PageOps())
            y = content_top

    for block in blocks:
        if isinstance(block, PageBreak):
            pages.append(PageOps())
            y = content_top
        elif isinstance(block, Space):
            y -= block.height
        elif isinstance(block, Rule):
            need(block.gap_before + block.thickness)
            y -= block.gap_before
            pages[-1].ops.append(("rule", MARGIN_LEFT, y, PAGE_WIDTH - MARGIN_RIGHT, block.thickness))
            y -= block.gap_after
        elif isinstance(block, Line):
            leading = block.size * 1.22
            avail = width - block.indent
            for part in wrap(block.text, avail, lambda s: text_width(s, block.font, block.size)):
                need(leading)
                y -= leading
                x = MARGIN_LEFT + block.indent
                if block.align == "right":
                    x = PAGE_WIDTH - MARGIN_RIGHT - text_width(part, block.font, block.size)
                elif block.align == "center":
                    x = (PAGE_WIDTH - text_width(part, block.font, block.size)) / 2
                line_ops(pages[-1], x, y, part, block.font, block.size, block.gray)
        elif isinstance(block, Field):
            leading = block.size * 1.22
            label = f"{block.label}:"
            tab = max(block.tab, stringWidth(label, block.label_font, block.size) + 6)
            avail = width - block.indent - tab
            parts = wrap(block.value, avail, lambda s: text_width(s, block.font, block.size)) if block.value else [""]
            for i, part in enumerate(parts):
                need(leading)
                y -= leading
                if i == 0:
                    pages[-1].ops.append(("text", MARGIN_LEFT + block.indent, y, block.label_font, block.size,
                                          label, 0.0))
                line_ops(pages[-1], MARGIN_LEFT + block.indent + tab, y, part, block.font, block.size)
    return pages


# -- writing -------------------------------------------------------------------------------------

def draw(canvas: Canvas, ops: list[tuple]) -> None:
    for op in ops:
        kind = op[0]
        if kind == "text":
            _, x, y, font, size, text, gray = op
            canvas.setFillGray(gray)
            canvas.setFont(font, size)
            canvas.drawString(x, y, text)
        elif kind == "box":
            _, x, y, w, h = op
            canvas.setFillGray(0)
            canvas.rect(x, y, w, h, stroke=0, fill=1)
        elif kind == "frame":
            _, x, y, w, h = op
            canvas.setStrokeGray(0)
            canvas.setLineWidth(0.8)
            canvas.rect(x, y, w, h, stroke=1, fill=0)
        elif kind == "rule":
            _, x1, y, x2, thickness = op
            canvas.setStrokeGray(0)
            canvas.setLineWidth(thickness)
            canvas.line(x1, y, x2, y)
    canvas.setFillGray(0)


class Production:
    """One PDF volume; Bates numbers continue from the previous volume."""

    def __init__(self, path: Path, name: str, first_bates: int, title: str, keep_ops: bool = False):
        self.path = path
        self.name = name
        self.next_bates = first_bates
        self.canvas = Canvas(str(path), pagesize=letter, invariant=1, pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("Synthetic sample generator")
        self.canvas.setSubject(BANNER)
        self.pages: list[dict] = []
        #: Each page's content drawing operations, when asked for (to choose where a scan may redact).
        self.content_ops: list[list[tuple]] | None = [] if keep_ops else None

    def add(self, blocks: list[Block], furniture: Furniture, belongs_to: str | None,
            kinds: tuple[str, str] = ("email", "continuation"), extra: dict | None = None) -> tuple[int, int]:
        """Print a document starting on a new page; returns its first and last page numbers."""
        laid = layout(blocks, furniture.content_top)
        first_page = len(self.pages) + 1
        for i, page in enumerate(laid):
            ops = (banner_ops() + furniture.top_lines(i + 1, len(laid)) + page.ops
                   + furniture.bottom_lines(i + 1, len(laid)) + bates_ops(self.next_bates))
            draw(self.canvas, ops)
            self.canvas.showPage()
            if self.content_ops is not None:
                self.content_ops.append(page.ops)
            self.pages.append({
                "file": self.name, "page": len(self.pages) + 1, "bates": bates_label(self.next_bates),
                "belongs_to": belongs_to, "kind": kinds[0] if i == 0 else kinds[1],
                "redactions": page.redactions,
                "redacted_share": round(page.box_area / (PAGE_WIDTH * PAGE_HEIGHT), 5),
                **(extra or {}),
            })
            self.next_bates += 1
        return first_page, len(self.pages)

    def save(self) -> None:
        self.canvas.save()


def standalone_pdf(blocks: list[Block], title: str) -> bytes:
    """A native PDF (an email attachment): banner on every page, no Bates numbers."""
    from io import BytesIO

    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=letter, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setSubject(BANNER)
    for page in layout(blocks, 755.0):
        draw(canvas, banner_ops() + page.ops)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
