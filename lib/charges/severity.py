"""Each private subject's most serious charge and whether their information went to ICE (``subject_severity``).

One row per subject (``SEVERITY_COLUMNS``), in a severity group
(``SEVERITY_GROUPS``); ``SeverityEvidence`` gathers what the table needs a batch
of messages at a time, for ``lib.charges.release.link_release``.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from lib.charges.attribution import _distinct, _Message, _only
from lib.charges.offenses import Charge, most_serious, seriousness
from lib.charges.release_context import ReleaseContext
from lib.charges.text import _one_line
from lib.core.cite import where
from lib.core.directory import unique_messages
from lib.core.requests import request_kinds
from lib.core.schema import TIMEZONE

#: Identifiers whose presence next to a name makes a message carry someone's personal data.
PERSONAL_DATA_LABELS = ("DOB", "ADDRESS", "PHONE", "A_NUMBER", "LICENSE", "REPORT")

#: Severity groups of a subject, most serious first.
FELONY_OR_VIOLENT = "felony or violent"
VIOLENCE_ARGUABLE = "violence arguable"
LEVEL_UNKNOWN = "level unknown"
MINOR_ONLY = "non-violent, non-felony only"
NO_CHARGE = "no charge found"
SEVERITY_GROUPS = (FELONY_OR_VIOLENT, VIOLENCE_ARGUABLE, LEVEL_UNKNOWN, MINOR_ONLY, NO_CHARGE)

SEVERITY_COLUMNS = {
    "person_id": "the private subject",
    "name": "the name the release writes most often for them",
    "charges": "distinct offences charged (an offence named in several messages counts once)",
    "charge_mentions": "charge rows linked to them",
    "most_serious": "the most serious offence (lib.charges.offenses.most_serious over their offences)",
    "most_serious_text": "that charge as written, first time seen",
    "chapter": "its chapter",
    "section": "its section",
    "level": "its level; null when unknown",
    "violent": "its violent flag; null when arguable",
    "seriousness": "its seriousness class",
    "felony": "any of their offences is a felony",
    "any_violent": "any of their offences is violent",
    "unknown_level": "offences whose level the text does not settle",
    "arguable_violence": "offences whose violence the table marks as arguable",
    "severity": "group, one of SEVERITY_GROUPS",
    "named_to_ice": "a police->ice message names them",
    "sent_to_ice": "a police->ice message names them with personal data (identifier or charge)",
    "detainer": "an ICE detainer message to police is about them",
    "to_ice": "sent_to_ice or detainer: their information went to ICE",
    "charge_messages": "messages with a charge linked to them",
    "to_ice_messages": "police->ice messages that sent their personal data",
    "detainer_messages": "ICE detainer messages about them",
    "charge_pages": "where each charge is printed: 'file p. N (Bates)'",
    "to_ice_pages": "where each message that sent their data or lodged a detainer is printed",
    "first_to_ice": "when the first of those messages was sent",
}


def _value(value):
    return None if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)) else value


#: What ``_charge_of`` and ``_offense_key`` read of a charge row.
_OFFENSE_COLUMNS = ["offense", "offense_id", "chapter", "section", "level", "violent", "category", "text"]
#: What ``SeverityEvidence.table`` reads of the charges.
_SEVERITY_CHARGE_COLUMNS = ["message_id", "person_id", "where", *_OFFENSE_COLUMNS]


def _charge_of(row) -> Charge:
    violent = _value(row["violent"])
    return Charge(_value(row["offense"]), _value(row["chapter"]), _value(row["section"]), _value(row["level"]),
                  None if violent is None else bool(violent), _value(row["category"]), _one_line(str(row["text"])))


def _offense_key(row) -> tuple:
    """Mentions of one offence: same table row, else same statute, else same words."""
    if _value(row["offense_id"]) is not None:
        return ("offense", row["offense_id"])
    if _value(row["chapter"]) is not None:
        return ("statute", row["chapter"], _value(row["section"]))
    return ("text", _one_line(str(row["text"])).lower())


def _offenses(rows: pd.DataFrame) -> list[Charge]:
    """One charge per offence: the most serious reading among its mentions (a known level beats unknown).

    ``matched`` holds the charge as first written in that reading.
    """
    groups: dict[tuple, list[Charge]] = {}
    for _, row in rows.iterrows():
        groups.setdefault(_offense_key(row), []).append(_charge_of(row))
    return [most_serious(charges) for charges in groups.values()]


def _personal_data_owners(messages: dict[str, _Message], entities: pd.DataFrame) -> dict[str, set[str]]:
    """message_id -> subjects whose identifiers (PERSONAL_DATA_LABELS) the message gives."""
    owners: dict[str, set[str]] = {}
    identifiers = entities[entities["label"].isin(PERSONAL_DATA_LABELS) & entities["field"].isin(["body", "subject"])
                           & entities["message_id"].isin(list(messages))]
    for message_id, field, start, end, person, role in zip(
            identifiers["message_id"], identifiers["field"], identifiers["start_char"], identifiers["end_char"],
            identifiers["person_id"], identifiers["role"]):
        if not pd.isna(person):
            if role == "subject":
                owners.setdefault(message_id, set()).add(str(person))
            continue
        owner, _ = messages[message_id].owner(field, int(start), int(end))
        if owner:
            owners.setdefault(message_id, set()).add(owner)
    return owners


def _detainer_subjects(message: _Message) -> set[str]:
    """Who a detainer message is about: its form's subject, else the subject line's, else the only one named."""
    from_forms = {p for p in message.form_subjects if p}
    if from_forms:
        return from_forms
    if message.subject_mentions:
        return _distinct(message.subject_mentions)
    person = _only([m for m in message.body_mentions if m.start < message.own_end])
    return {person} if person else set()


def _names(entities: pd.DataFrame) -> dict[str, str]:
    people = entities[(entities["label"] == "PERSON") & entities["person_id"].notna()]
    names: dict[str, str] = {}
    for person, group in people.groupby("person_id", sort=True):
        counts = Counter(v for v in group["canonical"].fillna(group["text"]).tolist() if isinstance(v, str))
        names[str(person)] = min(counts, key=lambda n: (-counts[n], n)) if counts else ""
    return names


def subject_severity(charges: pd.DataFrame, entities: pd.DataFrame, messages: pd.DataFrame, *,
                     include_duplicates: bool = False) -> pd.DataFrame:
    """One row per private subject named in the messages (``SEVERITY_COLUMNS``).

    ``charges`` is ``link_charges``' table. Whose information went to ICE:

    - ``sent_to_ice``: a police->ice message names them in its subject line or
      own text together with personal data about them: an identifier
      (``PERSONAL_DATA_LABELS``: date of birth, address, phone, A-number,
      licence, report number) or a charge, tied to them by the rules of
      ``link_charges``. A name alone (``named_to_ice``) is not counted.
    - ``detainer``: an ICE->police message that ``lib.core.requests.request_kinds``
      reads as a detainer is about them (the subject of its printed form, else
      the subjects of its subject line, else the only subject it names).

    ``to_ice`` is either. Offences named in several messages count once; the
    most serious is chosen by ``lib.charges.offenses.most_serious`` (unknown levels
    rank last, and ``unknown_level`` says how many there are, never guessed).
    """
    context = ReleaseContext.of(messages, entities, include_duplicates=include_duplicates)
    table = unique_messages(messages, include_duplicates)
    evidence = SeverityEvidence()
    evidence.add(table, context.messages(table), entities, charges, context.directions)
    return evidence.table(charges, _names(entities))


class SeverityEvidence:
    """Whose information went to ICE (see ``subject_severity``), gathered a batch of messages at a time.

    Kept per message only for the messages that sent a subject's data to ICE or
    lodged a detainer: where each is printed and when it was sent.
    """

    def __init__(self) -> None:
        self.named_to_ice: set[str] = set()
        self.sent: dict[str, list[str]] = {}
        self.detainers: dict[str, list[str]] = {}
        self.where_of: dict[str, str] = {}
        self.sent_at: dict = {}
        self.subjects: set[str] = set()  # subjects the entity table tags in the subject lines and texts
        self._message_ids: list[pd.Series] = []

    def add(self, table: pd.DataFrame, texts: dict[str, _Message], entities: pd.DataFrame, charges: pd.DataFrame,
            directions: pd.Series) -> None:
        """Unique messages (indexed as in the whole table), their texts, entities and charges, in table order."""
        kinds = request_kinds(table, include_duplicates=True)
        self._message_ids.append(table["message_id"].astype(pd.StringDtype()))
        mentioned = entities[(entities["label"] == "PERSON") & (entities["role"] == "subject")
                             & entities["person_id"].notna() & entities["message_id"].isin(table["message_id"])
                             & entities["field"].isin(["body", "subject"])]
        self.subjects.update(mentioned["person_id"].astype(str))
        charged = charges[charges["person_id"].notna() & charges["message_id"].isin(table["message_id"])]
        charge_owners: dict[str, set[str]] = {}
        for message_id, person in zip(charged["message_id"], charged["person_id"]):
            charge_owners.setdefault(message_id, set()).add(str(person))
        data_owners = _personal_data_owners(texts, entities)
        for row in table.itertuples():
            message = texts[row.message_id]
            named = _distinct(message.body_mentions) | _distinct(message.subject_mentions)
            to_ice = False
            if directions.get(row.Index) == "police->ice":
                self.named_to_ice |= named
                for person in sorted(named & (data_owners.get(row.message_id, set())
                                              | charge_owners.get(row.message_id, set()))):
                    self.sent.setdefault(person, []).append(row.message_id)
                    to_ice = True
            if directions.get(row.Index) == "ice->police" and bool(kinds.at[row.Index, "detainer"]):
                for person in sorted(_detainer_subjects(message)):
                    self.detainers.setdefault(person, []).append(row.message_id)
                    to_ice = True
            if to_ice:
                self.where_of[row.message_id] = where(row.source_file, row.page_start, row.bates_start)
                self.sent_at[row.message_id] = row.sent_at

    def table(self, charges: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
        """One row per subject; ``names`` is ``_names`` of the entity table."""
        named_to_ice, sent, detainers, where_of, sent_at = (self.named_to_ice, self.sent, self.detainers,
                                                            self.where_of, self.sent_at)
        unique_ids = pd.concat(self._message_ids) if self._message_ids else pd.Series([], dtype=pd.StringDtype())
        # Only the columns read below: the context of each charge is most of the table's memory.
        charged = charges.loc[charges["person_id"].notna() & charges["message_id"].isin(unique_ids),
                              _SEVERITY_CHARGE_COLUMNS]
        subjects = sorted(self.subjects | set(charged["person_id"].astype(str)))
        # Row positions, not a table per person: a large release has tens of thousands of subjects.
        by_person = charged.groupby("person_id", sort=False).indices
        rows = []
        for person in subjects:
            mine = charged.iloc[by_person.get(person, [])]
            offences = _offenses(mine)
            top = most_serious(offences)
            felony = any(c.level == "felony" for c in offences)
            violent = any(c.violent is True for c in offences)
            unknown = sum(c.level is None for c in offences)
            arguable = sum(c.violent is None for c in offences)
            if top is None:
                severity = NO_CHARGE
            elif felony or violent:
                severity = FELONY_OR_VIOLENT
            elif arguable:
                severity = VIOLENCE_ARGUABLE
            elif unknown:
                severity = LEVEL_UNKNOWN
            else:
                severity = MINOR_ONLY
            sent_ids = list(dict.fromkeys(sent.get(person, [])))
            detainer_ids = list(dict.fromkeys(detainers.get(person, [])))
            rows.append({
                "person_id": person, "name": names.get(person, ""), "charges": len(offences),
                "charge_mentions": len(mine),
                "most_serious": None if top is None else (top.offense or f"c. {top.chapter} s. {top.section}"),
                "most_serious_text": None if top is None else top.matched,
                "chapter": None if top is None else top.chapter, "section": None if top is None else top.section,
                "level": None if top is None else top.level, "violent": None if top is None else top.violent,
                "seriousness": None if top is None else seriousness(top),
                "felony": felony, "any_violent": violent, "unknown_level": unknown, "arguable_violence": arguable,
                "severity": severity, "named_to_ice": person in named_to_ice, "sent_to_ice": bool(sent_ids),
                "detainer": bool(detainer_ids), "to_ice": bool(sent_ids or detainer_ids),
                "charge_messages": list(dict.fromkeys(mine["message_id"].astype(str))),
                "to_ice_messages": sent_ids, "detainer_messages": detainer_ids,
                "charge_pages": list(dict.fromkeys(mine["where"].astype(str))),
                "to_ice_pages": [where_of[m] for m in dict.fromkeys(sent_ids + detainer_ids)],
                "first_to_ice": min((sent_at[m] for m in sent_ids + detainer_ids if not pd.isna(sent_at[m])),
                                    default=pd.NaT),
            })
        out = pd.DataFrame(rows, columns=list(SEVERITY_COLUMNS))
        strings = ["person_id", "name", "most_serious", "most_serious_text", "chapter", "section", "level",
                   "seriousness", "severity"]
        out = out.astype({c: pd.StringDtype() for c in strings})
        out = out.astype({"charges": "int64", "charge_mentions": "int64", "unknown_level": "int64",
                          "arguable_violence": "int64", "violent": "boolean"})
        for column in ("felony", "any_violent", "named_to_ice", "sent_to_ice", "detainer", "to_ice"):
            out[column] = out[column].astype(bool)
        out["first_to_ice"] = pd.to_datetime(out["first_to_ice"], utc=True).dt.tz_convert(TIMEZONE)
        return out.sort_values("person_id", kind="stable").reset_index(drop=True)
