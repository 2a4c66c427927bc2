"""Whether a page's text layer is usable, or the page must be read with OCR."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping

#: Fewer meaningful characters than this, once page furniture is removed, and a
#: text layer is treated as missing.
MIN_CHARS = 30

#: Below this share of ordinary characters a text layer is treated as garbage.
MIN_ORDINARY_SHARE = 0.8

#: Text that appears on pages without being their content: Bates numbers,
#: page numbers, production stamps.
PAGE_FURNITURE = (
    re.compile(r"\b[A-Z]{2,}(?:[-_ ][A-Z0-9]{2,})*[-_ ]?[0-9]{4,10}\b"),
    re.compile(r"\bpage\s+\d+(?:\s+of\s+\d+)?\b", re.IGNORECASE),
    re.compile(r"^\s*[-\u2013]?\s*\d{1,4}\s*[-\u2013]?\s*$", re.MULTILINE),
    re.compile(r"\b(?:CONFIDENTIAL|PRODUCED|PUBLIC RECORDS|FOIA)\b", re.IGNORECASE),
)

#: Placeholder some extractors (pdfminer, poppler) write for glyphs with no Unicode value.
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
_ORDINARY_PUNCTUATION = set(
    ".,;:!?'\"()[]{}-/\\@&%$#*+=<>_|~`^\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u00a7\u00b0"
)


def needs_ocr(
    text: str | None,
    *,
    min_chars: int = MIN_CHARS,
    furniture: Iterable[str | re.Pattern[str]] = (),
) -> bool:
    """Whether a page's text layer is unusable and the page should be OCR'd.

    True when the text is empty, holds only page furniture (Bates numbers, page
    numbers, production stamps, and any ``furniture`` patterns the caller adds,
    e.g. banners it found repeated on every page), or is mostly characters that
    do not occur in readable text (unmapped glyphs, private-use or control
    characters, symbol soup from a broken font encoding).
    """
    if not text:
        return True
    content = _UNMAPPED_GLYPH.sub("\ufffd", text)
    for pattern in (*PAGE_FURNITURE, *furniture):
        content = re.sub(pattern, " ", content)
    # Each distinct character is judged once: a page has thousands of characters but few distinct ones.
    counts = Counter(content)
    meaningful = {ch: n for ch, n in counts.items() if not ch.isspace()}
    if sum(n for ch, n in meaningful.items() if ch.isalnum()) < min_chars:
        return True
    ordinary = sum(n for ch, n in meaningful.items() if _is_ordinary(ch))
    return ordinary / sum(meaningful.values()) < MIN_ORDINARY_SHARE


def _is_ordinary(ch: str) -> bool:
    if ch in _ORDINARY_PUNCTUATION:
        return True
    # Letters of any script and digits; not private-use, unassigned or control characters.
    return unicodedata.category(ch)[0] in "LN"


def pages_to_ocr(page_texts: Mapping[int, str | None], *, force: bool = False, **needs_ocr_options) -> list[int]:
    """Pages (keys of ``page_texts``) to OCR: all of them when ``force``, else those ``needs_ocr``."""
    return [page for page, text in page_texts.items() if force or needs_ocr(text, **needs_ocr_options)]
