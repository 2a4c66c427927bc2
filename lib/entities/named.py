"""Who is named in the messages' own text: agencies, officials, and the people written about."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.core.directory import load_agencies, unique_messages
from lib.core.tables import TextBatches, text_batches
from lib.entities.personal import FROM_ICE, OWN_TEXT, TO_ICE, own_text_entities

#: Title words that mark a named person as an officer, not a person written about.
OFFICER_TITLE_WORDS = frozenset({
    "officer", "ofc", "off", "po", "det", "detective", "sgt", "sergeant", "lt", "lieutenant", "capt", "captain",
    "trooper", "tpr", "agent", "sa", "ssa", "do", "sdo", "sddo", "iea", "tfo", "ada", "judge", "commissioner",
    "sheriff", "chief", "supt", "superintendent",
})


def _alone_on_line(text, start: int, end: int) -> bool:
    if not isinstance(text, str):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return line.strip(" \t,.-|:") == text[start:end].strip()


def agency_table(entities: pd.DataFrame, messages: pd.DataFrame, agencies: pd.DataFrame | None = None, *,
                 texts: TextBatches | None = None) -> pd.DataFrame:
    """Agencies named in the messages' own text: messages, and messages naming them within a line of text.

    A name alone on its line is a letterhead, a signature block or a form's
    heading; ``in_text`` counts the messages where someone wrote the name in a
    sentence or list. ``texts``: the bodies a batch at a time where ``messages`` has none
    (``lib.core.tables.text_batches``).
    """
    own = own_text_entities(entities, messages)
    named = own[own["label"].eq("AGENCY") & own["canonical"].notna()]
    mentions: dict[str, list[tuple]] = {}
    for index, m, f, s, e in zip(named.index, named["message_id"], named["field"], named["start_char"],
                                 named["end_char"]):
        mentions.setdefault(m, []).append((index, f, int(s), int(e)))
    subjects = dict(zip(messages["message_id"], messages["subject"]))
    alone = {}
    for batch in (texts or text_batches(messages, ["body"]))():
        for m, body in zip(batch["message_id"], batch["body"]):
            for index, f, s, e in mentions.pop(m, ()):
                alone[index] = _alone_on_line(body if f == "body" else subjects[m], s, e)
    named = named.assign(in_text=~np.array([alone.get(i, False) for i in named.index], dtype=bool))
    out = named.groupby("canonical").agg(
        messages=("message_id", "nunique"),
        in_text=("message_id", lambda ids: ids[named.loc[ids.index, "in_text"]].nunique()),
        mentions=("message_id", "size"),
        written_as=("text", lambda t: ", ".join(t.value_counts().index[:3])))
    reference = (agencies if agencies is not None else load_agencies()).set_index("code")
    out.insert(0, "name", [reference["name"].get(code, code) for code in out.index])
    out.insert(1, "side", [reference["side"].get(code, "") for code in out.index])
    out = out.rename_axis("agency").reset_index()
    return out.sort_values(["messages", "agency"], ascending=[False, True], kind="stable").reset_index(drop=True)


def official_table(entities: pd.DataFrame, people: pd.DataFrame, messages: pd.DataFrame) -> pd.DataFrame:
    """Officials: messages in which someone else names them, and messages they sent and received.

    A name in the sender's own message (a signature, "Kyle" signing off) is not
    counted as being named.
    """
    table = unique_messages(messages)
    kept = set(table["message_id"])
    rows = entities[entities["message_id"].isin(kept) & entities["role"].eq("official").fillna(False)]
    senders = rows[rows["field"].isin(["sender", "sender_name"])]
    sent_by = set(zip(senders["message_id"], senders["person_id"]))
    named = rows[rows["field"].isin(OWN_TEXT) & rows["label"].eq("PERSON")]
    named = named[[(m, p) not in sent_by for m, p in zip(named["message_id"], named["person_id"])]]
    received = rows[rows["field"].isin(["to", "cc"])]
    officials = people[people["role"].eq("official")].set_index("person_id")
    out = pd.DataFrame({
        "named_by_others": named.groupby("person_id")["message_id"].nunique(),
        "sent": senders.groupby("person_id")["message_id"].nunique(),
        "received": received.groupby("person_id")["message_id"].nunique(),
    }).reindex(officials.index).fillna(0).astype(int)
    out.insert(0, "name", officials["name"])
    out.insert(1, "agency", officials["agency"])
    out.insert(2, "title", officials["official_title"].fillna(officials["titles"].map(
        lambda t: t[0] if isinstance(t, (list, np.ndarray)) and len(t) else None)))
    out = out.rename_axis("person_id").reset_index()
    return out.sort_values(["named_by_others", "sent", "person_id"], ascending=[False, False, True],
                           kind="stable").reset_index(drop=True)


def subject_table(personal: pd.DataFrame, passes: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """One row per person written about: messages naming them, how many went each way, and a reason to check.

    ``check`` flags entries that may not be a private person: a one-word name
    (a form's word read as a name, a first name alone) or an officer's title
    written before the name.
    """
    names = personal[personal["category"].eq("name") & personal["person_id"].notna()]
    ways = passes.set_index("message_id")["direction"]
    names = names.assign(direction=names["message_id"].map(ways))
    who = people.set_index("person_id")
    rows = []
    for person, group in names.groupby("person_id", sort=True):
        record = who.loc[person] if person in who.index else None
        name = record["name"] if record is not None else group["canonical"].mode().iloc[0]
        titles = list(record["titles"]) if record is not None and record["titles"] is not None else []
        rows.append({"person_id": person, "name": name, "messages": group["message_id"].nunique(),
                     TO_ICE: group.loc[group["direction"].eq(TO_ICE), "message_id"].nunique(),
                     FROM_ICE: group.loc[group["direction"].eq(FROM_ICE), "message_id"].nunique(),
                     "check": _doubt(name, titles)})
    out = pd.DataFrame(rows, columns=["person_id", "name", "messages", TO_ICE, FROM_ICE, "check"])
    return out.sort_values(["messages", "person_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _doubt(name, titles: list[str]) -> str:
    reasons = []
    if not isinstance(name, str) or len(name.split()) < 2:
        reasons.append("one-word name")
    officer = [t for t in titles if {w.lower().strip(".,:") for w in t.split()} & OFFICER_TITLE_WORDS]
    if officer:
        reasons.append(f"written after '{officer[0]}'")
    return "; ".join(reasons)
