"""Run the analysis queries (``analysis/queries/*.rq``) on any store backend.

The networkx projection, the charts and the graph page read their rows from ``.rq``
files, as the named queries do, so that what they show is what a query answers, on
every backend alike. These queries are the analysis layer's own (they are not in
``relocgraph queries``): their columns are shaped for the projection, not for people.

A *source* is anything with ``select(text) -> Table`` (a backend of
:mod:`relocgraph.store.backends`, such as the persisted Oxigraph store of a build) or
an rdflib ``Dataset`` (read with the rdflib backend).

>>> [q.name for q in analysis_queries()][:2]
['network-edges', 'network-evidence']
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from relocgraph.model.table import Table
from relocgraph.store.catalogue import NamedQuery, parse_query_file


def _query_dir() -> Any:
    return resources.files("relocgraph.analysis").joinpath("queries")


@cache
def analysis_query(name: str) -> NamedQuery:
    """The analysis query ``analysis/queries/<name>.rq`` (cached: files never change in a run)."""
    entry = _query_dir().joinpath(f"{name}.rq")
    return parse_query_file(name, entry.read_text("utf-8"), f"analysis/queries/{name}.rq")


def analysis_queries() -> list[NamedQuery]:
    """Every analysis query, sorted by name."""
    names = sorted(e.name[:-3] for e in _query_dir().iterdir() if e.name.endswith(".rq"))
    return [analysis_query(n) for n in names]


def as_backend(source: Any) -> Any:
    """The backend that answers for ``source``: a backend as it is, an rdflib ``Dataset``
    wrapped in the rdflib backend, a path opened with :func:`relocgraph.store.open_store`."""
    from relocgraph.store.open import as_store

    return as_store(source)


def select(source: Any, name: str) -> Table:
    """Run the analysis query ``name`` on ``source``; return its table."""
    query = analysis_query(name)
    return as_backend(source).select(query.text, origin=query.path)


def records(table: Table) -> list[dict[str, Any]]:
    """A table's rows as dicts keyed by column, unbound values as ``None``.

    >>> records(Table(["a", "b"], [[1, None]]))
    [{'a': 1, 'b': None}]
    """
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def open_built(data_path: Path | str = "build/relocgraph.trig") -> Any:
    """The store over what ``relocgraph build`` wrote (see :func:`relocgraph.store.open_store`:
    the persisted Oxigraph store when it is fresh, else the file loaded into memory).
    Never builds: raises :class:`~relocgraph.model.errors.BuildMissingError` ("run
    `relocgraph build` first") when there is no build."""
    from relocgraph.model.errors import BuildMissingError
    from relocgraph.store.open import open_store

    path = Path(data_path)
    if not path.is_file():
        raise BuildMissingError(f"{path} does not exist; run `relocgraph build` first")
    return open_store(path)
