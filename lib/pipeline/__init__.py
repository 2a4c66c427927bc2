"""The build behind ``python -m lib build`` and the notebook runner.

- ``build``    ingest a release into processed tables, then run the stages; ``load_table``
- ``stages``   entities, language and charges stages, each cached on its inputs and code
- ``cache``    what the caches are keyed on: checksums, code hashes, state files
- ``parallel`` worker processes and threads, safe from any caller
- ``runner``   run every notebook on a release (papermill) and export the HTML
"""
