"""A release's processed tables, opened for a notebook: the same few setup lines in every notebook.

    release = open_release(processed_dir, figures_dir)
    messages = release.table("messages", columns=[...])
    release.publish(fig, table, "weekly_by_direction", caption=..., alt=..., source=...)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow.parquet as pq

from lib.core.context import entity_spans
from lib.core.paths import display, resolve
from lib.core.tables import TextBatches, text_batches, use_system_allocator
from lib.notebook_kit.figures import publish_figure, use_style
from lib.pipeline.build import load_table

if TYPE_CHECKING:
    from lib.evidence.review import Review


@dataclass(frozen=True)
class Release:
    """Where a notebook reads a release's tables and writes its figures (paths relative to the project root)."""

    processed: Path
    figures: Path | None = None

    def table(self, name: str, columns: list[str] | None = None, *, without: tuple[str, ...] = ()) -> pd.DataFrame:
        """A processed table, or only its ``columns``, or all but the columns ``without`` (the texts of a large
        release can stay on disk)."""
        if without:
            columns = [c for c in (columns or pq.read_schema(self.processed / f"{name}.parquet").names)
                       if c not in without]
        return load_table(self.processed, name, columns=columns)

    def texts(self, columns: list[str]) -> TextBatches:
        """The message table's ``message_id`` and ``columns`` read a batch at a time, pass after pass
        (``texts=`` of ``lib.timeline.threads`` and ``lib.core.requests.request_kinds``)."""
        return text_batches(self.processed / "messages.parquet", columns)

    def entity_spans(self, field: str = "body") -> dict[str, list[tuple[int, int]]]:
        """The tagged entities' spans in one part of each message, by ``message_id``: what an excerpt keeps whole
        (``protected=`` of ``lib.language.find`` and ``concordance``)."""
        return entity_spans(self.table("entities", columns=["message_id", "field", "start_char", "end_char"]), field)

    def review(self, release_dir: str | Path, found: Mapping[str, Iterable[str]]) -> Review:
        """How far each count can be trusted: precision and recall of each finding (``found``: the message ids
        it counted) against the release's review labels (``<release_dir>/review_labels.csv``, if any)."""
        # Loaded here: the notebooks that never call this keep the evidence and language modules unloaded.
        from lib.evidence import QUERIES
        from lib.evidence.review import MESSAGE_COLUMNS, labels_file, population, review
        from lib.language import load_lexicon

        messages = self.table("messages", columns=MESSAGE_COLUMNS)
        pages = self.table("pages", columns=["source_file", "page", "bates"])
        path = labels_file(resolve(release_dir))
        return review(found, population(messages, pages), path, findings=[*QUERIES, *load_lexicon().categories],
                      shown=display(path))

    def report(self) -> dict:
        """The ingest report: files, pages not parsed, warnings."""
        return json.loads((self.processed / "ingest_report.json").read_text())

    def publish(self, fig, table: pd.DataFrame, name: str, *, caption: str, alt: str, source: str) -> None:
        """Save and show a figure with its data, caption and alt text (``publish_figure``) in the figures folder."""
        if self.figures is None:
            raise ValueError("open_release(..., figures_dir) was not given a folder for figures")
        publish_figure(fig, table, name, self.figures, caption=caption, alt=alt, source=source)

    def shown(self, path: str | Path) -> str:
        """A path as a reader should see it: relative to the project root."""
        return display(path)


def open_release(processed_dir: str | Path, figures_dir: str | Path | None = None, *,
                 max_colwidth: int = 110) -> Release:
    """Open a release's processed folder for a notebook, and set the house style for tables and figures."""
    use_system_allocator()
    pd.set_option("display.max_colwidth", max_colwidth)
    use_style()
    return Release(resolve(processed_dir), None if figures_dir is None else resolve(figures_dir))


def day(values: pd.Series) -> pd.Series:
    """Dates as 2019-03-01, the form every published table uses ('' where unknown)."""
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d").fillna("")


def minute(values: pd.Series) -> pd.Series:
    """Times as 2019-03-01 14:05, local to the release ('' where unknown)."""
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d %H:%M").fillna("")
