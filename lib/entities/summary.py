"""What personal data the messages pass about the people they are about, in which direction and when.

Reads the entity table (``lib.entities.tagging.tag_messages``) and the message table. A
message "passes" a category of personal data when the category appears in its
own text: subject line, body and the attachment pages printed with it, never
its quoted history. Each message counts once (repeated printings set aside).

- ``personal_data(entities, messages)``: one row per item of personal data.
- ``passes_by_message(personal, messages)``: one row per message, a column per category.
- ``direction_table``, ``monthly_table``, ``period_table``: messages per category, with
  ``monthly_wide`` and ``parts_table`` (subject line, own words or attached form) to read them.
- ``cite`` and ``add_context``: page, Bates number and context for any entity rows.
- ``examples``, ``counted_rows`` and ``check_sample``: rows to read and to verify by hand.
- ``agency_table``, ``official_table``, ``subject_table``: who is named.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from lib.core.cite import cite as core_cite
from lib.core.context import kwic
from lib.core.directory import DIRECTION_COLOURS, direction, load_agencies, unique_messages
from lib.core.forms import ATTACHED_FORM, OWN_WORDS, SUBJECT_LINE, form_start
from lib.core.periods import period_labels

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
UNDATED = "undated"
#: Title words that mark a named person as an officer, not a person written about.
OFFICER_TITLE_WORDS = frozenset({
    "officer", "ofc", "off", "po", "det", "detective", "sgt", "sergeant", "lt", "lieutenant", "capt", "captain",
    "trooper", "tpr", "agent", "sa", "ssa", "do", "sdo", "sddo", "iea", "tfo", "ada", "judge", "commissioner",
    "sheriff", "chief", "supt", "superintendent",
})

PERSONAL_COLUMNS = ["message_id", "field", "part", "category", "text", "canonical", "person_id",
                    "start_char", "end_char"]


# --- Which entities are personal data ---------------------------------------------

def own_text_entities(entities: pd.DataFrame, messages: pd.DataFrame, *,
                      include_duplicates: bool = False) -> pd.DataFrame:
    """Entity rows in the subject line or body of each message, repeated printings left out."""
    kept = set(unique_messages(messages, include_duplicates)["message_id"])
    return entities[entities["field"].isin(OWN_TEXT) & entities["message_id"].isin(kept)]


def contact_details(entities: pd.DataFrame, messages: pd.DataFrame) -> pd.Series:
    """True for each address or phone number of an official or an institution, not of a person written about.

    A number or address is an institution's or official's when it sits in a
    signature block or letterhead (an agency, facility or court named alone on
    one of the ``SIGNATURE_LINES`` lines above it, no blank line between), when
    it is a number to call an institution named just before it ("notify DHS by
    calling ..."), or when the same value (with its digits: not a mask such as
    "[PHONE]") is found that way anywhere in the release. The tagger's own
    person links are not used: it links a number below a greeting ("Conal,")
    to the person greeted.
    """
    is_value = entities["label"].isin(["ADDRESS", "PHONE"]) & entities["field"].eq("body")
    flagged = pd.Series(False, index=entities.index)
    if not is_value.any():
        return flagged
    bodies = dict(zip(messages["message_id"], messages["body"]))
    institutions = entities[entities["label"].isin(INSTITUTION_LABELS) & entities["field"].eq("body")]
    spans = {m: list(zip(g["start_char"].astype(int), g["end_char"].astype(int)))
             for m, g in institutions.groupby("message_id", sort=False)}
    for index, row in entities[is_value].iterrows():
        text = bodies.get(row["message_id"])
        if not isinstance(text, str):
            continue
        found = spans.get(row["message_id"], [])
        start = int(row["start_char"])
        flagged.at[index] = _below_institution_line(text, start, found) or (
            row["label"] == "PHONE" and _institution_to_call(text, start, found))
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


def personal_data(entities: pd.DataFrame, messages: pd.DataFrame, *,
                  include_duplicates: bool = False) -> pd.DataFrame:
    """Every item of personal data about a person written about, in each message's own text.

    Names are PERSON rows whose person has the role 'subject'; addresses and phone
    numbers of officials and institutions are left out (``contact_details``);
    dates of birth, A-numbers, licence numbers and police report numbers count as
    found. ``part`` says where: "subject line", "own words", or "attached form"
    (a printed form or report after the sender's words, see
    ``lib.core.forms.form_start``).
    """
    own = own_text_entities(entities, messages, include_duplicates=include_duplicates)
    contacts = contact_details(own, messages)
    frames = []
    for category, label in PERSONAL_DATA.items():
        rows = own[own["label"].eq(label)]
        if category == "name":
            rows = rows[rows["role"].eq("subject").fillna(False)]
        elif category in ("address", "phone"):
            rows = rows[~contacts.loc[rows.index]]
        frames.append(rows.assign(category=category))
    found = pd.concat(frames)
    form_starts = {m: form_start(b) for m, b in zip(messages["message_id"], messages["body"])}
    found = found.assign(part=[_part(f, form_starts.get(m), s)
                               for m, f, s in zip(found["message_id"], found["field"], found["start_char"])])
    found = found[PERSONAL_COLUMNS].sort_values(["message_id", "field", "start_char", "category"], kind="stable")
    found["category"] = pd.Categorical(found["category"], categories=CATEGORIES)
    return found.reset_index(drop=True)


def _part(field_name: str, form_begins, start_char) -> str:
    if field_name == "subject":
        return SUBJECT_LINE
    return ATTACHED_FORM if form_begins is not None and int(start_char) >= form_begins else OWN_WORDS


# --- Messages that pass each category -------------------------------------------

def passes_by_message(personal: pd.DataFrame, messages: pd.DataFrame, *,
                      include_duplicates: bool = False) -> pd.DataFrame:
    """One row per message: when, which direction, which period, and a True/False column per category.

    ``any_identifier`` is True when the message passes anything beyond a name.
    """
    table = unique_messages(messages, include_duplicates)
    directions = direction(messages, include_duplicates=include_duplicates)
    local = table["sent_at"].dt.tz_localize(None) if isinstance(table["sent_at"].dtype, pd.DatetimeTZDtype) \
        else pd.to_datetime(table["sent_at"])
    out = pd.DataFrame({
        "message_id": table["message_id"].to_numpy(),
        "sent_at": table["sent_at"].to_numpy(),
        "month": local.dt.strftime("%Y-%m").fillna(UNDATED).to_numpy(),
        "period": period_labels(table["sent_at"]).to_numpy(),
        "direction": directions.reindex(table.index).fillna("other").to_numpy(),
    })
    present = set(zip(personal["message_id"], personal["category"].astype(str)))
    for category in CATEGORIES:
        out[category] = [(m, category) in present for m in out["message_id"]]
    out["any_identifier"] = out[[c for c in CATEGORIES if c != "name"]].any(axis=1)
    return out


def direction_table(passes: pd.DataFrame) -> pd.DataFrame:
    """Messages passing each category, police -> ICE, ICE -> police and all other directions together.

    The first row gives the number of messages in each direction, the denominator of every other row.
    """
    group = passes["direction"].where(passes["direction"].isin([TO_ICE, FROM_ICE]), "other")
    columns = [TO_ICE, FROM_ICE, "other"]
    rows = [{"category": "(all messages)", **{c: int((group == c).sum()) for c in columns}}]
    for category in [*CATEGORIES, "any_identifier"]:
        rows.append({"category": _category_name(category),
                     **{c: int((passes[category] & (group == c)).sum()) for c in columns}})
    out = pd.DataFrame(rows)
    out["all"] = out[columns].sum(axis=1)
    return out


def _category_name(category: str) -> str:
    return "anything beyond a name" if category == "any_identifier" else CATEGORY_NAMES[category]


def _long_counts(passes: pd.DataFrame, by: str) -> pd.DataFrame:
    keep = passes[passes["direction"].isin([TO_ICE, FROM_ICE])]
    rows = []
    for (key, way), group in keep.groupby([by, "direction"], sort=True):
        for category in CATEGORIES:
            rows.append({by: key, "direction": way, "category": CATEGORY_NAMES[category],
                         "messages": int(group[category].sum()), "of": len(group)})
    return pd.DataFrame(rows, columns=[by, "direction", "category", "messages", "of"])


def monthly_table(passes: pd.DataFrame) -> pd.DataFrame:
    """Per month, direction (police -> ICE, ICE -> police) and category: messages passing it, of how many."""
    counts = _long_counts(passes[passes["month"] != UNDATED], "month")
    period_of = dict(zip(passes["month"], passes["period"]))
    counts.insert(1, "period", counts["month"].map(period_of))
    return counts


def period_table(passes: pd.DataFrame) -> pd.DataFrame:
    """Per period of the release and direction: messages passing each category; the first row is all messages."""
    counts = _long_counts(passes, "period")
    columns = {}
    for (period, way), group in counts.groupby(["period", "direction"], sort=True):
        by_category = dict(zip(group["category"], group["messages"]))
        columns[f"{period} {way}"] = [int(group["of"].iloc[0]),
                                      *[by_category[CATEGORY_NAMES[c]] for c in CATEGORIES]]
    out = pd.DataFrame(columns, index=["(all messages)", *[CATEGORY_NAMES[c] for c in CATEGORIES]])
    return out.rename_axis("category").reset_index()


def monthly_wide(monthly: pd.DataFrame, way: str) -> pd.DataFrame:
    """One direction of ``monthly_table`` as a table: a row per month, its messages (``of``), a column per category."""
    part = monthly[monthly["direction"].eq(way)]
    wide = part.pivot_table(index=["month", "of"], columns="category", values="messages", aggfunc="sum")
    order = [CATEGORY_NAMES[c] for c in CATEGORIES]
    return wide.reindex(columns=order).fillna(0).astype(int).rename_axis(columns=None).reset_index()


def parts_table(personal: pd.DataFrame) -> pd.DataFrame:
    """Messages per category by where the item sits: subject line, the sender's own words, an attached form."""
    table = personal.assign(category=personal["category"].astype(str).map(CATEGORY_NAMES))
    wide = table.pivot_table(index="category", columns="part", values="message_id", aggfunc="nunique")
    wide = wide.reindex(index=[CATEGORY_NAMES[c] for c in CATEGORIES],
                        columns=[SUBJECT_LINE, OWN_WORDS, ATTACHED_FORM])
    return wide.fillna(0).astype(int).rename_axis(columns=None).reset_index()


# --- Citations and context -----------------------------------------------------

def cite(rows: pd.DataFrame, messages: pd.DataFrame, pages: pd.DataFrame | None = None) -> pd.DataFrame:
    """``rows`` (any table with ``message_id``, ``field``, ``start_char``) cited by ``lib.core.cite``, with
    ``check``: that a message recovered from another's quoted history must be read there."""
    cited = core_cite(rows, messages, pages)
    info = messages.set_index("message_id")
    check = [f"recovered from the quoted history of {info.at[m, 'quoted_in']}" if info.at[m, "reconstructed"] else ""
             for m in rows["message_id"]]
    return cited.assign(check=pd.Series(check, index=rows.index, dtype=object))


def add_context(rows: pd.DataFrame, messages: pd.DataFrame, width: int = 60) -> pd.DataFrame:
    """``rows`` with ``context``: about ``width`` characters each side on one line (``lib.core.context``), the entity
    in **bold**."""
    texts = messages.set_index("message_id")
    contexts = []
    for message_id, field_name, start, end in zip(rows["message_id"], rows["field"], rows["start_char"],
                                                  rows["end_char"]):
        text = texts.at[message_id, field_name] if field_name in texts.columns else None
        if not isinstance(text, str):
            contexts.append("")
            continue
        contexts.append(kwic(text, int(start), int(end), width))
    return rows.assign(context=contexts)


# --- Rows to read ---------------------------------------------------------------

def examples(personal: pd.DataFrame, passes: pd.DataFrame, messages: pd.DataFrame,
             pages: pd.DataFrame | None = None, *, per_category: int = 2) -> pd.DataFrame:
    """The first ``per_category`` messages (in order of sending) passing each category each way, cited.

    Each shows a different item: a later message repeating an item already shown is skipped.
    """
    when = passes.set_index("message_id")[["sent_at", "direction"]]
    rows = personal.join(when, on="message_id")
    rows = rows[rows["direction"].isin([TO_ICE, FROM_ICE])]
    rows = rows.sort_values(["sent_at", "message_id", "field", "start_char"], na_position="last", kind="stable")
    rows = rows.drop_duplicates(["category", "direction", "message_id"])
    # Two replies repeating one subject line would show the same item twice.
    rows = rows.assign(value=rows["canonical"].fillna(rows["text"])).drop_duplicates(["category", "direction",
                                                                                     "value"])
    picked = rows.groupby(["category", "direction"], observed=True, sort=True).head(per_category)
    picked = picked.sort_values(["category", "direction", "sent_at"], ascending=[True, False, True],
                                kind="stable")
    picked = cite(add_context(picked, messages), messages, pages)
    picked = picked.assign(category=picked["category"].map(CATEGORY_NAMES),
                           sent=picked["sent_at"].dt.strftime("%Y-%m-%d"))
    return picked[["category", "direction", "sent", "text", "part", "context", "message_id", "where",
                   "check"]].reset_index(drop=True)


def check_sample(rows: pd.DataFrame, messages: pd.DataFrame, pages: pd.DataFrame | None = None, *,
                 per_group: int = 3, group: str = "category", seed: int = 2019) -> pd.DataFrame:
    """A seeded random sample of ``per_group`` rows of each ``group``, with context and citation.

    The rows are put in a fixed order first, so the same table and seed give the
    same sample. ``correct`` is left empty for the reader to fill in.
    """
    ordered = rows.sort_values(["message_id", "field", "start_char", "end_char"], kind="stable")
    parts = [group_rows.sample(n=min(per_group, len(group_rows)), random_state=seed)
             for _, group_rows in ordered.groupby(group, observed=True, sort=True)]
    sample = pd.concat(parts) if parts else ordered.head(0)
    sample = cite(add_context(sample, messages), messages, pages)
    sample = sample.assign(correct="")
    columns = [group, "text", "context", "message_id", "where", "check", "correct"]
    return sample[columns].reset_index(drop=True)


def counted_rows(personal: pd.DataFrame, entities: pd.DataFrame, messages: pd.DataFrame) -> pd.DataFrame:
    """Every entity row behind this module's counts, with a ``category`` to sample by.

    Personal data by its category, plus "agency" (agency names) and "official"
    (officials' names in the text) for the tables of who is named.
    """
    own = own_text_entities(entities, messages)
    agencies = own[own["label"].eq("AGENCY")].assign(category="agency")
    officials = own[own["label"].eq("PERSON") & own["role"].eq("official").fillna(False)].assign(category="official")
    columns = ["message_id", "field", "category", "text", "start_char", "end_char"]
    rows = pd.concat([personal.assign(category=personal["category"].astype(str))[columns], agencies[columns],
                      officials[columns]], ignore_index=True)
    rows["category"] = pd.Categorical(rows["category"], categories=[*CATEGORIES, "agency", "official"])
    return rows


# --- Who is named -----------------------------------------------------------------

def _alone_on_line(text, start: int, end: int) -> bool:
    if not isinstance(text, str):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return line.strip(" \t,.-|:") == text[start:end].strip()


def agency_table(entities: pd.DataFrame, messages: pd.DataFrame, agencies: pd.DataFrame | None = None) -> pd.DataFrame:
    """Agencies named in the messages' own text: messages, and messages naming them within a line of text.

    A name alone on its line is a letterhead, a signature block or a form's
    heading; ``in_text`` counts the messages where someone wrote the name in a
    sentence or list.
    """
    own = own_text_entities(entities, messages)
    named = own[own["label"].eq("AGENCY") & own["canonical"].notna()]
    texts = messages.set_index("message_id")
    alone = [_alone_on_line(texts.at[m, f], int(s), int(e))
             for m, f, s, e in zip(named["message_id"], named["field"], named["start_char"], named["end_char"])]
    named = named.assign(in_text=~np.array(alone, dtype=bool))
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


# --- Headline, corrections and the limits of the counts -------------------------

def forms_in_quoted_history(messages: pd.DataFrame) -> pd.DataFrame:
    """Messages (one printing each) with a printed form or report inside their quoted history.

    Productions print a reply's attachments after the history it quotes, so
    those pages sit in ``quoted``; the entity tagger reads only a message's own
    text, and what those forms hold is not counted.
    """
    table = unique_messages(messages)
    has_form = table["quoted"].map(lambda text: form_start(text) is not None).astype(bool)
    columns = ["message_id", "source_file", "page_start", "page_end", "subject"]
    return table.loc[has_form, columns].reset_index(drop=True)


def headline(passes: pd.DataFrame, subjects: pd.DataFrame, forms_not_counted: int = 0) -> str:
    """The numbers a reporter would quote, each with its denominator.

    ``forms_not_counted``: messages with printed forms in their quoted history (``forms_in_quoted_history``).
    """
    to_ice = passes[passes["direction"].eq(TO_ICE)]
    from_ice = passes[passes["direction"].eq(FROM_ICE)]
    doubtful = int(subjects["check"].ne("").sum())
    lines = [
        f"{len(passes):,} unique messages; {len(to_ice):,} police -> ICE and {len(from_ice):,} ICE -> police.",
        f"{int(to_ice['name'].sum()):,} police -> ICE messages name a person written about; "
        f"{int(to_ice['any_identifier'].sum()):,} pass more than a name.",
        f"{len(subjects):,} distinct people written about are named ({doubtful} of them flagged to check); "
        f"{int(subjects[TO_ICE].gt(0).sum()):,} are named in messages from police to ICE.",
        "Messages passing each category (police -> ICE / ICE -> police):",
    ]
    for category in CATEGORIES:
        lines.append(f"  {CATEGORY_NAMES[category]:<15} {int(to_ice[category].sum()):>4} / "
                     f"{int(from_ice[category].sum()):>4}")
    if forms_not_counted:
        lines.append(f"Not counted: printed forms in the quoted history of {forms_not_counted:,} messages.")
    return "\n".join(lines)


def describe_corrections(corrections: pd.DataFrame) -> str:
    """One line on the reviewed corrections of this build: how many, how many applied, which no longer apply."""
    if corrections.empty:
        return ("No reviewed corrections are listed in lib/reference/entity_corrections.csv; the counts are the "
                "tagger's as it stands.")
    applied = corrections[corrections["applied"].astype(bool)]
    text = (f"{len(corrections)} reviewed corrections listed, {len(applied)} applied on this build, changing "
            f"{int(applied['rows'].sum()):,} entity rows.")
    stale = corrections.loc[~corrections["applied"].astype(bool), "id"].tolist()
    if stale:
        text += f" Not applied (nothing matched; review or remove): {', '.join(map(str, stale))}."
    return text


# --- Figures ------------------------------------------------------------------------

def plot_directions(table: pd.DataFrame, *, title: str = "") -> plt.Figure:
    """Horizontal bars: messages passing each category, police -> ICE and ICE -> police, counts written."""
    rows = table[~table["category"].isin(["(all messages)"])].iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 4.2))
    y = np.arange(len(rows))
    height = 0.38
    for offset, way in ((height / 2, TO_ICE), (-height / 2, FROM_ICE)):
        bars = ax.barh(y + offset, rows[way], height=height, color=DIRECTION_COLOURS[way],
                       label=DIRECTION_NAMES[way])
        ax.bar_label(bars, padding=2, fontsize=8)
    ax.set_yticks(y, rows["category"])
    ax.set_xlabel("messages")
    ax.legend(frameon=False, loc="lower right")
    ax.margins(x=0.1)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_monthly(monthly: pd.DataFrame, *, title: str = "") -> plt.Figure:
    """One heatmap per direction: categories by month, counts in the cells, the month's messages on top.

    Only months with messages are drawn; a blank column separates the release's periods.
    """
    months = sorted(monthly["month"].unique())
    period_of = dict(zip(monthly["month"], monthly["period"]))
    columns: list[str | None] = []
    for month in months:
        if columns and period_of[month] != period_of[columns[-1]]:
            columns.append(None)
        columns.append(month)
    names = [CATEGORY_NAMES[c] for c in CATEGORIES]
    fig, axes = plt.subplots(2, 1, figsize=(10, 7), sharex=True)
    if not columns:
        axes[0].text(0.5, 0.5, "no dated messages between police and ICE", ha="center", transform=axes[0].transAxes)
        return fig
    top = max(1, int(monthly["messages"].max())) if not monthly.empty else 1
    for ax, way in zip(axes, (TO_ICE, FROM_ICE)):
        part = monthly[monthly["direction"].eq(way)]
        counts = {(c, m): n for c, m, n in zip(part["category"], part["month"], part["messages"])}
        totals = dict(zip(part["month"], part["of"]))
        grid = np.full((len(names) + 1, len(columns)), np.nan)
        for j, month in enumerate(columns):
            if month is None:
                continue
            grid[0, j] = totals.get(month, 0)
            for i, name in enumerate(names, start=1):
                grid[i, j] = counts.get((name, month), 0)
        shaded = grid.copy()
        shaded[0, :] = np.nan  # the totals row is written, not shaded
        ax.imshow(np.ma.masked_invalid(shaded), cmap="Blues" if way == TO_ICE else "Reds", vmin=0, vmax=top,
                  aspect="auto")
        for i in range(grid.shape[0]):
            for j in range(grid.shape[1]):
                if np.isnan(grid[i, j]):
                    continue
                value = int(grid[i, j])
                ax.text(j, i, str(value), ha="center", va="center", fontsize=8,
                        color="dimgray" if i == 0 else ("white" if value > top * 0.6 else "black"),
                        style="italic" if i == 0 else "normal")
        ax.axhline(0.5, color="lightgray", linewidth=0.8)
        ax.set_yticks(range(len(names) + 1), ["all messages", *names])
        ax.set_title(DIRECTION_NAMES[way], loc="left", fontsize=10)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
    ticks = [j for j, month in enumerate(columns) if month is not None]
    axes[-1].set_xticks(ticks, [columns[j] for j in ticks], rotation=90)
    if title:
        fig.suptitle(title, fontweight="bold")
    fig.tight_layout()
    return fig
