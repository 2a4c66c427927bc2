"""The jurisdiction profile: what the toolkit knows about the place a release comes from, read from one folder.

A profile is a folder (``lib/reference/profiles/<name>/``) holding ``profile.yaml`` and the tables it names:
the release's title, description and source; the time zone; the state, its statute citation style, its dated
value thresholds and drug classes; the agencies with their mail domains and sides, the officials, the places,
the offence table; the events and claims files; lexicon additions. Every entry carries a source.

- ``load_profile(name_or_dir)`` a profile by name (a folder under ``lib/reference/profiles``) or by path
- ``active_profile()``          the profile this process works with: ``$RECORDS_PROFILE`` (a name or a
                                folder), else ``DEFAULT_PROFILE``
- ``release_profile_name(dir)`` the profile a release folder names in its ``release.json`` (``"profile"``),
                                else None

Code reads local facts only through this module. ``python -m lib profile check DIR`` checks a profile
(``lib.core.profile_check``); ``python -m lib profile new NAME`` writes a commented skeleton.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from lib.core.paths import REFERENCE, ROOT

PROFILES = REFERENCE / "profiles"
#: The profile of a release that names none: the release this toolkit was built for.
DEFAULT_PROFILE = "boston"
PROFILE_FILE = "profile.yaml"
ENVIRONMENT = "RECORDS_PROFILE"
SIDES = ("police", "ice", "federal", "court", "corrections", "other")


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Release(_Entry):
    title: str
    description: str
    source: str
    source_url: str | None = None
    #: How captions name the police whose email this is ("Anytown police"); None: "police".
    police: str | None = None


class TimeZone(_Entry):
    name: str
    label: str
    source: str


class State(_Entry):
    name: str
    code: str
    words: list[str] = Field(default_factory=list)
    name_variants: list[str] = Field(default_factory=list)
    source: str


class Statutes(_Entry):
    jurisdiction: str
    law_names: str
    prefixes: list[str] = Field(default_factory=list)
    citation_example: str
    canonical_chapter: str
    canonical_section: str
    common_chapters: list[str] = Field(default_factory=list)
    source: str


class Threshold(_Entry):
    amount: float
    since: dt.date | None = None
    until: dt.date | None = None
    source: str


class DrugClasses(_Entry):
    substances: dict[str, str] = Field(default_factory=dict)
    source: str


class TableFile(_Entry):
    file: str
    notes: str | None = None
    source: str


class Tables(_Entry):
    agencies: TableFile
    officials: TableFile
    places: TableFile
    offenses: TableFile


class LocalWords(_Entry):
    not_names: list[str] = Field(default_factory=list)
    role_modifiers: list[str] = Field(default_factory=list)
    record_systems: list[str] = Field(default_factory=list)
    mailbox_words: list[str] = Field(default_factory=list)
    source: str


class LicenceNumber(_Entry):
    pattern: str
    state_before: list[str] = Field(default_factory=list)
    state_after: list[str] = Field(default_factory=list)
    source: str


class DataFile(_Entry):
    path: str | None = None
    source: str


class LexiconAdditions(_Entry):
    file: str | None = None
    source: str


class Profile(_Entry):
    """A profile as written in ``profile.yaml``, with the folder it was read from."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    name: str
    version: str
    release: Release
    time_zone: TimeZone
    state: State
    statutes: Statutes
    value_thresholds: list[Threshold] = Field(default_factory=list)
    drug_classes: DrugClasses
    tables: Tables
    local_words: LocalWords
    licence_number: LicenceNumber
    events_file: DataFile
    claims_file: DataFile
    lexicon_additions: LexiconAdditions
    folder: Path = Field(default=Path("."), exclude=True)

    # -- paths ------------------------------------------------------------------------------------
    def path(self, relative: str | None) -> Path | None:
        """A path named in the profile: under the project root when it starts with ``data/``, else the folder."""
        if not relative:
            return None
        given = Path(relative)
        if given.is_absolute():
            return given
        return ROOT / given if given.parts[0] == "data" else self.folder / given

    def table(self, name: str) -> Path:
        """The file of one of the profile's tables: ``agencies``, ``officials``, ``places``, ``offenses``."""
        return self.path(getattr(self.tables, name).file)

    def files(self) -> list[Path]:
        """Every file of the profile folder the build reads (for the build's cache keys)."""
        return [self.folder / PROFILE_FILE, *(self.table(name) for name in Tables.model_fields)]

    # -- facts ------------------------------------------------------------------------------------
    @property
    def threshold_changes(self) -> list[dt.date]:
        """The dates on which a value threshold changed, earliest first."""
        return sorted({t.since for t in self.value_thresholds if t.since} |
                      {t.until for t in self.value_thresholds if t.until})


def _folder(name_or_dir: str | Path) -> Path:
    given = Path(name_or_dir)
    if given.is_dir():
        return given.resolve()
    if (PROFILES / str(name_or_dir)).is_dir():
        return (PROFILES / str(name_or_dir)).resolve()
    known = ", ".join(sorted(p.name for p in PROFILES.iterdir() if p.is_dir()))
    raise FileNotFoundError(f"no profile {str(name_or_dir)!r}: neither a folder nor one of {known} "
                            f"(in {PROFILES})")


def read_yaml(folder: Path) -> dict:
    """``profile.yaml`` of a folder as written."""
    path = folder / PROFILE_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path}: no {PROFILE_FILE} (write one with `python -m lib profile new NAME`)")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a YAML mapping")
    return data


def load_profile(name_or_dir: str | Path = DEFAULT_PROFILE) -> Profile:
    """A profile by name (a folder of ``PROFILES``) or folder; a ``pydantic.ValidationError`` names what is wrong."""
    return _load(str(_folder(name_or_dir)))


@lru_cache(maxsize=8)
def _load(folder: str) -> Profile:
    return Profile.model_validate(read_yaml(Path(folder)) | {"folder": Path(folder)})


def active_profile() -> Profile:
    """The profile of this process: ``$RECORDS_PROFILE`` (a name or a folder), else ``DEFAULT_PROFILE``."""
    return load_profile(os.environ.get(ENVIRONMENT) or DEFAULT_PROFILE)


def release_profile_name(release_dir: str | Path) -> str | None:
    """The profile a release folder names in ``release.json`` (``{"profile": "<name>"}``), else None."""
    path = Path(release_dir) / "release.json"
    if not path.is_file():
        return None
    given = json.loads(path.read_text(encoding="utf-8")).get("profile")
    return str(given) if given else None


def use_release_profile(release_dir: str | Path) -> None:
    """Work with the profile the release's release.json names, unless $RECORDS_PROFILE says otherwise.

    Call it before any module reads the profile: it is inherited by worker processes and notebook kernels.
    """
    named = release_profile_name(release_dir if Path(release_dir).is_dir() else Path(release_dir).parent)
    if named and not os.environ.get(ENVIRONMENT):
        os.environ[ENVIRONMENT] = named


def use_processed_profile(processed_dir: str | Path) -> None:
    """``use_release_profile`` for the release a processed folder was built from (its ingest report says)."""
    report = Path(processed_dir) / "ingest_report.json"
    if report.is_file():
        release = json.loads(report.read_text(encoding="utf-8")).get("release")
        if release:
            use_release_profile(Path(release) if Path(release).is_absolute() else ROOT / release)
