"""Ingest a new press release: extract French items into a draft statements file.

One module per job: :mod:`~relocgraph.ingest.text` reads the document (plain text or
HTML), :mod:`~relocgraph.ingest.extract` finds the items (rules + spaCy's French
pipeline) by running the extraction passes — :mod:`~relocgraph.ingest.header`,
:mod:`~relocgraph.ingest.quotes`, :mod:`~relocgraph.ingest.people`,
:mod:`~relocgraph.ingest.organisations`, :mod:`~relocgraph.ingest.plans`,
:mod:`~relocgraph.ingest.sites`, :mod:`~relocgraph.ingest.sectors`,
:mod:`~relocgraph.ingest.dates`, :mod:`~relocgraph.ingest.figures`,
:mod:`~relocgraph.ingest.evidence` — over one :mod:`~relocgraph.ingest.document`, with
the word lists of :mod:`~relocgraph.ingest.lexicon` (data files in ``ingest/lexicon/``);
:mod:`~relocgraph.ingest.items` defines what they find; :mod:`~relocgraph.ingest.link`
links the items to the entity registry,
:mod:`~relocgraph.ingest.draft` writes the draft a curator reviews,
:mod:`~relocgraph.ingest.accept` turns a reviewed draft into curated data, and
:mod:`~relocgraph.ingest.score` measures extraction quality against gold annotations.

Nothing here is imported by ``relocgraph --help``; spaCy is loaded lazily, once per
process, by :func:`relocgraph.ingest.nlp.load_nlp`.
"""
