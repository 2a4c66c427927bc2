"""Split a printed-email production's pages into messages.

Hand-written, because no library does it: a production is a stream of pages
where each printed email begins with a header block near the top of a page,
runs across page breaks, carries quoted history below its own text, and may be
followed by attachment pages. Header blocks further down a message belong to
its quoted history, except in Gmail's thread print, where each block is a
message of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterator

from lib.core.addresses import clean_value
from lib.ingest.dates import DATE_LINE
from lib.ingest.headers import QUOTE_SEPARATOR, HeaderBlock, find_header_blocks, label_of
from lib.ingest.quoted import quote_start
from lib.ingest.redaction_marks import count_redaction_marks

#: Pages split at a time in a long file (``split_in_windows``): a few MB of text.
WINDOW_PAGES = 500
# Lines allowed above a header block on a message's first page: print banners such as
# the mailbox owner's name over a rule. More short lines than this at a page's top are
# the end of the message before (a signature running onto the page), not a banner.
_MAX_BANNER_LINES = 3
# Gmail's print heads a message with its own banner: print date and title, "Gmail", the
# owner's address, the subject, "N messages".
_MAX_GMAIL_BANNER_LINES = 9
# Gmail's print title, often after the browser's print date: "9/23/2019 Gmail - RE: subject".
GMAIL_TITLE = re.compile(
    r"^\s*(?:\d{1,2}/\d{1,2}/\d{2,4},?\s+(?:\d{1,2}:\d{2}\s*[AP]M\s+)?)?Gmail\s*[-–]\s*(?P<subject>.*)$",
    re.IGNORECASE)


@dataclass
class PageText:
    page: int  # 1-based
    text: str
    bates: str | None = None
    boxes: int = 0
    bates_filled: bool = False  # not legible on the page; filled from its neighbours


@dataclass
class SplitMessage:
    header: HeaderBlock
    page_start: int
    page_end: int
    bates_start: str | None
    bates_end: str | None
    body: str
    quoted: str
    redactions: int
    page_breaks: list[int]  # offsets in body where each later page begins
    quoted_page_start: int | None
    quoted_breaks: list[int]
    index_on_page: int
    banner: list[str] = field(default_factory=list)


@dataclass
class SplitResult:
    messages: list[SplitMessage]
    not_parsed: dict[int, str]  # page -> reason
    # Indexes of the pages where a split begun afresh agrees with this one (see ``split_in_windows``).
    fresh_starts: list[int] = field(default_factory=list)


def _is_banner(line: str) -> bool:
    stripped = line.strip()
    return bool(
        not stripped
        or GMAIL_TITLE.match(stripped)
        or re.fullmatch(r"[-_=\s]{3,}", stripped)
        or re.fullmatch(r"\d+\s+messages?", stripped, re.IGNORECASE)
        or (len(stripped) <= 100 and not label_of(stripped) and not stripped.endswith((".", "?", "!", ":")))
    )


def _is_document_title(line: str) -> bool:
    """A line in capitals that heads a printed document: 'DEPARTMENT OF HOMELAND SECURITY'."""
    stripped = line.strip()
    letters = [ch for ch in stripped if ch.isalpha()]
    return (len(letters) >= 8 and len(stripped.split()) >= 2 and not stripped.startswith(">")
            and "@" not in stripped and not label_of(stripped)
            and sum(ch.isupper() for ch in letters) / len(letters) >= 0.9)


def _attachment_start(lines: list[str], line_page: list[int], indexes: list[int]) -> int:
    """Position in ``indexes`` (quoted history) where attachment pages begin.

    Productions print a reply's attachments after its quoted history; an
    attachment page starts on a new page with a title in capitals.
    """
    for position, i in enumerate(indexes):
        if position and line_page[i] != line_page[indexes[position - 1]]:
            first = next((j for j in indexes[position:] if lines[j].strip()), None)
            if first is not None and line_page[first] == line_page[i] and _is_document_title(lines[first]):
                return position
    return len(indexes)


def split_pages(pages: list[PageText]) -> SplitResult:
    """Messages in a production's pages, and the pages that belong to none."""
    lines: list[str] = []
    line_page: list[int] = []  # index into pages
    page_top: list[int] = []  # index of each page's first line
    for index, page in enumerate(pages):
        page_lines = page.text.split("\n")
        page_top.append(len(lines))
        lines.extend(page_lines)
        line_page.extend([index] * len(page_lines))

    blocks = find_header_blocks(lines)
    starts = _message_starts(lines, line_page, blocks)
    if pages and pages[0].page == 1:
        partial = _partial_block(lines, line_page, starts[0].start if starts else len(lines))
        if partial:
            blocks.insert(0, partial)
            starts.insert(0, partial)
    # Pages before the first header: a window of a long file begins at a message's start, so it
    # finds these pages only when the whole file would.
    titled = _title_blocks(lines, line_page, page_top, starts[0].start if starts else len(lines))
    blocks[:0], starts[:0] = titled, titled

    messages: list[SplitMessage] = []
    covered: set[int] = set()
    boxed_pages_counted: set[int] = set()  # a page's boxes count once, for its first message
    per_page: dict[int, int] = {}
    for n, block in enumerate(starts):
        end = starts[n + 1].start if n + 1 < len(starts) else len(lines)
        # Trailing banner lines of the next message's first page are not this message's text.
        if n + 1 < len(starts):
            end = _banner_start(lines, line_page, starts[n + 1].start, floor=block.end)
        content = list(range(block.end, end))
        content_lines = [lines[i] for i in content]
        header_starts = {b.start - block.end for b in blocks if block.end <= b.start < end}
        cut = quote_start(content_lines, header_starts)
        body_idx, quoted_idx = content[:cut], content[cut:]
        # Attachment pages printed after the quoted history belong with the message's own text.
        attached = _attachment_start(lines, line_page, quoted_idx)
        body_idx, quoted_idx = body_idx + quoted_idx[attached:], quoted_idx[:attached]

        body, breaks = _join_with_breaks(lines, line_page, body_idx)
        quoted, quoted_breaks = _join_with_breaks(lines, line_page, quoted_idx)
        quoted_first = next((i for i in quoted_idx if lines[i].strip()), None)
        last_filled = max((i for i in content if lines[i].strip()), default=block.end - 1)
        first_page = line_page[block.start]
        last_page = max(line_page[max(block.end - 1, block.start)], line_page[last_filled])
        pages_here = range(first_page, last_page + 1)
        covered.update(pages_here)
        header_text = "\n".join(lines[block.start:block.end])
        boxes = sum(pages[p].boxes for p in pages_here if p not in boxed_pages_counted)
        boxed_pages_counted.update(pages_here)
        floor = starts[n - 1].end if n else 0
        banner = [lines[i].strip() for i in range(_banner_start(lines, line_page, block.start, floor), block.start)
                  if lines[i].strip()]
        index_on_page = per_page.get(first_page, 0)
        per_page[first_page] = index_on_page + 1
        messages.append(SplitMessage(
            header=block,
            page_start=pages[first_page].page,
            page_end=pages[last_page].page,
            bates_start=pages[first_page].bates,
            bates_end=pages[last_page].bates,
            body=body,
            quoted=quoted,
            redactions=count_redaction_marks(header_text + "\n" + body) + boxes,
            page_breaks=breaks,
            quoted_page_start=pages[line_page[quoted_first]].page if quoted_first is not None else None,
            quoted_breaks=quoted_breaks,
            index_on_page=index_on_page,
            banner=banner,
        ))

    not_parsed = {}
    for index, page in enumerate(pages):
        if index in covered:
            continue
        if not page.text.strip():
            not_parsed[page.page] = "blank page (no text after removing page furniture)"
        elif index < (line_page[starts[0].start] if starts else len(pages)):
            not_parsed[page.page] = ("no email header on this page or before it in the file "
                                     "(a document that is not an email, or an attachment without its covering email)")
        else:
            not_parsed[page.page] = "page has text but no email header could be recognised"
    return SplitResult(messages, not_parsed, _fresh_starts(lines, line_page, page_top, blocks, starts))


def _fresh_starts(lines: list[str], line_page: list[int], page_top: list[int], blocks: list[HeaderBlock],
                  starts: list[HeaderBlock]) -> list[int]:
    """Pages where a split begun at the page's top finds what this split found from there on.

    Such a page's first header block begins a message, only banner or blank
    lines are above it, no header block runs into the page from the one before,
    and the block ends before the last page (so it was read whole). Header
    blocks are found by a forward scan, and a message start looks back no
    further than its page's top, so the scan is in step at that line; the
    messages before end above it, on earlier pages.
    """
    is_start = {block.start for block in starts}
    fresh: list[int] = []
    previous_end = 0
    for block in blocks:
        page = line_page[block.start]
        top = page_top[page]
        if (block.start in is_start and previous_end <= top
                and line_page[block.end - 1] < len(page_top) - 1
                and (_banner_start(lines, line_page, block.start, previous_end) == top
                     or _first_on_page(lines, line_page, block.start))):
            fresh.append(page)
        previous_end = block.end
    return fresh


def split_in_windows(read_pages: Callable[[int, int], list[PageText]], count: int,
                     window: int = WINDOW_PAGES) -> Iterator[tuple[list[PageText], SplitResult]]:
    """``split_pages`` over a long file a window of pages at a time, with the same result.

    ``read_pages(first, stop)`` gives the file's pages ``first`` to ``stop - 1``
    (0-based) of ``count``. Each window is split and kept up to its last fresh
    start (``SplitResult.fresh_starts``); the pages from there are split again
    with the next window. A window without one grows until it has one or
    reaches the file's end. Yields each kept run of pages with its messages and
    unparsed pages, so only a window's text is held at once.
    """
    first = 0
    while first < count:
        stop = min(count, first + window)
        while True:
            pages = read_pages(first, stop)
            split = split_pages(pages)
            cut = len(pages) if stop == count else max((p for p in split.fresh_starts if p > 0), default=None)
            if cut is not None:
                break
            stop = min(count, first + 2 * (stop - first))  # doubling keeps the rereading linear
        if cut < len(pages):
            limit = pages[cut].page
            split = SplitResult([m for m in split.messages if m.page_start < limit],
                                {page: reason for page, reason in split.not_parsed.items() if page < limit},
                                [p for p in split.fresh_starts if p < cut])
        yield pages[:cut], split
        first += cut


def _banner_start(lines: list[str], line_page: list[int], start: int, floor: int = 0) -> int:
    """Where the print banner above a header block begins (start if there is none).

    A banner reaches the top of the page (and no higher than ``floor``, the end
    of the header block before) and is a few short lines, or is led by Gmail's
    print title (whose subject line may end in '?' or '.').
    """
    i = start
    while i > floor and line_page[i - 1] == line_page[start]:
        i -= 1
    if i > 0 and line_page[i - 1] == line_page[start]:
        return start  # stopped at the previous block, not at the top of the page
    above = [line for line in lines[i:start] if line.strip()]
    if not above:
        return start
    # Gmail's print title may sit under a line OCR garbled (the release's own banner): look a little lower.
    gmail_print = len(above) <= _MAX_GMAIL_BANNER_LINES and any(GMAIL_TITLE.match(line) for line in above[:3])
    if gmail_print or (len(above) <= _MAX_BANNER_LINES and all(map(_is_banner, above))):
        return i
    return start


#: A rule that separates the messages of a plain export ("=====", "*****")...
_MESSAGE_RULE = re.compile(r"^\s*(?:={5,}|\*{5,})\s*$")
#: ... or, above a "Date:"-first block, a long run of dashes (a bare rule elsewhere is often OCR debris).
_DASH_RULE = re.compile(r"^\s*-{8,}\s*$")


def _message_starts(lines: list[str], line_page: list[int], blocks: list[HeaderBlock]) -> list[HeaderBlock]:
    """The header blocks that begin a printed message (the rest are quoted history).

    - Gmail blocks, the first block, and header tables (a client prints a
      message's own header as a table, its quoted history inline) begin one.
    - A block after a rule that separates messages in plain exports ("=====",
      or dashes before a "Date:"-first block) begins one, even mid-page; so does
      a "Date:"-first block not introduced as quoted history (mail clients
      quote a header From: first; exports print Date: first).
    - Another block begins one only at the top of a page, not right after a
      quote separator, and not while the message above began with a table:
      in such a print an inline block at a page's top is its quoted history
      running on.
    """
    starts: list[HeaderBlock] = []
    previous_end = 0
    for block in blocks:
        floor, previous_end = previous_end, block.end
        if block.style == "gmail" or not starts or block.tabular:
            starts.append(block)
            continue
        if _after_rule(lines, block) or (_first_label(lines[block.start]) == "date"
                                         and not _after_separator(lines, block.start)):
            starts.append(block)
            continue
        if starts[-1].tabular:
            continue
        banner = _banner_start(lines, line_page, block.start, floor)
        at_page_top = banner != block.start or _first_on_page(lines, line_page, block.start)
        # A quote separator right above the block, even under a repeated banner, means quoted history.
        if at_page_top and not _after_separator(lines, banner) and not _after_separator(lines, block.start):
            starts.append(block)
    return starts


#: Labels that close a header block: a file that opens with them opens inside a header.
_TAIL_LABELS = {"to", "cc", "bcc", "subject", "attachments", "importance"}
_RECIPIENTS_LINE = re.compile(r"[;@]|\(b\)|^[\w'().-]+,\s*\w+")


def _partial_block(lines: list[str], line_page: list[int], limit: int) -> HeaderBlock | None:
    """The end of a header block at the very top of a file: its message began in an earlier file or volume.

    The file's first lines are recipients, then labels down to a Subject:
    line. The message is kept (its text and its recipients) with an unknown
    sender and time, rather than its page listed as not parsed.
    """
    fields: dict[str, str] = {}
    end = None
    i = 0
    while i < min(limit, len(lines)) and line_page[i] == 0 and i < 12:
        line = lines[i]
        found = label_of(line)
        if found and found[0] in _TAIL_LABELS:
            fields[found[0]] = clean_value(found[1])
            end = i + 1
            if found[0] == "subject":
                break
        elif line.strip() and not _RECIPIENTS_LINE.search(line):
            return None
        i += 1
    if end is None or "subject" not in fields:
        return None
    return HeaderBlock(0, end, "partial", fields)


_SENTENCE_END = (".", ",", ":", ";", "!")
# A postal address ("Raleigh, NC 27699-2301") or a salutation: the top of a letter.
_LETTER_CUE = re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|^\s*Dear\s")


def _title_blocks(lines: list[str], line_page: list[int], page_top: list[int], limit: int) -> list[HeaderBlock]:
    """Messages printed with no header at all, on the pages before a file's first header.

    Such a page opens with the message's subject as a title line (a short line
    that is neither a sentence nor a document's title in capitals) above its
    text: the message is kept with an unknown sender and time, so its page is
    not lost. Pages after it without a title of their own run on from it.
    """
    titled = []
    for top in page_top:
        if top >= limit:
            break
        filled = [i for i in range(top, min(limit, len(lines))) if line_page[i] == line_page[top] and lines[i].strip()]
        if len(filled) < 2:
            continue
        title = " ".join(lines[filled[0]].split())
        words = title.split()
        if any(_LETTER_CUE.search(lines[i]) or DATE_LINE.match(lines[i]) for i in filled[1:5]):
            continue  # letterhead, an address or a date under the title: a letter or a document, not an email
        if (2 <= len(words) <= 14 and len(title) <= 90 and title[0].isalpha() and not title.endswith(_SENTENCE_END)
                and "@" not in title
                and any(ch.islower() for ch in title) and not _is_document_title(title) and not label_of(title)):
            titled.append(HeaderBlock(filled[0], filled[0] + 1, "none", {"subject": title}))
    return titled


def _after_rule(lines: list[str], block: HeaderBlock) -> bool:
    """Whether a message-separating rule is the last text above the block."""
    i = block.start - 1
    while i >= 0 and not lines[i].strip():
        i -= 1
    if i < 0:
        return False
    return bool(_MESSAGE_RULE.match(lines[i]) or (_DASH_RULE.match(lines[i]) and block.style == "date-first"))


def _first_on_page(lines: list[str], line_page: list[int], start: int) -> bool:
    i = start - 1
    while i >= 0 and line_page[i] == line_page[start]:
        if lines[i].strip():
            return False
        i -= 1
    return True


def _after_separator(lines: list[str], start: int) -> bool:
    """Whether the last text before a block (on any page) introduces quoted history.

    Header lines just above the block count as the block's own ("Subject:"
    printed before "Date:" under Thunderbird's "Original Message").
    """
    i = start - 1
    while i >= 0 and (not lines[i].strip() or (start - i <= 3 and label_of(lines[i]))):
        i -= 1
    return i >= 0 and bool(QUOTE_SEPARATOR.match(lines[i]))


def _first_label(line: str) -> str | None:
    found = label_of(line)
    return found[0] if found else None


def _join_with_breaks(lines: list[str], line_page: list[int], indexes: list[int]) -> tuple[str, list[int]]:
    """Join lines into text, recording the offset where each new page begins."""
    parts: list[str] = []
    breaks: list[int] = []
    offset = 0
    previous_page = line_page[indexes[0]] if indexes else None
    for i in indexes:
        if line_page[i] != previous_page:
            # Pages skipped (e.g. quoted history between own text and an attachment) begin here too,
            # so "first page + breaks before an offset" stays the offset's page.
            breaks.extend([offset] * (line_page[i] - previous_page))
            previous_page = line_page[i]
        parts.append(lines[i])
        offset += len(lines[i]) + 1
    text = "\n".join(parts).replace("\t", " ")  # table cells: a message's text reads as prose
    stripped = text.rstrip()
    lead = len(text) - len(text.lstrip("\n"))
    return stripped.lstrip("\n"), [max(0, b - lead) for b in breaks if b - lead < len(stripped) - lead]
