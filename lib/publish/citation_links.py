"""Citations printed in the notebooks' outputs ('file.pdf p. 12 (PD-000123)', ``lib.core.cite.where``) become
links to the page they cite on the site's source pages.

A citation in a table row that names its message (a ``message_id`` cell) opens the page with that message's
passage highlighted, when the message's own citation points at that page; any other citation opens its page.
Only text a reader sees is linked: not attributes, scripts (a DataTable's embedded data) or style sheets.
Hand-written: nbconvert has no hook for linking text in outputs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from .message_index import slug

_MESSAGE_ID = re.compile(r"\bm[0-9a-f]{12}\b")
_UNTOUCHED = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<a\b.*?</a>|<[^>]*>)", re.DOTALL | re.IGNORECASE)
_SCRIPTS = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>)", re.DOTALL | re.IGNORECASE)
_ROW = re.compile(r"<tr\b.*?</tr>", re.DOTALL | re.IGNORECASE)


def _href(match: re.Match, messages: list[str], anchors: dict[str, str], files_of: dict[str, str], root: str) -> str:
    """Where a citation ``match`` points: its page, or the passage of one of ``messages`` printed there."""
    source_file, page = html.unescape(match.group(1)), match.group(2)
    fragment = f"p{page}"
    for message_id in messages:
        anchor = anchors.get(message_id, "")
        if files_of.get(message_id) == source_file and anchor.split("-", 1)[0] == fragment:
            fragment = anchor
            break
    return f"{root}sources/{slug(source_file)}.html#{fragment}"


def citation_pattern(files: Iterable[str]) -> re.Pattern | None:
    """'<file> p. <page>' with an optional '(<Bates>)', for the given source files as HTML writes them."""
    names = sorted({html.escape(f, quote=False) for f in files}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, names)) + r") p\. (\d+)(?: \([^()<>]*\))?")


def link_citations(page_html: str, pattern: re.Pattern | None, anchors: dict[str, str], files_of: dict[str, str],
                   root: str) -> str:
    """``page_html`` with each citation ``pattern`` finds in its text made a link.

    ``anchors``: message_id -> its citation's anchor ('p12-q40-260'); ``files_of``: message_id -> its file.
    ``root``: the site's root relative to the page.
    """
    if pattern is None:
        return page_html

    def link_text(text: str, messages: list[str]) -> str:
        def link(match: re.Match) -> str:
            href = _href(match, messages, anchors, files_of, root)
            return f'<a class="citation" href="{href}">{match.group(0)}</a>'

        return pattern.sub(link, text)

    def link_piece(piece: str) -> str:
        messages = _MESSAGE_ID.findall(re.sub(r"<[^>]*>", " ", piece))
        parts = _UNTOUCHED.split(piece)
        # split() with one group: odd items are the parts left alone.
        return "".join(part if i % 2 else link_text(part, messages) for i, part in enumerate(parts))

    def link_rows(segment: str) -> str:
        out, cursor = [], 0
        for row in _ROW.finditer(segment):
            out.append(link_piece(segment[cursor:row.start()]))
            out.append(link_piece(row.group(0)))
            cursor = row.end()
        out.append(link_piece(segment[cursor:]))
        return "".join(out)

    segments = _SCRIPTS.split(page_html)
    return "".join(segment if i % 2 else link_rows(segment) for i, segment in enumerate(segments))


def link_csv_citations(path, pattern: re.Pattern | None, anchors: dict[str, str], files_of: dict[str, str]) -> bool:
    """Give a figure's data file a link beside each citation column (``where`` or ``<x>_where``): the page, or
    the passage of the message its row names (``message_id`` or ``<x>_id``), relative to the site's root.
    Returns whether the file changed."""
    import pandas as pd

    if pattern is None:
        return False
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    cited = [c for c in table.columns if c == "where" or c.endswith("_where")]
    if not cited:
        return False
    for column in cited:
        prefix = column[: -len("where")]
        ids = table[f"{prefix}id"] if f"{prefix}id" in table else table.get("message_id")
        links = []
        for i, text in enumerate(table[column]):
            match = pattern.search(html.escape(text, quote=False))
            links.append(_href(match, [ids.iloc[i]] if ids is not None else [], anchors, files_of, "")
                         if match else "")
        table.insert(table.columns.get_loc(column) + 1, f"{prefix}link", links)
    table.to_csv(path, index=False)
    return True
