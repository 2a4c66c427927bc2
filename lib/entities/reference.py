"""Reference tables: agencies (with their units, courts and facilities) and public officials.

Both are data, not code: a newsroom working on another city swaps the CSV files
and passes their paths.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lib.core.paths import REFERENCE
from lib.core.profile import active_profile

REFERENCE_DIR = REFERENCE
AGENCIES_CSV = active_profile().table("agencies")
OFFICIALS_CSV = active_profile().table("officials")

#: Which entity label each kind of institution is tagged with.
LABEL_OF_KIND = {"agency": "AGENCY", "unit": "AGENCY", "court": "COURT", "facility": "FACILITY"}
SIDES = {"police", "ice", "federal", "court", "corrections", "other"}


@dataclass(frozen=True)
class Institution:
    code: str
    name: str
    kind: str  # agency, unit, court, facility
    side: str  # police, ice, federal, court, corrections, other
    parent: str | None
    aliases: tuple[str, ...]
    email_domains: tuple[str, ...]

    @property
    def label(self) -> str:
        return LABEL_OF_KIND[self.kind]


@dataclass(frozen=True)
class Official:
    name: str
    title: str
    agency: str | None
    aliases: tuple[str, ...]
    source_url: str


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


class Institutions:
    """The agencies table, indexed by code, alias and email domain."""

    def __init__(self, rows: list[Institution]):
        self.rows = rows
        self.by_code = {row.code: row for row in rows}
        self.by_alias: dict[str, str] = {}
        for row in rows:
            for alias in (row.name, *row.aliases):
                self.by_alias.setdefault(alias_key(alias), row.code)
        self.by_domain = {domain.lower(): row.code for row in rows for domain in row.email_domains}

    def code_for_alias(self, text: str) -> str | None:
        return self.by_alias.get(alias_key(text))

    def code_for_email(self, email: str | None) -> str | None:
        """The most specific agency whose domain the address is in ('x@ice.dhs.gov' -> ICE, not DHS)."""
        if not email or "@" not in email:
            return None
        domain = email.rsplit("@", 1)[1].lower().strip(".")
        parts = domain.split(".")
        for i in range(len(parts) - 1):
            code = self.by_domain.get(".".join(parts[i:]))
            if code:
                return code
        return None

    def name(self, code: str | None) -> str | None:
        row = self.by_code.get(code or "")
        return row.name if row else None


def alias_key(text: str) -> str:
    """Case-, punctuation- and spacing-insensitive key: 'Newark P.D.' == 'newark pd'."""
    text = text.lower().replace("’", "'").replace("&", " and ")
    kept = "".join(ch if ch.isalnum() else " " for ch in text.replace("'s ", "s ").replace(".", ""))
    return " ".join(kept.split())


def load_institutions(path: str | Path | None = None) -> Institutions:
    """Read an agencies CSV (columns code,name,kind,side,parent,aliases,email_domains)."""
    return _load_institutions(str(path or AGENCIES_CSV))


@lru_cache(maxsize=8)
def _load_institutions(path: str) -> Institutions:
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            kind = (record.get("kind") or "agency").strip()
            if kind not in LABEL_OF_KIND:
                raise ValueError(f"{path}: {record['code']}: unknown kind {kind!r}")
            side = (record.get("side") or "other").strip()
            if side not in SIDES:
                raise ValueError(f"{path}: {record['code']}: unknown side {side!r}")
            rows.append(Institution(
                code=record["code"].strip(), name=record["name"].strip(), kind=kind, side=side,
                parent=(record.get("parent") or "").strip() or None,
                aliases=_split(record.get("aliases")), email_domains=_split(record.get("email_domains")),
            ))
    return Institutions(rows)


def load_officials(path: str | Path | None = None) -> tuple[Official, ...]:
    """Read an officials CSV (columns name,title,agency,aliases,source_url); every row needs a source."""
    return _load_officials(str(path or OFFICIALS_CSV))


@lru_cache(maxsize=8)
def _load_officials(path: str) -> tuple[Official, ...]:
    officials = []
    with open(path, newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            source = (record.get("source_url") or "").strip()
            if not source:
                raise ValueError(f"{path}: {record['name']}: every official needs a source_url")
            officials.append(Official(
                name=record["name"].strip(), title=(record.get("title") or "").strip(),
                agency=(record.get("agency") or "").strip() or None,
                aliases=_split(record.get("aliases")), source_url=source,
            ))
    return tuple(officials)


def path_key(path) -> str | None:
    """A reference file's path as text, the key of the cached pipeline and loaders; None (the default file) stays None."""
    return str(path) if path is not None else None
