"""Toolkit for analysing a public-records release of police-ICE email.

Modules, one job each:

- ``lib.ingest.release``   files -> pages and messages, with an ingest report (public API)
- ``lib.pipeline.build``    the build pipeline behind ``python -m lib build``
- ``lib.core.schema``   column contracts of the processed tables
- ``lib.core.models``   which spaCy model to load
- ``lib.sample``   the synthetic sample release generator
"""

__version__ = "0.1.0"
