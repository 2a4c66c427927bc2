"""Who is private in a release, and every private person's identifiers, from its raw tables.

Officials keep their names: the people on the reference list of public
officials, and the people the raw people table calls officials with evidence
(``roles_from``). Everyone else is private (fail closed). Their names, emails
and the entity stage's values (dates of birth, A-numbers, phones, addresses,
...) make the ``Identifier`` list a ``Detector`` looks for, with the words of
their names the release also writes in lower case (never a name alone).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib.core.paths import REFERENCE
from lib.core.profile import active_profile

from .identifiers import OFFICIAL, ORDINARY, Identifier
from .name_patterns import NAME_WORD
from .text import LETTERS, fold

REFERENCE_DIR = REFERENCE


def profile_table(name: str) -> Path:
    """One of the jurisdiction's tables (``officials``, ``agencies``, ``places``, ``offenses``) of the profile
    this process works with, looked up when asked: a command picks the profile after importing this."""
    return active_profile().table(name)

#: Kinds of identifier, and the entity label each comes from.
LABEL_KIND = {"PERSON": "name", "DOB": "dob", "A_NUMBER": "a_number", "PHONE": "phone", "EMAIL": "email",
              "ADDRESS": "address", "LICENSE": "license", "REPORT": "report"}
#: Labels private whoever they belong to; phone, email and address are an official's own at work.
ALWAYS_PRIVATE = {"DOB", "A_NUMBER", "LICENSE", "REPORT"}

_ADDRESSES = re.compile(r"\S*@\S+|\b(?:https?://|www\.)\S+|\S+\.(?:gov|com|org|net|edu|us|pdf|eml|msg|docx?)\b\S*",
                        re.IGNORECASE)


def read_officials(officials=None) -> list[str]:
    """Names (and aliases) of public officials who keep their names: a CSV path, or a list of names.

    The default is ``lib/reference/officials.csv`` (columns name,title,agency,aliases,source_url; every
    row needs a source).
    """
    if officials is not None and not isinstance(officials, (str, Path)):
        return [getattr(o, "name", o) for o in officials] + [a for o in officials for a in getattr(o, "aliases", ())]
    path = Path(officials) if officials is not None else profile_table("officials")
    if not path.exists():
        return []
    names = []
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not (row.get("source_url") or "").strip():
                raise ValueError(f"{path}: {row.get('name')}: every public official needs a source_url")
            names.append(row["name"].strip())
            names += [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
    return names


def agency_domains(path: Path | None = None) -> set[str]:
    """Email domains of the agencies in the reference table: their staff's addresses are work addresses."""
    path = Path(path) if path is not None else profile_table("agencies")
    if not path.exists():
        return set()
    with open(path, newline="", encoding="utf-8") as handle:
        return {d.strip().lower() for row in csv.DictReader(handle)
                for d in (row.get("email_domains") or "").split("|") if d.strip()}


#: People-table columns listing the ways a person's name was written.
NAME_LIST_COLUMNS = ("variants", "names", "aliases")


def _items(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) or hasattr(value, "tolist") else []


def _present(value) -> bool:
    """A usable string: not None, NaN or pd.NA, not blank."""
    return isinstance(value, str) and value.strip() != ""


def is_official_role(value) -> bool:
    return isinstance(value, str) and value == "official"


#: Street-suffix abbreviations: a "name" ending in one is a street the entity stage took for a person.
_STREET_ABBREVIATIONS = {"st", "ave", "av", "rd", "blvd", "ct", "dr", "ln", "pl", "ter", "terr", "pkwy", "sq", "hwy",
                         "cir", "hl"}


def _looks_like_street(name: str) -> bool:
    words = NAME_WORD.findall(name)
    return len(words) > 1 and fold(words[-1]).rstrip(".") in _STREET_ABBREVIATIONS


@dataclass
class Roles:
    """Who keeps their name. Everyone else is private (fail closed)."""

    officials: set[str]  # person ids of officials
    known: set[str]  # every person id in the people table

    def is_official(self, person_id, role) -> bool:
        """The people table decides for a person it lists; otherwise the entity's own role."""
        if isinstance(person_id, str) and person_id in self.known:
            return person_id in self.officials
        return is_official_role(role)

    def is_private_entity(self, row) -> bool:
        if getattr(row, "label", None) in ALWAYS_PRIVATE:
            return True
        return not self.is_official(getattr(row, "person_id", None), getattr(row, "role", None))


def _count(value) -> int:
    try:
        return 0 if value is None or pd.isna(value) else int(value)
    except (TypeError, ValueError):
        return 0


def roles_from(people: pd.DataFrame | None, official_names: list[str]) -> Roles:
    """Officials: people on the public-officials list, and people the table calls 'official' with evidence.

    Evidence is an email address, an agency, or appearing as a correspondent in at least two messages.
    A person called 'official' with none of these (a private person misread as a recipient, a stray
    header line) is treated as private. Without those columns, the table's role is trusted.
    """
    if people is None or people.empty:
        return Roles(set(), set())
    listed = {fold(n) for n in official_names}
    has_evidence = any(c in people for c in ("email", "agency", "sent", "received"))
    officials = set()
    for row in people.itertuples():
        name = getattr(row, "name", None)
        on_list = _present(name) and fold(str(name)) in listed
        evidence = (not has_evidence or _present(getattr(row, "email", None)) or _present(getattr(row, "agency", None))
                    or _count(getattr(row, "sent", 0)) + _count(getattr(row, "received", 0)) >= 2)
        if on_list or (is_official_role(getattr(row, "role", None)) and evidence):
            officials.add(row.person_id)
    return Roles(officials, {p for p in people["person_id"] if isinstance(p, str)})


def identifiers_from_tables(people: pd.DataFrame | None, entities: pd.DataFrame | None,
                            officials=None, texts: Iterable[str] = ()) -> list[Identifier]:
    """Every private person's identifiers in the raw people and entities tables, plus officials' names.

    Anyone who is not an official is private (fail closed): role 'subject', a missing role, a role the
    table does not know, or 'official' without evidence (see ``roles_from``). ``texts`` (the release's
    text) tells which words of people's names are also ordinary words, written in lower case there.
    """
    official_names = read_officials(officials)
    roles = roles_from(people, official_names)
    found: list[Identifier] = [Identifier(OFFICIAL, n) for n in official_names]
    if people is not None and not people.empty:
        for row in people.itertuples():
            name, email = getattr(row, "name", None), getattr(row, "email", None)
            names = [str(name)] if _present(name) else []
            names += [str(v) for column in NAME_LIST_COLUMNS for v in _items(getattr(row, column, None))
                      if _present(v)]
            if row.person_id in roles.officials:
                found += [Identifier(OFFICIAL, n, row.person_id) for n in names]
                continue
            found += [Identifier("name", n, row.person_id) for n in names if not _looks_like_street(n)]
            if _present(email):
                found.append(Identifier("email", str(email), row.person_id))
    if entities is not None and not entities.empty:
        for row in entities.itertuples():
            kind = LABEL_KIND.get(row.label)
            if kind is None:
                continue
            person_id = getattr(row, "person_id", None)
            person_id = person_id if _present(person_id) else None
            if not roles.is_private_entity(row):
                if kind == "name" and _present(row.text):
                    found.append(Identifier(OFFICIAL, str(row.text), person_id))
                continue
            for value in {getattr(row, "text", None), getattr(row, "canonical", None)}:
                if _present(value) and not (kind == "name" and _looks_like_street(value)):
                    found.append(Identifier(kind, str(value), person_id))
    name_words = {fold(w) for i in found if i.kind == "name" for w in LETTERS.findall(i.value)}
    found += [Identifier(ORDINARY, w) for w in sorted(name_words & lower_case_words(texts))]
    return list(dict.fromkeys(found))


def lower_case_words(texts: Iterable[str], *, at_least: int = 1) -> set[str]:
    """Words a release writes in lower case in its prose (folded), ``at_least`` times: ordinary words there.

    Email addresses, handles and links are written in lower case whatever they hold: they do not count.
    """
    from collections import Counter

    prose = (_ADDRESSES.sub(" ", text) for text in texts if isinstance(text, str))
    counts = Counter(fold(w) for text in prose for w in LETTERS.findall(text) if w.islower())
    return {w for w, n in counts.items() if n >= at_least}


def release_texts(processed_dir: str | Path) -> list[str]:
    """The release's own text: message bodies, quotes and subjects, and page texts."""
    processed_dir = Path(processed_dir)
    texts: list[str] = []
    for name, columns in (("messages", ("subject", "body", "quoted")), ("pages", ("text",))):
        path = processed_dir / f"{name}.parquet"
        if path.exists():
            table = pd.read_parquet(path, columns=None)
            for column in columns:
                if column in table:
                    texts += [t for t in table[column].tolist() if isinstance(t, str)]
    return texts


def read_raw_tables(processed_dir: str | Path) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    processed_dir = Path(processed_dir)
    tables = []
    for name in ("people", "entities"):
        path = processed_dir / f"{name}.parquet"
        tables.append(pd.read_parquet(path) if path.exists() else None)
    return tables[0], tables[1]


def identifiers_from(processed_dir: str | Path, *, officials=None) -> list[Identifier]:
    """The identifiers of every private person in a RAW processed folder (people and entities tables)."""
    people, entities = read_raw_tables(processed_dir)
    return identifiers_from_tables(people, entities, officials, release_texts(processed_dir))
