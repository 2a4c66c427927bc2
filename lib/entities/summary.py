"""The personal-data summary of notebook 01 in one namespace (``from lib.entities import summary as es``).

What personal data the messages pass about the people they are about, in which
direction and when; each name is defined in the module given here.

- ``personal``: ``personal_data(entities, messages)``, one row per item of personal data;
  ``own_text_entities``, ``contact_details``, ``forms_in_quoted_history``; the categories and directions.
- ``passes``: ``passes_by_message(personal, messages)``, one row per message, a column per category;
  ``direction_table``, ``monthly_table``, ``period_table``, with ``monthly_wide`` and ``parts_table``
  (subject line, own words or attached form) to read them.
- ``reading``: ``cite`` and ``add_context`` (page, Bates number and context for any entity rows);
  ``examples``, ``counted_rows`` and ``check_sample``: rows to read and to verify by hand.
- ``named``: ``agency_table``, ``official_table``, ``subject_table``: who is named.
- ``prose``: ``headline`` and ``describe_corrections``: the notebook's sentences.
- ``plots``: ``plot_directions`` and ``plot_monthly``.
"""

from __future__ import annotations

from lib.core.forms import ATTACHED_FORM, OWN_WORDS, SUBJECT_LINE
from lib.entities.named import OFFICER_TITLE_WORDS, agency_table, official_table, subject_table
from lib.entities.passes import (
    UNDATED,
    direction_table,
    monthly_table,
    monthly_wide,
    parts_table,
    passes_by_message,
    period_table,
)
from lib.entities.personal import (
    CATEGORIES,
    CATEGORY_NAMES,
    DIRECTION_NAMES,
    FROM_ICE,
    INSTITUTION_CUE_CHARS,
    INSTITUTION_LABELS,
    OWN_TEXT,
    PERSONAL_COLUMNS,
    PERSONAL_DATA,
    SIGNATURE_LINES,
    TO_ICE,
    contact_details,
    forms_in_quoted_history,
    own_text_entities,
    personal_data,
)
from lib.entities.plots import plot_directions, plot_monthly
from lib.entities.prose import describe_corrections, headline
from lib.entities.reading import add_context, check_sample, cite, counted_rows, examples

__all__ = [
    "ATTACHED_FORM", "OWN_WORDS", "SUBJECT_LINE",
    "CATEGORIES", "CATEGORY_NAMES", "DIRECTION_NAMES", "FROM_ICE", "INSTITUTION_CUE_CHARS", "INSTITUTION_LABELS",
    "OWN_TEXT", "PERSONAL_COLUMNS", "PERSONAL_DATA", "SIGNATURE_LINES", "TO_ICE",
    "contact_details", "forms_in_quoted_history", "own_text_entities", "personal_data",
    "UNDATED", "direction_table", "monthly_table", "monthly_wide", "parts_table", "passes_by_message",
    "period_table",
    "add_context", "check_sample", "cite", "counted_rows", "examples",
    "OFFICER_TITLE_WORDS", "agency_table", "official_table", "subject_table",
    "describe_corrections", "headline",
    "plot_directions", "plot_monthly",
]
