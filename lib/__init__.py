"""Toolkit for analysing a public-records release of police-ICE email.

Modules, one job each:

- ``lib.ingest``   files -> pages and messages, with an ingest report (public API)
- ``lib.build``    the build pipeline behind ``python -m lib build``
- ``lib.schema``   column contracts of the processed tables
- ``lib.models``   which spaCy model to load
- ``lib.sample``   the synthetic sample release generator
"""

__version__ = "0.1.0"
