"""Ingest a new press release: extract French items into a draft statements file.

One module per job: :mod:`~relocgraph.ingest.text` reads the document (plain text or
HTML), :mod:`~relocgraph.ingest.extract` finds the items (rules + spaCy's French
pipeline), :mod:`~relocgraph.ingest.link` links them to the entity registry,
:mod:`~relocgraph.ingest.draft` writes the draft a curator reviews,
:mod:`~relocgraph.ingest.accept` turns a reviewed draft into curated data, and
:mod:`~relocgraph.ingest.score` measures extraction quality against gold annotations.

Nothing here is imported by ``relocgraph --help``; spaCy is loaded lazily, once per
process, by :func:`relocgraph.ingest.extract.load_nlp`.
"""
