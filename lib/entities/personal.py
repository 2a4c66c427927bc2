"""Which entities are personal data about the people written about, in each message's own text.

Reads the entity table (``lib.entities.tagging.tag_messages``) and the message table. A
message "passes" a category of personal data when the category appears in its
own text: subject line, body and the attachment pages printed with it, never
its quoted history. Each message counts once (repeated printings set aside).
The categories and directions named here are those of every summary module
(``passes``, ``named``, ``reading``, ``prose``, ``plots``).
"""

from __future__ import annotations

import re

import pandas as pd

from lib.core.directory import unique_messages
from lib.core.forms import ATTACHED_FORM, OWN_WORDS, SUBJECT_LINE, form_start
from lib.core.tables import TextBatches, text_batches

#: Categories of personal data about the people written about, and the entity label that carries each.
PERSONAL_DATA = {
    "name": "PERSON", "dob": "DOB", "address": "ADDRESS", "phone": "PHONE",
    "a_number": "A_NUMBER", "license": "LICENSE", "police_report": "REPORT",
}
CATEGORY_NAMES = {
    "name": "name", "dob": "date of birth", "address": "address", "phone": "phone number",
    "a_number": "A-number", "license": "licence number", "police_report": "police report",
}
CATEGORIES = list(PERSONAL_DATA)
#: The fields of a message that are its own text (headers name correspondents, not the people written about).
OWN_TEXT = ("subject", "body")
TO_ICE, FROM_ICE = "police->ice", "ice->police"
DIRECTION_NAMES = {TO_ICE: "police -> ICE", FROM_ICE: "ICE -> police"}
#: Institutions whose name on a line of its own heads a signature block or letterhead.
INSTITUTION_LABELS = ("AGENCY", "FACILITY", "COURT")
#: How many lines above an address or phone number a signature block's institution line may be.
SIGNATURE_LINES = 4
#: An institution named this close before a phone number, in the same sentence and with a word for calling
#: between, owns it ("notify DHS by calling ..."); "RMV: ..., address ..." reports someone else's.
INSTITUTION_CUE_CHARS = 40
_CALL = re.compile(r"\b(?:call|calling|contact|contacting|reach|reaching|dial)\b", re.IGNORECASE)

PERSONAL_COLUMNS = ["message_id", "field", "part", "category", "text", "canonical", "person_id",
                    "start_char", "end_char"]


# --- Which entities are personal data ---------------------------------------------

def own_text_entities(entities: pd.DataFrame, messages: pd.DataFrame, *,
                      include_duplicates: bool = False) -> pd.DataFrame:
    """Entity rows in the subject line or body of each message, repeated printings left out."""
    kept = set(unique_messages(messages, include_duplicates)["message_id"])
    return entities[entities["field"].isin(OWN_TEXT) & entities["message_id"].isin(kept)]


def contact_details(entities: pd.DataFrame, messages: pd.DataFrame, texts: TextBatches | None = None) -> pd.Series:
    """True for each address or phone number of an official or an institution, not of a person written about.

    A number or address is an institution's or official's when it sits in a
    signature block or letterhead (an agency, facility or court named alone on
    one of the ``SIGNATURE_LINES`` lines above it, no blank line between), when
    it is a number to call an institution named just before it ("notify DHS by
    calling ..."), or when the same value (with its digits: not a mask such as
    "[PHONE]") is found that way anywhere in the release. The tagger's own
    person links are not used: it links a number below a greeting ("Conal,")
    to the person greeted. ``texts``: the bodies a batch at a time (``lib.core.tables.text_batches``) where
    ``messages`` has none.
    """
    is_value = entities["label"].isin(["ADDRESS", "PHONE"]) & entities["field"].eq("body")
    flagged = pd.Series(False, index=entities.index)
    if not is_value.any():
        return flagged
    institutions = entities[entities["label"].isin(INSTITUTION_LABELS) & entities["field"].eq("body")]
    spans = {m: list(zip(g["start_char"].astype(int), g["end_char"].astype(int)))
             for m, g in institutions.groupby("message_id", sort=False)}
    values = entities[is_value]
    rows: dict[str, list[tuple]] = {}
    for index, message_id, label, start in zip(values.index, values["message_id"], values["label"],
                                               values["start_char"]):
        rows.setdefault(message_id, []).append((index, label, int(start)))
    for batch in (texts or text_batches(messages, ["body"]))():
        for message_id, text in zip(batch["message_id"], batch["body"]):
            if not isinstance(text, str) or message_id not in rows:
                continue
            found = spans.get(message_id, [])
            for index, label, start in rows.pop(message_id):
                flagged.at[index] = _below_institution_line(text, start, found) or (
                    label == "PHONE" and _institution_to_call(text, start, found))
    values = entities.loc[flagged, ["label", "canonical"]].dropna()
    # Only real values identify a line or a place: a masked "[PHONE]" in published tables has no digits.
    known = {(label, value) for label, value in zip(values["label"], values["canonical"])
             if any(ch.isdigit() for ch in value)}
    repeated = [(label, value) in known for label, value in zip(entities["label"], entities["canonical"])]
    return (flagged | (pd.Series(repeated, index=entities.index) & is_value)).astype(bool)


def _below_institution_line(text: str, start: int, spans: list[tuple[int, int]]) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    for _ in range(SIGNATURE_LINES):
        if line_start == 0:
            return False
        above = text.rfind("\n", 0, line_start - 1) + 1
        line = text[above:line_start - 1]
        if not line.strip():
            return False
        for lo, hi in spans:
            if above <= lo and hi <= line_start - 1 and line.strip(" \t,.-|") == text[lo:hi].strip():
                return True
        line_start = above
    return False


def _institution_to_call(text: str, start: int, spans: list[tuple[int, int]]) -> bool:
    for lo, hi in spans:
        gap = text[hi:start]
        if hi <= start and len(gap) <= INSTITUTION_CUE_CHARS and _CALL.search(gap) and \
                not re.search(r"[.!?;](\s|$)|\n\s*\n", gap):
            return True
    return False


def personal_data(entities: pd.DataFrame, messages: pd.DataFrame, *, include_duplicates: bool = False,
                  texts: TextBatches | None = None) -> pd.DataFrame:
    """Every item of personal data about a person written about, in each message's own text.

    Names are PERSON rows whose person has the role 'subject'; addresses and phone
    numbers of officials and institutions are left out (``contact_details``);
    dates of birth, A-numbers, licence numbers and police report numbers count as
    found. ``part`` says where: "subject line", "own words", or "attached form"
    (a printed form or report after the sender's words, see
    ``lib.core.forms.form_start``). ``texts``: see ``contact_details``.
    """
    texts = texts or text_batches(messages, ["body"])
    own = own_text_entities(entities, messages, include_duplicates=include_duplicates)
    contacts = contact_details(own, messages, texts)
    frames = []
    for category, label in PERSONAL_DATA.items():
        rows = own[own["label"].eq(label)]
        if category == "name":
            rows = rows[rows["role"].eq("subject").fillna(False)]
        elif category in ("address", "phone"):
            rows = rows[~contacts.loc[rows.index]]
        frames.append(rows.assign(category=category))
    found = pd.concat(frames)
    form_starts = {m: form_start(b) for batch in texts() for m, b in zip(batch["message_id"], batch["body"])}
    found = found.assign(part=[_part(f, form_starts.get(m), s)
                               for m, f, s in zip(found["message_id"], found["field"], found["start_char"])])
    found = found[PERSONAL_COLUMNS].sort_values(["message_id", "field", "start_char", "category"], kind="stable")
    found["category"] = pd.Categorical(found["category"], categories=CATEGORIES)
    return found.reset_index(drop=True)


def _part(field_name: str, form_begins, start_char) -> str:
    if field_name == "subject":
        return SUBJECT_LINE
    return ATTACHED_FORM if form_begins is not None and int(start_char) >= form_begins else OWN_WORDS


# --- What the counts leave out -------------------------------------------------

def forms_in_quoted_history(messages: pd.DataFrame, texts: TextBatches | None = None) -> pd.DataFrame:
    """Messages (one printing each) with a printed form or report inside their quoted history.

    Productions print a reply's attachments after the history it quotes, so
    those pages sit in ``quoted``; the entity tagger reads only a message's own
    text, and what those forms hold is not counted. ``texts``: see ``contact_details``.
    """
    table = unique_messages(messages)
    with_form = {m for batch in (texts or text_batches(table, ["quoted"]))()
                 for m, text in zip(batch["message_id"], batch["quoted"]) if form_start(text) is not None}
    has_form = table["message_id"].isin(with_form).to_numpy()
    columns = ["message_id", "source_file", "page_start", "page_end", "subject"]
    return table.loc[has_form, columns].reset_index(drop=True)
