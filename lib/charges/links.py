"""Charges tied to the people and the messages they belong to: the charge table (``link_charges``).

Public API:

- ``link_charges(messages, entities)``: one row per charge found in a message's
  subject line, its own text or a form printed with it (an I-247A detainer, an
  incident report), with the private subject it belongs to, the exact page and
  Bates number, the date and the direction of the message (``CHARGE_COLUMNS``).
- ``charge_rows(table, texts, entities, context)``: the same rows for some
  messages, as ``lib.charges.release.link_release`` gives them a batch at a time.

The severity of each subject's charges is ``lib.charges.severity.subject_severity``.

Whose charge it is. A charge belongs to a private subject (a PERSON entity
with role "subject"); officials are never owners. The first rule that gives
one person decides, and ``link`` says which (``LINK_RULES``, applied by
``lib.charges.attribution``):

1. ``form``: in a printed form, the person on its name line ("Name of Alien:",
   "Suspect 1:", "Defendant:"...), else the only subject the form names; a
   form that names no one goes on to rule 5;
2. ``sentence``: the nearest subject named before the charge in its sentence,
   else the first named after it in that sentence;
3. ``previous sentence``: the sentence just before names exactly one subject
   ("...a detainer for Fernando Teixeira. He was booked on OUI");
4. ``passage``: the passage before the charge names exactly one subject (two
   or more: "unclear"). A passage is a list item, a paragraph (text between
   blank lines) or, in printed pages, which lose blank lines, the message's
   own text;
5. ``subject line``: the message's subject line names exactly one subject;
6. ``message``: the subject line and own text together name exactly one;
7. ``replied-to message``: the message it answers names exactly one subject.

Otherwise ``person_id`` is null, with ``link`` "unclear" (several people and
nothing to choose between them) or "no subject named": never a guess.
Charges in a subject line use rules 2, 6 and 7. Subjects are found where the
entity table tags them, and by the full names (two words or more) it tags for
one subject elsewhere in the release, where the tagger missed them.

Levels follow ``lib.charges.statutes.extract`` with ``as_of`` the message's date, so a
value threshold is the one in force when the message was written (the charge
itself may be older: a limit of the method). A line broken by the printer
inside a charge is read as one line (``unwrap``). Repeated printings
(``duplicate_of``) are left out, so a message printed twice counts once.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from lib.charges.attribution import _Message
from lib.charges.offenses import seriousness
from lib.charges.release_context import ReleaseContext
from lib.charges.statutes import extract
from lib.charges.text import _context, unwrap
from lib.core.cite import message_bates, message_page, where
from lib.core.context import entity_spans
from lib.core.directory import unique_messages
from lib.core.forms import ATTACHED_FORM, OWN_WORDS, SUBJECT_LINE
from lib.core.tables import BATCH_ROWS, DECODE_THREADS, TableWriter

CHARGE_COLUMNS = {
    "message_id": "the message holding the charge",
    "field": "'subject' (subject line) or 'body' (own text and attached forms)",
    "part": "'subject line', 'own words' or 'attached form'",
    "start_char": "offset of the charge in the field's text",
    "end_char": "end offset (exclusive)",
    "text": "the charge as written",
    "context": "the sentence or line around the charge, on one line",
    "offense": "offence named in the offence table; null when a statute covers several",
    "offense_id": "row of the profile's offence table (offenses.csv)",
    "chapter": "chapter of the state's code (or '8 U.S.C.' for federal law)",
    "section": "section",
    "level": "'felony', 'misdemeanor', 'civil'; null when the text does not settle it",
    "violent": "True/False; null where the table marks violence as arguable",
    "seriousness": "class used to rank charges (lib.charges.offenses.SERIOUSNESS)",
    "category": "offence category (motor vehicle, property, person, drug, ...)",
    "basis": "how it was recognised: 'statute', 'abbreviation' or 'words'",
    "note": "what decided or left open the level",
    "person_id": "the private subject the charge belongs to; null when unclear",
    "link": "the rule that decided person_id (see the module's docstring)",
    "page": "the page holding the charge (page breaks inside the message taken into account)",
    "bates": "that page's Bates number",
    "where": "'file p. N (Bates)' for a reader",
    "sent_at": "when the message was sent (the profile's time zone)",
    "direction": "police->ice, ice->police, internal-police, internal-ice or other",
    "reconstructed": "True when the message survives only as a quote in another message",
}


def _as_of(sent_at):
    return None if sent_at is None or pd.isna(sent_at) else pd.Timestamp(sent_at).date()


def link_charges(messages: pd.DataFrame, entities: pd.DataFrame, *, pages: pd.DataFrame | None = None,
                 include_duplicates: bool = False) -> pd.DataFrame:
    """Every charge in each message's subject line, own text and attached forms, with its owner and page.

    One row per charge as written (``CHARGE_COLUMNS``); a charge repeated in a
    message (in the email and in the form printed with it) gives two rows.
    ``entities`` is the entity table (``lib.entities.tagging.tag_messages``): its subject
    PERSON mentions decide whose charge it is. ``pages`` (the page table, for
    Bates numbers of inner pages) is optional.
    """
    context = ReleaseContext.of(messages, entities, pages, include_duplicates=include_duplicates)
    table = unique_messages(messages, include_duplicates)
    rows = charge_rows(table, context.messages(table), entities, context)
    return _typed_charges(rows, _zone(table))


def charge_rows(table: pd.DataFrame, texts: dict[str, _Message], entities: pd.DataFrame,
                context: ReleaseContext) -> pd.DataFrame:
    """The charges of some unique messages (``table``, indexed as in the whole message table), untyped."""
    spans = {field: entity_spans(entities, field) for field in ("subject", "body")}
    rows = []
    for row in table.itertuples():
        message = texts[row.message_id]
        protected = {field: spans[field].get(row.message_id, []) + [
            (m.start, m.end) for m in (message.body_mentions if field == "body" else message.subject_mentions)]
            for field in ("subject", "body")}
        as_of = _as_of(row.sent_at)
        for field, text in (("subject", message.subject), ("body", message.body)):
            for charge in extract(unwrap(text), as_of=as_of):
                person, link = message.owner(field, charge.start_char, charge.end_char)
                if field == "subject":
                    part = SUBJECT_LINE
                else:
                    part = ATTACHED_FORM if message.form_of(charge.start_char) is not None else OWN_WORDS
                page = message_page(row, field, charge.start_char)
                bates = message_bates(row, page, context.bates_of_page)
                lo, hi = message.sentence(field, charge.start_char, charge.end_char)
                if part == ATTACHED_FORM:  # a form's lines are its fields: the line is the context
                    line_end = text.find("\n", charge.end_char)
                    lo, hi = text.rfind("\n", 0, charge.start_char) + 1, len(text) if line_end < 0 else line_end
                rows.append({
                    "message_id": row.message_id, "field": field, "part": part,
                    "start_char": charge.start_char, "end_char": charge.end_char, "text": charge.matched,
                    "context": _context(text, lo, hi, charge.start_char, charge.end_char,
                                        protected[field]),
                    "offense": charge.offense, "offense_id": charge.offense_id, "chapter": charge.chapter,
                    "section": charge.section, "level": charge.level, "violent": charge.violent,
                    "seriousness": seriousness(charge), "category": charge.category, "basis": charge.basis,
                    "note": charge.note, "person_id": person, "link": link, "page": page, "bates": bates,
                    "where": where(row.source_file, page, bates), "sent_at": row.sent_at,
                    "direction": context.directions.get(row.Index, "other"),
                    "reconstructed": bool(row.reconstructed),
                })
    return pd.DataFrame(rows, columns=list(CHARGE_COLUMNS))


def _zone(table: pd.DataFrame):
    """The time zone of the table's ``sent_at``, or None when its times are naive."""
    return table["sent_at"].dt.tz if isinstance(table["sent_at"].dtype, pd.DatetimeTZDtype) else None


def _typed_charges(out: pd.DataFrame, tz) -> pd.DataFrame:
    strings = [c for c in CHARGE_COLUMNS if c not in ("start_char", "end_char", "violent", "page", "sent_at",
                                                      "reconstructed")]
    out = out.astype({c: pd.StringDtype() for c in strings})
    out = out.astype({"start_char": "int64", "end_char": "int64", "page": "Int64", "violent": "boolean",
                      "reconstructed": bool})
    out["sent_at"] = pd.to_datetime(out["sent_at"], utc=tz is not None)
    if tz is not None:
        out["sent_at"] = out["sent_at"].dt.tz_convert(tz)
    return _in_charge_order(out)


def _charge_order(keys: pa.Table) -> np.ndarray:
    """Row positions putting charges in order: by time sent, message, subject line before body, offset.

    ``keys`` holds the charges' ``sent_at``, ``message_id``, ``field`` and
    ``start_char``. Arrow's sort is stable and puts missing times last.
    """
    ranked = pa.table({"sent_at": keys["sent_at"], "message_id": keys["message_id"],
                       "field": pc.index_in(keys["field"], value_set=pa.array(["subject", "body"])),
                       "start_char": keys["start_char"]})
    return pc.sort_indices(ranked, sort_keys=[(column, "ascending", "at_end") for column in ranked.column_names]
                           ).to_numpy()


def _in_charge_order(charges: pd.DataFrame) -> pd.DataFrame:
    """``charges`` in charge order (``_charge_order``); ``charges`` is left empty.

    Taken a column at a time, each dropped from ``charges`` once copied: a
    release's charges are never held twice.
    """
    order = _charge_order(pa.Table.from_pandas(charges[["sent_at", "message_id", "field", "start_char"]],
                                               preserve_index=False))
    return pd.DataFrame({column: charges.pop(column).iloc[order].reset_index(drop=True)
                         for column in list(charges.columns)})


def _write_in_charge_order(found: Path, dest: Path) -> None:
    """The charges at ``found`` put in charge order at ``dest``, as Arrow: pandas would hold them three times.

    Written a row group at a time, so the sorted copy is never whole.
    """
    table = pq.read_table(found, use_threads=DECODE_THREADS)
    order = _charge_order(table)
    with TableWriter(dest, table.schema) as writer:
        for start in range(0, max(len(order), 1), BATCH_ROWS):  # once at least: a table without charges
            writer.write(table.take(order[start:start + BATCH_ROWS]))
