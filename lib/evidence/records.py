"""The tables a query reads (``Records``), with direction, senders and pattern matches worked out once, and citing."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from lib import language
from lib.core.cite import PageStamps, message_bates, message_page, where
from lib.core.context import entity_spans, kwic
from lib.core.directory import Directory, load_agencies, unique_messages
from lib.core.paths import REFERENCE
from lib.core.schema import TIMEZONE, coerce_messages
from lib.core.tables import TextBatches, text_batches

DEFAULT_PATTERNS = REFERENCE / "claims_evidence.yaml"

#: One row per piece of evidence: a span of text in a message, with its citation.
EVIDENCE_COLUMNS = [
    "query", "message_id", "sent_at", "sender", "direction", "field", "start_char", "end_char", "match",
    "context", "cue", "arguable", "person_id", "source_file", "page", "bates", "where", "redactions",
    "reconstructed",
]

#: The columns of ``Records.acts``: those of ``Records.matches`` that evidence rows read.
ACT_COLUMNS = ["message_id", "category", "pattern_id", "match", "start_char", "end_char", "context", "arguable"]

#: The message table's texts, which ``Records.load`` leaves on disk and reads a batch at a time.
TEXT_COLUMNS = ("body", "quoted")

#: Characters of context each side of a match; the match is marked in **bold**.
CONTEXT_WIDTH = 70

_REPLY_OR_FORWARD = re.compile(r"^\s*(?:re|aw|sv|fw|fwd)\s*:", re.IGNORECASE)
_FORWARD = re.compile(r"^\s*(?:(?:re|aw|sv)\s*:\s*)*(?:fw|fwd)\s*:", re.IGNORECASE)
_FORWARDED_QUOTE = re.compile(r"^\W*(?:begin )?forwarded message", re.IGNORECASE)


class NotBuilt(LookupError):
    """A table a query needs has not been built yet."""


# --- The tables a query reads --------------------------------------------------------------------

class Records:
    """The processed tables, with what several queries share (direction, senders, matches) worked out once.

    ``tables`` maps table names ("messages", "pages", "entities", "charges", "subject_severity",
    ...) to DataFrames; only "messages" is required. Repeated printings (``duplicate_of``) are
    left out, so each message counts once.
    """

    def __init__(self, tables: Mapping[str, pd.DataFrame], *, patterns: language.Lexicon | str | Path | None = None,
                 agencies: pd.DataFrame | None = None, texts: TextBatches | None = None):
        if "messages" not in tables:
            raise ValueError("Records needs at least a 'messages' table")
        self.tables = dict(tables)
        self.patterns = patterns if isinstance(patterns, language.Lexicon) else \
            language.load_lexicon(patterns or DEFAULT_PATTERNS)
        self._agencies = agencies
        self._texts = texts  # None: the message table holds its own texts
        self._matches: dict[str, pd.DataFrame] = {}
        self._acts: dict[str, pd.DataFrame] = {}
        self._spans: dict[str, dict[str, list[tuple[int, int]]]] = {}
        self._results: dict[str, pd.DataFrame | NotBuilt] = {}

    #: Columns left on disk: page texts (no query reads them) and message texts (read a batch at a time).
    UNREAD_COLUMNS = {"pages": {"text"}, "messages": set(TEXT_COLUMNS)}

    @classmethod
    def load(cls, processed_dir: str | Path, **options) -> Records:
        """Every Parquet table in a processed folder (without ``UNREAD_COLUMNS``); message texts are read from
        ``messages.parquet`` a batch at a time when a query needs them."""
        import pyarrow.parquet as pq

        tables = {}
        for path in sorted(Path(processed_dir).glob("*.parquet")):
            unread = cls.UNREAD_COLUMNS.get(path.stem, set())
            tables[path.stem] = pd.read_parquet(path, columns=[c for c in pq.read_schema(path).names
                                                                if c not in unread])
        messages = Path(processed_dir) / "messages.parquet"
        if messages.exists():
            options.setdefault("texts", text_batches(messages, list(TEXT_COLUMNS)))
        return cls(tables, **options)

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    def require(self, name: str) -> pd.DataFrame:
        """A table the query cannot do without; ``NotBuilt`` when the build has not made it."""
        frame = self.table(name)
        if frame is None:
            raise NotBuilt(f"{name}.parquet is not yet built")
        return frame

    @cached_property
    def all_messages(self) -> pd.DataFrame:
        messages = self.tables["messages"].copy()
        for column in ("to", "cc", "attachments"):
            # Parquet hands lists back as arrays, which coerce_messages would empty.
            if column in messages:
                messages[column] = messages[column].map(lambda v: list(v) if isinstance(v, np.ndarray) else v)
        messages = coerce_messages(messages).reset_index(drop=True)
        self.tables["messages"] = messages  # the table as read is not kept twice
        return messages

    @cached_property
    def messages(self) -> pd.DataFrame:
        """Unique messages, indexed by ``message_id``."""
        return unique_messages(self.all_messages).set_index("message_id", drop=False)

    @cached_property
    def _directory(self) -> Directory:
        return Directory(self.all_messages, self._agencies if self._agencies is not None else load_agencies())

    @cached_property
    def direction(self) -> pd.Series:
        """Each unique message's direction (``lib.core.directory.direction``), by ``message_id``."""
        from lib.core.directory import direction  # drawing libraries load only when needed

        directions = direction(self.all_messages, self._agencies)
        ids = self.all_messages.loc[directions.index, "message_id"]
        return pd.Series(directions.to_numpy(), index=ids.to_numpy(), dtype=pd.StringDtype(), name="direction")

    @cached_property
    def senders(self) -> pd.DataFrame:
        """Each unique message's sender: ``label`` (name as printed) and ``side`` (police, ice, ...)."""
        rows = []
        for sender, name in zip(self.messages["sender"], self.messages["sender_name"]):
            key = self._directory.sender_key(sender, name)
            label = self._directory.label(key) if key else next(
                (str(v) for v in (name, sender) if isinstance(v, str) and v), "unknown")
            rows.append({"label": label, "side": self._directory.side(key)})
        return pd.DataFrame(rows, index=self.messages.index, columns=["label", "side"])

    def ids(self, *, directions: tuple[str, ...] | None = None,
            sender_sides: tuple[str, ...] | None = None) -> set[str]:
        """Unique message ids in the given directions and sent from the given sides."""
        keep = pd.Series(True, index=self.messages.index)
        if directions is not None:
            keep &= self.direction.reindex(self.messages.index).isin(directions).fillna(False).to_numpy()
        if sender_sides is not None:
            keep &= self.senders["side"].isin(sender_sides).to_numpy()
        return set(self.messages.index[keep.to_numpy()])

    @cached_property
    def repeated_lines(self) -> set[str]:
        """Lines printed word for word in five or more messages (signatures, disclaimers).

        A repeated line that holds an evidence pattern is not one of them: in published tables,
        masking ("Address on the report is [ADDRESS]") makes many different lines identical.
        """
        bodies = (body for batch in self._text_batches() for body in batch["body"])
        return language.boilerplate_lines(bodies, lexicon=self.patterns)

    def _text_batches(self) -> Iterable[pd.DataFrame]:
        """Unique messages' ``body`` and ``quoted``, a batch at a time, indexed by ``message_id``."""
        source = self._texts or text_batches(self.messages.reset_index(drop=True), list(TEXT_COLUMNS))
        for batch in source():
            batch = batch[batch["message_id"].isin(self.messages.index)]
            if len(batch):
                yield batch.set_index("message_id", drop=False)

    def field_text(self, field_name: str, ids: Iterable[str] | None = None) -> pd.Series:
        """The text of one part of each unique message (or of those ``ids``), by ``message_id`` (empty where it
        does not apply).

        ``subject`` only where it is not a reply or forward (a reply repeats the subject it
        answers) and was printed with the message (a message recovered from a quote may carry
        its thread's subject); ``quoted`` only for forwards (the history is what a forward passes on);
        ``attachments`` is the attachment names, one a line.
        """
        wanted = None if ids is None else set(ids)
        if field_name in ("subject", "attachments"):
            m = self.messages if wanted is None else self.messages[self.messages.index.isin(wanted)]
            return self._field_of(m, field_name)
        if field_name not in TEXT_COLUMNS:
            raise ValueError(f"unknown field {field_name!r}")
        parts = [self._field_of(batch if wanted is None else batch[batch.index.isin(wanted)], field_name)
                 for batch in self._text_batches()]
        texts = pd.concat(parts) if parts else pd.Series([], dtype=str)
        return texts.reindex(self.messages.index if wanted is None else
                             self.messages.index[self.messages.index.isin(wanted)]).fillna("").astype(str)

    def _field_of(self, rows: pd.DataFrame, field_name: str) -> pd.Series:
        """``field_text`` of some rows (of the message table, or a batch of its texts), by ``message_id``."""
        m = self.messages.loc[rows.index]
        if field_name == "body":
            texts = rows["body"]
        elif field_name == "subject":
            texts = m["subject"].fillna("").map(lambda s: "" if _REPLY_OR_FORWARD.match(s) else s)
            texts = texts.where(~m["reconstructed"], "")
        elif field_name == "quoted":
            forward = [bool(_FORWARD.match(s) or _FORWARDED_QUOTE.match(q))
                       for s, q in zip(m["subject"].fillna(""), rows["quoted"].fillna(""))]
            texts = rows["quoted"].where(forward, "")
        elif field_name == "attachments":
            texts = m["attachments"].map(lambda names: "\n".join(str(n) for n in names))
        else:
            raise ValueError(f"unknown field {field_name!r}")
        return texts.fillna("").astype(str)

    def entity_spans(self, field_name: str) -> dict[str, list[tuple[int, int]]]:
        """The tagged entities' spans in one part of each message, by ``message_id``: what a context keeps whole."""
        if field_name not in self._spans:
            self._spans[field_name] = entity_spans(self.table("entities"), field_name)
        return self._spans[field_name]

    def matches(self, field_name: str) -> pd.DataFrame:
        """Hits of the evidence patterns (every category) in one part of every unique message."""
        if field_name not in self._matches:
            if field_name in TEXT_COLUMNS:  # a batch of texts at a time
                parts = [self._find(self._field_of(batch, field_name), field_name) for batch in self._text_batches()]
            else:
                parts = [self._find(self.field_text(field_name), field_name)]
            self._matches[field_name] = language.in_sending_order(parts).assign(field=field_name)
        return self._matches[field_name]

    def acts(self, field_name: str) -> pd.DataFrame:
        """Acts read from the structure of sentences (``lib.evidence.acts``) in one part of every unique message,
        with ``matches``' columns: ``category`` is the lexicon category the act joins, ``pattern_id`` the rule."""
        if field_name not in self._acts:
            if field_name in TEXT_COLUMNS:  # a batch of texts at a time, as ``matches``
                parts = [self._find_acts(self._field_of(batch, field_name), field_name)
                         for batch in self._text_batches()]
            else:
                parts = [self._find_acts(self.field_text(field_name), field_name)]
            parts = [part for part in parts if len(part)]
            self._acts[field_name] = (pd.concat(parts, ignore_index=True) if parts else
                                      pd.DataFrame(columns=ACT_COLUMNS)).assign(field=field_name)
        return self._acts[field_name]

    def _find_acts(self, texts: pd.Series, field_name: str) -> pd.DataFrame:
        from lib.evidence.acts import act_finder  # the parser loads only when a query reads acts

        texts = texts[texts.str.strip() != ""]
        protected = self.entity_spans(field_name)
        rows = [{"message_id": str(message_id), "category": act.category, "pattern_id": act.rule,
                 "match": text[act.start_char:act.end_char], "start_char": act.start_char, "end_char": act.end_char,
                 "context": _context(text, act.start_char, act.end_char, protected.get(message_id, ())),
                 "arguable": act.arguable}
                for message_id, text, found in zip(texts.index, texts, act_finder().find(texts.tolist()))
                for act in found]
        return pd.DataFrame(rows, columns=ACT_COLUMNS)

    def _find(self, texts: pd.Series, field_name: str) -> pd.DataFrame:
        table = pd.DataFrame({"message_id": texts.index.astype(str), "text": texts.to_numpy()})
        table = table[table["text"].str.strip() != ""]
        return language.find(table, self.patterns, text_column="text", include_duplicates=True,
                             width=CONTEXT_WIDTH, protected=self.entity_spans(field_name))

    def cite(self, rows: pd.DataFrame, query: str) -> pd.DataFrame:
        """Evidence rows with their citation: date, sender, direction, page and Bates number of the match."""
        if rows.empty:
            return _empty_evidence()
        m = self.messages.loc[rows["message_id"].tolist()]
        pages = [message_page(msg, f, start) for msg, f, start in
                 zip(m.itertuples(index=False), rows["field"].tolist(), rows["start_char"].tolist())]
        bates = [message_bates(msg, page, self._stamps) for msg, page in zip(m.itertuples(index=False), pages)]
        out = pd.DataFrame({
            "query": query, "message_id": rows["message_id"].to_numpy(), "sent_at": m["sent_at"].to_numpy(),
            "sender": self.senders["label"].reindex(m.index).to_numpy(),
            "direction": self.direction.reindex(m.index).to_numpy(), "field": rows["field"].to_numpy(),
            "start_char": rows["start_char"].to_numpy(), "end_char": rows["end_char"].to_numpy(),
            "match": rows["match"].to_numpy(), "context": rows["context"].to_numpy(), "cue": rows["cue"].to_numpy(),
            "arguable": rows["arguable"].to_numpy() if "arguable" in rows else False,
            "person_id": rows["person_id"].to_numpy() if "person_id" in rows else None,
            "source_file": m["source_file"].to_numpy(), "page": pages, "bates": bates,
            "where": [where(f, p, b) for f, p, b in zip(m["source_file"], pages, bates)],
            "redactions": m["redactions"].to_numpy(), "reconstructed": m["reconstructed"].to_numpy(),
        })
        return _typed_evidence(out)

    @cached_property
    def _stamps(self) -> PageStamps:
        return PageStamps(self.table("pages"))


def _empty_evidence() -> pd.DataFrame:
    return _typed_evidence(pd.DataFrame(columns=EVIDENCE_COLUMNS))


def _typed_evidence(out: pd.DataFrame) -> pd.DataFrame:
    out = out[EVIDENCE_COLUMNS].copy()
    for col in ("query", "message_id", "sender", "direction", "field", "match", "context", "cue", "person_id",
                "source_file", "bates", "where"):
        out[col] = out[col].astype(pd.StringDtype())
    for col in ("start_char", "end_char", "redactions"):
        out[col] = pd.to_numeric(out[col]).astype("int64")
    out["page"] = pd.to_numeric(out["page"]).astype("Int64")
    out[["arguable", "reconstructed"]] = out[["arguable", "reconstructed"]].fillna(False).astype(bool)
    out["sent_at"] = pd.to_datetime(out["sent_at"], utc=True).dt.tz_convert(TIMEZONE)
    keys = ["sent_at", "message_id", "field", "start_char", "end_char", "cue"]
    return out.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)


def _context(text: str, start: int, end: int, protected: Iterable[tuple[int, int]] = ()) -> str:
    """About ``CONTEXT_WIDTH`` characters each side of text[start:end] on one line, the match in bold, never
    cutting a ``protected`` span (an entity; ``lib.core.context``)."""
    return kwic(text, start, end, CONTEXT_WIDTH, language.HIT_MARK, protected=protected)


def _on_repeated_line(text: str, start: int, repeated: set[str]) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return " ".join(line.split()).lower() in repeated


def _records(tables) -> Records:
    return tables if isinstance(tables, Records) else Records(tables)
