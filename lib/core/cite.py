"""Where a reader finds a passage in the release: its page, the Bates number printed on that page, and a line
such as 'file.pdf p. 12 (PD-000123)'.

One rule for every table that cites, so that a reporter checking a quote against the documents finds it where
the table says:

- the page: the first page of the part of the message that holds the passage, plus the page breaks before it
  (``page_breaks`` for the body, ``quoted_breaks`` for quoted history); a subject line, header or attachment
  name cites the message's first page, and a message recovered from a quote the page where the quote begins;
- the Bates number: the stamp read on that very page (the page table); where the page has none, the message's
  first Bates number on its first page, or one counted on from it only when the message's last stamp agrees.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from lib.core.schema import cell_text

#: The columns ``cite`` adds.
CITATION_COLUMNS = ["source_file", "page", "bates", "where"]

_BATES = re.compile(r"^(.*?)(\d+)$")


def page_of(first_page, page_breaks, offset: int):
    """The page holding character ``offset`` of a text: its first page plus the page breaks before it.

    ``page_breaks`` are the text's offsets where each later page begins (the
    message table's ``page_breaks`` for ``body``, ``quoted_breaks`` for
    ``quoted``); Parquet hands them back as numpy arrays. None without a first page.
    """
    if first_page is None or pd.isna(first_page):
        return None
    if not isinstance(page_breaks, (list, tuple, np.ndarray)) or not len(page_breaks):
        return int(first_page)  # no breaks recorded (a missing cell reads as None or NaN)
    return int(first_page) + int(np.searchsorted(np.sort(np.asarray(page_breaks, dtype=int)), offset, side="right"))


def where(source_file, page, bates) -> str:
    """'file.pdf p. 12 (PD-000123)': where a reader finds a message in the release."""
    text = cell_text(source_file)
    if page is not None and not pd.isna(page):
        text += f" p. {int(page)}"
    if cell_text(bates):
        text += f" ({bates})"
    return text


class PageStamps:
    """The Bates number read on each page, by file and page, from the page table.

    One Series per file, indexed by page: a dict keyed by (file, page) tuples
    costs about 250 bytes a page, and a release can have tens of thousands.
    Where the table lists a page twice, the last row wins.
    """

    def __init__(self, pages: pd.DataFrame | None):
        self._by_file: dict[str, pd.Series] = {}
        if pages is None or pages.empty:
            return
        known = pages[pages["page"].notna() & pages["bates"].notna()]
        known = known.assign(page=known["page"].astype("int64")).drop_duplicates(["source_file", "page"],
                                                                                  keep="last")
        for source_file, rows in known.groupby("source_file", sort=False):
            self._by_file[source_file] = pd.Series(rows["bates"].to_numpy(), index=rows["page"].to_numpy(),
                                                   dtype=pd.StringDtype())

    def get(self, source_file, page) -> str | None:
        bates = self._by_file.get(source_file)
        if bates is None or page is None or pd.isna(page):
            return None
        found = bates.get(int(page))
        return None if found is None or pd.isna(found) else str(found)


def _field(message, name):
    """A column of one message, whether it is a row of ``itertuples`` or a Series."""
    value = message.get(name) if isinstance(message, pd.Series) else getattr(message, name, None)
    return None if value is None or (np.ndim(value) == 0 and pd.isna(value)) else value


def message_page(message, field: str, offset) -> int | None:
    """The page of character ``offset`` of ``field`` in ``message`` (a row of the message table).

    A message recovered from another's quoted history cites the page where that quote begins.
    """
    if _field(message, "reconstructed"):
        first = _field(message, "page_start")
        return None if first is None else int(first)
    if field == "quoted" and _field(message, "quoted_page_start") is not None:
        return page_of(_field(message, "quoted_page_start"), _field(message, "quoted_breaks"), int(offset))
    if field == "body" and offset is not None and not pd.isna(offset):
        return page_of(_field(message, "page_start"), _field(message, "page_breaks"), int(offset))
    first = _field(message, "page_start")
    return None if first is None else int(first)


def message_bates(message, page, stamps: PageStamps) -> str | None:
    """The Bates number of ``page`` of ``message``: the stamp read on it, else one the message's own vouch for."""
    first_bates, first_page = _field(message, "bates_start"), _field(message, "page_start")
    if page is None or pd.isna(page):
        return first_bates
    printed = stamps.get(_field(message, "source_file"), page)
    if printed is not None:
        return printed
    if first_bates is None or first_page is None:
        return None
    offset = int(page) - int(first_page)
    if offset == 0:
        return first_bates
    first = _BATES.match(first_bates)
    last_bates, last_page = _field(message, "bates_end"), _field(message, "page_end")
    if not first or last_bates is None or last_page is None:
        return None
    last = _BATES.match(last_bates)
    # Counting on is safe only when it lands on the message's last Bates number at its last page.
    if not last or int(last.group(2)) - int(first.group(2)) != int(last_page) - int(first_page):
        return None
    return f"{first.group(1)}{int(first.group(2)) + offset:0{len(first.group(2))}d}"


class Citer:
    """Cites passages of one release's messages; build once, cite many rows."""

    def __init__(self, messages: pd.DataFrame, pages: pd.DataFrame | None = None):
        self.messages = messages.set_index("message_id", drop=False)
        self.stamps = PageStamps(pages)

    def cite_one(self, message_id: str, field: str, offset) -> tuple[str | None, int | None, str | None]:
        message = self.messages.loc[message_id]
        page = message_page(message, field, offset)
        return _field(message, "source_file"), page, message_bates(message, page, self.stamps)

    def cite(self, rows: pd.DataFrame) -> pd.DataFrame:
        """``rows`` (with ``message_id``, ``field`` and ``start_char``) with ``CITATION_COLUMNS`` set."""
        fields = rows["field"] if "field" in rows else pd.Series("body", index=rows.index)
        starts = rows["start_char"] if "start_char" in rows else pd.Series(None, index=rows.index, dtype=object)
        cited = [self.cite_one(m, f, s) for m, f, s in zip(rows["message_id"], fields, starts)]
        extra = pd.DataFrame(cited, index=rows.index, columns=["source_file", "page", "bates"])
        extra["page"] = extra["page"].astype("Int64")
        extra["where"] = [where(f, p, b) for f, p, b in zip(extra["source_file"], extra["page"], extra["bates"])]
        return rows.assign(**{c: extra[c] for c in CITATION_COLUMNS})


def cite(rows: pd.DataFrame, messages: pd.DataFrame, pages: pd.DataFrame | None = None) -> pd.DataFrame:
    """``rows`` (any table with ``message_id``, ``field``, ``start_char``) with source file, page, Bates, where."""
    return Citer(messages, pages).cite(rows)
