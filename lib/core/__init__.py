"""What every step of the pipeline shares; imports nothing else of ``lib``.

- ``paths``       where things are, relative to the project root
- ``schema``      column contracts of the processed tables (pandera)
- ``tables``      Parquet in batches, DuckDB queries over a processed folder
- ``cite``        one citation rule: (message, field, offset) -> page, Bates number, 'where'
- ``context``     one excerpt rule: words around a passage, never cutting a word, name or entity
- ``directory``   correspondents, their agencies and sides; message direction
- ``addresses``   correspondents as printed in headers, OCR damage and redactions included
- ``periods``     the runs of weeks a release covers
- ``forms``       printed forms attached to a message; the parts of a message
- ``requests``    what a message asks for (a detainer, a report)
- ``models``      which spaCy model to load
"""
