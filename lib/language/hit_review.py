"""Review of hits before quoting: citation, part of the message, reasons to check, whether rates count them."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from lib.core.cite import PageStamps, message_bates
from lib.core.forms import ATTACHED_FORM, OWN_WORDS, form_start
from lib.language.lexicon import Lexicon, _resolve_lexicon
from lib.language.senders import sender_groups

#: ``part`` of a hit: in the sender's own words, or in a printed form that follows them.
#: An "emoticon" such as ``8)`` or ``B)`` opening a line numbers a list item.
_LIST_MARKER = re.compile(r"^[0-9A-Za-z]\)$")

REVIEW_COLUMNS = ["category", "pattern_id", "match", "context", "sent_at", "sender", "agency", "group",
                  "message_id", "where", "source_file", "page", "bates", "arguable", "part", "check", "counted"]


def _is_list_marker(body: str, start: int, end: int) -> bool:
    line_start = body.rfind("\n", 0, start) + 1
    return not body[line_start:start].strip() and bool(_LIST_MARKER.match(body[start:end]))


def hit_parts(hits: pd.DataFrame, messages: pd.DataFrame) -> pd.Series:
    """For each hit of ``find``: "own words", or "attached form" when it lies in a form (see ``form_start``)."""
    starts = {m: form_start(b) for m, b in zip(messages["message_id"].tolist(), messages["body"].tolist())}
    parts = [ATTACHED_FORM if starts.get(m) is not None and s >= starts[m] else OWN_WORDS
             for m, s in zip(hits["message_id"].tolist(), hits["start_char"].tolist())]
    return pd.Series(parts, index=hits.index, name="part", dtype=pd.StringDtype())


def review(hits: pd.DataFrame, messages: pd.DataFrame, *, pages: pd.DataFrame | None = None,
           senders: pd.DataFrame | None = None) -> pd.DataFrame:
    """The hits of ``find`` with what a reader needs to check each one before quoting it.

    Adds the sender's name, agency and group (``sender_groups``), the file,
    ``bates`` of the page holding the hit (from ``pages``, else the message's
    first Bates number), ``where`` ("file.pdf p. 12 (PD-000123)"), ``part``
    ("own words" or "attached form", see ``form_start``), ``check`` (why a hit
    needs a second look beyond the lexicon's ``arguable`` flag, or that its
    text survives only as a quote in another message) and
    ``counted``: whether rates count it (own words, and not a list number taken
    for an emoticon). Keeps the order of ``hits``.
    """
    from lib.core.cite import where  # drawing libraries load only when needed

    table = messages.set_index("message_id", drop=False)
    senders = sender_groups(messages) if senders is None else senders
    senders = senders.set_axis(messages["message_id"].to_numpy())
    stamps = PageStamps(pages)
    rows = []
    for hit, part in zip(hits.itertuples(index=False), hit_parts(hits, messages).tolist()):
        body = table.at[hit.message_id, "body"]
        body = body if isinstance(body, str) else ""
        source_file = table.at[hit.message_id, "source_file"]
        page = hit.page
        bates = message_bates(table.loc[hit.message_id], page, stamps) if pages is not None else hit.bates
        not_counted = []
        if part == ATTACHED_FORM:
            not_counted.append("printed form, not the sender's words")
        if hit.pattern_id == "jokes.emoticon" and _is_list_marker(body, hit.start_char, hit.end_char):
            not_counted.append("opens a line: a list number, not an emoticon")
        checks = list(not_counted)
        if "reconstructed" in table and bool(table.at[hit.message_id, "reconstructed"]):
            quoted_in = table.at[hit.message_id, "quoted_in"] if "quoted_in" in table else None
            checks.append("recovered from a quote" + ("" if pd.isna(quoted_in) else f" in {quoted_in}"))
        rows.append({
            "category": hit.category, "pattern_id": hit.pattern_id, "match": hit.match, "context": hit.context,
            "sent_at": hit.sent_at, **senders.loc[hit.message_id, ["sender", "agency", "group"]].to_dict(),
            "message_id": hit.message_id, "where": where(source_file, page, bates),
            "source_file": source_file, "page": page, "bates": bates, "arguable": hit.arguable,
            "part": part, "check": "; ".join(checks), "counted": not not_counted,
        })
    out = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
    out["sent_at"] = hits["sent_at"].set_axis(out.index)  # keeps the time zone
    out["page"] = out["page"].astype("Int64")
    out[["arguable", "counted"]] = out[["arguable", "counted"]].astype(bool)
    strings = [c for c in REVIEW_COLUMNS if c not in ("sent_at", "page", "arguable", "counted")]
    return out.astype({c: pd.StringDtype() for c in strings})


def hit_counts(reviewed: pd.DataFrame, lexicon: Lexicon | str | Path | None = None) -> pd.DataFrame:
    """Per category, in the lexicon's order: all hits, where they fall, how many are counted, arguable, messages."""
    lex = _resolve_lexicon(lexicon)
    table = reviewed.assign(in_own_words=reviewed["part"] == OWN_WORDS,
                            in_attached_forms=reviewed["part"] == ATTACHED_FORM,
                            counted_arguable=reviewed["counted"] & reviewed["arguable"])
    out = (table.groupby("category", sort=False)
           .agg(hits=("match", "size"), in_own_words=("in_own_words", "sum"),
                in_attached_forms=("in_attached_forms", "sum"), counted=("counted", "sum"),
                counted_arguable=("counted_arguable", "sum"))
           .reindex(lex.categories, fill_value=0))
    counted_messages = table[table["counted"]].groupby("category")["message_id"].nunique()
    out["messages_counted"] = counted_messages.reindex(out.index, fill_value=0)
    return out.astype("int64").rename_axis("category").reset_index()
