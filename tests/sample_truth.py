"""The sample's answer key (tests/data/sample_truth.json) for tests, and ``match_messages`` (``lib.sample.matching``),
which ties processed message rows to it."""

from __future__ import annotations

import json
from pathlib import Path

from lib.core.paths import ROOT
from lib.sample.matching import match_messages

TRUTH_FILE = ROOT / "tests" / "data" / "sample_truth.json"

__all__ = ["TRUTH_FILE", "load_truth", "match_messages", "truth_threads"]


def load_truth(path: str | Path = TRUTH_FILE) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def truth_threads(truth: dict) -> dict[str, str]:
    """truth_id -> thread_id."""
    return {record["truth_id"]: record["thread_id"] for record in truth["messages"]}
