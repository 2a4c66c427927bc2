"""Entities of the release: agencies, people, identifiers, places and forms, tagged with spaCy; who is named.

Recognition:

- ``reference``      agencies, courts, facilities and public officials, read from CSV files
- ``patterns``       rule patterns for the EntityRuler, built from the reference tables
- ``flags``          lexeme flags for the patterns' word tests, once per vocabulary
- ``values``         canonical values of matched spans (codes, ISO dates, A-numbers, ...)
- ``text``           whitespace normalisation that keeps character offsets
- ``pipeline``       the spaCy pipeline: tokenizer, ruler before ``ner``, refiner after it
- ``refiner``        the component after ``ner``: trims and checks spans, sets canonical values
- ``person_spans``   PERSON spans: which words can be a name, a span cut down to its name
- ``context_spans``  the spans the refiner adds that need context (a DOB after a name, ...)
- ``labels``         the labels the rules and the model give

Tagging and the tables:

- ``tagger``         tagging texts: one text with its people resolved, or a stream of texts
- ``tagging``        tagging message tables: a batch in a worker, or a whole table
- ``headers``        correspondents as entity rows, from the header columns
- ``mentions``       person mentions of a batch's rows, with the signature blocks below names
- ``columns``        columns and types of the entity tables; what a tagged batch holds
- ``table``          the release's entity table from tagged batches, people resolved across them
- ``corrections``    reviewed corrections (merges, splits, deletions, role overrides)
- ``roster``         the people table: one row per person
- ``throughput``     the tagger's speed against bare ``nlp.pipe``

People:

- ``names``          written names: parsing, folding, canonical names, names read from addresses
- ``keys``           the keys people are filed under, and their stable ids
- ``mention_table``  mentions of people, one at a time or as columns of codes
- ``resolver``       people from their mentions (``PeopleResolver``)
- ``roles``          official or subject, and the titles written before names

The personal-data summary (notebook 01; ``summary`` holds all of it in one namespace):

- ``personal``       which entities are personal data about the people written about
- ``passes``         messages passing each category, by direction, month, period and part
- ``reading``        rows to read: cited, in context, examples and samples to check
- ``named``          who is named: agencies, officials, people written about
- ``prose``          the headline numbers and the line on corrections
- ``plots``          the summary's figures

The names below are importable from the package itself (``from lib import entities``);
each is loaded from its module on first use, so importing one submodule (the build's
tagging workers import ``tagging``) loads nothing else.
"""

from __future__ import annotations

import importlib

#: Each module's names on the package surface.
_SURFACE = {
    "tagger": ("PIPE_BATCH_SIZE", "tag_text", "tag_texts"),
    "tagging": ("applied_corrections", "tag_batch", "tag_messages"),
    "table": ("ResolvedEntities", "resolve_batches"),
    "roster": ("people_table",),
    "throughput": ("throughput_comparison",),
    "columns": ("ENTITY_COLUMNS", "PEOPLE_COLUMNS", "ROW_COLUMNS", "TEXT_COLUMNS", "TEXT_FIELDS", "TaggedBatch"),
    "labels": ("ENTITY_LABELS", "MODEL_LABELS", "RULE_LABELS"),
    "patterns": ("PERSON_TITLES",),
    "reference": ("Institutions", "Official", "load_institutions", "load_officials"),
    "text": ("normalise_whitespace",),
    "corrections": ("apply_corrections", "load_corrections"),
    "names": ("Name", "canonical_name", "fold", "name_from_email", "parse_name", "skeleton"),
    "keys": ("key_for_name", "person_id"),
    "mention_table": ("Mention", "MentionTable", "MentionTableBuilder"),
    "resolver": ("PeopleResolver", "Person"),
    "roles": ("OFFICIAL", "SUBJECT", "is_official_title", "role_of", "titles_before"),
    "personal": ("CATEGORIES", "CATEGORY_NAMES", "DIRECTION_NAMES", "FROM_ICE", "OWN_TEXT", "PERSONAL_DATA",
                 "TO_ICE", "contact_details", "forms_in_quoted_history", "own_text_entities", "personal_data"),
    "passes": ("direction_table", "monthly_table", "monthly_wide", "parts_table", "passes_by_message",
               "period_table"),
    "reading": ("add_context", "check_sample", "cite", "counted_rows", "examples"),
    "named": ("agency_table", "official_table", "subject_table"),
    "prose": ("describe_corrections", "headline"),
    "plots": ("plot_directions", "plot_monthly"),
}
_MODULE_OF = {name: module for module, names in _SURFACE.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
