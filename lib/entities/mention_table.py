"""Mentions of people: one written reference each, and many as columns of integer codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np


@dataclass(slots=True)
class Mention:
    """One written reference to a person, in a message (slotted: a large release has millions)."""

    message_id: str | None
    text: str
    email: str | None = None
    correspondent: bool = False


class Codes:
    """Distinct values in the order first seen, each coded by its position; None is code -1."""

    def __init__(self):
        self.values: list = []
        self._codes: dict = {}

    def code(self, value) -> int:
        if value is None:
            return -1
        found = self._codes.get(value)
        if found is None:
            found = self._codes[value] = len(self.values)
            self.values.append(value)
        return found

    def __getitem__(self, code: int):
        return self.values[code]

    def __len__(self) -> int:
        return len(self.values)


def per_code(values: Iterable[int], codes: np.ndarray) -> np.ndarray:
    """``values[code]`` for each of ``codes``, -1 where the code is -1 (int32)."""
    lookup = np.fromiter(values, dtype=np.int32)
    return np.append(lookup, np.int32(-1))[codes]  # code -1 picks the appended -1


@dataclass(frozen=True, eq=False)
class MentionTable:
    """Mentions as columns of integer codes, for a release's worth of them.

    A ``Mention`` with its strings costs a few hundred bytes and a large release
    has hundreds of thousands, while its names and addresses repeat: here each
    distinct text and address is kept once and a mention is four small numbers.
    Code -1 stands for no text or no address (an empty one is none). Messages
    are codes only: the resolver just asks whether two mentions share one.
    """

    message: np.ndarray  # int32: equal codes, same message
    text: np.ndarray  # int32 code into ``texts``
    email: np.ndarray  # int32 code into ``emails``
    correspondent: np.ndarray  # bool
    texts: list[str]
    emails: list[str]

    @classmethod
    def of(cls, mentions: Iterable[Mention]) -> "MentionTable":
        builder = MentionTableBuilder()
        builder.append(mentions)
        return builder.table()

    def __len__(self) -> int:
        return len(self.message)

    def take(self, positions: np.ndarray) -> "MentionTable":
        """The mentions at ``positions``, in that order."""
        return MentionTable(self.message[positions], self.text[positions], self.email[positions],
                            self.correspondent[positions], self.texts, self.emails)


class MentionTableBuilder:
    """Collects mentions a list at a time into one ``MentionTable``, each distinct string kept once."""

    def __init__(self):
        self._texts, self._emails = Codes(), Codes()
        self._messages: dict = {}
        self._chunks: list[tuple[np.ndarray, ...]] = []
        self._size = 0

    def append(self, mentions: Iterable[Mention]) -> range:
        """Add mentions; their positions in the table."""
        columns: tuple[list, ...] = ([], [], [], [])
        for mention in mentions:
            columns[0].append(self._messages.setdefault(mention.message_id, len(self._messages)))
            columns[1].append(self._texts.code(mention.text or None))
            columns[2].append(self._emails.code(mention.email or None))
            columns[3].append(bool(mention.correspondent))
        chunk = (*(np.array(c, dtype=np.int32) for c in columns[:3]), np.array(columns[3], dtype=bool))
        self._chunks.append(chunk)
        start, self._size = self._size, self._size + len(chunk[0])
        return range(start, self._size)

    def table(self) -> MentionTable:
        columns = [np.concatenate([c[i] for c in self._chunks]) if self._chunks
                   else np.zeros(0, dtype=bool if i == 3 else np.int32) for i in range(4)]
        return MentionTable(*columns, self._texts.values, self._emails.values)
