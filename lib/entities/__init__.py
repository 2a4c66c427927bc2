"""Entity recognition for the release: reference tables, rule patterns, the spaCy pipeline.

- ``reference``    agencies, courts, facilities and public officials, read from CSV files
- ``patterns``     rule patterns for the EntityRuler, built from the reference tables
- ``values``       canonical values of matched spans (codes, ISO dates, A-numbers, ...)
- ``text``         whitespace normalisation that keeps character offsets
- ``pipeline``     the spaCy pipeline: tokenizer, ruler before ``ner``, refiner after it
- ``refiner``      the component after ``ner``: trims and checks spans, adds those that need context
- ``labels``       the labels the rules and the model give
- ``corrections``  reviewed corrections (merges, splits, deletions, role overrides)

The public entry points are in ``lib.entities.tagging``; people are resolved in ``lib.entities.people``.
"""
