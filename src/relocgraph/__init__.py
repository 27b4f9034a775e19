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
function, so ``rg.query("figures")`` works whether or not ``relocgraph.query`` was
imported before. Network analyses are in :mod:`relocgraph.analysis`.

>>> import subprocess, sys
>>> code = "import sys, relocgraph; print(sorted({'rdflib', 'pandas'} & set(sys.modules)))"
>>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
'[]\\n'
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any

__all__ = ["load", "query", "queries", "to_networkx", "derive", "export", "show", "find_root"]

#: API functions whose name is also a module of this package.
_MODULE_FUNCTIONS = ("query", "derive", "export")


class _CallableModule(ModuleType):
    """A module that, when called, calls the API function of the same name."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        name = self.__name__.rpartition(".")[2]
        return getattr(import_module("relocgraph.api"), name)(*args, **kwargs)


def _make_callable(module_name: str) -> None:
    """Called at the end of ``relocgraph.query``, ``.derive`` and ``.export``."""
    import sys

    sys.modules[module_name].__class__ = _CallableModule


def __getattr__(name: str) -> Any:
    if name in _MODULE_FUNCTIONS:
        return import_module(f"relocgraph.{name}")
    if name in __all__:
        return getattr(import_module("relocgraph.api"), name)
    raise AttributeError(f"module 'relocgraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
