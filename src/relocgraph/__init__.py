"""relocgraph: press releases → a knowledge graph where every fact quotes its source.

The public API (imported lazily, so ``import relocgraph`` stays cheap)::

    import relocgraph as rg
    ds = rg.load()                     # built graph (builds it if build/ is missing)
    rg.queries()                       # the named queries, as a DataFrame
    rg.query("figures", graph=ds)      # a named query or SPARQL string → DataFrame
    g = rg.to_networkx(ds)             # networkx MultiDiGraph of entities and statements
    rg.derive(ds)                      # (re)compute the derived figures
    rg.export(ds, "jsonld")            # build/export/relocgraph.jsonld
    rg.show(ds)                        # the interactive graph, inline in a notebook

The functions live in :mod:`relocgraph.api`. ``query``, ``derive`` and ``export`` are
also the names of modules of this package; calling such a module calls the API
function, so ``rg.query("figures")`` works whether or not ``relocgraph.store.catalogue`` was
imported before. Network analyses are in :mod:`relocgraph.analysis.metrics`.

>>> import subprocess, sys
>>> code = "import sys, relocgraph; print(sorted({'rdflib', 'pandas'} & set(sys.modules)))"
>>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
'[]\\n'
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["derive", "export", "find_root", "load", "queries", "query", "show", "to_networkx"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("relocgraph.api"), name)
    raise AttributeError(f"module 'relocgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
