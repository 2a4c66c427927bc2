"""The claims file: public statements, who made them, where, and the queries that test them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from lib.core.paths import ROOT
from lib.core.records import record_id
from lib.evidence.queries import QUERIES, _one_line

REAL_CASE_CLAIMS = ROOT / "data" / "raw" / "claims.yaml"
CLAIMS_NAME = "claims.yaml"


class ClaimsError(ValueError):
    """The claims file is malformed; the message names the claim at fault."""


# --- Claims --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ClaimTest:
    """One evidence query applied to a claim, and what a match would mean for it."""

    query: str
    reads_as: str = ""


@dataclass(frozen=True)
class Claim:
    """A public statement, who made it, where it is recorded, and the tests that bear on it."""

    id: str
    statement: str
    speaker: str
    role: str
    date: str
    venue: str
    source: str
    source_url: str
    verification: str
    tests: tuple[ClaimTest, ...]
    would_change: str = ""
    also_reported: tuple[dict, ...] = ()

    @property
    def queries(self) -> list[str]:
        return [t.query for t in self.tests]


_CLAIM_KEYS = {"id", "statement", "speaker", "role", "date", "venue", "source", "source_url", "verification",
               "tests", "would_change", "also_reported"}
_REQUIRED = ("id", "statement", "speaker", "date", "source_url", "verification", "tests")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def load_claims(path: str | Path) -> list[Claim]:
    """Read a claims YAML file and check it; raise ``ClaimsError`` naming the claim at fault.

    Each claim needs an ``id``, the ``statement`` as quoted, the ``speaker``, a ``date``
    (YYYY-MM-DD, or YYYY-MM / YYYY when only that much is verified), the ``source_url``, a
    ``verification`` note (what was checked, and what was not) and ``tests``: a list of query
    names from ``QUERIES``, each optionally with ``reads_as`` (what a match would mean).
    """
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list) or not data["claims"]:
        raise ClaimsError(f"{path}: a claims file needs a non-empty 'claims' list")
    claims, seen = [], set()
    for raw in data["claims"]:
        claim = _claim(raw)
        if claim.id in seen:
            raise ClaimsError(f"claim id {claim.id!r} is used twice")
        seen.add(claim.id)
        claims.append(claim)
    return claims


def _claim(raw) -> Claim:
    claim_id = record_id(raw, _CLAIM_KEYS, ClaimsError, "a claim")
    missing = [key for key in _REQUIRED if not raw.get(key)]
    if missing:
        raise ClaimsError(f"{claim_id}: missing {missing}")
    # YAML reads an unquoted 2019-04-09 as a date; keep the text as written.
    date = raw["date"].isoformat() if isinstance(raw["date"], dt.date) else str(raw["date"])
    if not _DATE.match(date):
        raise ClaimsError(f"{claim_id}: date {date!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    tests = []
    for test in raw["tests"]:
        name, reads_as = (test, "") if isinstance(test, str) else (test.get("query"), test.get("reads_as", ""))
        if name not in QUERIES:
            raise ClaimsError(f"{claim_id}: unknown query {name!r}; known: {sorted(QUERIES)}")
        tests.append(ClaimTest(str(name), _one_line(reads_as)))
    also = tuple(dict(item) for item in raw.get("also_reported") or [])
    return Claim(id=claim_id, statement=_one_line(raw["statement"]), speaker=str(raw["speaker"]),
                 role=str(raw.get("role") or ""), date=date, venue=_one_line(raw.get("venue")),
                 source=_one_line(raw.get("source")), source_url=str(raw["source_url"]),
                 verification=_one_line(raw["verification"]), tests=tuple(tests),
                 would_change=_one_line(raw.get("would_change")), also_reported=also)


def claims_table(claims: list[Claim]) -> pd.DataFrame:
    """The claims one row each: statement, speaker, date, venue, source, tests."""
    return pd.DataFrame([{
        "claim": c.id, "statement": c.statement, "speaker": f"{c.speaker}, {c.role}" if c.role else c.speaker,
        "date": c.date, "venue": c.venue, "source": c.source_url, "tests": ", ".join(c.queries),
    } for c in claims], columns=["claim", "statement", "speaker", "date", "venue", "source", "tests"])


def claims_file_for(release_dir: str | Path) -> Path:
    """The release's own ``claims.yaml`` if it has one, else the real case's ``data/raw/claims.yaml``."""
    own = Path(release_dir) / CLAIMS_NAME
    return own if own.exists() else REAL_CASE_CLAIMS
