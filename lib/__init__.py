"""Toolkit for analysing a public-records release of police-ICE email.

The packages follow the pipeline, each importing only from those listed before it (pyproject.toml's
import contract, checked by ``lint-imports`` and the tests):

- ``lib.core``          what every step shares: paths, schemas, citations, excerpts, correspondents
- ``lib.ingest``        files -> pages, messages and an ingest report (``read_messages``, ``ingest``)
- ``lib.entities``      spaCy tagging, people across the release, personal-data summaries
- ``lib.charges``, ``lib.timeline``, ``lib.language``   the analyses (independent of each other)
- ``lib.evidence``      public statements tested against the records
- ``lib.publish``       pseudonymised tables, leak gate, static site
- ``lib.pipeline``      the build behind ``python -m lib build``, and the notebook runner
- ``lib.notebook_kit``  opening a release's tables and publishing figures, for the notebooks
- ``lib.sample``        the synthetic sample release generator (imports nothing else of ``lib``)
"""

__version__ = "0.1.0"
