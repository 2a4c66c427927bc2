"""Per-file ingest results in, the release's message and page tables out, in bounded memory.

Each file's result is written to Parquet parts where it is read (a worker
process or a Dask worker), so no whole file travels between processes. Only a
compact key per message (id, sender, minute, subject) is then held in memory;
duplicates and quoted history are resolved on those keys, reading a body back
only where two messages may be copies of one, and the tables are written a
batch of rows at a time. ``lib.ingest.release.assemble`` does the same in memory for
callers that want DataFrames, with the same functions.
"""

from __future__ import annotations

import bisect
import json
from array import array
from collections import Counter, OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lib.core import schema
from lib.core.tables import (
    BATCH_ROWS,
    DECODE_THREADS,
    TableWriter,
    concat_parts,
    iter_frames,
    release_freed_memory,
    unified_schema,
)
from lib.ingest.dedupe import QuoteLinker, find_duplicates, positions_to_compare
from lib.ingest.report import build_report
from lib.ingest.results import FileResult
from lib.ingest.same_message import Printing

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

    ``chunks`` is a ``FileResult`` or the stream ``lib.ingest.release.ingest_file_chunks``
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
    ids: list[str] = []  # per message, in table order
    printings: list[Printing] = []
    part_of, row_of = array("l"), array("l")  # where each message is
    for file in files:
        reports.append(FileResult(report=file.report))
        if file.messages is not None:
            part = len(message_parts)
            message_parts.append(file.messages)
            columns = pd.read_parquet(file.messages, columns=["message_id", "sent_at", "sender", "sender_name",
                                                                "subject"])
            for row, (message_id, sent_at, sender, sender_name, subject) in enumerate(
                    columns.itertuples(index=False, name=None)):
                ids.append(message_id)
                printings.append(Printing.of(sender, sender_name, sent_at, subject))
                part_of.append(part)
                row_of.append(row)
        if file.pages is not None:
            page_parts.append(file.pages)

    bodies = _BodiesOnDisk(message_parts, part_of, row_of)
    compared = bodies.read(positions_to_compare(printings))
    copies = find_duplicates(printings, compared.__getitem__)
    del compared
    position_of = {ids[position]: position for position in range(len(ids)) if position not in copies}
    linker = QuoteLinker(lambda message_id: bodies.body(position_of[message_id]))
    for position, printing in enumerate(printings):
        if position not in copies:
            linker.add(ids[position], printing)
    del printings  # the linker keeps those it needs
    release_freed_memory()

    reconstructed: list[dict] = []
    position = 0
    with TableWriter(messages_path, unified_schema(message_parts) if message_parts else None) as writer:
        for part in message_parts:
            for frame in iter_frames(part, batch_rows=BATCH_ROWS):
                frame.index = range(position, position + len(frame))
                found = [copies.get(i, (None, None)) for i in frame.index]
                frame["duplicate_of"] = pd.Series([None if original is None else ids[original]
                                                   for original, _ in found], index=frame.index, dtype="string")
                frame["duplicate_reason"] = pd.Series([reason for _, reason in found], index=frame.index,
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
                        pd.read_parquet(pages_path, columns=_REPORT_PAGE_COLUMNS), release, linker.quoted_copies)


class _BodiesOnDisk:
    """Message bodies read back from the per-file parts: many at once, or one by one a row group at a time."""

    #: Row groups whose bodies are kept for the next look-ups: a quote's candidates are mostly near each other.
    CACHED_GROUPS = 4

    def __init__(self, parts: list[Path], part_of: array, row_of: array):
        self.parts, self.part_of, self.row_of = parts, part_of, row_of
        self._group_starts: dict[int, list[int]] = {}
        self._cache: OrderedDict[tuple[int, int], list[str]] = OrderedDict()

    def read(self, positions: set[int]) -> dict[int, str]:
        """The bodies at ``positions``, each part's body column read once."""
        wanted: dict[int, list[int]] = {}
        for position in sorted(positions):
            wanted.setdefault(self.part_of[position], []).append(position)
        bodies: dict[int, str] = {}
        for part, in_part in wanted.items():
            column = pd.read_parquet(self.parts[part], columns=["body"])["body"]
            for position in in_part:
                bodies[position] = column.iat[self.row_of[position]]
        return bodies

    def body(self, position: int) -> str:
        """One message's body, from its row group (a few kept for the next look-ups)."""
        part, row = self.part_of[position], self.row_of[position]
        if part not in self._group_starts:
            metadata = pq.ParquetFile(self.parts[part]).metadata
            starts = [0]
            for group in range(metadata.num_row_groups):
                starts.append(starts[-1] + metadata.row_group(group).num_rows)
            self._group_starts[part] = starts
        starts = self._group_starts[part]
        group = bisect.bisect_right(starts, row) - 1
        key = (part, group)
        if key not in self._cache:
            table = pq.ParquetFile(self.parts[part]).read_row_group(group, columns=["body"],
                                                                     use_threads=DECODE_THREADS)
            self._cache[key] = table.column("body").to_pylist()
            if len(self._cache) > self.CACHED_GROUPS:
                self._cache.popitem(last=False)
        self._cache.move_to_end(key)
        return self._cache[key][row - starts[group]] or ""


def _valid(frame: pd.DataFrame) -> pd.DataFrame:
    return schema.validate_messages(schema.coerce_messages(frame))


def _check_unique_ids(ids: list[str]) -> None:
    repeated = [message_id for message_id, count in Counter(ids).items() if count > 1]
    if repeated:
        raise ValueError(f"message ids are not unique across the release: {repeated[:10]}")
