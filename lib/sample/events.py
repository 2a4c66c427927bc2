"""A timeline of clearly synthetic events for the sample release (events.csv), from the profile's sample.yaml."""

from __future__ import annotations

import csv
from pathlib import Path

from .jurisdiction import current


def write_events(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("date", "event", "description", "source_url"))
        for date, event, description in current().events or ():
            slug = event.removeprefix("Sample: ").lower().replace(" ", "-")
            writer.writerow((date, event, description, f"https://example.org/sample/{date}-{slug}"))
    return path
