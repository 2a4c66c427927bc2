"""Dated public events read from the events file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def load_events(path: str | Path) -> pd.DataFrame:
    """Dated public events (date, event, description, source_url).

    Dates may be a day (2019-10-25), a month (2019-10) or a year (2014) when
    only that much is verified; ``date`` becomes the first day and
    ``precision`` says which.
    """
    events = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw = events["date"].str.strip()
    parts = raw.str.count("-")
    events["precision"] = parts.map({0: "year", 1: "month", 2: "day"})
    completion = parts.map({0: "-01-01", 1: "-01", 2: ""})
    events["date"] = pd.to_datetime(raw + completion, format="%Y-%m-%d")
    return events.sort_values(["date", "event"], ignore_index=True)
