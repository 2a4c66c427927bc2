"""Checks every hand-written reference file shares (claims, lexicon): each record has an id and only known fields."""

from __future__ import annotations


def record_id(raw, known_fields: set[str], error: type[Exception], what: str) -> str:
    """The id of one record read from YAML; ``error`` names the record when it has no id or an unknown field."""
    if not isinstance(raw, dict) or not raw.get("id"):
        raise error(f"{what} has no id: {raw!r}")
    record = str(raw["id"])
    unknown = set(raw) - known_fields
    if unknown:
        raise error(f"{record}: unknown field(s) {sorted(unknown)}")
    return record
