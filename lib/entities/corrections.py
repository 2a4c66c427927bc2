"""Reviewed corrections to the entity table, kept in a versioned CSV and applied on every build.

``lib/reference/entity_corrections.csv`` columns:

- ``id``        a short name for the correction, reported back when it is applied
- ``action``    ``merge``, ``split``, ``delete`` or ``role``
- ``person_id`` the person the correction is about (merge, split, role; optional for delete)
- ``into``      merge: the person id that ``person_id`` is the same person as
- ``label``     delete: the entity label of the false positive (e.g. PERSON)
- ``text``      delete: the entity's text; split: which of the person's mentions to move (both case-insensitive)
- ``message_id`` optional: restrict the correction to one message
- ``name``      split: the name of the person the moved mentions belong to
- ``role``      role: ``official`` or ``subject``
- ``reason``    why, in the reviewer's words

Every correction is reported with the number of rows it changed, so a notebook can
show which ones still apply after the data changed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lib.entities.keys import key_for_name, person_id
from lib.entities.names import canonical_name
from lib.entities.reference import REFERENCE_DIR
from lib.entities.roles import OFFICIAL, SUBJECT

CORRECTIONS_CSV = REFERENCE_DIR / "entity_corrections.csv"
COLUMNS = ("id", "action", "person_id", "into", "label", "text", "message_id", "name", "role", "reason")
ACTIONS = ("merge", "split", "delete", "role")
#: Corrections that change who is who run before roles are assigned; role overrides after.
IDENTITY_ACTIONS = ("merge", "split", "delete")


def load_corrections(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check a corrections CSV; a missing file means no corrections."""
    path = Path(path) if path is not None else CORRECTIONS_CSV
    if not path.exists():
        return pd.DataFrame(columns=list(COLUMNS), dtype="string")
    table = pd.read_csv(path, dtype=str, keep_default_na=False).fillna("")
    return check_corrections(table)


def check_corrections(table: pd.DataFrame) -> pd.DataFrame:
    table = table.copy()
    for column in COLUMNS:
        if column not in table:
            table[column] = ""
    table = table[list(COLUMNS)].fillna("").astype(str).apply(lambda col: col.str.strip())
    problems = []
    for row in table.itertuples(index=False):
        if row.action not in ACTIONS:
            problems.append(f"{row.id}: unknown action {row.action!r}")
        elif row.action == "merge" and not (row.person_id and row.into):
            problems.append(f"{row.id}: merge needs person_id and into")
        elif row.action == "split" and not (row.person_id and row.name):
            problems.append(f"{row.id}: split needs person_id and name")
        elif row.action == "delete" and not (row.text or row.person_id):
            problems.append(f"{row.id}: delete needs text or person_id")
        elif row.action == "role" and (not row.person_id or row.role not in (OFFICIAL, SUBJECT)):
            problems.append(f"{row.id}: role needs person_id and role official/subject")
    if problems:
        raise ValueError("invalid entity corrections:\n" + "\n".join(problems))
    if table["id"].eq("").any() or table["id"].duplicated().any():
        raise ValueError("every entity correction needs a unique id")
    return table


def apply_corrections(entities: pd.DataFrame, corrections: pd.DataFrame, actions: tuple[str, ...] = ACTIONS, *,
                      names: dict[str, str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the corrections whose action is in ``actions``; return the table and what was applied.

    A merge names the merged mentions after the person they join: ``names``
    (person id -> name, when the table is one part of a release), else the
    name the table gives that person most often.
    """
    report = []
    copied = False
    for row in corrections.itertuples(index=False):
        if row.action not in actions:
            continue
        if not copied:  # the caller's table stays as it was; a release's entities are copied only if needed
            entities, copied = entities.copy(), True
        selected = _selection(entities, row)
        changed = int(selected.sum())
        if row.action == "merge":
            target = entities["person_id"].eq(row.into)
            written = entities.loc[target & entities["label"].eq("PERSON"), "canonical"].dropna()
            name = (names or {}).get(row.into) or (written.mode().iloc[0] if not written.empty else None)
            entities.loc[selected, "person_id"] = row.into
            if name:
                entities.loc[selected & entities["label"].eq("PERSON"), "canonical"] = name
        elif row.action == "split":
            new_name = canonical_name(row.name) or row.name
            entities.loc[selected, "person_id"] = person_id(key_for_name(new_name))
            entities.loc[selected & entities["label"].eq("PERSON"), "canonical"] = new_name
        elif row.action == "delete":
            entities = entities.loc[~selected]
        elif row.action == "role":
            entities.loc[selected, "role"] = row.role
        report.append({"id": row.id, "action": row.action, "rows": changed, "applied": changed > 0,
                       "reason": row.reason})
    report_table = pd.DataFrame(report, columns=["id", "action", "rows", "applied", "reason"])
    return (entities.reset_index(drop=True) if copied else entities), report_table


def _selection(entities: pd.DataFrame, row) -> pd.Series:
    selected = pd.Series(True, index=entities.index)
    if row.person_id:
        selected &= entities["person_id"].eq(row.person_id).fillna(False)
    if row.message_id:
        selected &= entities["message_id"].eq(row.message_id).fillna(False)
    if row.action in ("delete", "split") and row.text:
        selected &= entities["text"].str.casefold().eq(row.text.casefold()).fillna(False)
    if row.action == "delete" and row.label:
        selected &= entities["label"].eq(row.label).fillna(False)
    return selected.astype(bool)


def corrections_table(corrections) -> pd.DataFrame:
    """The corrections to apply: a table (checked), or a CSV path to read (None: the versioned file)."""
    if isinstance(corrections, pd.DataFrame):
        return check_corrections(corrections)
    return load_corrections(corrections)
