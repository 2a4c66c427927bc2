"""What linking a message needs from the rest of the release (``ReleaseContext``), without its texts.

The direction of each message, each page's Bates number, and where each private
subject is named: tagged by the entity table or found by their full names
(``lib.charges.names``).
"""

from __future__ import annotations

import pandas as pd

from lib.charges.attribution import _Mention, _Message
from lib.charges.names import _name_key, _name_keys, _NameFinder
from lib.core.cite import PageStamps
from lib.core.directory import direction


class ReleaseContext:
    """What linking a message needs from the rest of the release, without the release's texts.

    Subjects are found where the entity table tags them, and by the full names
    it tags for one subject elsewhere in the release ("MATIAS, Filipe" in a
    reply when "MATIAS, FILIPE" was tagged in the detainer): ``find_names``
    looks for those in every batch of messages before any is linked, because a
    reply needs the subjects of the message it answers. Each message is given
    to ``find_names`` once.

    The mentions are held as one table (``_MENTION_COLUMNS``), not as lists of
    objects per message: a large release has tens of thousands of them, and only
    those of the batch being linked become ``_Mention`` objects.
    """

    def __init__(self, headers: pd.DataFrame, entities: pd.DataFrame, pages: pd.DataFrame | None = None, *,
                 include_duplicates: bool = False):
        self.include_duplicates = include_duplicates
        # Five values for tens of thousands of messages: categorical codes, not strings.
        self.directions = direction(headers, include_duplicates=include_duplicates).astype("category")
        self.bates_of_page = PageStamps(pages)
        people = entities[(entities["label"] == "PERSON") & (entities["role"] == "subject")
                          & entities["person_id"].notna()]
        in_text = people[people["field"].isin(["body", "subject"])]
        self._tagged = pd.DataFrame({"message_id": in_text["message_id"].astype(pd.StringDtype()),
                                     "field": in_text["field"].astype(pd.StringDtype()),
                                     "start": in_text["start_char"].astype("int64"),
                                     "end": in_text["end_char"].astype("int64"),
                                     "person_id": in_text["person_id"].astype(pd.StringDtype())},
                                    columns=_MENTION_COLUMNS).reset_index(drop=True)
        self._searched: list[pd.Series] = []  # ids of the messages find_names has seen
        self._found: list[pd.DataFrame] = []  # their mentions, tagged and found
        self._mentions: pd.DataFrame | None = None  # every mention, in (start, end) order
        self._owner_of = _name_keys(people)
        self._finder = _NameFinder(list(self._owner_of)) if self._owner_of else None

    def find_names(self, messages: pd.DataFrame) -> None:
        """Add the subjects named in these messages where the tagger missed them."""
        if self._finder is None:
            return
        self._mentions = None
        tagged_of = _mention_lists(self._tagged[self._tagged["message_id"].isin(messages["message_id"])])
        rows = []
        for message_id, subject, body in zip(messages["message_id"], messages["subject"], messages["body"]):
            for field, text in (("subject", subject), ("body", body)):
                tagged = tagged_of.get((message_id, field), [])
                if isinstance(text, str):
                    for found in self._finder.finditer(text):
                        lo, hi = found.start(), found.end()
                        overlapping = [m for m in tagged if m.start < hi and lo < m.end]
                        # A full name wins over a part of it tagged alone ("Miguel" in "Barrera, Miguel").
                        if all(lo <= m.start and m.end <= hi and hi - lo > m.end - m.start for m in overlapping):
                            tagged[:] = [m for m in tagged if m not in overlapping]
                            tagged.append(_Mention(lo, hi, self._owner_of[_name_key(found.group(0))]))
                rows += [(message_id, field, m.start, m.end, m.person_id) for m in tagged]
        self._searched.append(messages["message_id"].astype(pd.StringDtype()))
        self._found.append(_mention_table(rows))

    def _in_order(self) -> pd.DataFrame:
        """Every mention: those tagged in messages find_names has not seen, and those of the messages it has."""
        if self._mentions is None:
            unseen = (self._tagged[~self._tagged["message_id"].isin(pd.concat(self._searched))] if self._searched
                      else self._tagged)
            every = pd.concat([unseen, *self._found], ignore_index=True) if self._found else unseen
            # Stable: mentions of one span keep the order they were tagged or found in.
            self._mentions = every.sort_values(["start", "end"], kind="stable", ignore_index=True)
            self._found, self._searched = [], []
            self._tagged = self._mentions  # where a later find_names starts from
        return self._mentions

    def messages(self, table: pd.DataFrame) -> dict[str, _Message]:
        """The messages of ``table`` ready for linking (after ``find_names`` has seen every message)."""
        parents = table["in_reply_to"].dropna() if "in_reply_to" in table else pd.Series([], dtype="string")
        mentions = self._in_order()
        mentions = _mention_lists(mentions[mentions["message_id"].isin(table["message_id"])
                                           | mentions["message_id"].isin(parents)])
        by_id = {}
        for row in table.itertuples(index=False):
            parent = getattr(row, "in_reply_to", None)
            replied = [] if parent is None or pd.isna(parent) else (
                mentions.get((parent, "body"), []) + mentions.get((parent, "subject"), []))
            by_id[row.message_id] = _Message(_text(row.body), _text(row.subject),
                                             mentions.get((row.message_id, "body"), []),
                                             mentions.get((row.message_id, "subject"), []), replied)
        return by_id

    @classmethod
    def of(cls, messages: pd.DataFrame, entities: pd.DataFrame, pages: pd.DataFrame | None = None, *,
           include_duplicates: bool = False) -> "ReleaseContext":
        """The context of a release held in memory."""
        context = cls(messages, entities, pages, include_duplicates=include_duplicates)
        context.find_names(messages)
        return context


_MENTION_COLUMNS = ["message_id", "field", "start", "end", "person_id"]


def _mention_table(rows: list[tuple]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=_MENTION_COLUMNS)
    return table.astype({"message_id": pd.StringDtype(), "field": pd.StringDtype(), "start": "int64", "end": "int64",
                         "person_id": pd.StringDtype()})


def _mention_lists(mentions: pd.DataFrame) -> dict[tuple[str, str], list[_Mention]]:
    """(message_id, field) -> its mentions, in the table's order."""
    lists: dict[tuple[str, str], list[_Mention]] = {}
    for message_id, field, start, end, person in zip(*(mentions[c].tolist() for c in _MENTION_COLUMNS)):
        lists.setdefault((message_id, field), []).append(_Mention(start, end, person))
    return lists


def _text(value) -> str:
    return value if isinstance(value, str) else ""
