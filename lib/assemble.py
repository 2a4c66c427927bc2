"""Per-file ingest results in, the release's message and page tables out, in bounded memory.

Results arrive one file at a time and go straight to Parquet parts. Only a
compact key per message (id, sender, minute, subject) stays in memory;
duplicates and quoted history are resolved on those keys, reading a body back
only where two messages share a key. Memory is that of the largest file's
result plus about 200 bytes per message. ``lib.ingest.assemble`` does the same
in memory for callers that want DataFrames, with the same functions.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Iterable

import pandas as pd

from lib import schema
from lib.dedupe import QuoteLinker, duplicate_key, find_duplicates
from lib.ingest import FileResult, build_report
from lib.tables import concat_parts, write_part

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


def assemble_to_parquet(results: Iterable[FileResult], messages_path: Path, pages_path: Path, release: str,
                        workdir: Path) -> dict:
    """Write the release's message and page tables from per-file results; return the ingest report.

    ``results`` may be a generator: each result is written out and dropped
    before the next is read. ``workdir`` holds the parts and is removed after.
    """
    shutil.rmtree(workdir, ignore_errors=True)
    reports: list[FileResult] = []
    message_parts: list[Path] = []
    page_parts: list[Path] = []
    keys: list[tuple] = []  # duplicate_key per message, in table order
    headers: list[tuple] = []  # (message_id, sent_at, sender, sender_name, subject) per message
    where: list[tuple[int, int]] = []  # (part, row) per message
    for result in results:
        reports.append(FileResult(report=result.report))
        if result.messages:
            frame = _stable_columns(schema.coerce_messages(pd.DataFrame(result.messages)))
            part = len(message_parts)
            message_parts.append(write_part(frame, workdir / f"messages-{part:05d}.parquet"))
            for row, values in enumerate(frame[["message_id", "sent_at", "sender", "sender_name",
                                                "subject"]].itertuples(index=False, name=None)):
                message_id, sent_at, sender, sender_name, subject = values
                keys.append(duplicate_key(sender, sender_name, sent_at, subject))
                headers.append(values)
                where.append((part, row))
        if result.pages:
            pages = schema.validate_pages(schema.coerce_pages(pd.DataFrame(result.pages)))
            page_parts.append(write_part(pages, workdir / f"pages-{len(page_parts):05d}.parquet"))

    copies = find_duplicates(keys, _bodies_sharing_a_key(keys, where, message_parts).__getitem__)
    linker = QuoteLinker()
    for position, values in enumerate(headers):
        if position not in copies:
            linker.add(*values)
    original_id = {copy: headers[original][0] for copy, original in copies.items()}

    final_parts, reconstructed = [], []
    position = 0
    for part in message_parts:
        frame = pd.read_parquet(part)
        duplicate_of = [original_id.get(position + row) for row in range(len(frame))]
        position += len(frame)
        frame["duplicate_of"] = pd.Series(duplicate_of, index=frame.index, dtype="string")
        frame["in_reply_to"], new_rows = linker.link(frame)
        reconstructed.extend(new_rows)
        final_parts.append(write_part(_valid(frame), part.with_name("final-" + part.name)))
    if reconstructed or not final_parts:
        frame = _stable_columns(schema.coerce_messages(pd.DataFrame(reconstructed)))
        final_parts.append(write_part(_valid(frame), workdir / "final-reconstructed.parquet"))
    _check_unique_ids([h[0] for h in headers] + [r["message_id"] for r in reconstructed])

    concat_parts(final_parts, messages_path)
    if page_parts:
        concat_parts(page_parts, pages_path)
    else:
        schema.coerce_pages(pd.DataFrame()).to_parquet(pages_path, index=False)
    shutil.rmtree(workdir, ignore_errors=True)
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
