"""Reading the built graph: one store interface (Oxigraph by default, rdflib, a remote
SPARQL store), the named-query catalogue, parameters bound as RDF terms, and the sandbox
for untrusted queries.

Modules, each importing only those listed after it:
``sandbox`` (endpoint workers) → ``open`` (:func:`open_store`, :func:`run_table`,
:func:`run_query`) → ``remote`` → ``backends`` → ``catalogue`` · ``guard`` → ``terms``.
"""

from relocgraph.store.backends import Backend, load_dataset
from relocgraph.store.open import BACKENDS, open_store, run_query, run_table

__all__ = ["BACKENDS", "Backend", "load_dataset", "open_store", "run_query", "run_table"]
