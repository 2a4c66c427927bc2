"""What reading a release yields: each file's rows and report entry, and the release's tables."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class FileResult:
    """What one input file yielded: message rows, page rows and its report entry."""

    messages: list[dict] = field(default_factory=list)
    pages: list[dict] = field(default_factory=list)
    report: dict = field(default_factory=dict)


@dataclass
class Ingest:
    messages: pd.DataFrame
    pages: pd.DataFrame
    report: dict
