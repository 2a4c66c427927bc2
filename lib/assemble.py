"""Per-file ingest results in, the release's message and page tables out, in bounded memory.

Each file's result is written to Parquet parts where it is read (a worker
process or a Dask worker), so no whole file travels between processes. Only a
compact key per message (id, sender, minute, subject) is then held in memory;
duplicates and quoted history are resolved on those keys, reading a body back
only where two messages share a key, and the tables are written a batch of
rows at a time. ``lib.ingest.assemble`` does the same in memory for callers
that want DataFrames, with the same functions.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow as pa

from lib import schema
from lib.dedupe import QuoteLinker, duplicate_key, find_duplicates
from lib.ingest import FileResult, build_report
from lib.tables import BATCH_ROWS, TableWriter, concat_parts, iter_frames, release_freed_memory, unified_schema

#: Columns some files give and others do not, with the type each has across the release.
PROVENANCE_COLUMNS = {
    "page_breaks": object, "quoted_page_start": "float64", "quoted_breaks": object,
    "header_message_id": "str", "in_reply_to_header": "str",
}
#: What the report needs of each table; everything else stays on disk.
_REPORT_MESSAGE_COLUMNS = ["reconstructed", "duplicate_of", "sent_at"]
_REPORT_PAGE_COLUMNS = ["source_file", "page", "bates", "method", "status", "reason"]


def _stable_columns(messages: pd.DataFrame) -> pd.DataFrame:
    for column, dtype in PROVENANCE_COLUMNS.items():
        if column not in messages:
            messages[column] = [[] for _ in range(len(messages))] if dtype is object else None
        if dtype is not object:
            messages[column] = messages[column].astype(dtype)
    return messages


@dataclass
class FileParts:
    """One input file's result on disk: its report entry and its message and page parts."""

    report: dict
    messages: Path | None = None
    pages: Path | None = None

    @classmethod
    def load(cls, prefix: Path) -> "FileParts | None":
        """Parts written earlier by ``write_file_parts``; None unless complete."""
        report = prefix.with_name(prefix.name + ".json")
        if not report.exists():
            return None
        messages, pages = (prefix.with_name(f"{prefix.name}.{kind}.parquet") for kind in ("messages", "pages"))
        return cls(json.loads(report.read_text()), messages if messages.exists() else None,
                   pages if pages.exists() else None)


def write_file_parts(chunks: FileResult | Iterable[FileResult], prefix: Path, *, keep: bool = True) -> FileParts:
    """Write one file's messages and pages as Parquet next to ``prefix``, as its chunks arrive.

    ``chunks`` is a ``FileResult`` or the stream ``lib.ingest.ingest_file_chunks``
    gives, whose last chunk carries the report; a file of tens of thousands of
    pages is never whole in memory. A file whose report is not "read" leaves
    no parts, and is read again by the next build. ``keep`` writes the report
    last, as the mark that the parts are complete (``FileParts.load`` finds
    them on the next build); without it the parts serve this build only.
    """
    prefix.parent.mkdir(parents=True, exist_ok=True)
    messages = _RowWriter(prefix.with_name(f"{prefix.name}.messages.parquet"),
                          lambda frame: _stable_columns(schema.coerce_messages(frame)))
    pages = _RowWriter(prefix.with_name(f"{prefix.name}.pages.parquet"),
                       lambda frame: schema.validate_pages(schema.coerce_pages(frame)))
    report: dict = {}
    try:
        for chunk in [chunks] if isinstance(chunks, FileResult) else chunks:
            messages.add(chunk.messages)
            pages.add(chunk.pages)
            report = chunk.report or report
    except BaseException:
        messages.close(keep=False)
        pages.close(keep=False)
        raise
    read = report.get("status", "read") == "read"  # a bare FileResult of rows may have no status
    parts = FileParts(report, messages.close(keep=read), pages.close(keep=read))
    if keep and read:
        prefix.with_name(prefix.name + ".json").write_text(json.dumps(report, default=str))
    return parts


#: Arrow types of list columns, which a chunk whose lists are all empty cannot tell.
_LIST_TYPES = {"to": pa.list_(pa.string()), "cc": pa.list_(pa.string()), "attachments": pa.list_(pa.string()),
               "page_breaks": pa.list_(pa.int64()), "quoted_breaks": pa.list_(pa.int64()),
               "parse_flags": pa.list_(pa.string())}


class _RowWriter:
    """Rows (dicts) to one Parquet part, typed and written a batch at a time; no rows, no file."""

    def __init__(self, path: Path, typed):
        self.path, self.typed = path, typed
        self.writer: TableWriter | None = None

    def add(self, rows: list[dict]) -> None:
        while rows:  # rows are dropped as they are written: they are never held twice
            table = pa.Table.from_pandas(self.typed(pd.DataFrame(rows[:BATCH_ROWS])), preserve_index=False)
            if self.writer is None:
                self.writer = TableWriter(self.path, pa.schema(
                    [pa.field(f.name, _LIST_TYPES.get(f.name, f.type)) for f in table.schema],
                    metadata=table.schema.metadata))
            self.writer.write(table)
            del rows[:BATCH_ROWS]

    def close(self, keep: bool) -> Path | None:
        """Put the part in place (``keep``) or throw it away; its path, if kept and not empty."""
        if self.writer is None:
            return None
        self.writer.close(keep)
        return self.path if keep else None


def assemble_to_parquet(files: Iterable[FileParts], messages_path: Path, pages_path: Path, release: str) -> dict:
    """Write the release's message and page tables from per-file parts; return the ingest report.

    ``files`` may be a generator: only each file's compact keys are kept.
    """
    reports: list[FileResult] = []
    message_parts: list[Path] = []
    page_parts: list[Path] = []
    keys: list[tuple] = []  # duplicate_key per message, in table order
    headers: list[tuple] = []  # (message_id, sent_at, sender, sender_name, subject) per message
    where: list[tuple[int, int]] = []  # (part, row) per message
    for file in files:
        reports.append(FileResult(report=file.report))
        if file.messages is not None:
            part = len(message_parts)
            message_parts.append(file.messages)
            columns = pd.read_parquet(file.messages, columns=["message_id", "sent_at", "sender", "sender_name",
                                                                "subject"])
            for row, values in enumerate(columns.itertuples(index=False, name=None)):
                message_id, sent_at, sender, sender_name, subject = values
                keys.append(duplicate_key(sender, sender_name, sent_at, subject))
                headers.append(values)
                where.append((part, row))
        if file.pages is not None:
            page_parts.append(file.pages)

    copies = find_duplicates(keys, _bodies_sharing_a_key(keys, where, message_parts).__getitem__)
    linker = QuoteLinker()
    for position, values in enumerate(headers):
        if position not in copies:
            linker.add(*values)
    ids = [values[0] for values in headers]
    original_id = {copy: ids[original] for copy, original in copies.items()}
    del keys, headers, where, copies  # the linker keeps what it needs of them
    release_freed_memory()

    reconstructed: list[dict] = []
    position = 0
    with TableWriter(messages_path, unified_schema(message_parts) if message_parts else None) as writer:
        for part in message_parts:
            for frame in iter_frames(part, batch_rows=BATCH_ROWS):
                frame.index = range(position, position + len(frame))
                frame["duplicate_of"] = pd.Series([original_id.get(i) for i in frame.index], index=frame.index,
                                                  dtype="string")
                frame["in_reply_to"], new_rows = linker.link(frame)
                reconstructed.extend(new_rows)
                writer.write(_valid(frame))
                position += len(frame)
                del frame
                release_freed_memory()  # each batch's pages freed, not kept among the reconstructed rows
        if reconstructed or not message_parts:
            writer.write(_valid(_stable_columns(schema.coerce_messages(pd.DataFrame(reconstructed)))))
        # Inside the writer: a table with repeated ids is never put in place.
        _check_unique_ids(ids + [r["message_id"] for r in reconstructed])

    if page_parts:
        concat_parts(page_parts, pages_path)
    else:
        schema.coerce_pages(pd.DataFrame()).to_parquet(pages_path, index=False)
    return build_report(reports, pd.read_parquet(messages_path, columns=_REPORT_MESSAGE_COLUMNS),
                        pd.read_parquet(pages_path, columns=_REPORT_PAGE_COLUMNS), release)


def _bodies_sharing_a_key(keys: list[tuple], where: list[tuple[int, int]], parts: list[Path]) -> dict[int, str]:
    """Bodies of the messages that share a duplicate key with another: the only ones compared."""
    counts = Counter(keys)
    wanted: dict[int, list[int]] = {}
    for position, key in enumerate(keys):
        if counts[key] > 1:
            wanted.setdefault(where[position][0], []).append(position)
    bodies: dict[int, str] = {}
    for part, positions in wanted.items():
        column = pd.read_parquet(parts[part], columns=["body"])["body"]
        for position in positions:
            bodies[position] = column.iat[where[position][1]]
    return bodies


def _valid(frame: pd.DataFrame) -> pd.DataFrame:
    return schema.validate_messages(schema.coerce_messages(frame))


def _check_unique_ids(ids: list[str]) -> None:
    repeated = [message_id for message_id, count in Counter(ids).items() if count > 1]
    if repeated:
        raise ValueError(f"message ids are not unique across the release: {repeated[:10]}")
