"""relocgraph: press releases → a knowledge graph where every fact quotes its source.

The notebook API (imported lazily, so ``import relocgraph`` stays cheap)::

    import relocgraph as rg
    kg = rg.open()                       # the project's graph (built first if missing or stale)
    kg.queries()                         # the named queries, as a DataFrame
    kg.query("figures")                  # a named query or SPARQL text → DataFrame
    kg.query("statements-about", {"entity": "person:stephanie-pernod"})
    g = kg.to_networkx()                 # networkx MultiDiGraph of entities and statements
    kg.show(focus="pack relocalisation") # the interactive graph, inline in a notebook
    kg.export("jsonld")                  # build/export/relocgraph.jsonld
    rg.build()                           # run the whole pipeline again, then open it

:func:`open`, :func:`build`, :func:`find_root` and :class:`KnowledgeGraph` live in
:mod:`relocgraph.api`. Network analyses are in :mod:`relocgraph.analysis.metrics`.

>>> import subprocess, sys
>>> code = "import sys, relocgraph; print(sorted({'rdflib', 'pandas'} & set(sys.modules)))"
>>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
'[]\\n'
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["KnowledgeGraph", "build", "find_root", "open"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        value = getattr(import_module("relocgraph.api"), name)
        globals()[name] = value  # later look-ups are plain attribute reads
        return value
    raise AttributeError(f"module 'relocgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
