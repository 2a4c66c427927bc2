"""Where the synthetic release is set: the local facts the generator writes, read from a jurisdiction profile.

The generator's cast has fixed roles: the police agency whose task force officer is ICE's liaison (role
``BPD``), ICE's ERO and HSI, the jail (``SCSD``) and one other local office (``SCDAO``). A ``Locale`` says, for
one profile, what those roles are called and which mail domains they write from, where subjects live, which
courts and jails hold them, which offences they are charged with and how they are cited, the time zone, the file
names and Bates prefix, and words of the template prose to replace (``words``).

- ``for_profile(name)``  the locale of a profile, read from its ``sample.yaml`` (and, for charges that give no
                         names of their own, its ``offenses.csv``)
- ``current()``          the locale the generator is writing now; ``using(locale)`` sets it for a block

The role codes are the generator's internal keys, never written into the release: what a release shows is the
locale's names and domains.
"""

from __future__ import annotations

import csv
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import yaml

from . import places


@dataclass(frozen=True)
class Charge:
    """One charge the generator writes: its statute, usual level, category and the names officers use."""

    key: str
    chapter: str
    section: str
    level_hint: str  # "misdemeanor" | "felony"
    category: str  # motor_vehicle, property, public_order, assault, violent_felony, drug, weapon, sex_offense
    names: tuple[str, ...]

SAMPLE_FILE = "sample.yaml"


@dataclass(frozen=True)
class OfficialSpec:
    """One official of the cast: role (agency key), title, rank before the surname, unit, mail address form."""
    role: str
    title: str
    rank: str
    unit: str
    email: str | None


@dataclass
class Locale:
    profile: str
    time_zone: ZoneInfo
    state: str  # two-letter code written in addresses and licences
    city: str  # written in the second address form when the neighbourhood is a part of one city
    agency_names: dict[str, str]  # role -> the agency's name as printed
    domains: dict[str, str]  # role -> mail domain
    sides: dict[str, str]  # role -> side for the answer key's message direction
    liaison: OfficialSpec
    police: tuple[OfficialSpec, ...]  # the liaison's colleagues: supervisor, lieutenant (MOU signatory), detective
    ero: tuple[OfficialSpec, ...]
    hsi: tuple[OfficialSpec, ...]
    sheriff: tuple[OfficialSpec, ...]
    others: tuple[OfficialSpec, ...]
    patrol: OfficialSpec
    duty_name: str  # the shared ERO mailbox: display name, first and last name fields, address, unit
    duty_first: str
    duty_email: str
    ero_office: str
    police_hq: str
    police_notice_agency: str  # upper-case heading of incident reports
    neighbourhoods: tuple[places.Neighbourhood, ...]
    neighbourhood_weights: tuple[int, ...]
    neighbourhood_is_city: bool  # True: a neighbourhood is a town of its own ("Arlington, TX 76010")
    superior_court: str
    jail: str
    house_of_correction: str
    court_codes: dict[str, str]
    area_codes: tuple[str, ...]
    licence_forms: tuple[str, ...]  # "{number}", "MA DL {number}", ...
    licence_prefix: str  # letters before the digits of a licence number, if any
    licence_digits: int
    charges: dict[str, Charge]
    lead_weights: dict[str, int]
    companions: dict[str, tuple[str, ...]]
    citation_styles: tuple[str, ...]
    unlicensed_charge: str  # the charge that means the subject has no licence
    volumes: dict[int, str]
    scanned_file: str
    bates_prefix: str
    production_name: str  # "TCSO-ICE production"
    detainer_to: str
    detainer_from: str
    detainer_event_prefix: str
    no_licence: str  # incident report, when the subject has no licence
    mou_parties: str  # the README's description of the MOU
    events: tuple[tuple[str, str, str], ...] | None = None  # None: the generator's own
    words: dict[str, str] = field(default_factory=dict)  # template words to replace, longest first
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # chapter -> (code's abbreviation, name)

    def text(self, value: str) -> str:
        """Template prose in this locale: each of ``words`` replaced where it stands as a whole word."""
        if not self.words or not value:
            return value
        return _words_re(tuple(self.words)).sub(lambda m: self.words[m.group(0)], value)


_WORDS_CACHE: dict[tuple, re.Pattern] = {}


def _words_re(keys: tuple[str, ...]) -> re.Pattern:
    if keys not in _WORDS_CACHE:
        alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
        _WORDS_CACHE[keys] = re.compile(rf"(?<![\w.@-])(?:{alternatives})(?![\w@])")
    return _WORDS_CACHE[keys]


_current: Locale | None = None  # None: the default profile's, read when first asked for


def current() -> Locale:
    """The locale the generator is writing in: the one ``using`` set, else the default profile's."""
    return _current or for_profile(None)


@contextmanager
def using(locale: Locale):
    """Write in ``locale`` inside the block."""
    global _current
    before, _current = _current, locale
    try:
        yield locale
    finally:
        _current = before


def for_profile(name_or_dir: str | None) -> Locale:
    """The locale of a profile (a name under lib/reference/profiles or a folder; None: the default profile)."""
    from lib.core.profile import DEFAULT_PROFILE, load_profile

    return _locale(str(load_profile(name_or_dir or DEFAULT_PROFILE).folder))


@lru_cache(maxsize=8)
def _locale(folder: str) -> Locale:
    from lib.core.profile import load_profile

    profile = load_profile(folder)
    path = profile.folder / SAMPLE_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path}: the profile {profile.name!r} has no {SAMPLE_FILE}, which the sample "
                                f"generator needs (lib/reference/profiles/tarrant_sheriff has one to copy)")
    return _read(profile, yaml.safe_load(path.read_text(encoding="utf-8")))


def _offence_charges(profile, spec: dict) -> dict[str, Charge]:
    """The charges the sample uses. A charge that gives its ``names`` (and chapter, section, level_hint) is used as
    written; one that does not is a row of the profile's offence table, written in the table's forms."""
    with profile.table("offenses").open(encoding="utf-8") as handle:
        rows = {r["offense_id"]: r for r in csv.DictReader(handle)}
    charges = {}
    for key, given in spec.items():
        if "names" in given:
            charges[key] = Charge(key, str(given["chapter"]), str(given["section"]), given["level_hint"],
                                  given["category"], tuple(given["names"]))
            continue
        if key not in rows:
            raise ValueError(f"{SAMPLE_FILE}: charge {key!r} gives no names and is not an offense_id of "
                             f"{profile.table('offenses')}")
        row = rows[key]
        names = [n.strip() for n in row["forms"].split(" | ") if n.strip()]
        names += [a.strip() for a in row["abbreviations"].split(" | ") if a.strip()]
        charges[key] = Charge(key, row["chapter"], row["section"], given.get("level_hint") or row["level"],
                              given["category"], tuple(names))
    return charges


def _read(profile, data: dict) -> Locale:
    def specs(rows) -> tuple[OfficialSpec, ...]:
        return tuple(OfficialSpec(r["role"], r["title"], r["rank"], r["unit"], r.get("email")) for r in rows)

    cast = data["cast"]
    charges = _offence_charges(profile, data["charges"])
    hoods = tuple(places.Neighbourhood(h["name"], tuple(str(z) for z in h["zips"]), h["district"], h["court"])
                  for h in data["neighbourhoods"])
    return Locale(
        profile=profile.name,
        time_zone=ZoneInfo(profile.time_zone.name),
        state=profile.state.code,
        city=data["city"],
        agency_names=data["agency_names"],
        domains=data["domains"],
        sides=data["sides"],
        liaison=specs([cast["liaison"]])[0],
        police=specs(cast["police"]),
        ero=specs(cast["ero"]),
        hsi=specs(cast["hsi"]),
        sheriff=specs(cast["sheriff"]),
        others=specs(cast["others"]),
        patrol=specs([cast["patrol"]])[0],
        duty_name=data["duty"]["name"],
        duty_first=data["duty"]["first"],
        duty_email=data["duty"]["email"],
        ero_office=data["ero_office"],
        police_hq=data["police_hq"],
        police_notice_agency=data["police_notice_agency"],
        neighbourhoods=hoods,
        neighbourhood_weights=tuple(h.get("weight", 1) for h in data["neighbourhoods"]),
        neighbourhood_is_city=bool(data.get("neighbourhood_is_city")),
        superior_court=data["superior_court"],
        jail=data["jail"],
        house_of_correction=data["house_of_correction"],
        court_codes={str(k): str(v) for k, v in data["court_codes"].items()},
        area_codes=tuple(str(a) for a in data["area_codes"]),
        licence_forms=tuple(data["licence"]["forms"]),
        licence_prefix=data["licence"].get("prefix", ""),
        licence_digits=int(data["licence"]["digits"]),
        charges=charges,
        lead_weights={k: int(v["weight"]) for k, v in data["charges"].items()},
        companions={k: tuple(v.get("companions", ())) for k, v in data["charges"].items() if v.get("companions")},
        citation_styles=tuple(data["citation_styles"]),
        unlicensed_charge=data["unlicensed_charge"],
        volumes={int(k): v for k, v in data["files"]["volumes"].items()},
        scanned_file=data["files"]["scanned"],
        bates_prefix=data["files"]["bates_prefix"],
        production_name=data["files"]["production_name"],
        detainer_to=data["detainer"]["to"],
        detainer_from=data["detainer"]["from"],
        detainer_event_prefix=data["detainer"]["event_prefix"],
        no_licence=data["no_licence"],
        mou_parties=data["mou_parties"],
        events=tuple(tuple(e) for e in data["events"]) if data.get("events") else None,
        words=dict(data.get("words") or {}),
        codes={str(k): tuple(v) for k, v in (data.get("codes") or {}).items()},
    )

