"""Checking a jurisdiction profile, and writing a new one: ``python -m lib profile check DIR`` / ``new NAME``.

``check_profile(folder)`` reads ``profile.yaml`` and the tables it names and returns every problem found, each
naming the file, the row (the line of the CSV file, counting the header as line 1) and what is wrong in plain
words. Errors make a profile unusable or its results wrong (a mail domain with no side, a value threshold with
no date, an offence with no level); warnings are gaps a reader should know of (an entry with no recorded source).

``new_profile(folder, name)`` writes a skeleton: ``profile.yaml`` with a comment on every field and the tables
with their headers only. The skeleton fails the check until it is filled in, and says what to fill.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import ValidationError

from lib.core.profile import DEFAULT_PROFILE, PROFILE_FILE, PROFILES, SIDES, Profile, read_yaml

#: Levels of an offence: felony, misdemeanor, civil; empty when it depends on a fact (then ``level_rule``).
LEVELS = ("felony", "misdemeanor", "civil")
#: The offence table's columns (``offenses.md`` of the default profile describes each).
OFFENSE_COLUMNS = ("offense_id", "offense", "category", "jurisdiction", "chapter", "section", "subsection",
                   "level", "level_rule", "threshold_history", "violent", "violent_basis", "max_penalty",
                   "forms", "abbreviations", "patterns", "drug_act", "drug_class", "source_url", "note")
AGENCY_COLUMNS = ("code", "name", "kind", "side", "parent", "aliases", "email_domains")
AGENCY_KINDS = ("agency", "unit", "court", "facility")
OFFICIAL_COLUMNS = ("name", "title", "agency", "aliases", "source_url")
PLACE_COLUMNS = ("name", "kind", "aliases")
COLUMNS = {"agencies": AGENCY_COLUMNS, "officials": OFFICIAL_COLUMNS, "places": PLACE_COLUMNS,
           "offenses": OFFENSE_COLUMNS}
_VALUE_RULE = re.compile(r"value\s*(?:>=|<=|>|<)\s*(\d+(?:\.\d+)?)")
_HISTORY = re.compile(r"\s*(\d+(?:\.\d+)?)\s+before\s+(\d{4}-\d{2}-\d{2})\s*")
_NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" or "warning"
    file: str
    row: int | None  # line of the file (CSV: the header is line 1); None for the file as a whole
    message: str

    def __str__(self) -> str:
        where = f"{self.file} row {self.row}" if self.row is not None else self.file
        return f"{self.severity}: {where}: {self.message}"


def check_profile(folder: str | Path) -> list[Problem]:
    """Every problem of the profile in ``folder``; an empty list when it is complete and consistent."""
    folder = Path(folder)
    problems: list[Problem] = []
    error = lambda file, row, message: problems.append(Problem("error", file, row, message))  # noqa: E731
    warn = lambda file, row, message: problems.append(Problem("warning", file, row, message))  # noqa: E731
    try:
        data = read_yaml(folder)
    except (FileNotFoundError, ValueError, yaml.YAMLError) as problem:
        error(PROFILE_FILE, None, str(problem).replace(str(folder / PROFILE_FILE) + ": ", ""))
        return problems
    try:
        profile = Profile.model_validate(data | {"folder": folder})
    except ValidationError as invalid:
        for item in invalid.errors():
            field = ".".join(str(part) for part in item["loc"])
            said = "is missing" if item["type"] == "missing" else (
                "is not a field a profile has" if item["type"] == "extra_forbidden" else item["msg"].lower())
            error(PROFILE_FILE, None, f"`{field}` {said}")
        return problems
    _check_fields(data, error, warn)
    try:
        if profile.time_zone.name.strip():
            ZoneInfo(profile.time_zone.name)
    except (ZoneInfoNotFoundError, ValueError):
        error(PROFILE_FILE, None, f"time_zone.name {profile.time_zone.name!r} is not a time zone of the IANA "
                                  f"database (e.g. America/Chicago)")
    _check_thresholds(profile, error)
    for field, slot in (("canonical_chapter", "{chapter}"), ("canonical_section", "{section}")):
        if getattr(profile.statutes, field).strip() and slot not in getattr(profile.statutes, field):
            error(PROFILE_FILE, None, f"statutes.{field} does not hold {slot}, where the statute's number goes")
    for pattern, field in ((profile.statutes.law_names, "statutes.law_names"),
                           (profile.licence_number.pattern, "licence_number.pattern")):
        try:
            re.compile(pattern)
        except re.error as bad:
            error(PROFILE_FILE, None, f"{field} is not a valid regular expression: {bad}")
    tables = {}
    for name in COLUMNS:
        entry = getattr(profile.tables, name)
        path = profile.table(name)
        if not path.is_file():
            error(entry.file, None, f"the {name} table named in profile.yaml (tables.{name}.file) does not exist")
            continue
        tables[name] = _read_rows(path, entry.file, COLUMNS[name], error)
        if entry.source.strip().lower().startswith(_NOT_RECORDED):
            warn(entry.file, None, f"no source is recorded for the {name} (tables.{name}.source says: "
                                   f"{entry.source.strip()!r})")
    agencies = _check_agencies(tables.get("agencies"), profile.tables.agencies.file, error, warn)
    _check_officials(tables.get("officials"), profile.tables.officials.file, agencies, error, warn)
    _check_places(tables.get("places"), profile.tables.places.file, error)
    _check_offenses(tables.get("offenses"), profile.tables.offenses.file, profile, error, warn)
    for field in ("events_file", "claims_file"):
        entry = getattr(profile, field)
        if not entry.path:
            warn(PROFILE_FILE, None, f"{field}.path is empty: notebooks 02 and 06 then need the release's own file")
        elif not profile.path(entry.path).is_file():
            error(PROFILE_FILE, None, f"{field}.path {entry.path!r} does not exist")
    if profile.lexicon_additions.file and not profile.path(profile.lexicon_additions.file).is_file():
        error(PROFILE_FILE, None, f"lexicon_additions.file {profile.lexicon_additions.file!r} does not exist")
    return problems


def _check_fields(data, error, warn, where: str = "") -> None:
    """Empty strings where a value is needed; a missing source is an error, 'not recorded' is not."""
    if isinstance(data, dict):
        for key, value in data.items():
            field = f"{where}.{key}" if where else str(key)
            if isinstance(value, str) and not value.strip() and key not in ("file", "path", "notes", "source_url"):
                error(PROFILE_FILE, None, f"`{field}` is empty: fill it in" + (
                    " (where the entry comes from: a statute, a web page, a document)" if key == "source" else ""))
            else:
                _check_fields(value, error, warn, field)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _check_fields(value, error, warn, f"{where}[{i}]")


def _check_thresholds(profile: Profile, error) -> None:
    for i, threshold in enumerate(profile.value_thresholds):
        name = f"value_thresholds[{i}] (${threshold.amount:,.0f})"
        if threshold.since is None and threshold.until is None:
            error(PROFILE_FILE, None, f"{name} has no date: give `since` (the day it took effect) or `until` (the "
                                      f"day it was replaced), so a charge is graded by the law of its day")
        if threshold.since and threshold.until and threshold.since >= threshold.until:
            error(PROFILE_FILE, None, f"{name} starts on {threshold.since} but ends before that, on {threshold.until}")


def _read_rows(path: Path, file: str, columns: tuple[str, ...], error) -> list[tuple[int, dict]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            error(file, 1, f"the header lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
            return []
        return [(line, {k: (v or "").strip() for k, v in row.items() if k is not None})
                for line, row in enumerate(reader, start=2)]


def _duplicates(rows, key: str, file: str, what: str, error) -> None:
    seen: dict[str, int] = {}
    for line, row in rows:
        if row[key] in seen:
            error(file, line, f"{what} {row[key]!r} is listed twice (also row {seen[row[key]]})")
        seen.setdefault(row[key], line)


def _check_agencies(rows, file: str, error, warn) -> set[str]:
    if rows is None:
        return set()
    if not rows:
        error(file, None, "lists no agency: give at least the police department and ICE, with their mail domains")
    for side in ("police", "ice"):
        if rows and not any(row["side"] == side and row["email_domains"] for _, row in rows):
            error(file, None, f"no agency on the {side} side has a mail domain: messages cannot be told "
                              f"police -> ICE or ICE -> police")
    codes = {row["code"] for _, row in rows}
    _duplicates(rows, "code", file, "agency code", error)
    domains: dict[str, tuple[str, int]] = {}
    for line, row in rows:
        label = f"agency {row['code'] or '(no code)'}"
        if not row["code"] or not row["name"]:
            error(file, line, f"{label} needs a code and a name")
        if row["kind"] not in AGENCY_KINDS:
            error(file, line, f"{label} has kind {row['kind']!r}; use one of {', '.join(AGENCY_KINDS)}")
        if row["side"] and row["side"] not in SIDES:
            error(file, line, f"{label} has side {row['side']!r}; use one of {', '.join(SIDES)}")
        if row["email_domains"] and not row["side"]:
            error(file, line, f"{label} has the mail domain {row['email_domains']} but no side: without one its "
                              f"messages cannot be told police -> ICE or ICE -> police ({', '.join(SIDES)})")
        if row["parent"] and row["parent"] not in codes:
            error(file, line, f"{label} names the parent {row['parent']!r}, which is not an agency code in this file")
        for domain in filter(None, (d.strip().lower() for d in row["email_domains"].split("|"))):
            if domain in domains and domains[domain][0] != row["code"]:
                warn(file, line, f"the mail domain {domain} is listed for {row['code']} and for "
                                 f"{domains[domain][0]} (row {domains[domain][1]}); the first listed, "
                                 f"{domains[domain][0]}, is the agency of its addresses")
            domains.setdefault(domain, (row["code"], line))
    return codes


def _check_officials(rows, file: str, agencies: set[str], error, warn) -> None:
    for line, row in rows or []:
        label = f"official {row['name'] or '(no name)'}"
        if not row["name"] or not row["title"]:
            error(file, line, f"{label} needs a name and a title")
        if not row["source_url"]:
            error(file, line, f"{label} has no source_url: give a page that shows them in that role")
        if row["agency"] and agencies and row["agency"] not in agencies:
            warn(file, line, f"{label} names the agency {row['agency']!r}, which is not a code in the agencies "
                             f"table: the people table keeps the code but no agency name or side")


def _check_places(rows, file: str, error) -> None:
    for line, row in rows or []:
        if not row["name"] or not row["kind"]:
            error(file, line, f"place {row['name'] or '(no name)'} needs a name and a kind")


def _check_offenses(rows, file: str, profile: Profile, error, warn) -> None:
    if rows is None:
        return
    if not rows:
        error(file, None, "lists no offence: the charges stage needs the state's offence table")
    _duplicates(rows, "offense_id", file, "offence id", error)
    amounts = {t.amount for t in profile.value_thresholds}
    ended = {(t.amount, t.until) for t in profile.value_thresholds if t.until}
    for line, row in rows:
        label = f"offence {row['offense_id'] or '(no id)'}"
        if not row["offense_id"] or not row["offense"]:
            error(file, line, f"{label} needs an offense_id and an offense name")
        if row["level"] and row["level"] not in LEVELS:
            error(file, line, f"{label} has level {row['level']!r}; use one of {', '.join(LEVELS)} (or leave it "
                              f"empty and give a level_rule)")
        if not row["level"] and not row["level_rule"] and not row["note"]:
            error(file, line, f"{label} has no level: give its level (felony, misdemeanor, civil), the rule that "
                              f"decides it in level_rule (e.g. value>1000=felony; value<=1000=misdemeanor), or say "
                              f"in note why it is unknown")
        for clause in filter(None, (c.strip() for c in row["level_rule"].split(";"))):
            if clause.rpartition("=")[2].strip() not in LEVELS:
                error(file, line, f"{label}: the level_rule clause {clause!r} does not end in =felony, "
                                  f"=misdemeanor or =civil")
        for amount in {float(a) for a in _VALUE_RULE.findall(row["level_rule"])}:
            if amount not in amounts:
                error(file, line, f"{label}'s level_rule uses a value threshold of ${amount:,.0f}, which "
                                  f"profile.yaml's value_thresholds does not list with its date")
        if row["threshold_history"]:
            history = _HISTORY.fullmatch(row["threshold_history"])
            if not history:
                error(file, line, f"{label} has the threshold_history {row['threshold_history']!r} without a date: "
                                  f"write it as '<amount> before <YYYY-MM-DD>'")
            elif (float(history.group(1)), dt.date.fromisoformat(history.group(2))) not in ended:
                error(file, line, f"{label}'s threshold_history {row['threshold_history']!r} does not match a "
                                  f"value_threshold of profile.yaml with that amount and `until` date")
        if row["violent"].lower() not in ("true", "false", ""):
            error(file, line, f"{label} has violent {row['violent']!r}; use true, false, or leave it empty "
                              f"when arguable")
        if not row["violent"] and not row["violent_basis"]:
            error(file, line, f"{label} leaves violent empty without saying why: write the reason in violent_basis "
                              f"('arguable: ...')")
        if not row["source_url"]:
            (error if row["chapter"] else warn)(
                file, line, f"{label} has no source_url" + (": give the statute's text" if row["chapter"] else
                                                            " (it cites no statute)"))


# --------------------------------------------------------------------------------------------------- new

SKELETON = """\
# Jurisdiction profile: {name}.
#
# Fill in every field, then run `python -m lib profile check {folder}` until it reports no error.
# Paths are relative to this folder unless they start with "data/" (then relative to the project root).
# Every entry carries a `source`: where it was taken from (a statute, a web page, a document), so a reader can
# check it. Write "Not recorded: ..." only where you cannot, and say why; the check lists those as warnings.
# The profile in {example}/ is a complete example.

name: {name}
version: "1"

# What the site and the notebooks say about the release.
release:
  title: ""            # e.g. "Anytown police and ICE: the liaison's email"
  description: ""      # one or two sentences: who wrote to whom, when, released by whom and when
  source: ""           # the request and the records office that answered it
  source_url: ""       # a page about the release, if there is one
  police: ""           # how figure captions name the police whose email this is, e.g. "Anytown police"

# The release's local time zone (IANA name): every time is stored and shown in it.
time_zone:
  name: ""             # e.g. America/Chicago
  label: ""            # how figures name it, e.g. "Chicago time"
  source: "IANA time zone database"

state:
  name: ""             # e.g. Illinois
  code: ""             # e.g. IL
  words: []            # how messages write the state: ["Ill.", "Illinois", "ILLINOIS"]
  name_variants: []    # spellings offered for an agency name that contains the state's name
  source: ""

# The statute citation style of the state's code.
statutes:
  jurisdiction: ""     # code recorded with a citation of the state's law, e.g. IL
  # law_names: a regular expression for the code's name before a citation, e.g. 'ilcs|ill\\.?\\s*comp\\.?\\s*stat\\.?'
  law_names: ""
  prefixes: []         # the same names as lower-case words: ["ilcs", "ill.", "comp.", "stat."]
  citation_example: "" # e.g. "720 ILCS 5/16-1"
  canonical_chapter: "" # how the entity table writes a cited chapter, with {{chapter}}: e.g. "{{chapter}} ILCS"
  canonical_section: "" # and the section after it, with {{section}}: e.g. " 5/{{section}}"
  common_chapters: []  # chapters cited bare in police email
  source: ""

# Value thresholds (theft, property damage), each with the day it took effect (`since`) or ended (`until`).
# Every amount in the offence table's level_rule and threshold_history must be listed here.
value_thresholds: []
#  - amount: 500
#    since: 2012-01-01
#    source: ""

# Controlled substances the messages may name instead of the drug schedule or class.
drug_classes:
  source: ""
  substances: {{}}       # e.g. heroin: I

tables:
  agencies:
    file: agencies.csv    # code,name,kind,side,parent,aliases,email_domains; side: {sides}
    source: ""
  officials:
    file: officials.csv   # name,title,agency,aliases,source_url (one source per row)
    source: per row (source_url)
  places:
    file: places.csv      # name,kind,aliases: neighbourhoods, nearby towns, counties
    source: ""
  offenses:
    file: offenses.csv    # the state's offence table: see {example}/offenses.md for the columns
    notes: offenses.md
    source: per row (source_url)

# Local words: next to a title they are not a name; before a role they are part of it.
local_words:
  not_names: []         # e.g. the city's name and its police department's abbreviation, in lower case
  role_modifiers: []    # e.g. the state's and the city's names, in lower case
  record_systems: []    # the state's criminal-record systems, as written ("LEADS")
  mailbox_words: []     # words that make an address a shared mailbox ("chicago.ero@...")
  source: ""

# Driver's licence numbers as the state issues them (regular expression over one token).
licence_number:
  pattern: ""
  state_before: []      # how the state is written before a licence number ("IL DL ...")
  state_after: []       # and after one ("... (IL)")
  source: ""

# Dated public events for the timeline, and the public statements notebook 06 tests (a release's own files
# are used first). See data/raw/events.csv and data/raw/claims.yaml for the columns.
events_file:
  path: ""
  source: ""
claims_file:
  path: ""
  source: ""

# Additions to the language lexicon for this place (same format as lib/reference/lexicon.yaml), if any.
lexicon_additions:
  file: null
  source: none
"""

OFFENSES_NOTES = """\
# {name} offence table (`offenses.csv`)

One row per offence that appears in the release, with the statute, the level, whether it is violent, and the
ways police and courts write it. The columns are those of `{example}/offenses.md`; say here which law and
which edition the table follows, which
definition of "violent" it uses, and which rows are arguable and why.
"""

#: The complete profile a skeleton points to as an example.
_EXAMPLE = (PROFILES / DEFAULT_PROFILE).relative_to(PROFILES.parents[2]).as_posix()


def new_profile(folder: str | Path, name: str) -> list[Path]:
    """Write a skeleton profile into ``folder`` (which must not exist yet); return the files written."""
    folder = Path(folder)
    if folder.exists():
        raise FileExistsError(f"{folder} exists: choose another name or folder")
    folder.mkdir(parents=True)
    written = [folder / PROFILE_FILE]
    text = SKELETON.format(name=name, folder=folder, sides=", ".join(SIDES), example=_EXAMPLE)
    written[0].write_text(text, encoding="utf-8")
    for table, columns in COLUMNS.items():
        path = folder / f"{table}.csv"
        path.write_text(",".join(columns) + "\n", encoding="utf-8")
        written.append(path)
    notes = folder / "offenses.md"
    notes.write_text(OFFENSES_NOTES.format(name=name, example=_EXAMPLE), encoding="utf-8")
    return [*written, notes]
