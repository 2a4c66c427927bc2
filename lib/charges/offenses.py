"""The offence table and the charges read with it: ``Charge``, ``load_offenses`` and the seriousness ranking.

- ``load_offenses(path)`` the offence table as a DataFrame (default: the jurisdiction profile's
  ``offenses.csv`` in ``lib/reference/profiles/<name>/``; see its ``offenses.md``)
- ``seriousness(c)``     the seriousness class of a charge (one of ``SERIOUSNESS``)
- ``most_serious(cs)``   the most serious of several charges (order in ``SERIOUSNESS``)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib.core.profile import active_profile

LEVELS = ("felony", "misdemeanor", "civil")

#: Seriousness order used by most_serious, highest first.
SERIOUSNESS = ("violent felony", "felony", "violent misdemeanor", "misdemeanor", "civil", "unknown")

TABLE_COLUMNS = ("offense_id", "offense", "category", "jurisdiction", "chapter", "section", "subsection",
                 "level", "level_rule", "threshold_history", "violent", "violent_basis", "max_penalty",
                 "forms", "abbreviations", "patterns", "drug_act", "drug_class", "source_url", "note")


@dataclass(frozen=True)
class Charge:
    """One charge found in text. Fields are None where the text does not tell."""

    offense: str | None
    chapter: str | None
    section: str | None
    level: str | None
    violent: bool | None
    category: str | None = None
    matched: str = ""
    start_char: int = 0
    end_char: int = 0
    basis: str | None = None  # "statute", "abbreviation" or "words"
    note: str = ""
    subsection: str | None = None
    offense_id: str | None = None
    jurisdiction: str | None = None


# --------------------------------------------------------------------------- table

def load_offenses(path: str | Path | None = None) -> pd.DataFrame:
    """Read an offence table (default: the jurisdiction profile's table).

    Another state's table works if it has the same columns; ``violent`` becomes a
    nullable boolean, every other column a string ("" where empty).
    """
    source = Path(path) if path is not None else active_profile().table("offenses")
    df = pd.read_csv(source, dtype=str, keep_default_na=False)
    missing = [c for c in TABLE_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"offence table {source} lacks columns {missing}")
    bad_levels = set(df["level"]) - {"", *LEVELS}
    if bad_levels:
        raise ValueError(f"unknown levels in offence table: {sorted(bad_levels)}")
    df["violent"] = df["violent"].str.lower().map({"true": True, "false": False, "": pd.NA}).astype("boolean")
    return df


def seriousness(charge: Charge) -> str:
    """The seriousness class of a charge, one of ``SERIOUSNESS``."""
    if charge.level == "felony":
        return "violent felony" if charge.violent else "felony"
    if charge.level == "misdemeanor":
        return "violent misdemeanor" if charge.violent else "misdemeanor"
    if charge.level == "civil":
        return "civil"
    return "unknown"


def most_serious(charges) -> Charge | None:
    """The most serious charge by ``SERIOUSNESS``; the earliest wins a tie. None for no charges."""
    charges = list(charges)
    if not charges:
        return None
    return min(enumerate(charges), key=lambda ic: (SERIOUSNESS.index(seriousness(ic[1])), ic[0]))[1]
